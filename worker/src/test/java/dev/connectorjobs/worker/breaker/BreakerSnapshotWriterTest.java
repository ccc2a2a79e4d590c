package dev.connectorjobs.worker.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import dev.connectorjobs.model.control.ControlMessage;
import dev.connectorjobs.model.control.ControlType;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.worker.control.ControlHandler;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Snapshot rows and operator commands against the real test database (all migrations). */
class BreakerSnapshotWriterTest {

    private static final JdbcTemplate JDBC = new JdbcTemplate(TestDatabase.get().dataSource());

    private final String workerId = "snapshot-test-" + UUID.randomUUID();
    private final SettableClock clock = SettableClock.atNow();
    private final BreakerRegistry registry = Breakers.registry(clock, Map.of());
    private final BreakerSnapshotWriter writer = new BreakerSnapshotWriter(registry, JDBC, workerId, clock);
    private final BreakerControlHandler handler = new BreakerControlHandler(registry, writer);

    record Row(
            String state,
            int failureCount,
            int failMax,
            long resetTimeoutMs,
            @Nullable Instant openedAt,
            @Nullable Instant lastTransitionAt,
            @Nullable String lastError) {}

    @BeforeEach
    void start() {
        writer.start();
    }

    @AfterEach
    void stop() {
        writer.stop();
    }

    private @Nullable Row row(String name) {
        return JDBC
                .query(
                        """
                        SELECT state, failure_count, fail_max, reset_timeout_ms, opened_at, last_transition_at,
                               last_error
                          FROM breaker_snapshots WHERE worker_id = ? AND name = ?
                        """,
                        (rs, n) -> new Row(
                                rs.getString("state"),
                                rs.getInt("failure_count"),
                                rs.getInt("fail_max"),
                                rs.getLong("reset_timeout_ms"),
                                instant(rs.getTimestamp("opened_at")),
                                instant(rs.getTimestamp("last_transition_at")),
                                rs.getString("last_error")),
                        workerId,
                        name)
                .stream()
                .findFirst()
                .orElse(null);
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    private static ControlMessage command(ControlType type, String target) {
        return new ControlMessage(
                ControlMessage.CURRENT_VERSION, UUID.randomUUID(), type, target, null, "test", Instant.now());
    }

    @Test
    void on_start_every_breaker_gets_a_row_with_its_thresholds() {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(JDBC.queryForObject(
                                "SELECT count(*) FROM breaker_snapshots WHERE worker_id = ?", Integer.class, workerId))
                        .isEqualTo(BreakerDefaults.names().size()));

        assertThat(row("database")).isEqualTo(new Row("CLOSED", 0, 10, 30_000, null, null, null));
        assertThat(row("jira")).isEqualTo(new Row("CLOSED", 0, 5, 60_000, null, null, null));
    }

    @Test
    void a_transition_writes_the_breakers_row_with_its_counts_opening_time_and_last_error() {
        ServiceBreaker jira = registry.get("jira");
        for (int i = 0; i < 5; i++) {
            jira.acquirePermission();
            jira.onFailure(Duration.ofMillis(3), new IOException("Connection reset"));
        }
        Instant opened = clock.instant();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(row("jira"))
                        .isNotNull()
                        .extracting(Row::state)
                        .isEqualTo("OPEN"));

        Row row = row("jira");
        assertThat(row.failureCount()).isEqualTo(5);
        assertThat(row.openedAt())
                .isCloseTo(opened, org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));
        assertThat(row.lastTransitionAt()).isEqualTo(row.openedAt());
        assertThat(row.lastError()).isEqualTo("IOException: Connection reset");
    }

    @Test
    void a_force_open_command_is_applied_and_its_row_written_before_it_is_acknowledged() {
        ControlHandler.Result result = handler.apply(command(ControlType.BREAKER_FORCE_OPEN, "servicenow"));

        assertThat(result.applied()).isTrue();
        assertThat(result.detail()).isEqualTo("servicenow: CLOSED -> FORCED_OPEN");
        assertThat(row("servicenow").state()).isEqualTo("FORCED_OPEN");
        assertThat(row("servicenow").openedAt()).isNotNull();
    }

    @Test
    void restore_and_reset_commands_close_the_breaker_and_persist_it_at_once() {
        handler.apply(command(ControlType.BREAKER_DISABLE, "defender"));
        assertThat(row("defender").state()).isEqualTo("DISABLED");

        ControlHandler.Result restored = handler.apply(command(ControlType.BREAKER_RESTORE, "defender"));
        assertThat(restored.applied()).isTrue();
        assertThat(row("defender").state()).isEqualTo("CLOSED");

        ServiceBreaker jamf = registry.get("defender");
        for (int i = 0; i < 5; i++) {
            jamf.acquirePermission();
            jamf.onFailure(Duration.ofMillis(1), new IOException("down"));
        }
        ControlHandler.Result reset = handler.apply(command(ControlType.BREAKER_RESET, "defender"));
        assertThat(reset.detail()).isEqualTo("defender: OPEN -> CLOSED");
        assertThat(row("defender"))
                .extracting(Row::state, Row::failureCount, Row::openedAt)
                .containsExactly("CLOSED", 0, null);
    }

    @Test
    void a_command_for_an_unknown_breaker_is_not_applied_and_lists_the_known_ones() {
        ControlHandler.Result result = handler.apply(command(ControlType.BREAKER_RESET, "nosuch"));

        assertThat(result.applied()).isFalse();
        assertThat(result.detail()).startsWith("unknown breaker 'nosuch'").contains("external_api");
    }

    @Test
    void restoring_a_breaker_that_was_neither_forced_open_nor_disabled_changes_nothing() {
        ControlHandler.Result result = handler.apply(command(ControlType.BREAKER_RESTORE, "entra_id"));

        assertThat(result.applied()).isFalse();
        assertThat(result.detail()).contains("nothing to restore");
        assertThat(handler.types())
                .containsExactlyInAnyOrder(
                        ControlType.BREAKER_RESET,
                        ControlType.BREAKER_FORCE_OPEN,
                        ControlType.BREAKER_DISABLE,
                        ControlType.BREAKER_RESTORE);
    }
}
