package dev.connectorjobs.worker.config;

import dev.connectorjobs.model.dispatch.Topics;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's identity and limits ({@code jobs.worker.*}).
 *
 * @param id worker id shown in status and the active list, without control characters; unique
 *     among live workers (a worker refuses to start under the id of one that heartbeat within its
 *     lease); default {@code <host>-<pid>}
 * @param queues the queues this worker consumes; default {@code [default]}
 * @param concurrency jobs run at once (each on a virtual thread; connector jobs mostly wait on I/O);
 *     a poll brings at most a quarter of it; default 256
 * @param consumers Kafka consumer threads; default 1
 * @param topicPartitions partitions of the queue topics and of {@code assets.normalized} this worker
 *     creates if missing; default 6
 * @param heartbeatInterval how often the worker heartbeats and extends its leases; default 5 s
 * @param lease how long a claimed job stays owned without a heartbeat; default 30 s
 * @param drainTimeout how long a stopping worker lets running jobs finish; default 30 s
 * @param maxResultBytes largest serialized result stored; larger ones are truncated; default 256 KiB
 * @param softLimitMargin how long before the hard time limit the soft limit cancels the job so it
 *     can clean up; at most a tenth of the job's limit is used; default 5 s
 * @param maxStuckThreads job threads that outlived their hard limit (the JVM cannot kill them)
 *     above which the worker reports not-ready so that an orchestrator restarts it; default 2
 * @param offsetCommitInterval least time between two offset commits of a consumer thread; what
 *     waits goes when the consumer has had no records that long or loses partitions. A claim, not
 *     the offset, owns a job, so offsets committed late only mean that a crash redelivers the
 *     records of that last stretch, whose claims then take nothing; 0 commits after every poll;
 *     default 250 ms
 * @param outcomeRetryTimeout how long a finished attempt keeps its outcome and retries writing it
 *     while PostgreSQL is unreachable; the heartbeat renews its lease meanwhile as soon as PostgreSQL
 *     answers, so the outcome lands unless the reaper handed the job on first (then the lost
 *     attempt's history says how it had ended); at least {@code lease}; default 10 min
 * @param remoteCancelTimeout how long the cancel of a job's remote work (an AWX job, a Landscape
 *     activity) may take when the job is revoked or reaches its time limit; it runs on its own
 *     thread, best effort; default 10 s
 */
@ConfigurationProperties(WorkerProperties.PREFIX)
public record WorkerProperties(
        @Nullable String id,
        @DefaultValue(Topics.DEFAULT_QUEUE) List<String> queues,
        @DefaultValue("256") int concurrency,
        @DefaultValue("1") int consumers,
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue("262144") int maxResultBytes,
        @DefaultValue("5s") Duration softLimitMargin,
        @DefaultValue("2") int maxStuckThreads,
        @DefaultValue("250ms") Duration offsetCommitInterval,
        @DefaultValue("10s") Duration remoteCancelTimeout,
        @DefaultValue("10m") Duration outcomeRetryTimeout) {

    static final String PREFIX = "jobs.worker";

    /** The name Spring gives this record's bean, for expressions such as {@code @Scheduled} intervals. */
    public static final String BEAN = PREFIX + "-" + "dev.connectorjobs.worker.config.WorkerProperties";

    public WorkerProperties {
        queues = List.copyOf(queues);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("jobs.worker.queues is empty; name at least one queue, e.g. default");
        }
        for (String queue : queues) {
            Topics.queueTopic(queue);
        }
        if (offsetCommitInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "jobs.worker.offset-commit-interval must not be negative, was " + offsetCommitInterval);
        }
        if (remoteCancelTimeout.isNegative() || remoteCancelTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "jobs.worker.remote-cancel-timeout must be positive, was " + remoteCancelTimeout);
        }
        if (outcomeRetryTimeout.compareTo(lease) < 0) {
            throw new IllegalArgumentException("jobs.worker.outcome-retry-timeout (" + outcomeRetryTimeout
                    + ") must be at least jobs.worker.lease (" + lease + "), or outcomes are dropped while the"
                    + " job still belongs to this worker");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("jobs.worker.concurrency must be at least 1, was " + concurrency);
        }
        if (lease.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "jobs.worker.lease (" + lease + ") must be at least twice" + " jobs.worker.heartbeat-interval ("
                            + heartbeatInterval + ") or leases expire between heartbeats");
        }
        if (id == null || id.isBlank()) {
            id = host() + "-" + ProcessHandle.current().pid();
        } else if (id.chars().anyMatch(Character::isISOControl)) {
            // PostgreSQL refuses a NUL in text, and the id is written with every claim, heartbeat and outcome.
            throw new IllegalArgumentException("jobs.worker.id must not contain control characters (NUL, line"
                    + " breaks, ...); use letters, digits, '-', '_' or '.', e.g. worker-1");
        }
    }

    /** The id, resolved to its default when not configured. */
    public String workerId() {
        return java.util.Objects.requireNonNull(id);
    }

    /** The topics of {@link #queues()}. */
    public String[] topics() {
        return queues.stream().map(Topics::queueTopic).toArray(String[]::new);
    }

    /** This machine's host name, as the default {@link #id} uses it. */
    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
