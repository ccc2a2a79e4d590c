package dev.connectorjobs.worker.connector.elastic;

import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import java.net.URI;
import java.time.Duration;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how the {@code elastic} connector reaches Elasticsearch ({@code
 * jobs.connectors.elastic.*}; environment {@code JOBS_CONNECTORS_ELASTIC_BASE_URL}, {@code
 * JOBS_CONNECTORS_ELASTIC_AUTH_API_KEY} and so on). Timeouts, retries of whole requests and the
 * response size limit are the HTTP client's, under {@code jobs.http.services.elastic.*}.
 *
 * @param baseUrl the cluster's HTTP endpoint, e.g. {@code https://my-deployment.es.eu-west-1.aws.found.io}
 *     (Elastic Cloud) or {@code https://es.example.com:9200}; {@code /_cluster/health}, {@code /_pit},
 *     {@code /_search} and {@code /_bulk} are appended. Without it, jobs fail permanently with {@code
 *     ConnectorNotConfigured}
 * @param auth the credentials: an API key, a user name and password, or a bearer token
 * @param pageSize hits per {@code search} page ({@code size}), 1 to {@value #MAX_PAGE_SIZE}; default
 *     {@value #DEFAULT_PAGE_SIZE}
 * @param pitKeepAlive how long Elasticsearch keeps a search's point in time between two pages ({@code
 *     keep_alive}), 1 s to 24 h (the cluster's default {@code search.max_keep_alive}); a page that
 *     comes later finds it expired and the attempt fails as retryable {@code PointInTimeExpired};
 *     default 1 min
 * @param maxResultBytes most bytes of hits (as JSON) one {@code search} keeps for its result; the hits
 *     after are not read and the result says {@code truncated}. Keep it below {@code
 *     jobs.worker.max-result-bytes}; default {@value #DEFAULT_MAX_RESULT_BYTES}
 * @param bulkMaxDocuments most documents in one {@code _bulk} request; a larger {@code bulk_index}
 *     job is sent in chunks; default {@value #DEFAULT_BULK_MAX_DOCUMENTS}
 * @param bulkMaxBytes most bytes of NDJSON in one {@code _bulk} request (a single larger document is
 *     sent alone); keep it below the cluster's {@code http.max_content_length}; default {@value
 *     #DEFAULT_BULK_MAX_BYTES} (5 MiB)
 * @param bulkItemRetries how many times the documents Elasticsearch rejected with 429 are sent again,
 *     0 to {@value #MAX_BULK_ITEM_RETRIES}; those still rejected are reported as failed; default 3
 * @param bulkRetryBackoff the wait before the first resend of rejected documents; it doubles for
 *     each further one; default 1 s
 * @param maxThrottleWait longest {@code Retry-After} of a 429 the connector waits out itself before
 *     sending the same request again; longer waits fail the attempt as retryable {@code Throttled};
 *     {@code 0s} leaves every wait to the job's retries; default 60 s
 */
@ConfigurationProperties("jobs.connectors.elastic")
record ElasticProperties(
        @Nullable URI baseUrl,
        @DefaultValue Auth auth,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("1m") Duration pitKeepAlive,
        @DefaultValue("" + DEFAULT_MAX_RESULT_BYTES) int maxResultBytes,
        @DefaultValue("" + DEFAULT_BULK_MAX_DOCUMENTS) int bulkMaxDocuments,
        @DefaultValue("" + DEFAULT_BULK_MAX_BYTES) int bulkMaxBytes,
        @DefaultValue("3") int bulkItemRetries,
        @DefaultValue("1s") Duration bulkRetryBackoff,
        @DefaultValue("60s") Duration maxThrottleWait) {

    static final String PREFIX = "jobs.connectors.elastic";

    /** Elasticsearch's {@code index.max_result_window}: the largest {@code size} of one search. */
    static final int MAX_PAGE_SIZE = 10_000;

    static final int DEFAULT_PAGE_SIZE = 1000;
    static final int DEFAULT_MAX_RESULT_BYTES = 196_608;
    static final int DEFAULT_BULK_MAX_DOCUMENTS = 1000;
    static final int DEFAULT_BULK_MAX_BYTES = 5_242_880;
    static final int MAX_BULK_ITEM_RETRIES = 10;

    /**
     * Credentials, one of three: {@code api-key}; {@code username} and {@code password}; {@code token}.
     *
     * @param apiKey an API key's {@code encoded} value (base64 of {@code id:api_key}, as the create API
     *     key API and Kibana show it), sent as {@code Authorization: ApiKey <key>}
     * @param username a native or file realm user, for HTTP Basic; with {@code password}
     * @param password that user's password
     * @param token a bearer token (a service account token, or an OAuth2 access token from the token
     *     API), sent as {@code Authorization: Bearer <token>}
     */
    record Auth(
            @Nullable String apiKey,
            @Nullable String username,
            @Nullable String password,
            @Nullable String token) {

        Auth {
            notBlank(apiKey, "api-key");
            notBlank(username, "username");
            notBlank(password, "password");
            notBlank(token, "token");
            if ((username == null) != (password == null)) {
                throw invalid("auth.username and " + PREFIX + ".auth.password go together: set both or neither");
            }
            if (username != null && username.contains(":")) {
                throw invalid("auth.username must not contain ':' (HTTP Basic cannot carry it)");
            }
            long schemes = Stream.of(apiKey, username, token)
                    .filter(value -> value != null)
                    .count();
            if (schemes > 1) {
                throw invalid("auth.* holds more than one credential: set auth.api-key, or auth.username and"
                        + " auth.password, or auth.token");
            }
        }

        private static void notBlank(@Nullable String value, String name) {
            if (value != null && value.isBlank()) {
                throw invalid("auth." + name + " must not be blank; leave it unset instead");
            }
        }

        /** Whether a credential is set. */
        boolean isSet() {
            return apiKey != null || username != null || token != null;
        }

        /** Never shows the secrets. */
        @Override
        public String toString() {
            return "Auth[apiKey=" + (apiKey == null ? "unset" : "***") + ", username=" + username + ", password="
                    + (password == null ? "unset" : "***") + ", token=" + (token == null ? "unset" : "***") + "]";
        }
    }

    ElasticProperties {
        ConnectorSettings.baseUrl(PREFIX, baseUrl, "https://es.example.com:9200");
        ConnectorSettings.pageSize(
                PREFIX, pageSize, MAX_PAGE_SIZE, "Elasticsearch serves at most " + MAX_PAGE_SIZE + " hits a search");
        if (pitKeepAlive.compareTo(Duration.ofSeconds(1)) < 0 || pitKeepAlive.compareTo(Duration.ofHours(24)) > 0) {
            throw invalid("pit-keep-alive must be between 1s and 24h; was " + pitKeepAlive);
        }
        atLeast("max-result-bytes", maxResultBytes, 1024);
        atLeast("bulk-max-documents", bulkMaxDocuments, 1);
        atLeast("bulk-max-bytes", bulkMaxBytes, 1024);
        if (bulkItemRetries < 0 || bulkItemRetries > MAX_BULK_ITEM_RETRIES) {
            throw invalid(
                    "bulk-item-retries must be between 0 and " + MAX_BULK_ITEM_RETRIES + "; was " + bulkItemRetries);
        }
        if (bulkRetryBackoff.isNegative()) {
            throw invalid("bulk-retry-backoff must not be negative; was " + bulkRetryBackoff);
        }
        ConnectorSettings.maxThrottleWait(PREFIX, maxThrottleWait);
    }

    private static void atLeast(String property, int value, int least) {
        if (value < least) {
            throw invalid(property + " must be at least " + least + "; was " + value);
        }
    }

    private static IllegalArgumentException invalid(String problem) {
        String property = PREFIX + "." + problem.substring(0, problem.indexOf(' '));
        return new IllegalArgumentException(
                PREFIX + "." + problem + " (environment " + ConnectorErrors.environmentName(property) + ")");
    }

    /** {@link #pitKeepAlive} as Elasticsearch writes a time: {@code 1m}, {@code 90s}, {@code 1500ms}. */
    String keepAlive() {
        long millis = pitKeepAlive.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** Never shows the credentials. */
    @Override
    public String toString() {
        return "ElasticProperties[baseUrl=" + baseUrl + ", " + auth + ", pageSize=" + pageSize + ", pitKeepAlive="
                + pitKeepAlive + ", maxResultBytes=" + maxResultBytes + ", bulkMaxDocuments=" + bulkMaxDocuments
                + ", bulkMaxBytes=" + bulkMaxBytes + ", bulkItemRetries=" + bulkItemRetries + ", bulkRetryBackoff="
                + bulkRetryBackoff + ", maxThrottleWait=" + maxThrottleWait + "]";
    }
}
