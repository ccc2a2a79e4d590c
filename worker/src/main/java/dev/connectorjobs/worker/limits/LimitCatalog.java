package dev.connectorjobs.worker.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Which connectors and operations have a limit, read from PostgreSQL every second. It only decides
 * whether a claimed job needs the limit check; the check itself reads the limit's current values
 * under its row lock. So a limit set or removed at run time applies to claims within about a second,
 * and a worker with no limits to check pays nothing for the feature.
 */
@Component
class LimitCatalog {

    private static final Logger log = LoggerFactory.getLogger(LimitCatalog.class);

    private final LimitRepository repository;
    private volatile Map<LimitKey, Limit> limits = Map.of();

    LimitCatalog(LimitRepository repository) {
        this.repository = repository;
        refresh(); // before the first claim, so that a limit set before this worker started applies at once
    }

    @Scheduled(fixedDelay = 1000)
    void refresh() {
        try {
            limits = repository.all().stream().collect(Collectors.toUnmodifiableMap(Limit::key, Function.identity()));
        } catch (RuntimeException e) {
            log.debug("Could not read the connector limits; keeping the last {}: {}", limits.size(), e.toString());
        }
    }

    boolean isEmpty() {
        return limits.isEmpty();
    }

    /** The limits a job of this connector and operation is under, in lock order. */
    List<LimitKey> keysFor(String connector, String operation) {
        Map<LimitKey, Limit> current = limits;
        if (current.isEmpty()) {
            return List.of();
        }
        List<LimitKey> keys = new ArrayList<>(2);
        LimitKey whole = new LimitKey(connector, "");
        if (current.containsKey(whole)) {
            keys.add(whole);
        }
        LimitKey one = new LimitKey(connector, operation);
        if (current.containsKey(one)) {
            keys.add(one);
        }
        return keys;
    }

    /** Every limit, as last read. */
    List<Limit> all() {
        return List.copyOf(limits.values());
    }
}
