package dev.connectorjobs.worker.connector.landscape;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.landscape.LandscapeStub.activity;
import static dev.connectorjobs.worker.connector.landscape.LandscapeStub.executed;
import static dev.connectorjobs.worker.connector.landscape.LandscapeStub.json;
import static dev.connectorjobs.worker.connector.landscape.LandscapeStub.jwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code run_script} against a stub that answers as Landscape does: the script is started once with
 * the legacy {@code ExecuteScript}, its activity checkpointed, polled through {@code GET
 * /api/v2/activities/{id}} until every computer is done, resumed by a later attempt, and its queued
 * deliveries cancelled by the remote cancel.
 */
class LandscapeScriptRunTest {

    static final long SCRIPT = 30;
    static final long ACTIVITY = 155;
    static final String TITLE = "Restart nginx";

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer service = vendor.server();

    ConnectorTestbed testbed;
    LandscapeStub stub;
    String token;

    @BeforeEach
    void reset() {
        testbed = vendor.testbed();
        stub = new LandscapeStub(service);
        token = jwt("first", testbed.clock.instant().plus(Duration.ofHours(24)));
        stub.login(token);
        stub.script(token, SCRIPT, TITLE);
    }

    LandscapeConnector connector() {
        Map<String, String> properties = stub.properties(
                "jobs.connectors.landscape.poll-interval", "1ms", "jobs.connectors.landscape.max-poll-interval", "4ms");
        return testbed.connector(
                LandscapeConnector::new, LandscapeProperties.PREFIX, LandscapeProperties.class, properties);
    }

    static FakeJobContext job() {
        return aJob("landscape", "run_script")
                .param("script_id", SCRIPT)
                .param("query", "tag:web")
                .param("username", "www-data");
    }

    static Map<String, Object> run(LandscapeConnector connector, FakeJobContext job) {
        return ConnectorTestbed.run(connector, job);
    }

    void executeScriptAnswers(long activity) {
        service.stubFor(stub.legacy(token, "ExecuteScript").willReturn(executed(activity, TITLE)));
    }

    /** The activity answers each of {@code states} in turn, the last one from then on. */
    void activityGoesThrough(long id, String... states) {
        for (int i = 0; i < states.length; i++) {
            service.stubFor(stub.activityRequest(token, id)
                    .inScenario("activity")
                    .whenScenarioStateIs(i == 0 ? STARTED : "poll " + i)
                    .willSetStateTo(i + 1 < states.length ? "poll " + (i + 1) : "poll " + i)
                    .willReturn(json(200, states[i])));
        }
    }

    @Test
    void run_script_starts_the_script_once_checkpoints_the_activity_and_polls_until_every_computer_is_done() {
        executeScriptAnswers(ACTIVITY);
        activityGoesThrough(
                ACTIVITY,
                activity(ACTIVITY, "undelivered", "undelivered", "undelivered", "undelivered"),
                activity(ACTIVITY, "delivered", "succeeded", "delivered", "undelivered"),
                activity(ACTIVITY, "succeeded", "succeeded", "failed", "succeeded"));
        FakeJobContext job = job();
        List<Map<String, Object>> checkpoints = new java.util.ArrayList<>();
        job.onProgress(done -> checkpoints.add(job.savedCheckpoint()));

        Map<String, Object> result = run(connector(), job);

        service.verify(
                1,
                stub.legacyRequests("ExecuteScript")
                        .withFormParam("query", equalTo("tag:web"))
                        .withFormParam("script_id", equalTo("30"))
                        .withFormParam("username", equalTo("www-data"))
                        .withHeader("Authorization", equalTo("Bearer " + token)));
        assertThat(checkpoints).first().isEqualTo(Map.of("activity_id", ACTIVITY, "script_id", SCRIPT));
        assertThat(job.progressReports()).containsExactly(0L, 1L, 3L);
        assertThat(result)
                .containsEntry("activity_id", ACTIVITY)
                .containsEntry("status", "failed")
                .containsEntry("computers", 3)
                .containsEntry("resumed", false)
                .containsEntry("by_status", Map.of("failed", 1L, "succeeded", 2L));
        assertThat(result)
                .extractingByKey("results", LIST)
                .first(MAP)
                .containsEntry("computer_id", 2L)
                .containsEntry("status", "failed")
                .containsEntry("result_code", 1L)
                .containsEntry("output", "nginx: not found");
        assertThat(job.remoteCancelDescription()).contains("CancelActivities", "parent-id:155 status:undelivered");
    }

