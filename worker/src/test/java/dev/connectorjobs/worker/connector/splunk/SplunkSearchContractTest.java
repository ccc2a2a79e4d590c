package dev.connectorjobs.worker.connector.splunk;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code splunk} {@code search} against a Splunk whose search jobs take several polls ({@link
 * FakeSplunk}): the job created once under a checkpointed sid, polled to the end with its progress,
 * its results paged with {@code count}/{@code offset} up to {@code max_results}, resumed by a later
 * attempt, started again when Splunk no longer has it, and cancelled in Splunk by the remote cancel.
 */
class SplunkSearchContractTest {

    static final SplunkStub stub = new SplunkStub();

    @RegisterExtension
    static final VendorStubExtension vendor = stub.vendor;

    static final WireMockServer splunk = stub.server;

    @BeforeEach
    void install() {
        stub.install();
    }

    static FakeJobContext aSearch() {
        return aJob("splunk", "search")
                .param("query", "index=main sourcetype=nginx status>=500 | stats count by host")
                .param("earliest_time", "-24h");
    }

    static Map<String, Object> run(SplunkConnector connector, FakeJobContext job) {
        return ConnectorTestbed.run(connector, job);
    }

    static String sid(FakeJobContext job) {
        return "cj_" + job.jobId().toString().replace("-", "") + "_" + job.attempt();
    }

    static List<LoggedRequest> creates() {
        return splunk.findAll(postRequestedFor(urlPathEqualTo("/services/search/jobs")));
    }

    static int polls(String sid) {
        return splunk.findAll(getRequestedFor(urlPathEqualTo("/services/search/jobs/" + sid)))
                .size();
    }

    @Test
    void it_declares_the_catalogue_entry_guarded_by_the_splunk_breaker() {
        assertThat(stub.connector().descriptor()).isSameAs(SiemConnectors.SPLUNK);
        assertThat(SiemConnectors.SPLUNK.breaker()).contains("splunk");
    }

    @Test
    void a_search_is_created_once_under_its_checkpointed_sid_polled_through_several_polls_and_returns_its_results() {
        stub.splunk.nextJob(3, FakeSplunk.hostCounts(5));
        FakeJobContext job = aSearch();

        Map<String, Object> result = run(stub.connector(), job);

        String sid = sid(job);
        assertThat(stub.splunk.created()).containsExactly(sid);
        LoggedRequest create = creates().getFirst();
        assertThat(create.getHeader("Authorization")).isEqualTo("Bearer " + SplunkStub.TOKEN);
        assertThat(FakeSplunk.form(create.getBodyAsString()))
                .containsEntry("search", "search index=main sourcetype=nginx status>=500 | stats count by host")
                .containsEntry("id", sid)
                .containsEntry("earliest_time", "-24h")
                .containsEntry("output_mode", "json")
                .doesNotContainKey("latest_time");
        assertThat(job.savedCheckpoint()).isEqualTo(Map.of("sid", sid));
        assertThat(polls(sid)).isEqualTo(4);
        assertThat(job.progressReports()).startsWith(0L, 25L, 50L, 100L);
        assertThat(result)
                .containsEntry("sid", sid)
                .containsEntry("dispatch_state", "DONE")
                .containsEntry("result_count", 5L)
                .containsEntry("returned", 5L)
                .containsEntry("truncated", false)
                .containsEntry("fields", List.of("host", "count"))
                .containsEntry("resumed", false)
                .containsEntry("messages", "Your timerange was substituted based on your search string");
        assertThat(result)
                .extractingByKey("results", LIST)
                .hasSize(5)
                .first(MAP)
                .containsEntry("host", "web-1")
                .containsEntry("count", "7");
        assertThat(job.remoteCancelDescription())
                .isEqualTo("POST /services/search/jobs/" + sid + "/control action=cancel");
    }

