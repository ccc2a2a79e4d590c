package dev.connectorjobs.worker.breaker;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Circuit breaker configuration: {@code jobs.breakers.<name>.*} overrides the defaults of one
 * breaker (see {@link BreakerDefaults}), and {@code jobs.breaker-snapshot-interval} sets how often
 * the breakers' state is written to PostgreSQL besides on every transition.
 *
 * <p>Breaker names are matched leniently ({@code entra_id}, {@code entra-id} and {@code entraid}
 * are the same breaker), because Spring drops underscores from map keys that are not bracketed and
 * environment variables cannot carry them: {@code JOBS_BREAKERS_ENTRAID_FAILURETHRESHOLD=3} works.
 * A name that matches no breaker fails start-up, naming it and listing the known breakers.
 *
 * @param breakers overrides by breaker name; every breaker not named keeps its defaults
 * @param breakerSnapshotInterval how often every breaker's snapshot row is rewritten, so the API
 *     sees failure counts that did not cause a transition; default 10 s
 */
@ConfigurationProperties("jobs")
public record BreakerProperties(
        @Nullable Map<String, BreakerOverride> breakers,
        @DefaultValue("10s") Duration breakerSnapshotInterval) {

    /** The name Spring gives this record's bean, for expressions such as {@code @Scheduled} intervals. */
    static final String BEAN = "jobs-dev.connectorjobs.worker.breaker.BreakerProperties";

    /**
     * The configured values of one breaker; each one absent keeps the breaker's default.
     *
     * @param failureThreshold consecutive failures that open the breaker; default 5 ({@code
     *     database}: 10)
     * @param resetTimeout how long the breaker stays open before a trial call, e.g. {@code 60s};
     *     default 60 s ({@code database}: 30 s)
     * @param halfOpenCalls trial calls let through when half-open; default 1
     */
    public record BreakerOverride(
            @Nullable Integer failureThreshold,
            @Nullable Duration resetTimeout,
            @Nullable Integer halfOpenCalls) {}

    public BreakerProperties {
        Map<String, BreakerOverride> resolved = new LinkedHashMap<>();
        if (breakers != null) {
            breakers.forEach((key, value) -> {
                String name = BreakerDefaults.resolve(key)
                        .orElseThrow(() -> new IllegalArgumentException("jobs.breakers." + key
                                + " configures a breaker that does not exist; known breakers: "
                                + BreakerDefaults.names() + " (fix the name or remove the entry)"));
                if (resolved.put(name, value) != null) {
                    throw new IllegalArgumentException("Breaker '" + name + "' is configured twice under"
                            + " jobs.breakers (as '" + key + "' and another spelling); keep one entry");
                }
                settings(name, value);
            });
        }
        breakers = Map.copyOf(resolved);
        if (breakerSnapshotInterval.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "jobs.breaker-snapshot-interval must be at least 100 ms, was " + breakerSnapshotInterval);
        }
    }

    /** The settings of breaker {@code name}: its defaults, overridden by what is configured. */
    public BreakerSettings settingsFor(String name) {
        return settings(
                name, Optional.ofNullable(breakers).map(b -> b.get(name)).orElse(null));
    }

    private static BreakerSettings settings(String name, @Nullable BreakerOverride override) {
        BreakerSettings defaults = BreakerSettings.defaultsOf(name);
        if (override == null) {
            return defaults;
        }
        try {
            return new BreakerSettings(
                    Optional.ofNullable(override.failureThreshold()).orElse(defaults.failureThreshold()),
                    Optional.ofNullable(override.resetTimeout()).orElse(defaults.resetTimeout()),
                    Optional.ofNullable(override.halfOpenCalls()).orElse(defaults.halfOpenCalls()));
        } catch (IllegalArgumentException e) {
            // the message is complete; the inner exception adds nothing but a second, shorter message
            throw new IllegalArgumentException("jobs.breakers." + name + "." + e.getMessage());
        }
    }
}
