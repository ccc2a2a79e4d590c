package dev.connectorjobs.worker.execution;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A job this worker has claimed, with the values the claim returned from the database (never the
 * Kafka record's copy).
 *
 * @param checkpoint the checkpoint an earlier attempt saved, as JSON text; null when none did
 * @param createdAt when the job was submitted
 * @param eligibleAt when this attempt could first run: the submission for the first attempt, else
 *     when the retry was due or the job was handed on (the row's {@code next_attempt_at})
 * @param traceparent the W3C trace context this attempt's work runs under: the row's (stored at
 *     submission), then the claim's span; null when the job was submitted without a tracer
 */
public record ClaimedJob(
        UUID id,
        int attempt,
        String queue,
        String connector,
        String operation,
        Map<String, Object> params,
        int timeoutSeconds,
        int maxRetries,
        int retriesUsed,
        String correlationId,
        Instant startedAt,
        @Nullable String checkpoint,
        Instant createdAt,
        Instant eligibleAt,
        @Nullable String traceparent) {

    /** A claimed job without a trace context. */
    public ClaimedJob(
            UUID id,
            int attempt,
            String queue,
            String connector,
            String operation,
            Map<String, Object> params,
            int timeoutSeconds,
            int maxRetries,
            int retriesUsed,
            String correlationId,
            Instant startedAt,
            @Nullable String checkpoint,
            Instant createdAt,
            Instant eligibleAt) {
        this(
                id,
                attempt,
                queue,
                connector,
                operation,
                params,
                timeoutSeconds,
                maxRetries,
                retriesUsed,
                correlationId,
                startedAt,
                checkpoint,
                createdAt,
                eligibleAt,
                null);
    }

    /** This job, its work running under {@code context} (a {@code traceparent}). */
    public ClaimedJob withTraceparent(@Nullable String context) {
        return new ClaimedJob(
                id,
                attempt,
                queue,
                connector,
                operation,
                params,
                timeoutSeconds,
                maxRetries,
                retriesUsed,
                correlationId,
                startedAt,
                checkpoint,
                createdAt,
                eligibleAt,
                context);
    }

    /** When the hard time limit of this attempt ends. */
    public Instant deadline() {
        return startedAt.plusSeconds(timeoutSeconds);
    }
}
