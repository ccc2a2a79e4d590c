package dev.connectorjobs.worker.connector.activedirectory;

import dev.connectorjobs.testing.directory.InMemoryActiveDirectory;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The life of an {@code active_directory} test class: one {@link InMemoryActiveDirectory} for the
 * class (started and seeded once: a 20,000-computer domain takes seconds), reset before each test;
 * a fresh {@link ConnectorTestbed} (breakers, sink) per test; and the connectors a test makes,
 * closed after it as the worker closes them. Register it on a static field.
 */
final class DirectoryExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    static final String PREFIX = ActiveDirectoryProperties.PREFIX;

    private final Supplier<InMemoryActiveDirectory> start;
    private @Nullable InMemoryActiveDirectory directory;
    private @Nullable ConnectorTestbed testbed;
    private final List<ActiveDirectoryConnector> connectors = new ArrayList<>();

    /** @param start starts and seeds the directory */
    DirectoryExtension(Supplier<InMemoryActiveDirectory> start) {
        this.start = start;
    }

    InMemoryActiveDirectory directory() {
        if (directory == null) {
            throw new IllegalStateException("the directory runs only while the class's tests run");
        }
        return directory;
    }

    ConnectorTestbed testbed() {
        if (testbed == null) {
            throw new IllegalStateException("the testbed exists only while a test runs");
        }
        return testbed;
    }

    /** A connector for the directory, with {@code overrides} (property name below the prefix, value...). */
    ActiveDirectoryConnector connector(String... overrides) {
        return connector(properties(overrides));
    }

    /** The directory's properties with {@code overrides} (name below the prefix, value, ...); a null value removes one. */
    Map<String, String> properties(String... overrides) {
        Map<String, String> properties = new LinkedHashMap<>(directory().properties());
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                properties.remove(PREFIX + "." + overrides[i]);
            } else {
                properties.put(PREFIX + "." + overrides[i], overrides[i + 1]);
            }
        }
        return properties;
    }

    /** A connector bound from {@code properties} as the worker binds it. */
    ActiveDirectoryConnector connector(Map<String, String> properties) {
        ConnectorTestbed bed = testbed();
        ActiveDirectoryConnector connector = new ActiveDirectoryConnector(
                ConnectorTestbed.bind(PREFIX, ActiveDirectoryProperties.class, properties),
                bed.breakers,
                bed.inventory(),
                bed.sink());
        connectors.add(connector);
        return connector;
    }

    /** The result of {@code job} on {@code connector}. */
    static Map<String, Object> run(ActiveDirectoryConnector connector, JobContext job) {
        return ConnectorTestbed.run(connector, job);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        directory = start.get();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        directory().reset();
        testbed = new ConnectorTestbed();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        connectors.forEach(ActiveDirectoryConnector::close);
        connectors.clear();
        if (testbed != null) {
            testbed.close();
            testbed = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (directory != null) {
            directory.close();
            directory = null;
        }
    }
}
