package dev.connectorjobs.devstack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The layout of the devstack's data directory. Everything that must survive a restart lives here:
 *
 * <pre>
 * postgres/            PostgreSQL data directory
 * kafka/               Kafka log directory (KRaft metadata and topics)
 * kafka.properties     broker configuration, rewritten at every start
 * logs/                one log per child process, appended to
 * ports.properties     ports chosen at the first start and reused afterwards
 * children.pids        child processes of the running devstack, to clean up after a SIGKILL
 * devstack.lock        held while a devstack runs on this directory
 * </pre>
 */
record DataDirectory(Path root) {

    DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path kafkaConfig() {
        return root.resolve("kafka.properties");
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path log(String childName) {
        return logs().resolve(childName + ".log");
    }

    Path portsFile() {
        return root.resolve("ports.properties");
    }

    Path childrenFile() {
        return root.resolve("children.pids");
    }

    void create() throws IOException {
        Files.createDirectories(logs());
    }

    /**
     * Takes the directory for this JVM. The lock is released by the operating system when the JVM
     * ends, however it ends.
     *
     * @throws StartupException when another devstack already runs on this directory
     */
    FileLock lock() throws IOException, StartupException {
        FileChannel channel =
                FileChannel.open(root.resolve("devstack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new StartupException(
                    "Another devstack is running on " + root + "; stop it first or pass a different --data-dir.");
        }
        return lock;
    }
}
