package dev.connectorjobs.api.workers;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.AdminApiTest;
import dev.connectorjobs.testing.JobFixture;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The workers view and the running jobs grouped under their workers. */
class WorkersIntegrationTest extends AdminApiTest {

    @Test
    void workers_are_listed_as_active_stale_or_stopped_and_running_jobs_grouped_under_them() throws Exception {
        String live = "live-" + UUID.randomUUID();
        String stale = "stale-" + UUID.randomUUID();
        String stopped = "stopped-" + UUID.randomUUID();
        registerWorker(live, Instant.now(), null);
        registerWorker(stale, Instant.now().minusSeconds(600), null);
        registerWorker(stopped, Instant.now().minusSeconds(5), Instant.now());
        JobFixture running = aJob().operation("sleep").param("ms", 1000).insert();
        jdbc.update(
                "UPDATE jobs SET status = 'STARTED', worker_id = ?, started_at = now(), lease_expires_at = now() +"
                        + " interval '1 hour' WHERE id = ?",
                live,
                running.id());

        JsonNode workers =
                JSON.readTree(send("GET", "/api/v1/admin/workers", null).body());
        JsonNode active =
                JSON.readTree(send("GET", "/api/v1/admin/tasks/active", null).body());

        assertThat(stateOf(workers, live)).isEqualTo("active");
        assertThat(stateOf(workers, stale)).isEqualTo("stale");
        assertThat(stateOf(workers, stopped)).isEqualTo("stopped");
        JsonNode group = null;
        for (JsonNode w : active.get("workers")) {
            if (w.get("worker_id").asString().equals(live)) {
                group = w;
            }
        }
        assertThat(group).isNotNull();
        assertThat(group.get("host").asString()).isEqualTo("host-" + live);
        assertThat(group.get("pid").asLong()).isEqualTo(4242);
        assertThat(group.get("stale").asBoolean()).isFalse();
        assertThat(group.get("tasks").get(0).get("task_id").asString())
                .isEqualTo(running.id().toString());
        assertThat(group.get("tasks").get(0).get("runtime_ms").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(active.get("total").asInt()).isGreaterThanOrEqualTo(1);
    }

    private static String stateOf(JsonNode workers, String id) {
        for (JsonNode w : workers.get("workers")) {
            if (w.get("worker_id").asString().equals(id)) {
                return w.get("state").asString();
            }
        }
        throw new AssertionError("worker " + id + " not listed");
    }

    private static void registerWorker(String id, Instant heartbeat, Instant stoppedAt) {
        jdbc.update(
                "INSERT INTO workers (id, host, pid, queues, concurrency, started_at, last_heartbeat, stopped_at)"
                        + " VALUES (?, ?, 4242, '{default}', 4, ?, ?, ?)",
                id,
                "host-" + id,
                Timestamp.from(heartbeat),
                Timestamp.from(heartbeat),
                stoppedAt == null ? null : Timestamp.from(stoppedAt));
    }
}
