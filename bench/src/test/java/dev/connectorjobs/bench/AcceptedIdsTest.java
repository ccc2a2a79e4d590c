package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AcceptedIdsTest {

    @Test
    void while_no_job_is_accepted_there_is_nothing_to_pick() {
        AcceptedIds ids = new AcceptedIds();

        assertThat(ids.size()).isZero();
        assertThat(ids.pick(new Random(1))).isEmpty();
        assertThat(ids.all()).isEmpty();
    }

    @Test
    void ids_added_from_many_threads_at_once_are_all_kept_once_each() throws Exception {
        AcceptedIds ids = new AcceptedIds();
        int threads = 8;
        int perThread = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        List<UUID> added;
        List<UUID> picked = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<List<UUID>>> adders = IntStream.range(0, threads)
                    .mapToObj(t -> executor.submit(() -> {
                        start.await();
                        List<UUID> mine = IntStream.range(0, perThread)
                                .mapToObj(i -> UUID.randomUUID())
                                .toList();
                        mine.forEach(ids::add);
                        return mine;
                    }))
                    .toList();
            // Picks while the adds go on: each is empty (nothing added yet) or an id some thread added.
            Random random = new Random(7);
            start.countDown();
            for (int i = 0; i < 10_000; i++) {
                ids.pick(random).ifPresent(picked::add);
            }
            added = adders.stream().flatMap(f -> join(f).stream()).toList();
        }

        assertThat(ids.size()).isEqualTo(threads * perThread);
        assertThat(ids.all()).containsExactlyInAnyOrderElementsOf(added);
        assertThat(new HashSet<>(ids.all())).hasSize(threads * perThread);
        assertThat(added).containsAll(picked);
    }

    @Test
    void a_pick_is_one_of_the_ids_added_so_far_each_about_equally_often() {
        AcceptedIds ids = new AcceptedIds();
        List<UUID> added =
                IntStream.range(0, 10).mapToObj(i -> UUID.randomUUID()).toList();
        added.forEach(ids::add);
        Random random = new Random(42);
        Map<UUID, Integer> picks = new HashMap<>();

        for (int i = 0; i < 100_000; i++) {
            picks.merge(ids.pick(random).orElseThrow(), 1, Integer::sum);
        }

        assertThat(picks.keySet()).containsExactlyInAnyOrderElementsOf(added);
        // 10,000 expected each; the standard deviation is about 95, so 9,500..10,500 is over five of them.
        assertThat(picks.values()).allSatisfy(count -> assertThat(count).isBetween(9_500, 10_500));
    }

    @Test
    void an_id_added_later_can_be_picked_too() {
        AcceptedIds ids = new AcceptedIds();
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        ids.add(early);
        Random random = new Random(3);
        assertThat(ids.pick(random)).contains(early);

        ids.add(late);
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            seen.add(ids.pick(random).orElseThrow());
        }

        assertThat(seen).containsExactlyInAnyOrder(early, late);
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
