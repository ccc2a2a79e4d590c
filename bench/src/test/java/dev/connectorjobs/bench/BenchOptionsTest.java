package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connectorjobs.bench.BenchOptions.Operation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchOptionsTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    private static BenchOptions parse(String... args) {
        return BenchOptions.parse(List.of(args), NO_ENVIRONMENT);
    }

    @Test
    void without_arguments_it_submits_ten_thousand_echo_jobs_as_fast_as_64_clients_can_to_its_own_stack() {
        BenchOptions options = parse();

        assertThat(options.jobs()).isEqualTo(10_000);
        assertThat(options.warmup()).isZero();
        assertThat(options.rate()).isEmpty();
        assertThat(options.rateText()).isEqualTo("max");
        assertThat(options.batch()).isEqualTo(1);
        assertThat(options.clients()).isEqualTo(64);
        assertThat(options.workers()).isEqualTo(2);
        assertThat(options.operation()).isEqualTo(Operation.ECHO);
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.dataDir()).isEmpty();
        assertThat(options.external()).isEmpty();
    }

    @Test
    void every_option_is_read_in_both_spellings() {
        BenchOptions options = parse(
                "--jobs",
                "15_000",
                "--warmup=2000",
                "--rate=500",
                "--batch",
                "10",
                "--clients=4",
                "--workers",
                "3",
                "--operation",
                "SLEEP",
                "--sleep-ms=25",
                "--timeout",
                "120",
                "--startup-timeout=90",
                "--data-dir",
                "/tmp/bench");

        assertThat(options.jobs()).isEqualTo(15_000);
        assertThat(options.warmup()).isEqualTo(2_000);
        assertThat(options.rate()).hasValue(500);
        assertThat(options.rateText()).isEqualTo("500");
        assertThat(options.batch()).isEqualTo(10);
        assertThat(options.clients()).isEqualTo(4);
        assertThat(options.workers()).isEqualTo(3);
        assertThat(options.operation()).isEqualTo(Operation.SLEEP);
        assertThat(options.sleepMs()).isEqualTo(25);
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(options.startupTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.dataDir()).contains(Path.of("/tmp/bench"));
    }

    @Test
    void without_history_options_it_seeds_nothing_looks_up_ten_thousand_jobs_at_200_per_second_and_keeps_them() {
        BenchOptions.History history = parse().history();

        assertThat(history.jobs()).isZero();
        assertThat(history.lookups()).isEqualTo(10_000);
        assertThat(history.lookupRate()).hasValue(200);
        assertThat(history.lookupRateText()).isEqualTo("200");
        assertThat(history.retention()).isEmpty();
    }

    @Test
    void http_jobs_wait_100_ms_on_the_stub_unless_told_otherwise() {
        assertThat(parse("--operation", "http").latencyMs()).isEqualTo(100);
        assertThat(parse("--operation", "http", "--latency-ms", "2000").latencyMs())
                .isEqualTo(2000);
        assertThat(parse("--operation", "http").operation()).isEqualTo(BenchOptions.Operation.HTTP);
    }

    @Test
    void lookups_during_the_run_are_off_unless_asked_for_and_read_in_both_spellings_with_underscores() {
        assertThat(parse().lookupsDuring()).isEmpty();
        assertThat(parse("--lookups-during", "2_000").lookupsDuring()).hasValue(2_000);
        assertThat(parse("--lookups-during=0.5").lookupsDuring()).hasValue(0.5);
        assertThat(parse("--lookups-during", "20000", "--lookups", "0").lookupsDuring())
                .hasValue(20_000);
        assertThat(parse(
                                "--lookups-during",
                                "100",
                                "--api",
                                "http://127.0.0.1:1",
                                "--key",
                                "k",
                                "--db-url",
                                "jdbc:postgresql://127.0.0.1:5432/jobs")
                        .lookupsDuring())
                .as("a running stack is looked up like the bench's own")
                .hasValue(100);
    }

    @Test
    void the_footprint_is_read_only_when_asked_for_at_the_interval_given() {
        assertThat(parse().footprintEvery()).isEmpty();
        assertThat(parse("--footprint-every", "300").footprintEvery()).contains(Duration.ofMinutes(5));
    }

    @Test
    void history_options_are_read_with_underscores_max_rates_and_retention_units() {
        BenchOptions.History history = parse(
                        "--history", "10_000_000", "--lookups=5000", "--lookup-rate", "max", "--retention", "27d")
                .history();

        assertThat(history.jobs()).isEqualTo(10_000_000);
        assertThat(history.lookups()).isEqualTo(5_000);
        assertThat(history.lookupRate()).isEmpty();
        assertThat(history.lookupRateText()).isEqualTo("max");
        assertThat(history.retention()).contains(Duration.ofDays(27));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            27d, PT648H
            12h, PT12H
            30m, PT30M
            45s, PT45S
            """)
    void retention_takes_days_hours_minutes_or_seconds(String text, Duration expected) {
        assertThat(BenchOptions.duration(text)).isEqualTo(expected);
    }

    @Test
    void batches_default_to_fewer_clients_because_each_request_carries_many_jobs() {
        assertThat(parse("--batch", "500").clients()).isEqualTo(8);
        assertThat(parse("--batch", "500", "--clients", "2").clients()).isEqualTo(2);
    }

    @Test
    void a_running_stack_is_measured_with_the_key_and_database_given_as_options() {
        BenchOptions options = BenchOptions.parse(
                List.of(
                        "--api",
                        "http://127.0.0.1:8080/",
                        "--key",
                        "k".repeat(24),
                        "--db-url",
                        "jdbc:postgresql://127.0.0.1:5432/jobs"),
                Map.of("JOBS_DB_USER", "postgres", "JOBS_DB_PASSWORD", "secret"));

        BenchOptions.External external = options.external().orElseThrow();
        assertThat(external.api()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(external.key()).isEqualTo("k".repeat(24));
        assertThat(external.database())
                .isEqualTo(new Database("jdbc:postgresql://127.0.0.1:5432/jobs", "postgres", "secret"));
    }

    @Test
    void a_running_stack_takes_the_bench_key_before_the_bootstrap_key_and_the_database_from_the_environment() {
        Map<String, String> environment = Map.of(
                "JOBS_BOOTSTRAP_ADMIN_KEY", "bootstrap-key-0123456789",
                "JOBS_BENCH_KEY", "bench-key-0123456789",
                "JOBS_DB_URL", "jdbc:postgresql://127.0.0.1:5432/jobs");

        BenchOptions.External external = BenchOptions.parse(List.of("--api", "http://127.0.0.1:8080"), environment)
                .external()
                .orElseThrow();

        assertThat(external.key()).isEqualTo("bench-key-0123456789");
        assertThat(external.database().url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/jobs");
        assertThat(external.database().user()).isEqualTo("jobs");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --nope                                 | Unknown argument: --nope
            --jobs                                 | --jobs needs a value
            --jobs=                                | --jobs needs a value
            --jobs --rate 5                        | --jobs needs a value
            --jobs ten                             | --jobs needs a whole number, got 'ten'
            --jobs 0                               | --jobs must be between 1 and 10000000, got 0
            --jobs 5 --jobs 6                      | --jobs is given twice
            --rate 0                               | --rate must be max or between 0 and 1000000
            --rate fast                            | --rate needs jobs per second or 'max', got 'fast'
            --batch 1001                           | --batch must be between 1 and 1000, got 1001
            --clients 0                            | --clients must be between 1 and 1024
            --workers 0                            | --workers must be 1 or more, got 0
            --operation fail                       | --operation must be echo, sleep or http, got 'fail'
            --sleep-ms 5                           | --sleep-ms applies only to --operation sleep
            --latency-ms 5                         | --latency-ms applies only to --operation http
            --operation http --latency-ms 600001   | --latency-ms must be between 0 and 600000
            --operation http --latency-ms -1       | --latency-ms must be between 0 and 600000
            --api http://127.0.0.1:1 --operation http | --operation http applies only to the bench's own stack
            --timeout 0                            | --timeout must be positive
            --key abc                              | --key applies only with --api
            --db-url jdbc:postgresql://h/db        | --db-url applies only with --api
            --api http://127.0.0.1:1               | --api needs an API key: pass --key or set JOBS_BENCH_KEY or JOBS_BOOTSTRAP_ADMIN_KEY
            --api http://127.0.0.1:1 --key k       | --api needs the stack's database
            --api http://127.0.0.1:1 --workers 2   | --workers applies only to the bench's own stack
            --api ftp://127.0.0.1:1 --key k        | --api must be a base URL such as http://127.0.0.1:8080, got 'ftp://127.0.0.1:1'
            --api https://127.0.0.1:1 --key k      | --api must be a plain http URL: the bench client does not speak TLS
            --api http://127.0.0.1:1/api --key k   | --api must be a base URL
            --api http://127.0.0.1:1 --key k --db-url mysql://x | --db-url must be a PostgreSQL JDBC URL
            --history -1                           | --history must be between 0 and 100000000, got -1
            --lookups 10000001                     | --lookups must be between 0 and 10000000
            --lookup-rate 0                        | --lookup-rate must be max or between 0 and 1000000
            --lookup-rate often                    | --lookup-rate needs lookups per second or 'max', got 'often'
            --retention 27                         | --retention needs a whole number and a unit (d, h, m or s)
            --retention 0d                         | --retention must be positive
            --api http://127.0.0.1:1 --retention 1d | --retention applies only to the bench's own stack
            --lookups-during                       | --lookups-during needs a value
            --lookups-during 0                     | --lookups-during must be between 0 and 20000 lookups per second, got 0
            --lookups-during -5                    | --lookups-during must be between 0 and 20000 lookups per second, got -5
            --lookups-during 20001                 | --lookups-during must be between 0 and 20000 lookups per second, got 20001
            --lookups-during 1e9                   | --lookups-during must be between 0 and 20000 lookups per second, got 1000000000
            --lookups-during Infinity              | --lookups-during must be between 0 and 20000 lookups per second, got Infinity
            --lookups-during NaN                   | --lookups-during must be between 0 and 20000 lookups per second, got NaN
            --lookups-during often                 | --lookups-during needs lookups per second, e.g. --lookups-during 2000, got 'often'
            --lookups-during max                   | --lookups-during needs a fixed rate in lookups per second
            --lookups-during 5 --lookups-during 6  | --lookups-during is given twice
            --footprint-every 0                    | --footprint-every must be between 1 and 86400 seconds
            --footprint-every 86401                | --footprint-every must be between 1 and 86400 seconds
            --footprint-every 99999999999          | --footprint-every needs a whole number, got '99999999999'
            --api http://127.0.0.1:1 --footprint-every 60 | --footprint-every applies only to the bench's own stack
            --replica-events add@1                 | --replica-events needs a fixed --rate
            --rate 100 --replica-events grow@1     | --replica-events: unknown kind 'grow' in 'grow@1'; use add, stop or kill
            --rate 100 --replica-events add        | --replica-events needs KIND@SECONDS items such as add@10,stop@20,kill@30, got 'add'
            --rate 100 --replica-events add@soon   | --replica-events: 'add@soon' needs the seconds after the run starts as a number, got 'soon'
            --rate 100 --replica-events kill@-5    | --replica-events: 'kill@-5' needs 0 or more seconds after the run starts
            --rate 100 --replica-events add@1,,kill@2 | --replica-events needs KIND@SECONDS items
            --rate 100 --replica-events add@100    | --replica-events: 'add@100' is not within the run, which submits for 100 s (--jobs / --rate)
            --rate 100 --replica-events stop@10,kill@20 | --replica-events: kill@20 would leave no worker running (2 at the start)
            --workers 1 --rate 100 --replica-events kill@5,add@10 | --replica-events: kill@5 would leave no worker running (1 at the start)
            --api http://127.0.0.1:1 --rate 100 --replica-events add@1 | --replica-events applies only to the bench's own stack
            """)
    void bad_arguments_are_refused_with_a_message_that_says_what_to_do(String args, String message) {
        assertThatThrownBy(() -> parse(args.trim().split("\\s+")))
                .isInstanceOf(BenchUsageException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void replica_events_are_read_in_time_order_with_fractional_seconds() {
        BenchOptions options =
                parse("--jobs", "60000", "--rate", "1000", "--replica-events", "kill@30, add@10,stop@20.5");

        assertThat(options.replicaEvents())
                .containsExactly(
                        new ReplicaEvent(ReplicaEvent.Kind.ADD, Duration.ofSeconds(10)),
                        new ReplicaEvent(ReplicaEvent.Kind.STOP, Duration.ofMillis(20_500)),
                        new ReplicaEvent(ReplicaEvent.Kind.KILL, Duration.ofSeconds(30)));
        assertThat(options.replicaEvents())
                .extracting(ReplicaEvent::text)
                .containsExactly("add@10", "stop@20.5", "kill@30");
    }

    @Test
    void an_added_worker_lets_a_later_event_take_the_last_of_the_first_ones() {
        BenchOptions options = parse("--workers", "1", "--rate", "100", "--replica-events", "add@1,kill@2");

        assertThat(options.replicaEvents()).hasSize(2);
        assertThat(parse().replicaEvents()).isEmpty();
    }

    @Test
    void the_usage_names_every_option() {
        for (String option : List.of(
                "--jobs",
                "--warmup",
                "--rate",
                "--batch",
                "--clients",
                "--operation",
                "--sleep-ms",
                "--workers",
                "--data-dir",
                "--timeout",
                "--startup-timeout",
                "--api",
                "--key",
                "--db-url",
                "--history",
                "--lookups",
                "--lookup-rate",
                "--retention",
                "--lookups-during",
                "--replica-events")) {
            assertThat(BenchOptions.USAGE).contains(option);
        }
    }

    @Test
    void probes_are_off_by_default_and_read_with_their_rate_priority_key_and_backlog() {
        assertThat(parse().probe()).isEqualTo(BenchOptions.Probe.NONE);
        assertThat(parse().probe().jobs()).isZero();

        BenchOptions.Probe probe = parse(
                        "--probe",
                        "20",
                        "--probe-rate=5",
                        "--probe-priority",
                        "9",
                        "--probe-key=same",
                        "--probe-backlog",
                        "50_000")
                .probe();

        assertThat(probe).isEqualTo(new BenchOptions.Probe(20, 5, 9, true, 50_000));
    }

    @Test
    void a_probe_priority_outside_1_to_9_or_an_unknown_probe_key_is_refused() {
        assertThatThrownBy(() -> parse("--probe", "5", "--probe-priority", "10"))
                .isInstanceOf(BenchUsageException.class)
                .hasMessageContaining("--probe-priority must be between 1 and 9");
        assertThatThrownBy(() -> parse("--probe", "5", "--probe-key", "mine"))
                .isInstanceOf(BenchUsageException.class)
                .hasMessageContaining("--probe-key must be other or same");
    }
}
