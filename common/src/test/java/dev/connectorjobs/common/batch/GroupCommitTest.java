package dev.connectorjobs.common.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchRuntimeException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit with a store in memory: batching, bounds, item-by-item fallback, outages, lifecycle. */
class GroupCommitTest {

    private final GatedStore store = new GatedStore();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final GroupCommit<String, String> commit = GroupCommit.builder("test-writer", "words", store)
            .maxBatch(10)
            .fullEnough(4)
            .unavailable(e -> e instanceof Unavailable)
            .build();

    @AfterEach
    void stop() {
        store.open();
        commit.stop();
        callers.close();
    }

    @Test
    void items_submitted_while_a_batch_is_written_share_the_next_batch_and_each_caller_gets_its_result() {
        commit.start();
        CompletableFuture<String> first = holdTheWriterWith("first");
        List<CompletableFuture<String>> rest = submitAll(List.of("a", "b", "c", "d", "e"));
        await().until(() -> commit.queued() == 5);

        store.open();

        assertThat(first.join()).isEqualTo("FIRST");
        assertThat(rest).extracting(CompletableFuture::join).containsExactly("A", "B", "C", "D", "E");
        assertThat(store.batches()).containsExactly(List.of("first"), List.of("a", "b", "c", "d", "e"));
        assertThat(commit.batches()).isEqualTo(2);
        assertThat(commit.lastBatchSize()).isEqualTo(5);
    }

    @Test
    void a_batch_never_holds_more_than_max_batch_items() {
        commit.start();
        CompletableFuture<String> first = holdTheWriterWith("first");
        List<CompletableFuture<String>> rest =
                submitAll(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"));
        await().until(() -> commit.queued() == 12);

        store.open();
        first.join();
        rest.forEach(CompletableFuture::join);

        assertThat(store.batches()).extracting(List::size).containsExactly(1, 10, 2);
    }

    @Test
    void a_small_batch_waits_for_company_up_to_the_linger() throws Exception {
        GroupCommit<String, String> lingering = GroupCommit.builder("lingering", "words", store)
                .linger(Duration.ofMinutes(1))
                .fullEnough(3)
                .build();
        lingering.start();
        try {
            CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> lingering.submit("one"), callers);
            await().until(() -> lingering.queued() == 1);
            CompletableFuture<String> two = CompletableFuture.supplyAsync(() -> lingering.submit("two"), callers);
            await().until(() -> lingering.queued() == 2);
            assertThat(store.batches()).isEmpty();

            String three = lingering.submit("three");

            assertThat(List.of(one.get(5, TimeUnit.SECONDS), two.get(5, TimeUnit.SECONDS), three))
                    .containsExactly("ONE", "TWO", "THREE");
            assertThat(store.batches()).containsExactly(List.of("one", "two", "three"));
        } finally {
            lingering.stop();
        }
    }

    @Test
    void a_bad_item_fails_alone_and_the_rest_of_its_batch_is_written_one_by_one() {
        commit.start();
        CompletableFuture<String> first = holdTheWriterWith("first");
        List<CompletableFuture<String>> rest = submitAll(List.of("good", "bad", "fine"));
        await().until(() -> commit.queued() == 3);

        store.open();

        first.join();
        assertThat(rest.get(0).join()).isEqualTo("GOOD");
        assertThat(catchRuntimeException(rest.get(1)::join)).hasRootCauseMessage("refused: bad");
        assertThat(rest.get(2).join()).isEqualTo("FINE");
        assertThat(store.batches())
                .containsExactly(
                        List.of("first"),
                        List.of("good", "bad", "fine"),
                        List.of("good"),
                        List.of("bad"),
                        List.of("fine"));
        assertThat(commit.batches()).isEqualTo(2);
    }

    @Test
    void an_unavailable_store_fails_the_whole_batch_at_once_without_writing_one_by_one() {
        commit.start();
        CompletableFuture<String> first = holdTheWriterWith("first");
        List<CompletableFuture<String>> rest = submitAll(List.of("a", "down", "c"));
        await().until(() -> commit.queued() == 3);

        store.open();

        first.join();
        assertThat(rest)
                .allSatisfy(r -> assertThat(catchRuntimeException(r::join)).hasCauseInstanceOf(Unavailable.class));
        assertThat(store.batches()).containsExactly(List.of("first"), List.of("a", "down", "c"));
    }

