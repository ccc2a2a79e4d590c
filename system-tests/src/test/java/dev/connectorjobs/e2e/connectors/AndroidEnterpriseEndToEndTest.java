package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Android Enterprise jobs through the whole system: submitted over HTTP to the api-gateway, carried
 * by Kafka to a worker on its own queue, run by the {@code android_enterprise} connector against a
 * WireMock Google (a token only for a JWT bearer assertion signed with the service account's key,
 * generated here; device pages joined by opaque {@code nextPageToken}s), the result read back from
 * the API.
 */
class AndroidEnterpriseEndToEndTest {

    static final String QUEUE = "android-e2e";
    static final String ENTERPRISE = "LC02x7kq1m";
    static final String TOKEN = "ya29.c.e2e-android-token";
    static final String EMAIL = "e2e-sync@acme-mdm.iam.gserviceaccount.com";
    static final int DEVICES = 130;

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    @TempDir
    static Path keys;

    static RSAKey key;
    static WireMockServer google;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048)
                .keyID("0f3c9e2b7a1d4c5e6f708192a3b4c5d6e7f80912")
                .generate();
        Path keyFile = keys.resolve("service-account.json");
        Files.writeString(
                keyFile,
                JsonMapper.builder()
                        .build()
                        .writeValueAsString(Map.of(
                                "type",
                                "service_account",
                                "project_id",
                                "acme-mdm",
                                "private_key_id",
                                key.getKeyID(),
                                "private_key",
                                SignedGrantVendor.pem(key.toPrivateKey()),
                                "client_email",
                                EMAIL,
                                "token_uri",
                                "https://oauth2.googleapis.com/token")));
        google = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = SignedGrantVendor.startSystem(
                system,
                QUEUE,
                "android_enterprise",
                "e2e-android",
                "jobs.connectors.android-enterprise.base-url=" + google.baseUrl() + "/v1",
                "jobs.connectors.android-enterprise.auth.token-url=" + google.baseUrl() + "/token",
                "jobs.connectors.android-enterprise.auth.private-key-file=" + keyFile,
                "jobs.connectors.android-enterprise.enterprise-id=" + ENTERPRISE);
        SignedGrantVendor.tokenEndpoint(
                google,
                json(
                        401,
                        "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication"
                                + " credentials.\",\"status\":\"UNAUTHENTICATED\"}}"),
                "/token",
                AndroidEnterpriseEndToEndTest::signedGrant,
                json(200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
    }

    static boolean signedGrant(Map<String, String> form) {
        try {
            SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
            return "urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                    && assertion.verify(new RSASSAVerifier(key.toRSAPublicKey()))
                    && EMAIL.equals(assertion.getJWTClaimsSet().getIssuer());
        } catch (Exception e) {
            return false;
        }
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return SignedGrantVendor.json(status, "application/json; charset=UTF-8", body);
    }

    static String device(int n) {
        return """
                {"name":"enterprises/%s/devices/e2e%05d","managementMode":"DEVICE_OWNER","state":"ACTIVE",\
                "lastStatusReportTime":"2026-12-02T18:40:03.417Z","hardwareInfo":{"serialNumber":"AE-%05d",\
                "model":"Pixel 8"},"softwareInfo":{"androidVersion":"15"}}""".formatted(ENTERPRISE, n, n);
    }

    static void page(int page, int pages, int size) {
        String devices = IntStream.rangeClosed((page - 1) * size + 1, Math.min(DEVICES, page * size))
                .mapToObj(AndroidEnterpriseEndToEndTest::device)
                .collect(Collectors.joining(","));
        String next = page < pages ? ",\"nextPageToken\":\"Cg5lMmUtcGFnZS0" + page + "\"" : "";
        google.stubFor(get(urlPathEqualTo("/v1/enterprises/" + ENTERPRISE + "/devices"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withQueryParam("pageSize", equalTo(Integer.toString(size)))
                .withQueryParam("pageToken", page == 1 ? absent() : equalTo("Cg5lMmUtcGFnZS0" + (page - 1)))
                .willReturn(json(200, "{\"devices\":[" + devices + "]" + next + "}")));
    }

    @Test
    void fetch_assets_submitted_over_http_reads_every_page_as_the_service_account_and_succeeds() throws Exception {
        for (int page = 1; page <= 2; page++) {
            page(page, 2, 100);
        }

        String id = client.submit("{\"connector\":\"android_enterprise\",\"operation\":\"fetch_assets\"}");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("count").asLong()).isEqualTo(DEVICES);
        assertThat(result.get("pages").asInt()).isEqualTo(2);
        JsonNode first = result.get("assets").get(0);
        assertThat(first.get("source").asString()).isEqualTo("android_enterprise");
        assertThat(first.get("source_id").asString()).isEqualTo("e2e00001");
        assertThat(first.get("serial_number").asString()).isEqualTo("AE-00001");
        assertThat(first.get("os_version").asString()).isEqualTo("15");
        google.verify(1, postRequestedFor(urlPathEqualTo("/token")));
        google.verify(
                2,
                getRequestedFor(urlPathEqualTo("/v1/enterprises/" + ENTERPRISE + "/devices"))
                        .withHeader("X-Correlation-ID", matching(".+")));
    }
}
