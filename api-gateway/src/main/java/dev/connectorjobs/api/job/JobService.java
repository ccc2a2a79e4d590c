package dev.connectorjobs.api.job;

import dev.connectorjobs.api.dispatch.DispatchProperties;
import dev.connectorjobs.api.dispatch.JobPublisher;
import dev.connectorjobs.model.dispatch.JobEnvelope;
import dev.connectorjobs.model.job.JobIds;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Accepts jobs: the row is committed first (it is the outbox), then published. If the process dies
 * between the two, the dispatcher's sweep publishes the row once its grace period has passed.
 */
@Service
class JobService {

    private final JobRepository jobs;
    private final JobPublisher publisher;
    private final DispatchProperties dispatch;
    private final Clock clock;

    JobService(JobRepository jobs, JobPublisher publisher, DispatchProperties dispatch, Clock clock) {
        this.jobs = jobs;
        this.publisher = publisher;
        this.dispatch = dispatch;
        this.clock = clock;
    }

    UUID submit(JobSubmission submission, String correlationId) {
        Instant now = clock.instant();
        UUID id = JobIds.newId(clock);
        jobs.insert(new NewJob(id, submission, correlationId, now, now.plus(dispatch.publishGrace())));
        publisher.publish(new JobEnvelope(
                JobEnvelope.CURRENT_VERSION,
                id,
                1,
                submission.queue(),
                submission.connector(),
                submission.operation(),
                submission.params(),
                submission.timeoutSeconds(),
                correlationId,
                now));
        return id;
    }

    Optional<JobView> find(UUID id) {
        return jobs.find(id);
    }
}
