package dev.connectorjobs.worker.breaker;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The circuit breakers of this worker: one per name in {@link BreakerDefaults#names()}, each with
 * its defaults overridden by {@code jobs.breakers.<name>.*}. Breakers are created once, at
 * start-up; asking for a name that does not exist is a programming error.
 */
@Component
public final class BreakerRegistry {

    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    private final Map<String, ServiceBreaker> breakers;
    private final List<Consumer<ServiceBreaker>> listeners = new CopyOnWriteArrayList<>();

    /** Creates every breaker from {@code properties}; time comes from {@code clock}. */
    public BreakerRegistry(BreakerProperties properties, Clock clock) {
        Map<String, ServiceBreaker> byName = new LinkedHashMap<>();
        for (String name : BreakerDefaults.names()) {
            BreakerSettings settings = properties.settingsFor(name);
            CircuitBreaker circuitBreaker = registry.circuitBreaker(name, settings.toCircuitBreakerConfig(clock));
            byName.put(name, new ServiceBreaker(circuitBreaker, settings, clock, this::changed));
        }
        this.breakers = Map.copyOf(byName);
    }

    /**
     * The breaker called {@code name}.
     *
     * @throws IllegalArgumentException if there is none; the message lists the known names
     */
    public ServiceBreaker get(String name) {
        ServiceBreaker breaker = breakers.get(name);
        if (breaker == null) {
            throw new IllegalArgumentException(
                    "No circuit breaker is called '" + name + "'; known breakers: " + BreakerDefaults.names());
        }
        return breaker;
    }

    /** The breaker that {@code name} means, matched leniently (see {@link BreakerDefaults#resolve}). */
    public Optional<ServiceBreaker> find(String name) {
        return BreakerDefaults.resolve(name).map(breakers::get);
    }

    /** Every breaker, in the order of {@link BreakerDefaults#names()}. */
    public List<ServiceBreaker> all() {
        return BreakerDefaults.names().stream().map(breakers::get).toList();
    }

    /** The underlying resilience4j registry, for metrics. */
    CircuitBreakerRegistry circuitBreakerRegistry() {
        return registry;
    }

    /** Calls {@code listener} after every state transition and reset of any breaker. */
    void onChange(Consumer<ServiceBreaker> listener) {
        listeners.add(listener);
    }

    private void changed(ServiceBreaker breaker) {
        for (Consumer<ServiceBreaker> listener : listeners) {
            listener.accept(breaker);
        }
    }
}
