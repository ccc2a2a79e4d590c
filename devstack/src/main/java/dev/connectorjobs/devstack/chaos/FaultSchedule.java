package dev.connectorjobs.devstack.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * When each fault is injected, as offsets from the start of the load. The faults that take the
 * stack down for a while (every class but {@link FaultKind#WORKER_KILL}) run one at a time, each
 * class once per round (in class order, round after round), spread evenly over the run, each with a window of its own that lasts as long as the fault plus a quiet
 * time, so that the recovery measured after it is its own. Worker kills fill the rest of the run at
 * a fixed interval. Nothing is injected in the first {@link #SETTLE} (the load reaches its steady
 * state) or in the last {@link #TAIL}.
 *
 * <p>A run too short for its windows is not refused: the faults then run back to back and the run
 * lasts longer than asked, which the report shows.
 *
 * @param faults the planned faults, by offset
 */
record FaultSchedule(List<Planned> faults) {

    static final Duration SETTLE = Duration.ofSeconds(15);
    static final Duration TAIL = Duration.ofSeconds(10);
    /** After a fault, before the next one, so that its recovery is measured undisturbed. */
    static final Duration QUIET = Duration.ofSeconds(20);
    /** Per worker of a rolling restart: stop, start, register. */
    static final Duration RESTART_PER_WORKER = Duration.ofSeconds(30);
    /** Per api-gateway of a rolling upgrade: drain and stop, start, report ready (slower than a worker). */
    static final Duration RESTART_PER_API = Duration.ofSeconds(60);

    /** One fault at {@code at} after the start of the load. */
    record Planned(Duration at, FaultKind kind) {}

    /**
     * The timing a plan needs.
     *
     * @param duration how long the load runs
     * @param killInterval time between two worker kills
     * @param outage how long PostgreSQL stays unreachable for a cut
     * @param pause how long a paused worker stays stopped
     * @param workers workers of the stack (a rolling restart takes longer with more)
     * @param apis api-gateways of the stack (so does a rolling upgrade)
     */
    record Timing(Duration duration, Duration killInterval, Duration outage, Duration pause, int workers, int apis) {}

    FaultSchedule {
        faults = List.copyOf(faults);
    }

    /** One round of every class in {@code kinds}. */
    static FaultSchedule plan(Timing timing, Set<FaultKind> kinds) {
        return plan(timing, kinds, 1);
    }

    /** {@code rounds} rounds of every class in {@code kinds} but worker kills, which fill the rest. */
    static FaultSchedule plan(Timing timing, Set<FaultKind> kinds, int rounds) {
        List<FaultKind> round =
                kinds.stream().filter(k -> k != FaultKind.WORKER_KILL).sorted().toList();
        List<FaultKind> exclusive = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            exclusive.addAll(round);
        }
        Duration busy = exclusive.stream().map(k -> window(k, timing)).reduce(Duration.ZERO, Duration::plus);
        Duration free = timing.duration().minus(SETTLE).minus(TAIL).minus(busy);
        Duration gap = free.isNegative() ? Duration.ZERO : free.dividedBy(exclusive.size() + 1);

        List<Planned> planned = new ArrayList<>();
        List<Duration[]> windows = new ArrayList<>();
        Duration at = SETTLE;
        for (FaultKind kind : exclusive) {
            at = at.plus(gap);
            planned.add(new Planned(at, kind));
            Duration end = at.plus(window(kind, timing));
            windows.add(new Duration[] {at, end});
            at = end;
        }
        if (kinds.contains(FaultKind.WORKER_KILL)) {
            Duration last = timing.duration().minus(TAIL);
            for (Duration kill = SETTLE; kill.compareTo(last) <= 0; kill = kill.plus(timing.killInterval())) {
                if (outsideAll(kill, windows)) {
                    planned.add(new Planned(kill, FaultKind.WORKER_KILL));
                }
            }
        }
        planned.sort(Comparator.comparing(Planned::at));
        return new FaultSchedule(planned);
    }

    /** How many faults of {@code kind} are planned. */
    long count(FaultKind kind) {
        return faults.stream().filter(p -> p.kind() == kind).count();
    }

    /** How long {@code kind} keeps other faults away: the fault itself and a quiet time after it. */
    static Duration window(FaultKind kind, Timing timing) {
        Duration fault = switch (kind) {
            case WORKER_KILL, API_KILL, KAFKA_KILL, POSTGRES_KILL -> Duration.ZERO;
            case WORKER_RESTART -> RESTART_PER_WORKER.multipliedBy(timing.workers());
            case ROLLING_UPGRADE ->
                RESTART_PER_WORKER.multipliedBy(timing.workers()).plus(RESTART_PER_API.multipliedBy(timing.apis()));
            case DB_CUT_ONE, DB_CUT_ALL -> timing.outage();
            case WORKER_PAUSE -> timing.pause();
        };
        return fault.plus(QUIET);
    }

    private static boolean outsideAll(Duration at, List<Duration[]> windows) {
        return windows.stream().noneMatch(w -> at.compareTo(w[0]) >= 0 && at.compareTo(w[1]) < 0);
    }
}
