package dev.connectorjobs.worker.heartbeat;

import dev.connectorjobs.worker.config.WorkerProperties;
import dev.connectorjobs.worker.database.DatabaseGuard;
import dev.connectorjobs.worker.execution.JobRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Registers this worker, heartbeats, and extends the leases of the jobs it runs. Every time it
 * writes is PostgreSQL's {@code now()}, the clock the reaper and the other workers compare with. On stop it stops
 * after the Kafka listener (its phase is lower), lets running jobs drain, and marks itself stopped.
 */
@Component
class WorkerHeartbeat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerHeartbeat.class);

    private final JdbcTemplate jdbc;
    private final WorkerProperties properties;
    private final JobRunner runner;
    private final DatabaseGuard database;
    private final Counter leaseRenewalsFailed;
    private volatile boolean running;

    WorkerHeartbeat(
            JdbcTemplate jdbc,
            WorkerProperties properties,
            JobRunner runner,
            DatabaseGuard database,
            MeterRegistry registry) {
        this.leaseRenewalsFailed = Counter.builder("jobs.worker.lease.renewals.failed")
                .description("Heartbeats that could not extend the leases of the jobs this worker runs")
                .register(registry);
        this.database = database;
        this.jdbc = jdbc;
        this.properties = properties;
        this.runner = runner;
    }

    @Override
    public void start() {
        // Registration takes the id over only from a stopped worker or one whose heartbeat is older
        // than a lease: two live workers with one id would renew, reconcile and release each other's
        // jobs. Times are PostgreSQL's, the one clock every worker and the reaper share.
        int registered = jdbc.update(con -> {
            var ps = con.prepareStatement("""
                            INSERT INTO workers (id, host, pid, queues, concurrency, running, started_at, last_heartbeat)
                            VALUES (?, ?, ?, ?, ?, 0, now(), now())
                            ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid,
                                queues = excluded.queues, concurrency = excluded.concurrency, running = 0,
                                started_at = excluded.started_at, last_heartbeat = excluded.last_heartbeat,
                                stopped_at = NULL
                             WHERE workers.stopped_at IS NOT NULL
                                OR workers.last_heartbeat <= now() - ? * interval '1 millisecond'
                            """);
            ps.setString(1, properties.workerId());
            ps.setString(2, WorkerProperties.host());
            ps.setLong(3, ProcessHandle.current().pid());
            ps.setArray(4, con.createArrayOf("text", properties.queues().toArray()));
            ps.setInt(5, properties.concurrency());
            ps.setLong(6, properties.lease().toMillis());
            return ps;
        });
        if (registered == 0) {
            throw idInUse();
        }
        // Jobs recorded under this id belong to an earlier process with the same id: it is gone, so
        // their leases end now and the reaper can hand them on without waiting for the lease.
        int orphaned = jdbc.update(
                "UPDATE jobs SET lease_expires_at = now() WHERE worker_id = ? AND status = 'STARTED'",
                properties.workerId());
        if (orphaned > 0) {
            log.warn(
                    "{} jobs were still STARTED under worker id {} from an earlier process; released their leases",
                    orphaned,
                    properties.workerId());
        }
        running = true;
        log.info(
                "Worker {} registered: queues={} concurrency={}",
                properties.workerId(),
                properties.queues(),
                properties.concurrency());
    }

    /** The refusal to start under the id of a worker that still heartbeats, naming that worker. */
    private IllegalStateException idInUse() {
        String id = properties.workerId();
        String other = jdbc.query(
                """
                SELECT host, pid, greatest(0, ceil(extract(epoch FROM now() - last_heartbeat)))::bigint AS ago,
                       greatest(1, ceil(extract(epoch FROM last_heartbeat + ? * interval '1 millisecond' - now())))::bigint
                           AS wait
                  FROM workers WHERE id = ?
                """,
                rs -> rs.next()
                        ? "worker on host " + rs.getString("host") + " (pid " + rs.getLong("pid")
                                + "), which heartbeat "
                                + rs.getLong("ago") + " s ago; give this worker another id (jobs.worker.id) or, if"
                                + " that worker is gone, start this one again in " + rs.getLong("wait") + " s, when"
                                + " its heartbeat is older than the lease (jobs.worker.lease = " + properties.lease()
                                + ")"
                        : "worker that stopped meanwhile; start this one again",
                properties.lease().toMillis(),
                id);
        return new IllegalStateException("Worker id " + id + " is in use by a live " + other);
    }

    @Scheduled(fixedDelayString = "#{@'" + WorkerProperties.BEAN + "'.heartbeatInterval().toMillis()}")
    void heartbeat() {
        if (!running) {
            return;
        }
        List<UUID> jobs = List.copyOf(runner.runningJobIds());
        boolean renewed = jobs.isEmpty();
        try {
            // Not held back by the database breaker, and its probe: the first heartbeat PostgreSQL
            // answers closes the breaker, before leases lapse.
            database.renew(() -> jdbc.update(
                    "UPDATE workers SET last_heartbeat = now(), running = ?, stopped_at = NULL WHERE id = ?",
                    jobs.size(),
                    properties.workerId()));
            if (!jobs.isEmpty()) {
                long sentAt = System.nanoTime();
                List<UUID> renewedJobs = jdbc.query(
                        con -> {
                            // Locked in key order (JobIds.LOCK_ORDER) whatever the plan, so a heartbeat
                            // and an outcome batch never wait for each other in a cycle.
                            var ps = con.prepareStatement("""
                                    UPDATE jobs SET lease_expires_at = now() + ? * interval '1 millisecond'
                                     WHERE id IN (SELECT id FROM jobs
                                                   WHERE id = ANY(?) AND worker_id = ? AND (status = 'STARTED') IS TRUE
                                                   ORDER BY id FOR UPDATE)
                                    RETURNING id
                                    """);
                            ps.setLong(1, properties.lease().toMillis());
                            ps.setArray(2, con.createArrayOf("uuid", jobs.toArray()));
                            ps.setString(3, properties.workerId());
                            return ps;
                        },
                        (rs, n) -> rs.getObject(1, UUID.class));
                // The attempts whose lease did not come back keep their last deadline; the lease watch
                // cancels them before it passes.
                runner.leasesRenewed(renewedJobs, sentAt);
            }
            renewed = true;
            runner.reconcile();
        } catch (RuntimeException e) {
            if (!renewed) {
                leaseRenewalsFailed.increment();
            }
            log.warn(
                    "Heartbeat failed; leases of running jobs expire in {} unless it recovers: {}",
                    properties.lease(),
                    e.toString());
        }
    }

    @Override
    public void stop() {
        List<UUID> handedBack = runner.drain(properties.drainTimeout());
        if (!handedBack.isEmpty()) {
            log.warn(
                    "{} jobs were still running after the drain timeout of {}; handed them back to the queue",
                    handedBack.size(),
                    properties.drainTimeout());
        }
        int left = runner.runningCount();
        running = false;
        try {
            jdbc.update("UPDATE workers SET stopped_at = now(), running = ? WHERE id = ?", left, properties.workerId());
        } catch (RuntimeException e) {
            log.warn("Could not mark worker {} stopped: {}", properties.workerId(), e.toString());
        }
        log.info("Worker {} stopped", properties.workerId());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the Kafka listener containers and stops after them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
