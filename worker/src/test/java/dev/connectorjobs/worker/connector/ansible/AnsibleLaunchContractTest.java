package dev.connectorjobs.worker.connector.ansible;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.ansible.AwxConnectors.connector;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.TEMPLATE;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.answer;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.cancel;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.job;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.launch;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.launched;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.ok;
import static dev.connectorjobs.worker.connector.ansible.AwxStub.templateJobs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ansible} launch_job_template against stubs that answer as AWX REST API v2 does: launched once
 * per job, followed to the end, resumed from its checkpoint, found by its marker after a lost
 * answer, cancelled in AWX.
 */
class AnsibleLaunchContractTest {

    static final long AWX_JOB = 123;
    static final String LAUNCH_PATH = "/api/v2/job_templates/" + TEMPLATE + "/launch/";

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer awx = vendor.server();

    private ConnectorTestbed testbed;
    private AwxStub stub;

    @BeforeEach
    void reset() {
        testbed = vendor.testbed();
        stub = new AwxStub(awx);
    }

    private static FakeJobContext aLaunch() {
        return aJob("ansible", "launch_job_template").param("job_template_id", TEMPLATE);
    }

    private Map<String, Object> run(FakeJobContext job) {
        return ConnectorTestbed.run(connector(testbed, awx.baseUrl()), job);
    }

    private static int launches() {
        return awx.findAll(postRequestedFor(urlPathEqualTo(LAUNCH_PATH))).size();
    }

    private static int cancels(long job) {
        return awx.findAll(postRequestedFor(urlPathEqualTo("/api/v2/jobs/" + job + "/cancel/")))
                .size();
    }

    @Test
    void a_launch_sends_the_params_and_the_marker_saves_the_awx_job_and_follows_it_to_its_host_summary() {
        awx.stubFor(launch().willReturn(launched(AWX_JOB)));
        stub.jobRuns(AWX_JOB, List.of("pending", "waiting", "running", "running", "successful"));
        stub.hostSummaries(AWX_JOB);
        FakeJobContext job = aLaunch()
                .param("extra_vars", Map.of("release", "2024.3", "dry_run", false))
                .param("limit", "web-*")
                .param("inventory", 2);

        Map<String, Object> result = run(job);

        assertThat(result)
                .containsEntry("awx_job_id", AWX_JOB)
                .containsEntry("status", "successful")
                .containsEntry("failed", false)
                .containsEntry("elapsed", 6.0);
        assertThat(result.get("host_summary"))
                .asInstanceOf(MAP)
                .containsEntry(
                        "totals",
                        Map.of("ok", 10L, "changed", 3L, "failures", 0L, "dark", 1L, "skipped", 2L, "hosts", 3L))
                .containsEntry(
                        "hosts",
                        Map.of(
                                "web-01", Map.of("ok", 5L, "changed", 2L, "failures", 0L, "dark", 0L, "skipped", 1L),
                                "web-02", Map.of("ok", 5L, "changed", 1L, "failures", 0L, "dark", 0L, "skipped", 1L),
                                "db-01", Map.of("ok", 0L, "changed", 0L, "failures", 0L, "dark", 1L, "skipped", 0L)));
        awx.verify(
                1,
                postRequestedFor(urlPathEqualTo(LAUNCH_PATH))
                        .withHeader("Authorization", equalTo("Bearer " + AwxStub.TOKEN))
                        .withRequestBody(matchingJsonPath("$.extra_vars.release", equalTo("2024.3")))
                        .withRequestBody(matchingJsonPath("$.extra_vars.dry_run", equalTo("false")))
                        .withRequestBody(matchingJsonPath(
                                "$.extra_vars.connector_jobs_launch_id",
                                equalTo(job.jobId().toString())))
                        .withRequestBody(matchingJsonPath("$.limit", equalTo("web-*")))
                        .withRequestBody(matchingJsonPath("$.inventory", equalTo("2"))));
        awx.verify(5, getRequestedFor(urlPathEqualTo("/api/v2/jobs/123/")));
        assertThat(job.savedCheckpoint())
                .containsEntry("awx_job_id", AWX_JOB)
                .containsEntry("launch_marker", job.jobId().toString())
                .containsKey("launch_requested_at");
        assertThat(job.remoteCancelDescription()).isEqualTo("POST /api/v2/jobs/123/cancel/");
        assertThat(job.progressReports()).hasSize(5);
    }