    @Test
    void results_are_paged_with_count_and_offset_up_to_max_results_and_the_result_says_truncated() {
        stub.splunk.nextJob(0, FakeSplunk.hostCounts(12));

        Map<String, Object> result = run(
                stub.connector("jobs.connectors.splunk.page-size", "2"),
                aSearch().param("max_results", 5));

        List<LoggedRequest> pages =
                splunk.findAll(getRequestedFor(WireMock.urlPathMatching("/services/search/jobs/[^/]+/results")));
        assertThat(pages)
                .extracting(page -> page.queryParameter("offset").firstValue() + "+"
                        + page.queryParameter("count").firstValue())
                .containsExactly("0+2", "2+2", "4+1");
        assertThat(pages)
                .allSatisfy(
                        page -> assertThat(page.queryParameter("output_mode").firstValue())
                                .isEqualTo("json"));
        assertThat(result)
                .containsEntry("result_count", 12L)
                .containsEntry("returned", 5L)
                .containsEntry("truncated", true);
        assertThat(result).extractingByKey("results", LIST).hasSize(5);
    }

    @Test
    void a_query_that_starts_with_a_command_is_sent_as_it_is_and_any_other_gets_search_prepended() {
        assertThat(SplunkSearch.spl("  | tstats count where index=main by host "))
                .isEqualTo("| tstats count where index=main by host");
        assertThat(SplunkSearch.spl("search index=main")).isEqualTo("search index=main");
        assertThat(SplunkSearch.spl("Search index=main")).isEqualTo("Search index=main");
        assertThat(SplunkSearch.spl("index=main error")).isEqualTo("search index=main error");
        assertThat(SplunkSearch.spl("searchterm")).isEqualTo("search searchterm");
    }

    @Test
    void a_later_attempt_resumes_polling_the_checkpointed_job_without_starting_another_search() {
        stub.splunk.nextJob(4, FakeSplunk.hostCounts(3));
        FakeJobContext first = aSearch();
        first.onProgress(percent -> {
            if (percent > 0) {
                first.cancellation().cancel("worker shutting down");
            }
        });
        assertThat(catchThrowable(() -> run(stub.connector(), first))).isInstanceOf(JobCancelledException.class);
        String sid = sid(first);
        assertThat(first.savedCheckpoint()).isEqualTo(Map.of("sid", sid));

        FakeJobContext second = first.nextAttempt();
        Map<String, Object> result = run(stub.connector(), second);

        assertThat(stub.splunk.created()).containsExactly(sid);
        assertThat(result)
                .containsEntry("sid", sid)
                .containsEntry("resumed", true)
                .containsEntry("returned", 3L);
        assertThat(second.remoteCancelDescription()).contains(sid);
        assertThat(stub.splunk.cancelled()).isEmpty();
    }

    @Test
    void a_later_attempt_whose_job_splunk_no_longer_has_starts_the_search_again_under_its_own_sid() {
        FakeJobContext first = aSearch();
        first.saveCheckpoint(Map.of("sid", sid(first)));
        stub.splunk.nextJob(1, FakeSplunk.hostCounts(2));

        FakeJobContext second = first.nextAttempt();
        Map<String, Object> result = run(stub.connector(), second);

        assertThat(stub.splunk.created()).containsExactly(sid(second));
        assertThat(sid(second)).endsWith("_2").isNotEqualTo(sid(first));
        assertThat(second.savedCheckpoint()).isEqualTo(Map.of("sid", sid(second)));
        assertThat(result).containsEntry("sid", sid(second)).containsEntry("resumed", false);
    }

    @Test
    void an_attempt_whose_create_splunk_refused_is_followed_by_one_that_creates_the_search() {
        StubMapping quotaReached = splunk.stubFor(post(urlPathEqualTo("/services/search/jobs"))
                .atPriority(1)
                .willReturn(FakeSplunk.splunkd(
                        503,
                        "{\"messages\":[{\"type\":\"ERROR\",\"text\":\"Search not executed: The maximum number of"
                                + " concurrent historical searches on this instance has been reached.\"}]}")));
        FakeJobContext first = aSearch();

        ConnectorException busy = catchThrowableOfType(ConnectorException.class, () -> run(stub.connector(), first));

        assertThat(busy.isRetryable()).isTrue();
        assertThat(busy.getMessage())
                .startsWith("splunk: POST /services/search/jobs answered 503")
                .contains("maximum number of concurrent historical searches");
        assertThat(first.savedCheckpoint()).isEqualTo(Map.of("sid", sid(first)));

        splunk.removeStub(quotaReached);
        stub.splunk.nextJob(0, FakeSplunk.hostCounts(1));
        FakeJobContext second = first.nextAttempt();
        Map<String, Object> result = run(stub.connector(), second);

        assertThat(stub.splunk.created()).containsExactly(sid(second));
        assertThat(result).containsEntry("returned", 1L).containsEntry("resumed", false);
    }

