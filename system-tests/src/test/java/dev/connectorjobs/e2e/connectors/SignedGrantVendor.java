package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the end-to-end tests of vendors whose tokens are granted for a signed JWT (Apple Business
 * Manager, Google's Android Management API) share: the system with one connector routed to its own
 * queue, a WireMock token endpoint that grants a token only for a properly signed form and a vendor
 * that refuses everything else, and PEM keys.
 */
final class SignedGrantVendor {

    private SignedGrantVendor() {}

    /**
     * Starts the api-gateway with {@code connector} routed to {@code queue}, and one worker on that
     * queue configured by {@code connectorProperties} ({@code name=value}).
     */
    static ApiClient startSystem(
            EndToEndSystem system, String queue, String connector, String workerId, String... connectorProperties) {
        ApiClient client = system.startApi(
                "jobs.api.queues=default," + queue,
                "jobs.api.routes." + connector + "=" + queue,
                "jobs.api.dispatch.sweep-interval=100ms");
        system.startWorker(Stream.concat(
                        Stream.of(
                                "jobs.worker.id=" + workerId,
                                "jobs.worker.queues=" + queue,
                                "spring.kafka.consumer.group-id=" + workerId),
                        Stream.concat(
                                Arrays.stream(connectorProperties), Stream.of("jobs.http.defaults.backoff-base=10ms")))
                .toArray(String[]::new));
        return client;
    }

    /**
     * Answers every request with {@code unauthorized}, but a token request to {@code path} whose form
     * {@code signed} accepts with {@code token}.
     */
    static void tokenEndpoint(
            WireMockServer vendor,
            ResponseDefinitionBuilder unauthorized,
            String path,
            Predicate<Map<String, String>> signed,
            ResponseDefinitionBuilder token) {
        vendor.stubFor(any(anyUrl()).atPriority(10).willReturn(unauthorized));
        vendor.stubFor(post(urlPathEqualTo(path))
                .atPriority(5)
                .andMatching(request -> MatchResult.of(signed.test(form(request.getBodyAsString()))))
                .willReturn(token));
    }

    /** The form fields of {@code body}. */
    static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        pair -> pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : ""));
    }

    /** {@code key} as a PKCS#8 PEM, as Apple and Google issue keys. */
    static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** A JSON answer. */
    static ResponseDefinitionBuilder json(int status, String contentType, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", contentType)
                .withBody(body);
    }
}
