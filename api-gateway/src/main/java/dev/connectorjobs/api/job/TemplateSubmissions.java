package dev.connectorjobs.api.job;

import dev.connectorjobs.api.dispatch.DispatchProperties;
import dev.connectorjobs.api.dispatch.JobPublisher;
import dev.connectorjobs.api.metrics.JobCounters;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.model.job.JobIds;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Submissions made by the system on a client's behalf from a stored job template (a recurring
 * schedule's job): the template is a submission body, validated by the same parser as {@code POST
 * /api/v1/jobs}, and the job row is written in the caller's transaction, so that the caller can
 * store its own record of the submission atomically with it. Publication follows the commit.
 */
@Component
public final class TemplateSubmissions {

    private final SubmissionParser parser;
    private final JobRepository jobs;
    private final JobPublisher publisher;
    private final DispatchProperties dispatch;
    private final JobCounters counters;

    TemplateSubmissions(
            SubmissionParser parser,
            JobRepository jobs,
            JobPublisher publisher,
            DispatchProperties dispatch,
            JobCounters counters) {
        this.parser = parser;
        this.jobs = jobs;
        this.publisher = publisher;
        this.dispatch = dispatch;
        this.counters = counters;
    }

    /** A job written from a template, to be published once its transaction has committed. */
    /**
     * A job a template made.
     *
     * @param delayed whether its template delays it ({@code countdown} or {@code eta}): the
     *     dispatcher's sweep publishes it when due, not {@link #publish(Enqueued)}
     */
    public record Enqueued(
            UUID id, String queue, String connector, String operation, String correlationId, boolean delayed) {}

    /**
     * Checks a template exactly as a submission is checked (fields, bounds, queue, callback, the
     * connector catalogue).
     *
     * @throws InvalidRequestException listing every field that is wrong, named as in a submission
     */
    public void validate(JsonNode template) {
        parser.parse(template);
    }

    /**
     * Validates the template and inserts its job in the current transaction (the caller holds one).
     *
     * @param id the job's id, a {@link JobIds#newId(Instant)} of {@code now}
     * @param clientId the API key the job belongs to, as if it had submitted it
     * @throws InvalidRequestException when the template no longer passes validation
     */
    public Enqueued insert(JsonNode template, UUID id, @Nullable String clientId, String correlationId, Instant now) {
        JobSubmission submission = parser.parse(template);
        boolean delayed = submission.timing().delayedAt(now);
        Instant eta = submission.timing().eta();
        NewJob job = new NewJob(
                id,
                submission,
                correlationId,
                clientId,
                null,
                null,
                now,
                delayed && eta != null ? eta : now.plus(dispatch.publishGrace()));
        Set<UUID> inserted = jobs.insert(List.of(job));
        if (!inserted.contains(id)) {
            throw new IllegalStateException("job " + id + " was not inserted although it has no idempotency key");
        }
        return new Enqueued(
                id, submission.queue(), submission.connector(), submission.operation(), correlationId, delayed);
    }

    /**
     * Publishes a committed job (the fast path; if this process dies first, the dispatcher's sweep
     * publishes it after {@code jobs.api.dispatch.publish-grace}).
     */
    public void publish(Enqueued job) {
        counters.submitted(job.queue(), job.connector(), job.operation(), 1);
        if (!job.delayed()) {
            // A tick has no request, so no trace context: the job's trace starts at its dispatch.
            publisher.publish(job.id(), 1, job.queue(), job.correlationId(), null);
        }
    }
}
