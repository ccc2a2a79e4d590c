package dev.connectorjobs.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.e2e.ApiClient;
import dev.connectorjobs.e2e.EndToEndSystem;
import dev.connectorjobs.testing.TestInfrastructure;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations console in a real headless Chromium, against an api-gateway and two workers on
 * real PostgreSQL and Kafka: one stack and one browser for the class. The tests also write the
 * screenshots shown in README and docs/console.md into {@code docs/images/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final Duration LIVE = Duration.ofSeconds(30);

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static ApiClient api;
    static ChromeDriver browser;
    static String base;
    static String userKey;

    @BeforeAll
    static void start() throws Exception {
        Chromium.requireInstalled();
        api = system.startApi(
                "jobs.api.queues=default,console-held,console-unserved",
                "jobs.api.dispatch.sweep-interval=200ms",
                // Jobs stay PENDING until a worker claims them, so the list shows them PENDING first.
                "jobs.api.dispatch.confirm-interval=1h",
                "jobs.api.dispatch.publish-grace=3h",
                "jobs.api.dispatch.republish-after=4h",
                "jobs.api.timeouts.diagnostics.sleep=300",
                "jobs.api.metrics.backlog-interval=1s",
                "jobs.api.console.poll-interval=500ms",
                "jobs.api.console.overview-cache-ttl=0s",
                // The schedule of the schedules step ticks every 5 s, so that its page shows a run soon.
                "jobs.api.schedules.min-interval=5s");
        base = api.baseUrl();
        system.startWorker("jobs.worker.id=console-worker-1", "jobs.worker.queues=default");
        system.startWorker("jobs.worker.id=console-worker-2", "jobs.worker.queues=default");
        HttpResponse<String> key =
                api.send("POST", "/api/v1/admin/api-keys", "{\"name\":\"console-reader\",\"role\":\"USER\"}");
        userKey = JsonMapper.builder().build().readTree(key.body()).get("key").asString();
        browser = Chromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void a_submitted_job_goes_from_pending_to_success_on_the_open_jobs_page_without_a_reload() throws Exception {
        signIn(TestInfrastructure.ADMIN_KEY);
        browser.get(base + "/ui/jobs");
        js("window.notReloaded = true");

        String id = api.submit("{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":300},"
                + "\"queue\":\"console-held\"}");
        await().atMost(LIVE)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(rowState(id)).isEqualTo("PENDING"));
        system.startWorker("jobs.worker.id=console-worker-held", "jobs.worker.queues=console-held");
        await().atMost(LIVE)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(rowState(id)).isEqualTo("SUCCESS"));

        assertThat(js("return window.notReloaded === true")).isEqualTo(true);
        for (int i = 0; i < 6; i++) {
            api.submit("{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":" + (50 * i) + "}}");
        }
        await().atMost(LIVE)
                .ignoreExceptions()
                .until(() -> browser.findElements(By.cssSelector("#rows .state-success"))
                                .size()
                        >= 7);
        screenshot("console-jobs");
        browser.get(base + "/ui/jobs/" + id);
        assertThat(browser.findElement(By.id("job-state")).getText()).isEqualTo("SUCCESS");
        assertThat(browser.findElement(By.cssSelector(".timeline")).getText()).contains("console-worker-held");
        assertThat(browser.findElements(By.cssSelector("[hx-trigger]")))
                .as("a finished job stops polling")
                .isEmpty();
        screenshot("console-job");

        browser.get(base + "/ui");
        await().atMost(LIVE)
                .ignoreExceptions()
                .until(() -> !browser.findElements(By.cssSelector("#chart-throughput .uplot"))
                        .isEmpty());
        assertThat(scriptBytes()).as("script bytes of the overview").isLessThan(300 * 1024);
        screenshot("console-overview");
        browser.manage().window().setSize(new Dimension(412, 900));
        browser.navigate().refresh();
        screenshot("console-overview-narrow");
        browser.manage().window().setSize(new Dimension(1280, 800));
    }

    @Test
    @Order(2)
    void a_running_sleep_job_is_revoked_from_its_page() throws Exception {
        signIn(TestInfrastructure.ADMIN_KEY);
        String id = api.submit("{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":120000}}");
        browser.get(base + "/ui/jobs/" + id);
        await().atMost(LIVE)
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.id("job-state")).getText())
                                .isEqualTo("STARTED"));
        browser.get(base + "/ui/active");
        await().atMost(LIVE)
                .ignoreExceptions()
                .untilAsserted(() ->
                        assertThat(browser.findElement(By.id("live")).getText()).contains(id));
        screenshot("console-active");
        browser.get(base + "/ui/workers");
        screenshot("console-workers");

        browser.get(base + "/ui/jobs/" + id);
        WebElement reason = browser.findElement(By.name("reason"));
        reason.sendKeys("stopped from the console");
        // The page refreshes its live part every 500 ms: what is typed must outlive a few refreshes.
        js("window.refreshes = 0; document.body.addEventListener('htmx:afterSwap', () => window.refreshes++)");
        await().atMost(LIVE).until(() -> ((Number) js("return window.refreshes")).intValue() >= 3);
        assertThat(reason.getAttribute("value")).isEqualTo("stopped from the console");
        browser.findElement(By.id("revoke")).click();
        confirm();

        await().atMost(LIVE)
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.id("job-state")).getText())
                                .isEqualTo("REVOKED"));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("Revoked (was STARTED)");
        assertThat(api.status(id).get("status").asString()).isEqualTo("REVOKED");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("stopped from the console");
        assertThat(browser.findElements(By.id("revoke"))).isEmpty();

        // Run it again from the same page: the re-driven job starts, and the page shows the revoke again.
        browser.findElement(By.id("redrive")).click();
        confirm();
        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.id("job-state")).getText()).isEqualTo("STARTED");
            assertThat(browser.findElement(By.id("revoke")).isDisplayed()).isTrue();
        });
        assertThat(browser.findElement(By.cssSelector(".timeline")).getText()).contains("Attempt 2");
        screenshot("console-job-redriven");
        browser.findElement(By.id("revoke")).click();
        confirm();
        await().atMost(LIVE)
                .ignoreExceptions()
                .untilAsserted(() ->
                        assertThat(api.status(id).get("status").asString()).isEqualTo("REVOKED"));
    }

    @Test
    @Order(3)
    void an_admin_force_opens_and_resets_a_breaker_and_sees_both_workers_views_change() throws Exception {
        signIn(TestInfrastructure.ADMIN_KEY);
        browser.get(base + "/ui/breakers");

        clickBreakerButton("external_api", "force-open");
        confirm();

        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("force-open external_api: 2 of 2 workers applied it");
            assertThat(workerViews("external_api")).containsExactly("forced open", "forced open");
        });
        screenshot("console-breakers");

        clickBreakerButton("external_api", "reset");

        await().atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.tagName("main")).getText())
                    .contains("reset external_api: 2 of 2 workers applied it");
            assertThat(workerViews("external_api")).containsExactly("closed", "closed");
        });
        browser.get(base + "/ui/api-keys");
        screenshot("console-api-keys");
        browser.get(base + "/ui/audit");
        assertThat(browser.findElement(By.tagName("table")).getText()).contains("breaker.force-open", "breaker.reset");
        screenshot("console-audit");
    }

    @Test
    @Order(4)
    void a_user_sees_no_admin_buttons_and_forged_or_token_less_posts_are_refused() throws Exception {
        signIn(userKey);
        browser.get(base + "/ui/breakers");

        assertThat(browser.findElements(By.cssSelector("button[data-action]"))).isEmpty();
        assertThat(browser.findElement(By.tagName("nav")).getText()).doesNotContain("API keys", "Audit log");

        // A forged form with the session's valid CSRF token (taken from the sign-out form): the role decides.
        boolean forcedOpen = api.get("/api/v1/admin/health/circuit-breakers/external_api")
                .get("forced_open")
                .asBoolean();
        postForm("/ui/breakers/external_api/force-open", true);
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("403");
        assertThat(api.get("/api/v1/admin/health/circuit-breakers/external_api")
                        .get("forced_open")
                        .asBoolean())
                .as("the refused post changed nothing")
                .isEqualTo(forcedOpen);

        // A form without the token: refused before any handler runs, whatever the role.
        String own = submitAs(userKey);
        browser.get(base + "/ui/jobs/" + own);
        postForm("/ui/jobs/" + own + "/revoke", false);
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("403");
        assertThat(api.status(own).get("status").asString()).isNotEqualTo("REVOKED");
    }

    @Test
    @Order(5)
    void an_admin_sets_a_limit_and_pauses_a_schedule_on_their_pages() throws Exception {
        HttpResponse<String> created = api.send(
                "POST",
                "/api/v1/schedules",
                "{\"name\":\"echo every 5 s\",\"cron\":\"*/5 * * * * *\",\"time_zone\":\"Europe/Berlin\","
                        + "\"job\":{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{\"hello\":\"world\"}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String schedule = JsonMapper.builder()
                .build()
                .readTree(created.body())
                .get("schedule_id")
                .asString();
        signIn(TestInfrastructure.ADMIN_KEY);

        browser.get(base + "/ui/limits");
        new Select(browser.findElement(By.name("connector"))).selectByValue("diagnostics");
        new Select(browser.findElement(By.name("operation"))).selectByValue("fail");
        browser.findElement(By.name("max_concurrent")).sendKeys("2");
        browser.findElement(By.name("max_starts")).sendKeys("30");
        browser.findElement(By.name("per_seconds")).sendKeys("60");
        browser.findElement(By.id("set")).click();
        await().atMost(LIVE)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(browser.findElement(By.cssSelector("tr[data-limit='diagnostics/fail']"))
                                .getText())
                        .contains("diagnostics · fail", "30 per 60 s", "set at run time"));
        assertThat(api.get("/api/v1/admin/limits/diagnostics/fail")
                        .get("max_concurrent")
                        .asInt())
                .isEqualTo(2);
        screenshot("console-limits");

        browser.get(base + "/ui/schedules/" + schedule);
        // The page has no live part: reload it until the first tick's run is listed.
        await().atMost(LIVE)
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    browser.navigate().refresh();
                    assertThat(browser.findElement(By.tagName("table")).getText())
                            .contains("ENQUEUED");
                });
        browser.findElement(By.id("pause")).click();
        await().atMost(LIVE)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(
                                browser.findElement(By.id("schedule-state")).getText())
                        .isEqualTo("paused"));
        assertThat(api.get("/api/v1/schedules/" + schedule).get("paused").asBoolean())
                .isTrue();
        browser.get(base + "/ui/schedules");
        assertThat(browser.findElement(By.cssSelector("tr[data-schedule='" + schedule + "']"))
                        .getText())
                .contains("echo every 5 s", "paused", "diagnostics · echo", "ENQUEUED");
        screenshot("console-schedules");
    }

    // ---------------------------------------------------------------------------------------------

    private static void signIn(String key) {
        browser.get(base + "/ui/sign-in");
        if (!browser.findElements(By.cssSelector("form[action='/ui/sign-out'] button"))
                .isEmpty()) {
            browser.findElement(By.cssSelector("form[action='/ui/sign-out'] button"))
                    .click();
            browser.get(base + "/ui/sign-in");
        }
        browser.findElement(By.id("api_key")).sendKeys(key);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        await().atMost(LIVE)
                .ignoreExceptions()
                .until(() -> browser.getCurrentUrl().endsWith("/ui"));
    }

    /** Accepts the confirmation the console asks for before a dangerous action. */
    private static void confirm() {
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.alertIsPresent())
                .accept();
    }

    private static @Nullable String rowState(String id) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#rows tr[data-job='" + id + "'] .badge"));
        return rows.isEmpty() ? null : rows.getFirst().getText();
    }

    /**
     * Clicks a breaker's button. The page refreshes its rows while it is open, so a button found just
     * before a refresh is stale by the click: find it again until a click lands.
     */
    private static void clickBreakerButton(String breaker, String action) {
        await().atMost(LIVE)
                .ignoreException(StaleElementReferenceException.class)
                .until(() -> {
                    browser.findElement(By.cssSelector(
                                    "tr[data-breaker='" + breaker + "'] button[data-action='" + action + "']"))
                            .click();
                    return true;
                });
    }

    private static List<String> workerViews(String breaker) {
        return browser.findElements(By.cssSelector("tr[data-breaker='" + breaker + "'] .worker-state")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** Builds and submits a form the page does not offer, with or without the page's CSRF token. */
    private static void postForm(String action, boolean withToken) {
        js("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                if (arguments[1]) {
                  const token = document.querySelector('input[name=_csrf]');
                  form.appendChild(token.cloneNode());
                }
                document.body.appendChild(form);
                form.submit();
                """, action, withToken);
        await().atMost(LIVE)
                .ignoreExceptions()
                .until(() -> browser.getCurrentUrl().endsWith(action));
    }

    private static String submitAs(String key) throws Exception {
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/jobs"))
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"connector\":\"diagnostics\",\"operation\":\"sleep\","
                                                + "\"params\":{\"ms\":1},\"queue\":\"console-unserved\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JsonMapper.builder()
                .build()
                .readTree(response.body())
                .get("task_id")
                .asString();
    }

    private static long scriptBytes() {
        Object bytes = js("""
                return performance.getEntriesByType('resource')
                    .filter(r => r.initiatorType === 'script')
                    .reduce((sum, r) => sum + r.decodedBodySize, 0);
                """);
        return ((Number) bytes).longValue();
    }

    private static @Nullable Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** Writes the viewport as {@code docs/images/<name>.png} of the repository. */
    private static void screenshot(String name) throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root.getParent() != null && !Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        Path images = Files.createDirectories(root.resolve("docs/images"));
        Files.write(images.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
