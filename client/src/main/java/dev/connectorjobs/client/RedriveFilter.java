package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Which finished tasks a bulk re-drive takes ({@link ConnectorJobsClient#retryAll}): the filters of
 * a listing; at least one must be given. A USER key re-drives only the tasks it submitted.
 *
 * <pre>{@code
 * RedriveFilter.status("FAILURE").connector("servicenow").errorType("UpstreamUnavailable")
 * }</pre>
 *
 * @param status {@code FAILURE} or {@code REVOKED}; null for both
 * @param errorType e.g. {@code PoisonJob}
 * @param since created at or after this ISO-8601 instant
 * @param until created before this ISO-8601 instant
 * @param maxRetries a new retry budget for every task re-driven; null to keep each task's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RedriveFilter(
        @JsonProperty("status") @Nullable String status,
        @JsonProperty("connector") @Nullable String connector,
        @JsonProperty("operation") @Nullable String operation,
        @JsonProperty("error_type") @Nullable String errorType,
        @JsonProperty("since") @Nullable String since,
        @JsonProperty("until") @Nullable String until,
        @JsonProperty("max_retries") @Nullable Integer maxRetries) {

    /** The tasks in {@code status} ({@code FAILURE} or {@code REVOKED}). */
    public static RedriveFilter status(String status) {
        return new RedriveFilter(status, null, null, null, null, null, null);
    }

    /** Every failed and revoked task of {@code connector}. */
    public static RedriveFilter ofConnector(String connector) {
        return new RedriveFilter(null, connector, null, null, null, null, null);
    }

    public RedriveFilter connector(@Nullable String value) {
        return new RedriveFilter(status, value, operation, errorType, since, until, maxRetries);
    }

    public RedriveFilter operation(@Nullable String value) {
        return new RedriveFilter(status, connector, value, errorType, since, until, maxRetries);
    }

    public RedriveFilter errorType(@Nullable String value) {
        return new RedriveFilter(status, connector, operation, value, since, until, maxRetries);
    }

    public RedriveFilter since(@Nullable Instant value) {
        return new RedriveFilter(
                status, connector, operation, errorType, value == null ? null : value.toString(), until, maxRetries);
    }

    public RedriveFilter until(@Nullable Instant value) {
        return new RedriveFilter(
                status, connector, operation, errorType, since, value == null ? null : value.toString(), maxRetries);
    }

    public RedriveFilter maxRetries(@Nullable Integer value) {
        return new RedriveFilter(status, connector, operation, errorType, since, until, value);
    }
}
