package dev.connectorjobs.bench;

import java.time.Duration;

/** The end of the run's time budget, on the {@link System#nanoTime()} scale. */
record Deadline(long atNanos) {

    static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    boolean hasPassed() {
        return remainingNanos() <= 0;
    }

    long remainingNanos() {
        return atNanos - System.nanoTime();
    }

    /** Whether {@code nanos} (a {@code nanoTime} reading) lies after the deadline. */
    boolean isBefore(long nanos) {
        return nanos - atNanos > 0;
    }
}
