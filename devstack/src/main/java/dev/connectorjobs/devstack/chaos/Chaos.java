package dev.connectorjobs.devstack.chaos;

import dev.connectorjobs.bench.Bench;
import dev.connectorjobs.bench.StackCleanup;
import dev.connectorjobs.bench.StackLauncher.StackStartException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The {@code chaos} command (see {@link ChaosOptions#USAGE}).
 *
 * <ol>
 *   <li>Starts the recording stub, a PostgreSQL proxy per worker and a stack of its own (one or more
 *       api-gateways) whose workers reach PostgreSQL through their proxy and send {@code
 *       external_api} requests to the stub.
 *   <li>Submits the steady load ({@link ChaosLoad}), spread over the api-gateways, while injecting
 *       the planned faults ({@link FaultSchedule}, {@link Faults}).
 *   <li>Waits until every accepted job is terminal (or the drain timeout), reads PostgreSQL's records
 *       and judges them with the stub's ({@link ChaosVerdict}), measures the recovery times ({@link
 *       RecoveryTimes}) and, for a rolling upgrade, the load's latencies during it ({@link
 *       LoadDuringFaults}), and prints the report, {@code CHAOS {json}} last ({@link ChaosReport}).
 * </ol>
 */
public final class Chaos {

    static final String ADMIN_KEY_VARIABLE = "JOBS_BOOTSTRAP_ADMIN_KEY";
    static final String DB_URL_VARIABLE = "JOBS_DB_URL";
    static final String STUB_URL_VARIABLE = "JOBS_CONNECTORS_EXTERNAL_API_BASE_URL";
    /** The load's rate is the runner's to choose, not the per-key limiter's. */
    static final Map<String, String> UNLIMITED_SUBMISSIONS = Map.of(
            "JOBS_SECURITY_SUBMIT_RATE_PER_SECOND", "1000000000",
            "JOBS_SECURITY_SUBMIT_BURST", "1000000000");

