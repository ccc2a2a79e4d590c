package dev.connectorjobs.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The schedule methods against a stub that answers as the api-gateway does. */
class ScheduleClientTest extends ClientTestSupport {

    private static final UUID ID = UUID.fromString("019a8e2c-5b40-7d1e-9c3a-2f6d4e8b1a07");

    private static String schedule(boolean paused) {
        return """
                {"schedule_id":"%s","name":"nightly","cron":"0 30 2 * * *","time_zone":"Europe/Berlin",
                 "misfire_policy":"run_once","paused":%s,"job":{"params":{},"connector":"diagnostics","operation":"echo"},
                 "owner_key_id":"0199f1d2-7a3b-7c4d-8e5f-a1b2c3d4e5f6","next_run_at":%s,"last_run_at":null,
                 "created_at":"2026-12-03T14:05:12.345Z","updated_at":"2026-12-03T14:05:12.345Z"}""".formatted(ID, paused, paused ? "null" : "\"2026-12-04T01:30:00Z\"");
    }

    @Test
    void a_schedule_is_created_with_the_apis_field_names_and_read_back() {
        api.stubFor(post(urlEqualTo("/api/v1/schedules"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withBody(schedule(false))));

        Schedule created = client.createSchedule(ScheduleRequest.of(
                        "nightly",
                        "0 30 2 * * *",
                        JobRequest.of("diagnostics", "echo").withTimeoutSeconds(60))
                .inZone("Europe/Berlin")
                .runOnceAfterMisfire());

        assertThat(created.scheduleId()).isEqualTo(ID);
        assertThat(created.nextRunAt()).isEqualTo(Instant.parse("2026-12-04T01:30:00Z"));
        assertThat(created.job().path("connector").asString()).isEqualTo("diagnostics");
        api.verify(postRequestedFor(urlEqualTo("/api/v1/schedules"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withRequestBody(equalToJson("""
                        {"name":"nightly","cron":"0 30 2 * * *","time_zone":"Europe/Berlin","misfire_policy":"run_once",
                         "job":{"connector":"diagnostics","operation":"echo","params":{},"timeout_seconds":60}}""")));
    }

    @Test
    void an_invalid_cron_is_a_validation_exception_naming_the_field() {
        api.stubFor(post(urlEqualTo("/api/v1/schedules"))
                .willReturn(aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", PROBLEM)
                        .withBody("""
                                {"type":"https://connector-jobs.dev/problems/invalid-request","title":"Invalid request",
                                 "status":422,"detail":"cron has 4 fields","instance":"/api/v1/schedules",
                                 "errors":[{"field":"cron","message":"has 4 fields"}]}""")));

        assertThatThrownBy(() -> client.createSchedule(ScheduleRequest.of("x", "0 0 * *", JobRequest.of("d", "e"))))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.fieldErrors())
                                .extracting(FieldError::field)
                                .containsExactly("cron"));
        api.verify(1, postRequestedFor(urlEqualTo("/api/v1/schedules")));
    }

    @Test
    void pause_resume_change_and_delete_go_to_their_endpoints() {
        api.stubFor(post(urlEqualTo("/api/v1/schedules/" + ID + "/pause"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(schedule(true))));
        api.stubFor(post(urlEqualTo("/api/v1/schedules/" + ID + "/resume"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(schedule(false))));
        api.stubFor(patch(urlEqualTo("/api/v1/schedules/" + ID))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(schedule(false))));
        api.stubFor(delete(urlEqualTo("/api/v1/schedules/" + ID))
                .willReturn(aResponse().withStatus(204)));

        assertThat(client.pauseSchedule(ID).paused()).isTrue();
        assertThat(client.resumeSchedule(ID).paused()).isFalse();
        client.updateSchedule(ID, Map.of("cron", "0 0 3 * * *"));
        client.deleteSchedule(ID);

        api.verify(patchRequestedFor(urlEqualTo("/api/v1/schedules/" + ID))
                .withRequestBody(equalToJson("{\"cron\":\"0 0 3 * * *\"}")));
        api.verify(deleteRequestedFor(urlEqualTo("/api/v1/schedules/" + ID)));
    }

    @Test
    void pages_of_schedules_and_runs_carry_the_cursor() {
        api.stubFor(get(urlPathEqualTo("/api/v1/schedules"))
                .withQueryParam("cursor", equalTo(ID.toString()))
                .withQueryParam("limit", equalTo("1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"schedules\":[" + schedule(false) + "],\"next_cursor\":null}")));
        api.stubFor(get(urlPathEqualTo("/api/v1/schedules/" + ID + "/runs"))
                .withQueryParam("limit", equalTo("50"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("""
                                {"runs":[{"scheduled_at":"2026-12-03T01:30:00Z","fired_at":"2026-12-03T01:30:00.112Z",
                                 "outcome":"ENQUEUED","task_id":"01a22485-844c-76ba-93db-6b3c8a29fe87",
                                 "task_status":"SUCCESS","missed_ticks":0,"detail":null}],
                                 "next_cursor":"MjAyNi0xMi0wM1QwMTozMDowMFo"}""")));

        SchedulePage page = client.schedules(ID.toString(), 1);
        ScheduleRunPage runs = client.scheduleRuns(ID, null, 50);

        assertThat(page.schedules()).extracting(Schedule::name).containsExactly("nightly");
        assertThat(page.nextCursor()).isNull();
        assertThat(runs.runs()).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo("ENQUEUED");
            assertThat(run.taskStatus()).isEqualTo("SUCCESS");
        });
        assertThat(runs.nextCursor()).isEqualTo("MjAyNi0xMi0wM1QwMTozMDowMFo");
    }
}
