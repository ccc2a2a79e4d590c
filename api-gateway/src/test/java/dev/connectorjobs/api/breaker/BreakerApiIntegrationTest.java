package dev.connectorjobs.api.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.model.breaker.BreakerDefaults;
import dev.connectorjobs.model.control.ControlMessage;
import dev.connectorjobs.model.control.ControlType;
import dev.connectorjobs.model.dispatch.Topics;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.testing.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The breaker endpoints of a real api-gateway, over snapshot and worker rows written straight into
 * the real database: two live workers and one whose heartbeat is stale.
 */
class BreakerApiIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JdbcTemplate JDBC = new JdbcTemplate(TestDatabase.get().dataSource());
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String LIVE_A = "bk-a-" + RUN;
    static final String LIVE_B = "bk-b-" + RUN;
    static final String STALE = "bk-stale-" + RUN;
    static final Instant OPENED = Instant.parse("2025-03-04T10:00:00Z");

    static ConfigurableApplicationContext api;
    static String base;

    @BeforeAll
    static void start() {
        Instant now = Instant.now();
        worker(LIVE_A, now);
        worker(LIVE_B, now.minusSeconds(5));
        worker(STALE, now.minusSeconds(3600));
        snapshot(LIVE_A, "jira", "OPEN", 5, OPENED, "HttpServerError: 503");
        snapshot(LIVE_B, "jira", "CLOSED", 1, null, null);
        snapshot(STALE, "jira", "FORCED_OPEN", 0, OPENED.minusSeconds(60), null);
        snapshot(LIVE_B, "servicenow", "HALF_OPEN", 0, OPENED, null);
        snapshot(STALE, "abm", "OPEN", 5, OPENED, null);
        api = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.api.dispatch.sweep-interval=1h",
                        // Live for the whole class even when a loaded machine starts the API slowly.
                        "jobs.api.breakers.stale-after=10m"));
        base = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    static void worker(String id, Instant heartbeat) {
        JDBC.update("""
                INSERT INTO workers (id, host, pid, queues, concurrency, started_at, last_heartbeat)
                VALUES (?, 'test-host', 1, ARRAY['default'], 4, ?, ?)
                """, id, Timestamp.from(heartbeat), Timestamp.from(heartbeat));
    }

    static void snapshot(
            String worker, String name, String state, int failures, @Nullable Instant opened, @Nullable String error) {
        JDBC.update(
                """
                INSERT INTO breaker_snapshots (worker_id, name, state, failure_count, fail_max, reset_timeout_ms,
                                               opened_at, last_transition_at, last_error, updated_at)
                VALUES (?, ?, ?, ?, 5, 60000, ?, ?, ?, now())
                """,
                worker,
                name,
                state,
                failures,
                opened == null ? null : Timestamp.from(opened),
                opened == null ? null : Timestamp.from(opened),
                error);
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static CompletableFuture<HttpResponse<String>> post(String path) {
        return HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_list_shows_every_breaker_as_the_worst_of_its_live_workers() throws Exception {
        HttpResponse<String> response = get("/api/v1/admin/health/circuit-breakers");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        JsonNode breakers = body.get("breakers");
        assertThat(breakers.propertyNames())
                .hasSize(BreakerDefaults.names().size())
                .contains("database", "external_api", "entra_id");
        JsonNode jira = breakers.get("jira");
        assertThat(jira.get("state").asString()).isEqualTo("open");
        assertThat(jira.get("opened").asBoolean()).isTrue();
        assertThat(jira.get("fail_counter").asInt()).isEqualTo(5);
        assertThat(jira.get("fail_max").asInt()).isEqualTo(5);
        assertThat(jira.get("reset_timeout").asInt()).isEqualTo(60);
        assertThat(jira.get("opened_at").asString()).isEqualTo(OPENED.toString());
        assertThat(jira.get("workers").propertyNames()).containsExactlyInAnyOrder(LIVE_A, LIVE_B);
        assertThat(jira.get("workers").get(LIVE_A).get("last_error").asString()).isEqualTo("HttpServerError: 503");
        assertThat(breakers.get("abm").get("state").asString())
                .as("only a stale worker saw abm open")
                .isEqualTo("closed");
        assertThat(breakers.get("abm").get("workers").isEmpty()).isTrue();
        assertThat(breakers.get("database").get("fail_max").asInt()).isEqualTo(10);
        JsonNode summary = body.get("summary");
        assertThat(summary.get("total").asInt())
                .isEqualTo(BreakerDefaults.names().size());
        assertThat(summary.get("open").asInt()).isEqualTo(1);
        assertThat(summary.get("half_open").asInt()).isEqualTo(1);
        assertThat(summary.get("closed").asInt())
                .isEqualTo(BreakerDefaults.names().size() - 2);
    }

    @Test
    void one_breaker_can_be_read_by_name() throws Exception {
        HttpResponse<String> response = get("/api/v1/admin/health/circuit-breakers/servicenow");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode servicenow = JSON.readTree(response.body());
        assertThat(servicenow.get("name").asString()).isEqualTo("servicenow");
        assertThat(servicenow.get("state").asString()).isEqualTo("half_open");
        assertThat(servicenow.get("opened").asBoolean()).isFalse();
        assertThat(servicenow.get("workers").propertyNames()).containsExactly(LIVE_B);
    }

    @Test
    void an_unknown_breaker_is_a_404_problem_naming_the_known_ones() throws Exception {
        HttpResponse<String> response = get("/api/v1/admin/health/circuit-breakers/nosuch");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("detail").asString())
                .contains("nosuch")
                .contains("jira", "external_api");
        assertThat(post("/api/v1/admin/health/circuit-breakers/nosuch/reset")
                        .join()
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/api/v1/admin/health/circuit-breakers/jira/explode")
                        .join()
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void a_wait_that_is_not_a_duration_or_too_long_is_a_400() {
        assertThat(post("/api/v1/admin/health/circuit-breakers/jira/reset?wait=soon")
                        .join()
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/admin/health/circuit-breakers/jira/reset?wait=1h")
                        .join()
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void a_reset_goes_to_every_worker_on_the_control_topic_and_reports_who_applied_it() throws Exception {
        try (KafkaConsumer<String, byte[]> control = TestKafka.consumer(Topics.CONTROL_TOPIC)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                control.poll(Duration.ofMillis(100));
                return !control.assignment().isEmpty();
            });

            CompletableFuture<HttpResponse<String>> pending =
                    post("/api/v1/admin/health/circuit-breakers/jira/reset?wait=2s");
            ControlMessage sent = awaitControlMessage(control, "jira");
            acknowledge(sent, LIVE_A, true, "jira: OPEN -> CLOSED");
            HttpResponse<String> response = pending.join();

            assertThat(sent.type()).isEqualTo(ControlType.BREAKER_RESET);
            assertThat(sent.workerId()).isNull();
            assertThat(response.statusCode())
                    .as("one live worker did not answer in time")
                    .isEqualTo(202);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("service").asString()).isEqualTo("jira");
            assertThat(body.get("action").asString()).isEqualTo("reset");
            assertThat(body.get("request_id").asString())
                    .isEqualTo(sent.requestId().toString());
            // other tests in this JVM may have live workers of their own: they count, and did not answer
            assertThat(body.get("workers_total").asInt())
                    .isGreaterThanOrEqualTo(2)
                    .isEqualTo(body.get("workers").size());
            assertThat(body.get("workers_applied").asInt()).isEqualTo(1);
            assertThat(body.get("workers").get(LIVE_A).get("applied").asBoolean())
                    .isTrue();
            assertThat(body.get("workers").get(LIVE_A).get("detail").asString()).isEqualTo("jira: OPEN -> CLOSED");
            assertThat(body.get("workers").get(LIVE_B).get("acknowledged").asBoolean())
                    .isFalse();
            assertThat(body.get("workers").has(STALE)).isFalse();
            assertThat(JDBC.queryForObject(
                            "SELECT count(*) FROM audit_log WHERE action = 'breaker.reset' AND target = 'jira'"
                                    + " AND detail->>'request_id' = ?",
                            Integer.class,
                            sent.requestId().toString()))
                    .isEqualTo(1);
        }
    }

    @Test
    void a_command_that_every_live_worker_acknowledges_is_answered_200_at_once() throws Exception {
        try (KafkaConsumer<String, byte[]> control = TestKafka.consumer(Topics.CONTROL_TOPIC)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                control.poll(Duration.ofMillis(100));
                return !control.assignment().isEmpty();
            });
            long start = System.nanoTime();

            CompletableFuture<HttpResponse<String>> pending =
                    post("/api/v1/admin/health/circuit-breakers/servicenow/force-open?wait=20s");
            ControlMessage sent = awaitControlMessage(control, "servicenow");
            List<String> live = liveWorkers();
            for (String worker : live) {
                acknowledge(sent, worker, true, "servicenow: CLOSED -> FORCED_OPEN");
            }
            HttpResponse<String> response = pending.join();

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(sent.type()).isEqualTo(ControlType.BREAKER_FORCE_OPEN);
            JsonNode body = JSON.readTree(response.body());
            assertThat(live).contains(LIVE_A, LIVE_B).doesNotContain(STALE);
            assertThat(body.get("workers_total").asInt()).isEqualTo(live.size());
            assertThat(body.get("workers_applied").asInt()).isEqualTo(live.size());
        }
    }

    /** The workers the API counts as live (the default stale threshold is 30 s). */
    private static List<String> liveWorkers() {
        // The API's rule for this class (stale after 10 min, set in start()); with 30 s, a loaded machine
        // that reaches this test more than 30 s after start() found no live worker to acknowledge for.
        return JDBC.queryForList(
                "SELECT id FROM workers WHERE stopped_at IS NULL AND last_heartbeat > now() - interval '10 minutes'",
                String.class);
    }

    private static ControlMessage awaitControlMessage(KafkaConsumer<String, byte[]> control, String breaker) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            control.poll(Duration.ofMillis(100)).forEach(r -> {
                if (breaker.equals(r.key())) {
                    found.add(r);
                }
            });
            return !found.isEmpty();
        });
        return JSON.readValue(found.getLast().value(), ControlMessage.class);
    }

    private static void acknowledge(ControlMessage message, String worker, boolean applied, String detail) {
        JDBC.update("""
                INSERT INTO control_acks (request_id, worker_id, type, target, applied, detail, acked_at)
                VALUES (?, ?, ?, ?, ?, ?, now())
                """, message.requestId(), worker, message.type().name(), message.target(), applied, detail);
    }
}
