package dev.connectorjobs.bench;

import dev.connectorjobs.bench.CompletionWaiter.Completion;
import dev.connectorjobs.bench.ExactlyOnce.Verdict;
import dev.connectorjobs.bench.HistorySeeder.Seeding;
import dev.connectorjobs.bench.HistorySeeder.TableSize;
import dev.connectorjobs.bench.QueryPlans.Plan;
import dev.connectorjobs.bench.StackLauncher.StackStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The {@code bench} command: one measured run against a stack of its own or a running one (see
 * {@link BenchOptions#USAGE}).
 *
 * <ol>
 *   <li>Without {@code --api}: starts a stack through the {@link StackLauncher} on a free port, in a
 *       temporary data directory unless {@code --data-dir} is given, with a random bootstrap admin
 *       key and the api-gateway's per-key submission rate limit raised out of the way.
 *   <li>Submits the jobs from concurrent clients ({@link LoadGenerator}); with {@code
 *       --lookups-during}, status lookups of the run's accepted jobs go alongside until every job is
 *       terminal ({@link LookupsDuringRun}).
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

    static final String RETENTION_PERIOD_VARIABLE = "JOBS_API_RETENTION_FINISHED_JOBS";
    static final String RETENTION_INTERVAL_VARIABLE = "JOBS_API_RETENTION_INTERVAL";
    static final Duration RETENTION_INTERVAL = Duration.ofSeconds(30);
    private static final Duration KEEP_EVERYTHING = Duration.ofDays(36_500);
    /** Lookups ask for history jobs this much younger than the retention period: the sweep leaves them. */
    private static final Duration RETENTION_MARGIN = Duration.ofHours(1);

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
            return measure(
                    options, external.api(), external.key(), external.database(), Optional.empty(), Optional.empty());
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
        apiEnvironment.putAll(retentionEnvironment(options.history().retention()));
        StackLauncher.Stack stack = launcher.prepare(new StackLauncher.Request(
                options.workers(),
                freePort(),
                dataDir,
                apiEnvironment,
                options.startupTimeout(),
                options.operation() == BenchOptions.Operation.HTTP
                        ? Optional.of(Duration.ofMillis(options.latencyMs()))
                        : Optional.empty()));
        try (StackCleanup cleanup = new StackCleanup("bench-cleanup", stack::close, dataDir, temporary)) {
            try {
                progress("starting a stack with " + options.workers() + " worker(s) in " + dataDir
                        + (temporary ? " (temporary)" : ""));
                StackLauncher.Started started = stack.start();
                return measure(
                        options,
                        started.api(),
                        key,
                        started.database(),
                        Optional.of(dataDir),
                        Optional.of(started.workers()));
            } catch (StackStartException e) {
                if (!cleanup.done()) { // else Ctrl-C stopped the start, which says nothing new
                    error(e.getMessage());
                }
                return 1;
            }
        }
    }

    /**
     * The api-gateway's retention settings for the bench's own stack: with {@code --retention} that
     * period and a sweep every {@link #RETENTION_INTERVAL} (the first one that long after the start);
     * without, a period of 100 years, so seeded history stays.
     */
    static Map<String, String> retentionEnvironment(Optional<Duration> retention) {
        return Map.of(
                RETENTION_PERIOD_VARIABLE, retention.orElse(KEEP_EVERYTHING).toSeconds() + "s",
                RETENTION_INTERVAL_VARIABLE, RETENTION_INTERVAL.toSeconds() + "s");
    }

    /**
     * @param ownDataDir the data directory of the bench's own stack; empty for a running stack
     *     ({@code --api})
     * @param workers the worker processes of the bench's own stack; empty for a running stack
     */
    private static int measure(
            BenchOptions options,
            URI api,
            String key,
            Database database,
            Optional<Path> ownDataDir,
            Optional<StackLauncher.Workers> workers)
            throws InterruptedException {
        progress("%d %s job(s), rate %s, batch %d, %d client(s), timeout %d s"
                .formatted(
                        options.jobs(),
                        options.operation().apiName(),
                        options.rateText(),
                        options.batch(),
                        options.clients(),
                        options.timeout().toSeconds()));
        try (Connection connection = database.connect();
                PlainHttp http = new PlainHttp(api, CONNECT_TIMEOUT)) {
            progress("PostgreSQL " + DatabaseActivity.settings(connection));
            BenchOptions.History history = options.history();
            Optional<Seeding> seeding = Optional.empty();
            List<TableSize> sizes = List.of();
            if (history.jobs() > 0) {
                seeding = seed(history, connection);
                sizes = HistorySeeder.sizes(connection);
            }
            Random random = new Random();
            List<UUID> historySample = sampleHistory(history, connection, random);
            List<Plan> plans = new ArrayList<>();
            if (!historySample.isEmpty()) {
                plans.addAll(QueryPlans.lookup(connection, historySample.getFirst()));
            }
            if (history.jobs() > 0) {
                plans.add(QueryPlans.backlog(connection, Instant.now()));
            }
            if (history.retention().isPresent()) {
                plans.add(QueryPlans.sweep(
                        connection, Instant.now().minus(history.retention().get())));
            }
            JobRequests requests = new JobRequests(options.operation(), options.sleepMs(), options.batch() > 1);
            LoadGenerator.Target target = new LoadGenerator.Target(http, api, key, requests);
            Optional<RetentionWatch> watch =
                    history.retention().isPresent() ? Optional.of(RetentionWatch.start(database)) : Optional.empty();
            try {
                if (options.warmup() > 0) {
                    warmUp(options, target, connection);
                }
                Deadline deadline = Deadline.after(options.timeout());
                OpenLoopSchedule schedule = new OpenLoopSchedule(options.jobs(), options.batch(), options.rate());
                ProcessCpu.Snapshot cpuBefore = ProcessCpu.take();
                Optional<DatabaseActivity.Counters> databaseBefore = DatabaseActivity.take(connection);
                long deletedBeforeRun = watch.map(RetentionWatch::deleted).orElse(0L);
                AtomicBoolean floodDone = new AtomicBoolean();
                Optional<ProbeRun> probes = ProbeRun.start(options.probe(), api, key, database, floodDone);
                Optional<Footprint> footprint = Optional.empty();
                if (options.footprintEvery().isPresent() && ownDataDir.isPresent()) {
                    footprint = Optional.of(Footprint.start(
                            ownDataDir.get(), database, options.footprintEvery().get()));
                }
                Submissions submissions;
                Completion completion;
                Optional<LookupsDuringRun.Result> lookupsDuring;
                List<ReplicaScheduler.Fired> fired = List.of();
                RunClock clock = RunClock.start();
                Optional<ReplicaScheduler> replicaScheduler =
                        options.replicaEvents().isEmpty()
                                ? Optional.empty()
                                : workers.map(w -> ReplicaScheduler.start(options.replicaEvents(), w, clock));
                try {
                    AcceptedIds acceptedIds = new AcceptedIds();
                    Optional<LookupsDuringRun> duringRun =
                            startLookupsDuring(options, target, acceptedIds, clock, "the run");
                    try {
                        try {
                            submissions = new LoadGenerator(target, schedule, options.clients(), deadline, acceptedIds)
                                    .run(clock);
                        } finally {
                            floodDone.set(true);
                        }
                        progress("submitted %d of %d jobs; waiting until every accepted job is terminal"
                                .formatted(submissions.accepted().size(), options.jobs()));
                        completion = new CompletionWaiter(connection).await(submissions.accepted(), deadline);
                        if (replicaScheduler.isPresent()) {
                            fired = replicaScheduler.get().finish();
                        }
                    } finally {
                        lookupsDuring = finish(duringRun);
                    }
                } finally {
                    footprint.ifPresent(Footprint::close);
                    replicaScheduler.ifPresent(ReplicaScheduler::close);
                }
                footprint.ifPresent(
                        f -> System.out.println("FOOTPRINT " + BenchReport.json(Footprint.json(f.marks()))));
                List<UUID> accepted = submissions.accepted();
                if (probes.isPresent()) {
                    ProbeJobs.Result probed = probes.get().finish(connection, deadline);
                    probed.lines().forEach(Bench::progress);
                    System.out.println("PROBE " + BenchReport.json(probed.json()));
                }
                double runSeconds = (RunClock.epochMicros(Instant.now()) - submissions.startEpochMicros()) / 1e6;
                long deletedDuringRun = watch.map(RetentionWatch::deleted).orElse(0L) - deletedBeforeRun;
                ProcessCpu.Usage cpu = ProcessCpu.between(cpuBefore, ProcessCpu.take());
                Thread.sleep(STATISTICS_DELAY);
                Map<String, Double> databasePerJob = databaseBefore
                        .flatMap(before -> DatabaseActivity.take(connection)
                                .map(after -> DatabaseActivity.perJob(before, after, accepted.size())))
                        .orElse(Map.of());
                JobRecords records = JobRecords.read(connection, accepted);
                Verdict verdict = ExactlyOnce.check(accepted, records, ReplicaReport.killedWorkers(fired));
                Optional<ReplicaReport> replicas = replicaScheduler.isPresent()
                        ? Optional.of(ReplicaReport.of(
                                fired, records, submissions.startEpochMicros(), intendedMicros(submissions)))
                        : Optional.empty();
                long deletedBeforeLookups = watch.map(RetentionWatch::deleted).orElse(0L);
                Optional<StatusLookups.Result> lookups =
                        lookUp(options, target, historySample, accepted, plans, connection, random);
                Thread.sleep(watch.isPresent() ? STATISTICS_DELAY : Duration.ZERO);
                long deletedDuringLookups = watch.map(RetentionWatch::deleted).orElse(0L) - deletedBeforeLookups;
                Optional<HistoryReport.Retention> retention = watch.map(w -> new HistoryReport.Retention(
                        history.retention().orElseThrow(),
                        w.sweep(),
                        deletedDuringRun,
                        runSeconds,
                        deletedDuringLookups,
                        lookups.map(StatusLookups.Result::seconds).orElse(0.0)));
                BenchReport report = new BenchReport(
                        options,
                        submissions,
                        completion,
                        records,
                        verdict,
                        cpu,
                        databasePerJob,
                        new HistoryReport(seeding, sizes, lookups, plans, retention),
                        lookupsDuring,
                        replicas);
                report.lines().forEach(Bench::progress);
                System.out.println(report.benchLine());
                System.out.flush();
                return report.passed() ? 0 : 1;
            } finally {
                watch.ifPresent(RetentionWatch::close);
            }
        } catch (SQLException e) {
            error("could not read the jobs from " + database + ": " + e.getMessage());
            return 1;
        } catch (BenchUsageException e) {
            error(e.getMessage());
            return 1;
        }
    }

    /** Each accepted job's intended send time, in microseconds since the epoch. */
    private static Map<UUID, Long> intendedMicros(Submissions submissions) {
        Map<UUID, Long> intended = new HashMap<>(submissions.jobs() * 2);
        for (int job = 0; job < submissions.jobs(); job++) {
            UUID id = submissions.id(job);
            if (id != null) {
                intended.put(id, submissions.intendedEpochMicros(job));
            }
        }
        return intended;
    }

    /** The status lookups after the run, with the lookup's plan for a job of the run when there is no history. */
    private static Optional<StatusLookups.Result> lookUp(
            BenchOptions options,
            LoadGenerator.Target target,
            List<UUID> historySample,
            List<UUID> accepted,
            List<Plan> plans,
            Connection connection,
            Random random)
            throws InterruptedException, SQLException {
        BenchOptions.History history = options.history();
        if (history.lookups() == 0 || accepted.isEmpty()) {
            return Optional.empty();
        }
        if (historySample.isEmpty()) {
            plans.addAll(QueryPlans.lookup(connection, accepted.getFirst()));
        }
        progress("%d status lookups at %s/s, %s"
                .formatted(
                        history.lookups(),
                        history.lookupRateText(),
                        historySample.isEmpty()
                                ? "all for jobs of this run"
                                : "half for history jobs, half for jobs of this run"));
        if (options.warmup() > 0) {
            // The lookup path's code is compiled by the JIT during its first thousands of calls; those
            // calls would otherwise be the measured tail, as the job warm-up avoids for submissions. They
            // ask for jobs of this run only, so no history page is cached for the measured lookups.
            progress("warming up: %d status lookups of this run's jobs as fast as the clients can, not measured"
                    .formatted(history.lookups()));
            new StatusLookups(
                            target,
                            StatusLookupTargets.mix(List.of(), accepted, history.lookups(), random),
                            OptionalDouble.empty(),
                            options.clients())
                    .run();
        }
        StatusLookupTargets targets = StatusLookupTargets.mix(historySample, accepted, history.lookups(), random);
        return Optional.of(new StatusLookups(target, targets, history.lookupRate(), options.clients()).run());
    }

    /**
     * Starts the status lookups during the run that {@code --lookups-during} asks for, due from the run's start.
     *
     * @param run "the run" or a warm-up round, for the progress line
     */
    private static Optional<LookupsDuringRun> startLookupsDuring(
            BenchOptions options, LoadGenerator.Target target, AcceptedIds acceptedIds, RunClock clock, String run) {
        if (options.lookupsDuring().isEmpty()) {
            return Optional.empty();
        }
        double rate = options.lookupsDuring().getAsDouble();
        LookupsDuringRun lookups = LookupsDuringRun.start(target, acceptedIds, rate, clock.startNanos());
        progress("status lookups during %s: %s/s from %d client(s), for jobs of this run accepted so far"
                .formatted(run, BenchOptions.formatRate(rate), lookups.clients()));
        return Optional.of(lookups);
    }

    private static Optional<LookupsDuringRun.Result> finish(Optional<LookupsDuringRun> lookups)
            throws InterruptedException {
        return lookups.isPresent() ? Optional.of(lookups.get().finish()) : Optional.empty();
    }

    /**
     * Seeds the history {@code --history} asks for, unless it is there already.
     *
     * @return what seeding did, or empty when nothing was seeded
     * @throws BenchUsageException when {@code --retention} is given but the history is missing
     */
    private static Optional<Seeding> seed(BenchOptions.History history, Connection connection) throws SQLException {
        long present = HistorySeeder.estimatedJobs(connection);
        long missing = HistorySeeder.missing(history.jobs(), present);
        if (missing > 0 && history.retention().isPresent()) {
            throw new BenchUsageException(("--retention measures the sweep of history that is already there, but the"
                            + " jobs table holds about %d rows, not %d: seed it first with --history %d --data-dir DIR"
                            + " (without --retention), then run again with the same options and --retention")
                    .formatted(present, history.jobs(), history.jobs()));
        }
        if (missing == 0) {
            progress("the jobs table already holds about %d rows: not seeding".formatted(present));
            return Optional.empty();
        }
        progress("seeding %d finished jobs (the table holds about %d); this takes minutes for millions"
                .formatted(missing, present));
        return Optional.of(HistorySeeder.seed(connection, present, missing, Instant.now()));
    }

    /** Random history jobs for the lookups, younger than the retention period by a margin. */
    private static List<UUID> sampleHistory(BenchOptions.History history, Connection connection, Random random)
            throws SQLException {
        if (history.lookups() == 0) {
            return List.of();
        }
        long notBefore = history.retention()
                .map(r -> Instant.now().minus(r).plus(RETENTION_MARGIN).toEpochMilli())
                .orElse(0L);
        return StatusLookupTargets.sampleHistory(
                connection, Math.max(1, history.lookups() / 2), notBefore, System.currentTimeMillis(), random);
    }

    /**
     * Rounds of {@code --warmup} jobs as fast as the clients can, unmeasured, until the CPU per job
     * no longer falls ({@link WarmUp}); each round has {@code --timeout} of its own.
     */
    private static void warmUp(BenchOptions options, LoadGenerator.Target target, Connection connection)
            throws InterruptedException, SQLException {
        List<Double> cpuPerJob = new ArrayList<>();
        do {
            progress("warming up, round %d: %d job(s) as fast as the clients can, not measured"
                    .formatted(cpuPerJob.size() + 1, options.warmup()));
            Deadline deadline = Deadline.after(options.timeout());
            OpenLoopSchedule schedule = new OpenLoopSchedule(options.warmup(), options.batch(), OptionalDouble.empty());
            ProcessCpu.Snapshot before = ProcessCpu.take();
            AcceptedIds acceptedIds = new AcceptedIds();
            RunClock clock = RunClock.start();
            // The lookups during the run warm up with the jobs, so that their path is compiled when measured; their CPU
            // counts in the round's CPU per job, like in the measured run.
            Optional<LookupsDuringRun> lookups =
                    startLookupsDuring(options, target, acceptedIds, clock, "the warm-up round, not measured");
            Submissions round;
            Completion completion;
            try {
                round = new LoadGenerator(target, schedule, options.clients(), deadline, acceptedIds).run(clock);
                completion = new CompletionWaiter(connection).await(round.accepted(), deadline);
            } finally {
                finish(lookups);
            }
            ProcessCpu.Usage usage = ProcessCpu.between(before, ProcessCpu.take());
            double busyCoreSeconds = usage.cpuSecondsByGroup().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            int jobs = Math.max(1, round.accepted().size());
            cpuPerJob.add(busyCoreSeconds / jobs);
            progress("warmed up, round %d: %d accepted, %d terminal, %.3f ms of CPU per job"
                    .formatted(
                            cpuPerJob.size(),
                            round.accepted().size(),
                            completion.terminal(),
                            1000 * cpuPerJob.getLast()));
            if (usage.cpuSecondsByGroup().isEmpty()) {
                // No /proc to measure by: one round, as asked.
                return;
            }
        } while (!WarmUp.settled(cpuPerJob));
    }

    static void progress(String message) {
        System.out.println("bench: " + message);
        System.out.flush();
    }

    private static void error(@Nullable String message) {
        System.err.println("bench: " + (message == null ? "failed without a message; see the logs" : message));
        System.err.flush();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A port on 127.0.0.1 that is free right now, for a stack of one's own. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
        }
    }

    /** Deletes a directory tree, reporting (not throwing) what could not be deleted. */
    public static void deleteRecursively(Path root) {
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
