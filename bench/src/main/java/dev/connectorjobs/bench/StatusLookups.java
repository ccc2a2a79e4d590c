package dev.connectorjobs.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Status lookups over HTTP ({@value #PATH}), as a client polling its jobs would send them: {@code
 * clients} threads take the next lookup in order, wait until its intended send time ({@link
 * OpenLoopSchedule}, one job per request) and send it. Latency runs from the intended send time to
 * the answer's last byte.
 */
final class StatusLookups {

    static final String PATH = "/api/v1/admin/tasks/{id}/status";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

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
        Lookup answer = lookUp(target, targets.ids().get(lookup), intendedNanos);
        responses.add(answer.outcome());
        latencyMicros[lookup] = answer.latencyMicros();
    }

    /**
     * What one status lookup saw.
     *
     * @param outcome the HTTP status ({@code "200"}, {@code "404"}, ...) or the transport failure's
     *     class name, as {@link ResponseCounts} counts them
     * @param latencyMicros from the intended send time to the answer's last byte for a 200 answer,
     *     {@link Submissions#FAILED} for any other
     * @param body the answer's body; empty for a transport failure
     */
    record Lookup(String outcome, long latencyMicros, String body) {

        boolean answered() {
            return latencyMicros != Submissions.FAILED;
        }

        /**
         * The job's status in a 200 answer ({@code QUEUED}, {@code SUCCESS}, ...), or {@value
         * ResponseCounts#BAD_RESPONSE} when the body holds none; parsed only when asked for, so the
         * lookups after the run spend no CPU on it.
         */
        String jobStatus() {
            try {
                JsonNode status = JSON.readTree(body).path("status");
                return status.isString() ? status.asString() : ResponseCounts.BAD_RESPONSE;
            } catch (JacksonException e) {
                return ResponseCounts.BAD_RESPONSE;
            }
        }
    }

    /**
     * Sends one status lookup of job {@code id} now, for both the lookups after the run and those
     * during it ({@link LookupsDuringRun}).
     *
     * @param intendedNanos when the lookup was due, on the {@link System#nanoTime()} scale: its
     *     latency runs from then
     */
    static Lookup lookUp(LoadGenerator.Target target, UUID id, long intendedNanos) {
        URI uri = URI.create(target.api() + PATH.replace("{id}", id.toString()));
        try {
            PlainHttp.Response response = target.http().get(uri, "Bearer " + target.key(), REQUEST_TIMEOUT);
            long latency =
                    response.statusCode() == 200 ? (System.nanoTime() - intendedNanos) / 1_000L : Submissions.FAILED;
            return new Lookup(Integer.toString(response.statusCode()), latency, response.body());
        } catch (IOException e) {
            return new Lookup(e.getClass().getSimpleName(), Submissions.FAILED, "");
        }
    }
}
