package dev.connectorjobs.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class AutovacuumCheckTest {

    @Test
    void a_naptime_of_a_few_seconds_needs_no_advice() {
        assertThat(AutovacuumCheck.advice(true, 5)).isEmpty();
        assertThat(AutovacuumCheck.advice(true, AutovacuumCheck.MAX_NAPTIME_SECONDS))
                .isEmpty();
    }

    @Test
    void postgresqls_default_naptime_is_called_out_with_the_fix() {
        assertThat(AutovacuumCheck.advice(true, 60))
                .hasValueSatisfying(advice -> assertThat(advice)
                        .contains("autovacuum_naptime is 60 s")
                        .contains("Set autovacuum_naptime = 5s"));
    }

    @Test
    void autovacuum_off_is_called_out() {
        assertThat(AutovacuumCheck.advice(false, 5))
                .hasValueSatisfying(advice -> assertThat(advice)
                        .startsWith("PostgreSQL's autovacuum is off")
                        .contains("Turn autovacuum on"));
    }

    @Test
    void the_settings_are_read_from_the_server() {
        AutovacuumCheck check =
                new AutovacuumCheck(JdbcClient.create(TestDatabase.get().dataSource()));

        assertThat(check.settings()).containsOnlyKeys("autovacuum", "autovacuum_naptime");
        assertThat(check.settings().get("autovacuum")).isIn("on", "off");
        assertThat(Integer.parseInt(check.settings().get("autovacuum_naptime"))).isPositive();
    }
}
