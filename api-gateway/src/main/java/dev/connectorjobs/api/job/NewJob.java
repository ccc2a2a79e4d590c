package dev.connectorjobs.api.job;

import java.time.Instant;
import java.util.UUID;

/** A job row about to be inserted. */
record NewJob(UUID id, JobSubmission submission, String correlationId, Instant createdAt, Instant dispatchAfter) {}