    @Test
    void computer_ids_select_the_computers_by_id() {
        executeScriptAnswers(ACTIVITY);
        activityGoesThrough(ACTIVITY, activity(ACTIVITY, "succeeded", "succeeded", "succeeded"));

        Map<String, Object> result = run(
                connector(),
                aJob("landscape", "run_script").param("script_id", SCRIPT).param("computer_ids", List.of(4, 9)));

        assertThat(result).containsEntry("status", "succeeded");
        service.verify(1, stub.legacyRequests("ExecuteScript").withFormParam("query", equalTo("id:4 OR id:9")));
        service.verify(0, stub.legacyRequests("ExecuteScript").withFormParam("username", matching(".*")));
    }

    @Test
    void a_later_attempt_with_the_checkpoint_resumes_polling_without_starting_the_script_again() {
        executeScriptAnswers(ACTIVITY);
        activityGoesThrough(
                ACTIVITY,
                activity(ACTIVITY, "delivered", "delivered", "undelivered"),
                activity(ACTIVITY, "succeeded", "succeeded", "succeeded"));
        FakeJobContext first = job();
        first.onProgress(done -> first.cancellation().cancel("worker shutting down"));
        Throwable stopped = catchThrowable(() -> run(connector(), first));
        assertThat(stopped).isInstanceOf(JobCancelledException.class);
        assertThat(first.savedCheckpoint()).containsEntry("activity_id", ACTIVITY);

        FakeJobContext second = first.nextAttempt();
        Map<String, Object> result = run(connector(), second);

        service.verify(1, stub.legacyRequests("ExecuteScript"));
        assertThat(result)
                .containsEntry("activity_id", ACTIVITY)
                .containsEntry("status", "succeeded")
                .containsEntry("resumed", true);
        assertThat(second.remoteCancelDescription()).contains("parent-id:155");
    }

    @Test
    void an_attempt_that_ended_between_start_and_checkpoint_finds_its_activity_and_does_not_start_again() {
        service.stubFor(stub.legacy(token, "ExecuteScript").willReturn(json(502, "")));
        FakeJobContext first = job();
        ConnectorException lost = catchThrowableOfType(ConnectorException.class, () -> run(connector(), first));
        assertThat(lost.isRetryable()).isTrue();
        assertThat(first.savedCheckpoint()).containsEntry("phase", "starting").containsEntry("script_title", TITLE);
        service.stubFor(stub.legacy(token, "GetActivities")
                .withFormParam("query", matching("type:ActivityGroup created-after:\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}"))
                .willReturn(json(
                        200,
                        "[" + executed(ACTIVITY + 7, "Other script").build().getBody() + ","
                                + activity(ACTIVITY, "delivered") + "]")));
        activityGoesThrough(ACTIVITY, activity(ACTIVITY, "succeeded", "succeeded"));

        FakeJobContext second = first.nextAttempt();
        Map<String, Object> result = run(connector(), second);

        service.verify(1, stub.legacyRequests("ExecuteScript"));
        assertThat(second.savedCheckpoint()).isEqualTo(Map.of("activity_id", ACTIVITY, "script_id", SCRIPT));
        assertThat(result).containsEntry("activity_id", ACTIVITY).containsEntry("resumed", true);
    }

    @Test
    void an_attempt_whose_start_never_reached_landscape_starts_the_script_after_finding_nothing() {
        FakeJobContext first = job();
        first.saveCheckpoint(StartedActivities.marker(SCRIPT, TITLE, testbed.clock.instant()));
        service.stubFor(stub.legacy(token, "GetActivities").willReturn(json(200, "[]")));
        executeScriptAnswers(ACTIVITY);
        activityGoesThrough(ACTIVITY, activity(ACTIVITY, "succeeded", "succeeded"));

        Map<String, Object> result = run(connector(), first.nextAttempt());

        service.verify(1, stub.legacyRequests("GetActivities"));
        service.verify(1, stub.legacyRequests("ExecuteScript"));
        assertThat(result).containsEntry("status", "succeeded").containsEntry("resumed", false);
    }

