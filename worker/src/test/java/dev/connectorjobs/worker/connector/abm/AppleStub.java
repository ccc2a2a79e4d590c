package dev.connectorjobs.worker.connector.abm;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.worker.connector.TestKeys.AppleKey;
import dev.connectorjobs.worker.connector.TokenEndpointStub;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A WireMock Apple: the OAuth token endpoint, which grants a token only for client credentials with
 * a client assertion signed by the API account's key, and the Apple Business Manager API's device
 * management services and {@code orgDevices} pages (JSON:API: {@code data}, {@code links.next},
 * {@code meta.paging.nextCursor} and {@code total}), answering with Apple's shapes.
 */
final class AppleStub {

    static final String CLIENT_ID = "BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152";
    static final String KEY_ID = "d136aa66-0c3b-4bd4-9892-c20e8db024ab";
    static final String TOKEN = "eyJraWQiOiJhYm0tZmlyc3QifQ.first";
    static final String SECOND_TOKEN = "eyJraWQiOiJhYm0tc2Vjb25kIn0.second";

    private final WireMockServer service;
    private final TokenEndpointStub tokens;

    AppleStub(WireMockServer service, AppleKey key) {
        this.service = service;
        this.tokens = new TokenEndpointStub(
                service,
                "/auth/oauth2/token",
                form -> signedGrant(form, key),
                json(400, "{\"error\":\"invalid_client\"}"));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return TokenEndpointStub.json(status, "application/json", body);
    }

    /** Apple's error shape. */
    static ResponseDefinitionBuilder error(int status, String code, String title, String detail) {
        return json(
                status,
                "{\"errors\":[{\"id\":\"5b3a1c2e-7f4d-4e2a-9c1b-0d8e7f6a5b4c\",\"status\":\"" + status
                        + "\",\"code\":\"" + code + "\",\"title\":\"" + title + "\",\"detail\":\"" + detail + "\"}]}");
    }

    /** The token endpoint: a token for a properly signed assertion, {@code invalid_client} for anything else. */
    void tokenEndpoint(String token) {
        tokens.serve(tokenAnswer(token));
    }

    MappingBuilder tokenRequest() {
        return tokens.request();
    }

    static ResponseDefinitionBuilder tokenAnswer(String token) {
        return json(
                200,
                "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                        + "\"scope\":\"business.api\"}");
    }

    private static boolean signedGrant(Map<String, String> form, AppleKey key) {
        String assertion = form.get("client_assertion");
        return "client_credentials".equals(form.get("grant_type"))
                && CLIENT_ID.equals(form.get("client_id"))
                && "urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
                && "business.api".equals(form.get("scope"))
                && assertion != null
                && key.signed(assertion);
    }

    List<LoggedRequest> tokenRequests() {
        return tokens.requests();
    }

    /** The claims of every assertion sent to the token endpoint, in order. */
    List<Map<String, Object>> assertionClaims() {
        return tokens.assertionClaims("client_assertion");
    }

    MappingBuilder authorized(MappingBuilder request, String token) {
        return request.withHeader("Authorization", equalTo("Bearer " + token));
    }

    /** The request for the page that {@code cursor} continues (null: the first), {@code limit} a page. */
    MappingBuilder devicesPage(String token, int limit, @Nullable String cursor) {
        MappingBuilder request = get(urlPathEqualTo("/v1/orgDevices"))
                .withQueryParam("limit", equalTo(Integer.toString(limit)))
                .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor));
        return authorized(request, token);
    }

    /** Every request for a device page sent with {@code token}. */
    RequestPatternBuilder devicesPageRequest(String token) {
        return getRequestedFor(urlPathEqualTo("/v1/orgDevices"))
                .withHeader("Authorization", equalTo("Bearer " + token));
    }

    /** Apple's opaque cursor for the page after page {@code page} (counted from 1). */
    static String cursor(int page) {
        return "MTAwOmRldmljZXMtYWZ0ZXI" + page + "LTE3MzMyMTI4MDA";
    }

    /** Serves {@code devices} devices, {@code limit} a page, to {@code token}. */
    void devices(String token, int devices, int limit) {
        int pages = Math.max(1, (devices + limit - 1) / limit);
        for (int page = 1; page <= pages; page++) {
            service.stubFor(devicesPage(token, limit, page == 1 ? null : cursor(page - 1))
                    .willReturn(json(200, page(page, devices, limit, page < pages))));
        }
    }

    String page(int page, int devices, int limit, boolean more) {
        String data = IntStream.rangeClosed((page - 1) * limit + 1, Math.min(devices, page * limit))
                .mapToObj(AppleStub::device)
                .collect(Collectors.joining(","));
        String base = service.baseUrl() + "/v1/orgDevices";
        String links = more
                ? "{\"self\":\"" + base + "\",\"next\":\"" + base + "?cursor=" + cursor(page) + "&limit=" + limit
                        + "\"}"
                : "{\"self\":\"" + base + "\"}";
        String paging = "{\"total\":" + devices + ",\"limit\":" + limit
                + (more ? ",\"nextCursor\":\"" + cursor(page) + "\"" : "") + "}";
        return "{\"data\":[" + data + "],\"links\":" + links + ",\"meta\":{\"paging\":" + paging + "}}";
    }

    /** Device {@code n} as the API reports it. */
    static String device(int n) {
        return """
                {"type":"orgDevices","id":"C02X%05dJG5H","attributes":{"serialNumber":"C02X%05dJG5H",\
                "addedToOrgDateTime":"2025-04-30T22:05:14.192Z","releasedFromOrgDateTime":null,\
                "updatedDateTime":"2026-11-20T15:33:54.164Z","deviceModel":"MacBook Pro (14-inch, 2024)",\
                "productFamily":"Mac","productType":"Mac16,1","deviceCapacity":"512GB","partNumber":"MX2E3LL/A",\
                "orderNumber":"W%08d","color":"SPACE BLACK","status":"ASSIGNED",\
                "orderDateTime":"2025-04-28T07:00:00Z","imei":[],"meid":[],"purchaseSourceType":"APPLE"},\
                "relationships":{"assignedServer":{"links":{"self":\
                "https://api-business.apple.com/v1/orgDevices/C02X%05dJG5H/relationships/assignedServer"}}},\
                "links":{"self":"https://api-business.apple.com/v1/orgDevices/C02X%05dJG5H"}}""".formatted(n, n, n, n, n);
    }
}
