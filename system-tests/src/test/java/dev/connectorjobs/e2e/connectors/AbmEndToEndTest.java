package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Apple Business Manager jobs through the whole system: submitted over HTTP to the api-gateway,
 * carried by Kafka to a worker on its own queue, run by the {@code abm} connector against a WireMock
 * Apple (a token only for a client assertion signed with the API account's P-256 key, generated
 * here; cursor-paged devices; a 429 with {@code Retry-After} mid-paging), the result read back from
 * the API.
 */
class AbmEndToEndTest {

    static final String QUEUE = "abm-e2e";
    static final String CLIENT_ID = "BUSINESSAPI.2f6d1c0e-4b7a-4e59-9c3d-8a1b2c3d4e5f";
    static final String KEY_ID = "7c2e9a40-1b3d-4f5e-8a6b-9c0d1e2f3a4b";
    static final String TOKEN = "eyJraWQiOiJlMmUifQ.abm-e2e-token";
    static final int DEVICES = 250;
    static final int LIMIT = 100;

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    @TempDir
    static Path keys;

    static ECKey key;
    static WireMockServer apple;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        key = new ECKeyGenerator(Curve.P_256).generate();
        Path keyFile = keys.resolve("abm-private-key.pem");
        Files.writeString(keyFile, SignedGrantVendor.pem(key.toPrivateKey()));
        apple = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = SignedGrantVendor.startSystem(
                system,
                QUEUE,
                "abm",
                "e2e-abm",
                "jobs.connectors.abm.base-url=" + apple.baseUrl() + "/v1",
                "jobs.connectors.abm.auth.token-url=" + apple.baseUrl() + "/auth/oauth2/token",
                "jobs.connectors.abm.auth.client-id=" + CLIENT_ID,
                "jobs.connectors.abm.auth.key-id=" + KEY_ID,
                "jobs.connectors.abm.auth.private-key-file=" + keyFile);
        SignedGrantVendor.tokenEndpoint(
                apple,
                json(
                        401,
                        "{\"errors\":[{\"status\":\"401\",\"code\":\"NOT_AUTHORIZED\",\"title\":"
                                + "\"Authentication credentials are missing or invalid.\"}]}"),
                "/auth/oauth2/token",
                AbmEndToEndTest::signedGrant,
                json(
                        200,
                        "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                                + "\"scope\":\"business.api\"}"));
    }

    static boolean signedGrant(Map<String, String> form) {
        try {
            SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
            return "client_credentials".equals(form.get("grant_type"))
                    && CLIENT_ID.equals(form.get("client_id"))
                    && "business.api".equals(form.get("scope"))
                    && KEY_ID.equals(assertion.getHeader().getKeyID())
                    && CLIENT_ID.equals(assertion.getJWTClaimsSet().getSubject())
                    && assertion.verify(new ECDSAVerifier(key.toECPublicKey()));
        } catch (Exception e) {
            return false;
        }
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return SignedGrantVendor.json(status, "application/json", body);
    }

    static String cursor(int page) {
        return "ZTJlLWN1cnNvci0" + page;
    }

    static MappingBuilder devicesPage(@Nullable String cursor) {
        return get(urlPathEqualTo("/v1/orgDevices"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withQueryParam("limit", equalTo(Integer.toString(LIMIT)))
                .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor));
    }

    static String page(int page, boolean more) {
        String data = IntStream.rangeClosed((page - 1) * LIMIT + 1, Math.min(DEVICES, page * LIMIT))
                .mapToObj(n -> """
                        {"type":"orgDevices","id":"F9FX%05dQ1GC","attributes":{"serialNumber":"F9FX%05dQ1GC",\
                        "deviceModel":"iPad Air 11-inch (M2)","productFamily":"iPad","status":"ASSIGNED",\
                        "updatedDateTime":"2026-11-20T15:33:54.164Z"}}""".formatted(n, n))
                .collect(Collectors.joining(","));
        String base = apple.baseUrl() + "/v1/orgDevices";
        String next = more ? ",\"next\":\"" + base + "?cursor=" + cursor(page) + "&limit=" + LIMIT + "\"" : "";
        String nextCursor = more ? ",\"nextCursor\":\"" + cursor(page) + "\"" : "";
        return "{\"data\":[" + data + "],\"links\":{\"self\":\"" + base + "\"" + next + "},\"meta\":{\"paging\":"
                + "{\"total\":" + DEVICES + ",\"limit\":" + LIMIT + nextCursor + "}}}";
    }

    @Test
    void fetch_assets_submitted_over_http_reads_every_page_despite_a_429_and_succeeds_with_the_count()
            throws Exception {
        for (int page = 1; page <= 3; page++) {
            apple.stubFor(devicesPage(page == 1 ? null : cursor(page - 1)).willReturn(json(200, page(page, page < 3))));
        }
        apple.stubFor(devicesPage(cursor(1))
                .atPriority(1)
                .inScenario("rate limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("later")
                .willReturn(json(429, "{\"errors\":[{\"status\":\"429\",\"code\":\"RATE_LIMIT_EXCEEDED\"}]}")
                        .withHeader("Retry-After", "1")));

        String id = client.submit("{\"connector\":\"abm\",\"operation\":\"fetch_assets\"}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(DEVICES);
        assertThat(result.get("pages").asInt()).isEqualTo(3);
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("abm");
        assertThat(first.get("serial_number").asString()).isEqualTo("F9FX00001Q1GC");
        assertThat(first.get("os").asString()).isEqualTo("iPadOS");
        apple.verify(1, postRequestedFor(urlPathEqualTo("/auth/oauth2/token")));
        apple.verify(2, getRequestedFor(urlPathEqualTo("/v1/orgDevices")).withQueryParam("cursor", equalTo(cursor(1))));
    }
}
