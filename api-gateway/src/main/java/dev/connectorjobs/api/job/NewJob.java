package dev.connectorjobs.api.job;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A job row about to be inserted.
 *
 * @param clientId the API client that submits it; null until clients authenticate
 * @param idempotencyKey the client's {@code Idempotency-Key}, if given
 * @param requestHash hash of the canonical submission, to tell a replay from a different request;
 *     null without an idempotency key
 * @param traceparent the W3C trace context of the submission's span, stored with the row so that
 *     every attempt joins the submitter's trace; null without a tracer
 */
record NewJob(
        UUID id,
        JobSubmission submission,
        String correlationId,
        @Nullable String clientId,
        @Nullable String idempotencyKey,
        @Nullable String requestHash,
        Instant createdAt,
        Instant dispatchAfter,
        @Nullable String traceparent) {

    /** A job submitted without a trace context. */
    NewJob(
            UUID id,
            JobSubmission submission,
            String correlationId,
            @Nullable String clientId,
            @Nullable String idempotencyKey,
            @Nullable String requestHash,
            Instant createdAt,
            Instant dispatchAfter) {
        this(id, submission, correlationId, clientId, idempotencyKey, requestHash, createdAt, dispatchAfter, null);
    }
}
