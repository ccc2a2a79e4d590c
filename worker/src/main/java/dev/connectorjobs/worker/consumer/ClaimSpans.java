package dev.connectorjobs.worker.consumer;

import dev.connectorjobs.common.tracing.JobTraces;
import dev.connectorjobs.model.dispatch.Headers;
import dev.connectorjobs.worker.execution.ClaimedJob;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A {@code job claim} span for each claimed job, covering the poll's claim statement, and the
 * context its run continues in.
 *
 * <p>The trace comes from the row ({@code jobs.traceparent}, written at submission), never from the
 * record alone: jobs run from the row. The record's {@code traceparent} names the dispatch span that
 * published this attempt; when it belongs to the row's trace, the claim is that dispatch's child
 * (submit → dispatch → claim → run), otherwise (a record from before the row was traced, or a
 * header that does not fit) the claim is a child of the row's context directly.
 */
@Component
final class ClaimSpans {

    private static final Logger log = LoggerFactory.getLogger(ClaimSpans.class);

    private final JobTraces traces;
    private final Clock clock;

    ClaimSpans(JobTraces traces, Clock clock) {
        this.traces = traces;
        this.clock = clock;
    }

    /** The {@code traceparent} header of a job record, if it has one. */
    static Optional<String> traceparent(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(Headers.TRACEPARENT);
        return Optional.ofNullable(header).map(h -> new String(h.value(), StandardCharsets.US_ASCII));
    }

    /**
     * Records the claim of each job as a span from {@code claimStart} to now and returns the jobs
     * with their work's context set to that span.
     *
     * @param dispatches the records' {@code traceparent} headers by job id
     */
    List<ClaimedJob> claimed(List<ClaimedJob> jobs, Map<UUID, String> dispatches, Instant claimStart) {
        if (jobs.isEmpty()) {
            return jobs;
        }
        try {
            return traced(jobs, dispatches, claimStart);
        } catch (RuntimeException e) {
            // The jobs are claimed and must run: a tracer's failure costs their spans, never the jobs.
            log.warn("Could not record the claim spans of {} jobs; they run untraced: {}", jobs.size(), e.toString());
            return jobs;
        }
    }

    private List<ClaimedJob> traced(List<ClaimedJob> jobs, Map<UUID, String> dispatches, Instant claimStart) {
        long start = micros(claimStart);
        long end = micros(clock.instant());
        List<ClaimedJob> traced = new ArrayList<>(jobs.size());
        for (ClaimedJob job : jobs) {
            String parent = parent(job.traceparent(), dispatches.get(job.id()));
            if (!JobTraces.recorded(parent)) {
                // Not sampled: the claim would be recorded by no one; the run follows the row's context.
                traced.add(job);
                continue;
            }
            Span span = traces.builder("job claim", parent, Span.Kind.CONSUMER)
                    .tag("job.id", job.id().toString())
                    .tag("job.attempt", job.attempt())
                    .tag("job.connector", job.connector())
                    .tag("messaging.system", "kafka")
                    .startTimestamp(start, TimeUnit.MICROSECONDS)
                    .start();
            span.end(end, TimeUnit.MICROSECONDS);
            String context = traces.traceparent(span);
            traced.add(job.withTraceparent(context != null ? context : job.traceparent()));
        }
        return traced;
    }

    private static @Nullable String parent(@Nullable String row, @Nullable String record) {
        Optional<String> rowTrace = JobTraces.traceId(row);
        if (rowTrace.isPresent() && Objects.equals(rowTrace, JobTraces.traceId(record))) {
            return record;
        }
        return row;
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
