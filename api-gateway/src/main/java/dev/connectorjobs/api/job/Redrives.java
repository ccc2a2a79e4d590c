package dev.connectorjobs.api.job;

import dev.connectorjobs.api.dispatch.DispatchProperties;
import dev.connectorjobs.api.dispatch.JobPublisher;
import dev.connectorjobs.api.metrics.JobCounters;
import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.AuditLog;
import dev.connectorjobs.api.web.ConflictException;
import dev.connectorjobs.api.web.ForbiddenException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.model.job.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Re-drive: a new attempt of a job that ended FAILURE (a poison job too) or REVOKED, with its
 * history kept, for one job or for every job a filter matches. A USER key re-drives only jobs it
 * submitted; every re-drive is audited ({@code task.retry}, {@code tasks.retry}).
 */
@Service
public class Redrives {

    private static final Logger log = LoggerFactory.getLogger(Redrives.class);

    /** Below every job id: where a bulk re-drive starts its walk over the ids. */
    private static final UUID FIRST_ID = new UUID(0, 0);

    private final RedriveRepository repository;
    private final JobRepository jobs;
    private final JobPublisher publisher;
    private final DispatchProperties dispatch;
    private final RedriveProperties properties;
    private final AuditLog audit;
    private final JobCounters counters;
    private final Clock clock;

    Redrives(
            RedriveRepository repository,
            JobRepository jobs,
            JobPublisher publisher,
            DispatchProperties dispatch,
            RedriveProperties properties,
            AuditLog audit,
            JobCounters counters,
            Clock clock) {
        this.repository = repository;
        this.jobs = jobs;
        this.publisher = publisher;
        this.dispatch = dispatch;
        this.properties = properties;
        this.audit = audit;
        this.counters = counters;
        this.clock = clock;
    }

    /** The answer to a re-drive of one job. */
    public record Single(UUID id, JobStatus previous, int attempt, int maxRetries) {}

    /**
     * Re-drives one job and publishes its new attempt.
     *
     * @throws NotFoundException when there is no such job
     * @throws ForbiddenException when a USER key asks for another client's job
     * @throws ConflictException when the job is not FAILURE or REVOKED
     */
    public Single redrive(UUID id, @Nullable Integer maxRetries, ApiClient caller) {
        Optional<String> owner = jobs.clientOf(id).orElseThrow(() -> notFound(id));
        if (!caller.isAdmin() && !owner.equals(Optional.of(caller.keyId().toString()))) {
            throw new ForbiddenException("A USER key may re-drive only the tasks it submitted; task " + id
                    + " was submitted by another client. Ask an admin to re-drive it.");
        }
        Instant now = clock.instant();
        RedriveRepository.One one = repository
                .redrive(id, maxRetries, now, now.plus(dispatch.publishGrace()))
                .orElseThrow(() -> notFound(id));
        RedriveRepository.Redriven job = one.redriven().orElseThrow(() -> notRedrivable(id, one.previous()));
        // No trace context of its own: the claim takes the trace from the row, so the new run joins the job's trace.
        publisher.publish(id, job.attempt(), job.queue(), job.correlationId(), null);
        counters.redriven(job.queue(), 1);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("previous_status", one.previous().name());
        detail.put("previous_attempt", one.previousAttempt());
        detail.put("attempt", job.attempt());
        detail.put("max_retries", job.maxRetries());
        audit.record("task.retry", id.toString(), detail);
        log.info("Re-drove job_id={} (was {}); attempt {} is PENDING", id, one.previous(), job.attempt());
        return new Single(id, one.previous(), job.attempt(), job.maxRetries());
    }

    /**
     * The answer to a bulk re-drive.
     *
     * @param requeued how many jobs were made PENDING again
     * @param more whether it stopped at {@code jobs.api.redrive.max-bulk}, so that more jobs may
     *     match: the same request again re-drives them
     */
    record Bulk(int requeued, boolean more) {}

    /**
     * Re-drives every FAILURE or REVOKED job {@code filter} matches (only the caller's own jobs for a
     * USER key), in chunks of {@code chunk-size} jobs, each chunk its own short transaction, up to
     * {@code max-bulk} jobs. The dispatcher publishes them.
     */
    Bulk redriveAll(TaskFilter filter, @Nullable Integer maxRetries, ApiClient caller, Map<String, ?> request) {
        String clientId = caller.isAdmin() ? null : caller.keyId().toString();
        int total = 0;
        boolean more = false;
        UUID after = FIRST_ID;
        while (total < properties.maxBulk()) {
            int limit = Math.min(properties.chunkSize(), properties.maxBulk() - total);
            List<RedriveRepository.Redriven> chunk =
                    repository.redriveChunk(filter, clientId, after, limit, maxRetries, clock.instant());
            total += chunk.size();
            chunk.forEach(job -> counters.redriven(job.queue(), 1));
            if (chunk.size() < limit) {
                break;
            }
            after = chunk.getLast().id();
            more = total >= properties.maxBulk();
        }
        Map<String, Object> detail = new LinkedHashMap<>(request);
        detail.put("requeued", total);
        detail.put("more", more);
        detail.put("own_jobs_only", clientId != null);
        audit.record("tasks.retry", "bulk", detail);
        log.info("Bulk re-drive of {} jobs{} ({})", total, more ? ", more may match" : "", request);
        return new Bulk(total, more);
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No task with id " + id + " was ever submitted (or retention removed it)");
    }

    private static ConflictException notRedrivable(UUID id, JobStatus status) {
        if (status == JobStatus.SUCCESS) {
            return new ConflictException(
                    "Task " + id + " succeeded; a SUCCESS job is not re-driven. Submit a new job to run it again",
                    status.name());
        }
        return new ConflictException(
                "Task " + id + " is " + status + ", not FAILURE or REVOKED: it has not ended (or was re-driven"
                        + " already); wait for it to end, or revoke it first",
                status.name());
    }
}
