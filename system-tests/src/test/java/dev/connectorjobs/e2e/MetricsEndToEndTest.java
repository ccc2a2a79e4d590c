package dev.connectorjobs.e2e;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.model.job.JobStatus;
import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Scrapes both services' {@code /actuator/prometheus} after a small run and holds them to
 * docs/metrics.md: every documented metric is there with its type, unit and labels, every {@code
 * jobs_*} metric published is documented, the counters count the run, and the ready backlog equals
 * what PostgreSQL says for a queue no worker consumes.
 */
class MetricsEndToEndTest {

    /** Queues of this class alone: the test database is shared with the other classes. */
    static final String WORK = "metrics-" + UUID.randomUUID().toString().substring(0, 8);

    static final String IDLE = "idle-" + UUID.randomUUID().toString().substring(0, 8);
    static final int IDLE_JOBS = 5;
    static final int CONCURRENCY = 8;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String WORKER_USER = "scraper";
    static final String WORKER_PASSWORD = "scraper-" + UUID.randomUUID();

    @RegisterExtension
    static final EndToEndSystem system = new EndToEndSystem();

    static ApiClient client;
    static ConfigurableApplicationContext worker;
    static Instant beforeIdleSubmissions;

    @BeforeAll
    static void smallRun() throws Exception {
        client = system.startApi(
                "jobs.api.queues=default," + WORK + "," + IDLE,
                "jobs.api.metrics.backlog-interval=200ms",
                "jobs.api.reaper.interval=200ms",
                "jobs.api.dispatch.sweep-interval=100ms",
                "jobs.api.dispatch.publish-grace=2s",
                "jobs.api.dispatch.confirm-interval=200ms");
        worker = system.startWorker(
                "jobs.worker.id=metrics-worker",
                "jobs.worker.queues=" + WORK,
                "jobs.worker.concurrency=" + CONCURRENCY,
                "jobs.worker.retry.base=300ms",
                // The worker has no Spring Security; in this JVM the api-gateway's is on the class
                // path and guards the worker's actuator with Boot's default user, named here.
                "spring.security.user.name=" + WORKER_USER,
                "spring.security.user.password=" + WORKER_PASSWORD);

        List<String> ids = new ArrayList<>();
        ids.add(client.submit(job(WORK, "echo", "{}")));
        ids.add(client.submit(job(WORK, "fail", "{\"times\":1}")));
        ids.add(client.submit(job(WORK, "fail", "{\"times\":-1},\"max_retries\":0")));
        HttpResponse<String> batch = client.send(
                "POST",
                "/api/v1/jobs:batch",
                "{\"jobs\":[" + job(WORK, "echo", "{}") + "," + job(WORK, "echo", "{}") + "]}");
        assertThat(batch.statusCode()).as(batch.body()).isBetween(200, 299);
        ApiClient.JSON.readTree(batch.body()).findValues("task_id").forEach(id -> ids.add(id.asString()));
        assertThat(ids).hasSize(5);

        beforeIdleSubmissions = Instant.now();
        for (int i = 0; i < IDLE_JOBS; i++) {
            client.submit(job(IDLE, "echo", "{}"));
        }
        String revoked = client.submit(job(IDLE, "echo", "{}"));
        assertThat(client.revoke(revoked, "metrics test").statusCode()).isEqualTo(200);
        UUID poisoned = aLostJob(IDLE);

        for (String id : ids) {
            client.awaitTerminal(id);
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(JobRows.job(poisoned).status()).isEqualTo("FAILURE"));
    }

    @Test
    void both_services_publish_every_documented_metric_with_its_type_unit_and_labels() throws Exception {
        List<Documented> documented = documentedMetrics();
        assertThat(documented).hasSizeGreaterThanOrEqualTo(20);
        Scrape api = await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape(client.baseUrl(), true), s -> s.has("jobs_ready", Map.of("queue", IDLE)));
        Scrape workerScrape = scrape(workerUrl(), false);

