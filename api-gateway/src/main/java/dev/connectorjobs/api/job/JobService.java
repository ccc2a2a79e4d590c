package dev.connectorjobs.api.job;

import dev.connectorjobs.api.control.ControlPublisher;
import dev.connectorjobs.api.dispatch.DispatchProperties;
import dev.connectorjobs.api.dispatch.DispatchWindow;
import dev.connectorjobs.api.dispatch.JobPublisher;
import dev.connectorjobs.api.metrics.JobCounters;
import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.AuditLog;
import dev.connectorjobs.api.web.ConflictException;
import dev.connectorjobs.api.web.ForbiddenException;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.common.tracing.JobTraces;
import dev.connectorjobs.model.catalog.FieldError;
import dev.connectorjobs.model.control.ControlType;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Accepts, revokes and lists jobs. On submit the row is committed first (it is the outbox), then
 * published; if the process dies between the two, the dispatcher's sweep publishes the row once its
 * grace period has passed.
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final JobRepository jobs;
    private final JobPublisher publisher;
    private final ControlPublisher control;
    private final DispatchProperties dispatch;
    private final Clock clock;
    private final JobInserts inserts;
    private final AuditLog audit;
    private final JobCounters counters;
    private final JobTraces traces;
    private final DispatchWindow window;

    JobService(
            JobRepository jobs,
            JobPublisher publisher,
            ControlPublisher control,
            DispatchProperties dispatch,
            Clock clock,
            JobInserts inserts,
            AuditLog audit,
            JobCounters counters,
            JobTraces traces,
            DispatchWindow window) {
        this.window = window;
        this.counters = counters;
        this.traces = traces;
        this.inserts = inserts;
        this.audit = audit;
        this.jobs = jobs;
        this.publisher = publisher;
        this.control = control;
        this.dispatch = dispatch;
        this.clock = clock;
    }

    /**
     * The answer to a submission.
     *
     * @param created false when an idempotent replay returned an existing job
     */
    record Submitted(UUID id, String status, boolean created) {}

    /**
     * Stores and publishes one job in a {@code job submit} span, child of the request's; the row
     * keeps the span's {@code traceparent}, so the job's dispatch and every attempt join that trace.
     */
    Submitted submit(
            JobSubmission submission,
            String correlationId,
            @Nullable String clientId,
            @Nullable String idempotencyKey) {
        Span span = traces.start("job submit", null, null)
                .tag("job.connector", submission.connector())
                .tag("job.operation", submission.operation())
                .tag("job.queue", submission.queue());
        try (Tracer.SpanInScope scope = traces.tracer().withSpan(span)) {
            Submitted submitted = submit(submission, correlationId, clientId, idempotencyKey, traces.traceparent(span));
            span.tag("job.id", submitted.id().toString());
            return submitted;
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private Submitted submit(
            JobSubmission submission,
            String correlationId,
            @Nullable String clientId,
            @Nullable String idempotencyKey,
            @Nullable String traceparent) {
        Instant now = clock.instant();
        UUID id = JobIds.newId(now);
        // Only an idempotent replay compares hashes; without a key there is nothing to compare with.
        String hash = idempotencyKey == null ? null : SubmissionHash.of(submission);
        // Under a backlog the job waits in PostgreSQL for the dispatcher's pick (by priority, in turns
        // across API keys) instead of queueing behind everything already in Kafka.
        boolean publishNow = !submission.timing().delayedAt(now) && window.admit(submission.queue());
        NewJob job = new NewJob(
                id,
                submission,
                correlationId,
                clientId,
                idempotencyKey,
                hash,
                now,
                dispatchAfter(submission, now, publishNow),
                traceparent);
        if (!inserts.insert(job)) {
            return replay(clientId, Objects.requireNonNull(idempotencyKey), Objects.requireNonNull(hash));
        }
        counters.submitted(submission.queue(), submission.connector(), submission.operation(), 1);
        log.debug(
                "Accepted job_id={} {}.{} queue={} correlation_id={}",
                id,
                submission.connector(),
                submission.operation(),
                submission.queue(),
                correlationId);
        if (publishNow) {
            publisher.publish(id, 1, submission.queue(), correlationId, traceparent);
        }
        return new Submitted(id, JobStatus.PENDING.name(), true);
    }

    /**
     * When the dispatcher may first publish the job: a delayed job at its eta (the delay waits in
     * PostgreSQL, like a retry's backoff, and the sweep publishes it when due); any other job is
     * published at once and is due for the sweep only if its publication is not confirmed in time.
     */
    private Instant dispatchAfter(JobSubmission submission, Instant now, boolean publishNow) {
        Instant eta = submission.timing().eta();
        if (eta != null && eta.isAfter(now)) {
            return eta;
        }
        // Published now: due for the sweep only if the publication is not confirmed in time. Held back
        // by a full dispatch window: due at once for the dispatcher's fair pick.
        return publishNow ? now.plus(dispatch.publishGrace()) : now;
    }

    /**
     * Accepts many jobs in one statement (all or nothing) and publishes them as one Kafka batch. The
     * batch is one {@code job submit batch} span, and every job of it joins that span's trace: one
     * request, one trace, whose dispatch and run spans say which job they serve ({@code job.id}).
     *
     * @return the new ids, in the order of the submissions
     */
    List<UUID> submitAll(List<JobSubmission> submissions, String correlationId, @Nullable String clientId) {
        Span span = traces.start("job submit batch", null, null).tag("job.count", submissions.size());
        try (Tracer.SpanInScope scope = traces.tracer().withSpan(span)) {
            return submitAll(submissions, correlationId, clientId, traces.traceparent(span));
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private List<UUID> submitAll(
            List<JobSubmission> submissions,
            String correlationId,
            @Nullable String clientId,
            @Nullable String traceparent) {
        Instant now = clock.instant();
        List<NewJob> batch = submissions.stream()
                .map(s -> new NewJob(
                        JobIds.newId(now),
                        s,
                        correlationId,
                        clientId,
                        null,
                        null,
                        now,
                        dispatchAfter(s, now, !s.timing().delayedAt(now) && window.admit(s.queue())),
                        traceparent))
                .toList();
        jobs.insert(batch);
        for (JobSubmission s : submissions) {
            counters.submitted(s.queue(), s.connector(), s.operation(), 1);
        }
        log.info("Accepted a batch of {} jobs correlation_id={}", batch.size(), correlationId);
        for (NewJob job : batch) {
            if (!job.submission().timing().delayedAt(now) && job.dispatchAfter().isAfter(now)) {
                publisher.publish(job.id(), 1, job.submission().queue(), correlationId, traceparent);
            }
        }
        return batch.stream().map(NewJob::id).toList();
    }

    private Submitted replay(@Nullable String clientId, String key, String hash) {
        JobRepository.IdempotentMatch existing = jobs.findByIdempotencyKey(clientId, key)
                .orElseThrow(() -> new IllegalStateException("idempotency key conflict without a holder"));
        if (!hash.equals(existing.requestHash())) {
            throw new InvalidRequestException(List.of(new FieldError(
                    "Idempotency-Key",
                    "was already used for a different request (task " + existing.id()
                            + "); use a new key for a new request")));
        }
        return new Submitted(existing.id(), existing.status(), false);
    }

    public Optional<JobView> find(UUID id) {
        return jobs.find(id);
    }

    /**
     * Whether {@code caller} may revoke job {@code id}: an ADMIN any job, a USER the jobs it
     * submitted ({@link #revoke} enforces the same rule).
     */
    public boolean mayRevoke(UUID id, ApiClient caller) {
        return caller.isAdmin()
                || jobs.clientOf(id)
                        .flatMap(owner -> owner)
                        .filter(owner -> owner.equals(caller.keyId().toString()))
                        .isPresent();
    }

    /** The parameters a job was submitted with, as stored; empty when there is no such job. */
    public Optional<JsonNode> params(UUID id) {
        return jobs.params(id);
    }

    /** The jobs among {@code ids} that exist. */
    List<JobView> findAll(Collection<UUID> ids) {
        return jobs.findAll(ids);
    }

    /** The answer to a revoke request. */
    public record Revoked(UUID id, JobStatus previous, boolean cancelRequested) {}

    public Revoked revoke(UUID id, @Nullable String reason, ApiClient caller) {
        Optional<String> owner = jobs.clientOf(id)
                .orElseThrow(() -> new NotFoundException("No task with id " + id + " was ever submitted"));
        if (!caller.isAdmin() && !owner.equals(Optional.of(caller.keyId().toString()))) {
            throw new ForbiddenException("A USER key may revoke only the tasks it submitted; task " + id
                    + " was submitted by another client. Ask an admin to revoke it.");
        }
        JobRepository.Revocation r = jobs.revoke(id, reason, clock.instant())
                .orElseThrow(() -> new NotFoundException("No task with id " + id + " was ever submitted"));
        if (!r.changed() && r.previous() != JobStatus.REVOKED) {
            throw new ConflictException(
                    "Task " + id + " already finished with status " + r.previous() + "; there is nothing to revoke",
                    r.previous().name());
        }
        boolean cancel = r.changed() && r.previous() == JobStatus.STARTED && r.workerId() != null;
        if (cancel) {
            control.publish(ControlType.REVOKE, id.toString(), r.workerId(), reason);
        }
        if (r.changed() && r.previous() != JobStatus.STARTED) {
            counters.revokedWhileWaiting(r.queue(), r.connector(), r.operation());
        }
        if (r.changed()) {
            Map<String, Object> detail = new java.util.LinkedHashMap<>();
            detail.put("previous_status", r.previous().name());
            detail.put("reason", reason);
            audit.record("task.revoke", id.toString(), detail);
            log.info("Revoked job_id={} (was {}){}", id, r.previous(), cancel ? "; cancelling on " + r.workerId() : "");
        }
        return new Revoked(id, r.previous(), cancel);
    }

    /** A page of tasks, and the cursor of the next page when there may be one. */
    public record Page(List<JobSummary> tasks, @Nullable String nextCursor) {}

    public Page list(TaskFilter filter, int limit) {
        List<JobSummary> tasks = jobs.list(filter, limit);
        String next = null;
        if (tasks.size() == limit) {
            JobSummary last = tasks.getLast();
            next = new TaskFilter.Cursor(last.taskId()).encode();
        }
        return new Page(tasks, next);
    }
}
