package dev.connectorjobs.api.schedule;

import static dev.connectorjobs.api.schedule.ScheduleApi.json;
import static dev.connectorjobs.api.schedule.ScheduleApi.schedule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The schedule endpoints over HTTP on a real PostgreSQL and Kafka: create, read, list, change,
 * pause, resume, delete, runs, ownership, audit, and refusals of bad input.
 */
class ScheduleApiIntegrationTest {

    private static ScheduleApi api;

    @BeforeAll
    static void start() {
        api = new ScheduleApi(
                "jobs.api.schedules.tick-interval=200ms",
                "jobs.api.schedules.min-interval=2s",
                "jobs.api.schedules.max-per-client=3");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void a_created_schedule_is_answered_201_stored_audited_and_read_back() throws Exception {
        HttpResponse<String> created = api.admin(
                "POST",
                "/api/v1/schedules",
                "{\"name\":\"nightly echo\",\"cron\":\"0 30 2 * * *\",\"time_zone\":\"Europe/Berlin\","
                        + "\"misfire_policy\":\"run_once\",\"job\":" + ScheduleApi.ECHO_JOB + "}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created);
        String id = body.get("schedule_id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/schedules/" + id);
        assertThat(body.get("name").asString()).isEqualTo("nightly echo");
        assertThat(body.get("cron").asString()).isEqualTo("0 30 2 * * *");
        assertThat(body.get("time_zone").asString()).isEqualTo("Europe/Berlin");
        assertThat(body.get("misfire_policy").asString()).isEqualTo("run_once");
        assertThat(body.get("paused").asBoolean()).isFalse();
        assertThat(body.get("job").get("connector").asString()).isEqualTo("diagnostics");
        Instant next = Instant.parse(body.get("next_run_at").asString());
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(26)));
        assertThat(next.atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalTime())
                .isIn(java.time.LocalTime.of(2, 30), java.time.LocalTime.of(3, 0));

        HttpResponse<String> read = api.admin("GET", "/api/v1/schedules/" + id, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(body);
        assertThat(ScheduleApi.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'schedule.create' AND target = ?", id))
                .isEqualTo(1);
        delete(id);
    }

    @Test
    void defaults_are_utc_and_skip_and_a_five_field_expression_ticks_on_the_minute() throws Exception {
        JsonNode body = json(api.admin("POST", "/api/v1/schedules", schedule("defaults", "*/5 * * * *")));

        assertThat(body.get("time_zone").asString()).isEqualTo("UTC");
        assertThat(body.get("misfire_policy").asString()).isEqualTo("skip");
        Instant next = Instant.parse(body.get("next_run_at").asString());
        assertThat(next.getEpochSecond() % 300).isZero();
        delete(body.get("schedule_id").asString());
    }

    @Test
    void a_change_is_stored_recomputes_the_next_tick_and_is_audited() throws Exception {
        String id = create(schedule("to change", "0 0 * * *"));

        HttpResponse<String> changed =
                api.admin("PATCH", "/api/v1/schedules/" + id, "{\"name\":\"changed\",\"cron\":\"0 0 12 * * *\"}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode body = json(changed);
        assertThat(body.get("name").asString()).isEqualTo("changed");
        assertThat(body.get("cron").asString()).isEqualTo("0 0 12 * * *");
        assertThat(Instant.parse(body.get("next_run_at").asString())
                        .atZone(java.time.ZoneOffset.UTC)
                        .getHour())
                .isEqualTo(12);
        assertThat(body.get("job")).isEqualTo(ScheduleApi.JSON.readTree(ScheduleApi.ECHO_JOB));
        assertThat(ScheduleApi.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'schedule.update' AND target = ?", id))
                .isEqualTo(1);

        HttpResponse<String> bad = api.admin("PATCH", "/api/v1/schedules/" + id, "{\"cron\":\"0 0 32 * *\"}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(json(api.admin("GET", "/api/v1/schedules/" + id, null))
                        .get("cron")
                        .asString())
                .isEqualTo("0 0 12 * * *");
        assertThat(api.admin("PATCH", "/api/v1/schedules/" + id, "{}").statusCode())
                .isEqualTo(422);
        delete(id);
    }

    @Test
    void pause_stops_the_ticks_and_resume_starts_them_again_both_audited() throws Exception {
        String id = create(schedule("pausable", "*/2 * * * * *"));
        UUID scheduleId = UUID.fromString(id);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ScheduleApi.runs(scheduleId).size() >= 2);

        JsonNode paused = json(api.admin("POST", "/api/v1/schedules/" + id + "/pause", null));

        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.get("next_run_at").isNull()).isTrue();
        int runsWhenPaused = ScheduleApi.runs(scheduleId).size();
        // A tick is at most one tick-interval (200 ms) late; 3 s hold at least one tick it would have run.
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> ScheduleApi.runs(scheduleId).size() == runsWhenPaused);

        JsonNode resumed = json(api.admin("POST", "/api/v1/schedules/" + id + "/resume", null));

        assertThat(resumed.get("paused").asBoolean()).isFalse();
        assertThat(Instant.parse(resumed.get("next_run_at").asString()))
                .isAfter(Instant.now().minusSeconds(1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ScheduleApi.runs(scheduleId).size() > runsWhenPaused);
        for (String action : List.of("schedule.pause", "schedule.resume")) {
            assertThat(ScheduleApi.count("SELECT count(*) FROM audit_log WHERE action = ? AND target = ?", action, id))
                    .as(action)
                    .isEqualTo(1);
        }
        delete(id);
    }

    @Test
    void each_tick_submits_a_job_owned_by_the_schedules_key_and_the_runs_list_it_with_its_status() throws Exception {
        ScheduleApi.Key user = api.newKey("schedule-runs-user", "USER");
        String id = create(user.secret(), schedule("runs", "*/2 * * * * *"));
        UUID scheduleId = UUID.fromString(id);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ScheduleApi.runs(scheduleId).size() >= 3);
        api.send("POST", "/api/v1/schedules/" + id + "/pause", user.secret(), null);

        JsonNode page = json(api.send("GET", "/api/v1/schedules/" + id + "/runs?limit=2", user.secret(), null));

        JsonNode runs = page.get("runs");
        assertThat(runs).hasSize(2);
        assertThat(Instant.parse(runs.get(0).get("scheduled_at").asString()))
                .isAfter(Instant.parse(runs.get(1).get("scheduled_at").asString()));
        for (JsonNode run : runs) {
            assertThat(run.get("outcome").asString()).isEqualTo("ENQUEUED");
            assertThat(run.get("task_status").asString()).isIn("PENDING", "QUEUED");
            String taskId = run.get("task_id").asString();
            assertThat(ScheduleApi.db()
                            .queryForObject("SELECT client_id FROM jobs WHERE id = ?::uuid", String.class, taskId))
                    .isEqualTo(user.id());
            // The key that owns the schedule owns its jobs: it may revoke them.
            assertThat(api.send("POST", "/api/v1/admin/tasks/" + taskId + "/revoke", user.secret(), null)
                            .statusCode())
                    .isEqualTo(200);
        }
        String cursor = page.get("next_cursor").asString();
        JsonNode rest = json(
                api.send("GET", "/api/v1/schedules/" + id + "/runs?limit=500&cursor=" + cursor, user.secret(), null));
        assertThat(rest.get("runs").size())
                .isEqualTo(ScheduleApi.runs(scheduleId).size() - 2);
        assertThat(rest.get("next_cursor").isNull()).isTrue();
        assertThat(ScheduleApi.jobsOf(scheduleId))
                .isEqualTo(ScheduleApi.runs(scheduleId).size());
        delete(id);
    }

    @Test
    void the_schedule_of_a_revoked_key_submits_nothing_more_and_is_paused() throws Exception {
        ScheduleApi.Key user = api.newKey("schedule-revoked-user", "USER");
        String id = create(user.secret(), schedule("revoked", "*/2 * * * * *"));
        UUID scheduleId = UUID.fromString(id);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ScheduleApi.runs(scheduleId).size() >= 1);

        assertThat(api.admin("DELETE", "/api/v1/admin/api-keys/" + user.id(), null)
                        .statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> json(api.admin("GET", "/api/v1/schedules/" + id, null))
                        .get("paused")
                        .asBoolean());
        ScheduleApi.Run last = ScheduleApi.runs(scheduleId).getLast();
        assertThat(last.outcome()).isEqualTo("REJECTED");
        assertThat(last.jobId()).isNull();
        assertThat(json(api.admin("GET", "/api/v1/schedules/" + id + "/runs?limit=1", null))
                        .get("runs")
                        .get(0)
                        .get("detail")
                        .asString())
                .contains("revoked");
        long jobs = ScheduleApi.jobsOf(scheduleId);
        assertThat(jobs).isEqualTo(ScheduleApi.runs(scheduleId).size() - 1);
        delete(id);
    }

