package dev.connectorjobs.worker.connector.jira;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.FakeJobContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code create_issue} against a stubbed Jira Cloud: REST v3 with the description in ADF, the
 * {@code cj-<job id>} label and job property, and the JQL lookup that keeps a retried attempt from
 * creating a second issue.
 */
class JiraCreateIssueContractTest extends JiraStubbedTest {

    static final String ISSUE_PATH = "/rest/api/3/issue";
    static final String SEARCH_PATH = "/rest/api/3/search/jql";

    private static String created(String id, String key) {
        return "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"self\":\"" + jira.baseUrl() + ISSUE_PATH + "/" + id
                + "\"}";
    }

    private static String search(String... issues) {
        return "{\"issues\":[" + String.join(",", issues) + "],\"isLast\":true}";
    }

    private static String found(String id, String key) {
        return "{\"expand\":\"\",\"id\":\"" + id + "\",\"self\":\"" + jira.baseUrl() + ISSUE_PATH + "/" + id
                + "\",\"key\":\"" + key + "\",\"fields\":{\"created\":\"2024-05-06T07:08:09.123+0000\"}}";
    }

    private static FakeJobContext anIssueJob() {
        return aJob("jira", "create_issue")
                .param("project_key", "OPS")
                .param("summary", "Disk full on host-7")
                .param("description", "The root volume is at 100%.\n\nSeen by the nightly check.\nPlease clean up.")
                .param("issue_type", "Bug")
                .param("priority", "High")
                .param("labels", List.of("inventory", "disk"));
    }