    @Test
    void the_remote_cancel_cancels_the_running_search_job_in_splunk_with_a_fresh_context() throws Exception {
        stub.splunk.nextJob(1000);
        FakeJobContext job = aSearch();
        job.onProgress(percent -> {
            if (job.progressReports().size() >= 2) {
                job.cancellation().cancel("revoked");
            }
        });
        assertThat(catchThrowable(() -> run(stub.connector(), job))).isInstanceOf(JobCancelledException.class);
        String sid = sid(job);
        assertThat(stub.splunk.job(sid)).isNotNull();

        assertThat(job.runRemoteCancel()).isTrue();

        assertThat(stub.splunk.cancelled()).containsExactly(sid);
        assertThat(stub.splunk.job(sid)).isNull();
        LoggedRequest cancel = splunk.findAll(
                        postRequestedFor(urlPathEqualTo("/services/search/jobs/" + sid + "/control")))
                .getFirst();
        assertThat(FakeSplunk.form(cancel.getBodyAsString())).containsEntry("action", "cancel");
        assertThat(cancel.getHeader("Authorization")).isEqualTo("Bearer " + SplunkStub.TOKEN);
    }

    @Test
    void a_cancel_of_a_job_splunk_no_longer_has_fails_saying_there_was_nothing_to_cancel() throws Exception {
        stub.splunk.nextJob(1000);
        FakeJobContext job = aSearch();
        job.onProgress(percent -> job.cancellation().cancel("time limit"));
        assertThat(catchThrowable(() -> run(stub.connector(), job))).isInstanceOf(JobCancelledException.class);
        job.runRemoteCancel();

        ConnectorException again = catchThrowableOfType(ConnectorException.class, job::runRemoteCancel);

        assertThat(again.errorType()).isEqualTo("SplunkSearchNotFound");
        assertThat(again.getMessage()).contains(sid(job), "nothing", "never created");
    }

    @Test
    void a_search_job_that_fails_in_splunk_fails_the_job_permanently_with_splunk_s_messages() {
        stub.splunk.nextJobFails(2, "Error in 'lookup' command: Could not find all of the specified lookup fields");

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(stub.connector(), aSearch()));

