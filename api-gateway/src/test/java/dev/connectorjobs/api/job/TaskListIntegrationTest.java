package dev.connectorjobs.api.job;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.AdminApiTest;
import dev.connectorjobs.model.job.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The task listing: newest first, keyset cursors, filters and their errors. */
class TaskListIntegrationTest extends AdminApiTest {

    @Test
    void the_task_list_pages_newest_first_with_a_cursor_and_filters() throws Exception {
        String connector = "diagnostics";
        Instant since = Instant.now().minusMillis(1);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Newest first is the order of creation milliseconds; jobs of one millisecond have no order.
            ids.add(aJob().status(JobStatus.FAILURE)
                    .createdAt(since.plusMillis(1 + i))
                    .insert()
                    .id());
        }

        Set<String> seen = new HashSet<>();
        String cursor = null;
        List<String> order = new ArrayList<>();
        do {
            String query = "/api/v1/admin/tasks?status=failure&connector=" + connector + "&since=" + since + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = JSON.readTree(send("GET", query, null).body());
            page.get("tasks").forEach(t -> {
                assertThat(seen.add(t.get("task_id").asString())).isTrue();
                order.add(t.get("task_id").asString());
                assertThat(t.get("status").asString()).isEqualTo("FAILURE");
            });
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asString();
        } while (cursor != null);

        assertThat(order)
                .containsExactlyElementsOf(
                        ids.reversed().stream().map(UUID::toString).toList());
    }

    @Test
    void since_and_until_bound_the_list_by_creation_time_exactly() throws Exception {
        Instant base = Instant.parse("2025-03-01T10:00:00Z");
        String connector = "list-window-" + UUID.randomUUID();
        UUID before = aJob().connector(connector)
                .createdAt(base.minusNanos(1_000))
                .insert()
                .id();
        UUID first = aJob().connector(connector).createdAt(base).insert().id();
        UUID inside = aJob().connector(connector)
                .createdAt(base.plusMillis(500))
                .insert()
                .id();
        UUID last = aJob().connector(connector)
                .createdAt(base.plusSeconds(1).minusNanos(1_000))
                .insert()
                .id();
        UUID atUntil = aJob().connector(connector)
                .createdAt(base.plusSeconds(1))
                .insert()
                .id();

        JsonNode page = JSON.readTree(send(
                        "GET",
                        "/api/v1/admin/tasks?connector=" + connector + "&since=" + base + "&until="
                                + base.plusSeconds(1),
                        null)
                .body());

        List<String> listed = new ArrayList<>();
        page.get("tasks").forEach(t -> listed.add(t.get("task_id").asString()));
        assertThat(listed).containsExactly(last.toString(), inside.toString(), first.toString());
        assertThat(listed).doesNotContain(before.toString(), atUntil.toString());
    }

    @Test
    void a_cursor_of_the_earlier_form_with_a_creation_time_still_pages_on() throws Exception {
        String connector = "list-cursor-" + UUID.randomUUID();
        Instant base = Instant.now().minusSeconds(60);
        UUID older = aJob().connector(connector).createdAt(base).insert().id();
        UUID newer = aJob().connector(connector)
                .createdAt(base.plusMillis(5))
                .insert()
                .id();
        String earlierForm = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((base.plusMillis(5) + "|" + newer).getBytes(java.nio.charset.StandardCharsets.UTF_8));

        JsonNode page =
                JSON.readTree(send("GET", "/api/v1/admin/tasks?connector=" + connector + "&cursor=" + earlierForm, null)
                        .body());

        assertThat(page.get("tasks")).hasSize(1);
        assertThat(page.get("tasks").get(0).get("task_id").asString()).isEqualTo(older.toString());
    }

    @Test
    void bad_list_parameters_are_400_problems() throws Exception {
        assertThat(send("GET", "/api/v1/admin/tasks?since=%2B20000-01-01T00:00:00Z", null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?until=-0001-01-01T00:00:00Z", null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?status=DONE", null).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?since=yesterday", null).statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?cursor=bm90LWEtY3Vyc29y", null)
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/v1/admin/tasks?limit=100000", null).statusCode())
                .isEqualTo(400);
    }
}
