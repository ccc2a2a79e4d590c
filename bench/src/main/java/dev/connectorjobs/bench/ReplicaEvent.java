package dev.connectorjobs.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A change to the bench's own stack's workers during the measured run ({@code --replica-events}).
 *
 * @param kind what happens to a worker
 * @param at when, after the measured run starts
 */
record ReplicaEvent(Kind kind, Duration at) {

    /** What happens to a worker. */
    enum Kind {
        /** One more worker process starts and joins the consumer group. */
        ADD,
        /** The longest-running worker gets SIGTERM: it drains its jobs and leaves the group. */
        STOP,
        /** The longest-running worker gets SIGKILL: its jobs in flight are lost until their leases expire. */
        KILL;

        String optionName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    ReplicaEvent {
        if (at.isNegative()) {
            throw new IllegalArgumentException("a replica event cannot happen before the run, got " + at);
        }
    }

    /** The event as the option spells it, e.g. {@code kill@30}. */
    String text() {
        long millis = at.toMillis();
        return kind.optionName() + "@"
                + (millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1e3));
    }

    /**
     * Parses {@code add@S,stop@S,kill@S}: a comma list of a kind and the seconds after the measured
     * run starts, in any order; the result is in time order.
     *
     * @param workers the workers the stack starts with
     * @param jobs the run's jobs
     * @param rate the run's submission rate: the run lasts {@code jobs / rate} seconds
     * @throws BenchUsageException when an event is malformed, after the run, or would leave no worker
     */
    static List<ReplicaEvent> parseAll(String text, int workers, int jobs, OptionalDouble rate) {
        if (rate.isEmpty()) {
            throw new BenchUsageException("--replica-events needs a fixed --rate: the events are placed in a run of"
                    + " known length (--jobs / --rate seconds), e.g. --jobs 60000 --rate 1000 for 60 s");
        }
        double runSeconds = jobs / rate.getAsDouble();
        List<ReplicaEvent> events = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            events.add(parse(item.strip(), runSeconds));
        }
        events.sort(Comparator.comparing(ReplicaEvent::at));
        int running = workers;
        for (ReplicaEvent event : events) {
            running += event.kind() == Kind.ADD ? 1 : -1;
            if (running < 1) {
                throw new BenchUsageException("--replica-events: %s would leave no worker running (%d at the start);"
                                .formatted(event.text(), workers)
                        + " start more with --workers or add one before it");
            }
        }
        return List.copyOf(events);
    }

    private static ReplicaEvent parse(String item, double runSeconds) {
        int at = item.indexOf('@');
        if (at < 0) {
            throw new BenchUsageException(
                    "--replica-events needs KIND@SECONDS items such as add@10,stop@20,kill@30, got '" + item + "'");
        }
        String kindText = item.substring(0, at).strip();
        Kind kind;
        try {
            kind = Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BenchUsageException(
                    "--replica-events: unknown kind '" + kindText + "' in '" + item + "'; use add, stop or kill");
        }
        String secondsText = item.substring(at + 1).strip();
        double seconds;
        try {
            seconds = Double.parseDouble(secondsText);
        } catch (NumberFormatException e) {
            throw new BenchUsageException("--replica-events: '" + item
                    + "' needs the seconds after the run starts as a number, got '" + secondsText + "'");
        }
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new BenchUsageException(
                    "--replica-events: '" + item + "' needs 0 or more seconds after the run starts");
        }
        if (seconds >= runSeconds) {
            throw new BenchUsageException(
                    "--replica-events: '%s' is not within the run, which submits for %s s (--jobs / --rate)"
                            .formatted(item, BenchOptions.formatRate(runSeconds)));
        }
        return new ReplicaEvent(kind, Duration.ofMillis(Math.round(seconds * 1000)));
    }
}
