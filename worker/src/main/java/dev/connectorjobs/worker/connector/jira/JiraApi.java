package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.model.catalog.ItsmConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.BasicAuth;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.HeaderAuth;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Jira Cloud's two APIs, each a {@link VendorApi} with the same credentials and {@link
 * JiraFailures}: the site (issues, JQL, Assets workspace discovery) and the Assets REST API (AQL),
 * which lives on another host. Answers are read as JSON objects named the way each operation thinks
 * of them ("the AQL page at startAt=100"), so a {@code MalformedResponse} says which answer was
 * wrong.
 */
final class JiraApi {

    /** The connector's name, which is also its breaker's and HTTP client's. */
    static final String CONNECTOR = "jira";

    private final JiraProperties properties;
    private final ObjectMapper mapper;
    private final @Nullable VendorApi site;
    private final @Nullable VendorApi assets;

    JiraApi(JiraProperties properties, ServiceHttpClient client, ObjectMapper mapper, Clock clock) {
        this.properties = properties;
        this.mapper = mapper;
        VendorAuth auth = auth(properties.auth());
        URI baseUrl = properties.baseUrl();
        if (baseUrl == null || auth == null) {
            this.site = null;
            this.assets = null;
            return;
        }
        JiraFailures failures = new JiraFailures(mapper, clock, auth);
        this.site = VendorApi.builder(ItsmConnectors.JIRA, client, mapper, baseUrl)
                .auth(auth)
                .failures(failures)
                .build();
        this.assets = VendorApi.builder(ItsmConnectors.JIRA, client, mapper, properties.assetsBaseUrl())
                .auth(auth)
                .failures(failures)
                .build();
    }

    private static @Nullable VendorAuth auth(JiraProperties.Auth auth) {
        if (auth.bearerToken() != null) {
            return HeaderAuth.bearer(auth.bearerToken());
        }
        if (auth.username() != null && auth.token() != null) {
            return new BasicAuth(auth.username(), auth.token());
        }
        return null;
    }

    /**
     * Fails unless the site and the credentials are configured.
     *
     * @throws ConnectorException permanent {@code ConnectorNotConfigured}, naming what to set
     */
    void requireConfigured() {
        if (properties.baseUrl() == null) {
            throw ConnectorErrors.notConfigured(
                    ItsmConnectors.JIRA, "base-url", "the site, e.g. https://acme.atlassian.net");
        }
        if (site == null) {
            throw ConnectorErrors.notConfigured(
                    ItsmConnectors.JIRA,
                    "auth.username",
                    "the account's email, with " + JiraProperties.PREFIX + "auth.token (its API token), or set "
                            + JiraProperties.PREFIX + "auth.bearer-token (OAuth 2.0)");
        }
    }

    /**
     * Sends {@code request} to the site and reads the JSON object it answers.
     *
     * @param what what the answer is, for error messages (e.g. "the workspace list")
     */
    JsonNode site(VendorRequest request, String what, JobContext job) {
        requireConfigured();
        return json(configured(site).exchange(request, job), what);
    }

    /** Sends {@code request} to the Assets REST API and reads the JSON object it answers. */
    JsonNode assets(VendorRequest request, String what, JobContext job) {
        requireConfigured();
        return json(configured(assets).exchange(request, job), what);
    }

    private static VendorApi configured(@Nullable VendorApi api) {
        if (api == null) {
            throw new IllegalStateException("requireConfigured() let an unconfigured connector through");
        }
        return api;
    }

    private JsonNode json(VendorResponse answer, String what) {
        JsonNode body;
        try {
            body = mapper.readTree(answer.result().body());
        } catch (JacksonException e) {
            throw malformed(what + " (" + answer.request() + ") is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw malformed(what + " (" + answer.request() + ") is not a JSON object");
        }
        return body;
    }

    /** A permanent failure for an answer that does not have the documented shape. */
    static ConnectorException malformed(String detail) {
        return ConnectorException.permanent("MalformedResponse", CONNECTOR + ": " + detail);
    }
}
