package dev.connectorjobs.worker.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A WireMock OAuth 2.0 token endpoint that grants a token only to a form the vendor would accept
 * (e.g. one with an assertion signed by the right key) and refuses everything else as the vendor
 * does, for the stubs of vendors whose tokens come from a signed JWT (Apple, Google).
 */
public final class TokenEndpointStub {

    private final WireMockServer service;
    private final String path;
    private final Predicate<Map<String, String>> accepted;
    private final ResponseDefinitionBuilder refusal;

    /**
     * @param path the token endpoint's path, e.g. {@code /token}
     * @param accepted whether the vendor grants a token for these form fields
     * @param refusal the vendor's answer to any other request, e.g. 400 {@code invalid_grant}
     */
    public TokenEndpointStub(
            WireMockServer service,
            String path,
            Predicate<Map<String, String>> accepted,
            ResponseDefinitionBuilder refusal) {
        this.service = service;
        this.path = path;
        this.accepted = accepted;
        this.refusal = refusal;
    }

    /** A JSON answer with {@code contentType}. */
    public static ResponseDefinitionBuilder json(int status, String contentType, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", contentType)
                .withBody(body);
    }

    /** Grants {@code answer} to an accepted form, the refusal to anything else. */
    public void serve(ResponseDefinitionBuilder answer) {
        service.stubFor(post(urlPathEqualTo(path)).atPriority(10).willReturn(refusal));
        service.stubFor(request().atPriority(5).willReturn(answer));
    }

    /** A form-encoded token request the vendor accepts (to stub other answers to it). */
    public MappingBuilder request() {
        return post(urlPathEqualTo(path))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .andMatching(request -> MatchResult.of(accepted.test(form(request.getBodyAsString()))));
    }

    /** Every request sent to the token endpoint, in order. */
    public List<LoggedRequest> requests() {
        return service.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    /** The claims of the JWT in form field {@code field} of every token request, in order. */
    public List<Map<String, Object>> assertionClaims(String field) {
        return requests().stream()
                .map(request -> TestKeys.claims(form(request.getBodyAsString()).get(field)))
                .toList();
    }

    /** The form fields of {@code body}. */
    public static Map<String, String> form(String body) {
        return Arrays.stream(body.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(
                        pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
                        pair -> pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : ""));
    }
}
