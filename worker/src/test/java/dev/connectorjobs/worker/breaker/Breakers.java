package dev.connectorjobs.worker.breaker;

import java.time.Clock;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Test-data builders for breaker registries, configured the way Spring configures them. */
public final class Breakers {

    private Breakers() {}

    /** A registry configured by {@code properties} (e.g. {@code jobs.breakers.jira.reset-timeout=1s}). */
    public static BreakerRegistry registry(Clock clock, Map<String, String> properties) {
        return new BreakerRegistry(properties(properties), clock);
    }

    /** The failures {@code breaker} counts in its current window. */
    public static int failureCount(ServiceBreaker breaker) {
        return breaker.snapshot().failureCount();
    }

    /** Binds {@code jobs.*} from {@code properties} as the application would. */
    public static BreakerProperties properties(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("jobs", Bindable.of(BreakerProperties.class));
    }
}
