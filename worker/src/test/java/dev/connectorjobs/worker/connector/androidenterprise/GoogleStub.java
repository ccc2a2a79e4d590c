package dev.connectorjobs.worker.connector.androidenterprise;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.worker.connector.TestKeys.ServiceAccount;
import dev.connectorjobs.worker.connector.TokenEndpointStub;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A WireMock Google: the OAuth token endpoint, which grants a token only for a JWT bearer assertion
 * signed by the service account's key, and the Android Management API's enterprise, device pages
 * (opaque {@code nextPageToken}s, the last page without one) and {@code issueCommand}, answering
 * with Google's shapes.
 */
final class GoogleStub {

    static final String PREFIX = "jobs.connectors.android-enterprise";
    static final String ENTERPRISE = "LC04b7ru8d";
    static final String TOKEN = "ya29.c.b0Aaekm1K-first";
    static final String SECOND_TOKEN = "ya29.c.b0Aaekm1K-second";

    private final WireMockServer service;
    private final TokenEndpointStub tokens;

    GoogleStub(WireMockServer service, ServiceAccount account) {
        this.service = service;
        this.tokens = new TokenEndpointStub(
                service,
                "/token",
                form -> signedGrant(form, account),
                json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"));
    }

    /** The connector's properties for {@code service} and {@code account}, enterprise {@value #ENTERPRISE}. */
    static Map<String, String> properties(WireMockServer service, ServiceAccount account) {
        return Map.of(
                PREFIX + ".base-url",
                service.baseUrl() + "/v1",
                PREFIX + ".auth.token-url",
                service.baseUrl() + "/token",
                PREFIX + ".auth.private-key-file",
                account.file().toString(),
                PREFIX + ".enterprise-id",
                ENTERPRISE);
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return TokenEndpointStub.json(status, "application/json; charset=UTF-8", body);
    }

    /** Google's error shape. */
    static ResponseDefinitionBuilder error(int status, String googleStatus, String message) {
        return json(
                status,
                "{\"error\":{\"code\":" + status + ",\"message\":\"" + message + "\",\"status\":\"" + googleStatus
                        + "\"}}");
    }

    /** The token endpoint: a token for a properly signed assertion, {@code invalid_grant} for anything else. */
    void tokenEndpoint(String token) {
        tokens.serve(tokenAnswer(token));
    }

    /** A token request with a JWT bearer assertion signed by the account's key. */
    MappingBuilder tokenRequest() {
        return tokens.request();
    }

    static ResponseDefinitionBuilder tokenAnswer(String token) {
        return json(200, "{\"access_token\":\"" + token + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    private static boolean signedGrant(Map<String, String> form, ServiceAccount account) {
        String assertion = form.get("assertion");
        return "urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                && assertion != null
                && account.signed(assertion);
    }

    /** The claims of every assertion sent to the token endpoint, in order. */
    List<Map<String, Object>> assertionClaims() {
        return tokens.assertionClaims("assertion");
    }

    List<LoggedRequest> tokenRequests() {
        return tokens.requests();
    }

    MappingBuilder authorized(MappingBuilder request, String token) {
        return request.withHeader("Authorization", equalTo("Bearer " + token));
    }

    /** The request for the page that {@code pageToken} continues (null: the first), {@code size} a page. */
    MappingBuilder devicesPage(String token, int size, @Nullable String pageToken) {
        MappingBuilder request = get(urlPathEqualTo("/v1/enterprises/" + ENTERPRISE + "/devices"))
                .withQueryParam("pageSize", equalTo(Integer.toString(size)));
        request = pageToken == null
                ? request.withQueryParam("pageToken", absent())
                : request.withQueryParam("pageToken", equalTo(pageToken));
        return authorized(request, token);
    }

    /** The opaque token Google gives for the page after page {@code page} (counted from 1). */
    static String pageToken(int page) {
        return "CjQKMhIwZW50ZXJwcmlzZXMvTEMwNGI3cnU4ZC9kZXZpY2VzLz" + page + "Ew";
    }

    /**
     * Serves {@code devices} devices, {@code size} a page, to {@code token}: every page but the last
     * with a {@code nextPageToken}.
     */
    void devices(String token, int devices, int size) {
        int pages = Math.max(1, (devices + size - 1) / size);
        for (int page = 1; page <= pages; page++) {
            service.stubFor(devicesPage(token, size, page == 1 ? null : pageToken(page - 1))
                    .willReturn(json(200, page(page, devices, size, page < pages))));
        }
    }

    static String page(int page, int devices, int size, boolean more) {
        String items = IntStream.rangeClosed((page - 1) * size + 1, Math.min(devices, page * size))
                .mapToObj(GoogleStub::device)
                .collect(Collectors.joining(","));
        return "{\"devices\":[" + items + "]" + (more ? ",\"nextPageToken\":\"" + pageToken(page) + "\"" : "") + "}";
    }

    /** Device {@code n} as the API reports it. */
    static String device(int n) {
        return """
                {"name":"enterprises/%s/devices/3a9f%04d","managementMode":"DEVICE_OWNER","state":"ACTIVE",\
                "appliedState":"ACTIVE","policyCompliant":true,"policyName":"enterprises/%s/policies/default",\
                "ownership":"COMPANY_OWNED","enrollmentTime":"2025-11-02T09:12:44.120Z",\
                "lastPolicySyncTime":"2026-12-01T07:55:10.318Z","lastStatusReportTime":"2026-12-02T18:40:03.417123Z",\
                "apiLevel":34,"hardwareInfo":{"brand":"google","hardware":"panther","manufacturer":"Google",\
                "serialNumber":"SN-AE-%05d","model":"Pixel 7"},"softwareInfo":{"androidVersion":"14",\
                "securityPatchLevel":"2026-11-05","androidBuildNumber":"AP2A.240905.003"},\
                "networkInfo":{"imei":"3520990%08d"}}""".formatted(ENTERPRISE, n, ENTERPRISE, n, n);
    }
}