    private static final Duration DRAIN_POLL = Duration.ofSeconds(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ChaosOptions options;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, TcpProxy> proxies = new ConcurrentHashMap<>();

    private Chaos(ChaosOptions options) {
        this.options = options;
    }

    /** A fresh seed for a run that was given none. */
    public static long randomSeed() {
        return RANDOM.nextLong();
    }

    /**
     * Runs the faults and prints the report.
     *
     * @return 0 when the run found no violation, 1 when it found some or could not run
     */
    public static int run(ChaosOptions options, ChaosStack.Launcher launcher) throws InterruptedException {
        return new Chaos(options).run(launcher);
    }

    private int run(ChaosStack.Launcher launcher) throws InterruptedException {
        boolean temporary = options.dataDir().isEmpty();
        Path dataDir;
        try {
            dataDir = temporary
                    ? Files.createTempDirectory("devstack-chaos-")
                    : options.dataDir().get();
        } catch (IOException e) {
            error("could not create a temporary data directory: " + e);
            return 1;
        }
        String adminKey = "cj_chaos_" + HexFormat.of().formatHex(randomBytes(24));
        Map<String, String> apiEnvironment = new HashMap<>(UNLIMITED_SUBMISSIONS);
        apiEnvironment.put(ADMIN_KEY_VARIABLE, adminKey);
        try (RecordingStub stub = new RecordingStub(clock)) {
            ChaosStack stack = launcher.prepare(new ChaosStack.Request(
                    options.workers(),
                    apiPorts(options.apis()),
                    dataDir,
                    apiEnvironment,
                    (slot, workerId, databaseUrl) -> workerEnvironment(slot, workerId, databaseUrl, stub),
                    options.startupTimeout()));
            Runnable stop = () -> {
                stack.close();
                proxies.values().forEach(TcpProxy::close);
            };
            try (StackCleanup cleanup = new StackCleanup("chaos-cleanup", stop, dataDir, temporary)) {
                try {
                    progress("seed " + options.seed() + "; starting a stack with " + options.apis()
                            + " api-gateway(s) and " + options.workers() + " workers in " + dataDir
                            + (temporary ? " (temporary)" : ""));
                    ChaosStack.Started started = stack.start();
                    return runLoadAndFaults(stack, started, adminKey, stub);
                } catch (StackStartException e) {
                    if (!cleanup.done()) { // else Ctrl-C stopped the start, which says nothing new
                        error(e.getMessage());
                    }
                    return 1;
                }
            }
        } catch (IOException e) {
            error("could not start the recording stub or a proxy: " + e);
            return 1;
        }
    }

    private int runLoadAndFaults(ChaosStack stack, ChaosStack.Started started, String adminKey, RecordingStub stub)
            throws InterruptedException, StackStartException {
        FaultSchedule schedule = FaultSchedule.plan(options.timing(), options.faults(), options.rounds());
        progress("plan: " + schedule.faults().size() + " faults over "
                + options.duration().toSeconds() + " s ("
                + options.faults().stream()
                        .map(k -> k.optionName() + " " + schedule.count(k))
                        .collect(Collectors.joining(", "))
                + "), " + options.rate() + " jobs/s");
        Faults faults = new Faults(
                stack,
                started.workers(),
                started.apis().stream().map(ChaosStack.Api::part).toList(),
                proxies,
                new Random(options.seed()),
                clock,
                options,
                Chaos::progress);
        String runId = HexFormat.of().formatHex(randomBytes(4));
        Instant loadStart;
        Instant loadEnd;
        ChaosLoad load =
                new ChaosLoad(started.apis().stream().map(ChaosStack.Api::url).toList(), adminKey, runId, clock);
        try (load) {
            loadStart = clock.instant();
            load.start(options.rate());
            for (FaultSchedule.Planned planned : schedule.faults()) {
                sleepUntil(loadStart.plus(planned.at()));
                faults.inject(planned.kind());
            }
            sleepUntil(loadStart.plus(options.duration()));
            loadEnd = clock.instant();
            progress("load stopped after "
                    + Duration.between(loadStart, loadEnd).toSeconds() + " s; " + load.submitted()
                    + " submitted; waiting for the answers still due");
        } finally {
            faults.awaitIdle();
            faults.close();
        }
        List<UUID> accepted = load.accepted();
        try (Connection connection = started.database().connect()) {
            drain(connection, accepted);
            ChaosRecords records = ChaosRecords.read(connection, accepted);
            List<StubRequest> requests = stub.requests();
            ChaosVerdict verdict = ChaosVerdict.check(accepted, load.keyedJobs(), records, requests);
            List<FaultEvent> events = faults.events();
            Map<FaultKind, LoadDuringFaults.Comparison> during = new EnumMap<>(FaultKind.class);
            if (events.stream().anyMatch(e -> e.kind() == FaultKind.ROLLING_UPGRADE)) {
                during.put(
                        FaultKind.ROLLING_UPGRADE,
                        LoadDuringFaults.measure(
                                FaultKind.ROLLING_UPGRADE, events, load.submissions(), records, loadStart));
            }
            ChaosReport report = new ChaosReport(
                    options.seed(),
                    Duration.between(loadStart, loadEnd),
                    load.submitted(),
                    accepted.size(),
                    load.outcomes(),
                    load.failovers(),
                    records.jobs().values().stream()
                            .collect(Collectors.groupingBy(ChaosRecords.JobRow::status, Collectors.counting())),
                    requests.size(),
                    RecoveryTimes.measure(events, records),
                    during,
                    verdict);
            report.lines().forEach(Chaos::progress);
            System.out.println(report.chaosLine());
            System.out.flush();
            return verdict.total() == 0 ? 0 : 1;
        } catch (SQLException e) {
            error("could not read the jobs from " + started.database() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Distinct free ports on 127.0.0.1, one per api-gateway. */
    private static List<Integer> apiPorts(int apis) {
        Set<Integer> ports = new LinkedHashSet<>();
        while (ports.size() < apis) {
            ports.add(Bench.freePort());
        }
        return List.copyOf(ports);
    }

    /** Waits until every accepted job is terminal or the drain timeout passes; PostgreSQL may still be recovering. */
    private void drain(Connection connection, List<UUID> accepted) throws InterruptedException {
        Instant deadline = clock.instant().plus(options.drainTimeout());
        Instant nextProgress = clock.instant();
        while (true) {
            try {
                int unfinished = ChaosRecords.unfinished(connection, accepted);
                if (unfinished == 0) {
                    progress("all " + accepted.size() + " accepted jobs are terminal");
                    return;
                }
                if (clock.instant().isAfter(deadline)) {
                    progress(unfinished + " jobs still not terminal after the drain timeout of "
                            + options.drainTimeout().toSeconds() + " s");
                    return;
                }
                if (clock.instant().isAfter(nextProgress)) {
                    progress("waiting for " + unfinished + " of " + accepted.size() + " jobs to finish");
                    nextProgress = clock.instant().plusSeconds(10);
                }
            } catch (SQLException e) {
                progress("PostgreSQL did not answer the drain poll (" + e.getMessage() + "); asking again");
            }
            Thread.sleep(DRAIN_POLL);
        }
    }

    /**
     * A worker's database URL points at its slot's proxy (created on first use, kept across
     * restarts) and its {@code external_api} base URL at its worker id's path of the stub.
     */
    private Map<String, String> workerEnvironment(
            String slot, String workerId, String databaseUrl, RecordingStub stub) {
        URI target = URI.create(databaseUrl.substring("jdbc:".length()));
        TcpProxy proxy = proxies.computeIfAbsent(slot, proxyFor(target));
        String viaProxy = databaseUrl.replace(target.getHost() + ":" + target.getPort(), "127.0.0.1:" + proxy.port());
        return Map.of(
                DB_URL_VARIABLE,
                viaProxy,
                STUB_URL_VARIABLE,
                stub.baseUrl(workerId).toString());
    }

    private static Function<String, TcpProxy> proxyFor(URI target) {
        return worker -> {
            try {
                TcpProxy proxy = new TcpProxy(worker);
                proxy.target(new InetSocketAddress(target.getHost(), target.getPort()));
                return proxy;
            } catch (IOException e) {
                throw new UncheckedIOException("could not open a PostgreSQL proxy for " + worker, e);
            }
        };
    }

    private void sleepUntil(Instant instant) throws InterruptedException {
        Duration wait = Duration.between(clock.instant(), instant);
        if (!wait.isNegative()) {
            Thread.sleep(wait);
        }
    }

    static void progress(String message) {
        System.out.println("chaos: " + message);
        System.out.flush();
    }

    private static void error(@Nullable String message) {
        System.err.println("chaos: " + (message == null ? "failed without a message; see the logs" : message));
        System.err.flush();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
