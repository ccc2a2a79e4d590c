package dev.connectorjobs.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * One run of the development stack: PostgreSQL and Kafka (each unless the environment names an
 * existing one), then the api-gateway, which migrates the schema, then any more api-gateways (the
 * fault runner's), then the workers.
 *
 * <p>The api-gateway gets a bootstrap admin key: {@code JOBS_BOOTSTRAP_ADMIN_KEY} from the
 * environment if set, else the one stored in {@code <data-dir>/admin-key}, else a new random one,
 * which is stored there (owner-only) and printed once, before the {@code READY} line.
 */
final class LocalStack {

    static final String KAFKA_BOOTSTRAP_VARIABLE = "JOBS_KAFKA_BOOTSTRAP";
    static final String API_PORT_VARIABLE = "JOBS_API_PORT";
    static final String WORKER_ID_VARIABLE = "JOBS_WORKER_ID";
    static final String WORKER_PORT_VARIABLE = "JOBS_WORKER_PORT";
    static final String ADMIN_KEY_VARIABLE = "JOBS_BOOTSTRAP_ADMIN_KEY";
    /** Where a generated admin key is kept, in the data directory, so that restarts keep it. */
    static final String ADMIN_KEY_FILE = "admin-key";

    static final String ADMIN_KEY_PREFIX = "cj_boot_";
    /** The api-gateway refuses shorter bootstrap keys. */
    private static final int MIN_ADMIN_KEY_LENGTH = 20;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final DevStackOptions options;
    private final Map<String, String> environment;
    private final Map<String, String> apiOverrides;
    /** The api-gateways' ports by name, the first one's first. */
    private final Map<String, Integer> apiPorts;

    private final WorkerOverrides workerOverrides;
    private final DataDirectory dataDirectory;
    private final ChildProcesses processes;
    private final LocalStackWorkers workers;
    private @Nullable FileLock lock;
    private volatile @Nullable DatabaseEndpoint database;
    private volatile @Nullable String kafka;
    /** Restarts per worker slot, for the new worker ids. */
    private final Map<String, Integer> workerRestarts = new ConcurrentHashMap<>();

    /**
     * Variables for one worker on top of the shared ones, given the database the stack chose. A
     * worker started again gets a new worker id ({@code worker-2-r1}, ...) in the same slot
     * ({@code worker-2}): a worker refuses the id of one that heartbeat within its lease.
     */
    @FunctionalInterface
    interface WorkerOverrides {
        Map<String, String> of(String slot, String workerId, DatabaseEndpoint database);
    }

    LocalStack(DevStackOptions options, Map<String, String> environment) {
        this(options, environment, Map.of());
    }

    /**
     * A stack whose api-gateway also gets {@code apiOverrides} in its environment (the load
     * generator's admin key and submission rate limits).
     */
    LocalStack(DevStackOptions options, Map<String, String> environment, Map<String, String> apiOverrides) {
        this(options, environment, apiOverrides, (slot, workerId, database) -> Map.of());
    }

    /** A stack whose workers also get {@code workerOverrides} (the fault runner's proxies and stub). */
    LocalStack(
            DevStackOptions options,
            Map<String, String> environment,
            Map<String, String> apiOverrides,
            WorkerOverrides workerOverrides) {
        this(options, environment, apiOverrides, List.of(), workerOverrides);
    }

    /**
     * A stack with more api-gateways than the one on {@link DevStackOptions#apiPort()}: one on each
     * of {@code moreApiPorts}, called {@code api-gateway-2}, {@code api-gateway-3}, ..., all on the
     * same database and broker (the fault runner's load spreads its submissions over them).
     */
    LocalStack(
            DevStackOptions options,
            Map<String, String> environment,
            Map<String, String> apiOverrides,
            List<Integer> moreApiPorts,
            WorkerOverrides workerOverrides) {
        this.options = options;
        this.environment = Map.copyOf(environment);
        this.apiOverrides = Map.copyOf(apiOverrides);
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(ApplicationJars.API_GATEWAY, options.apiPort());
        for (int port : moreApiPorts) {
            ports.put(ApplicationJars.API_GATEWAY + "-" + (ports.size() + 1), port);
        }
        this.apiPorts = Collections.unmodifiableMap(ports);
        this.workerOverrides = workerOverrides;
        this.dataDirectory = new DataDirectory(options.dataDir());
        this.processes = new ChildProcesses(dataDirectory);
        this.workers =
                new LocalStackWorkers(processes, workerOverrides, options.startupTimeout(), processes::isStopping);
    }

    /** The stack's database, once it has been chosen or launched. */
    Optional<DatabaseEndpoint> database() {
        return Optional.ofNullable(database);
    }

    /** The (first) api-gateway's base URL. */
    String apiBaseUrl() {
        return apiBaseUrl(ApplicationJars.API_GATEWAY);
    }

    /** The names of the api-gateways, the first one's first. */
    List<String> apiNames() {
        return List.copyOf(apiPorts.keySet());
    }

    /** The base URL of the api-gateway called {@code name}. */
    String apiBaseUrl(String name) {
        return "http://127.0.0.1:" + apiPort(name);
    }

    private String apiPort(String name) {
        Integer port = apiPorts.get(name);
        if (port == null) {
            throw new IllegalArgumentException("The stack has no api-gateway called " + name);
        }
        return port.toString();
    }

    /**
     * Starts the stack and prints the {@code READY} line once it is usable.
     *
     * @throws StartupException when a part does not start in time or dies; the caller stops the rest
     */
    void start() throws StartupException {
        try {
            startAll();
        } catch (IOException e) {
            throw new StartupException("Could not start the devstack: " + e, e);
        }
    }

    /** Stops every child in reverse dependency order. Safe to call more than once. */
    synchronized void stop() {
        processes.stopAll();
        FileLock held = lock;
        lock = null;
        if (held != null) {
            try {
                held.channel().close();
            } catch (IOException e) {
                Console.error("could not release the data directory lock: " + e);
            }
        }
    }

    boolean isStopping() {
        return processes.isStopping();
    }

    private void startAll() throws IOException, StartupException {
        dataDirectory.create();
        lock = dataDirectory.lock();
        processes.stopLeftovers();
        Startup startup = new Startup(options.startupTimeout(), processes::all, processes::isStopping);

        Optional<Applications> applications =
                options.infraOnly() ? Optional.empty() : Optional.of(locateApplications());
        PersistentPorts ports = PersistentPorts.load(dataDirectory.portsFile());
        Optional<DatabaseEndpoint> externalDatabase = DatabaseEndpoint.fromEnvironment(environment);
        DatabaseEndpoint database = externalDatabase.isPresent() ? externalDatabase.get() : launchDatabase(ports);
        this.database = database;
        Optional<String> externalKafka = Optional.ofNullable(environment.get(KAFKA_BOOTSTRAP_VARIABLE))
                .filter(bootstrap -> !bootstrap.isBlank());
        String kafka = externalKafka.isPresent() ? externalKafka.get() : launchKafka(ports);
        this.kafka = kafka;
        ports.save();

        startup.await("PostgreSQL at " + database.url(), database::isReachable);
        Console.progress("PostgreSQL is ready at " + database + " (" + startup.elapsedText() + ")");
        try (KafkaProbe kafkaProbe = new KafkaProbe(kafka)) {
            startup.await("Kafka at " + kafka, kafkaProbe::isReady);
        }
        Console.progress("Kafka is ready at " + kafka + " (" + startup.elapsedText() + ")");

        Map<String, String> shared = new HashMap<>();
        if (externalDatabase.isEmpty()) {
            shared.putAll(database.environment());
        }
        shared.put(KAFKA_BOOTSTRAP_VARIABLE, kafka);
        if (applications.isEmpty()) {
            processes.reportUnexpectedExits();
            Console.progress("for the applications: export " + String.join(" ", exports(shared)));
            Console.ready("db=" + database.url() + " kafka=" + kafka);
            return;
        }
        AdminKey adminKey = adminKey();
        startApplications(applications.get(), shared, adminKey.key(), database, startup);
        processes.reportUnexpectedExits();
        Console.progress("ready in " + startup.elapsedText() + "; logs in " + dataDirectory.logs() + "; Ctrl-C stops");
        Console.progress(adminKey.announcement());
        Console.ready("api=" + apiBaseUrl());
    }

    private DatabaseEndpoint launchDatabase(PersistentPorts ports) throws IOException {
        int port = ports.port("postgres.port");
        Console.progress("starting PostgreSQL 17 on 127.0.0.1:" + port + " (data in " + dataDirectory.postgres() + ")");
        return EmbeddedDatabase.launch(processes, dataDirectory, port);
    }

    private String launchKafka(PersistentPorts ports) throws IOException {
        int port = ports.port("kafka.port");
        int controllerPort = ports.port("kafka.controller.port");
        Console.progress("starting Kafka on 127.0.0.1:" + port + " (data in " + dataDirectory.kafka() + ")");
        return EmbeddedKafka.launch(processes, dataDirectory, port, controllerPort);
    }

    private void startApplications(
            Applications applications,
            Map<String, String> shared,
            String adminKey,
            DatabaseEndpoint database,
            Startup startup)
            throws IOException, StartupException {
        Map<String, String> apiEnvironment = new HashMap<>(shared);
        apiEnvironment.putAll(apiOverrides);
        apiEnvironment.put(ADMIN_KEY_VARIABLE, adminKey);
        Console.progress("starting the api-gateway on port " + options.apiPort() + " (" + applications.apiJar() + ")");
        startApi(applications, apiEnvironment, ApplicationJars.API_GATEWAY);
        HttpProbe readiness = readiness(ApplicationJars.API_GATEWAY);
        startup.await("the api-gateway to report ready", readiness::isReady);
        Console.progress("the api-gateway is ready (" + startup.elapsedText() + ")");
        List<String> moreApis = apiNames().subList(1, apiPorts.size());
        if (!moreApis.isEmpty()) {
            // After the first one, which has migrated the schema: the others find it in place.
            Console.progress("starting " + String.join(", ", moreApis) + " on ports "
                    + String.join(", ", moreApis.stream().map(this::apiPort).toList()));
            for (String name : moreApis) {
                startApi(applications, apiEnvironment, name);
            }
            for (String name : moreApis) {
                HttpProbe more = readiness(name);
                startup.await(name + " to report ready", more::isReady);
            }
            Console.progress(moreApis.size() + " more api-gateway(s) ready (" + startup.elapsedText() + ")");
        }

        if (options.workers() == 0) {
            return;
        }
        Console.progress("starting " + options.workers() + " worker(s) (" + applications.workerJar() + ")");
        workers.startFirst(options.workers(), applications.workerJar(), shared, database, startup);
        Console.progress(options.workers() + " worker(s) registered (" + startup.elapsedText() + ")");
    }

    private void startApi(Applications applications, Map<String, String> apiEnvironment, String name)
            throws IOException {
        Map<String, String> environment = new HashMap<>(apiEnvironment);
        environment.put(API_PORT_VARIABLE, apiPort(name));
        processes.start(
                ChildProcesses.Tier.API,
                name,
                JavaCommand.jar(applications.apiJar(), List.of(), List.of()),
                environment);
    }

    private HttpProbe readiness(String apiName) {
        return new HttpProbe(URI.create(apiBaseUrl(apiName) + "/actuator/health/readiness"));
    }

    /** The ids of the workers the stack starts. */
    List<String> workerIds() {
        return IntStream.rangeClosed(1, options.workers())
                .mapToObj(i -> "worker-" + i)
                .toList();
    }

    /**
     * Starts one more worker process like the first ones ({@code worker-3} after two) and returns
     * its worker id once it has registered in the {@code workers} table.
     *
     * @throws StartupException when it does not register within the startup timeout or dies
     */
    String addWorker() throws StartupException {
        return workers.add();
    }

    /**
     * The worker ids of the workers that have registered and not exited, in start order: the ids in
     * {@code jobs.worker_id}. A worker {@link #addWorker()} is still starting is not among them.
     */
    List<String> runningWorkers() {
        return workers.running();
    }

    /**
     * Stops a part gracefully (SIGTERM, so that a worker drains and leaves its consumer group) and
     * waits until it has exited, killing it after {@link ChildProcesses#STOP_GRACE}.
     *
     * @param part a part's name ({@code api-gateway}, {@code worker-2}) or a worker id
     */
    void terminate(String part) {
        ChildProcess child = process(part);
        expectExit(child);
        child.requestStop();
        child.awaitStop(ChildProcesses.STOP_GRACE);
    }

    /**
     * Kills a part (SIGKILL) as a crash would and waits until it is gone: a worker's jobs in flight
     * keep their leases until they expire and the reaper hands them on.
     *
     * @param part a part's name ({@code api-gateway}, {@code worker-2}) or a worker id
     */
    void kill(String part) {
        ChildProcess child = process(part);
        expectExit(child);
        child.kill();
    }

    private ChildProcess process(String part) {
        // A worker started again runs under the name of its slot and a new worker id: either finds it.
        return processes
                .latest(part)
                .or(() -> workers.process(part))
                .orElseThrow(() -> new IllegalArgumentException("The stack has no " + part));
    }

    /** The child process called {@code name} that was started last. */
    ChildProcess child(String name) {
        return processes.latest(name).orElseThrow(() -> new IllegalArgumentException("The stack has no " + name));
    }

    /** The next exit of {@code child} is on purpose: it is not reported as unexpected. */
    void expectExit(ChildProcess child) {
        processes.expectExit(child);
    }

    /**
     * Starts the part called {@code name} again, as it was first started, and waits until it is
     * ready: the database reachable, the broker answering, an api-gateway ready, a worker
     * registered.
     */
    void restart(String name) throws StartupException {
        DatabaseEndpoint db = database().orElseThrow();
        boolean worker = workerIds().contains(name);
        String workerId = worker ? name + "-r" + workerRestarts.merge(name, 1, Integer::sum) : name;
        Map<String, String> overrides = new HashMap<>();
        if (worker) {
            overrides.put(WORKER_ID_VARIABLE, workerId);
            overrides.putAll(workerOverrides.of(name, workerId, db));
        }
        ChildProcess child;
        try {
            child = processes.restart(name, overrides);
            if (worker) {
                workers.restarted(workerId, child);
            }
        } catch (IOException e) {
            throw new StartupException("Could not start " + name + " again: " + e, e);
        }
        Startup startup = new Startup(options.startupTimeout(), () -> List.of(child), processes::isStopping);
        if (apiPorts.containsKey(name)) {
            HttpProbe readiness = readiness(name);
            startup.await(name + " to report ready again", readiness::isReady);
            return;
        }
        switch (name) {
            case EmbeddedDatabase.NAME -> startup.await("PostgreSQL to accept connections again", db::isReachable);
            case EmbeddedKafka.NAME -> {
                try (KafkaProbe probe = new KafkaProbe(Objects.requireNonNull(kafka))) {
                    startup.await("Kafka to answer again", probe::isReady);
                }
            }
            default -> {
                WorkerRegistrations registrations = new WorkerRegistrations(db);
                startup.await(
                        name + " to register again as " + workerId, () -> registrations.isLive(workerId, child.pid()));
                workers.registered(workerId);
            }
        }
    }

    /**
     * Kills PostgreSQL as a crash would: the server, every backend, and the JVM that started it.
     * The server is not that JVM's child process ({@code pg_ctl} starts it), so its pid comes from
     * {@code postmaster.pid}.
     */
    void killDatabase() {
        Path pidFile = dataDirectory.postgres().resolve("postmaster.pid");
        try {
            String pid = Files.readAllLines(pidFile).getFirst().strip();
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(server -> {
                List<ProcessHandle> all = new ArrayList<>(server.descendants().toList());
                all.addFirst(server);
                all.forEach(ProcessHandle::destroyForcibly);
                all.forEach(p -> p.onExit().join());
            });
        } catch (IOException | RuntimeException e) {
            Console.error("could not read PostgreSQL's pid from " + pidFile + " (" + e
                    + "); killing only the JVM that started it");
        }
        ChildProcess jvm = child(EmbeddedDatabase.NAME);
        expectExit(jvm);
        jvm.kill();
    }

    private Applications locateApplications() throws StartupException {
        if (!PersistentPorts.isFree(options.apiPort())) {
            throw new StartupException(
                    "Port " + options.apiPort() + " is already in use; stop what uses it or pass" + " --api-port.");
        }
        for (int port : apiPorts.values()) {
            if (port != options.apiPort() && !PersistentPorts.isFree(port)) {
                throw new StartupException("Port " + port + " for another api-gateway is already in use.");
            }
        }
        return new Applications(
                ApplicationJars.locate(ApplicationJars.API_GATEWAY, options.apiJar(), "--api-jar"),
                ApplicationJars.locate(ApplicationJars.WORKER, options.workerJar(), "--worker-jar"));
    }

    /**
     * The bootstrap admin key: the one given in the environment, else the stored one, else a new
     * one, stored owner-only (written aside and moved into place, so a crash never leaves half a
     * key).
     */
    private AdminKey adminKey() throws IOException, StartupException {
        String given = apiOverrides.getOrDefault(ADMIN_KEY_VARIABLE, environment.get(ADMIN_KEY_VARIABLE));
        if (given != null && !given.isBlank()) {
            return new AdminKey(given, "admin key: the one in " + ADMIN_KEY_VARIABLE);
        }
        Path file = dataDirectory.root().resolve(ADMIN_KEY_FILE);
        if (Files.exists(file)) {
            String stored = Files.readString(file).strip();
            if (stored.length() < MIN_ADMIN_KEY_LENGTH) {
                throw new StartupException(
                        file + " does not hold an admin key; delete it and the next start generates a new one.");
            }
            return new AdminKey(stored, "admin key: stored in " + file + " (printed only when it was generated)");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = ADMIN_KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Path aside = file.resolveSibling(ADMIN_KEY_FILE + ".new");
        Files.deleteIfExists(aside);
        try {
            Files.createFile(aside, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.setPosixFilePermissions(aside, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            Files.createFile(aside); // Not a POSIX file system: the directory's permissions protect it.
        }
        Files.writeString(aside, key + System.lineSeparator());
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
        return new AdminKey(key, "admin key (printed once; stored in " + file + "): " + key);
    }

    private static List<String> exports(Map<String, String> variables) {
        return variables.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(variable -> variable.getKey() + "=" + variable.getValue())
                .toList();
    }

    private record Applications(Path apiJar, Path workerJar) {}

    /** The api-gateway's bootstrap admin key and what to say about it before the READY line. */
    private record AdminKey(String key, String announcement) {

        @Override
        public String toString() {
            return "AdminKey[" + key.substring(0, Math.min(ADMIN_KEY_PREFIX.length(), key.length())) + "...]";
        }
    }
}
