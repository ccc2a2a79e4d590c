package dev.connectorjobs.api.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class BreakerStatusTest {

    private static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

    private static SnapshotRow row(String worker, String name, String state, int failures, @Nullable Instant opened) {
        return new SnapshotRow(worker, name, state, failures, 5, 60_000, opened, opened, null, T0);
    }

    @Test
    void a_service_is_as_bad_as_its_worst_worker() {
        BreakerStatus.Service jira = BreakerStatus.service(
                "jira",
                List.of(
                        row("w1", "jira", "CLOSED", 2, null),
                        row("w2", "jira", "OPEN", 5, T0.plusSeconds(5)),
                        row("w3", "jira", "HALF_OPEN", 0, T0)));

        assertThat(jira.condition().state()).isEqualTo("open");
        assertThat(jira.condition().opened()).isTrue();
        assertThat(jira.condition().forcedOpen()).isFalse();
        assertThat(jira.condition().failCounter()).isEqualTo(5);
        assertThat(jira.condition().failMax()).isEqualTo(5);
        assertThat(jira.condition().openedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(jira.condition().resetTimeout()).isEqualTo(60L);
        assertThat(jira.workers()).containsOnlyKeys("w1", "w2", "w3");
        assertThat(jira.workers().get("w1").condition().state()).isEqualTo("closed");
        assertThat(jira.workers().get("w1").condition().opened()).isFalse();
        assertThat(jira.workers().get("w3").condition().state()).isEqualTo("half_open");
    }

    @Test
    void states_rank_forced_open_over_open_over_half_open_over_disabled_over_closed() {
        List<String> ranked = List.of("CLOSED", "DISABLED", "HALF_OPEN", "OPEN", "FORCED_OPEN");
        for (int i = 1; i < ranked.size(); i++) {
            assertThat(BreakerStatus.severity(ranked.get(i))).isGreaterThan(BreakerStatus.severity(ranked.get(i - 1)));
        }
        BreakerStatus.Service jamf = BreakerStatus.service(
                "defender",
                List.of(row("w1", "defender", "DISABLED", 0, null), row("w2", "defender", "CLOSED", 3, null)));
        assertThat(jamf.condition().state()).isEqualTo("closed");
        assertThat(jamf.condition().disabled()).isTrue();
        assertThat(jamf.condition().opened()).isFalse();
    }

    @Test
    void a_forced_open_breaker_is_open_and_says_it_is_forced() {
        BreakerStatus.Service servicenow = BreakerStatus.service(
                "servicenow",
                List.of(row("w1", "servicenow", "FORCED_OPEN", 0, T0), row("w2", "servicenow", "OPEN", 5, T0)));

        assertThat(servicenow.condition().state()).isEqualTo("open");
        assertThat(servicenow.condition().opened()).isTrue();
        assertThat(servicenow.condition().forcedOpen()).isTrue();
        assertThat(servicenow.workers().get("w2").condition().forcedOpen()).isFalse();
    }

    @Test
    void a_breaker_no_live_worker_reported_is_closed_with_its_defaults() {
        BreakerStatus.Service database = BreakerStatus.service("database", List.of());

        assertThat(database.condition().state()).isEqualTo("closed");
        assertThat(database.condition().failMax()).isEqualTo(10);
        assertThat(database.condition().resetTimeout()).isEqualTo(30L);
        assertThat(database.condition().opened()).isFalse();
        assertThat(database.condition().openedAt()).isNull();
        assertThat(database.workers()).isEmpty();
    }

    @Test
    void a_fractional_reset_timeout_is_shown_in_seconds_with_its_fraction() {
        SnapshotRow quick = new SnapshotRow("w1", "jira", "CLOSED", 0, 5, 500, null, null, null, T0);

        assertThat(BreakerStatus.service("jira", List.of(quick)).condition().resetTimeout())
                .isEqualTo(0.5);
    }

    @Test
    void the_list_names_every_breaker_and_the_summary_counts_them_by_state() {
        BreakerStatus.AllBreakers all = BreakerStatus.all(List.of(
                row("w1", "jira", "OPEN", 5, T0),
                row("w1", "servicenow", "FORCED_OPEN", 0, T0),
                row("w1", "entra_id", "HALF_OPEN", 0, T0),
                row("w1", "defender", "DISABLED", 0, null),
                row("w2", "defender", "CLOSED", 0, null)));

        assertThat(all.breakers().keySet()).containsExactlyElementsOf(BreakerDefaults.names());
        assertThat(all.summary())
                .isEqualTo(new BreakerStatus.Summary(
                        BreakerDefaults.names().size(),
                        2,
                        BreakerDefaults.names().size() - 3,
                        1));
    }
}
