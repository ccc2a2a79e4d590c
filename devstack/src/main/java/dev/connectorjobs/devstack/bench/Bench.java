package dev.connectorjobs.devstack.bench;

import dev.connectorjobs.devstack.bench.CompletionWaiter.Completion;
import dev.connectorjobs.devstack.bench.ExactlyOnce.Verdict;
import dev.connectorjobs.devstack.bench.StackLauncher.StackStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The {@code bench} command: one measured run against a stack of its own or a running one (see
 * {@link BenchOptions#USAGE}).
 *
 * <ol>
 *   <li>Without {@code --api}: starts a stack through the {@link StackLauncher} on a free port, in a
 *       temporary data directory unless {@code --data-dir} is given, with a random bootstrap admin
 *       key and the api-gateway's per-key submission rate limit raised out of the way.
 *   <li>Submits the jobs from concurrent clients ({@link LoadGenerator}).
 *   <li>Waits until PostgreSQL says every accepted job is terminal ({@link CompletionWaiter}).
 *   <li>Reads the jobs' timestamps and attempt history ({@link JobRecords}), checks that every job
 *       ran exactly once ({@link ExactlyOnce}) and prints the figures ({@link BenchReport}).
 *   <li>Stops its own stack and deletes its temporary data directory, also on Ctrl-C.
 * </ol>
 */
public final class Bench {

    /** The api-gateway's bootstrap admin key variable. */
    static final String ADMIN_KEY_VARIABLE = "JOBS_BOOTSTRAP_ADMIN_KEY";

    /**
     * Per-key submission limits of the bench's own stack: far above what one machine can submit, so
     * the bench measures the pipeline, not the limiter.
     */
    static final Map<String, String> UNLIMITED_SUBMISSIONS = Map.of(
            "JOBS_SECURITY_SUBMIT_RATE_PER_SECOND", "1000000000",
            "JOBS_SECURITY_SUBMIT_BURST", "1000000000");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** PostgreSQL backends publish their statistics at most once a second. */
    private static final Duration STATISTICS_DELAY = Duration.ofMillis(1_500);

    private Bench() {}

    /**
     * Runs the benchmark and prints its report.
     *
     * @return the exit status: 0 when every job was accepted and ran exactly once, else 1
     */
    public static int run(BenchOptions options, StackLauncher launcher) throws InterruptedException {
        if (options.external().isPresent()) {
            BenchOptions.External external = options.external().get();
            progress("measuring the running stack at " + external);
            return measure(options, external.api(), external.key(), external.database());
        }
        return withOwnStack(options, launcher);
    }

    private static int withOwnStack(BenchOptions options, StackLauncher launcher) throws InterruptedException {
        Path dataDir;
        boolean temporary = options.dataDir().isEmpty();
        try {
            dataDir = temporary
                    ? Files.createTempDirectory("devstack-bench-")
                    : options.dataDir().get();
        } catch (IOException e) {
            error("could not create a temporary data directory: " + e);
            return 1;
        }
        String key = "cj_bench_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        Map<String, String> apiEnvironment = new HashMap<>(UNLIMITED_SUBMISSIONS);
        apiEnvironment.put(ADMIN_KEY_VARIABLE, key);
        StackLauncher.Stack stack = launcher.prepare(new StackLauncher.Request(
                options.workers(), freePort(), dataDir, apiEnvironment, options.startupTimeout()));
        AtomicBoolean cleanedUp = new AtomicBoolean();
        Runnable cleanUp = () -> {
            if (cleanedUp.compareAndSet(false, true)) {
                stack.close();
                if (temporary) {
                    deleteRecursively(dataDir);
                }
            }
        };
        Thread hook = new Thread(cleanUp, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            progress("starting a stack with " + options.workers() + " worker(s) in " + dataDir
                    + (temporary ? " (temporary)" : ""));
            StackLauncher.Started started = stack.start();
            return measure(options, started.api(), key, started.database());
        } catch (StackStartException e) {
            if (!cleanedUp.get()) {
                error(e.getMessage());
            }
            return 1;
        } finally {
            cleanUp.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down and runs the hook itself.
            }
        }
    }

    private static int measure(BenchOptions options, URI api, String key, Database database)
            throws InterruptedException {
        progress("%d %s job(s), rate %s, batch %d, %d client(s), timeout %d s"
                .formatted(
                        options.jobs(),
                        options.operation().apiName(),
                        options.rateText(),
                        options.batch(),
                        options.clients(),
                        options.timeout().toSeconds()));
        Deadline deadline = Deadline.after(options.timeout());
        try (Connection connection = database.connect();
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT)
                        .executor(Executors.newVirtualThreadPerTaskExecutor())
                        .build()) {
            progress("PostgreSQL " + DatabaseActivity.settings(connection));
            JobRequests requests = new JobRequests(options.operation(), options.sleepMs(), options.batch() > 1);
            if (options.warmup() > 0) {
                warmUp(options, new LoadGenerator.Target(http, api, key, requests), connection, deadline);
            }
            OpenLoopSchedule schedule = new OpenLoopSchedule(options.jobs(), options.batch(), options.rate());
            ProcessCpu.Snapshot cpuBefore = ProcessCpu.take();
            Optional<DatabaseActivity.Counters> databaseBefore = DatabaseActivity.take(connection);
            Submissions submissions = new LoadGenerator(
                            new LoadGenerator.Target(http, api, key, requests), schedule, options.clients(), deadline)
                    .run(RunClock.start());
            List<UUID> accepted = submissions.accepted();
            progress("submitted %d of %d jobs; waiting until every accepted job is terminal"
                    .formatted(accepted.size(), options.jobs()));
            Completion completion = new CompletionWaiter(connection).await(accepted, deadline);
            ProcessCpu.Usage cpu = ProcessCpu.between(cpuBefore, ProcessCpu.take());
            Thread.sleep(STATISTICS_DELAY);
            Map<String, Double> databasePerJob = databaseBefore
                    .flatMap(before -> DatabaseActivity.take(connection)
                            .map(after -> DatabaseActivity.perJob(before, after, accepted.size())))
                    .orElse(Map.of());
            JobRecords records = JobRecords.read(connection, accepted);
            Verdict verdict = ExactlyOnce.check(accepted, records);
            BenchReport report =
                    new BenchReport(options, submissions, completion, records, verdict, cpu, databasePerJob);
            report.lines().forEach(Bench::progress);
            System.out.println(report.benchLine());
            System.out.flush();
            return report.passed() ? 0 : 1;
        } catch (SQLException e) {
            error("could not read the jobs from " + database + ": " + e.getMessage());
            return 1;
        }
    }

    private static void warmUp(
            BenchOptions options, LoadGenerator.Target target, Connection connection, Deadline deadline)
            throws InterruptedException, SQLException {
        progress("warming up: %d job(s) as fast as the clients can, not measured".formatted(options.warmup()));
        OpenLoopSchedule schedule = new OpenLoopSchedule(options.warmup(), options.batch(), OptionalDouble.empty());
        Submissions warmup = new LoadGenerator(target, schedule, options.clients(), deadline).run(RunClock.start());
        Completion completion = new CompletionWaiter(connection).await(warmup.accepted(), deadline);
        progress("warmed up: %d accepted, %d terminal"
                .formatted(warmup.accepted().size(), completion.terminal()));
    }

    static void progress(String message) {
        System.out.println("bench: " + message);
        System.out.flush();
    }

    private static void error(String message) {
        System.err.println("bench: " + message);
        System.err.flush();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            error("could not delete " + root + ": " + e.getMessage());
        }
    }
}
