package dev.connectorjobs.worker.connector.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * WireMock stubs that answer as the Microsoft identity platform, Microsoft Graph and the Defender
 * API do, shared by the tests of the three Microsoft connectors:
 *
 * <ul>
 *   <li>the token endpoint {@code POST /<tenant>/oauth2/v2.0/token}: the client-credentials form
 *       with the right client id, secret and scope gets {@code {"token_type": "Bearer",
 *       "expires_in": 3599, "access_token"}}, the tokens in the order {@link #issuesTokens} set;
 *       anything else gets 401 {@code invalid_client} with an {@code AADSTS7000215} description;
 *   <li>the API: a request without an issued token gets 401 {@code InvalidAuthenticationToken} with
 *       Graph's error body; lists are {@code {"@odata.context", "value": [...], "@odata.nextLink"}}
 *       pages whose next links carry an opaque {@code $skiptoken}; 429s carry {@code Retry-After} in
 *       seconds.
 * </ul>
 */
public final class GraphStub {

    public static final String TENANT = "8f0e3c2a-5b1d-4e7f-9a6c-2d4b8e1f3a5c";
    public static final String CLIENT_ID = "3b9d6f1e-7a2c-4e8b-b5d0-9c1f2e3a4b5d";
    public static final String CLIENT_SECRET = "Qx8~kT2.vN5_pR7-hL3zW9mC4jF6sB1dG0yE";
    public static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
    public static final String JSON = "application/json; odata.metadata=minimal; charset=utf-8";

    /** Every token the stub issues starts with this, so API stubs accept any of them. */
    public static final String TOKEN_PREFIX = "eyJ0eXAiOiJKV1Qi.";

    static final int AUTHENTICATED = 5;
    static final int FALLBACK = 10;

    private final WireMockServer server;
    private final String scope;
    private final String apiPrefix;

    /**
     * Stubs the token endpoint for {@code scope} (one token, {@code TOKEN_PREFIX + "first"}) and the
     * 401 of unauthenticated API calls.
     *
     * @param apiPrefix the API's path below the stub's root, e.g. {@code /v1.0} for Graph, empty for Defender
     */
    public GraphStub(WireMockServer server, String scope, String apiPrefix) {
        this.server = server;
        this.scope = scope;
        this.apiPrefix = apiPrefix;
        server.stubFor(any(anyUrl())
                .atPriority(FALLBACK)
                .willReturn(graphError(401, "InvalidAuthenticationToken", "Access token is empty.")));
        server.stubFor(post(urlPathEqualTo(TOKEN_PATH)).atPriority(FALLBACK - 1).willReturn(invalidClient()));
        issuesTokens("first");
    }

    /** The API's base URL, to configure as {@code base-url}. */
    public String baseUrl() {
        return server.baseUrl() + apiPrefix;
    }

    /** The connector's properties for this stub ({@code prefix.base-url}, {@code prefix.auth.*}), as name-value pairs. */
    public Map<String, String> properties(String prefix) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(prefix + ".base-url", baseUrl());
        properties.put(prefix + ".auth.tenant-id", TENANT);
        properties.put(prefix + ".auth.client-id", CLIENT_ID);
        properties.put(prefix + ".auth.client-secret", CLIENT_SECRET);
        properties.put(prefix + ".auth.token-url", server.baseUrl() + TOKEN_PATH);
        return properties;
    }

    /** The token endpoint answers the first request with {@code TOKEN_PREFIX + names[0]}, the next with names[1]... */
    public void issuesTokens(String... names) {
        for (int i = 0; i < names.length; i++) {
            ScenarioMappingBuilder request =
                    tokenRequest().inScenario("tokens").whenScenarioStateIs(i == 0 ? STARTED : "issued " + i);
            if (i + 1 < names.length) {
                request.willSetStateTo("issued " + (i + 1));
            }
            server.stubFor(request.willReturn(aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
                            + "\"access_token\":\"" + token(names[i]) + "\"}")));
        }
    }

    /** The token the stub issues as {@code name}. */
    public static String token(String name) {
        return TOKEN_PREFIX + name;
    }

    /** The client-credentials request the connector must send. */
    private MappingBuilder tokenRequest() {
        return post(urlPathEqualTo(TOKEN_PATH))
                .atPriority(AUTHENTICATED)
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=" + CLIENT_ID))
                .withRequestBody(containing("client_secret=" + form(CLIENT_SECRET)))
                .withRequestBody(containing("scope=" + form(scope)));
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** How often the token endpoint was asked. */
    public int tokenRequests() {
        return server.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size();
    }

    /** The token endpoint's 401 for a wrong client secret, as Entra ID answers it. */
    public static ResponseDefinitionBuilder invalidClient() {
        return aResponse()
                .withStatus(401)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret"
                        + " provided. Ensure the secret being sent in the request is the client secret value, not the"
                        + " client secret ID, for a secret added to app '" + CLIENT_ID + "'. Trace ID:"
                        + " 0d1c2b3a-4f5e-6d7c-8b9a-0f1e2d3c4b5a Correlation ID: 5a4b3c2d-1e0f-9a8b-7c6d-5e4f3a2b1c0d"
                        + " Timestamp: 2026-12-03 08:00:00Z\",\"error_codes\":[7000215],\"timestamp\":\"2026-12-03"
                        + " 08:00:00Z\",\"trace_id\":\"0d1c2b3a-4f5e-6d7c-8b9a-0f1e2d3c4b5a\",\"correlation_id\":"
                        + "\"5a4b3c2d-1e0f-9a8b-7c6d-5e4f3a2b1c0d\",\"error_uri\":"
                        + "\"https://login.microsoftonline.com/error?code=7000215\"}");
    }

    /** {@code request} as the API accepts it: with a bearer token the stub issued. */
    public static MappingBuilder authenticated(MappingBuilder request) {
        return request.withHeader("Authorization", matching("Bearer " + TOKEN_PREFIX.replace(".", "\\.") + ".+"))
                .atPriority(AUTHENTICATED);
    }

    /** From now on, requests with token {@code name} on a page after the first get 401: it expired mid-run. */
    public void expiresAfterFirstPage(String name) {
        server.stubFor(any(anyUrl())
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + token(name)))
                .withQueryParam("$skiptoken", matching(".+"))
                .willReturn(graphError(
                        401, "InvalidAuthenticationToken", "Lifetime validation failed, the token" + " is expired.")));
    }

    /** Graph's (and Defender's) error answer. */
    public static ResponseDefinitionBuilder graphError(int status, String code, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", JSON)
                .withHeader("request-id", "7e1d0c2b-3a4f-5e6d-7c8b-9a0f1e2d3c4b")
                .withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"innerError\":"
                        + "{\"date\":\"2026-12-03T08:00:00\",\"request-id\":\"7e1d0c2b-3a4f-5e6d-7c8b-9a0f1e2d3c4b\","
                        + "\"client-request-id\":\"7e1d0c2b-3a4f-5e6d-7c8b-9a0f1e2d3c4b\"}}}");
    }

    /** A 429 as Graph sends it when the app's limit is used up. */
    public static ResponseDefinitionBuilder throttled(long retryAfterSeconds) {
        return graphError(
                        429,
                        "TooManyRequests",
                        "Too many requests from Identifier:" + CLIENT_ID + " under category:throttled.")
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** The opaque {@code $skiptoken} of page {@code page} (2 and later) of {@code path}. */
    public static String skipToken(String path, int page) {
        String state = "RFNwdAIAAQAAACM6" + path + ":" + page + ":" + (page * 7919L);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(state.getBytes(StandardCharsets.UTF_8));
    }

    /** The absolute next link to page {@code page} of {@code path}, as Graph writes it. */
    public String nextLink(String path, String query, int page) {
        return baseUrl() + path + "?" + query + (query.isEmpty() ? "" : "&") + "$skiptoken=" + skipToken(path, page);
    }

    /** A page of {@code items}, with a next link and a delta link when given. */
    public ResponseDefinitionBuilder page(
            String path, List<String> items, @Nullable String nextLink, @Nullable String deltaLink) {
        StringBuilder body = new StringBuilder("{\"@odata.context\":\"" + baseUrl() + "/$metadata#" + path.substring(1)
                + "\",\"value\":[" + String.join(",", items) + "]");
        if (nextLink != null) {
            body.append(",\"@odata.nextLink\":\"").append(nextLink).append('"');
        }
        if (deltaLink != null) {
            body.append(",\"@odata.deltaLink\":\"").append(deltaLink).append('"');
        }
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", JSON)
                .withBody(body.append('}').toString());
    }

    /** {@code GET path} of page {@code page}: the first without a skip token, later ones with theirs. */
    public static MappingBuilder pageRequest(String apiPath, String path, int page) {
        MappingBuilder request =
                authenticated(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(apiPath + path)));
        return page == 1
                ? request.withQueryParam("$skiptoken", absent())
                : request.withQueryParam("$skiptoken", equalTo(skipToken(path, page)));
    }

    /**
     * Stubs {@code count} items of {@code path}, {@code size} a page, item {@code n} (from 1) given by
     * {@code item}; the first page's request must carry {@code firstQuery}, next links repeat it.
     *
     * @param deltaLink put on the last page, or null
     * @return the number of pages
     */
    public int list(
            String path, String firstQuery, int count, int size, IntFunction<String> item, @Nullable String deltaLink) {
        int pages = Math.max(1, (count + size - 1) / size);
        for (int page = 1; page <= pages; page++) {
            List<String> items = IntStream.rangeClosed((page - 1) * size + 1, Math.min(count, page * size))
                    .mapToObj(item)
                    .collect(Collectors.toCollection(ArrayList::new));
            String next = page < pages ? nextLink(path, firstQuery, page + 1) : null;
            server.stubFor(pageRequest(apiPrefix, path, page)
                    .willReturn(page(path, items, next, page == pages ? deltaLink : null)));
        }
        return pages;
    }
}
