package dev.connectorjobs.devstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The vendor the bench's {@code http} jobs call: an HTTP server in a JVM of its own (so that its
 * CPU is not the workers' and shows apart in the bench's report) that answers every request with
 * a small JSON body after a fixed latency, each request on a virtual thread, so thousands can wait
 * at once. Started by the bench as the internal {@value #SUBCOMMAND} subcommand.
 */
final class LatencyStub implements AutoCloseable {

    static final String SUBCOMMAND = "latency-stub";

    /**
     * The JDK's server closes kept-alive connections beyond its idle limit (200 by default), and a
     * client that sends on one it pooled gets no answer; the workers keep hundreds open.
     */
    private static final List<String> JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dsun.net.httpserver.maxIdleConnections=100000");

    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
    private static final Duration READY_WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private LatencyStub(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the stub on {@code port} and returns once it accepts connections; its output goes to
     * {@code log}.
     *
     * @throws IOException when it cannot be started or does not listen within a minute
     */
    static LatencyStub launch(int port, Duration latency, Path log) throws IOException {
        List<String> command = JavaCommand.devStack(
                JVM_OPTIONS,
                SUBCOMMAND,
                InternalArguments.of(
                        "--port", Integer.toString(port),
                        "--latency-ms", Long.toString(latency.toMillis()),
                        "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        log.toFile().getParentFile().mkdirs();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LatencyStub stub = new LatencyStub(process, port);
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return stub;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    stub.close();
                    throw new IOException("the latency stub did not listen on port " + port + " within "
                            + READY_WAIT.toSeconds() + " s; see " + log);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stub.close();
                    throw new IOException("interrupted while the latency stub started", e);
                }
            }
        }
    }

    /** The stub's base URL, for the workers' {@code external_api} connector. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The {@value #SUBCOMMAND} subcommand: serves until the JVM is stopped or its parent is gone. */
    static void serve(List<String> rawArgs) throws IOException, InterruptedException {
        InternalArguments args = InternalArguments.parse(rawArgs);
        ParentWatchdog.exitWhenGone(args.longValue("--parent-pid"));
        long latencyMs = args.longValue("--latency-ms");
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), args.intValue("--port")), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> answer(exchange, latencyMs));
        server.start();
        System.out.println("latency-stub: answering after " + latencyMs + " ms on port " + args.intValue("--port"));
        new CountDownLatch(1).await();
    }

    private static void answer(HttpExchange exchange, long latencyMs) throws IOException {
        try (exchange;
                InputStream request = exchange.getRequestBody();
                OutputStream response = exchange.getResponseBody()) {
            request.readAllBytes();
            Thread.sleep(latencyMs);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY.length);
            response.write(BODY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
