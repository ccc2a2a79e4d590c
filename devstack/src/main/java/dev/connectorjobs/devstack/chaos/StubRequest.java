package dev.connectorjobs.devstack.chaos;

import java.time.Instant;
import java.util.Optional;

/**
 * One request the recording stub received.
 *
 * @param workerId the worker that sent it, from the per-worker base URL
 * @param key the runner's key of the job, from the request path
 * @param idempotencyKey the {@code Idempotency-Key} header, if sent
 * @param arrived when the request arrived
 * @param answered when the stub answered
 * @param status the status it answered with
 * @param effect whether this request applied the write's side effect (the first 2xx for its
 *     idempotency key; a request without a key always applies it)
 */
record StubRequest(
        String workerId,
        String key,
        Optional<String> idempotencyKey,
        Instant arrived,
        Instant answered,
        int status,
        boolean effect) {}
