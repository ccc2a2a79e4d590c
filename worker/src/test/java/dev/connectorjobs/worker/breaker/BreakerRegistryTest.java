package dev.connectorjobs.worker.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;

class BreakerRegistryTest {

    private static final Duration MS = Duration.ofMillis(1);

    private final SettableClock clock = SettableClock.atNow();
    private final BreakerRegistry registry = Breakers.registry(clock, Map.of());

    private static void fail(ServiceBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            breaker.acquirePermission();
            breaker.onFailure(MS, new IOException("connection reset"));
        }
    }

    private static void succeed(ServiceBreaker breaker) {
        breaker.acquirePermission();
        breaker.onSuccess(MS);
    }

    @Test
    void every_service_has_a_breaker_with_the_original_defaults() {
        assertThat(registry.all()).extracting(ServiceBreaker::name).containsExactlyElementsOf(BreakerDefaults.names());
        assertThat(registry.get("jira").settings()).isEqualTo(new BreakerSettings(5, Duration.ofSeconds(60), 1));
        assertThat(registry.get("database").settings()).isEqualTo(new BreakerSettings(10, Duration.ofSeconds(30), 1));
        assertThat(registry.all()).allSatisfy(b -> assertThat(b.state()).isEqualTo(State.CLOSED));
    }

    @Test
    void five_consecutive_failures_open_a_breaker_and_four_do_not() {
        ServiceBreaker jira = registry.get("jira");

        fail(jira, 4);
        assertThat(jira.state()).isEqualTo(State.CLOSED);

        fail(jira, 1);
        assertThat(jira.state()).isEqualTo(State.OPEN);
        assertThat(jira.openedAt()).contains(clock.instant());
    }

    @Test
    void a_success_between_failures_keeps_the_breaker_closed() {
        ServiceBreaker jira = registry.get("jira");

        fail(jira, 4);
        succeed(jira);
        fail(jira, 4);

        assertThat(jira.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void the_database_breaker_opens_after_ten_failures() {
        ServiceBreaker database = registry.get("database");

        fail(database, 9);
        assertThat(database.state()).isEqualTo(State.CLOSED);
        fail(database, 1);
        assertThat(database.state()).isEqualTo(State.OPEN);
    }

    @Test
    void an_open_breaker_rejects_calls_with_the_time_it_will_allow_a_trial() {
        ServiceBreaker jira = registry.get("jira");
        fail(jira, 5);
        Instant opened = clock.instant();
        clock.advance(Duration.ofSeconds(20));

        CircuitOpenException rejected = catchThrowableOfType(CircuitOpenException.class, jira::acquirePermission);

        assertThat(rejected.breaker()).isEqualTo("jira");
        assertThat(rejected.state()).isEqualTo("OPEN");
        assertThat(rejected.errorType()).isEqualTo("CircuitOpen");
        assertThat(rejected.isRetryable()).isTrue();
        assertThat(rejected.halfOpenAt()).isEqualTo(opened.plusSeconds(60));
        assertThat(rejected.retryAfter()).contains(Duration.ofSeconds(40));
        assertThat(rejected).isInstanceOf(ConnectorException.class);
    }

    @Test
    void after_the_reset_timeout_one_trial_call_closes_the_breaker_when_it_succeeds() {
        ServiceBreaker jira = registry.get("jira");
        fail(jira, 5);
        clock.advance(Duration.ofSeconds(60).plus(MS));

        jira.acquirePermission();
        assertThat(jira.state()).isEqualTo(State.HALF_OPEN);
        CircuitOpenException second = catchThrowableOfType(CircuitOpenException.class, jira::acquirePermission);
        jira.onSuccess(MS);

        assertThat(second.state()).isEqualTo("HALF_OPEN");
        assertThat(second.halfOpenAt()).isEqualTo(clock.instant().plus(ServiceBreaker.TRIAL_RECHECK));
        assertThat(jira.state()).isEqualTo(State.CLOSED);
        assertThat(jira.openedAt()).isEmpty();
    }

    @Test
    void after_the_reset_timeout_one_failed_trial_call_opens_the_breaker_again() {
        ServiceBreaker jira = registry.get("jira");
        fail(jira, 5);
        clock.advance(Duration.ofSeconds(61));

        fail(jira, 1);

        assertThat(jira.state()).isEqualTo(State.OPEN);
        assertThat(catchThrowableOfType(CircuitOpenException.class, jira::acquirePermission)
                        .halfOpenAt())
                .isEqualTo(clock.instant().plusSeconds(60));
    }

    @Test
    void cancellations_and_permanent_failures_are_not_counted_as_failures_of_the_service() {
        ServiceBreaker jira = registry.get("jira");

        for (int i = 0; i < 10; i++) {
            jira.acquirePermission();
            jira.onFailure(MS, new JobCancelledException("revoked"));
            jira.acquirePermission();
            jira.onFailure(MS, ConnectorException.permanent("HttpClientError", "404"));
        }

        assertThat(jira.state()).isEqualTo(State.CLOSED);
        assertThat(jira.snapshot().failureCount()).isZero();
    }

    @Test
    void call_records_the_outcome_of_the_work_it_runs() throws Exception {
        ServiceBreaker ldap = registry.get("entra_id");

        assertThat(ldap.call(() -> "bound")).isEqualTo("bound");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> ldap.call(() -> {
                        throw new IOException("LDAP server down");
                    }))
                    .isInstanceOf(IOException.class);
        }

        assertThat(ldap.state()).isEqualTo(State.OPEN);
        assertThatThrownBy(() -> ldap.call(() -> "never runs")).isInstanceOf(CircuitOpenException.class);
        assertThat(ldap.snapshot().lastError()).isEqualTo("IOException: LDAP server down");
    }

    @Test
    void a_forced_open_breaker_rejects_calls_until_it_is_restored() {
        ServiceBreaker jira = registry.get("jira");

        jira.forceOpen();
        CircuitOpenException rejected = catchThrowableOfType(CircuitOpenException.class, jira::acquirePermission);
        clock.advance(Duration.ofHours(1));

        assertThat(rejected.state()).isEqualTo("FORCED_OPEN");
        assertThat(rejected.getMessage()).contains("restore it through the admin API");
        assertThat(jira.state()).isEqualTo(State.FORCED_OPEN);
        assertThat(jira.restore()).isTrue();
        assertThat(jira.state()).isEqualTo(State.CLOSED);
        succeed(jira);
    }

    @Test
    void a_disabled_breaker_lets_every_call_through_until_it_is_restored() {
        ServiceBreaker jira = registry.get("jira");

        jira.disable();
        fail(jira, 20);

        assertThat(jira.state()).isEqualTo(State.DISABLED);
        assertThat(jira.restore()).isTrue();
        fail(jira, 5);
        assertThat(jira.state()).isEqualTo(State.OPEN);
    }

    @Test
    void restore_changes_nothing_on_a_breaker_that_is_neither_forced_open_nor_disabled() {
        ServiceBreaker jira = registry.get("jira");
        fail(jira, 5);

        assertThat(jira.restore()).isFalse();
        assertThat(jira.state()).isEqualTo(State.OPEN);
    }

    @Test
    void reset_closes_an_open_breaker_and_clears_its_counts() {
        ServiceBreaker jira = registry.get("jira");
        fail(jira, 5);

        jira.reset();

        assertThat(jira.state()).isEqualTo(State.CLOSED);
        assertThat(jira.snapshot().failureCount()).isZero();
        fail(jira, 4);
        assertThat(jira.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void configuration_overrides_the_defaults_of_the_breakers_it_names_only() {
        BreakerRegistry configured = Breakers.registry(
                clock,
                Map.of(
                        "jobs.breakers.jira.failure-threshold", "2",
                        "jobs.breakers.jira.reset-timeout", "500ms",
                        "jobs.breakers.entra_id.half-open-calls", "3",
                        "jobs.breakers.ANDROID-ENTERPRISE.reset-timeout", "2m"));

        assertThat(configured.get("jira").settings()).isEqualTo(new BreakerSettings(2, Duration.ofMillis(500), 1));
        assertThat(configured.get("entra_id").settings().halfOpenCalls()).isEqualTo(3);
        assertThat(configured.get("android_enterprise").settings().resetTimeout())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(configured.get("defender").settings()).isEqualTo(BreakerSettings.defaultsOf("defender"));
    }

    @Test
    void an_unknown_breaker_name_in_configuration_fails_naming_it_and_the_known_breakers() {
        assertThatThrownBy(() -> Breakers.properties(Map.of("jobs.breakers.jria.failure-threshold", "3")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("jobs.breakers.jria")
                .hasMessageContaining(BreakerDefaults.names().toString());
    }

    @Test
    void an_invalid_threshold_in_configuration_fails_naming_the_property() {
        assertThatThrownBy(() -> Breakers.properties(Map.of("jobs.breakers.jira.failure-threshold", "0")))
                .rootCause()
                .hasMessageContaining("jobs.breakers.jira.failure-threshold must be at least 1");
    }

    @Test
    void asking_the_registry_for_an_unknown_breaker_lists_the_known_ones() {
        assertThatThrownBy(() -> registry.get("nosuch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("external_api");
        assertThat(registry.find("Entra-ID")).map(ServiceBreaker::name).contains("entra_id");
    }
}
