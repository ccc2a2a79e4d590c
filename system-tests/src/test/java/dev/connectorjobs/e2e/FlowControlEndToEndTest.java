package dev.connectorjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Flow control across the whole system: cluster-wide limits enforced by several workers, fairness
 * between API keys and priorities under a backlog. Order and counts are asserted, never timings.
 */
class FlowControlEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final EndToEndSystem system = new EndToEndSystem();

    private final JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.get().dataSource());

    @AfterEach
    void removeLimits() {
        // The database outlives this class; a limit left behind would hold back other tests' jobs.
        jdbc.update("DELETE FROM connector_limits");
    }

    @Test
    void two_workers_with_256_slots_each_never_run_more_than_3_jobs_of_a_connector_limited_to_3() throws Exception {
        ApiClient api = system.startApi();
        HttpResponse<String> put = api.send("PUT", "/api/v1/admin/limits/diagnostics", "{\"max_concurrent\": 3}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        // A worker reads the limits as it starts (and every second after).
        List<MeterRegistry> registries = List.of(
                system.startWorker("jobs.worker.id=limit-a", "jobs.worker.concurrency=256")
                        .getBean(MeterRegistry.class),
                system.startWorker("jobs.worker.id=limit-b", "jobs.worker.concurrency=256")
                        .getBean(MeterRegistry.class));

        List<UUID> ids = submitBatch(api.baseUrl(), adminKey(), 40, "{\"ms\": 150}", 5);
        ids.forEach(FlowControlEndToEndTest::awaitSuccess);

        List<JobRows.AttemptRow> ran = ran(ids);
        assertThat(ran).hasSize(40);
        assertThat(maxOverlap(ran)).as("most attempts running at once").isEqualTo(3);
        assertThat(ids.stream().map(JobRows::job).mapToInt(JobRows.JobRow::retriesUsed))
                .as("a deferral spends no retry")
                .containsOnly(0);
        assertThat(ids.stream().flatMap(id -> JobRows.attempts(id).stream()))
                .as("jobs that found the limit full were deferred, not run")
                .anySatisfy(a -> {
                    assertThat(a.outcome()).isEqualTo("DEFERRED");
                    assertThat(a.errorType()).isEqualTo("ConcurrencyLimitReached");
                });
        long deferred = ids.stream()
                .flatMap(id -> JobRows.attempts(id).stream())
                .filter(a -> "ConcurrencyLimitReached".equals(a.errorType()))
                .count();
        assertThat(registries.stream()
                        .flatMap(r -> r.find("jobs.deferred").tag("reason", "limit").counters().stream())
                        .mapToDouble(Counter::count)
                        .sum())
                .as("jobs_deferred_total{reason=limit} of both workers: the deferred attempts PostgreSQL records")
                .isEqualTo((double) deferred);
    }

    @Test
    void a_start_limit_never_lets_more_jobs_start_within_its_window_than_it_allows() throws Exception {
        ApiClient api = system.startApi();
        HttpResponse<String> put =
                api.send("PUT", "/api/v1/admin/limits/diagnostics/echo", "{\"max_starts\": 4, \"per_seconds\": 1}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        system.startWorker("jobs.worker.id=rate-a");
        system.startWorker("jobs.worker.id=rate-b");

        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            ids.add(UUID.fromString(api.submit("{\"connector\":\"diagnostics\",\"operation\":\"echo\"}")));
        }
        ids.forEach(FlowControlEndToEndTest::awaitSuccess);

        List<Instant> starts =
                ran(ids).stream().map(JobRows.AttemptRow::startedAt).sorted().toList();
        for (int i = 0; i + 4 < starts.size(); i++) {
            assertThat(Duration.between(starts.get(i), starts.get(i + 4)))
                    .as("the 5th start after start %d is outside the 1 s window", i)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void a_small_tenant_s_jobs_start_long_before_a_large_tenant_s_backlog_has_drained() throws Exception {
        ApiClient api = system.startApi("jobs.api.dispatch.window.minimum=4", "jobs.api.dispatch.window.per-slot=0");
        system.startWorker("jobs.worker.id=fair", "jobs.worker.concurrency=2");
        String big = createKey(api, "tenant-big");
        String small = createKey(api, "tenant-small");

        List<UUID> flood = submitBatch(api.baseUrl(), big, 200, "{\"ms\": 20}", 5);
        List<UUID> few = submitBatch(api.baseUrl(), small, 5, "{\"ms\": 20}", 5);
        few.forEach(FlowControlEndToEndTest::awaitSuccess);
        flood.forEach(FlowControlEndToEndTest::awaitSuccess);

        Instant lastSmall = ran(few).stream()
                .map(JobRows.AttemptRow::startedAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        long bigAfter = ran(flood).stream()
                .filter(a -> a.startedAt().isAfter(lastSmall))
                .count();
        // First come, first served would start all 200 before the 5 submitted after them (0 after).
        // Taking turns across keys starts the 5 within the first few rounds after the window.
        assertThat(bigAfter)
                .as("jobs of the big tenant that started after the small tenant's last")
                .isGreaterThanOrEqualTo(150);
    }

    @Test
    void under_a_backlog_higher_priority_jobs_start_before_lower_priority_jobs_submitted_earlier() throws Exception {
        ApiClient api = system.startApi("jobs.api.dispatch.window.minimum=4", "jobs.api.dispatch.window.per-slot=0");
        system.startWorker("jobs.worker.id=prio", "jobs.worker.concurrency=2");

        List<UUID> low = submitBatch(api.baseUrl(), adminKey(), 150, "{\"ms\": 20}", 1);
        List<UUID> high = submitBatch(api.baseUrl(), adminKey(), 3, "{\"ms\": 20}", 9);
        high.forEach(FlowControlEndToEndTest::awaitSuccess);
        low.forEach(FlowControlEndToEndTest::awaitSuccess);

        assertThat(api.status(high.getFirst().toString()).get("priority").asInt())
                .isEqualTo(9);
        Instant lastHigh = ran(high).stream()
                .map(JobRows.AttemptRow::startedAt)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        long lowAfter =
                ran(low).stream().filter(a -> a.startedAt().isAfter(lastHigh)).count();
        // In submission order all 150 would start first; by priority only what was already in the
        // window (4) or running (2) does.
        assertThat(lowAfter)
                .as("low-priority jobs that started after the last high-priority one")
                .isGreaterThanOrEqualTo(130);
    }

    @Test
    void limits_are_validated_and_listed_and_deleting_one_lifts_it() throws Exception {
        ApiClient api = system.startApi();

        assertThat(api.send("PUT", "/api/v1/admin/limits/diagnostics", "{\"max_starts\": 5}")
                        .statusCode())
                .as("a start limit needs its window")
                .isEqualTo(422);
        assertThat(api.send("PUT", "/api/v1/admin/limits/diagnostics", "{\"max_concurrent\": 0}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(api.send("PUT", "/api/v1/admin/limits/diagnostics", "{\"max_concurrent\": 1e20}")
                        .statusCode())
                .isEqualTo(422);
        assertThat(api.send("PUT", "/api/v1/admin/limits/diagnostics", "{}").statusCode())
                .isEqualTo(422);
        assertThat(api.send("PUT", "/api/v1/admin/limits/diagnostics", "[3]").statusCode())
                .isEqualTo(422);
        assertThat(api.send("PUT", "/api/v1/admin/limits/diagnostics", "{\"max_concurent\": 3}")
                        .statusCode())
                .as("a misspelt field")
                .isEqualTo(422);
        HttpResponse<String> unknown = api.send("PUT", "/api/v1/admin/limits/nosuch", "{\"max_concurrent\": 3}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(api.send("PUT", "/api/v1/admin/limits/diagnostics/nosuch", "{\"max_concurrent\": 3}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM connector_limits", Integer.class))
                .as("nothing stored")
                .isZero();

        HttpResponse<String> put = api.send(
                "PUT",
                "/api/v1/admin/limits/diagnostics/sleep",
                "{\"max_concurrent\": 2, \"max_starts\": 10, \"per_seconds\": 60}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode one = api.get("/api/v1/admin/limits/diagnostics/sleep");
        assertThat(one.get("max_concurrent").asInt()).isEqualTo(2);
        assertThat(one.get("max_starts").asInt()).isEqualTo(10);
        assertThat(one.get("source").asString()).isEqualTo("admin");
        assertThat(api.get("/api/v1/admin/limits").get("limits")).hasSize(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_log WHERE action = 'limits.put' AND target = 'diagnostics.sleep'",
                        Integer.class))
                .isEqualTo(1);

        assertThat(api.send("DELETE", "/api/v1/admin/limits/diagnostics/sleep", null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(api.send("GET", "/api/v1/admin/limits/diagnostics/sleep", null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.send("DELETE", "/api/v1/admin/limits/diagnostics/sleep", null)
                        .statusCode())
                .isEqualTo(404);
    }

    private static String adminKey() {
        return dev.connectorjobs.testing.TestInfrastructure.ADMIN_KEY;
    }

    private static String createKey(ApiClient api, String name) throws Exception {
        HttpResponse<String> created =
                api.send("POST", "/api/v1/admin/api-keys", "{\"name\": \"" + name + "\", \"role\": \"USER\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return ApiClient.JSON.readTree(created.body()).get("key").asString();
    }

    /** Submits {@code count} diagnostics.sleep jobs in one batch with the given key and priority. */
    private static List<UUID> submitBatch(String base, String key, int count, String params, int priority)
            throws Exception {
        String job = "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":" + params + ",\"priority\":"
                + priority + "}";
        String body =
                IntStream.range(0, count).mapToObj(i -> job).collect(Collectors.joining(",", "{\"jobs\":[", "]}"));
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs:batch"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<UUID> ids = new ArrayList<>();
        ApiClient.JSON
                .readTree(response.body())
                .get("results")
                .forEach(r -> ids.add(UUID.fromString(r.get("task_id").asString())));
        assertThat(ids).hasSize(count);
        return ids;
    }

    private static void awaitSuccess(UUID id) {
        // Generous: on a loaded 2-core machine a few hundred short jobs behind a limit take a while.
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(JobRows.job(id).status())
                        .as(() -> "job " + JobRows.job(id) + " attempts " + JobRows.attempts(id))
                        .isEqualTo("SUCCESS"));
    }

    /** The attempts that ran (not deferred ones), one per job here. */
    private static List<JobRows.AttemptRow> ran(List<UUID> ids) {
        Set<String> ranOutcomes = Set.of("SUCCESS", "FAILURE", "RETRY");
        return ids.stream()
                .flatMap(id -> JobRows.attempts(id).stream())
                .filter(a -> ranOutcomes.contains(a.outcome()))
                .toList();
    }

    /** The most attempts whose [started_at, finished_at] intervals overlap at one instant. */
    static int maxOverlap(List<JobRows.AttemptRow> attempts) {
        record Event(Instant at, int delta) {}
        List<Event> events = new ArrayList<>();
        for (JobRows.AttemptRow a : attempts) {
            events.add(new Event(a.startedAt(), 1));
            events.add(new Event(a.finishedAt(), -1));
        }
        // An attempt that ends at the instant another starts does not overlap it.
        events.sort(Comparator.comparing(Event::at).thenComparingInt(Event::delta));
        int running = 0;
        int most = 0;
        for (Event e : events) {
            running += e.delta();
            most = Math.max(most, running);
        }
        return most;
    }
}
