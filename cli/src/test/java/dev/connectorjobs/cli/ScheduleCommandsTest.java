package dev.connectorjobs.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jobs schedules ...} against a WireMock api-gateway. */
class ScheduleCommandsTest {

    private static final String ID = "019a8e2c-5b40-7d1e-9c3a-2f6d4e8b1a07";
    private static final String TASK = "01a22485-844c-76ba-93db-6b3c8a29fe87";

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

    private static String schedule(boolean paused) {
        return """
                {"schedule_id":"%s","name":"nightly","cron":"0 30 2 * * *","time_zone":"Europe/Berlin",
                 "misfire_policy":"skip","paused":%s,"job":{"params":{"hello":"world"},"connector":"diagnostics",
                 "operation":"echo"},"owner_key_id":"k","next_run_at":%s,"last_run_at":null,
                 "created_at":"2026-12-03T14:05:12.345Z","updated_at":"2026-12-03T14:05:12.345Z"}""".formatted(ID, paused, paused ? "null" : "\"2026-12-04T01:30:00Z\"");
    }

    @Test
    void create_sends_the_schedule_and_its_job_and_prints_the_id_and_next_run() {
        api.stubFor(post("/api/v1/schedules")
                .withHeader("Authorization", equalTo("Bearer cli-key"))
                .willReturn(aResponse().withStatus(201).withBody(schedule(false))));

        CliRun run = CliRun.of(
                env,
                "schedules",
                "create",
                "nightly",
                "0 30 2 * * *",
                "diagnostics",
                "echo",
                "--zone",
                "Europe/Berlin",
                "--misfire",
                "run_once",
                "--params-json",
                "{\"hello\":\"world\"}",
                "--job-timeout",
                "60");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Created schedule " + ID + "; next run at 2026-12-04T01:30:00Z\n");
        api.verify(postRequestedFor(urlEqualTo("/api/v1/schedules")).withRequestBody(equalToJson("""
                        {"name":"nightly","cron":"0 30 2 * * *","time_zone":"Europe/Berlin","misfire_policy":"run_once",
                         "job":{"connector":"diagnostics","operation":"echo","params":{"hello":"world"},
                                "timeout_seconds":60}}""")));
    }

    @Test
    void an_invalid_cron_exits_5_with_the_servers_field_error() {
        api.stubFor(post("/api/v1/schedules")
                .willReturn(aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("""
                                {"type":"about:blank","title":"Invalid request","status":422,
                                 "detail":"cron has 4 fields; give 5 or 6",
                                 "errors":[{"field":"cron","message":"has 4 fields; give 5 or 6"}]}""")));

        CliRun run = CliRun.of(env, "schedules", "create", "x", "0 0 * *", "diagnostics", "echo");

        assertThat(run.exit()).isEqualTo(ExitCodes.API_ERROR);
        assertThat(run.err()).contains("cron");
    }

    @Test
    void list_prints_a_table_and_pause_prints_the_paused_schedule() {
        api.stubFor(get(urlPathEqualTo("/api/v1/schedules"))
                .willReturn(aResponse().withBody("{\"schedules\":[" + schedule(false) + "],\"next_cursor\":null}")));
        api.stubFor(post("/api/v1/schedules/" + ID + "/pause")
                .willReturn(aResponse().withBody(schedule(true))));

        CliRun list = CliRun.of(env, "schedules", "list");
        CliRun pause = CliRun.of(env, "schedules", "pause", ID);

        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().lines().toList())
                .containsExactly(
                        "SCHEDULE_ID                           NAME     CRON          ZONE           STATE   NEXT_RUN_AT"
                                + "           JOB",
                        ID + "  nightly  0 30 2 * * *  Europe/Berlin  active  2026-12-04T01:30:00Z  diagnostics echo");
        assertThat(pause.exit()).as(pause.err()).isZero();
        assertThat(pause.out())
                .isEqualTo("Paused " + ID + " (nightly, 0 30 2 * * * Europe/Berlin); next run at - (paused)\n");
    }

    @Test
    void runs_prints_each_tick_with_its_task_and_a_missing_schedule_exits_3() {
        api.stubFor(get(urlPathEqualTo("/api/v1/schedules/" + ID + "/runs"))
                .willReturn(aResponse().withBody("""
                        {"runs":[{"scheduled_at":"2026-12-03T01:30:00Z","fired_at":"2026-12-03T01:30:00.112Z",
                         "outcome":"ENQUEUED","task_id":"%s","task_status":"SUCCESS","missed_ticks":0,"detail":null}],
                         "next_cursor":null}""".formatted(TASK))));
        api.stubFor(get("/api/v1/schedules/" + TASK)
                .willReturn(aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"title\":\"Not found\",\"status\":404,\"detail\":\"No schedule with id " + TASK
                                + "\"}")));

        CliRun runs = CliRun.of(env, "schedules", "runs", ID);
        CliRun missing = CliRun.of(env, "schedules", "show", TASK);
        CliRun badId = CliRun.of(env, "schedules", "show", "nope");

        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(runs.out()).contains("ENQUEUED").contains(TASK).contains("SUCCESS");
        assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("No schedule with id");
        assertThat(badId.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.of(env, "schedules").exit()).isEqualTo(ExitCodes.USAGE);
    }
}
