package dev.connectorjobs.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Status lookups over HTTP ({@value #PATH}), as a client polling its jobs would send them: {@code
 * clients} threads take the next lookup in order, wait until its intended send time ({@link
 * OpenLoopSchedule}, one job per request) and send it. Latency runs from the intended send time to
 * the answer's last byte.
 */
final class StatusLookups {

    static final String PATH = "/api/v1/admin/tasks/{id}/status";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final LoadGenerator.Target target;
    private final StatusLookupTargets targets;
    private final OpenLoopSchedule schedule;
    private final int clients;
    private final long[] latencyMicros;
    private final ResponseCounts responses = new ResponseCounts();
    private final AtomicInteger next = new AtomicInteger();

    /**
     * What the lookups saw.
     *
     * @param latencyMicros latency of each lookup in order, {@link Submissions#FAILED} for failed ones
     * @param seconds from the first intended send to the last answer
     */
    record Result(
            StatusLookupTargets targets,
            OptionalDouble rate,
            long[] latencyMicros,
            Map<String, Long> responses,
            double seconds) {

        /** Latencies of the successful lookups, of history jobs or of this run's jobs. */
        long[] latencies(boolean history) {
            return IntStream.range(0, latencyMicros.length)
                    .filter(i -> latencyMicros[i] != Submissions.FAILED
                            && targets.history().get(i) == history)
                    .mapToLong(i -> latencyMicros[i])
                    .toArray();
        }

        /** Latencies of every successful lookup. */
        long[] latencies() {
            return Arrays.stream(latencyMicros)
                    .filter(l -> l != Submissions.FAILED)
                    .toArray();
        }

        double perSecond() {
            return seconds > 0 ? latencies().length / seconds : 0;
        }
    }

    StatusLookups(LoadGenerator.Target target, StatusLookupTargets targets, OptionalDouble rate, int clients) {
        this.target = target;
        this.targets = targets;
        this.schedule = new OpenLoopSchedule(targets.size(), 1, rate);
        this.clients = clients;
        this.latencyMicros = new long[targets.size()];
    }

    Result run() throws InterruptedException {
        long start = System.nanoTime();
        LoadGenerator.runClients(
                clients,
                () -> client(start),
                () -> "looked up %d of %d jobs".formatted(Math.min(next.get(), targets.size()), targets.size()));
        return new Result(targets, schedule.rate(), latencyMicros, responses.all(), (System.nanoTime() - start) / 1e9);
    }

    private void client(long startNanos) {
        int lookup;
        while ((lookup = next.getAndIncrement()) < targets.size()) {
            long intended = schedule.intendedNanos(lookup, startNanos, System.nanoTime());
            latencyMicros[lookup] = Submissions.FAILED;
            if (!LoadGenerator.sleepUntil(intended)) {
                responses.add(ResponseCounts.NOT_SENT);
                continue;
            }
            send(lookup, intended);
        }
    }

    private void send(int lookup, long intendedNanos) {
        URI uri = URI.create(
                target.api() + PATH.replace("{id}", targets.ids().get(lookup).toString()));
        try {
            PlainHttp.Response response = target.http().get(uri, "Bearer " + target.key(), REQUEST_TIMEOUT);
            String status = Integer.toString(response.statusCode());
            responses.add(status);
            if (response.statusCode() == 200) {
                latencyMicros[lookup] = (System.nanoTime() - intendedNanos) / 1_000L;
            }
        } catch (IOException e) {
            responses.add(e.getClass().getSimpleName());
        }
    }
}