    @Test
    void a_user_key_manages_only_its_own_schedules_and_an_admin_key_all() throws Exception {
        ScheduleApi.Key owner = api.newKey("schedule-owner", "USER");
        ScheduleApi.Key other = api.newKey("schedule-other", "USER");
        String id = create(owner.secret(), schedule("owned", "0 0 * * *"));
        String path = "/api/v1/schedules/" + id;

        assertThat(api.send("GET", path, owner.secret(), null).statusCode()).isEqualTo(200);
        assertThat(api.send("GET", path, other.secret(), null).statusCode()).isEqualTo(403);
        assertThat(api.send("PATCH", path, other.secret(), "{\"name\":\"mine\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.send("POST", path + "/pause", other.secret(), null).statusCode())
                .isEqualTo(403);
        assertThat(api.send("POST", path + "/resume", other.secret(), null).statusCode())
                .isEqualTo(403);
        assertThat(api.send("GET", path + "/runs", other.secret(), null).statusCode())
                .isEqualTo(403);
        assertThat(api.send("DELETE", path, other.secret(), null).statusCode()).isEqualTo(403);
        HttpResponse<String> missing = api.send("GET", "/api/v1/schedules/" + UUID.randomUUID(), other.secret(), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(api.send("GET", path, null, null).statusCode()).isEqualTo(401);

        assertThat(ids(api.send("GET", "/api/v1/schedules?limit=500", other.secret(), null)))
                .doesNotContain(id);
        assertThat(ids(api.send("GET", "/api/v1/schedules?limit=500", owner.secret(), null)))
                .containsExactly(id);
        assertThat(ids(api.admin("GET", "/api/v1/schedules?limit=500", null))).contains(id);
        assertThat(api.admin("GET", path, null).statusCode()).isEqualTo(200);
        assertThat(json(api.send("GET", path, other.secret(), null))
                        .get("detail")
                        .asString())
                .contains("only the schedules it created")
                .contains("Ask an admin");

        assertThat(api.send("DELETE", path, owner.secret(), null).statusCode()).isEqualTo(204);
        assertThat(api.send("GET", path, owner.secret(), null).statusCode()).isEqualTo(404);
        assertThat(ScheduleApi.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'schedule.delete' AND target = ?"
                                + " AND actor_name = 'schedule-owner'",
                        id))
                .isEqualTo(1);
    }

    @Test
    void the_list_pages_in_creation_order() throws Exception {
        ScheduleApi.Key user = api.newKey("schedule-pager", "USER");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(create(user.secret(), schedule("page " + i, "0 0 * * *")));
        }

        JsonNode first = json(api.send("GET", "/api/v1/schedules?limit=2", user.secret(), null));
        JsonNode second = json(api.send(
                "GET",
                "/api/v1/schedules?limit=2&cursor=" + first.get("next_cursor").asString(),
                user.secret(),
                null));

        List<String> seen = new ArrayList<>(ids(first));
        seen.addAll(ids(second));
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(second.get("next_cursor").isNull()).isTrue();

        HttpResponse<String> fourth = api.send("POST", "/api/v1/schedules", user.secret(), schedule("4", "0 0 * * *"));
        assertThat(fourth.statusCode()).isEqualTo(422);
        assertThat(json(fourth).get("detail").asString()).contains("jobs.api.schedules.max-per-client");
        for (String id : created) {
            api.send("DELETE", "/api/v1/schedules/" + id, user.secret(), null);
        }
    }

    @Test
    void bad_input_is_a_problem_document_with_the_field_named_and_nothing_is_stored() throws Exception {
        long before = ScheduleApi.count("SELECT count(*) FROM schedules");
        String job = ScheduleApi.ECHO_JOB;
        Map<String, String> invalid = Map.ofEntries(
                Map.entry("{\"name\":\"x\",\"cron\":\"0 0 * *\",\"job\":" + job + "}", "cron"),
                Map.entry("{\"name\":\"x\",\"cron\":\"0 0 99999999999 * *\",\"job\":" + job + "}", "cron"),
                Map.entry("{\"name\":\"x\",\"cron\":\"0 0 1\\u0000 * *\",\"job\":" + job + "}", "cron"),
                Map.entry("{\"name\":\"x\",\"cron\":\"0 0 30 2 *\",\"job\":" + job + "}", "cron"),
                Map.entry("{\"name\":\"x\",\"cron\":\"* * * * * *\",\"job\":" + job + "}", "cron"),
                Map.entry("{\"name\":\"x\",\"cron\":12,\"job\":" + job + "}", "cron"),
                Map.entry(
                        "{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"time_zone\":\"Mars/Base\",\"job\":" + job + "}",
                        "time_zone"),
                Map.entry(
                        "{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"misfire_policy\":\"sometimes\",\"job\":" + job + "}",
                        "misfire_policy"),
                Map.entry("{\"name\":\"a\\u0000b\",\"cron\":\"0 0 * * *\",\"job\":" + job + "}", "name"),
                Map.entry("{\"name\":\"" + "n".repeat(201) + "\",\"cron\":\"0 0 * * *\",\"job\":" + job + "}", "name"),
                Map.entry("{\"cron\":\"0 0 * * *\",\"job\":" + job + "}", "name"),
                Map.entry("{\"name\":\"x\",\"cron\":\"0 0 * * *\"}", "job"),
                Map.entry("{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"job\":[1]}", "job"),
                Map.entry(
                        "{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"job\":{\"connector\":\"nosuch\",\"operation\":\"echo\"}}",
                        "job.connector"),
                Map.entry(
                        "{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"job\":{\"connector\":\"diagnostics\","
                                + "\"operation\":\"echo\",\"timeout_seconds\":1e300}}",
                        "job.timeout_seconds"),
                Map.entry(
                        "{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"job\":{\"connector\":\"diagnostics\","
                                + "\"operation\":\"echo\",\"max_retries\":99999999999999999999}}",
                        "job.max_retries"),
                Map.entry(
                        "{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"job\":{\"connector\":\"diagnostics\","
                                + "\"operation\":\"echo\",\"params\":{\"s\":\"a\\u0000\"}}}",
                        "job.params.s"),
                Map.entry(
                        "{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"job\":{\"connector\":\"diagnostics\","
                                + "\"operation\":\"echo\",\"eta\":\"2030-01-01T00:00:00Z\"}}",
                        "job.eta"),
                Map.entry(
                        "{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"job\":{\"connector\":\"diagnostics\","
                                + "\"operation\":\"echo\",\"expires\":\"2030-01-01T00:00:00Z\"}}",
                        "job.expires"),
                Map.entry("{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"paused\":\"yes\",\"job\":" + job + "}", "paused"),
                Map.entry("{\"name\":\"x\",\"cron\":\"0 0 * * *\",\"every\":1,\"job\":" + job + "}", "every"),
                Map.entry("[1,2]", ""));
        for (Map.Entry<String, String> bad : invalid.entrySet()) {
            HttpResponse<String> response = api.admin("POST", "/api/v1/schedules", bad.getKey());

            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(422);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            List<String> fields = new ArrayList<>();
            json(response).get("errors").forEach(e -> fields.add(e.get("field").asString()));
            assertThat(fields).as(bad.getKey()).contains(bad.getValue());
        }
        for (String[] bad : List.of(
                new String[] {"POST", "/api/v1/schedules", "{\"name\":"},
                new String[] {"GET", "/api/v1/schedules/not-a-uuid", null},
                new String[] {"GET", "/api/v1/schedules?limit=0", null},
                new String[] {"GET", "/api/v1/schedules?limit=99999999999999999999", null},
                new String[] {"GET", "/api/v1/schedules?cursor=nope", null},
                new String[] {"GET", "/api/v1/schedules/" + UUID.randomUUID() + "/runs?cursor=%00", null},
                new String[] {"DELETE", "/api/v1/schedules/%00", null})) {
            HttpResponse<String> response = api.admin(bad[0], bad[1], bad[2]);

            assertThat(response.statusCode()).as(bad[0] + " " + bad[1]).isEqualTo(400);
        }
        assertThat(ScheduleApi.count("SELECT count(*) FROM schedules")).isEqualTo(before);
    }

    @Test
    void the_openapi_document_lists_the_endpoints_with_examples_equal_to_real_answers() throws Exception {
        JsonNode doc = json(api.send("GET", "/v3/api-docs", null, null));
        JsonNode paths = doc.get("paths");
        assertThat(paths.get("/api/v1/schedules").propertyNames()).contains("get", "post");
        assertThat(paths.get("/api/v1/schedules/{id}").propertyNames()).contains("get", "patch", "delete");
        assertThat(paths.get("/api/v1/schedules/{id}/pause").propertyNames()).contains("post");
        assertThat(paths.get("/api/v1/schedules/{id}/resume").propertyNames()).contains("post");
        assertThat(paths.get("/api/v1/schedules/{id}/runs").propertyNames()).contains("get");

        JsonNode request = paths.get("/api/v1/schedules")
                .get("post")
                .get("requestBody")
                .get("content")
                .get("application/json")
                .get("example");
        HttpResponse<String> created = api.admin("POST", "/api/v1/schedules", request.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode example = paths.get("/api/v1/schedules")
                .get("post")
                .get("responses")
                .get("201")
                .get("content")
                .get("application/json")
                .get("example");
        assertThat(fields(example)).isEqualTo(fields(json(created)));
        String createdId = json(created).get("schedule_id").asString();
        JsonNode paused = json(api.admin("POST", "/api/v1/schedules/" + createdId + "/pause", null));
        JsonNode pausedExample = paths.get("/api/v1/schedules/{id}/pause")
                .get("post")
                .get("responses")
                .get("200")
                .get("content")
                .get("application/json")
                .get("example");
        assertThat(fields(pausedExample)).isEqualTo(fields(paused));
        assertThat(pausedExample.get("paused").asBoolean()).isTrue();
        JsonNode runsExample = paths.get("/api/v1/schedules/{id}/runs")
                .get("get")
                .get("responses")
                .get("200")
                .get("content")
                .get("application/json")
                .get("example");
        assertThat(fields(runsExample)).containsExactlyInAnyOrder("runs", "next_cursor");
        assertThat(fields(runsExample.get("runs").get(0)))
                .containsExactlyInAnyOrder(
                        "scheduled_at", "fired_at", "outcome", "task_id", "task_status", "missed_ticks", "detail");
        delete(json(created).get("schedule_id").asString());
    }

    private static Set<String> fields(JsonNode node) {
        return new TreeSet<>(node.propertyNames());
    }

    private static List<String> ids(HttpResponse<String> list) {
        return ids(json(list));
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.get("schedules").forEach(s -> ids.add(s.get("schedule_id").asString()));
        return ids;
    }

    private static String create(String body) throws Exception {
        return create(dev.connectorjobs.testing.TestInfrastructure.ADMIN_KEY, body);
    }

    private static String create(String key, String body) throws Exception {
        HttpResponse<String> created = api.send("POST", "/api/v1/schedules", key, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("schedule_id").asString();
    }

    private static void delete(String id) throws Exception {
        assertThat(api.admin("DELETE", "/api/v1/schedules/" + id, null).statusCode())
                .isEqualTo(204);
    }
}