    @Test
    void a_failed_awx_job_fails_permanently_naming_the_awx_job_and_its_status() {
        awx.stubFor(launch().willReturn(launched(AWX_JOB)));
        stub.jobRuns(AWX_JOB, List.of("running", "failed"));

        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> run(aLaunch()));

        assertThat(failure.errorType()).isEqualTo("AnsibleJobFailed");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("AWX job 123 ended failed", "not retried");
    }

    @Test
    void an_awx_job_in_error_fails_permanently_with_awx_explanation() {
        awx.stubFor(launch().willReturn(launched(AWX_JOB)));
        stub.jobRuns(AWX_JOB, List.of("error"));

        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> run(aLaunch()));

        assertThat(failure.errorType()).isEqualTo("AnsibleJobFailed");
        assertThat(failure.getMessage()).contains("AWX job 123 ended error", "was not present in the job queue");
    }

    @Test
    void an_awx_job_canceled_by_someone_else_fails_permanently() {
        awx.stubFor(launch().willReturn(launched(AWX_JOB)));
        stub.jobRuns(AWX_JOB, List.of("running", "canceled"));

        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> run(aLaunch()));

        assertThat(failure.errorType()).isEqualTo("AnsibleJobCanceled");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("AWX job 123");
    }

    @Test
    void a_later_attempt_with_the_awx_job_in_its_checkpoint_resumes_polling_without_launching_again() {
        awx.stubFor(launch().willReturn(launched(AWX_JOB)));
        stub.jobRuns(AWX_JOB, List.of("pending", "running"));
        FakeJobContext first = aLaunch();
        CompletableFuture<Map<String, Object>> lost = CompletableFuture.supplyAsync(() -> run(first));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> first.progressReports().size() >= 3);
        first.cancellation().cancel("worker shut down");
        catchThrowableOfType(CompletionException.class, lost::join);
        assertThat(first.savedCheckpoint()).containsEntry("awx_job_id", AWX_JOB);
        awx.resetScenarios();
        stub.jobRuns(AWX_JOB, List.of("running", "successful"));
        stub.hostSummaries(AWX_JOB);
        FakeJobContext second = first.nextAttempt();

        Map<String, Object> result = run(second);

        assertThat(result).containsEntry("awx_job_id", AWX_JOB).containsEntry("status", "successful");
        assertThat(launches()).isEqualTo(1);
        awx.verify(0, getRequestedFor(urlPathEqualTo("/api/v2/job_templates/7/jobs/")));
        assertThat(second.remoteCancelDescription()).isEqualTo("POST /api/v2/jobs/123/cancel/");
    }

    @Test
    void after_a_crash_between_launch_and_checkpoint_the_next_attempt_finds_the_job_by_its_marker() {
        awx.stubFor(launch().willReturn(answer(201).withFault(Fault.CONNECTION_RESET_BY_PEER)));
        FakeJobContext first = aLaunch();
        ConnectorException lost = catchThrowableOfType(ConnectorException.class, () -> run(first));
        assertThat(lost.isRetryable()).isTrue();
        assertThat(first.savedCheckpoint()).containsKey("launch_marker").doesNotContainKey("awx_job_id");
        String marker = first.jobId().toString();
        awx.stubFor(templateJobs()
                .withQueryParam("created__gte", matching("\\d{4}-\\d\\d-\\d\\dT.+Z"))
                .willReturn(ok("{\"count\":3,\"next\":\"/api/v2/job_templates/7/jobs/?order_by=-id&page=2\","
                        + "\"previous\":null,\"results\":["
                        + job(
                                131,
                                "running",
                                3,
                                "{\"connector_jobs_launch_id\":" + "\"00000000-0000-0000-0000-000000000001\"}")
                        + "," + job(130, "successful", 9, "{}") + "]}")));
        awx.stubFor(templateJobs()
                .withQueryParam("page", equalTo("2"))
                .atPriority(1)
                .willReturn(ok("{\"count\":3,\"next\":null,\"previous\":null,\"results\":["
                        + job(
                                129,
                                "running",
                                4,
                                "{\"release\":\"2024.3\",\"connector_jobs_launch_id\":\"" + marker + "\"}")
                        + "]}")));
        stub.jobRuns(129, List.of("running", "successful"));
        stub.hostSummaries(129);
        FakeJobContext second = first.nextAttempt();

        Map<String, Object> result = run(second);

        assertThat(result).containsEntry("awx_job_id", 129L);
        assertThat(launches()).isEqualTo(1);
        assertThat(second.savedCheckpoint()).containsEntry("awx_job_id", 129L);
    }

    @Test
    void with_a_marker_that_awx_never_saw_the_next_attempt_launches() {
        awx.stubFor(launch().willReturn(answer(503)));
        FakeJobContext first = aLaunch();
        catchThrowableOfType(ConnectorException.class, () -> run(first));
        awx.resetMappings();
        stub = new AwxStub(awx);
        awx.stubFor(templateJobs().willReturn(ok("{\"count\":0,\"next\":null,\"previous\":null,\"results\":[]}")));
        awx.stubFor(launch().willReturn(launched(AWX_JOB)));
        stub.jobRuns(AWX_JOB, List.of("successful"));
        stub.hostSummaries(AWX_JOB);

        Map<String, Object> result = run(first.nextAttempt());

        assertThat(result).containsEntry("awx_job_id", AWX_JOB);
        assertThat(launches()).isEqualTo(2);
        awx.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/job_templates/7/jobs/")));
    }

    @Test
    void a_revoked_launch_stops_polling_and_its_remote_cancel_asks_awx_once_to_cancel_the_job() throws Exception {
        awx.stubFor(launch().willReturn(launched(AWX_JOB)));
        stub.jobRuns(AWX_JOB, List.of("running"));
        awx.stubFor(cancel(AWX_JOB).willReturn(answer(202).withBody("")));
        FakeJobContext job = aLaunch();
        CompletableFuture<Map<String, Object>> running = CompletableFuture.supplyAsync(() -> run(job));
        await().atMost(Duration.ofSeconds(20)).until(() -> job.progressReports().size() >= 2);

        job.cancellation().cancel("revoked");

        CompletionException stopped = catchThrowableOfType(CompletionException.class, running::join);
        assertThat(stopped).hasCauseInstanceOf(JobCancelledException.class);
        assertThat(job.runRemoteCancel()).isTrue();
        assertThat(cancels(AWX_JOB)).isEqualTo(1);
        awx.verify(postRequestedFor(urlPathEqualTo("/api/v2/jobs/123/cancel/"))
                .withHeader("Authorization", equalTo("Bearer " + AwxStub.TOKEN)));
    }

    @Test
    void a_cancel_awx_answers_405_to_is_recorded_as_not_cancelable_and_sent_once() throws Exception {
        awx.stubFor(launch().willReturn(launched(AWX_JOB)));
        stub.jobRuns(AWX_JOB, List.of("failed"));
        awx.stubFor(
                cancel(AWX_JOB).willReturn(answer(405).withBody("{\"detail\":\"Method \\\"POST\\\" not allowed.\"}")));
        FakeJobContext job = aLaunch();
        catchThrowableOfType(ConnectorException.class, () -> run(job));

        ConnectorException outcome = catchThrowableOfType(ConnectorException.class, job::runRemoteCancel);

        assertThat(outcome.errorType()).isEqualTo("AnsibleJobNotCancelable");
        assertThat(outcome.getMessage()).contains("405", "job 123", "can no longer be canceled");
        assertThat(cancels(AWX_JOB)).isEqualTo(1);
    }

    @Test
    void a_launch_whose_answer_is_lost_is_still_cancelled_through_its_marker() throws Exception {
        awx.stubFor(launch().willReturn(answer(201).withFault(Fault.CONNECTION_RESET_BY_PEER)));
        FakeJobContext job = aLaunch();
        catchThrowableOfType(ConnectorException.class, () -> run(job));
        awx.stubFor(templateJobs()
                .willReturn(ok("{\"count\":1,\"next\":null,\"previous\":null,\"results\":["
                        + job(140, "pending", 0, "{\"connector_jobs_launch_id\":\"" + job.jobId() + "\"}")
                        + "]}")));
        awx.stubFor(cancel(140).willReturn(answer(202).withBody("")));

        assertThat(job.runRemoteCancel()).isTrue();

        assertThat(cancels(140)).isEqualTo(1);
    }
}
