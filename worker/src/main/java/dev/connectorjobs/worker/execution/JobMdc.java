package dev.connectorjobs.worker.execution;

import dev.connectorjobs.common.tracing.JobTraces;
import org.slf4j.MDC;

/**
 * The logging context of a job's work: {@code job_id}, {@code attempt}, {@code correlation_id},
 * {@code connector} and {@code trace_id} (the trace the job joined at submission, when it has one).
 * While the attempt's span is in scope the tracer adds {@code traceId} and {@code spanId} too; {@code
 * trace_id} is also there on the lines written outside it (cancel, hand-back on shutdown).
 */
final class JobMdc {

    private JobMdc() {}

    static void put(ClaimedJob job) {
        MDC.put("job_id", job.id().toString());
        MDC.put("attempt", Integer.toString(job.attempt()));
        MDC.put("correlation_id", job.correlationId());
        MDC.put("connector", job.connector());
        JobTraces.traceId(job.traceparent()).ifPresent(id -> MDC.put("trace_id", id));
    }

    static void clear() {
        MDC.clear();
    }
}
