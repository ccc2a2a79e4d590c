package dev.connectorjobs.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Which jobs the status lookups ask for, in order: with history, every even lookup is a random job
 * of the history and every odd one a random job of this run; without history, all are jobs of
 * this run.
 *
 * <p>History ids are sampled by time: the ids are version 7 UUIDs whose leading 48 bits are the
 * creation time in milliseconds, so the first id at or after a random instant between the oldest
 * and the newest job is a random job (one primary-key probe each, no table scan).
 *
 * @param ids the job of each lookup
 * @param history whether each lookup asks for a history job
 */
record StatusLookupTargets(List<UUID> ids, List<Boolean> history) {

    StatusLookupTargets {
        ids = List.copyOf(ids);
        history = List.copyOf(history);
        if (ids.size() != history.size()) {
            throw new IllegalArgumentException("one history flag per id");
        }
    }

    /** Mixes history and recent jobs as the class describes; {@code recent} must not be empty. */
    static StatusLookupTargets mix(List<UUID> historyIds, List<UUID> recent, int lookups, Random random) {
        if (recent.isEmpty()) {
            throw new IllegalArgumentException("status lookups need at least one job of this run");
        }
        List<UUID> ids = new ArrayList<>(lookups);
        List<Boolean> history = new ArrayList<>(lookups);
        for (int i = 0; i < lookups; i++) {
            boolean old = !historyIds.isEmpty() && i % 2 == 0;
            List<UUID> from = old ? historyIds : recent;
            ids.add(from.get(random.nextInt(from.size())));
            history.add(old);
        }
        return new StatusLookupTargets(ids, history);
    }

    int size() {
        return ids.size();
    }

    /** The smallest version 7 UUID of a millisecond: the probe for "the first job created at or after". */
    static UUID firstIdAt(long epochMillis) {
        return new UUID((epochMillis << 16) | 0x7000L, 0x8000000000000000L);
    }

    /** The creation time in milliseconds of a version 7 UUID. */
    static long millisOf(UUID id) {
        return id.getMostSignificantBits() >>> 16;
    }

    /**
     * Samples up to {@code count} random jobs created from {@code notBeforeMillis} (or the oldest job,
     * whichever is later) until {@code beforeMillis}, with repeats.
     *
     * @return the sampled ids; empty when the table holds no such job
     */
    static List<UUID> sampleHistory(
            Connection connection, int count, long notBeforeMillis, long beforeMillis, Random random)
            throws SQLException {
        Optional<UUID> oldest = oldestId(connection);
        if (oldest.isEmpty() || count == 0) {
            return List.of();
        }
        long from = Math.max(notBeforeMillis, millisOf(oldest.get()));
        long span = Math.max(1, beforeMillis - from);
        UUID[] probes = new UUID[count];
        for (int i = 0; i < count; i++) {
            probes[i] = firstIdAt(from + (long) (random.nextDouble() * span));
        }
        List<UUID> sample = new ArrayList<>(count);
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT (SELECT id FROM jobs WHERE id >= probe AND id < ? ORDER BY id LIMIT 1)
                  FROM unnest(?::uuid[]) AS probe
                """)) {
            Array array = connection.createArrayOf("uuid", probes);
            select.setObject(1, firstIdAt(beforeMillis));
            select.setArray(2, array);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    if (id != null) {
                        sample.add(id);
                    }
                }
            }
            array.free();
        }
        return sample;
    }

    private static Optional<UUID> oldestId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM jobs ORDER BY id LIMIT 1")) {
            return rows.next() ? Optional.of(rows.getObject(1, UUID.class)) : Optional.empty();
        }
    }
}
