package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.util.StaticUtils;
import java.text.ParseException;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Active Directory's encodings of values that are not text: Windows file times (the {@code Large
 * Integer} syntax of {@code lastLogonTimestamp}, {@code pwdLastSet}, {@code accountExpires}),
 * generalized times ({@code whenChanged}) and the binary {@code objectGUID}.
 */
final class AdValues {

    /** 100-nanosecond intervals from 1601-01-01T00:00:00Z, where file times count from, to the Unix epoch. */
    static final long FILE_TIME_EPOCH = 116_444_736_000_000_000L;

    private static final long TICKS_PER_SECOND = 10_000_000L;

    private AdValues() {}

    /**
     * The instant of the Windows file time {@code text} (100-nanosecond intervals since 1601, in UTC),
     * or null for {@code 0} and {@code 9223372036854775807}, which Active Directory writes for "never".
     *
     * @throws NumberFormatException when {@code text} is not an integer
     */
    static @Nullable Instant fileTime(String text) {
        long ticks = Long.parseLong(text.strip());
        if (ticks <= 0 || ticks == Long.MAX_VALUE) {
            return null;
        }
        long sinceEpoch = ticks - FILE_TIME_EPOCH;
        return Instant.ofEpochSecond(
                Math.floorDiv(sinceEpoch, TICKS_PER_SECOND), Math.floorMod(sinceEpoch, TICKS_PER_SECOND) * 100);
    }

    /** The Windows file time of {@code instant}: the inverse of {@link #fileTime}. */
    static long fileTime(Instant instant) {
        return Math.addExact(
                Math.addExact(Math.multiplyExact(instant.getEpochSecond(), TICKS_PER_SECOND), FILE_TIME_EPOCH),
                instant.getNano() / 100);
    }

    /**
     * The instant of the generalized time {@code text}, e.g. {@code 20261203101500.0Z}.
     *
     * @throws ParseException when {@code text} is not a generalized time
     */
    static Instant generalizedTime(String text) throws ParseException {
        return StaticUtils.decodeGeneralizedTime(text.strip()).toInstant();
    }

    /**
     * The GUID in its usual text form, as Windows shows it ({@code Get-ADComputer}'s {@code
     * ObjectGUID}): the first three groups of the 16 bytes are little-endian, the rest in order.
     *
     * @return the lower-case form, e.g. {@code 0f8fad5b-d9cb-469f-a165-70867728950e}, or null when
     *     {@code bytes} are not 16
     */
    static @Nullable String guid(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        byte[] ordered = {
            bytes[3], bytes[2], bytes[1], bytes[0], bytes[5], bytes[4], bytes[7], bytes[6], bytes[8], bytes[9],
            bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
        };
        String hex = HexFormat.of().formatHex(ordered);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
