package dev.connectorjobs.devstack.bench;

import java.util.List;

/**
 * When the warm-up may stop. It runs in rounds of {@code --warmup} jobs and stops once the CPU
 * the machine spends per job no longer falls: on 2 cores the JVMs' C2 compilers need minutes of
 * CPU (the api-gateway alone 150–280 s), and while the load takes both cores they get little of
 * it, so a fixed number of jobs left some runs measuring the compilers.
 */
final class WarmUp {

    /** A round that costs more than this share of the round before counts as no longer falling. */
    static final double SETTLED_RATIO = 0.95;

    /** Rounds at most, settled or not. */
    static final int MAX_ROUNDS = 8;

    private WarmUp() {}

    /**
     * Whether the rounds so far are enough.
     *
     * @param cpuSecondsPerJob the machine's busy core-seconds per job of each round so far, in order
     */
    static boolean settled(List<Double> cpuSecondsPerJob) {
        int n = cpuSecondsPerJob.size();
        if (n >= MAX_ROUNDS) {
            return true;
        }
        return n >= 2 && cpuSecondsPerJob.get(n - 1) > SETTLED_RATIO * cpuSecondsPerJob.get(n - 2);
    }
}
