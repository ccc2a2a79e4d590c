package dev.connectorjobs.e2e.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.JobRows.AttemptRow;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Ansible job template launches through the whole system against a stub AWX whose jobs run for
 * several polls (WireMock scenarios that the stub's cancel endpoint, or the test, move on): a launch
 * followed to SUCCESS with its host summary; a revoke and a time limit that cancel the AWX job once;
 * a worker killed with SIGKILL mid-run whose job another worker resumes without a second launch.
 */
class AnsibleEndToEndTest {

    static final String QUEUE = "ansible-e2e";
    static final String CRASH_QUEUE = "ansible-crash";
    static final String TOKEN = "e2e-awx-Zq8Lm3Vt6Rk1";
    static final Duration GENEROUS = Duration.ofSeconds(60);

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static WireMockServer awx;
    static ApiClient client;

    @BeforeAll
    static void start() {
        awx = system.startService(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        client = system.startApi(
                "jobs.api.queues=default," + QUEUE + "," + CRASH_QUEUE,
                "jobs.api.routes.ansible=" + QUEUE,
                "jobs.api.reaper.interval=250ms",
                "jobs.api.dispatch.sweep-interval=100ms");
        system.startWorker(withId("e2e-ansible", workerSettings(QUEUE)));
        awx.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(answer(401).withBody("{\"detail\":\"Authentication credentials were not provided.\"}")));
    }

    static String[] withId(String id, String[] settings) {
        String[] all = new String[settings.length + 1];
        all[0] = "jobs.worker.id=" + id;
        System.arraycopy(settings, 0, all, 1, settings.length);
        return all;
    }

    /** Settings of a worker of {@code queue} (its Kafka group named after the queue), with short leases. */
    static String[] workerSettings(String queue) {
        return new String[] {
            "jobs.worker.queues=" + queue,
            "spring.kafka.consumer.group-id=e2e-" + queue,
            "jobs.worker.lease=3000ms",
            "jobs.worker.heartbeat-interval=500ms",
            "spring.kafka.consumer.properties.session.timeout.ms=6000",
            "spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
            "jobs.connectors.ansible.base-url=" + awx.baseUrl(),
            "jobs.connectors.ansible.auth.token=" + TOKEN,
            "jobs.connectors.ansible.poll-interval=200ms",
            "jobs.connectors.ansible.max-poll-interval=500ms",
            "jobs.http.services.ansible.backoff-base=10ms"
        };
    }

    static ResponseDefinitionBuilder answer(int status) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json");
    }

    static MappingBuilder authenticated(MappingBuilder request) {
        return request.withHeader("Authorization", equalTo("Bearer " + TOKEN)).atPriority(5);
    }

    static String jobPath(int job) {
        return "/api/v2/jobs/" + job + "/";
    }

    static String awxJob(int job, int template, String status, double elapsed) {
        return ("{\"id\":%d,\"type\":\"job\",\"name\":\"Patch\",\"job_template\":%d,\"status\":\"%s\",\"failed\":%s,"
                        + "\"elapsed\":%s,\"job_explanation\":\"\",\"extra_vars\":\"{}\"}")
                .formatted(job, template, status, status.equals("failed"), elapsed);
    }

    /** Template {@code template} launches AWX job {@code job}, which stays running until its scenario moves on. */
    static void awxJobThatRuns(int template, int job) {
        awx.stubFor(authenticated(post(urlPathEqualTo("/api/v2/job_templates/" + template + "/launch/")))
                .willReturn(answer(201)
                        .withBody("{\"job\":%d,\"ignored_fields\":{},\"id\":%d,\"status\":\"pending\"}"
                                .formatted(job, job))));
        String scenario = "job " + job;
        awx.stubFor(authenticated(get(urlPathEqualTo(jobPath(job))))
                .inScenario(scenario)
                .whenScenarioStateIs(STARTED)
                .willReturn(answer(200).withBody(awxJob(job, template, "running", 2.5))));
        awx.stubFor(authenticated(get(urlPathEqualTo(jobPath(job))))
                .inScenario(scenario)
                .whenScenarioStateIs("canceled")
                .willReturn(answer(200).withBody(awxJob(job, template, "canceled", 3.0))));
        awx.stubFor(authenticated(get(urlPathEqualTo(jobPath(job))))
                .inScenario(scenario)
                .whenScenarioStateIs("done")
                .willReturn(answer(200).withBody(awxJob(job, template, "successful", 42.7))));
        awx.stubFor(authenticated(post(urlPathEqualTo(jobPath(job) + "cancel/")))
                .inScenario(scenario)
                .willSetStateTo("canceled")
                .willReturn(aResponse().withStatus(202)));
        awx.stubFor(authenticated(get(urlPathEqualTo(jobPath(job) + "job_host_summaries/")))
                .willReturn(answer(200)
                        .withBody("{\"count\":2,\"next\":null,\"previous\":null,\"results\":[{\"id\":1,\"host\":11,"
                                + "\"host_name\":\"web-01\",\"ok\":7,\"changed\":2,\"failures\":0,\"dark\":0,"
                                + "\"skipped\":1},{\"id\":2,\"host\":12,\"host_name\":\"web-02\",\"ok\":7,\"changed\":0,"
                                + "\"failures\":0,\"dark\":0,\"skipped\":1}]}")));
    }

    static int polls(int job) {
        return awx.findAll(getRequestedFor(urlPathEqualTo(jobPath(job)))).size();
    }

    static int launches(int template) {
        return awx.findAll(postRequestedFor(urlPathEqualTo("/api/v2/job_templates/" + template + "/launch/")))
                .size();
    }

    static int cancels(int job) {
        return awx.findAll(postRequestedFor(urlPathEqualTo(jobPath(job) + "cancel/")))
                .size();
    }

    static String launch(int template, String extra) throws Exception {
        return client.submit("{\"connector\":\"ansible\",\"operation\":\"launch_job_template\",\"params\":{"
                + "\"job_template_id\":" + template + ",\"limit\":\"web-*\",\"extra_vars\":{\"release\":\"2024.3\"}}"
                + extra + "}");
    }

    /** Waits until the job's AWX job is running and polled, its id in the checkpoint. */
    static void awaitRunning(String id, int job) {
        await().atMost(GENEROUS).until(() -> polls(job) >= 2);
        await().atMost(GENEROUS)
                .untilAsserted(() -> assertThat(client.status(id)
                                .path("checkpoint")
                                .path("awx_job_id")
                                .asInt())
                        .isEqualTo(job));
    }

    @Test
    void a_launch_is_followed_to_success_with_the_host_summary() throws Exception {
        awxJobThatRuns(11, 1101);

        String id = launch(11, "");
        awaitRunning(id, 1101);
        awx.setScenarioState("job 1101", "done");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        JsonNode result = status.get("result");
        assertThat(result.get("awx_job_id").asInt()).isEqualTo(1101);
        assertThat(result.get("status").asString()).isEqualTo("successful");
        assertThat(result.get("failed").asBoolean()).isFalse();
        assertThat(result.at("/host_summary/totals/ok").asInt()).isEqualTo(14);
        assertThat(result.at("/host_summary/totals/hosts").asInt()).isEqualTo(2);
        assertThat(result.at("/host_summary/hosts/web-01/changed").asInt()).isEqualTo(2);
        assertThat(launches(11)).isEqualTo(1);
        awx.verify(postRequestedFor(urlPathEqualTo("/api/v2/job_templates/11/launch/"))
                .withRequestBody(matchingJsonPath("$.limit", equalTo("web-*")))
                .withRequestBody(matchingJsonPath("$.extra_vars.release", equalTo("2024.3")))
                .withRequestBody(matchingJsonPath("$.extra_vars.connector_jobs_launch_id", equalTo(id))));
    }

    @Test
    void a_revoke_mid_run_cancels_the_awx_job_once_and_the_job_ends_revoked() throws Exception {
        awxJobThatRuns(12, 1201);
        String id = launch(12, "");
        awaitRunning(id, 1201);

        assertThat(client.revoke(id, "change freeze").statusCode()).isEqualTo(200);

        JsonNode cancel = client.awaitRemoteCancel(id, "DONE");
        JsonNode status = client.status(id);
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("REVOKED");
        assertThat(cancel.path("action").asString()).isEqualTo("POST /api/v2/jobs/1201/cancel/");
        assertThat(cancels(1201)).isEqualTo(1);
        assertThat(launches(12)).isEqualTo(1);
    }

    @Test
    void a_short_time_limit_cancels_the_awx_job_and_the_job_fails_with_the_time_limit() throws Exception {
        awxJobThatRuns(13, 1301);

        String id = launch(13, ",\"timeout_seconds\":4,\"max_retries\":0");
        JsonNode status = client.awaitTerminal(id);
        client.awaitRemoteCancel(id, "DONE");

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("FAILURE");
        assertThat(status.get("error_type").asString()).as(status.toString()).isEqualTo("TimeLimitExceeded");
        assertThat(cancels(1301)).isEqualTo(1);
        assertThat(launches(13)).isEqualTo(1);
    }

    @Test
    void a_worker_killed_mid_run_is_replaced_by_one_that_resumes_polling_without_a_second_launch() throws Exception {
        awxJobThatRuns(14, 1401);
        Process doomed = system.startWorkerProcess("ansible-doomed", workerSettings(CRASH_QUEUE));
        String id = launch(14, ",\"queue\":\"" + CRASH_QUEUE + "\"");
        UUID jobId = UUID.fromString(id);
        awaitRunning(id, 1401);
        assertThat(JobRows.job(jobId).workerId()).isEqualTo("ansible-doomed");

        system.startWorker(withId("ansible-survivor", workerSettings(CRASH_QUEUE)));
        assertThat(JobRows.job(jobId).status())
                .as("the doomed worker must still be running the job when it is killed")
                .isEqualTo("STARTED");
        doomed.destroyForcibly().waitFor();
        int pollsAtKill = polls(1401);
        await().atMost(GENEROUS)
                .until(() -> "ansible-survivor".equals(JobRows.job(jobId).workerId()) && polls(1401) > pollsAtKill);
        awx.setScenarioState("job 1401", "done");
        JsonNode status = client.awaitTerminal(id);

        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("SUCCESS");
        assertThat(status.at("/result/awx_job_id").asInt()).isEqualTo(1401);
        assertThat(launches(14)).isEqualTo(1);
        assertThat(cancels(1401)).isZero();
        assertThat(JobRows.attempts(jobId)).extracting(AttemptRow::outcome).containsExactly("WORKER_LOST", "SUCCESS");
    }
}
