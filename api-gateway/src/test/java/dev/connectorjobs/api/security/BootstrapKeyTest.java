package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/** The bootstrap admin key follows JOBS_BOOTSTRAP_ADMIN_KEY across restarts, in a database of its own. */
class BootstrapKeyTest {

    private static final String FIRST = "first-bootstrap-key-0123456789";
    private static final String SECOND = "second-bootstrap-key-0123456789";

    private final DataSource db = TestDatabase.get().freshDatabase();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-03T00:00:00Z"));

    /** An api-gateway's key store as it starts with this configuration. */
    private ApiKeys startWith(@Nullable String bootstrapKey) {
        ApiKeys keys = new ApiKeys(
                JdbcClient.create(db),
                new SecurityProperties(
                        bootstrapKey, Duration.ZERO, 1000, 2000, DataSize.ofKilobytes(256), 20, 30, true, false),
                clock);
        keys.reconcileBootstrapKey();
        return keys;
    }

    @Test
    void the_configured_key_is_an_admin_key() {
        ApiKeys keys = startWith(FIRST);

        assertThat(keys.authenticate(FIRST)).map(ApiClient::role).contains(Role.ADMIN);
    }

    @Test
    void a_restart_without_the_variable_revokes_the_key_it_installed() {
        startWith(FIRST);

        ApiKeys restarted = startWith(null);

        assertThat(restarted.authenticate(FIRST)).isEmpty();
    }

    @Test
    void a_new_value_replaces_the_old_key() {
        startWith(FIRST);

        ApiKeys restarted = startWith(SECOND);

        assertThat(restarted.authenticate(FIRST)).isEmpty();
        assertThat(restarted.authenticate(SECOND)).isPresent();
    }

    @Test
    void a_key_an_admin_revoked_stays_revoked_though_still_configured() {
        ApiKeys keys = startWith(FIRST);
        ApiClient bootstrap = keys.authenticate(FIRST).orElseThrow();
        keys.revoke(bootstrap.keyId());

        ApiKeys restarted = startWith(FIRST);

        assertThat(restarted.authenticate(FIRST)).isEmpty();
    }

    @Test
    void keys_created_with_the_bootstrap_key_survive_its_revocation() {
        ApiKeys keys = startWith(FIRST);
        ApiKeys.CreatedKey named = keys.create("team", Role.ADMIN, ApiKeys.BOOTSTRAP_NAME);

        ApiKeys restarted = startWith(null);

        assertThat(restarted.authenticate(named.key())).isPresent();
    }

    @Test
    void no_part_of_the_bootstrap_key_is_stored_in_clear() {
        startWith(FIRST);

        String prefix = JdbcClient.create(db)
                .sql("SELECT key_prefix FROM api_keys WHERE name = :name")
                .param("name", ApiKeys.BOOTSTRAP_NAME)
                .query(String.class)
                .single();
        assertThat(FIRST).doesNotContain(prefix);
    }
}
