package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowWorkOptionsTest {

    @Test
    void without_arguments_it_measures_a_batch_run_of_100000_jobs_half_of_them_confirmed() {
        RowWorkOptions options = RowWorkOptions.parse(List.of());

        assertThat(options.jobs()).isEqualTo(100_000);
        assertThat(options.warmup()).isEqualTo(50_000);
        assertThat(options.batch()).isEqualTo(500);
        assertThat(options.confirmedPercent()).isEqualTo(50);
        assertThat(options.withoutIndexes()).isEmpty();
    }

    @Test
    void options_take_their_value_after_a_space_or_an_equals_sign_and_indexes_repeat() {
        RowWorkOptions options = RowWorkOptions.parse(List.of(
                "--jobs=20_000",
                "--warmup",
                "0",
                "--batch",
                "100",
                "--confirmed=0",
                "--without-index",
                "jobs_status_id",
                "--without-index=jobs_connector_id"));

        assertThat(options.jobs()).isEqualTo(20_000);
        assertThat(options.warmup()).isZero();
        assertThat(options.batch()).isEqualTo(100);
        assertThat(options.confirmedPercent()).isZero();
        assertThat(options.withoutIndexes()).containsExactly("jobs_status_id", "jobs_connector_id");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --jobs 0                      | --jobs must be between 1 and 10000000, got 0
            --batch 1001                  | --batch must be between 1 and 1000, got 1001
            --confirmed 101               | --confirmed must be a percentage between 0 and 100, got 101
            --jobs many                   | --jobs needs a whole number, got 'many'
            --without-index jobs_pkey     | --without-index cannot drop jobs_pkey
            --without-index jobs_idempotency | --without-index cannot drop jobs_idempotency
            --without-index jobs;drop     | --without-index takes an index name, got 'jobs;drop'
            --rate 5                      | Unknown option for bench-rows: --rate
            --jobs                        | --jobs needs a value
            """)
    void bad_arguments_are_refused_with_what_is_wrong(String arguments, String message) {
        assertThatThrownBy(() -> RowWorkOptions.parse(List.of(arguments.split(" "))))
                .isInstanceOf(BenchUsageException.class)
                .hasMessageStartingWith(message);
    }
}
