package dev.connectorjobs.bench;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures how long the console's overview takes with a million jobs in the table, and prints it:
 * a measurement, not a test (it asserts nothing about time, and seeding takes minutes), so it runs
 * only when asked:
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl bench -am verify -Dtest=ConsoleOverviewTiming -Dconsole.timing=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The table holds {@code -Dconsole.timing.jobs} (default 1,000,000) finished jobs over 30 days
 * ({@link HistorySeeder}, one attempt each), {@code -Dconsole.timing.hour} (default 20,000) finished in
 * the last hour with one attempt each,
 * and {@code -Dconsole.timing.backlog} (default 10,000) unfinished ones. Times are measured on the
 * client over loopback, so they bound the server's time from above; the overview's chart cache is
 * off unless {@code -Dconsole.timing.cache=10s} (the default of the application), so every request
 * runs every query.
 */
@EnabledIfSystemProperty(named = "console.timing", matches = "true", disabledReason = "a measurement; see Javadoc")
class ConsoleOverviewTiming {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @Test
    void overview_with_a_million_jobs() throws Exception {
        long jobs = Long.getLong("console.timing.jobs", 1_000_000);
        long hour = Long.getLong("console.timing.hour", 20_000);
        long backlog = Long.getLong("console.timing.backlog", 10_000);
        ConfigurableApplicationContext api = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.api.console.overview-cache-ttl=" + System.getProperty("console.timing.cache", "0s"),
                        "jobs.api.metrics.backlog-interval=1s",
                        "jobs.api.dispatch.sweep-interval=1h",
                        "jobs.api.dispatch.publish-grace=3h",
                        "jobs.api.dispatch.confirm-interval=1h",
                        // The seeded history spans 30 days: retention must not delete it while we measure.
                        "jobs.api.retention.finished-jobs=400d"));
        try (Connection db = DriverManager.getConnection(
                TestDatabase.get().url(),
                TestDatabase.get().user(),
                TestDatabase.get().password())) {
            Instant now = Instant.now();
            long present = HistorySeeder.estimatedJobs(db);
            HistorySeeder.seed(db, present, HistorySeeder.missing(jobs, present), now);
            try (Statement sql = db.createStatement()) {
                sql.execute(rows(hour, "'SUCCESS'", "now() - interval '1 hour'"));
                sql.execute("""
                        INSERT INTO job_attempts (job_id, attempt, worker_id, started_at, finished_at, outcome,
                                                  duration_ms)
                        SELECT id, 1, 'timing-worker', started_at, finished_at, 'SUCCESS', 1000
                          FROM jobs WHERE correlation_id = 'timing' AND status = 'SUCCESS'
                        """);
                sql.execute(rows(backlog, "(ARRAY['PENDING','QUEUED','RETRY','STARTED'])[1 + g % 4]", "NULL"));
                sql.execute("VACUUM ANALYZE jobs");
                sql.execute("VACUUM ANALYZE job_attempts");
                try (ResultSet count = sql.executeQuery("SELECT count(*) FROM jobs")) {
                    count.next();
                    System.out.printf("jobs in the table: %d%n", count.getLong(1));
                }
            }
            String base = "http://127.0.0.1" + ":" + api.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            signIn(http, base);
            Thread.sleep(2000); // one backlog reading
            List<Double> millis = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long start = System.nanoTime();
                HttpResponse<String> page = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/ui")).build(), HttpResponse.BodyHandlers.ofString());
                double took = (System.nanoTime() - start) / 1e6;
                if (page.statusCode() != 200) {
                    throw new IllegalStateException("overview answered " + page.statusCode());
                }
                if (i >= 10) {
                    millis.add(took);
                }
            }
            Collections.sort(millis);
            System.out.printf(
                    "overview, %d requests after 10 warm-up: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n",
                    millis.size(),
                    millis.get(millis.size() / 2),
                    millis.get((int) (millis.size() * 0.95)),
                    millis.getLast());
            try (Statement sql = db.createStatement();
                    ResultSet plan = sql.executeQuery("EXPLAIN (ANALYZE, BUFFERS) "
                            + dev.connectorjobs.api.job.JobActivity.QUERY.replace(
                                    ":from", "date_trunc('minute', now()) - interval '60 minutes'"))) {
                while (plan.next()) {
                    System.out.println(plan.getString(1));
                }
            }
        } finally {
            api.close();
        }
    }

    /** {@code n} jobs in {@code status}, created over the last hour, finished at creation plus up to 2 s. */
    private static String rows(long n, String status, String finished) {
        return """
                INSERT INTO jobs (id, queue, connector, operation, status, attempt, max_retries, timeout_seconds,
                                  correlation_id, created_at, updated_at, started_at, finished_at, next_attempt_at)
                SELECT (substr(m, 1, 8) || '-' || substr(m, 9, 4) || '-7' || substr(gen_random_uuid()::text, 16))::uuid,
                       'default', 'diagnostics', 'echo', %1$s, 1, 3, 60, 'timing', c, c, c + interval '1 second',
                       CASE WHEN %2$s IS NULL THEN NULL ELSE c + random() * interval '2 seconds' END,
                       CASE WHEN %1$s = 'RETRY' THEN c + interval '1 hour' END
                  FROM (SELECT g, c, lpad(to_hex((extract(epoch FROM c) * 1000)::bigint), 12, '0') AS m
                          FROM (SELECT g, now() - interval '1 hour' + (g * interval '3600 seconds') / %3$d AS c
                                  FROM generate_series(1, %3$d) AS g) t) s
                """.formatted(status, finished, n);
    }

    private static void signIn(HttpClient http, String base) throws Exception {
        HttpResponse<String> form = http.send(
                HttpRequest.newBuilder(URI.create(base + "/ui/sign-in")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = CSRF.matcher(form.body());
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        String body = "api_key=" + URLEncoder.encode(TestInfrastructure.ADMIN_KEY, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/ui/sign-in"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
