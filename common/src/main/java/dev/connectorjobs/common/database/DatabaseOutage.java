package dev.connectorjobs.common.database;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What both services count as the database being unreachable or overloaded, rather than a
 * statement being wrong: the difference between "try again later, all of it" and "this one write
 * is bad". The worker's database breaker counts only outages; both services' group commits fail a
 * whole batch at once on an outage instead of writing it again row by row.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {}

    /**
     * Whether {@code failure}, or any of its causes, says the database is unreachable or
     * overloaded: Spring's resource-failure, transient and recoverable data-access exceptions, a
     * transaction that could not begin, a connection pool that timed out, I/O trouble, and the
     * SQLSTATE classes {@code 08} (connection exception) and {@code 57P} (the server is shutting
     * down or restarting).
     */
    public static boolean isOutage(@Nullable Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof IOException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
