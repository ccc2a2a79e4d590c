package peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobId;
import org.jobrunr.jobs.context.JobContext;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.BackgroundJob;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.configuration.BackgroundJobServerThreadType;
import org.jobrunr.server.configuration.DefaultBackgroundJobServerWorkerPolicy;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * JobRunr peer: enqueue N echo (or http) jobs as fast as possible into JobRunr (OSS) on PostgreSQL, with a
 * BackgroundJobServer in the same JVM, wait until every job is SUCCEEDED, verify, print one {@code
 * PEER {json}} line.
 *
 * <pre>
 * java -jar target/jobrunr-peer.jar --mode single|batch --jobs N [--clients C] [--batch B]
 *      [--warmup W] [--workers K] [--threads default|virtual|platform] [--poll S] [--pool P]
 *      [--timeout S] [--pg-pid PID] [--workload echo|http] [--http-url URL] [--stub-pid PID]
 *      [--note key=value]...
 * </pre>
 *
 * <p>workload echo: {@link EchoJob#echo}, the result is the params; http: {@link HttpJob#call}, one
 * HTTP GET to {@code URL/peer/<i>} (the project's latency stub, its process counted as CPU group
 * {@code stub}), the result is the params plus {@code "status": 200}.
 *
 * single: {@code BackgroundJob.enqueue(() -> EchoJob.echo(JobContext.Null, params))} per job from C
 * threads (one INSERT transaction each); batch: {@code BackgroundJob.enqueue(Stream, lambda)} with B
 * jobs per call from C threads (JobRunr inserts them as one JDBC batch in one transaction).
 * wall_s runs from the first enqueue to the newest SUCCEEDED timestamp in the jobs' histories.
 */
public final class PeerBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] argv) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        Map<String, String> a = parse(argv);
        String mode = a.getOrDefault("mode", "single");
        int jobs = Integer.parseInt(a.get("jobs"));
        int batch = mode.equals("batch") ? Integer.parseInt(a.getOrDefault("batch", "500")) : 1;
        int clients = Integer.parseInt(a.getOrDefault("clients", mode.equals("batch") ? "8" : "64"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "0"));
        int workers = Integer.parseInt(a.getOrDefault("workers", "0"));
        String threads = a.getOrDefault("threads", "default");
        int poll = Integer.parseInt(a.getOrDefault("poll", "15"));
        int pool = Integer.parseInt(a.getOrDefault("pool", "32"));
        double timeout = Double.parseDouble(a.getOrDefault("timeout", "600"));
        String jdbc = a.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:5432/jobrunr_peer");
        long pgPid = Long.parseLong(a.getOrDefault("pg-pid", "0"));
        String workload = a.getOrDefault("workload", "echo");
        if (!workload.equals("echo") && !workload.equals("http")) {
            throw new IllegalArgumentException("--workload must be echo or http");
        }
        long stubPid = Long.parseLong(a.getOrDefault("stub-pid", "0"));
        if (workload.equals("http")) {
            HttpJob.baseUrl = a.getOrDefault("http-url", HttpJob.baseUrl);
        }

        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbc);
        hc.setUsername("postgres");
        hc.setMaximumPoolSize(pool);
        hc.setMinimumIdle(pool);
        hc.setPoolName("jobrunr");
        HikariDataSource ds = new HikariDataSource(hc);
        StorageProvider storage = new PostgresStorageProvider(ds);

        BackgroundJobServerConfiguration server = BackgroundJobServerConfiguration
                .usingStandardBackgroundJobServerConfiguration()
                .andPollInterval(Duration.ofSeconds(poll));
        BackgroundJobServerThreadType threadType = switch (threads) {
            case "virtual" -> BackgroundJobServerThreadType.VirtualThreads;
            case "platform" -> BackgroundJobServerThreadType.PlatformThreads;
            default -> BackgroundJobServerThreadType.getDefaultThreadType();
        };
        int workerCount = workers > 0 ? workers : threadType.getDefaultWorkerCount();
        server.andBackgroundJobServerWorkerPolicy(new DefaultBackgroundJobServerWorkerPolicy(workerCount, threadType));
        JobRunr.configure()
                .useStorageProvider(storage)
                .useBackgroundJobServer(server)
                .initialize();

        Map<String, List<Long>> groups = new LinkedHashMap<>();
        groups.put("jobrunr_jvm", List.of(ProcessHandle.current().pid()));
        if (pgPid > 0) {
            groups.put("postgres", List.of(pgPid));
        }
        if (stubPid > 0) {
            groups.put("stub", List.of(stubPid));
        }

        try (Connection watch = DriverManager.getConnection(jdbc, "postgres", "")) {
            watch.setAutoCommit(true);
            if (warmup > 0) {
                enqueue(params(warmup, "warmup"), mode, clients, batch, workload);
                long got = waitFor(watch, warmup, System.nanoTime() + (long) (timeout * 1e9));
                if (got < warmup) {
                    System.err.println("warm-up: only " + got + " of " + warmup + " succeeded");
                }
            }
            List<Map<String, Object>> measured = params(jobs, "world");
            long[] pg0 = pgCounters(watch);
            ProcCpu.Snapshot cpu0 = ProcCpu.take(groups);
            Instant t0 = Instant.now();
            long n0 = System.nanoTime();
            EnqueueResult er = enqueue(measured, mode, clients, batch, workload);
            double submitSeconds = (er.endNanos - n0) / 1e9;
            long done = waitFor(watch, (long) warmup + jobs, n0 + (long) (timeout * 1e9)) - warmup;
            double detectSeconds = (System.nanoTime() - n0) / 1e9;
            ProcCpu.Snapshot cpu1 = ProcCpu.take(groups);
            long[] pg1 = pgCounters(watch);
            boolean timedOut = done < jobs;

            // --- verification, outside the measured window ---
            Verification v = verify(watch, jobs, workload);
            if (timedOut) { // judge by what was there at the deadline, not moments later
                v.ok = (int) Math.min(v.ok, Math.max(0, done));
            }
            int pollOk = statusPollSample(storage, v.ids, 200);
            int dupExec = 0;
            int executions = 0;
            for (AtomicInteger c : EchoJob.EXECUTIONS.values()) {
                executions += c.get();
                dupExec += Math.max(0, c.get() - 1);
            }
            double wall = (!timedOut && v.lastFinish != null)
                    ? Duration.between(t0, v.lastFinish).toNanos() / 1e9 : detectSeconds;
            Map<String, Object> cpu = ProcCpu.delta(cpu0, cpu1, detectSeconds);

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("system", "jobrunr-" + mode);
            out.put("workload", workload);
            out.put("jobs", jobs);
            out.put("batch", batch);
            out.put("clients", clients);
            out.put("warmup", warmup);
            out.put("completed", v.ok);
            out.put("wall_s", ProcCpu.round(wall, 3));
            out.put("jobs_per_s", wall > 0 ? ProcCpu.round(v.ok / wall, 1) : null);
            out.put("submit_s", ProcCpu.round(submitSeconds, 3));
            out.put("submitted_per_s", ProcCpu.round(jobs / submitSeconds, 1));
            if (v.firstStart != null && v.lastFinish != null) {
                double firstPickup = Duration.between(t0, v.firstStart).toNanos() / 1e9;
                double span = Duration.between(v.firstStart, v.lastFinish).toNanos() / 1e9;
                out.put("first_pickup_s", ProcCpu.round(firstPickup, 3));
                out.put("completed_per_s", span > 0 ? ProcCpu.round(v.ok / span, 1) : null);
            }
            out.put("detect_s", ProcCpu.round(detectSeconds, 3));
            out.put("lost", jobs - v.ok - v.wrong);
            out.put("wrong_result", v.wrong);
            out.put("duplicates", Math.max(dupExec, v.extraProcessing));
            out.put("duplicate_executions_in_jvm", dupExec);
            out.put("extra_processing_states", v.extraProcessing);
            out.put("executions", executions);
            out.put("status_poll_sample_ok", pollOk + "/" + Math.min(200, v.ids.size()));
            out.put("enqueue_errors", er.errors.size());
            out.put("timed_out", timedOut);
            out.put("cpu_s_total", cpu.get("total"));
            out.put("cpu_s", cpu.get("groups"));
            // part of jobrunr_jvm: what BackgroundJob.enqueue cost (lambda analysis, JSON, INSERT)
            out.put("jvm_enqueue_threads_cpu_s", ProcCpu.round(er.threadCpuNanos() / 1e9, 2));
            out.put("cpu_s_per_1k_jobs", ProcCpu.round(1000 * (double) cpu.get("total") / jobs, 3));
            Map<String, Object> machine = new LinkedHashMap<>(cpu);
            machine.remove("groups");
            machine.remove("total");
            out.put("machine", machine);
            Map<String, Object> pg = new LinkedHashMap<>();
            pg.put("write_xacts_per_job", ProcCpu.round((pg1[0] - pg0[0]) / (double) jobs, 3));
            pg.put("wal_bytes_per_job", ProcCpu.round((pg1[1] - pg0[1]) / (double) jobs, 1));
            out.put("postgres", pg);
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("jobrunr", Job.class.getPackage().getImplementationVersion() == null
                    ? "8.7.0" : Job.class.getPackage().getImplementationVersion());
            config.put("java", System.getProperty("java.version"));
            config.put("storage", "PostgresStorageProvider " + jdbc.replace("jdbc:postgresql://", ""));
            config.put("worker_count", workerCount);
            config.put("worker_threads", threadType.name());
            config.put("worker_count_is_default", workers <= 0);
            config.put("poll_interval_s", poll);
            config.put("hikari_pool", pool);
            config.put("submit", batch > 1
                    ? "BackgroundJob.enqueue(Stream of " + batch + ", lambda) per call"
                    : "BackgroundJob.enqueue(lambda) per job");
            config.put("job", workload.equals("http")
                    ? "HttpJob.call: one GET with java.net.http.HttpClient (HTTP/1.1, kept-alive pool), one client per JVM"
                    : "EchoJob.echo");
            config.put("result", "result JSON in the job's dashboard log (metadata), saved with SUCCEEDED");
            config.put("wait", "count(*) of SUCCEEDED rows every 100 ms");
            a.forEach((k, val) -> {
                if (k.startsWith("note.")) {
                    config.put(k.substring(5), val);
                }
            });
            out.put("config", config);
            if (!er.errors.isEmpty()) {
                out.put("enqueue_error_sample", er.errors.stream().limit(3).toList());
            }
            System.out.println("PEER " + JSON.writeValueAsString(out));
            System.out.flush();
            JobRunr.destroy();
            ds.close();
            System.exit(v.ok == jobs && !timedOut ? 0 : 1);
        }
    }

    // --- enqueueing --------------------------------------------------------------------------

    /** endNanos: when the last enqueue returned; threadCpuNanos: CPU of the enqueueing threads. */
    record EnqueueResult(long endNanos, List<String> errors, long threadCpuNanos) {}

    static List<Map<String, Object>> params(int n, String hello) {
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Map<String, Object> p = new HashMap<>();
            p.put("hello", hello);
            p.put("i", i);
            out.add(p);
        }
        return out;
    }

    static EnqueueResult enqueue(
            List<Map<String, Object>> all, String mode, int clients, int batch, String workload)
            throws InterruptedException {
        boolean http = workload.equals("http");
        List<List<Map<String, Object>>> units = new ArrayList<>();
        int size = mode.equals("batch") ? batch : 1;
        for (int k = 0; k < all.size(); k += size) {
            units.add(all.subList(k, Math.min(all.size(), k + size)));
        }
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, clients));
        for (int c = 0; c < Math.max(1, clients); c++) {
            pool.execute(() -> {
                for (int u = next.getAndIncrement(); u < units.size(); u = next.getAndIncrement()) {
                    List<Map<String, Object>> unit = units.get(u);
                    try {
                        if (size == 1) {
                            Map<String, Object> params = unit.get(0);
                            JobId ignored = http
                                    ? BackgroundJob.enqueue(() -> HttpJob.call(JobContext.Null, params))
                                    : BackgroundJob.enqueue(() -> EchoJob.echo(JobContext.Null, params));
                        } else if (http) {
                            BackgroundJob.enqueue(unit.stream(), p -> HttpJob.call(JobContext.Null, p));
                        } else {
                            BackgroundJob.enqueue(unit.stream(), p -> EchoJob.echo(JobContext.Null, p));
                        }
                    } catch (RuntimeException e) {
                        errors.add(e.toString());
                    }
                }
                cpuNanos.addAndGet(Math.max(0, mx.getCurrentThreadCpuTime())); // fresh threads: all of it is enqueueing
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.DAYS);
        return new EnqueueResult(System.nanoTime(), new ArrayList<>(errors), cpuNanos.get());
    }

    // --- waiting -----------------------------------------------------------------------------

    static long waitFor(Connection c, long target, long deadlineNanos) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT count(*) FROM jobrunr_jobs WHERE state = 'SUCCEEDED'),"
                        + " (SELECT count(*) FROM jobrunr_jobs WHERE state = 'FAILED')")) {
            while (true) {
                long succeeded;
                long failed;
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    succeeded = rs.getLong(1);
                    failed = rs.getLong(2);
                }
                if (succeeded >= target || System.nanoTime() > deadlineNanos) {
                    return succeeded;
                }
                if (failed > 0) {
                    System.err.println("jobrunr-peer: " + failed + " jobs FAILED; see the jobrunr_jobs table");
                    return succeeded;
                }
                Thread.sleep(100);
            }
        }
    }

    static long[] pgCounters(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint,"
                        + " (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    // --- verification ------------------------------------------------------------------------

    static final class Verification {
        int ok;
        int wrong;
        int extraProcessing;
        Instant firstStart;
        Instant lastFinish;
        final List<UUID> ids = new ArrayList<>();
    }

    /** Reads every job row and checks state, params and the echoed result, from the stored JSON. */
    static Verification verify(Connection c, int jobs, String workload) throws Exception {
        Verification v = new Verification();
        boolean[] seen = new boolean[jobs];
        c.setAutoCommit(false); // for a streaming cursor
        try (Statement s = c.createStatement()) {
            s.setFetchSize(2000);
            try (ResultSet rs = s.executeQuery("SELECT id, state, jobAsJson FROM jobrunr_jobs")) {
                while (rs.next()) {
                    JsonNode job = JSON.readTree(rs.getString(3));
                    JsonNode params = findParams(job);
                    if (params == null || !"world".equals(params.path("hello").asText())) {
                        continue; // a warm-up job
                    }
                    int i = params.path("i").asInt(-1);
                    Instant processing = null;
                    Instant succeeded = null;
                    int processingStates = 0;
                    for (JsonNode st : job.path("jobHistory")) {
                        String name = st.path("state").asText();
                        if (name.equals("PROCESSING")) {
                            processingStates++;
                            Instant at = instant(st.path("createdAt"));
                            if (processing == null || at.isBefore(processing)) {
                                processing = at;
                            }
                        } else if (name.equals("SUCCEEDED")) {
                            succeeded = instant(st.path("createdAt"));
                        }
                    }
                    v.extraProcessing += Math.max(0, processingStates - 1);
                    if (!"SUCCEEDED".equals(rs.getString(2)) || succeeded == null || i < 0 || i >= jobs) {
                        continue;
                    }
                    if (seen[i]) {
                        v.extraProcessing++; // the same job enqueued twice would show here
                        continue;
                    }
                    seen[i] = true;
                    String result = findResult(job);
                    Map<String, Object> expected = workload.equals("http")
                            ? Map.of("hello", "world", "i", i, "status", 200)
                            : Map.of("hello", "world", "i", i);
                    if (result == null || !JSON.readValue(result, Map.class).equals(expected)) {
                        v.wrong++;
                        continue;
                    }
                    v.ok++;
                    v.ids.add(UUID.fromString(rs.getString(1)));
                    if (processing != null && (v.firstStart == null || processing.isBefore(v.firstStart))) {
                        v.firstStart = processing;
                    }
                    if (v.lastFinish == null || succeeded.isAfter(v.lastFinish)) {
                        v.lastFinish = succeeded;
                    }
                }
            }
        }
        c.commit();
        c.setAutoCommit(true);
        return v;
    }

    private static JsonNode findParams(JsonNode job) {
        for (JsonNode p : job.path("jobDetails").path("jobParameters")) {
            JsonNode o = p.path("object");
            if (o.isObject() && o.has("i")) {
                return o;
            }
        }
        return null;
    }

    private static String findResult(JsonNode job) {
        var fields = job.path("metadata").fields();
        while (fields.hasNext()) {
            var e = fields.next();
            if (!e.getKey().startsWith("jobRunrDashboardLog")) {
                continue;
            }
            for (JsonNode line : e.getValue().path("logLines")) {
                String msg = line.path("logMessage").asText("");
                if (msg.startsWith(EchoJob.RESULT_PREFIX)) {
                    return msg.substring(EchoJob.RESULT_PREFIX.length());
                }
            }
        }
        return null;
    }

    private static Instant instant(JsonNode n) {
        if (n.isTextual()) {
            return Instant.parse(n.asText());
        }
        java.math.BigDecimal d = n.decimalValue();
        long secs = d.longValue();
        long nanos = d.subtract(java.math.BigDecimal.valueOf(secs)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(secs, nanos);
    }

    /** The status-poll path: JobRunr's own storage API (what its dashboard's job page reads). */
    static int statusPollSample(StorageProvider storage, List<UUID> ids, int n) {
        List<UUID> sample = new ArrayList<>(ids);
        Collections.shuffle(sample, new Random(1));
        int ok = 0;
        for (UUID id : sample.subList(0, Math.min(n, sample.size()))) {
            Job job = storage.getJobById(id);
            boolean hasResult = job.getMetadata().keySet().stream().anyMatch(k -> k.startsWith("jobRunrDashboardLog"));
            if (job.getState() == StateName.SUCCEEDED && hasResult) {
                ok++;
            }
        }
        return ok;
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k < argv.length; k++) {
            if (!argv[k].startsWith("--") || k + 1 >= argv.length) {
                throw new IllegalArgumentException("usage: --key value ...; bad at " + argv[k]);
            }
            String key = argv[k].substring(2);
            String val = argv[++k];
            if (key.equals("note")) {
                int eq = val.indexOf('=');
                m.put("note." + val.substring(0, eq), val.substring(eq + 1));
            } else {
                m.put(key, val);
            }
        }
        if (!m.containsKey("jobs")) {
            throw new IllegalArgumentException("--jobs N is required");
        }
        return m;
    }
}