    @Test
    void an_outage_in_the_one_by_one_writing_fails_the_items_after_it_without_trying_them() {
        commit.start();
        CompletableFuture<String> first = holdTheWriterWith("first");
        List<CompletableFuture<String>> rest = submitAll(List.of("a", "bad", "lost", "c"));
        await().until(() -> commit.queued() == 4);
        store.goDownAfterRefusing("bad");

        store.open();

        first.join();
        assertThat(rest.get(0).join()).isEqualTo("A");
        assertThat(catchRuntimeException(rest.get(1)::join)).hasRootCauseMessage("refused: bad");
        assertThat(catchRuntimeException(rest.get(2)::join)).hasCauseInstanceOf(Unavailable.class);
        assertThat(catchRuntimeException(rest.get(3)::join)).hasCauseInstanceOf(Unavailable.class);
        assertThat(store.batches()).contains(List.of("lost")).doesNotContain(List.of("c"));
    }

    @Test
    void stopping_writes_what_is_queued_and_later_items_are_written_by_their_callers() {
        commit.start();
        CompletableFuture<String> first = holdTheWriterWith("first");
        List<CompletableFuture<String>> rest = submitAll(List.of("a", "b"));
        await().until(() -> commit.queued() == 2);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(commit::stop, callers);

        store.open();
        stopped.join();

        assertThat(commit.isRunning()).isFalse();
        assertThat(rest).extracting(CompletableFuture::join).containsExactly("A", "B");
        assertThat(commit.submit("late")).isEqualTo("LATE");
        assertThat(store.threads().getLast()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.join()).isEqualTo("FIRST");
    }

    @Test
    void before_start_an_item_is_written_alone_on_its_callers_thread() {
        assertThat(commit.submit("early")).isEqualTo("EARLY");

        assertThat(store.batches()).containsExactly(List.of("early"));
        assertThat(store.threads()).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void a_writer_that_returns_the_wrong_number_of_results_fails_its_callers_saying_so() {
        GroupCommit<String, String> broken = GroupCommit.<String, String>builder("broken", "words", batch -> List.of())
                .build();

        assertThatThrownBy(() -> broken.submit("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("returned 0 results for 1 words");
    }

    @Test
    void full_enough_larger_than_max_batch_is_refused() {
        assertThatThrownBy(() -> GroupCommit.builder("x", "words", store)
                        .maxBatch(10)
                        .fullEnough(11)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fullEnough (11)");
    }

    /** Submits {@code word} and waits until the writer holds it, so that what follows queues behind it. */
    private CompletableFuture<String> holdTheWriterWith(String word) {
        store.holdFirstWrite();
        CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> commit.submit(word), callers);
        await().until(() -> store.writesStarted() == 1);
        return result;
    }

    private List<CompletableFuture<String>> submitAll(List<String> words) {
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (String word : words) {
            results.add(CompletableFuture.supplyAsync(() -> commit.submit(word), callers));
            await().until(() -> commit.queued() == results.size());
        }
        return results;
    }

    /** The store is down. */
    static final class Unavailable extends RuntimeException {
        Unavailable() {
            super("the store is unavailable");
        }
    }

    /**
     * Upper-cases words; refuses a batch holding "bad", is down for a batch holding "down", and can
     * hold its first write until opened so that others queue up behind it.
     */
    private static final class GatedStore implements GroupCommit.BatchWriter<String, String> {

        private final CountDownLatch gate = new CountDownLatch(1);
        private final List<List<String>> batches = new CopyOnWriteArrayList<>();
        private final List<String> threads = new CopyOnWriteArrayList<>();
        private volatile boolean hold;
        private volatile boolean down;
        private volatile String goesDownAfter = "";

        void holdFirstWrite() {
            hold = true;
        }

        void open() {
            gate.countDown();
        }

        void goDownAfterRefusing(String word) {
            goesDownAfter = word;
        }

        int writesStarted() {
            return batches.size();
        }

        List<List<String>> batches() {
            return batches;
        }

        List<String> threads() {
            return threads;
        }

        @Override
        public List<String> write(List<String> batch) {
            batches.add(batch);
            threads.add(Thread.currentThread().getName());
            if (hold && batches.size() == 1) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            if (down || batch.contains("down")) {
                throw new Unavailable();
            }
            if (batch.contains("bad")) {
                if (batch.size() == 1 && goesDownAfter.equals("bad")) {
                    down = true;
                }
                throw new IllegalArgumentException("write failed", new IllegalStateException("refused: bad"));
            }
            return batch.stream().map(String::toUpperCase).toList();
        }
    }
}
