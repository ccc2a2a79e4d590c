package dev.connectorjobs.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.worker.WorkerApplication;
import dev.connectorjobs.worker.execution.AttemptListener;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The system under an end-to-end test: starts the api-gateway and workers (in this JVM, or a worker
 * as a process of its own) on test-support's PostgreSQL and Kafka, each on a free HTTP port ({@code
 * server.port=0}), and closes everything it started in reverse order.
 *
 * <p>What a class starts in {@code @BeforeAll} is closed after all its tests (register the
 * extension in a static field); what a test starts, in its body or a {@code @BeforeEach}, is closed
 * after that test.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final EndToEndSystem system = new EndToEndSystem();
 *
 * &#64;BeforeAll
 * static void start() {
 *     service = system.startService(options().bindAddress("127.0.0.1").dynamicPort());
 *     client = system.startApi("jobs.api.queues=default,jira-e2e", "jobs.api.routes.jira=jira-e2e");
 *     system.startWorker("jobs.worker.id=e2e-jira", "jobs.worker.queues=jira-e2e", ...);
 * }
 * </pre>
 */
public final class EndToEndSystem implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private final Deque<AutoCloseable> startedForTheClass = new ArrayDeque<>();
    private final Deque<AutoCloseable> startedForTheTest = new ArrayDeque<>();
    private boolean inTest;

    /**
     * Starts an api-gateway in this JVM.
     *
     * @param properties {@code name=value} pairs on top of the test infrastructure's
     * @return a client for it, sending the test admin key
     */
    public ApiClient startApi(String... properties) {
        ConfigurableApplicationContext api = closeAfterwards(
                ApiGatewayApplication.application().run(TestInfrastructure.springArgs(onFreePort(properties))));
        return new ApiClient("http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port"));
    }

    /**
     * Starts a worker in this JVM.
     *
     * @param properties {@code name=value} pairs on top of the test infrastructure's
     */
    public ConfigurableApplicationContext startWorker(String... properties) {
        return closeAfterwards(
                WorkerApplication.application().run(TestInfrastructure.springArgs(onFreePort(properties))));
    }

    /** Starts a worker in this JVM that tells {@code listener} of every attempt it starts. */
    public ConfigurableApplicationContext startWorker(AttemptListener listener, String... properties) {
        return closeAfterwards(WorkerApplication.application()
                .initializers(
                        ctx -> ((GenericApplicationContext) ctx).registerBean(AttemptListener.class, () -> listener))
                .run(TestInfrastructure.springArgs(onFreePort(properties))));
    }

    /**
     * Starts a worker as a JVM of its own (with 256 MiB of heap, this JVM's class path, and its
     * output in a temporary file), which a test can kill; it is killed at the end if still alive.
     *
     * @param properties {@code name=value} pairs on top of the test infrastructure's
     */
    public Process startWorkerProcess(String workerId, String... properties) throws IOException {
        return startWorkerProcess(
                workerId, Files.createTempFile("worker-" + workerId, ".log").toFile(), properties);
    }

    /** Like {@link #startWorkerProcess(String, String...)}, with the worker's output in {@code log}. */
    public Process startWorkerProcess(String workerId, File log, String... properties) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WorkerApplication.class.getName());
        command.addAll(List.of(TestInfrastructure.springArgs(
                onFreePort(Stream.concat(Stream.of("jobs.worker.id=" + workerId), Stream.of(properties))
                        .toArray(String[]::new)))));
        Process worker = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        closeAfterwards(worker::destroyForcibly);
        return worker;
    }

    /** Starts a WireMock server standing for the service a connector calls. */
    public WireMockServer startService(WireMockConfiguration options) {
        WireMockServer service = new WireMockServer(options);
        service.start();
        closeAfterwards(service::stop);
        return service;
    }

    /** Closes {@code resource} with the rest, before anything started earlier. */
    public <T extends AutoCloseable> T closeAfterwards(T resource) {
        (inTest ? startedForTheTest : startedForTheClass).push(resource);
        return resource;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        inTest = false;
        closeAll(startedForTheTest);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        closeAll(startedForTheClass);
    }

    private static String[] onFreePort(String... properties) {
        return Stream.concat(Stream.of("server.port=0"), Stream.of(properties)).toArray(String[]::new);
    }

    private static void closeAll(Deque<AutoCloseable> started) throws Exception {
        Exception failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
