package dev.connectorjobs.model.job;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;

/**
 * Job ids: RFC 9562 version 7 UUIDs. Their leading 48 bits are the creation time in milliseconds,
 * so new rows land at the right-hand edge of the primary-key index instead of on random pages.
 */
public final class JobIds {

    private static final SecureRandom RANDOM = new SecureRandom();

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
        long millis = clock.millis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
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
