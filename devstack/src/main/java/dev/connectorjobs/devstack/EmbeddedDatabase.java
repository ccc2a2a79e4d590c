package dev.connectorjobs.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * PostgreSQL 17 from the zonky binaries, with its data in {@code <data-dir>/postgres}.
 *
 * <p>It runs in a child JVM of its own ({@code devstack postgres-server}), not in the devstack JVM:
 * zonky stops PostgreSQL from a JVM shutdown hook of its own, and inside the devstack JVM that hook
 * would run concurrently with the devstack's hook, stopping the database while the workers still
 * write their final state. In a child JVM the devstack decides when the database stops.
 */
final class EmbeddedDatabase {

    /** The internal subcommand that runs the server in the child JVM. */
    static final String SUBCOMMAND = "postgres-server";

    /** The child process's name (and log file's). */
    static final String NAME = "postgres";

    static final String DATABASE = "jobs";
    /** zonky's superuser; the server trusts local connections, so the password is not checked. */
    static final String USER = "postgres";

    static final String PASSWORD = "postgres";

    private static final List<String> JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Duration SERVER_STARTUP_WAIT = Duration.ofSeconds(90);
    private static final Duration STALE_SERVER_STOP_WAIT = Duration.ofSeconds(30);

    private EmbeddedDatabase() {}

    /** Starts the database JVM; it is ready once {@link DatabaseEndpoint#isReachable()} answers. */
    static DatabaseEndpoint launch(ChildProcesses processes, DataDirectory dataDirectory, int port) throws IOException {
        List<String> args = InternalArguments.of(
                "--data-dir", dataDirectory.postgres().toString(),
                "--port", Integer.toString(port),
                "--parent-pid", Long.toString(ProcessHandle.current().pid()));
        processes.start(
                ChildProcesses.Tier.DATABASE, NAME, JavaCommand.devStack(JVM_OPTIONS, SUBCOMMAND, args), Map.of());
        return new DatabaseEndpoint("jdbc:postgresql://127.0.0.1:%d/%s".formatted(port, DATABASE), USER, PASSWORD);
    }

    /**
     * The {@value #SUBCOMMAND} subcommand: starts PostgreSQL, creates the {@value #DATABASE} database
     * if missing and runs until this JVM is asked to stop.
     */
    static void serve(List<String> rawArgs) throws Exception {
        InternalArguments args = InternalArguments.parse(rawArgs);
        Path dataDir = Path.of(args.get("--data-dir"));
        ParentWatchdog.exitWhenGone(args.longValue("--parent-pid"));
        stopStaleServer(dataDir);

        // zonky registers a shutdown hook that stops the server ("pg_ctl stop -m fast").
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(args.intValue("--port"))
                .setPGStartupWait(SERVER_STARTUP_WAIT)
                .setLocaleConfig("locale", "C")
                // Durable commits, as in production: the load generator measures commit cost too.
                // zonky starts the server with -F (fsync off); a later -c fsync=on overrides it.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // The jobs table churns (every job is inserted and updated three times) and starts
                // empty, so its statistics go stale within seconds: cached plans made while it was
                // small scan it whole until the next ANALYZE. Migration V8 asks for ANALYZE after 2 %
                // of the rows change, but autovacuum looks at a database only once per naptime
                // (default 1 min); 5 s lets it keep up with a fresh table filling at full speed.
                .setServerConfig("autovacuum_naptime", "5s")
                .setOutputRedirector(Redirect.INHERIT)
                .setErrorRedirector(Redirect.INHERIT)
                .start();
        createDatabaseIfMissing(postgres);
        System.out.println("devstack: PostgreSQL is ready on port " + postgres.getPort());
        new CountDownLatch(1).await();
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    /**
     * Stops a server that still runs on this data directory because the JVM that started it was
     * killed outright. Its {@code postmaster.pid} names it; its own {@code pg_ctl} stops it.
     */
    private static void stopStaleServer(Path dataDir) throws IOException, InterruptedException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<Path> postgresBinary = Files.readAllLines(pidFile).stream()
                .findFirst()
                .map(String::trim)
                .filter(pid -> pid.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .flatMap(handle -> handle.info().command())
                .map(Path::of)
                .filter(command -> command.getFileName().toString().equals("postgres"));
        if (postgresBinary.isEmpty()) {
            return;
        }
        System.out.println("devstack: stopping a PostgreSQL server left running on " + dataDir);
        Path pgCtl = postgresBinary.get().resolveSibling("pg_ctl");
        new ProcessBuilder(
                        pgCtl.toString(),
                        "-D",
                        dataDir.toString(),
                        "stop",
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        Long.toString(STALE_SERVER_STOP_WAIT.toSeconds()))
                .inheritIO()
                .start()
                .waitFor();
    }
}
