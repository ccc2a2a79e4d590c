package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusLookupTargetsTest {

    private static final List<UUID> HISTORY = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    private static final List<UUID> RECENT = List.of(UUID.randomUUID(), UUID.randomUUID());

    @Test
    void with_history_every_even_lookup_asks_for_a_history_job_and_every_odd_one_for_a_job_of_the_run() {
        StatusLookupTargets targets = StatusLookupTargets.mix(HISTORY, RECENT, 1_000, new Random(7));

        assertThat(targets.size()).isEqualTo(1_000);
        for (int i = 0; i < targets.size(); i++) {
            assertThat(targets.history().get(i)).isEqualTo(i % 2 == 0);
            assertThat(targets.ids().get(i)).isIn(i % 2 == 0 ? HISTORY : RECENT);
        }
        assertThat(targets.ids()).containsAll(HISTORY).containsAll(RECENT);
    }

    @Test
    void without_history_every_lookup_asks_for_a_job_of_the_run() {
        StatusLookupTargets targets = StatusLookupTargets.mix(List.of(), RECENT, 10, new Random(7));

        assertThat(targets.history()).containsOnly(false);
        assertThat(targets.ids()).allMatch(RECENT::contains);
    }

    @Test
    void lookups_need_a_job_of_the_run() {
        assertThatThrownBy(() -> StatusLookupTargets.mix(HISTORY, List.of(), 10, new Random(7)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_probe_of_a_millisecond_is_the_smallest_version_7_id_of_that_millisecond() {
        long millis = Instant.parse("2026-11-28T12:00:00Z").toEpochMilli();

        UUID probe = StatusLookupTargets.firstIdAt(millis);

        assertThat(probe.version()).isEqualTo(7);
        assertThat(probe.variant()).isEqualTo(2);
        assertThat(StatusLookupTargets.millisOf(probe)).isEqualTo(millis);
        UUID sameMillisecond = new UUID((millis << 16) | 0x7000L, 0x8000000000000001L);
        UUID previousMillisecond = new UUID(((millis - 1) << 16) | 0x7FFFL, 0xBFFFFFFFFFFFFFFFL);
        assertThat(probe).isLessThan(sameMillisecond).isGreaterThan(previousMillisecond);
    }
}