    @Test
    void creates_the_issue_with_its_description_in_adf_and_the_jobs_label_and_property() {
        jira.stubFor(get(urlPathEqualTo(SEARCH_PATH)).willReturn(okJson(search())));
        jira.stubFor(post(urlPathEqualTo(ISSUE_PATH))
                .willReturn(okJson(created("10042", "OPS-42")).withStatus(201)));
        FakeJobContext job = anIssueJob();

        Object result = connector().execute(job);

        assertThat(map(result))
                .containsExactly(
                        Map.entry("id", "10042"),
                        Map.entry("key", "OPS-42"),
                        Map.entry("self", jira.baseUrl() + ISSUE_PATH + "/10042"),
                        Map.entry("created", true));
        jira.verify(postRequestedFor(urlPathEqualTo(ISSUE_PATH))
                .withHeader("Authorization", equalTo(BASIC))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"fields": {
                          "project": {"key": "OPS"},
                          "summary": "Disk full on host-7",
                          "issuetype": {"name": "Bug"},
                          "description": {"type": "doc", "version": 1, "content": [
                            {"type": "paragraph", "content": [{"type": "text", "text": "The root volume is at 100%."}]},
                            {"type": "paragraph", "content": [
                              {"type": "text", "text": "Seen by the nightly check."},
                              {"type": "hardBreak"},
                              {"type": "text", "text": "Please clean up."}]}]},
                          "priority": {"name": "High"},
                          "labels": ["inventory", "disk", "cj-JOB"]},
                         "properties": [{"key": "dev.connectorjobs.job",
                                         "value": {"job_id": "JOB", "correlation_id": "corr-JOB"}}]}
                        """.replace("JOB", job.jobId().toString()))));
        jira.verify(getRequestedFor(urlPathEqualTo(SEARCH_PATH))
                .withQueryParam(
                        "jql",
                        equalTo("project = \"OPS\" AND labels = \"cj-" + job.jobId() + "\" ORDER BY created ASC"))
                .withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void a_one_line_description_is_one_paragraph_and_the_issue_type_defaults_to_task() {
        jira.stubFor(get(urlPathEqualTo(SEARCH_PATH)).willReturn(okJson(search())));
        jira.stubFor(post(urlPathEqualTo(ISSUE_PATH))
                .willReturn(okJson(created("10043", "OPS-43")).withStatus(201)));

        connector()
                .execute(aJob("jira", "create_issue")
                        .param("project_key", "OPS")
                        .param("summary", "Check backups")
                        .param("description", "Nightly backup failed."));

        jira.verify(postRequestedFor(urlPathEqualTo(ISSUE_PATH))
                .withRequestBody(matchingJsonPath("$.fields.issuetype.name", equalTo("Task")))
                .withRequestBody(matchingJsonPath(
                        "$.fields.description",
                        equalToJson("{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\","
                                + "\"content\":[{\"type\":\"text\",\"text\":\"Nightly backup failed.\"}]}]}"))));
    }

    @Test
    void a_retried_attempt_finds_the_issue_its_lost_answer_created_instead_of_creating_another() {
        jira.stubFor(get(urlPathEqualTo(SEARCH_PATH))
                .inScenario("lost answer")
                .whenScenarioStateIs(STARTED)
                .willReturn(okJson(search())));
        jira.stubFor(post(urlPathEqualTo(ISSUE_PATH))
                .inScenario("lost answer")
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
                .willSetStateTo("created"));
        jira.stubFor(get(urlPathEqualTo(SEARCH_PATH))
                .inScenario("lost answer")
                .whenScenarioStateIs("created")
                .willReturn(okJson(search(found("10044", "OPS-44")))));
        JiraConnector connector = connector();
        FakeJobContext first = anIssueJob();

        ConnectorException lost = catchThrowableOfType(ConnectorException.class, () -> connector.execute(first));
        assertThat(lost.isRetryable()).isTrue();
        Object retried = connector.execute(first.nextAttempt());

        assertThat(map(retried))
                .containsEntry("key", "OPS-44")
                .containsEntry("id", "10044")
                .containsEntry("created", false);
        jira.verify(1, postRequestedFor(urlPathEqualTo(ISSUE_PATH)));
        jira.verify(2, getRequestedFor(urlPathEqualTo(SEARCH_PATH)));
    }

    @Test
    void a_rejected_issue_fails_permanently_with_jiras_field_errors() {
        jira.stubFor(get(urlPathEqualTo(SEARCH_PATH)).willReturn(okJson(search())));
        jira.stubFor(post(urlPathEqualTo(ISSUE_PATH))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBody("{\"errorMessages\":[],\"errors\":{\"priority\":\"Specify the Priority (name) in"
                                + " the string format\"}}")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(anIssueJob()));

        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.errorType()).isEqualTo("HttpClientError");
        assertThat(failure.getMessage())
                .startsWith("jira: POST /rest/api/3/issue answered 400")
                .contains("priority: Specify the Priority (name) in the string format");
        jira.verify(1, postRequestedFor(urlPathEqualTo(ISSUE_PATH)));
    }

    @Test
    void an_answer_without_a_key_fails_permanently_naming_the_field() {
        jira.stubFor(get(urlPathEqualTo(SEARCH_PATH)).willReturn(okJson(search())));
        jira.stubFor(post(urlPathEqualTo(ISSUE_PATH))
                .willReturn(okJson("{\"id\":\"10045\"}").withStatus(201)));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(anIssueJob()));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).isEqualTo("jira: the created issue (POST /rest/api/3/issue) has no 'key'");
    }

    @Test
    void a_throttled_create_is_retryable_with_the_wait_until_the_rate_limit_resets() {
        jira.stubFor(get(urlPathEqualTo(SEARCH_PATH)).willReturn(okJson(search())));
        jira.stubFor(post(urlPathEqualTo(ISSUE_PATH))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader(
                                "X-RateLimit-Reset",
                                clock.instant().plusSeconds(30).toString())
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessages\":[\"Rate limit exceeded.\"],\"errors\":{}}")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(anIssueJob()));

        assertThat(failure.errorType()).isEqualTo("Throttled");
        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.retryAfter())
                .hasValueSatisfying(wait -> assertThat(wait.toSeconds()).isEqualTo(30));
        jira.verify(1, postRequestedFor(urlPathEqualTo(ISSUE_PATH)));
    }

    @Test
    void labels_with_spaces_and_odd_project_keys_are_rejected_before_any_request() {
        ConnectorException label = catchThrowableOfType(
                ConnectorException.class,
                () -> connector().execute(anIssueJob().param("labels", List.of("two words"))));
        ConnectorException project = catchThrowableOfType(
                ConnectorException.class,
                () -> connector().execute(anIssueJob().param("project_key", "OPS\" OR project = \"HR")));

        assertThat(label.errorType()).isEqualTo("InvalidRequest");
        assertThat(label.getMessage()).startsWith("jira: labels");
        assertThat(project.errorType()).isEqualTo("InvalidRequest");
        assertThat(project.getMessage()).startsWith("jira: project_key");
        assertThat(received()).isEmpty();
    }
}
