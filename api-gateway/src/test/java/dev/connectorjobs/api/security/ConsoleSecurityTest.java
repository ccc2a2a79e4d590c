package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

        for (String page : new String[] {
            "/ui",
            "/ui/jobs",
            "/ui/jobs?status=PENDING&connector=diagnostics",
            "/ui/jobs/" + job,
            "/ui/active",
            "/ui/workers",
            "/ui/breakers",
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
        assertThat(mine.get(page).body()).contains("Re-driven (was REVOKED): attempt 2 is PENDING, with 2 retries.");
        assertThat(status(job)).isIn("PENDING", "QUEUED");
        assertThat(signedIn(TestInfrastructure.ADMIN_KEY).get("/ui/audit").body())
                .contains("task.retry", job);
    }

    @Test
    void the_live_refresh_of_a_job_page_sends_its_actions_only_when_the_state_changed() throws Exception {
        String job = submitSleep(TestInfrastructure.ADMIN_KEY);
        ConsoleSession admin = signedIn(TestInfrastructure.ADMIN_KEY);
        String state = status(job);

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