        for (Documented metric : documented) {
            for (String service : metric.services()) {
                Scrape scrape = service.equals("worker") ? workerScrape : api;
                scrape.assertPublishes(metric, service);
            }
        }
        api.assertOnlyDocumented(documented, "api-gateway");
        workerScrape.assertOnlyDocumented(documented, "worker");
    }

    @Test
    void the_counters_and_timers_count_the_run() throws Exception {
        // A job's row is visible a moment before the service that wrote it has counted it.
        Scrape api = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> scrape(client.baseUrl(), true),
                        s -> s.value("jobs_poisoned_total", Map.of("queue", IDLE)) == 1);
        Scrape w = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> scrape(workerUrl(), false),
                        s -> s.value("jobs_end_to_end_seconds_count", kind(WORK, null, "success")) == 4
                                && s.value("jobs_end_to_end_seconds_count", kind(WORK, null, "failure")) == 1);

        assertThat(api.value("jobs_submitted_total", kind(WORK, "echo", null))).isEqualTo(3);
        assertThat(api.value("jobs_submitted_total", kind(WORK, "fail", null))).isEqualTo(2);
        assertThat(api.value("jobs_submitted_total", kind(IDLE, "echo", null))).isEqualTo(IDLE_JOBS + 1);
        assertThat(api.value("jobs_finished_total", kind(IDLE, "echo", "revoked")))
                .isEqualTo(1);
        assertThat(api.value("jobs_reaped_total", Map.of("queue", IDLE))).isEqualTo(1);
        assertThat(api.value("jobs_poisoned_total", Map.of("queue", IDLE))).isEqualTo(1);
        assertThat(api.value("jobs_reaped_total", Map.of("queue", WORK))).isZero();

        assertThat(w.value("jobs_started_total", kind(WORK, "echo", null))).isEqualTo(3);
        assertThat(w.value("jobs_started_total", kind(WORK, "fail", null))).isEqualTo(3);
        assertThat(w.value("jobs_finished_total", kind(WORK, "echo", "success")))
                .isEqualTo(3);
        assertThat(w.value("jobs_finished_total", kind(WORK, "fail", "success")))
                .isEqualTo(1);
        assertThat(w.value("jobs_finished_total", kind(WORK, "fail", "failure")))
                .isEqualTo(1);
        assertThat(w.value("jobs_retried_total", kind(WORK, "fail", null))).isEqualTo(1);
        assertThat(w.value("jobs_run_seconds_count", kind(WORK, "fail", "retry")))
                .isEqualTo(1);
        assertThat(w.value(
                        "jobs_deferred_total", Map.of("queue", WORK, "connector", "diagnostics", "reason", "breaker")))
                .isZero();
        assertThat(w.value("jobs_queue_wait_seconds_count", Map.of("queue", WORK, "connector", "diagnostics")))
                .isEqualTo(6);
        assertThat(w.value("jobs_end_to_end_seconds_count", kind(WORK, null, "failure")))
                .isEqualTo(1);
        assertThat(w.value("jobs_worker_slots", Map.of("state", "total"))).isEqualTo(CONCURRENCY);
        assertThat(w.value("jobs_worker_stuck_threads", Map.of())).isZero();
    }

    @Test
    void the_ready_backlog_of_a_queue_no_worker_consumes_is_what_postgresql_counts() throws Exception {
        Map<String, String> idle = Map.of("queue", IDLE, "connector", "diagnostics");
        Scrape api = await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape(client.baseUrl(), true), s -> s.value("jobs_ready", idle) == IDLE_JOBS);
        Instant scraped = Instant.now();

        Long inPostgres = new JdbcTemplate(TestDatabase.get().dataSource())
                .queryForObject(
                        "SELECT count(*) FROM jobs WHERE queue = ? AND status IN ('PENDING', 'QUEUED')",
                        Long.class,
                        IDLE);
        assertThat(inPostgres).isEqualTo(IDLE_JOBS);
        assertThat(api.value("jobs_ready", idle)).isEqualTo(inPostgres.doubleValue());
        assertThat(api.value("jobs_ready_oldest_age_seconds", idle))
                .isPositive()
                .isLessThanOrEqualTo(
                        Duration.between(beforeIdleSubmissions, scraped).toMillis() / 1000.0 + 0.001);
        assertThat(api.value("jobs_running", idle)).isZero();
        assertThat(api.value("jobs_retry_waiting", idle)).isZero();
        assertThat(api.value("jobs_held", Map.of("queue", IDLE, "connector", "diagnostics", "reason", "breaker")))
                .isZero();
    }

    // --- the run -------------------------------------------------------------------------------

    private static String job(String queue, String operation, String paramsAndMore) {
        return "{\"connector\":\"diagnostics\",\"operation\":\"" + operation + "\",\"queue\":\"" + queue
                + "\",\"params\":" + paramsAndMore + "}";
    }

    /** A running job whose worker vanished for the third time: the reaper fails it as poison. */
    private static UUID aLostJob(String queue) {
        JobFixture job = aJob().queue(queue).status(JobStatus.STARTED).insert();
        new JdbcTemplate(TestDatabase.get().dataSource()).update("""
                        UPDATE jobs SET worker_id = 'vanished', started_at = now() - interval '1 minute',
                                        lease_expires_at = now() - interval '1 second', lost_count = 2
                         WHERE id = ?
                        """, job.id());
        return job.id();
    }

    private static Map<String, String> kind(String queue, String operation, String outcome) {
        Map<String, String> labels = new TreeMap<>(Map.of("queue", queue, "connector", "diagnostics"));
        if (operation != null) {
            labels.put("operation", operation);
        }
        if (outcome != null) {
            labels.put("outcome", outcome);
        }
        return labels;
    }

    private static String workerUrl() {
        return "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port");
    }

    // --- the documentation ---------------------------------------------------------------------

    /** A row of docs/metrics.md's table. */
    record Documented(String name, String type, Set<String> labels, List<String> services) {}

    private static final Pattern ROW =
            Pattern.compile("^\\| `(jobs_[a-z_]+)` \\| (counter|gauge|histogram) \\| ([^|]*) \\| ([^|]*) \\|");

    static List<Documented> documentedMetrics() throws Exception {
        List<Documented> rows = new ArrayList<>();
        for (String line : Files.readAllLines(docs())) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                Set<String> labels = new TreeSet<>();
                Matcher label = Pattern.compile("`([a-z_]+)`").matcher(m.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
                List<String> services =
                        Arrays.stream(m.group(4).split(",")).map(String::trim).toList();
                assertThat(services).as(line).isNotEmpty().allMatch(s -> s.equals("worker") || s.equals("api-gateway"));
                rows.add(new Documented(m.group(1), m.group(2), labels, services));
            }
        }
        return rows;
    }

    private static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/metrics.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/metrics.md above the working directory").isNotNull();
        return dir.resolve("docs/metrics.md");
    }

    // --- the scrape ----------------------------------------------------------------------------

    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Scrape scrape(String base, boolean withKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"));
        request.header(
                "Authorization",
                withKey
                        ? TestInfrastructure.ADMIN_AUTHORIZATION
                        : "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((WORKER_USER + ":" + WORKER_PASSWORD)
                                                .getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> types = new TreeMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : response.body().lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            } else if (!line.startsWith("#") && !line.isBlank()) {
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                Map<String, String> labels = new TreeMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
        }
        return new Scrape(types, samples);
    }

    record Scrape(Map<String, String> types, List<Sample> samples) {

        boolean has(String name, Map<String, String> labels) {
            return samples.stream()
                    .anyMatch(
                            s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
        }

        /** The value of the one sample named {@code name} with exactly {@code labels}; -1 when absent. */
        double value(String name, Map<String, String> labels) {
            List<Sample> matching = samples.stream()
                    .filter(s -> s.name().equals(name) && s.labels().equals(new TreeMap<>(labels)))
                    .toList();
            assertThat(matching).as("%s%s", name, labels).hasSizeLessThanOrEqualTo(1);
            return matching.isEmpty() ? -1 : matching.getFirst().value();
        }

        private Set<Set<String>> labelSets(String name) {
            return samples.stream()
                    .filter(s -> s.name().equals(name))
                    .map(s -> (Set<String>) new TreeSet<>(s.labels().keySet()))
                    .collect(Collectors.toSet());
        }

        void assertPublishes(Documented metric, String service) {
            String what = metric.name() + " on the " + service;
            switch (metric.type()) {
                case "counter" -> {
                    assertThat(metric.name()).as(what).endsWith("_total");
                    String family = metric.name().substring(0, metric.name().length() - "_total".length());
                    assertThat(types.getOrDefault(metric.name(), types.get(family)))
                            .as(what)
                            .isEqualTo("counter");
                    assertThat(labelSets(metric.name())).as(what).containsExactly(metric.labels());
                }
                case "gauge" -> {
                    assertThat(types.get(metric.name())).as(what).isEqualTo("gauge");
                    assertThat(labelSets(metric.name())).as(what).containsExactly(metric.labels());
                }
                case "histogram" -> {
                    assertThat(metric.name()).as(what).endsWith("_seconds");
                    assertThat(types.get(metric.name())).as(what).isEqualTo("histogram");
                    Set<String> withLe = new TreeSet<>(metric.labels());
                    withLe.add("le");
                    assertThat(labelSets(metric.name() + "_bucket")).as(what).containsExactly(withLe);
                    assertThat(labelSets(metric.name() + "_count")).as(what).containsExactly(metric.labels());
                    assertThat(labelSets(metric.name() + "_sum")).as(what).containsExactly(metric.labels());
                    Set<String> buckets = samples.stream()
                            .filter(s -> s.name().equals(metric.name() + "_bucket"))
                            .map(s -> s.labels().get("le"))
                            .collect(Collectors.toCollection(TreeSet::new));
                    assertThat(buckets)
                            .as(what)
                            .contains(
                                    "0.1", "0.5", "1.0", "5.0", "15.0", "30.0", "60.0", "120.0", "300.0", "900.0",
                                    "+Inf");
                }
                default -> throw new IllegalArgumentException(metric.type());
            }
        }

        /** Every {@code jobs_*} sample of this service belongs to a documented metric (or a listed older one). */
        void assertOnlyDocumented(List<Documented> documented, String service) {
            Set<String> names = new TreeSet<>();
            for (Documented d : documented) {
                if (d.services().contains(service)) {
                    names.add(d.name());
                    if (d.type().equals("histogram")) {
                        List.of("_bucket", "_count", "_sum", "_max").forEach(suffix -> names.add(d.name() + suffix));
                    }
                }
            }
            Set<String> undocumented = samples.stream()
                    .map(Sample::name)
                    .filter(n -> n.startsWith("jobs_"))
                    .filter(n -> !n.startsWith("jobs_group_commit_") && !n.startsWith("jobs_webhooks_"))
                    .filter(n -> !names.contains(n))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(undocumented)
                    .as("jobs_* metrics of the " + service + " missing from docs/metrics.md")
                    .isEmpty();
        }
    }
}
