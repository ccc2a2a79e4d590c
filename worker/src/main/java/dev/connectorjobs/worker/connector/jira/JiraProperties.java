package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code jira} connector reaches Jira Cloud ({@code jobs.connectors.jira.*};
 * environment {@code JOBS_CONNECTORS_JIRA_BASE_URL}, {@code JOBS_CONNECTORS_JIRA_AUTH_TOKEN} and so
 * on). Targets and credentials come only from here, never from job params.
 *
 * @param baseUrl the Jira site, e.g. {@code https://acme.atlassian.net}; issues and the Assets
 *     workspace discovery are below it. With OAuth 2.0 (3LO) it is {@code
 *     https://api.atlassian.com/ex/jira/<cloudId>}. Without it, every job fails permanently with
 *     {@code ConnectorNotConfigured}
 * @param assetsBaseUrl where the Assets REST API lives; the AQL endpoint is {@code
 *     <assets-base-url>/jsm/assets/workspace/<workspace-id>/v1/object/aql}; default {@code
 *     https://api.atlassian.com} (with OAuth 2.0: {@code https://api.atlassian.com/ex/jira/<cloudId>})
 * @param workspaceId the Assets workspace id; when absent it is discovered once through {@code GET
 *     <base-url>/rest/servicedeskapi/assets/workspace} and cached for the life of the worker
 * @param auth the credentials
 * @param pageSize Assets objects asked for per AQL page ({@code maxResults}), 1 to {@value
 *     #MAX_PAGE_SIZE}; default {@value #DEFAULT_PAGE_SIZE}. The API documents no maximum and may
 *     return fewer, which paging handles; the bound keeps each response well below the HTTP client's
 *     response-size limit
 * @param pageCap most AQL pages one {@code fetch_assets} job reads; at the cap it stops and its
 *     result says {@code page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 */
@ConfigurationProperties("jobs.connectors.jira")
record JiraProperties(
        @Nullable URI baseUrl,
        @DefaultValue(DEFAULT_ASSETS_BASE_URL) URI assetsBaseUrl,
        @Nullable String workspaceId,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap) {

    static final String PREFIX = "jobs.connectors.jira.";
    static final String DEFAULT_ASSETS_BASE_URL = "https://api.atlassian.com";
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;
    static final int DEFAULT_PAGE_CAP = 10_000;

    /**
     * Jira Cloud credentials: HTTP Basic with an account's email and API token, or an OAuth 2.0
     * access token sent as Bearer. Exactly one of the two.
     *
     * @param username the Atlassian account's email address
     * @param token the API token of that account (https://id.atlassian.com/manage/api-tokens)
     * @param bearerToken an OAuth 2.0 access token with the scopes the operations need
     */
    record Auth(
            @Nullable String username,
            @Nullable String token,
            @Nullable String bearerToken) {

        Auth {
            if (bearerToken != null && (username != null || token != null)) {
                throw new IllegalArgumentException("jobs.connectors.jira.auth has both bearer-token and"
                        + " username/token; configure one way to authenticate");
            }
            if ((username == null) != (token == null)) {
                throw new IllegalArgumentException(
                        "jobs.connectors.jira.auth.username and .token go together; set both or neither");
            }
        }

        /** Whether any credentials are configured. */
        boolean isConfigured() {
            return bearerToken != null || token != null;
        }

        /** Never shows the credentials. */
        @Override
        public String toString() {
            return "Auth[" + (bearerToken != null ? "bearer" : token != null ? "basic" : "none") + "]";
        }
    }

    JiraProperties {
        checkUrl("base-url", baseUrl);
        checkUrl("assets-base-url", assetsBaseUrl);
        if (workspaceId != null && workspaceId.isBlank()) {
            workspaceId = null;
        }
        if (workspaceId != null && !AssetsWorkspace.ID.matcher(workspaceId).matches()) {
            throw new IllegalArgumentException("jobs.connectors.jira.workspace-id must be a workspace id (a UUID)"
                    + " as GET " + AssetsWorkspace.DISCOVERY_PATH + " lists it");
        }
        ConnectorSettings.pageSize(
                "jobs.connectors.jira", pageSize, MAX_PAGE_SIZE, "the most Assets returns in a page");
        ConnectorSettings.pageCap("jobs.connectors.jira", pageCap);
    }

    private static void checkUrl(String name, @Nullable URI url) {
        if (url == null) {
            return;
        }
        String scheme = url.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || url.getHost() == null
                || url.getRawQuery() != null
                || url.getRawFragment() != null) {
            throw new IllegalArgumentException("jobs.connectors.jira." + name + " must be an http(s) URL with a"
                    + " host and without query or fragment, e.g. https://acme.atlassian.net");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("jobs.connectors.jira." + name + " must not carry credentials; set"
                    + " jobs.connectors.jira.auth.username and .token instead");
        }
    }

    /** The configured workspace id. */
    Optional<String> configuredWorkspace() {
        return Optional.ofNullable(workspaceId);
    }

    /** Never shows the credentials. */
    @Override
    public String toString() {
        return "JiraProperties[baseUrl=" + baseUrl + ", assetsBaseUrl=" + assetsBaseUrl + ", workspaceId=" + workspaceId
                + ", auth=" + auth + ", pageSize=" + pageSize + ", pageCap=" + pageCap + "]";
    }
}
