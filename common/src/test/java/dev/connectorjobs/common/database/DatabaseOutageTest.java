package dev.connectorjobs.common.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

class DatabaseOutageTest {

    @Test
    void an_unreachable_or_overloaded_database_is_an_outage() {
        assertThat(DatabaseOutage.isOutage(new DataAccessResourceFailureException("gone")))
                .isTrue();
        assertThat(DatabaseOutage.isOutage(new QueryTimeoutException("slow"))).isTrue();
        assertThat(DatabaseOutage.isOutage(new CannotAcquireLockException("busy")))
                .isTrue();
        assertThat(DatabaseOutage.isOutage(new RecoverableDataAccessException("again")))
                .isTrue();
        assertThat(DatabaseOutage.isOutage(new CannotCreateTransactionException("no connection")))
                .isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLTransientConnectionException("pool timed out")))
                .isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLException("refused", "08001")))
                .isTrue();
        assertThat(DatabaseOutage.isOutage(new SQLException("restarting", "57P01")))
                .isTrue();
    }

    @Test
    void an_outage_anywhere_in_the_causes_counts() {
        assertThat(DatabaseOutage.isOutage(new IllegalStateException(
                        "wrapped", new UncheckedIOException(new ConnectException("Connection refused")))))
                .isTrue();
        assertThat(DatabaseOutage.isOutage(new RuntimeException("wrapped", new SQLException("broken pipe", "08006"))))
                .isTrue();
    }

    @Test
    void a_statement_the_database_refuses_is_no_outage() {
        assertThat(DatabaseOutage.isOutage(
                        new DataIntegrityViolationException("duplicate", new SQLException("duplicate key", "23505"))))
                .isFalse();
        assertThat(DatabaseOutage.isOutage(new SQLException("numeric overflow", "22003")))
                .isFalse();
        assertThat(DatabaseOutage.isOutage(new SQLException("no state"))).isFalse();
        assertThat(DatabaseOutage.isOutage(new IllegalArgumentException("bad"))).isFalse();
        assertThat(DatabaseOutage.isOutage(null)).isFalse();
    }
}
