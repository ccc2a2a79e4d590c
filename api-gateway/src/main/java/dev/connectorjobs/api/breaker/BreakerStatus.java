package dev.connectorjobs.api.breaker;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.connectorjobs.model.breaker.BreakerDefaults;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The status of the breakers across live workers, aggregated from their snapshot rows, in the
 * shapes of the replaced system: {@code "state"} is {@code "closed"}, {@code "open"} or {@code
 * "half_open"}, and {@code "opened"} says whether it is open. Two flags say more: {@code
 * forced_open} (an operator holds it open; its state is {@code open}) and {@code disabled}
 * (protection switched off; its state is {@code closed}); {@code opened_at} is when it opened.
 *
 * <p>A service's state is its worst live worker's, in this order: forced open over open over half
 * open over disabled over closed. Its {@code fail_counter} is the highest of the workers', {@code
 * fail_max} and {@code reset_timeout} (seconds) are those of the worst worker, and {@code
 * opened_at} is when the first of the workers in that state opened. A breaker that no live worker
 * has reported is closed with its defaults and no workers, so the list always names every breaker.
 * In the summary, {@code open} counts open breakers (forced ones too), {@code closed} counts closed
 * ones (disabled ones too).
 */
public final class BreakerStatus {

    private BreakerStatus() {}

    /** Every breaker, and the summary. */
    public record AllBreakers(
            @JsonProperty("breakers") Map<String, Service> breakers,
            @JsonProperty("summary") Summary summary) {}

    /**
     * A breaker's condition, as both the service and each worker show it.
     *
     * @param internalState the resilience4j state it was derived from; not shown
     */
    public record Condition(
            @JsonProperty("state") String state,
            @JsonProperty("opened") boolean opened,
            @JsonProperty("opened_at") @Nullable Instant openedAt,
            @JsonProperty("forced_open") boolean forcedOpen,
            @JsonProperty("disabled") boolean disabled,
            @JsonProperty("fail_counter") int failCounter,
            @JsonProperty("fail_max") int failMax,
            @JsonProperty("reset_timeout") Number resetTimeout,
            @JsonIgnore String internalState) {

        static Condition of(
                String internalState, @Nullable Instant openedAt, int failCounter, int failMax, Number resetTimeout) {
            String state = publicState(internalState);
            return new Condition(
                    state,
                    state.equals("open"),
                    openedAt,
                    internalState.equals("FORCED_OPEN"),
                    internalState.equals("DISABLED"),
                    failCounter,
                    failMax,
                    resetTimeout,
                    internalState);
        }
    }

    /** One breaker across the live workers. */
    public record Service(
            @JsonProperty("name") String name,
            @JsonUnwrapped Condition condition,
            @JsonProperty("workers") Map<String, Worker> workers) {}

    /** One breaker on one worker. */
    public record Worker(
            @JsonUnwrapped Condition condition,
            @JsonProperty("last_transition") @Nullable Instant lastTransition,
            @JsonProperty("last_error") @Nullable String lastError,
            @JsonProperty("updated_at") Instant updatedAt) {}

    /** Counts of services by state. */
    public record Summary(
            @JsonProperty("total") int total,
            @JsonProperty("open") int open,
            @JsonProperty("closed") int closed,
            @JsonProperty("half_open") int halfOpen) {}

    /** The state as the replaced system named it, from a resilience4j state name. */
    static String publicState(String internal) {
        return switch (internal) {
            case "OPEN", "FORCED_OPEN" -> "open";
            case "HALF_OPEN" -> "half_open";
            default -> "closed";
        };
    }

    /** Every known breaker, from the rows of live workers. */
    static AllBreakers all(List<SnapshotRow> rows) {
        Map<String, List<SnapshotRow>> byName = rows.stream().collect(Collectors.groupingBy(SnapshotRow::name));
        Map<String, Service> services = new LinkedHashMap<>();
        for (String name : BreakerDefaults.names()) {
            services.put(name, service(name, byName.getOrDefault(name, List.of())));
        }
        int open = 0;
        int halfOpen = 0;
        for (Service service : services.values()) {
            switch (service.condition().state()) {
                case "open" -> open++;
                case "half_open" -> halfOpen++;
                default -> {
                    // closed, or disabled
                }
            }
        }
        return new AllBreakers(
                services, new Summary(services.size(), open, services.size() - open - halfOpen, halfOpen));
    }

    /** Breaker {@code name}, from the rows of live workers about it. */
    static Service service(String name, List<SnapshotRow> rows) {
        Map<String, Worker> workers = new LinkedHashMap<>();
        rows.stream()
                .filter(r -> r.name().equals(name))
                .sorted(Comparator.comparing(SnapshotRow::workerId))
                .forEach(r -> workers.put(r.workerId(), worker(r)));
        SnapshotRow worst = rows.stream()
                .filter(r -> r.name().equals(name))
                .max(Comparator.comparingInt((SnapshotRow r) -> severity(r.state()))
                        .thenComparingInt(SnapshotRow::failureCount))
                .orElse(null);
        if (worst == null) {
            BreakerDefaults.Thresholds defaults = BreakerDefaults.of(name).orElseThrow();
            return new Service(
                    name,
                    Condition.of(
                            "CLOSED",
                            null,
                            0,
                            defaults.failureThreshold(),
                            seconds(defaults.resetTimeout().toMillis())),
                    workers);
        }
        int failCounter = workers.values().stream()
                .mapToInt(w -> w.condition().failCounter())
                .max()
                .orElse(0);
        Instant opened = workers.values().stream()
                .map(Worker::condition)
                .filter(c -> c.internalState().equals(worst.state()))
                .map(Condition::openedAt)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
        return new Service(
                name,
                Condition.of(worst.state(), opened, failCounter, worst.failMax(), seconds(worst.resetTimeoutMs())),
                workers);
    }

    /** How bad a state is for the service; higher is worse. */
    static int severity(String state) {
        return switch (state) {
            case "FORCED_OPEN" -> 4;
            case "OPEN" -> 3;
            case "HALF_OPEN" -> 2;
            case "DISABLED" -> 1;
            default -> 0;
        };
    }

    private static Worker worker(SnapshotRow row) {
        return new Worker(
                Condition.of(
                        row.state(), row.openedAt(), row.failureCount(), row.failMax(), seconds(row.resetTimeoutMs())),
                row.lastTransitionAt(),
                row.lastError(),
                row.updatedAt());
    }

    /** Milliseconds as seconds: a whole number when it is one (60, like pybreaker), else a fraction (0.5). */
    private static Number seconds(long millis) {
        return millis % 1000 == 0 ? (Number) (millis / 1000) : (Number) (millis / 1000.0);
    }
}
