package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job to submit: a connector's operation with its params, and optional limits; absent limits take
 * the server's defaults.
 *
 * <pre>{@code
 * JobRequest.of("diagnostics", "echo", Map.of("hello", "world")).withMaxRetries(2)
 * }</pre>
 *
 * @param connector connector name, e.g. {@code servicenow}
 * @param operation operation of that connector, e.g. {@code create_ticket}
 * @param params the operation's params (JSON-serialisable values, e.g. strings, numbers, maps or Jackson nodes)
 * @param maxRetries retries after the first attempt; null for the server's default
 * @param timeoutSeconds time limit of one attempt; null for the server's default
 * @param queue the queue to run it on; null for the connector's route
 * @param callbackUrl where the status document is POSTed, signed, when the job ends (its host must
 *     be on the server's webhook allow-list); null for none
 * @param callbackSecret the name of the server's webhook secret that signs it; null for {@code default}
 * @param countdown seconds (millisecond precision) before the job may start; null to start at once.
 *     Not with {@code eta}
 * @param eta the instant (ISO-8601) before which the job does not start; null to start at once
 * @param expires when a job not started by then ends REVOKED (reason {@code expired}): an ISO-8601
 *     instant as a {@link String}, or a number of seconds from submission; null for never
 * @param priority 1 (lowest) to 9 (highest); under a backlog higher priorities start first; null
 *     for the server's default, 5
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRequest(
        @JsonProperty("connector") String connector,
        @JsonProperty("operation") String operation,
        @JsonProperty("params") Map<String, Object> params,
        @JsonProperty("max_retries") @Nullable Integer maxRetries,
        @JsonProperty("timeout_seconds") @Nullable Integer timeoutSeconds,
        @JsonProperty("queue") @Nullable String queue,
        @JsonProperty("callback_url") @Nullable String callbackUrl,
        @JsonProperty("callback_secret") @Nullable String callbackSecret,
        @JsonProperty("countdown") @Nullable BigDecimal countdown,
        @JsonProperty("eta") @Nullable String eta,
        @JsonProperty("expires") @Nullable Object expires,

        @JsonProperty("priority") @Nullable Integer priority) {

    public JobRequest {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(operation, "operation");
        if (expires != null && !(expires instanceof String) && !(expires instanceof Number)) {
            throw new IllegalArgumentException(
                    "expires is an ISO-8601 instant (a String) or a number of seconds; was a "
                            + expires.getClass().getSimpleName());
        }
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A job that may start at once, never expires, and has the server's default priority. */
    public JobRequest(
            String connector,
            String operation,
            Map<String, Object> params,
            @Nullable Integer maxRetries,
            @Nullable Integer timeoutSeconds,
            @Nullable String queue,
            @Nullable String callbackUrl,
            @Nullable String callbackSecret) {
        this(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                queue,
                callbackUrl,
                callbackSecret,
                null,
                null,
                null,
                null);
    }

    /** A job that may start at once and never expires, with {@code priority} (null: the server's default). */
    public JobRequest(
            String connector,
            String operation,
            Map<String, Object> params,
            @Nullable Integer maxRetries,
            @Nullable Integer timeoutSeconds,
            @Nullable String queue,
            @Nullable String callbackUrl,
            @Nullable String callbackSecret,
            @Nullable Integer priority) {
        this(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                queue,
                callbackUrl,
                callbackSecret,
                null,
                null,
                null,
                priority);
    }

    /** A job with the server's default limits. */
    public static JobRequest of(String connector, String operation, Map<String, ?> params) {
        return new JobRequest(connector, operation, new LinkedHashMap<>(params), null, null, null, null, null, null);
    }

    /** A job without params. */
    public static JobRequest of(String connector, String operation) {
        return of(connector, operation, Map.of());
    }

    public JobRequest withMaxRetries(int retries) {
        return new JobRequest(
                connector,
                operation,
                params,
                retries,
                timeoutSeconds,
                queue,
                callbackUrl,
                callbackSecret,
                countdown,
                eta,
                expires,
                priority);
    }

    public JobRequest withTimeoutSeconds(int seconds) {
        return new JobRequest(
                connector,
                operation,
                params,
                maxRetries,
                seconds,
                queue,
                callbackUrl,
                callbackSecret,
                countdown,
                eta,
                expires,
                priority);
    }

    public JobRequest withQueue(String name) {
        return new JobRequest(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                name,
                callbackUrl,
                callbackSecret,
                countdown,
                eta,
                expires,
                priority);
    }

    /** Has the status document POSTed to {@code url} when the job ends, signed with the secret {@code default}. */
    public JobRequest withCallback(String url) {
        return new JobRequest(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                queue,
                url,
                null,
                countdown,
                eta,
                expires,
                priority);
    }

    /** Has the status document POSTed to {@code url} when the job ends, signed with the named secret. */
    public JobRequest withCallback(String url, String secretName) {
        return new JobRequest(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                queue,
                url,
                secretName,
                countdown,
                eta,
                expires,
                priority);
    }

    /** Starts the job no sooner than {@code delay} after submission (it waits in the server's database). */
    public JobRequest withCountdown(Duration delay) {
        return new JobRequest(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                queue,
                callbackUrl,
                callbackSecret,
                BigDecimal.valueOf(delay.toMillis(), 3),
                null,
                expires,
                priority);
    }

    /** Starts the job no sooner than {@code at}. */
    public JobRequest withEta(Instant at) {
        return new JobRequest(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                queue,
                callbackUrl,
                callbackSecret,
                null,
                at.toString(),
                expires,
                priority);
    }

    /** Ends the job REVOKED (reason {@code expired}) if it has not started by {@code at}. */
    public JobRequest withExpires(Instant at) {
        return new JobRequest(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                queue,
                callbackUrl,
                callbackSecret,
                countdown,
                eta,
                at.toString(),
                priority);
    }

    /** Ends the job REVOKED (reason {@code expired}) if it has not started {@code within} its submission. */
    public JobRequest withExpiresIn(Duration within) {
        return new JobRequest(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                queue,
                callbackUrl,
                callbackSecret,
                countdown,
                eta,
                BigDecimal.valueOf(within.toMillis(), 3),
                priority);
    }

    /** Runs the job with {@code priority}, 1 (lowest) to 9 (highest); the server's default is 5. */
    public JobRequest withPriority(int priority) {
        return new JobRequest(
                connector,
                operation,
                params,
                maxRetries,
                timeoutSeconds,
                queue,
                callbackUrl,
                callbackSecret,
                countdown,
                eta,
                expires,
                priority);
    }
}
