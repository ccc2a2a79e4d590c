package dev.connectorjobs.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.Kafka;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one process), with its data in {@code
 * <data-dir>/kafka}.
 *
 * <p>It runs in a child JVM ({@code devstack kafka-server}) started from the devstack's own jar, which
 * carries the Kafka server classes; the child formats the storage on first start and then runs
 * Kafka's own {@code kafka.Kafka} main class. The quorum is static ({@code controller.quorum.voters}),
 * so a controller port that changes between restarts is harmless.
 */
final class EmbeddedKafka {

    /** The internal subcommand that runs the broker in the child JVM. */
    static final String SUBCOMMAND = "kafka-server";

    /** The child process's name (and log file's). */
    static final String NAME = "kafka";

    private static final int NODE_ID = 1;
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms256m",
            "-Xmx1g",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    private EmbeddedKafka() {}

    /**
     * Writes the broker configuration and starts the broker JVM.
     *
     * @return the bootstrap servers; the broker is ready once {@link KafkaProbe} says so
     */
    static String launch(ChildProcesses processes, DataDirectory dataDirectory, int port, int controllerPort)
            throws IOException {
        Path config = dataDirectory.kafkaConfig();
        try (Writer writer = Files.newBufferedWriter(config)) {
            brokerConfig(dataDirectory.kafka(), port, controllerPort)
                    .store(writer, "Written by the devstack at every start; edit the devstack, not this file");
        }
        List<String> args = InternalArguments.of(
                "--config",
                config.toString(),
                "--parent-pid",
                Long.toString(ProcessHandle.current().pid()));
        processes.start(
                ChildProcesses.Tier.BROKER, NAME, JavaCommand.devStack(JVM_OPTIONS, SUBCOMMAND, args), Map.of());
        return "127.0.0.1:" + port;
    }

    static Properties brokerConfig(Path logDir, int port, int controllerPort) {
        Properties config = new Properties();
        config.setProperty("process.roles", "broker,controller");
        config.setProperty("node.id", Integer.toString(NODE_ID));
        config.setProperty("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        config.setProperty(
                "listeners", "PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d".formatted(port, controllerPort));
        config.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.setProperty("controller.listener.names", "CONTROLLER");
        config.setProperty("inter.broker.listener.name", "PLAINTEXT");
        config.setProperty("log.dirs", logDir.toString());
        config.setProperty("num.partitions", "6");
        // The applications create their queue topics on first use.
        config.setProperty("auto.create.topics.enable", "true");
        config.setProperty("offsets.topic.replication.factor", "1");
        config.setProperty("transaction.state.log.replication.factor", "1");
        config.setProperty("transaction.state.log.min.isr", "1");
        config.setProperty("share.coordinator.state.topic.replication.factor", "1");
        config.setProperty("share.coordinator.state.topic.min.isr", "1");
        config.setProperty("group.initial.rebalance.delay.ms", "0");
        return config;
    }

    /**
     * The {@value #SUBCOMMAND} subcommand: formats the log directory on first start, then runs the
     * broker until this JVM is asked to stop.
     */
    static void serve(List<String> rawArgs) throws IOException {
        InternalArguments args = InternalArguments.parse(rawArgs);
        Path config = Path.of(args.get("--config"));
        ParentWatchdog.exitWhenGone(args.longValue("--parent-pid"));
        formatStorageIfNeeded(config);
        Kafka.main(new String[] {config.toString()});
    }

    private static void formatStorageIfNeeded(Path config) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(config)) {
            properties.load(reader);
        }
        Path logDir = Path.of(properties.getProperty("log.dirs"));
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        String[] format = {
            "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(), "--ignore-formatted"
        };
        int exitCode = StorageTool.execute(format, System.out);
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting the Kafka storage in " + logDir + " failed with exit code "
                    + exitCode + "; see the lines above. Deleting that directory starts Kafka afresh.");
        }
    }
}