    @Test
    void two_runs_of_the_same_script_since_the_marker_fail_permanently_instead_of_guessing() {
        FakeJobContext first = job();
        first.saveCheckpoint(StartedActivities.marker(SCRIPT, TITLE, testbed.clock.instant()));
        service.stubFor(stub.legacy(token, "GetActivities")
                .willReturn(json(
                        200,
                        "[" + executed(ACTIVITY, TITLE).build().getBody() + ","
                                + executed(ACTIVITY + 1, TITLE).build().getBody() + "]")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(connector(), first.nextAttempt()));

        assertThat(failure.errorType()).isEqualTo("RemoteWorkAmbiguous");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("155", "156");
        service.verify(0, stub.legacyRequests("ExecuteScript"));
    }

    @Test
    void the_remote_cancel_cancels_the_deliveries_still_queued_with_a_fresh_context() throws Exception {
        executeScriptAnswers(ACTIVITY);
        activityGoesThrough(ACTIVITY, activity(ACTIVITY, "delivered", "delivered", "undelivered"));
        service.stubFor(stub.legacy(token, "CancelActivities").willReturn(json(200, "[157]")));
        FakeJobContext job = job();
        job.onProgress(done -> job.cancellation().cancel("revoked"));
        assertThat(catchThrowable(() -> run(connector(), job))).isInstanceOf(JobCancelledException.class);

        assertThat(job.runRemoteCancel()).isTrue();

        service.verify(
                1,
                stub.legacyRequests("CancelActivities")
                        .withFormParam("query", equalTo("parent-id:155 status:undelivered"))
                        .withHeader("Authorization", equalTo("Bearer " + token)));
    }

    @Test
    void a_cancel_landscape_refuses_fails_the_remote_cancel_with_landscape_s_words() throws Exception {
        executeScriptAnswers(ACTIVITY);
        activityGoesThrough(ACTIVITY, activity(ACTIVITY, "delivered", "delivered"));
        service.stubFor(stub.legacy(token, "CancelActivities")
                .willReturn(
                        json(400, "{\"error\":\"InvalidActivityState\",\"message\":\"156 => already delivered\"}")));
        FakeJobContext job = job();
        job.onProgress(done -> job.cancellation().cancel("time limit"));
        assertThat(catchThrowable(() -> run(connector(), job))).isInstanceOf(JobCancelledException.class);

        ConnectorException refused = catchThrowableOfType(ConnectorException.class, job::runRemoteCancel);

        assertThat(refused.errorType()).isEqualTo("InvalidRequest");
        assertThat(refused.getMessage()).contains("POST /api/", "already delivered");
    }

    @Test
    void an_unknown_script_fails_permanently_before_anything_is_started() {
        service.stubFor(LandscapeStub.authorized(
                        com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/api/v2/scripts/404")),
                        token)
                .willReturn(json(404, "{\"error\":\"UnknownScript\",\"message\":\"No script with the given id\"}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(
                        connector(),
                        aJob("landscape", "run_script").param("script_id", 404).param("query", "tag:x")));

        assertThat(failure.errorType()).isEqualTo("NotFound");
        assertThat(failure.getMessage()).contains("UnknownScript");
        service.verify(0, postRequestedFor(urlPathEqualTo("/api/")));
    }

    @Test
    void both_or_neither_of_query_and_computer_ids_is_an_invalid_request_sent_nowhere() {
        ConnectorException both = catchThrowableOfType(
                ConnectorException.class, () -> run(connector(), job().param("computer_ids", List.of(1))));
        ConnectorException neither = catchThrowableOfType(
                ConnectorException.class,
                () -> run(connector(), aJob("landscape", "run_script").param("script_id", SCRIPT)));

        assertThat(both.errorType()).isEqualTo("InvalidRequest");
        assertThat(neither.errorType()).isEqualTo("InvalidRequest");
        assertThat(neither.getMessage()).contains("query or computer_ids");
        service.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void an_activity_without_a_status_fails_naming_the_field() {
        executeScriptAnswers(ACTIVITY);
        activityGoesThrough(ACTIVITY, "{\"id\":155,\"children\":[]}");

        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> run(connector(), job()));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).contains("GET /api/v2/activities/155", "'activity_status' is missing");
    }
}
