package dev.connectorjobs.devstack.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service the {@code external_api} jobs write to: an HTTP server on 127.0.0.1 that records
 * every request with the worker that sent it, the job's key, its {@code Idempotency-Key} and when
 * it arrived and was answered.
 *
 * <p>Each worker gets a base URL of its own, {@code /w/<worker id>}, so the stub knows who sent a
 * request; the job's key is the last path segment of {@code .../effects/<key>}. Like an idempotent
 * service, it applies a write's side effect for the first 2xx request of an idempotency key and
 * replays the answer for the others. It holds every request for {@link #HOLD} so that two
 * executions of one job overlap visibly, and answers the first request of every {@value
 * #FAIL_FIRST_OF_EVERY}th key with 503, so workers retry within an attempt too.
 */
final class RecordingStub implements AutoCloseable {

    static final String EFFECTS = "/effects/";
    static final Duration HOLD = Duration.ofMillis(100);
    static final int FAIL_FIRST_OF_EVERY = 10;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock;
    private final ConcurrentLinkedQueue<StubRequest> requests = new ConcurrentLinkedQueue<>();
    private final Set<String> seenKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> appliedKeys = ConcurrentHashMap.newKeySet();

    RecordingStub(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/w/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL for one worker's {@code external_api} connector. */
    URI baseUrl(String workerId) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/w/" + workerId);
    }

    /** Every request so far. */
    List<StubRequest> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant arrived = clock.instant();
        try (exchange;
                InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int effects = path.indexOf(EFFECTS);
            if (effects < 0) {
                answer(exchange, 404, "{\"error\":\"not a path of the chaos stub\"}");
                return;
            }
            String workerId = path.substring("/w/".length(), effects);
            String key = path.substring(effects + EFFECTS.length());
            Optional<String> idempotencyKey =
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            sleep(HOLD);
            String dedupKey = idempotencyKey.orElse(null);
            int status;
            boolean effect;
            if (dedupKey != null && seenKeys.add(dedupKey) && failsFirst(dedupKey)) {
                status = 503;
                effect = false;
            } else {
                status = 200;
                effect = dedupKey == null || appliedKeys.add(dedupKey);
            }
            try {
                answer(exchange, status, "{\"replayed\":" + (status == 200 && !effect) + "}");
            } finally {
                // Recorded even when the worker is gone before the answer: the effect happened.
                requests.add(new StubRequest(workerId, key, idempotencyKey, arrived, clock.instant(), status, effect));
            }
        }
    }

    private static boolean failsFirst(String idempotencyKey) {
        return Math.floorMod(idempotencyKey.hashCode(), FAIL_FIRST_OF_EVERY) == 0;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
