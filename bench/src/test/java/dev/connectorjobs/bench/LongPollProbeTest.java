package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LongPollProbeTest {

    @Test
    void options_default_to_2000_waiters_of_3_to_11_seconds_and_take_the_key_from_the_environment() {
        LongPollProbe.Options options =
                LongPollProbe.Options.parse(List.of("--api", "http://127.0.0.1:8080"), Map.of("JOBS_API_KEY", "k"));

        assertThat(options.waiters()).isEqualTo(2000);
        assertThat(options.minMs()).isEqualTo(3000);
        assertThat(options.maxMs()).isEqualTo(11_000);
        assertThat(options.key()).isEqualTo("k");
    }

    @Test
    void missing_or_bad_options_are_usage_errors_that_say_what_to_give() {
        assertThatThrownBy(() -> LongPollProbe.Options.parse(List.of(), Map.of("JOBS_API_KEY", "k")))
                .isInstanceOf(BenchUsageException.class)
                .hasMessageContaining("--api");
        assertThatThrownBy(() -> LongPollProbe.Options.parse(List.of("--api", "http://h:1"), Map.of()))
                .hasMessageContaining("JOBS_API_KEY");
        assertThatThrownBy(() -> LongPollProbe.Options.parse(
                        List.of("--api", "http://h:1", "--waiters", "0"), Map.of("JOBS_API_KEY", "k")))
                .hasMessageContaining("--waiters");
        assertThatThrownBy(() -> LongPollProbe.Options.parse(
                        List.of("--api", "http://h:1", "--min-ms", "5", "--max-ms", "4"), Map.of("JOBS_API_KEY", "k")))
                .hasMessageContaining("--max-ms");
        assertThatThrownBy(() -> LongPollProbe.Options.parse(List.of("--api"), Map.of("JOBS_API_KEY", "k")))
                .hasMessageContaining("needs a value");
    }
}
