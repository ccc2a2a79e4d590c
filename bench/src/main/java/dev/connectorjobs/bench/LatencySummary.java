package dev.connectorjobs.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies, by the nearest-rank method: the p-th percentile is the
 * smallest value that at least p % of the values do not exceed. Exact, from all values (a run holds
 * at most a few million), in milliseconds.
 *
 * @param count number of values
 * @param p50Ms median
 * @param p95Ms 95th percentile
 * @param p99Ms 99th percentile
 * @param maxMs largest value
 */
record LatencySummary(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);

    /** Summarises latencies given in microseconds. */
    static LatencySummary ofMicros(long[] micros) {
        if (micros.length == 0) {
            return EMPTY;
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new LatencySummary(
                sorted.length,
                millis(nearestRank(sorted, 50)),
                millis(nearestRank(sorted, 95)),
                millis(nearestRank(sorted, 99)),
                millis(sorted[sorted.length - 1]));
    }

    /**
     * The nearest-rank percentile of sorted values.
     *
     * @param percentile above 0, at most 100
     */
    static long nearestRank(long[] sorted, double percentile) {
        if (sorted.length == 0 || !(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("need values and a percentile in (0, 100]");
        }
        int rank = (int) Math.ceil(percentile * sorted.length / 100);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }
}
