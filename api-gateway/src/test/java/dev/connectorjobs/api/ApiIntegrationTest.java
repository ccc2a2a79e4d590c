package dev.connectorjobs.api;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.model.dispatch.Headers;
import dev.connectorjobs.model.dispatch.Topics;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.testing.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The api-gateway over HTTP, against a real PostgreSQL (all migrations) and a real KRaft broker. */
class ApiIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static ConfigurableApplicationContext api;
    static String base;

    @BeforeAll
    static void startApi() {
        api = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.api.dispatch.sweep-interval=200ms",
                        "jobs.api.dispatch.publish-grace=2s",
                        "jobs.api.dispatch.confirm-interval=200ms",
                        "jobs.api.timeouts.diagnostics.sleep=300",
                        "jobs.api.timeouts.diagnostics.default=60"));
        base = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_submitted_job_is_stored_answered_202_and_published_to_its_queue() throws Exception {
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(Topics.queueTopic("default"))) {
            HttpResponse<String> response =
                    post("/api/v1/jobs", "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"x\":1}}");

            assertThat(response.statusCode()).isEqualTo(202);
            JsonNode body = JSON.readTree(response.body());
            UUID id = UUID.fromString(body.get("task_id").asString());
            assertThat(body.get("status").asString()).isEqualTo("PENDING");
            assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/admin/tasks/" + id + "/status");
            assertThat(JobRows.count(id)).isEqualTo(1);

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(JobRows.job(id).status()).isEqualTo("QUEUED"));
            String correlationId = JSON.readTree(
                            get("/api/v1/admin/tasks/" + id + "/status").body())
                    .get("correlation_id")
                    .asString();
            assertThat(recordsFor(consumer, id)).first().satisfies(r -> assertDispatches(r, id, 1, correlationId));
        }
    }

    @Test
    void the_status_of_a_job_has_the_original_five_fields_and_the_operator_fields() throws Exception {
        HttpResponse<String> submitted = post(
                "/api/v1/jobs",
                "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":5},\"max_retries\":1,"
                        + "\"timeout_seconds\":30}");
        String id = JSON.readTree(submitted.body()).get("task_id").asString();

        HttpResponse<String> status = get("/api/v1/admin/tasks/" + id + "/status");

        assertThat(status.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(status.body());
        assertThat(body.propertyNames())
                .contains("task_id", "status", "result", "error", "progress")
                .contains(
                        "connector",
                        "operation",
                        "attempt",
                        "created_at",
                        "started_at",
                        "finished_at",
                        "worker_id",
                        "correlation_id");
        assertThat(body.get("task_id").asString()).isEqualTo(id);
        assertThat(body.get("connector").asString()).isEqualTo("diagnostics");
        assertThat(body.get("operation").asString()).isEqualTo("sleep");
        assertThat(body.get("attempt").asInt()).isEqualTo(1);
        assertThat(body.get("max_retries").asInt()).isEqualTo(1);
        assertThat(body.get("timeout_seconds").asInt()).isEqualTo(30);
        assertThat(body.get("result").isNull()).isTrue();
    }

    @Test
    void a_correlation_id_given_on_submit_is_stored_and_returned() throws Exception {
        HttpResponse<String> submitted = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                        .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                        .header("Content-Type", "application/json")
                        .header("X-Correlation-ID", "ticket-4711")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"connector\":\"diagnostics\",\"operation\":\"echo\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String id = JSON.readTree(submitted.body()).get("task_id").asString();

        JsonNode status =
                JSON.readTree(get("/api/v1/admin/tasks/" + id + "/status").body());

        assertThat(status.get("correlation_id").asString()).isEqualTo("ticket-4711");
    }

    @Test
    void an_unknown_task_id_is_404_not_pending() throws Exception {
        HttpResponse<String> response = get("/api/v1/admin/tasks/" + UUID.randomUUID() + "/status");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void a_malformed_task_id_is_400() throws Exception {
        HttpResponse<String> response = get("/api/v1/admin/tasks/not-a-uuid/status");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("not a UUID");
    }

    @Test
    void an_unknown_connector_is_rejected_with_422_and_nothing_is_stored() throws Exception {
        long before = JobRows.total();

        HttpResponse<String> response =
                post("/api/v1/jobs", "{\"connector\":\"nosuch\",\"operation\":\"echo\",\"params\":{}}");

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("connector");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("diagnostics");
        assertThat(JobRows.total()).isEqualTo(before);
    }

    @Test
    void an_unknown_operation_is_rejected_with_422_and_nothing_is_stored() throws Exception {
        long before = JobRows.total();

        HttpResponse<String> response =
                post("/api/v1/jobs", "{\"connector\":\"diagnostics\",\"operation\":\"explode\"}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(response.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("operation");
        assertThat(JobRows.total()).isEqualTo(before);
    }

    @Test
    void params_that_do_not_match_the_declaration_are_rejected_with_field_errors() throws Exception {
        long before = JobRows.total();

        HttpResponse<String> response = post(
                "/api/v1/jobs",
                "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":\"soon\",\"extra\":1},"
                        + "\"max_retries\":99}");

        assertThat(response.statusCode()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        JSON.readTree(response.body())
                .get("errors")
                .forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("params.ms", "params.extra", "max_retries");
        assertThat(JobRows.total()).isEqualTo(before);
    }

    @Test
    void params_with_a_nul_character_are_422_not_a_server_error() throws Exception {
        long before = JobRows.total();

        HttpResponse<String> response = post(
                "/api/v1/jobs",
                "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"list\":[\"a\\u0000b\"]}}");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(response.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("params.list[0]");
        assertThat(JobRows.total()).isEqualTo(before);
    }

    @Test
    void malformed_json_is_400_with_a_problem_document() throws Exception {
        long before = JobRows.total();

        HttpResponse<String> response = post("/api/v1/jobs", "{\"connector\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(JobRows.total()).isEqualTo(before);
    }

    @Test
    void a_job_whose_publication_was_lost_after_commit_is_published_by_the_sweep() {
        // The row as the API commits it, with no record ever sent: the process died in between.
        JobFixture job = aJob().param("lost", true)
                .dispatchAfter(Instant.now().minusSeconds(1))
                .insert();

        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(Topics.queueTopic("default"))) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(JobRows.job(job.id()).status()).isEqualTo("QUEUED"));
            assertThat(recordsFor(consumer, job.id())).isNotEmpty();
        }
        assertThat(JobRows.job(job.id()).publishedAt()).isNotNull();
        assertThat(JobRows.job(job.id()).dispatchAfter()).isNull();
    }

    @Test
    void a_retry_whose_time_has_come_is_published_as_the_next_attempt() {
        JobFixture job = aJob().status(dev.connectorjobs.model.job.JobStatus.RETRY)
                .dispatchAfter(Instant.now().minusMillis(10))
                .insert();

        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(Topics.queueTopic("default"))) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(
                            () -> assertThat(JobRows.job(job.id()).status()).isEqualTo("QUEUED"));
            assertThat(JobRows.job(job.id()).attempt()).isEqualTo(2);
            List<ConsumerRecord<String, byte[]>> records = recordsFor(consumer, job.id());
            assertThat(records).last().satisfies(r -> assertDispatches(r, job.id(), 2, "test-" + job.id()));
        }
    }

    /** The record names the attempt and nothing else; the correlation id and the version are headers too. */
    private static void assertDispatches(
            ConsumerRecord<String, byte[]> record, UUID id, int attempt, String correlationId) {
        JsonNode value = JSON.readTree(record.value());
        assertThat(value.propertyNames()).containsExactly("v", "job_id", "attempt");
        assertThat(value.get("v").asInt()).isEqualTo(2);
        assertThat(value.get("job_id").asString()).isEqualTo(id.toString());
        assertThat(value.get("attempt").asInt()).isEqualTo(attempt);
        assertThat(header(record, Headers.CORRELATION_ID)).isEqualTo(correlationId);
        assertThat(header(record, Headers.ENVELOPE_VERSION)).isEqualTo("2");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, byte[]>> recordsFor(KafkaConsumer<String, byte[]> consumer, UUID id) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (id.toString().equals(r.key())) {
                    found.add(r);
                }
            });
            return !found.isEmpty();
        });
        return found;
    }

    @Test
    void the_connector_catalogue_lists_diagnostics_with_its_operations() throws Exception {
        JsonNode body = JSON.readTree(get("/api/v1/connectors").body());
        List<String> ops = new ArrayList<>();
        for (JsonNode connector : body.get("connectors")) {
            if (connector.get("name").asString().equals("diagnostics")) {
                connector.get("operations").forEach(o -> ops.add(o.get("name").asString()));
            }
        }
        assertThat(ops).containsExactly("echo", "sleep", "fail");
    }

    @Test
    void a_batch_stores_its_valid_jobs_in_one_go_and_reports_each_one() throws Exception {
        long before = JobRows.total();

        HttpResponse<String> response = post(
                "/api/v1/jobs:batch",
                "{\"jobs\":[{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"i\":0}},"
                        + "{\"connector\":\"diagnostics\",\"operation\":\"nope\"},"
                        + "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":1}}]}");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("rejected").asInt()).isEqualTo(1);
        JsonNode results = body.get("results");
        assertThat(results.get(0).get("status").asString()).isEqualTo("PENDING");
        assertThat(results.get(1).get("status").asString()).isEqualTo("REJECTED");
        assertThat(results.get(1).get("errors").get(0).get("field").asString()).isEqualTo("operation");
        UUID second = UUID.fromString(results.get(2).get("task_id").asString());
        assertThat(JobRows.total()).isEqualTo(before + 2);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(JobRows.job(second).status()).isEqualTo("QUEUED"));
        String correlationId = JSON.readTree(
                        get("/api/v1/admin/tasks/" + second + "/status").body())
                .get("correlation_id")
                .asString();
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(Topics.queueTopic("default"))) {
            assertThat(recordsFor(consumer, second))
                    .first()
                    .satisfies(r -> assertDispatches(r, second, 1, correlationId));
        }
    }

    @Test
    void an_empty_or_oversized_batch_is_422_and_stores_nothing() throws Exception {
        long before = JobRows.total();
        StringBuilder big = new StringBuilder("{\"jobs\":[");
        for (int i = 0; i < 1001; i++) {
            big.append(i == 0 ? "" : ",").append("{\"connector\":\"diagnostics\",\"operation\":\"echo\"}");
        }
        big.append("]}");

        assertThat(post("/api/v1/jobs:batch", "{\"jobs\":[]}").statusCode()).isEqualTo(422);
        assertThat(post("/api/v1/jobs:batch", big.toString()).statusCode()).isEqualTo(422);
        assertThat(JobRows.total()).isEqualTo(before);
    }

    @Test
    void time_limits_default_per_connector_operation_then_per_connector_then_globally() throws Exception {
        String sleep = JSON.readTree(post(
                                "/api/v1/jobs",
                                "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":1}}")
                        .body())
                .get("task_id")
                .asString();
        String echo = JSON.readTree(post("/api/v1/jobs", "{\"connector\":\"diagnostics\",\"operation\":\"echo\"}")
                        .body())
                .get("task_id")
                .asString();
        String external = JSON.readTree(post(
                                "/api/v1/jobs",
                                "{\"connector\":\"external_api\",\"operation\":\"request\",\"params\":"
                                        + "{\"method\":\"GET\",\"path\":\"/x\"}}")
                        .body())
                .get("task_id")
                .asString();

        assertThat(JSON.readTree(get("/api/v1/admin/tasks/" + sleep + "/status").body())
                        .get("timeout_seconds")
                        .asInt())
                .isEqualTo(300);
        assertThat(JSON.readTree(get("/api/v1/admin/tasks/" + echo + "/status").body())
                        .get("timeout_seconds")
                        .asInt())
                .isEqualTo(60);
        assertThat(JSON.readTree(get("/api/v1/admin/tasks/" + external + "/status")
                                .body())
                        .get("timeout_seconds")
                        .asInt())
                .isEqualTo(120);
    }
}
