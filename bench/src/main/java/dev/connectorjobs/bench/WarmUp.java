package dev.connectorjobs.bench;

import java.util.List;

/**
 * When the warm-up may stop. It runs in rounds of {@code --warmup} jobs and stops once the CPU
 * the machine spends per job no longer falls: on 2 cores the JVMs' C2 compilers need minutes of
 * CPU (the api-gateway alone 150–280 s), and while the load takes both cores they get little of
 * it, so a fixed number of jobs left some runs measuring the compilers. One round is not enough
 * to tell: a round can cost a little more than the one before while the compilers still have
 * minutes of work left (measured: 0.524 then 0.535 ms per job, and 0.451 two rounds later).
 */
final class WarmUp {

    /** A round that costs more than this share of the cheapest earlier round counts as no cheaper. */
    static final double SETTLED_RATIO = 0.95;

    /** Rounds at most, settled or not. */
    static final int MAX_ROUNDS = 8;

    private WarmUp() {}

    /**
     * Whether the rounds so far are enough: the last two rounds were both no cheaper than the
     * cheapest round before them.
     *
     * @param cpuSecondsPerJob the machine's busy core-seconds per job of each round so far, in order
     */
    static boolean settled(List<Double> cpuSecondsPerJob) {
        int n = cpuSecondsPerJob.size();
        if (n >= MAX_ROUNDS) {
            return true;
        }
        if (n < 3) {
            return false;
        }
        double cheapestBefore = cpuSecondsPerJob.subList(0, n - 2).stream()
                .mapToDouble(Double::doubleValue)
                .min()
                .orElseThrow();
        return cpuSecondsPerJob.get(n - 2) > SETTLED_RATIO * cheapestBefore
                && cpuSecondsPerJob.get(n - 1) > SETTLED_RATIO * cheapestBefore;
    }
}
