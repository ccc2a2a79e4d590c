package dev.connectorjobs.api.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DispatchWindowTest {

    private static DispatchWindowProperties window(boolean enabled, int minimum) {
        return new DispatchWindowProperties(enabled, minimum, 2, Duration.ofMillis(100));
    }

    @Test
    void the_fast_path_is_open_until_this_replica_has_filled_the_window() {
        DispatchWindow window = new DispatchWindow(window(true, 3));

        assertThat(IntStream.range(0, 5).mapToObj(i -> window.admit("default")))
                .containsExactly(true, true, true, false, false);
        assertThat(window.recentlyPublished()).containsExactly("default");
    }

    @Test
    void a_sweep_that_leaves_jobs_held_closes_the_fast_path_and_one_that_drains_them_opens_it() {
        DispatchWindow window = new DispatchWindow(window(true, 1000));

        window.observed("default", 10, 1000, true);
        assertThat(window.admit("default"))
                .as("jobs wait in PostgreSQL: queue behind them")
                .isFalse();

        window.observed("default", 10, 1000, false);
        assertThat(window.admit("default")).isTrue();
        assertThat(window.recentlyPublished()).containsExactly("default");
    }

    @Test
    void a_full_window_closes_the_fast_path_even_when_nothing_is_held() {
        DispatchWindow window = new DispatchWindow(window(true, 1000));

        window.observed("default", 1000, 1000, false);

        assertThat(window.admit("default")).isFalse();
        assertThat(window.admit("other")).as("each queue has its own window").isTrue();
    }

    @Test
    void without_the_window_every_job_is_published_at_once() {
        DispatchWindow window = new DispatchWindow(window(false, 1));
        window.observed("default", 5, 1, true);

        assertThat(IntStream.range(0, 3).mapToObj(i -> window.admit("default"))).containsOnly(true);
    }

    @Test
    void the_window_is_sized_from_the_live_slots_with_a_minimum() {
        DispatchWindowProperties properties = new DispatchWindowProperties(true, 1000, 2, Duration.ofMillis(100));

        assertThat(properties.size(0)).isEqualTo(1000);
        assertThat(properties.size(512)).isEqualTo(1024);
        assertThat(properties.size(4096)).isEqualTo(8192);
    }
}
