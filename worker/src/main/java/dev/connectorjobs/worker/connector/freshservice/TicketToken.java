package dev.connectorjobs.worker.connector.freshservice;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * The tag that marks the ticket a job created, so that a retried attempt finds it instead of
 * creating another: {@code cj-} and the job id in base 36 (at most 28 characters, lower case).
 *
 * <p>Not the plain UUID: the API validation Freshworks products share rejects tags longer than 32
 * characters ({@code "It should only contain elements that have maximum of 32 characters"}), and
 * {@code cj-} plus 36 characters would be 39. Lower-case letters and digits survive
 * case-insensitive tag matching and need no escaping inside the filter query's quotes.
 */
final class TicketToken {

    private static final String PREFIX = "cj-";

    private TicketToken() {}

    /** The tag of the ticket that job {@code jobId} creates. */
    static String of(UUID jobId) {
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(jobId.getMostSignificantBits())
                .putLong(jobId.getLeastSignificantBits())
                .array();
        return PREFIX + new BigInteger(1, bytes).toString(Character.MAX_RADIX);
    }
}
