package dev.connectorjobs.api.breaker;

import com.fasterxml.jackson.annotation.JsonProperty;
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
 * The status of the breakers across live workers, aggregated from their snapshot rows.
 *
 * <p>A service's state is the worst among its live workers, in this order: {@code FORCED_OPEN}
 * (an operator holds it open) over {@code OPEN} over {@code HALF_OPEN} over {@code DISABLED}
 * (protection switched off, worth noticing) over {@code CLOSED}. Its {@code fail_counter} is the
 * highest of the workers', {@code fail_max} and {@code reset_timeout} (seconds) are those of the
 * worst worker, and {@code opened} is when the first of the workers in that state opened. A breaker
 * that no live worker has reported is {@code CLOSED} with its defaults and no workers, so the list
 * always names every breaker. In the summary, {@code open} counts OPEN and FORCED_OPEN, {@code
 * closed} counts CLOSED and DISABLED.
 */
final class BreakerStatus {

    private BreakerStatus() {}

    /** Every breaker, and the summary. */
    record AllBreakers(
            @JsonProperty("breakers") Map<String, Service> breakers,
            @JsonProperty("summary") Summary summary) {}

    /** One breaker across the live workers. */
    record Service(
            @JsonProperty("name") String name,
            @JsonProperty("state") String state,
            @JsonProperty("fail_counter") int failCounter,
            @JsonProperty("fail_max") int failMax,
            @JsonProperty("opened") @Nullable Instant opened,
            @JsonProperty("reset_timeout") Number resetTimeout,
            @JsonProperty("workers") Map<String, Worker> workers) {}

    /** One breaker on one worker. */
    record Worker(
            @JsonProperty("state") String state,
            @JsonProperty("fail_counter") int failCounter,
            @JsonProperty("fail_max") int failMax,
            @JsonProperty("opened") @Nullable Instant opened,
            @JsonProperty("reset_timeout") Number resetTimeout,
            @JsonProperty("last_transition") @Nullable Instant lastTransition,
            @JsonProperty("last_error") @Nullable String lastError,
            @JsonProperty("updated_at") Instant updatedAt) {}

    /** Counts of services by state. */
    record Summary(
            @JsonProperty("total") int total,
            @JsonProperty("open") int open,
            @JsonProperty("closed") int closed,
            @JsonProperty("half_open") int halfOpen) {}

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
            switch (service.state()) {
                case "OPEN", "FORCED_OPEN" -> open++;
                case "HALF_OPEN" -> halfOpen++;
                default -> {
                    // closed or disabled
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
                    "CLOSED",
                    0,
                    defaults.failureThreshold(),
                    null,
                    seconds(defaults.resetTimeout().toMillis()),
                    workers);
        }
        int failCounter =
                workers.values().stream().mapToInt(Worker::failCounter).max().orElse(0);
        Instant opened = workers.values().stream()
                .filter(w -> w.state().equals(worst.state()))
                .map(Worker::opened)
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
        return new Service(
                name, worst.state(), failCounter, worst.failMax(), opened, seconds(worst.resetTimeoutMs()), workers);
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
                row.state(),
                row.failureCount(),
                row.failMax(),
                row.openedAt(),
                seconds(row.resetTimeoutMs()),
                row.lastTransitionAt(),
                row.lastError(),
                row.updatedAt());
    }

    /** Milliseconds as seconds: a whole number when it is one (60, like pybreaker), else a fraction (0.5). */
    private static Number seconds(long millis) {
        return millis % 1000 == 0 ? (Number) (millis / 1000) : (Number) (millis / 1000.0);
    }
}
