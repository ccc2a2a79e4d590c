package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The console's security over HTTP, against a real api-gateway on PostgreSQL: sign-in with a key,
 * the session cookie, CSRF on every form, the API's roles, revocation and sign-out, and a session
 * served by a second replica.
 */
class ConsoleSecurityTest {

    static SecuredApi api;
    static String userKey;

    @BeforeAll
    static void keys() throws Exception {
        api = SecuredApi.get();
        userKey = api.newKey("console-user", "USER");
    }

    private static ConsoleSession signedIn(String key) throws Exception {
        ConsoleSession browser = new ConsoleSession(api.base);
        HttpResponse<String> signIn = browser.signIn(key);
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui"));
        return browser;
    }

    @Test
    void a_page_sends_a_browser_that_is_not_signed_in_to_the_sign_in_form() throws Exception {
        HttpResponse<String> page = new ConsoleSession(api.base).get("/ui/jobs");

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/sign-in"));
    }

    @Test
    void signing_in_sets_an_http_only_same_site_strict_cookie_for_the_console_only() throws Exception {
        ConsoleSession browser = new ConsoleSession(api.base);
        HttpResponse<String> signIn = browser.signIn(userKey);

        String cookie = signIn.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/ui").doesNotContain(userKey);
        HttpResponse<String> jobs = browser.get("/ui/jobs");
        assertThat(jobs.statusCode()).isEqualTo(200);
        assertThat(jobs.body()).contains("console-user", "USER");
        assertThat(jobs.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
    }

    @Test
    void an_unknown_key_is_refused_and_signs_nobody_in() throws Exception {
        ConsoleSession browser = new ConsoleSession(api.base);
        HttpResponse<String> signIn = browser.signIn("cj_not-a-key-anybody-was-given");

        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/sign-in?error"));
        assertThat(browser.get("/ui/jobs").statusCode()).isEqualTo(302);
    }

    @Test
    void a_form_posted_without_its_csrf_token_is_refused() throws Exception {
        ConsoleSession admin = signedIn(TestInfrastructure.ADMIN_KEY);

        HttpResponse<String> forged = admin.post("/ui/api-keys", Map.of("name", "csrf-forged", "role", "ADMIN"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(api.body(api.json("GET", "/api/v1/admin/api-keys", TestInfrastructure.ADMIN_KEY, null))
                        .toString())
                .doesNotContain("csrf-forged");
        HttpResponse<String> signOut = admin.post("/ui/sign-out", Map.of());
        assertThat(signOut.statusCode()).isEqualTo(403);
    }

    @Test
    void a_user_may_read_but_not_post_admin_forms_even_with_a_valid_token() throws Exception {
        ConsoleSession user = signedIn(userKey);

        HttpResponse<String> breaker = user.submit("/ui/jobs", "/ui/breakers/external_api/force-open", Map.of());
        HttpResponse<String> key = user.submit("/ui/jobs", "/ui/api-keys", Map.of("name", "by-user", "role", "ADMIN"));

        assertThat(breaker.statusCode()).isEqualTo(403);
        assertThat(key.statusCode()).isEqualTo(403);
        assertThat(user.get("/ui/audit").statusCode()).isEqualTo(403);
        assertThat(user.get("/ui/jobs").body()).doesNotContain("/ui/api-keys", "/ui/audit");
    }

    @Test
    void signing_out_ends_the_session_on_the_server() throws Exception {
        ConsoleSession browser = signedIn(userKey);
        String session = browser.sessionCookie();

        HttpResponse<String> signOut = browser.submit("/ui/jobs", "/ui/sign-out", Map.of());

        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(replay(api.base, session, "/ui/jobs").statusCode()).isEqualTo(302);
    }

    @Test
    void revoking_the_key_ends_its_console_sessions() throws Exception {
        String key = api.newKey("console-revoked", "USER");
        ConsoleSession browser = signedIn(key);
        assertThat(browser.get("/ui/jobs").statusCode()).isEqualTo(200);
        String id = api.body(api.json("GET", "/api/v1/admin/api-keys", TestInfrastructure.ADMIN_KEY, null))
                .get("keys")
                .valueStream()
                .filter(k -> k.get("name").asString().equals("console-revoked"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();

        api.json("DELETE", "/api/v1/admin/api-keys/" + id, TestInfrastructure.ADMIN_KEY, null);

        HttpResponse<String> after = browser.get("/ui/jobs");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/sign-in?revoked"));
    }

    @Test
    void another_replica_serves_the_same_session_and_the_api_ignores_it() throws Exception {
        ConsoleSession browser = signedIn(userKey);
        SecuredApi replica = SecuredApi.named("console-replica");

        HttpResponse<String> there = replay(replica.base, browser.sessionCookie(), "/ui/jobs");
        HttpResponse<String> api = replay(replica.base, browser.sessionCookie(), "/api/v1/admin/tasks");

        assertThat(there.statusCode()).isEqualTo(200);
        assertThat(there.body()).contains("console-user");
        assertThat(api.statusCode()).isEqualTo(401);
    }

    @Test
    void every_page_renders_for_an_admin_and_the_admin_pages_are_listed() throws Exception {
        ConsoleSession admin = signedIn(TestInfrastructure.ADMIN_KEY);
        String job = submitSleep(TestInfrastructure.ADMIN_KEY);
        String schedule = createSchedule(TestInfrastructure.ADMIN_KEY, "console-every-page");

        for (String page : new String[] {
            "/ui",
            "/ui/jobs",
            "/ui/jobs?status=PENDING&connector=diagnostics",
            "/ui/jobs/" + job,
            "/ui/active",
            "/ui/workers",
            "/ui/breakers",
            "/ui/schedules",
            "/ui/schedules/" + schedule,
            "/ui/limits",
            "/ui/api-keys",
            "/ui/audit"
        }) {
            HttpResponse<String> answer = admin.get(page);
            assertThat(answer.statusCode()).as(page + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.body()).as(page).contains("/ui/api-keys", "/ui/audit", "Sign out");
        }
        assertThat(admin.get("/ui/jobs/" + job).body()).contains(job, "diagnostics · sleep", "&quot;ms&quot;");
        assertThat(admin.get("/ui/jobs?status=NOPE").statusCode()).isEqualTo(400);
        assertThat(admin.get("/ui/jobs/not-a-uuid").statusCode()).isEqualTo(400);
        assertThat(admin.get("/ui/jobs/0190a4b0-0000-7000-8000-000000000000").statusCode())
                .isEqualTo(404);
        assertThat(admin.get("/ui/schedules").body()).contains("console-every-page", "diagnostics · echo");
        assertThat(admin.get("/ui/schedules/" + schedule).body())
                .contains("console-every-page", "id=\"pause\"", "&quot;x&quot;")
                .doesNotContain("s3cret-in-template");
        assertThat(admin.get("/ui/schedules/not-a-uuid").statusCode()).isEqualTo(400);
        assertThat(admin.get("/ui/schedules/0190a4b0-0000-7000-8000-000000000000")
                        .statusCode())
                .isEqualTo(404);
        assertThat(admin.get("/ui/limits").body()).contains("id=\"set-limit\"");
    }

    @Test
    void a_user_reads_schedules_and_limits_but_may_not_set_limits_or_pause_another_keys_schedule() throws Exception {
        String others = createSchedule(TestInfrastructure.ADMIN_KEY, "console-not-the-users");
        ConsoleSession user = signedIn(userKey);

        HttpResponse<String> schedules = user.get("/ui/schedules");
        HttpResponse<String> limits = user.get("/ui/limits");
        assertThat(schedules.statusCode()).isEqualTo(200);
        assertThat(schedules.body()).contains("Schedules").doesNotContain("console-not-the-users");
        assertThat(limits.statusCode()).isEqualTo(200);
        assertThat(limits.body()).contains("Limits").doesNotContain("id=\"set-limit\"");

        HttpResponse<String> set =
                user.submit("/ui/limits", "/ui/limits", Map.of("connector", "diagnostics", "max_concurrent", "1"));
        HttpResponse<String> delete =
                user.submit("/ui/limits", "/ui/limits/delete", Map.of("connector", "diagnostics"));
        HttpResponse<String> pause = user.submit("/ui/schedules", "/ui/schedules/" + others + "/pause", Map.of());

        assertThat(set.statusCode()).isEqualTo(403);
        assertThat(delete.statusCode()).isEqualTo(403);
        assertThat(pause.statusCode()).isEqualTo(403);
        assertThat(api.json("GET", "/api/v1/admin/limits/diagnostics", TestInfrastructure.ADMIN_KEY, null)
                        .statusCode())
                .as("the refused form stored no limit")
                .isEqualTo(404);
        assertThat(scheduleJson(others).get("paused").asBoolean())
                .as("the refused form paused nothing")
                .isFalse();
        assertThat(user.get("/ui/schedules/" + others).statusCode()).isEqualTo(403);
    }

    @Test
    void bad_limit_input_is_answered_400_in_the_console_and_stores_nothing() throws Exception {
        ConsoleSession admin = signedIn(TestInfrastructure.ADMIN_KEY);
        String limit = "/api/v1/admin/limits/diagnostics/fail";

        for (Map<String, String> form : List.of(
                Map.of("connector", "diagnostics", "operation", "fail", "max_concurrent", "0"),
                Map.of("connector", "diagnostics", "operation", "fail", "max_concurrent", "three"),
                Map.of("connector", "diagnostics", "operation", "fail", "max_concurrent", "99999999999"),
                Map.of("connector", "diagnostics", "operation", "fail", "max_starts", "5"),
                Map.of("connector", "diagnostics", "operation", "fail"),
                Map.of("connector", "nosuch", "max_concurrent", "1"),
                Map.of("connector", "diagnostics", "operation", "nosuch", "max_concurrent", "1"),
                Map.of("max_concurrent", "1"))) {
            HttpResponse<String> answer = admin.submit("/ui/limits", "/ui/limits", form);
            assertThat(answer.statusCode()).as(form + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.body()).as(form.toString()).contains("class=\"error\"", "Sign out");
        }
        assertThat(admin.submit(
                                "/ui/limits",
                                "/ui/limits",
                                Map.of(
                                        "connector",
                                        "diagnostics",
                                        "max_concurrent",
                                        "-1",
                                        "max_starts",
                                        "5",
                                        "per_seconds",
                                        "999999"))
                        .body())
                .as("every problem is listed")
                .contains(
                        "max_concurrent must be between 1 and 100000, was -1",
                        "per_seconds must be between 1 and 86400, was 999999");
        assertThat(api.json("GET", limit, TestInfrastructure.ADMIN_KEY, null).statusCode())
                .as("nothing was stored")
                .isEqualTo(404);

        HttpResponse<String> set = admin.submit(
                "/ui/limits",
                "/ui/limits",
                Map.of("connector", "diagnostics", "operation", "fail", "max_starts", "7", "per_seconds", "60"));
        assertThat(set.statusCode()).isEqualTo(302);
        assertThat(api.body(api.json("GET", limit, TestInfrastructure.ADMIN_KEY, null))
                        .get("max_starts")
                        .asInt())
                .isEqualTo(7);
        assertThat(admin.get("/ui/limits").body())
                .contains("Set the limit of diagnostics · fail", "data-limit=\"diagnostics/fail\"", "7 per 60 s");
        assertThat(admin.submit(
                                "/ui/limits",
                                "/ui/limits/delete",
                                Map.of("connector", "diagnostics", "operation", "fail"))
                        .statusCode())
                .isEqualTo(302);
        assertThat(api.json("GET", limit, TestInfrastructure.ADMIN_KEY, null).statusCode())
                .isEqualTo(404);
        assertThat(admin.get("/ui/audit").body()).contains("limits.put", "limits.delete");
    }

    @Test
    void the_owner_pauses_and_resumes_its_schedule_from_the_console_and_the_api_shows_it() throws Exception {
        String owner = api.newKey("console-schedule-owner", "USER");
        String schedule = createSchedule(owner, "console-owned");
        String page = "/ui/schedules/" + schedule;
        ConsoleSession mine = signedIn(owner);
        assertThat(mine.get("/ui/schedules").body()).contains("console-owned");

        HttpResponse<String> paused = mine.submit(page, page + "/pause", Map.of());

        assertThat(paused.statusCode()).isEqualTo(302);
        assertThat(scheduleJson(schedule).get("paused").asBoolean()).isTrue();
        assertThat(mine.get(page).body()).contains("Paused: no tick runs", "id=\"resume\"");

        HttpResponse<String> resumed = mine.submit(page, page + "/resume", Map.of());

        assertThat(resumed.statusCode()).isEqualTo(302);
        assertThat(scheduleJson(schedule).get("paused").asBoolean()).isFalse();
        assertThat(scheduleJson(schedule).get("next_run_at").isNull()).isFalse();
        assertThat(mine.get(page).body()).contains("Resumed", "id=\"pause\"");
        assertThat(signedIn(TestInfrastructure.ADMIN_KEY).get("/ui/audit").body())
                .contains("schedule.pause", "schedule.resume", schedule);

        assertThat(mine.submit(page, page + "/delete", Map.of()).statusCode()).isEqualTo(302);
        assertThat(api.json("GET", "/api/v1/schedules/" + schedule, owner, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void an_admin_creates_a_key_seen_once_and_revokes_it() throws Exception {
        ConsoleSession admin = signedIn(TestInfrastructure.ADMIN_KEY);

        HttpResponse<String> created =
                admin.submit("/ui/api-keys", "/ui/api-keys", Map.of("name", "made-in-console", "role", "USER"));

        assertThat(created.statusCode()).isEqualTo(200);
        java.util.regex.Matcher key =
                java.util.regex.Pattern.compile("id=\"new-key\">([^<]+)<").matcher(created.body());
        assertThat(key.find()).as(created.body()).isTrue();
        assertThat(created.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(c -> assertThat(c).contains("no-store"));
        assertThat(api.json("GET", "/api/v1/admin/tasks", key.group(1), null).statusCode())
                .isEqualTo(200);
        assertThat(admin.get("/ui/api-keys").body()).contains("made-in-console").doesNotContain(key.group(1));
        assertThat(admin.get("/ui/audit").body()).contains("api_key.create");
    }

    @Test
    void a_revoked_job_is_re_driven_from_its_page_by_its_owner_but_not_by_another_user() throws Exception {
        String owner = api.newKey("console-owner", "USER");
        String job = submitSleep(owner);
        assertThat(api.json("POST", "/api/v1/admin/tasks/" + job + "/revoke", owner, "{}")
                        .statusCode())
                .isEqualTo(200);
        String page = "/ui/jobs/" + job;

        ConsoleSession other = signedIn(userKey);
        assertThat(other.get(page).body()).doesNotContain("id=\"redrive\"", "id=\"revoke\"");
        assertThat(other.submit(page, page + "/retry", Map.of()).statusCode()).isEqualTo(403);
        assertThat(status(job)).isEqualTo("REVOKED");

        ConsoleSession mine = signedIn(owner);
        assertThat(mine.get(page).body()).contains("id=\"redrive\"");
        assertThat(mine.submit(page, page + "/retry", Map.of("max_retries", "-1"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(mine.submit(page, page + "/retry", Map.of("max_retries", "99999999999999999999"))
                        .statusCode())
                .isEqualTo(400);
        assertThat(status(job)).as("refused forms changed nothing").isEqualTo("REVOKED");

        HttpResponse<String> redriven = mine.submit(page, page + "/retry", Map.of("max_retries", "2"));
        assertThat(redriven.statusCode()).isEqualTo(302);
        // The page left behind refreshes its live part while the form's request runs: that refresh
        // must not take the message meant for the page the form redirects to.
        assertThat(mine.refresh(page + "?shown=REVOKED").statusCode()).isEqualTo(200);
        assertThat(mine.get(page).body()).contains("Re-driven (was REVOKED): attempt 2 is PENDING, with 2 retries.");
        assertThat(status(job)).isIn("PENDING", "QUEUED");
        assertThat(signedIn(TestInfrastructure.ADMIN_KEY).get("/ui/audit").body())
                .contains("task.retry", job);
    }

    @Test
    void the_live_refresh_of_a_job_page_sends_its_actions_only_when_the_state_changed() throws Exception {
        String job = submitSleep(TestInfrastructure.ADMIN_KEY);
        ConsoleSession admin = signedIn(TestInfrastructure.ADMIN_KEY);
        // No worker runs here: once its publication is confirmed, the job stays QUEUED.
        String state = "QUEUED";
        await().atMost(Duration.ofSeconds(30)).until(() -> status(job).equals(state));

        HttpResponse<String> same = admin.refresh("/ui/jobs/" + job + "?shown=" + state);
        HttpResponse<String> changed = admin.refresh("/ui/jobs/" + job + "?shown=SUCCESS");

        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(same.body()).contains("id=\"live\"").doesNotContain("id=\"actions\"", "id=\"revoke\"");
        assertThat(changed.body())
                .contains("id=\"live\"", "id=\"actions\"", "hx-swap-oob=\"true\"", "id=\"revoke\"")
                .doesNotContain("id=\"redrive\"");
        assertThat(admin.get("/ui/jobs/" + job).body()).doesNotContain("hx-swap-oob");
    }

    private static String submitSleep(String key) throws Exception {
        return api.body(api.json(
                        "POST",
                        "/api/v1/jobs",
                        key,
                        "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":1}}"))
                .get("task_id")
                .asString();
    }

    /** A schedule of the echo job, with a secret-named param, that ticks once a year; its id. */
    private static String createSchedule(String key, String name) throws Exception {
        HttpResponse<String> created = api.json(
                "POST",
                "/api/v1/schedules",
                key,
                "{\"name\":\"" + name + "\",\"cron\":\"0 0 3 1 1 *\",\"job\":{\"connector\":\"diagnostics\","
                        + "\"operation\":\"echo\",\"params\":{\"x\":1,\"api_token\":\"s3cret-in-template\"}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return api.body(created).get("schedule_id").asString();
    }

    private static JsonNode scheduleJson(String id) throws Exception {
        return api.body(api.json("GET", "/api/v1/schedules/" + id, TestInfrastructure.ADMIN_KEY, null));
    }

    private static String status(String job) throws Exception {
        return api.body(api.json("GET", "/api/v1/admin/tasks/" + job + "/status", TestInfrastructure.ADMIN_KEY, null))
                .get("status")
                .asString();
    }

    private static HttpResponse<String> replay(String base, String session, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + path))
                                .header("Cookie", "SESSION=" + session)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
