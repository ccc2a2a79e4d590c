package dev.connectorjobs.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;

/**
 * What the clients did: per job its task id (null when it was not accepted) and the intended send
 * time of its request; per request its latency from the intended send time to the answer.
 */
final class Submissions {

    /** Marks a request without a 2xx answer in {@link #requestLatencyMicros}. */
    static final long FAILED = -1;

    private final @Nullable UUID[] ids;
    private final long[] intendedEpochMicros;
    private final long[] requestLatencyMicros;
    private final Map<String, Long> responses;
    private final long startEpochMicros;
    private final long endEpochMicros;

    Submissions(
            @Nullable UUID[] ids,
            long[] intendedEpochMicros,
            long[] requestLatencyMicros,
            Map<String, Long> responses,
            long startEpochMicros,
            long endEpochMicros) {
        this.ids = ids.clone();
        this.intendedEpochMicros = intendedEpochMicros.clone();
        this.requestLatencyMicros = requestLatencyMicros.clone();
        this.responses = Collections.unmodifiableSortedMap(new TreeMap<>(responses));
        this.startEpochMicros = startEpochMicros;
        this.endEpochMicros = endEpochMicros;
    }

    /** Jobs the clients were asked to submit. */
    int jobs() {
        return ids.length;
    }

    /** The task id of job {@code index}, or null when the API did not accept it. */
    @Nullable
    UUID id(int index) {
        return ids[index];
    }

    /** The intended send time of job {@code index}'s request, in microseconds since the epoch. */
    long intendedEpochMicros(int index) {
        return intendedEpochMicros[index];
    }

    /** The task ids of the accepted jobs, in submission order. */
    List<UUID> accepted() {
        List<UUID> accepted = new ArrayList<>(ids.length);
        for (UUID id : ids) {
            if (id != null) {
                accepted.add(id);
            }
        }
        return accepted;
    }

    /** Latencies of the requests that got a 2xx answer, from intended send time to answer, in µs. */
    long[] successfulRequestLatencyMicros() {
        LongPredicate answered = latency -> latency != FAILED;
        return Arrays.stream(requestLatencyMicros).filter(answered).toArray();
    }

    /** Requests by outcome, sorted by outcome; see {@link ResponseCounts}. */
    Map<String, Long> responses() {
        return responses;
    }

    /** When the first request was due, in microseconds since the epoch. */
    long startEpochMicros() {
        return startEpochMicros;
    }

    /** When the last answer arrived, in microseconds since the epoch. */
    long endEpochMicros() {
        return endEpochMicros;
    }
}
