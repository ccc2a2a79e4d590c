package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.database.DatabaseGuard;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tells a write that PostgreSQL refused for the values in it (SQLSTATE class 22, data exception:
 * bad encoding, a number out of range, JSON it cannot hold) from one that did not reach it. The
 * first fails the same way however often it is retried; the second may succeed later.
 */
final class StoreRefusal {

    private static final int MAX_REASON_LENGTH = 200;

    private StoreRefusal() {}

    /**
     * Why PostgreSQL refused the values of a failed write, e.g. {@code SQLSTATE 22021: invalid
     * byte sequence for encoding "UTF8": 0x00}; empty when the failure is anything else, an outage
     * in particular. The reason is the server's one-line message, without the detail lines that
     * may quote the values.
     */
    static Optional<String> reason(Throwable failure) {
        if (DatabaseGuard.isOutage(failure)) {
            return Optional.empty();
        }
        // A batch's exception chains the server's own error, whose message is the one to show: the
        // last data exception found, walking causes and next exceptions breadth first, wins.
        @Nullable SQLException refused = null;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> toVisit = new ArrayDeque<>(List.of(failure));
        while (!toVisit.isEmpty()) {
            Throwable t = toVisit.removeFirst();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException sql) {
                if (isDataException(sql)) {
                    refused = sql;
                }
                if (sql.getNextException() != null) {
                    toVisit.add(sql.getNextException());
                }
            }
            if (t.getCause() != null) {
                toVisit.add(t.getCause());
            }
        }
        return Optional.ofNullable(refused).map(StoreRefusal::describe);
    }

    private static boolean isDataException(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    private static String describe(SQLException e) {
        String message =
                e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        message = StorableText.text(message.replaceFirst("^[A-Z]+:\\s*", "").strip());
        if (message.length() > MAX_REASON_LENGTH) {
            message = message.substring(0, MAX_REASON_LENGTH) + "...";
        }
        return "SQLSTATE " + e.getSQLState() + (message.isEmpty() ? "" : ": " + message);
    }
}
