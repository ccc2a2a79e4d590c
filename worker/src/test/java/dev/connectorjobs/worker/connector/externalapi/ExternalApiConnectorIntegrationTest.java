package dev.connectorjobs.worker.connector.externalapi;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.JobRows.JobRow;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.worker.WorkerApplication;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code external_api} jobs through a real worker (PostgreSQL, KRaft) against a WireMock service. */
class ExternalApiConnectorIntegrationTest {

    static final String QUEUE = "external-api-it";
    static final String TOKEN = "it-s3cr3t-bearer-token";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static WireMockServer service;
    static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        service = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        service.start();
        worker = WorkerApplication.application()
                .run(TestInfrastructure.springArgs(
                        "jobs.worker.id=it-external-api",
                        "jobs.worker.queues=" + QUEUE,
                        "spring.kafka.consumer.group-id=it-external-api",
                        "jobs.connectors.external_api.base-url=" + service.baseUrl() + "/base/",
                        "jobs.connectors.external_api.bearer-token=" + TOKEN,
                        "jobs.http.services.external_api.backoff-base=10ms",
                        "server.port=0"));
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (service != null) {
            service.stop();
        }
    }

    private static JobFixture request(String method, String path) {
        return aJob().queue(QUEUE)
                .connector("external_api")
                .operation("request")
                .param("method", method)
                .param("path", path);
    }

    private static JobRow awaitStatus(UUID id, JobStatus status) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(JobRows.job(id).status()).isEqualTo(status.name()));
        return JobRows.job(id);
    }

    @Test
    void a_webhook_post_succeeds_with_the_services_answer_as_result() {
        service.stubFor(post(urlPathEqualTo("/base/hooks/deploy"))
                .willReturn(status(201)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Location", "/base/hooks/deploy/881")
                        .withHeader("Set-Cookie", "session=abc")
                        .withBody("{\"id\":881,\"accepted\":true,\"echo\":\"Bearer " + TOKEN + "\"}")));
        JobFixture job = request("POST", "/hooks/deploy")
                .param("query", Map.of("dry_run", "false"))
                .param("headers", Map.of("Idempotency-Key", "deploy-42", "Accept", "application/json"))
                .param("body", Map.of("service", "billing", "version", "1.4.2"))
                .insert()
                .publish();

        JobRow row = awaitStatus(job.id(), JobStatus.SUCCESS);

        JsonNode result = JSON.readTree(row.result());
        assertThat(result.get("status").asInt()).isEqualTo(201);
        assertThat(result.get("headers").get("Location").asString()).isEqualTo("/base/hooks/deploy/881");
        assertThat(result.get("headers").has("Set-Cookie")).isFalse();
        assertThat(result.get("body").get("id").asInt()).isEqualTo(881);
        assertThat(result.get("body").get("echo").asString()).isEqualTo("Bearer [REDACTED]");
        assertThat(row.result()).doesNotContain(TOKEN);
        service.verify(postRequestedFor(urlEqualTo("/base/hooks/deploy?dry_run=false"))
                .withHeader("X-Correlation-ID", equalTo("test-" + job.id()))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Idempotency-Key", equalTo("deploy-42"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"service\":\"billing\",\"version\":\"1.4.2\"}")));
    }

    @Test
    void a_text_answer_is_returned_as_text() {
        service.stubFor(get(urlPathEqualTo("/base/status"))
                .willReturn(ok("all good").withHeader("Content-Type", "text/plain; charset=utf-8")));
        JobFixture job = request("GET", "/status").insert().publish();

        JsonNode result = JSON.readTree(awaitStatus(job.id(), JobStatus.SUCCESS).result());

        assertThat(result.get("status").asInt()).isEqualTo(200);
        assertThat(result.get("body").asString()).isEqualTo("all good");
        assertThat(result.get("body_truncated").asBoolean()).isFalse();
    }

    @Test
    void a_404_fails_the_job_at_once_as_a_client_error() {
        service.stubFor(get("/base/missing").willReturn(notFound()));
        JobFixture job = request("GET", "/missing").insert().publish();

        JobRow row = awaitStatus(job.id(), JobStatus.FAILURE);

        assertThat(row.errorType()).isEqualTo("HttpClientError");
        assertThat(row.retriesUsed()).isZero();
        assertThat(row.errorMessage()).isEqualTo("external_api: GET /base/missing answered 404 Not Found");
    }

    @Test
    void a_header_outside_the_allow_list_fails_the_job_without_any_request() {
        JobFixture job = request("GET", "/admin")
                .param("headers", Map.of("Authorization", "Bearer stolen"))
                .insert()
                .publish();

        JobRow row = awaitStatus(job.id(), JobStatus.FAILURE);

        assertThat(row.errorType()).isEqualTo("InvalidRequest");
        assertThat(row.errorMessage()).contains("header 'Authorization' is not allowed");
        assertThat(service.findAll(anyRequestedFor(anyUrl())))
                .noneMatch(r -> r.getUrl().startsWith("/base/admin"));
    }

    @Test
    void a_path_that_climbs_out_of_the_base_path_fails_the_job_without_any_request() {
        JobFixture job = request("GET", "/hooks/%252e%252e/admin").insert().publish();

        JobRow row = awaitStatus(job.id(), JobStatus.FAILURE);

        assertThat(row.errorType()).isEqualTo("InvalidRequest");
        assertThat(row.errorMessage()).contains("'..' segments");
        assertThat(service.findAll(anyRequestedFor(anyUrl())))
                .noneMatch(r -> r.getUrl().contains("admin"));
    }

    @Test
    void an_answer_with_a_nul_in_its_json_is_stored_escaped_after_one_request() {
        service.stubFor(get(urlPathEqualTo("/base/nul")).willReturn(okJson("{\"na\\u0000me\":\"va\\u0000lue\"}")));
        JobFixture job = request("GET", "/nul").insert().publish();

        JobRow row = awaitStatus(job.id(), JobStatus.SUCCESS);

        JsonNode body = JSON.readTree(row.result()).get("body");
        assertThat(body.get("na\\u0000me").asString()).isEqualTo("va\\u0000lue");
        assertThat(JobRows.attempts(job.id())).hasSize(1);
        service.verify(1, getRequestedFor(urlEqualTo("/base/nul")));
    }
}
