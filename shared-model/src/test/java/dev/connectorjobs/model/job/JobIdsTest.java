package dev.connectorjobs.model.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobIdsTest {

    @Test
    void new_ids_are_version_7_and_carry_the_creation_millisecond() {
        Instant at = Instant.parse("2026-11-28T12:00:00.123Z");
        UUID id = JobIds.newId(Clock.fixed(at, ZoneOffset.UTC));

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void later_ids_sort_after_earlier_ones() {
        UUID earlier = JobIds.newId(Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));
        UUID later = JobIds.newId(Clock.fixed(Instant.ofEpochMilli(2_000), ZoneOffset.UTC));

        assertThat(later.toString()).isGreaterThan(earlier.toString());
    }

    @Test
    void an_id_takes_the_millisecond_of_its_creation_instant() {
        Instant createdAt = Instant.parse("2026-11-28T12:00:00.123999Z");

        UUID id = JobIds.newId(createdAt);

        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(createdAt.toEpochMilli());
    }

    @Test
    void first_at_bounds_the_ids_of_a_millisecond_from_below_in_postgresql_order() {
        Instant at = Instant.parse("2026-11-28T12:00:00.123Z");
        UUID bound = JobIds.firstAt(at);

        for (int i = 0; i < 1_000; i++) {
            UUID sameMillisecond = JobIds.newId(at.plusNanos(999_999));
            UUID earlier = JobIds.newId(at.minusMillis(1).plusNanos(999_999));
            assertThat(JobIds.LOCK_ORDER.compare(sameMillisecond, bound)).isPositive();
            assertThat(JobIds.LOCK_ORDER.compare(earlier, bound)).isNegative();
        }
    }

    @Test
    void first_at_saturates_outside_the_range_a_version_7_uuid_can_carry() {
        UUID lowest = new UUID(0L, 0L);
        UUID highest = new UUID(-1L, -1L);

        assertThat(JobIds.firstAt(Instant.parse("1900-01-01T00:00:00Z"))).isEqualTo(lowest);
        assertThat(JobIds.firstAt(Instant.MIN)).isEqualTo(lowest);
        assertThat(JobIds.firstAt(Instant.parse("+20000-01-01T00:00:00Z"))).isEqualTo(highest);
        assertThat(JobIds.firstAt(Instant.MAX)).isEqualTo(highest);
        assertThat(JobIds.LOCK_ORDER.compare(JobIds.firstAt(Instant.EPOCH), JobIds.newId(Instant.EPOCH)))
                .isNegative();
    }

    @Test
    void parse_accepts_only_canonical_uuids() {
        UUID id = UUID.randomUUID();
        assertThat(JobIds.parse(id.toString())).contains(id);
        assertThat(JobIds.parse("1-1-1-1-1")).isEmpty();
        assertThat(JobIds.parse("not-a-uuid")).isEmpty();
        assertThat(JobIds.parse("")).isEmpty();
    }

    @Test
    void lock_order_is_the_order_of_the_canonical_text_as_in_postgresql() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.add(UUID.fromString("80000000-0000-0000-8000-000000000000"));
        ids.add(UUID.fromString("7fffffff-ffff-ffff-7fff-ffffffffffff"));

        List<UUID> byLockOrder = ids.stream().sorted(JobIds.LOCK_ORDER).toList();
        List<UUID> byText =
                ids.stream().sorted(Comparator.comparing(UUID::toString)).toList();

        assertThat(byLockOrder).isEqualTo(byText);
    }
}
