package dev.connectorjobs.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.connectorjobs.devstack.chaos.ChaosLoad.Submission;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChaosLoadTest {

    private static final UUID TASK = UUID.fromString("0190f1a2-0000-7000-8000-000000000001");

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void a_submission_answered_503_goes_to_the_next_api_gateway_with_the_same_idempotency_key() throws IOException {
        FakeGateway unavailable = gateway(503);
        FakeGateway accepting = gateway(202);

        try (ChaosLoad load = load(unavailable.url(), accepting.url())) {
            Submission submission = load.submit(0, System.nanoTime());

            assertThat(submission.taskId()).contains(TASK);
            assertThat(submission.tries()).isEqualTo(2);
            assertThat(load.failovers()).isEqualTo(1);
            assertThat(load.outcomes()).containsExactly(entry("202", 1L));
            assertThat(load.accepted()).containsExactly(TASK);
        }
        assertThat(unavailable.keys()).containsExactly("run-0");
        assertThat(accepting.keys()).containsExactly("run-0");
    }

    @Test
    void a_refused_connection_fails_over_to_the_next_api_gateway_in_round_robin_order() throws IOException {
        FakeGateway accepting = gateway(202);

        // job 1 goes first to the second api-gateway, which is not there
        try (ChaosLoad load = load(accepting.url(), closedPort())) {
            Submission submission = load.submit(1, System.nanoTime());

            assertThat(submission.accepted()).isTrue();
            assertThat(submission.tries()).isEqualTo(2);
            assertThat(load.failovers()).isEqualTo(1);
            assertThat(load.outcomes()).containsExactly(entry("202", 1L));
        }
        assertThat(accepting.keys()).containsExactly("run-1");
    }

    @Test
    void an_api_gateway_that_failed_is_left_out_until_its_readiness_probe_answers() throws IOException {
        FakeGateway unavailable = gateway(503);
        FakeGateway accepting = gateway(202);

        try (ChaosLoad load = load(unavailable.url(), accepting.url())) {
            load.submit(0, System.nanoTime());
            Submission next = load.submit(2, System.nanoTime());

            assertThat(next.tries()).isEqualTo(1);
            assertThat(load.failovers()).isEqualTo(1);
            assertThat(unavailable.keys()).containsExactly("run-0");

            unavailable.ready().set(true);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                load.submit(4, System.nanoTime());
                assertThat(unavailable.keys()).contains("run-4");
            });
        }
    }

    @Test
    void submissions_take_turns_over_the_api_gateways() throws IOException {
        FakeGateway first = gateway(202);
        FakeGateway second = gateway(202);

        try (ChaosLoad load = load(first.url(), second.url())) {
            for (int job = 0; job < 4; job++) {
                load.submit(job, System.nanoTime());
            }

            assertThat(load.failovers()).isZero();
        }
        assertThat(first.keys()).containsExactly("run-0", "run-2");
        assertThat(second.keys()).containsExactly("run-1", "run-3");
    }

    @Test
    void a_refusal_of_the_request_itself_is_not_sent_again() throws IOException {
        FakeGateway invalid = gateway(422);
        FakeGateway accepting = gateway(202);

        try (ChaosLoad load = load(invalid.url(), accepting.url())) {
            Submission submission = load.submit(0, System.nanoTime());

            assertThat(submission.accepted()).isFalse();
            assertThat(submission.tries()).isEqualTo(1);
            assertThat(load.outcomes()).containsExactly(entry("422", 1L));
        }
        assertThat(accepting.keys()).isEmpty();
    }

    @Test
    void a_submission_no_api_gateway_accepts_stops_after_the_last_try() throws IOException {
        FakeGateway first = gateway(503);
        FakeGateway second = gateway(502);

        try (ChaosLoad load = load(first.url(), second.url())) {
            Submission submission = load.submit(0, System.nanoTime());

            assertThat(submission.accepted()).isFalse();
            assertThat(submission.tries()).isEqualTo(ChaosLoad.MAX_TRIES);
            assertThat(load.failovers()).isEqualTo(ChaosLoad.MAX_TRIES - 1);
            // the fourth try went to the second api-gateway
            assertThat(load.outcomes()).containsExactly(entry("502", 1L));
            assertThat(load.accepted()).isEmpty();
        }
        assertThat(first.keys()).hasSize(ChaosLoad.MAX_TRIES / 2).containsOnly("run-0");
        assertThat(second.keys()).hasSize(ChaosLoad.MAX_TRIES / 2).containsOnly("run-0");
    }

    @Test
    void latency_counts_from_the_intended_send_time_not_from_the_send() throws IOException {
        FakeGateway accepting = gateway(202);

        try (ChaosLoad load = load(accepting.url())) {
            Submission late =
                    load.submit(0, System.nanoTime() - Duration.ofSeconds(3).toNanos());

            assertThat(late.latency()).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(load.submissions()).containsExactly(late);
        }
    }

    @Test
    void an_accepted_keyed_write_is_remembered_by_its_key() throws IOException {
        FakeGateway accepting = gateway(202);

        try (ChaosLoad load = load(accepting.url())) {
            load.submit(6, System.nanoTime());
            load.submit(7, System.nanoTime());

            assertThat(load.keyedJobs()).containsExactly(entry("run-7", TASK));
        }
    }

    @Test
    void no_more_tries_are_in_flight_than_the_bound_and_the_rest_wait_for_a_place() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        // A backlog for every connection at once: the default one refuses some when all arrive together.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(ChaosLoad.PATH, exchange -> {
            exchange.getRequestBody().readAllBytes();
            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            held.decrementAndGet();
            answer(exchange, 202, "{\"task_id\":\"" + TASK + "\",\"status\":\"PENDING\"}");
        });
        server.start();
        servers.add(server);
        int submissions = ChaosLoad.MAX_IN_FLIGHT + 50;

        try (ChaosLoad load = load(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int job = 0; job < submissions; job++) {
                int number = job;
                clients.execute(() -> load.submit(number, System.nanoTime()));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> held.get() == ChaosLoad.MAX_IN_FLIGHT);
            // The 50 others wait for a place: none reaches the api-gateway while the held ones hold.
            await().during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> held.get() == ChaosLoad.MAX_IN_FLIGHT);
            release.countDown();
            clients.shutdown();
            assertThat(clients.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

            assertThat(mostHeld.get()).isEqualTo(ChaosLoad.MAX_IN_FLIGHT);
            assertThat(load.outcomes()).containsExactly(entry("202", (long) submissions));
        }
    }

    private static ChaosLoad load(URI... apis) {
        return new ChaosLoad(List.of(apis), "admin-key", "run", Clock.systemUTC());
    }

    /** An api-gateway that answers every submission with {@code status} and records its idempotency keys. */
    private FakeGateway gateway(int status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> keys = new CopyOnWriteArrayList<>();
        AtomicBoolean ready = new AtomicBoolean();
        server.createContext(ChaosLoad.READINESS_PATH, exchange -> answer(exchange, ready.get() ? 200 : 503, "{}"));
        server.createContext(ChaosLoad.PATH, exchange -> {
            exchange.getRequestBody().readAllBytes();
            keys.add(String.valueOf(exchange.getRequestHeaders().getFirst(ChaosLoad.IDEMPOTENCY_KEY)));
            answer(
                    exchange,
                    status,
                    status / 100 == 2 ? "{\"task_id\":\"" + TASK + "\",\"status\":\"PENDING\"}" : "{}");
        });
        server.start();
        servers.add(server);
        return new FakeGateway(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), keys, ready);
    }

    private record FakeGateway(URI url, List<String> keys, AtomicBoolean ready) {}

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
