package dev.connectorjobs.devstack;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One run of the development stack: PostgreSQL and Kafka (each unless the environment names an
 * existing one), then the api-gateway, which migrates the schema, then the workers.
 */
final class LocalStack {

    static final String KAFKA_BOOTSTRAP_VARIABLE = "JOBS_KAFKA_BOOTSTRAP";
    static final String API_PORT_VARIABLE = "JOBS_API_PORT";
    static final String WORKER_ID_VARIABLE = "JOBS_WORKER_ID";
    static final String WORKER_PORT_VARIABLE = "JOBS_WORKER_PORT";

    private final DevStackOptions options;
    private final Map<String, String> environment;
    private final DataDirectory dataDirectory;
    private final ChildProcesses processes;
    private @Nullable FileLock lock;

    LocalStack(DevStackOptions options, Map<String, String> environment) {
        this.options = options;
        this.environment = Map.copyOf(environment);
        this.dataDirectory = new DataDirectory(options.dataDir());
        this.processes = new ChildProcesses(dataDirectory);
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
        Optional<String> externalKafka = Optional.ofNullable(environment.get(KAFKA_BOOTSTRAP_VARIABLE))
                .filter(bootstrap -> !bootstrap.isBlank());
        String kafka = externalKafka.isPresent() ? externalKafka.get() : launchKafka(ports);
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
        startApplications(applications.get(), shared, database, startup);
        processes.reportUnexpectedExits();
        Console.progress("ready in " + startup.elapsedText() + "; logs in " + dataDirectory.logs() + "; Ctrl-C stops");
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
            Applications applications, Map<String, String> shared, DatabaseEndpoint database, Startup startup)
            throws IOException, StartupException {
        Map<String, String> apiEnvironment = new HashMap<>(shared);
        apiEnvironment.put(API_PORT_VARIABLE, Integer.toString(options.apiPort()));
        Console.progress("starting the api-gateway on port " + options.apiPort() + " (" + applications.apiJar() + ")");
        processes.start(
                ChildProcesses.Tier.API,
                ApplicationJars.API_GATEWAY,
                JavaCommand.jar(applications.apiJar(), List.of(), List.of()),
                apiEnvironment);
        HttpProbe readiness = new HttpProbe(URI.create(apiBaseUrl() + "/actuator/health/readiness"));
        startup.await("the api-gateway to report ready", readiness::isReady);
        Console.progress("the api-gateway is ready (" + startup.elapsedText() + ")");

        if (options.workers() == 0) {
            return;
        }
        Console.progress("starting " + options.workers() + " worker(s) (" + applications.workerJar() + ")");
        List<ChildProcess> workers = new ArrayList<>();
        for (int i = 1; i <= options.workers(); i++) {
            Map<String, String> workerEnvironment = new HashMap<>(shared);
            String workerId = "worker-" + i;
            workerEnvironment.put(WORKER_ID_VARIABLE, workerId);
            workerEnvironment.put(WORKER_PORT_VARIABLE, "0");
            workers.add(processes.start(
                    ChildProcesses.Tier.WORKERS,
                    workerId,
                    JavaCommand.jar(applications.workerJar(), List.of(), List.of()),
                    workerEnvironment));
        }
        WorkerRegistrations registrations = new WorkerRegistrations(database);
        startup.await(
                options.workers() + " worker(s) to register in the workers table",
                () -> registrations.countLive(workers) == workers.size());
        Console.progress(workers.size() + " worker(s) registered (" + startup.elapsedText() + ")");
    }

    private Applications locateApplications() throws StartupException {
        if (!PersistentPorts.isFree(options.apiPort())) {
            throw new StartupException(
                    "Port " + options.apiPort() + " is already in use; stop what uses it or pass" + " --api-port.");
        }
        return new Applications(
                ApplicationJars.locate(ApplicationJars.API_GATEWAY, options.apiJar(), "--api-jar"),
                ApplicationJars.locate(ApplicationJars.WORKER, options.workerJar(), "--worker-jar"));
    }

    private String apiBaseUrl() {
        return "http://127.0.0.1:" + options.apiPort();
    }

    private static List<String> exports(Map<String, String> variables) {
        return variables.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(variable -> variable.getKey() + "=" + variable.getValue())
                .toList();
    }

    private record Applications(Path apiJar, Path workerJar) {}
}
