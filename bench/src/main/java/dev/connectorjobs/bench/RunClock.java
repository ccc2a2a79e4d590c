package dev.connectorjobs.bench;

import java.time.Instant;

/**
 * Converts {@link System#nanoTime()} readings of the run into wall-clock microseconds, so that
 * intended send times can be compared with the timestamps PostgreSQL holds ({@code created_at},
 * {@code started_at}, {@code finished_at}: written by the api-gateway and the workers from the same
 * host clock, with microsecond precision).
 *
 * @param startNanos a {@code nanoTime} reading
 * @param startEpochMicros the wall-clock time of that reading, in microseconds since the epoch
 */
record RunClock(long startNanos, long startEpochMicros) {

    static RunClock start() {
        Instant wall = Instant.now();
        return new RunClock(System.nanoTime(), epochMicros(wall));
    }

    /** The wall-clock time of a {@code nanoTime} reading, in microseconds since the epoch. */
    long epochMicros(long nanos) {
        return startEpochMicros + Math.floorDiv(nanos - startNanos, 1_000L);
    }

    static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }
}
