package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.unit.DataSize;

/** The key cache against the real schema: expiry, refresh by one request, revocation elsewhere. */
class ApiKeyCacheTest {

    private static final DataSource DB = TestDatabase.get().dataSource();
    private static final Duration TTL = Duration.ofSeconds(5);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T00:00:00Z"));
    private final ApiKeys keys = new ApiKeys(JdbcClient.create(DB), properties(), clock);

    private static SecurityProperties properties() {
        return new SecurityProperties(null, TTL, 1000, 2000, DataSize.ofKilobytes(256), 20, 30, true, false);
    }

    @Test
    void while_one_request_refreshes_an_expired_key_the_others_are_not_held_up() throws Exception {
        ApiKeys.CreatedKey created = keys.create("cache-refresh", Role.USER, null);
        assertThat(keys.authenticate(created.key())).isPresent();
        clock.advance(TTL.plusSeconds(1));

        // The lock holder is closed first (resources close in reverse order), so that a failing
        // assertion releases the lock and the executor's close does not wait for a blocked request.
        try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor();
                Connection holder = DB.getConnection()) {
            holder.setAutoCommit(false);
            lockKeyRow(holder, created);
            // The first request after expiry looks the key up again and waits for the row lock.
            CompletableFuture<Optional<ApiClient>> refreshing =
                    CompletableFuture.supplyAsync(() -> keys.authenticate(created.key()), requests);
            await().until(ApiKeyCacheTest::refreshWaitsForTheLock);

            // Another request meanwhile is answered from the cache, although the row is still locked.
            Optional<ApiClient> other = CompletableFuture.supplyAsync(() -> keys.authenticate(created.key()), requests)
                    .get(30, TimeUnit.SECONDS);
            assertThat(other).map(ApiClient::name).contains("cache-refresh");
            assertThat(refreshing).isNotDone();

            holder.rollback();
            assertThat(refreshing.get(30, TimeUnit.SECONDS)).isPresent();
        }
    }

    @Test
    void a_key_revoked_on_another_replica_is_refused_after_the_cache_time() {
        ApiKeys.CreatedKey created = keys.create("cache-revoke", Role.USER, null);
        assertThat(keys.authenticate(created.key())).isPresent();
        JdbcClient.create(DB)
                .sql("UPDATE api_keys SET revoked_at = now() WHERE id = ?")
                .param(created.info().id())
                .update();

        assertThat(keys.authenticate(created.key())).isPresent(); // still cached: another replica revoked it
        clock.advance(TTL.plusSeconds(1));
        assertThat(keys.authenticate(created.key())).isEmpty();
        assertThat(keys.authenticate(created.key())).isEmpty();
    }

    @Test
    void unknown_keys_are_looked_up_without_any_write() {
        TestDatabase db = TestDatabase.get();
        // Every statement on this data source runs in a read-only transaction: a write would fail.
        DriverManagerDataSource readOnly = new DriverManagerDataSource(
                db.url() + (db.url().contains("?") ? "&" : "?") + "readOnly=true&readOnlyMode=always",
                db.user(),
                db.password());
        ApiKeys readOnlyKeys = new ApiKeys(JdbcClient.create(readOnly), properties(), clock);

        for (int i = 0; i < 100; i++) {
            assertThat(readOnlyKeys.authenticate("cj_unknown-" + i)).isEmpty();
        }
    }

    @Test
    void a_flood_of_unknown_keys_leaves_valid_keys_cached() {
        ApiKeys.CreatedKey created = keys.create("cache-flood", Role.USER, null);
        assertThat(keys.authenticate(created.key())).isPresent();

        for (int i = 0; i < 500; i++) {
            assertThat(keys.authenticate("cj_unknown-" + i)).isEmpty();
        }
        assertThat(keys.cachedKeys()).isEqualTo(1); // unknown keys take no room that valid keys need
        JdbcClient.create(DB)
                .sql("UPDATE api_keys SET revoked_at = now() WHERE id = ?")
                .param(created.info().id())
                .update();

        // Still trusted from the cache: the flood did not push it out (a look-up would see the revocation).
        assertThat(keys.authenticate(created.key())).isPresent();
    }

    private static void lockKeyRow(Connection holder, ApiKeys.CreatedKey created) throws Exception {
        try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM api_keys WHERE id = ? FOR UPDATE")) {
            lock.setObject(1, created.info().id());
            lock.executeQuery().close();
        }
    }

    private static boolean refreshWaitsForTheLock() {
        return JdbcClient.create(DB).sql("""
                                SELECT count(*) FROM pg_stat_activity
                                 WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE api_keys SET last_used_at%'
                                """).query(Integer.class).single() > 0;
    }
}
