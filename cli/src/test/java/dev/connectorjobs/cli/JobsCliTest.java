package dev.connectorjobs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool's commands, output and exit codes against a WireMock api-gateway. */
class JobsCliTest {

    private static final String ID = "0195a0b0-0000-7000-8000-000000000009";

    WireMockServer api;
    Map<String, String> env;

    @TempDir
    Path home;

    @BeforeEach
    void start() {
        api = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        env = Map.of("JOBS_API_URL", api.baseUrl(), "JOBS_API_KEY", "cli-key", "HOME", home.toString());
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void submit_sends_params_read_as_json_when_they_are_json_and_prints_the_task_id() {
        api.stubFor(post("/api/v1/jobs")
                .withHeader("Authorization", equalTo("Bearer cli-key"))
                .withHeader("Idempotency-Key", matching("[0-9a-f-]{36}"))
                .withRequestBody(equalToJson("{\"connector\":\"diagnostics\",\"operation\":\"fail\","
                        + "\"params\":{\"times\":-1,\"retryable\":false,\"message\":\"boom\",\"extra\":{\"a\":1}}}"))
                .willReturn(
                        aResponse().withStatus(202).withBody("{\"task_id\":\"" + ID + "\",\"status\":\"PENDING\"}")));

        CliRun run = CliRun.of(
                env,
                "submit",
                "diagnostics",
                "fail",
                "--param",
                "times=-1",
                "--param",
                "retryable=false",
                "--param",
                "message=boom",
                "--params-json",
                "{\"extra\":{\"a\":1}}");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Submitted " + ID + " (PENDING)\n");
    }

    @Test
    void submit_sends_countdown_and_expires_and_refuses_countdown_with_eta() {
        api.stubFor(post("/api/v1/jobs")
                .withRequestBody(matchingJsonPath("$[?(@.countdown == 90)]"))
                .withRequestBody(matchingJsonPath("$.expires", equalTo("2026-12-31T23:00:00Z")))
                .willReturn(
                        aResponse().withStatus(202).withBody("{\"task_id\":\"" + ID + "\",\"status\":\"PENDING\"}")));

        CliRun run = CliRun.of(
                env, "submit", "diagnostics", "echo", "--countdown", "90s", "--expires", "2026-12-31T23:00:00Z");
        CliRun both =
                CliRun.of(env, "submit", "diagnostics", "echo", "--countdown", "90s", "--eta", "2026-12-31T22:00:00Z");
        CliRun badEta = CliRun.of(env, "submit", "diagnostics", "echo", "--eta", "tomorrow");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("either --countdown or --eta");
        assertThat(badEta.exit()).isEqualTo(2);
        assertThat(api.findAll(postRequestedFor(urlEqualTo("/api/v1/jobs")))).hasSize(1);
    }

    @Test
    void retry_re_drives_each_id_or_the_tasks_its_filters_match_and_a_success_exits_5() {
        api.stubFor(post("/api/v1/admin/tasks/" + ID + "/retry")
                .withRequestBody(equalToJson("{\"max_retries\":4}"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"task_id\":\"" + ID + "\",\"status\":\"PENDING\",\"previous_status\":\"FAILURE\","
                                + "\"attempt\":3,\"max_retries\":4}")));
        api.stubFor(post("/api/v1/admin/tasks:retry")
                .withRequestBody(equalToJson(
                        "{\"status\":\"FAILURE\",\"connector\":\"servicenow\",\"error_type\":\"PoisonJob\"}"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"requeued\":12,\"more\":false}")));
        String succeeded = "0195a0b0-0000-7000-8000-00000000000a";
        api.stubFor(post("/api/v1/admin/tasks/" + succeeded + "/retry")
                .willReturn(aResponse()
                        .withStatus(409)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,"
                                + "\"detail\":\"Task succeeded; a SUCCESS job is not re-driven\","
                                + "\"current_status\":\"SUCCESS\"}")));

        CliRun one = CliRun.of(env, "retry", ID, "--max-retries", "4");
        CliRun bulk = CliRun.of(
                env, "retry", "--status", "FAILURE", "--connector", "servicenow", "--error-type", "PoisonJob");
        CliRun success = CliRun.of(env, "retry", succeeded);
        CliRun nothing = CliRun.of(env, "retry");

        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out()).isEqualTo("Re-drove " + ID + " (was FAILURE): attempt 3 is PENDING\n");
        assertThat(bulk.exit()).as(bulk.err()).isZero();
        assertThat(bulk.out()).isEqualTo("Re-queued 12 tasks\n");
        assertThat(success.exit()).isEqualTo(5);
        assertThat(success.err()).contains("not re-driven");
        assertThat(nothing.exit()).isEqualTo(2);
    }

    @Test
    void submit_wait_prints_the_result_and_exits_1_when_the_job_failed() {
        api.stubFor(post("/api/v1/jobs")
                .willReturn(
                        aResponse().withStatus(202).withBody("{\"task_id\":\"" + ID + "\",\"status\":\"PENDING\"}")));
        api.stubFor(get(urlPathEqualTo("/api/v1/admin/tasks/" + ID + "/status"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"task_id\":\"" + ID + "\",\"status\":\"FAILURE\",\"result\":null,"
                                + "\"error\":\"DiagnosticFailure: down\",\"error_type\":\"DiagnosticFailure\","
                                + "\"connector\":\"diagnostics\",\"operation\":\"fail\",\"attempt\":1,"
                                + "\"max_retries\":0}")));

        CliRun run = CliRun.of(env, "submit", "diagnostics", "fail", "--wait", "--timeout", "5s");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("status          FAILURE").contains("DiagnosticFailure: down");
    }

    @Test
    void json_output_keeps_the_apis_snake_case_names_and_iso_instants() {
        api.stubFor(get("/api/v1/admin/tasks/" + ID + "/status")
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"task_id\":\"" + ID + "\",\"status\":\"QUEUED\",\"connector\":\"diagnostics\","
                                + "\"operation\":\"echo\",\"attempt\":0,\"max_retries\":3,"
                                + "\"created_at\":\"2026-03-01T09:59:59.123Z\"}")));

        CliRun run = CliRun.of(env, "status", ID, "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("\"task_id\" : \"" + ID + "\"")
                .contains("\"max_retries\" : 3")
                .contains("\"created_at\" : \"2026-03-01T09:59:59.123Z\"");
    }

    @Test
    void a_wait_that_outlasts_its_timeout_exits_6_naming_the_task_that_keeps_running() {
        api.stubFor(get(urlPathEqualTo("/api/v1/admin/tasks/" + ID + "/status"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"task_id\":\"" + ID + "\",\"status\":\"STARTED\",\"attempt\":1}")));

        CliRun run = CliRun.of(env, "wait", ID, "--timeout", "1s");

        assertThat(run.exit()).isEqualTo(6);
        assertThat(run.err()).contains("Task " + ID + " is still STARTED at the deadline");
    }

    @Test
    void list_passes_its_filters_and_prints_a_table_of_at_most_limit_tasks() {
        String task = "{\"task_id\":\"" + ID + "\",\"status\":\"FAILURE\",\"connector\":\"diagnostics\","
                + "\"operation\":\"fail\",\"attempt\":2,\"created_at\":\"2026-02-01T00:00:00Z\","
                + "\"error_type\":\"DiagnosticFailure\"}";
        api.stubFor(get(urlPathEqualTo("/api/v1/admin/tasks"))
                .withQueryParam("status", equalTo("FAILURE"))
                .withQueryParam("since", equalTo("2026-01-01T00:00:00Z"))
                .withQueryParam("limit", equalTo("2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"tasks\":[" + task + "," + task + "],\"next_cursor\":\"more\"}")));

        CliRun run = CliRun.of(env, "list", "--status", "FAILURE", "--since", "2026-01-01T00:00:00Z", "--limit", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines())
                .hasSize(3)
                .first()
                .asString()
                .startsWith("TASK_ID")
                .contains("ERROR_TYPE");
        assertThat(run.out()).contains(ID + "  FAILURE  diagnostics  fail");
    }

    @Test
    void status_of_an_unknown_task_exits_3_with_the_servers_explanation_on_stderr() {
        api.stubFor(get("/api/v1/admin/tasks/" + ID + "/status")
                .willReturn(problem(404, "Not found", "No task with id " + ID + " was ever submitted")));

        CliRun run = CliRun.of(env, "status", ID);

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("No task with id " + ID + " was ever submitted");
    }

    @Test
    void a_refused_key_exits_4_and_a_missing_key_exits_4_naming_where_to_put_one() {
        api.stubFor(get("/api/v1/admin/workers").willReturn(problem(401, "Unauthorized", "The API key is not valid")));

        assertThat(CliRun.of(env, "workers").exit()).isEqualTo(4);
        CliRun missing = CliRun.of(Map.of("JOBS_API_URL", api.baseUrl(), "HOME", home.toString()), "workers");
        assertThat(missing.exit()).isEqualTo(4);
        assertThat(missing.err()).contains("JOBS_API_KEY").contains(".config/connector-jobs/config");
    }

    @Test
    void the_key_and_url_come_from_the_config_file_when_the_environment_has_none() throws Exception {
        Path config = home.resolve(".config/connector-jobs/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "url=" + api.baseUrl() + "\napi_key=from-file\n");
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        api.stubFor(get("/api/v1/admin/workers")
                .withHeader("Authorization", equalTo("Bearer from-file"))
                .willReturn(aResponse().withBody("{\"workers\":[],\"total\":0,\"active\":0}")));

        CliRun run = CliRun.of(Map.of("HOME", home.toString()), "workers", "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo("[ ]");
        assertThat(run.err()).isEmpty();
        Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(CliRun.of(Map.of("HOME", home.toString()), "workers").err())
                .contains("others can read it; run chmod 600 " + config);
    }

    @Test
    void a_wrong_command_line_exits_2_and_help_lists_the_exit_codes() {
        assertThat(CliRun.of(env, "status").exit()).isEqualTo(2);
        assertThat(CliRun.of(env, "status", "not-a-uuid").exit()).isEqualTo(2);
        assertThat(CliRun.of(env, "submit", "diagnostics", "echo", "--param", "novalue")
                        .exit())
                .isEqualTo(2);

        CliRun help = CliRun.of(env, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Exit codes:").contains("3   task (or breaker) not found");
    }

    @Test
    void batch_sends_the_same_derived_idempotency_key_for_a_line_on_every_run() throws Exception {
        api.stubFor(post("/api/v1/jobs")
                .willReturn(
                        aResponse().withStatus(202).withBody("{\"task_id\":\"" + ID + "\",\"status\":\"PENDING\"}")));
        Path file = home.resolve("jobs.ndjson");
        Files.writeString(file, """
                {"connector":"diagnostics","operation":"echo","params":{"n":1}}

                # a comment
                {"connector":"diagnostics","operation":"echo","params":{"n":2}}
                {"connector":"diagnostics","bogus":1}
                """);

        CliRun first = CliRun.of(env, "batch", file.toString());
        CliRun second = CliRun.of(env, "batch", file.toString());

        assertThat(first.exit()).as("a rejected line").isEqualTo(5);
        assertThat(first.out())
                .contains("3 lines: 2 created, 0 already submitted, 1 rejected, 0 failed")
                .contains("line 5: 'bogus' is not a known field");
        assertThat(first.err()).contains("3/3 100%");
        var keys = api.findAll(postRequestedFor(urlEqualTo("/api/v1/jobs"))).stream()
                .map(r -> r.getHeader("Idempotency-Key"))
                .toList();
        assertThat(keys).as("two lines, twice").hasSize(4);
        assertThat(new java.util.HashSet<>(keys))
                .as("each line's key is the same on both runs")
                .hasSize(2);
        assertThat(second.exit()).isEqualTo(5);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(
            int status, String title, String detail) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://connectorjobs.dev/problems/x\",\"title\":\"" + title + "\",\"status\":"
                        + status + ",\"detail\":\"" + detail + "\"}");
    }
}
