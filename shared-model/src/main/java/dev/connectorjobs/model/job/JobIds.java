package dev.connectorjobs.model.job;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * Job ids: RFC 9562 version 7 UUIDs. Their leading 48 bits are the creation time in milliseconds,
 * so new rows land at the right-hand edge of the primary-key index instead of on random pages, and
 * the primary key doubles as the creation-time index: listing newest first walks it backwards, and
 * a time bound becomes an id bound ({@link #firstAt}).
 */
public final class JobIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The first instant a version 7 UUID cannot carry: its time part has 48 bits (year 10889). */
    private static final Instant END_OF_TIME = Instant.ofEpochMilli(1L << 48);

    /**
     * How much later than its {@code created_at} a job id's time part may be. Ids made since
     * migration V9 carry exactly the creation millisecond; older rows took the id a moment after the
     * timestamp. A time bound turned into an id bound widens it by this much and keeps the exact
     * timestamp test.
     */
    public static final Duration CREATED_AT_SLACK = Duration.ofSeconds(1);

    private JobIds() {}

    /**
     * PostgreSQL's order of {@code uuid} values (unsigned, byte by byte). Every statement that
     * updates several job rows visits them in this order, so two of them never wait for each other
     * in a cycle (deadlock).
     */
    public static final Comparator<UUID> LOCK_ORDER = Comparator.comparing(
                    UUID::getMostSignificantBits, Long::compareUnsigned)
            .thenComparing(UUID::getLeastSignificantBits, Long::compareUnsigned);

    /** A new version 7 UUID for the current time of {@code clock}. */
    public static UUID newId(Clock clock) {
        return newId(clock.instant());
    }

    /**
     * A new version 7 UUID for a job created at {@code createdAt}: its time part is that instant's
     * millisecond, so ordering by id orders by creation time.
     */
    public static UUID newId(Instant createdAt) {
        long millis = createdAt.toEpochMilli();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /**
     * The lowest id, in PostgreSQL's order, of a job created at {@code at} or later: every id made
     * by {@link #newId} for an instant in an earlier millisecond sorts below it, every id for the
     * same or a later millisecond sorts at or above it. Not itself a valid job id; a bound for
     * {@code id >= ?} and {@code id < ?}.
     */
    public static UUID firstAt(Instant at) {
        if (at.isBefore(Instant.EPOCH)) {
            return new UUID(0L, 0L);
        }
        if (!at.isBefore(END_OF_TIME)) {
            return new UUID(-1L, -1L);
        }
        return new UUID(at.toEpochMilli() << 16, 0L);
    }

    /**
     * Parses a task id as clients send it.
     *
     * @return the id, or empty when the text is not a UUID in its canonical 36-character form
     */
    public static Optional<UUID> parse(String text) {
        if (text.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
