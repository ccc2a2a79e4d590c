package dev.connectorjobs.worker.execution;

import org.slf4j.MDC;

/** The logging context of a job's work: {@code job_id}, {@code attempt}, {@code correlation_id}, {@code connector}. */
final class JobMdc {

    private JobMdc() {}

    static void put(ClaimedJob job) {
        MDC.put("job_id", job.id().toString());
        MDC.put("attempt", Integer.toString(job.attempt()));
        MDC.put("correlation_id", job.correlationId());
        MDC.put("connector", job.connector());
    }

    static void clear() {
        MDC.clear();
    }
}
