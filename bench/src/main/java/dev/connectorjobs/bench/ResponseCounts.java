package dev.connectorjobs.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the submission requests ended, by outcome: the HTTP status ({@code "202"}, {@code "429"},
 * ...), the transport failure ({@code "HttpTimeoutException"}, {@code "ConnectException"}, ...),
 * {@code "not-sent"} for requests the time budget left no room for, or {@code
 * "rejected-in-batch"} for jobs of an accepted batch that were rejected one by one.
 */
final class ResponseCounts {

    static final String NOT_SENT = "not-sent";
    static final String REJECTED_IN_BATCH = "rejected-in-batch";
    static final String BAD_RESPONSE = "unreadable-response";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String outcome) {
        add(outcome, 1);
    }

    void add(String outcome, long n) {
        counts.computeIfAbsent(outcome, k -> new LongAdder()).add(n);
    }

    /** Every outcome with its count, sorted by outcome. */
    Map<String, Long> all() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((outcome, count) -> snapshot.put(outcome, count.sum()));
        return snapshot;
    }

    static boolean isSuccess(String outcome) {
        return outcome.length() == 3
                && outcome.charAt(0) == '2'
                && outcome.chars().allMatch(Character::isDigit);
    }
}
