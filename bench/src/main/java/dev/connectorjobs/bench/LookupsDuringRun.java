package dev.connectorjobs.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Status lookups while the run's jobs flow ({@code --lookups-during R}), as clients polling their
 * jobs would send them: lookup {@code i} is due {@code i / R} seconds after the run's start, open
 * loop like the submissions ({@link OpenLoopSchedule}), and asks for a job picked at random among
 * those the API has accepted so far in this run ({@link AcceptedIds}), so lookups hit jobs in every
 * state. They run from the run's start until {@link #finish()}, which the bench calls once every
 * accepted job is terminal (or the time is up).
 *
 * <ul>
 *   <li>A lookup that finds no accepted job when a client takes it at its time is <em>skipped</em>:
 *       there is nothing to ask for yet. Unless the clients are behind from the start, these are
 *       the lookups due before the first job was accepted.
 *   <li>Latency runs from the intended send time to the answer's last byte, so a stall shows in
 *       every lookup due during it; a lookup sent more than {@link #LATE} after it was due counts as
 *       <em>late</em> (the clients fell behind the schedule).
 *   <li>Lookups due before the end but not sent by then (the clients were busy) are
 *       <em>unsent</em>.
 * </ul>
 *
 * <p>Client threads: {@link #clientsFor(double)}, enough to keep R lookups per second going while
 * each waits up to {@link #PLAUSIBLE_LATENCY} for its answer.
 */
final class LookupsDuringRun {

    /** A lookup sent this long after it was due counts as late. */
    static final Duration LATE = Duration.ofMillis(100);

    /**
     * The answer time the client threads are sized for: by Little's law R lookups per second that
     * take this long each keep R × 50 ms of them in flight. A status read is a primary-key lookup
     * that takes a few milliseconds, so this leaves room for a tail ten times the median; beyond it
     * the lookups fall behind and show as late, which the report says.
     */
    static final Duration PLAUSIBLE_LATENCY = Duration.ofMillis(50);

    static final int MIN_CLIENTS = 4;
    static final int MAX_CLIENTS = 1_024;

    /** How long a client waiting for its next lookup's time sleeps at most before it looks at the end flag. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LoadGenerator.Target target;
    private final AcceptedIds accepted;
    private final double rate;
    private final int clients;
    private final long startNanos;
    private final double nanosPerLookup;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final ResponseCounts responses = new ResponseCounts();
    private final ResponseCounts jobStatuses = new ResponseCounts();
    private final ConcurrentLinkedQueue<Latencies> latencies = new ConcurrentLinkedQueue<>();
    private final Thread runner;
    private volatile boolean ended;

    /**
     * What the lookups during the run saw.
     *
     * @param rate lookups per second asked for
     * @param clients client threads
     * @param due lookups due from the run's start until its end
     * @param sent lookups sent (answered or failed)
     * @param skipped lookups due while no job had been accepted yet
     * @param late lookups sent more than {@link #LATE} after they were due
     * @param unsent lookups due before the end but not sent by then
     * @param latencyMicros latencies of the 200 answers, from the intended send time
     * @param responses lookups by HTTP status or transport failure ({@link ResponseCounts})
     * @param jobStatuses 200 answers by the job status they carried ({@code QUEUED}, {@code SUCCESS}, ...)
     * @param seconds from the run's start until the end
     */
    record Result(
            double rate,
            int clients,
            long due,
            long sent,
            long skipped,
            long late,
            long unsent,
            long[] latencyMicros,
            Map<String, Long> responses,
            Map<String, Long> jobStatuses,
            double seconds) {

        Result {
            latencyMicros = latencyMicros.clone();
            responses = Map.copyOf(responses);
            jobStatuses = Map.copyOf(jobStatuses);
        }

        LatencySummary latency() {
            return LatencySummary.ofMicros(latencyMicros);
        }

        double sentPerSecond() {
            return seconds > 0 ? sent / seconds : 0;
        }

        /** The report's lines, without the {@code bench:} prefix. */
        List<String> lines() {
            LatencySummary l = latency();
            return List.of(
                    ("status lookups during the run at %s/s from %d client(s), GET %s: %d due, %d sent (%.0f/s over"
                                    + " %.1f s), %d skipped (no job accepted yet), %d late (> %d ms behind), %d unsent")
                            .formatted(
                                    BenchOptions.formatRate(rate),
                                    clients,
                                    StatusLookups.PATH,
                                    due,
                                    sent,
                                    sentPerSecond(),
                                    seconds,
                                    skipped,
                                    late,
                                    LATE.toMillis(),
                                    unsent),
                    "%-26s %9s %9s %9s %9s %7s"
                            .formatted("lookup during run (ms)", "p50", "p95", "p99", "max", "count"),
                    "  %-24s %9.2f %9.2f %9.2f %9.2f %7d"
                            .formatted(
                                    "intended send -> answer", l.p50Ms(), l.p95Ms(), l.p99Ms(), l.maxMs(), l.count()),
                    "  HTTP: %s; job status seen: %s".formatted(new TreeMap<>(responses), new TreeMap<>(jobStatuses)));
        }

        /** The {@code status_lookup_during_run} object of the {@code BENCH} json. */
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rate", rate);
            json.put("clients", clients);
            json.put("due", due);
            json.put("sent", sent);
            json.put("sent_per_s", BenchReport.round(sentPerSecond(), 1));
            json.put("seconds", BenchReport.round(seconds, 3));
            json.put("skipped", skipped);
            json.put("late", late);
            json.put("late_ms", LATE.toMillis());
            json.put("unsent", unsent);
            json.put("latency_ms", BenchReport.latency(latency()));
            json.put("http", new TreeMap<>(responses));
            json.put("job_status", new TreeMap<>(jobStatuses));
            return json;
        }
    }

    private LookupsDuringRun(LoadGenerator.Target target, AcceptedIds accepted, double rate, long startNanos) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("the lookup rate must be positive");
        }
        this.target = target;
        this.accepted = accepted;
        this.rate = rate;
        this.clients = clientsFor(rate);
        this.startNanos = startNanos;
        this.nanosPerLookup = 1e9 / rate;
        this.runner =
                Thread.ofPlatform().name("bench-lookups-during").daemon(true).unstarted(this::runClients);
    }

    /**
     * Starts the lookups on threads of their own.
     *
     * @param startNanos the run's start on the {@link System#nanoTime()} scale: lookup 0 is due then
     */
    static LookupsDuringRun start(LoadGenerator.Target target, AcceptedIds accepted, double rate, long startNanos) {
        LookupsDuringRun lookups = new LookupsDuringRun(target, accepted, rate, startNanos);
        lookups.runner.start();
        return lookups;
    }

    /** R × {@link #PLAUSIBLE_LATENCY}, at least {@value #MIN_CLIENTS} and at most {@value #MAX_CLIENTS}. */
    static int clientsFor(double rate) {
        double inFlight = Math.ceil(rate * PLAUSIBLE_LATENCY.toNanos() / 1e9);
        return (int) Math.max(MIN_CLIENTS, Math.min(MAX_CLIENTS, inFlight));
    }

    int clients() {
        return clients;
    }

    /** Lookups sent so far. */
    long sent() {
        return sent.sum();
    }

    /** Lookups skipped so far because no job had been accepted yet. */
    long skipped() {
        return skipped.sum();
    }

    /**
     * Ends the lookups: sends no more, waits for those under way (each bounded by its request
     * timeout) and returns what they saw.
     */
    Result finish() throws InterruptedException {
        ended = true;
        // Read after the flag is set: every lookup sent or skipped was due by then, so sent + skipped <= due.
        long endNanos = System.nanoTime();
        runner.join();
        long due = dueBy(endNanos);
        long sentCount = sent.sum();
        long skippedCount = skipped.sum();
        long[] all = latencies.stream()
                .flatMapToLong(l -> Arrays.stream(l.toArray()))
                .toArray();
        return new Result(
                rate,
                clients,
                due,
                sentCount,
                skippedCount,
                late.sum(),
                Math.max(0, due - sentCount - skippedCount),
                all,
                responses.all(),
                jobStatuses.all(),
                (endNanos - startNanos) / 1e9);
    }

    /** Lookups due at or before {@code nanos}: lookup {@code i} is due at start + i / rate. */
    private long dueBy(long nanos) {
        return nanos < startNanos ? 0 : (long) Math.floor((nanos - startNanos) / nanosPerLookup) + 1;
    }

    private long intendedNanos(long lookup) {
        return startNanos + Math.round(lookup * nanosPerLookup);
    }

    private void runClients() {
        try {
            LoadGenerator.runClients(
                    clients,
                    this::client,
                    () -> "status lookups during the run: %d sent, %d skipped, %d late"
                            .formatted(sent(), skipped(), late.sum()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void client() {
        Latencies mine = new Latencies();
        latencies.add(mine);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!ended) {
            long intended = intendedNanos(next.getAndIncrement());
            if (!waitUntil(intended)) {
                return;
            }
            Optional<UUID> id = accepted.pick(random);
            if (id.isEmpty()) {
                skipped.increment();
                continue;
            }
            if (System.nanoTime() - intended > LATE.toNanos()) {
                late.increment();
            }
            StatusLookups.Lookup answer = StatusLookups.lookUp(target, id.get(), intended);
            sent.increment();
            responses.add(answer.outcome());
            if (answer.answered()) {
                mine.add(answer.latencyMicros());
                jobStatuses.add(answer.jobStatus());
            }
        }
    }

    /** Parks until {@code nanos}; false when the lookups ended first or the thread was interrupted. */
    private boolean waitUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            if (ended || Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
        }
        return !ended;
    }

    /** One client's latencies, written by that client only and read after it has ended. */
    private static final class Latencies {

        private long[] values = new long[1_024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