        assertThat(failure.errorType()).isEqualTo("SplunkSearchFailed");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains(
                        "ended FAILED", "Error in 'lookup' command: Could not find all of the specified lookup fields");
    }

    @Test
    void a_search_splunk_cannot_parse_is_an_invalid_request_with_splunk_s_words_and_nothing_runs() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> run(stub.connector(), aJob("splunk", "search").param("query", "index=main | badcommand")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .startsWith("splunk: POST /services/search/jobs answered 400: ")
                .contains("Unable to parse the search");
        assertThat(stub.splunk.created()).isEmpty();
    }

    @Test
    void a_job_cancelled_in_splunk_while_it_is_polled_fails_the_attempt_retryably() {
        stub.splunk.nextJob(1000);
        FakeJobContext job = aSearch();
        job.onProgress(percent -> stub.splunk.cancelInSplunk(sid(job)));

        ConnectorException gone = catchThrowableOfType(ConnectorException.class, () -> run(stub.connector(), job));

        assertThat(gone.errorType()).isEqualTo("SplunkSearchGone");
        assertThat(gone.isRetryable()).isTrue();
        assertThat(gone.getMessage()).contains(sid(job), "next attempt starts the search again");
    }

    @Test
    void a_user_and_password_are_sent_as_basic_credentials() {
        stub.splunk.nextJob(0, FakeSplunk.hostCounts(1));
        SplunkConnector connector = stub.connector(ConnectorTestbed.with(
                Map.of(
                        "jobs.connectors.splunk.base-url", splunk.baseUrl(),
                        "jobs.connectors.splunk.auth.username", "svc-jobs",
                        "jobs.connectors.splunk.auth.password", "pa55-w0rd!"),
                "jobs.connectors.splunk.poll-interval",
                "1ms"));

        Map<String, Object> result = run(connector, aSearch());

        assertThat(result).containsEntry("returned", 1L);
        assertThat(creates().getFirst().getHeader("Authorization")).isEqualTo(SplunkStub.BASIC);
    }

    @Test
    void credentials_splunk_refuses_fail_permanently_naming_the_properties_without_counting_against_the_breaker() {
        SplunkConnector connector = stub.connector("jobs.connectors.splunk.auth.token", "expired-token-0123");

        for (int i = 0; i < 6; i++) {
            ConnectorException failure =
                    catchThrowableOfType(ConnectorException.class, () -> run(connector, aSearch()));
            assertThat(failure.errorType()).isEqualTo("AuthenticationFailed");
            assertThat(failure.isRetryable()).isFalse();
            assertThat(failure.httpStatus()).contains(401);
            assertThat(failure.getMessage())
                    .startsWith("splunk: POST /services/search/jobs answered 401: call not properly authenticated")
                    .contains("jobs.connectors.splunk.auth.token", "auth.username")
                    .doesNotContain("expired-token-0123");
        }

        assertThat(stub.testbed().breaker("splunk").state()).isEqualTo(State.CLOSED);
        assertThat(Breakers.failureCount(stub.testbed().breaker("splunk"))).isZero();
    }

    @Test
    void a_5xx_storm_opens_the_breaker_and_later_calls_fail_fast_without_reaching_splunk() {
        splunk.stubFor(WireMock.get(WireMock.urlPathMatching("/services/search/jobs/[^/]+"))
                .atPriority(1)
                .willReturn(FakeSplunk.splunkd(502, "<html>Bad Gateway</html>")));
        FakeJobContext resuming = aSearch();
        resuming.saveCheckpoint(Map.of("sid", sid(resuming)));

        ConnectorException first =
                catchThrowableOfType(ConnectorException.class, () -> run(stub.connector(), resuming.nextAttempt()));
        assertThat(splunk.findAll(anyRequestedFor(anyUrl()))).hasSize(4);
        CircuitOpenException second =
                catchThrowableOfType(CircuitOpenException.class, () -> run(stub.connector(), resuming.nextAttempt()));
        CircuitOpenException third =
                catchThrowableOfType(CircuitOpenException.class, () -> run(stub.connector(), aSearch()));

        assertThat(first.errorType()).isEqualTo("HttpServerError");
        assertThat(first.isRetryable()).isTrue();
        assertThat(second.breaker()).isEqualTo("splunk");
        assertThat(third.spendsRetry()).isFalse();
        assertThat(stub.testbed().breaker("splunk").state()).isEqualTo(State.OPEN);
        assertThat(splunk.findAll(anyRequestedFor(anyUrl()))).hasSize(5);
        assertThat(stub.splunk.created()).isEmpty();
    }

    @Test
    void a_job_status_without_a_dispatch_state_fails_naming_the_field() {
        splunk.stubFor(WireMock.get(WireMock.urlPathMatching("/services/search/jobs/[^/]+"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + SplunkStub.TOKEN))
                .willReturn(FakeSplunk.splunkd(200, "{\"entry\":[{\"name\":\"x\",\"content\":{\"isDone\":true}}]}")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> run(stub.connector(), aSearch()));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage())
                .contains("GET /services/search/jobs/cj_", "'entry.0.content.dispatchState' is missing");
    }

    @Test
    void a_search_without_a_rest_url_fails_as_not_configured_naming_the_property() {
        SplunkConnector connector = stub.connector(Map.of(
                "jobs.connectors.splunk.hec-url",
                splunk.baseUrl(),
                "jobs.connectors.splunk.auth.hec-token",
                SplunkStub.HEC_TOKEN));

        ConnectorException failure = catchThrowableOfType(ConnectorException.class, () -> run(connector, aSearch()));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.getMessage()).contains("jobs.connectors.splunk.base-url", "JOBS_CONNECTORS_SPLUNK_BASE_URL");
        assertThat(splunk.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
