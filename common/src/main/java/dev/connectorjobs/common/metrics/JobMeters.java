package dev.connectorjobs.common.metrics;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The names, tags and histogram buckets of the job metrics both services publish (docs/metrics.md
 * lists them in their Prometheus form). Tags come only from {@link #QUEUE}, {@link #CONNECTOR},
 * {@link #OPERATION}, {@link #OUTCOME}, {@link #REASON} and {@link #STATE}: never a job id or a key,
 * so that a series stands for a kind of job, not a job.
 */
public final class JobMeters {

    public static final String QUEUE = "queue";
    public static final String CONNECTOR = "connector";
    public static final String OPERATION = "operation";
    public static final String OUTCOME = "outcome";
    public static final String REASON = "reason";
    public static final String STATE = "state";

    public static final String SUBMITTED = "jobs.submitted";
    public static final String STARTED = "jobs.started";
    public static final String FINISHED = "jobs.finished";
    public static final String RETRIED = "jobs.retried";
    public static final String DEFERRED = "jobs.deferred";
    public static final String REAPED = "jobs.reaped";
    public static final String POISONED = "jobs.poisoned";
    public static final String REDRIVEN = "jobs.redriven";
    public static final String QUEUE_WAIT = "jobs.queue.wait";
    public static final String RUN = "jobs.run";
    public static final String END_TO_END = "jobs.end.to.end";

    /** {@link #OUTCOME} of a job that ended SUCCESS. */
    public static final String SUCCESS = "success";

    /** {@link #OUTCOME} of a job that ended FAILURE. */
    public static final String FAILURE = "failure";

    /** {@link #OUTCOME} of a job that was revoked. */
    public static final String REVOKED = "revoked";

    /** {@link #REASON} of a job held back by its open circuit breaker. */
    public static final String BREAKER = "breaker";

    /** {@link #REASON} of a job held back by a cluster-wide limit of its connector or operation. */
    public static final String LIMIT = "limit";

    /** The description of {@link #DEFERRED}, one for every reason. */
    public static final String DEFERRED_DESCRIPTION =
            "Attempts not started because an open circuit breaker or a cluster-wide limit held them back;"
                    + " the job waits without spending a retry";

    /**
     * The histogram buckets of the job timers, in seconds: connector jobs take from a fraction of a
     * second (one API call) to many minutes (a full inventory), and queue waits from milliseconds
     * to however long a backlog lasts.
     */
    public static final Duration[] SLO_BUCKETS = {
        Duration.ofMillis(100),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120),
        Duration.ofSeconds(300),
        Duration.ofSeconds(900)
    };

    private JobMeters() {}

    /** A timer published as a Prometheus histogram with {@link #SLO_BUCKETS} (base unit seconds). */
    public static Timer.Builder timer(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .serviceLevelObjectives(SLO_BUCKETS)
                .publishPercentileHistogram(false);
    }
}
