package dev.connectorjobs.worker.http;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP clients of the services ({@code jobs.http.*}): {@code jobs.http.defaults.*} applies to
 * every service, {@code jobs.http.services.<service>.*} to one (service names are the breaker
 * names, matched as leniently as in {@code jobs.breakers}). Every value absent keeps the default
 * from {@link HttpClientSettings}. A service name that matches no breaker fails start-up.
 *
 * @param defaults overrides for every service
 * @param services overrides by service
 */
@ConfigurationProperties("jobs.http")
public record HttpProperties(
        @Nullable Overrides defaults, @Nullable Map<String, Overrides> services) {

    /**
     * Configured values; each one absent keeps the value below it (service, then defaults, then
     * {@link HttpClientSettings}).
     *
     * @param connectTimeout longest wait to connect; default 10 s
     * @param responseTimeout longest wait for response data; default 30 s
     * @param connectionRequestTimeout longest wait for a pooled connection; default 10 s
     * @param maxConnections connections in the service's pool; default 50
     * @param maxConnectionsPerRoute connections to one host; default 20
     * @param maxRetries retries after the first attempt (0 disables them); default 3
     * @param backoffBase wait before the first retry; default 500 ms
     * @param backoffMultiplier growth of the wait per retry; default 2
     * @param maxBackoff longest computed wait between retries; default 10 s
     * @param jitter random spread of each wait, as a fraction; default 0.2
     * @param maxRetryAfter longest {@code Retry-After} waited for in the client; default 10 s
     * @param maxResponseSize largest response body read, e.g. {@code 16MB}; default 16 MB
     */
    public record Overrides(
            @Nullable Duration connectTimeout,
            @Nullable Duration responseTimeout,
            @Nullable Duration connectionRequestTimeout,
            @Nullable Integer maxConnections,
            @Nullable Integer maxConnectionsPerRoute,
            @Nullable Integer maxRetries,
            @Nullable Duration backoffBase,
            @Nullable Double backoffMultiplier,
            @Nullable Duration maxBackoff,
            @Nullable Double jitter,
            @Nullable Duration maxRetryAfter,
            @Nullable DataSize maxResponseSize) {

        void applyTo(HttpClientSettings.Builder b) {
            set(connectTimeout, b::connectTimeout);
            set(responseTimeout, b::responseTimeout);
            set(connectionRequestTimeout, b::connectionRequestTimeout);
            set(maxConnections, b::maxConnections);
            set(maxConnectionsPerRoute, b::maxConnectionsPerRoute);
            set(maxRetries, b::maxRetries);
            set(backoffBase, b::backoffBase);
            set(backoffMultiplier, b::backoffMultiplier);
            set(maxBackoff, b::maxBackoff);
            set(jitter, b::jitter);
            set(maxRetryAfter, b::maxRetryAfter);
            set(maxResponseSize == null ? null : maxResponseSize.toBytes(), b::maxResponseBytes);
        }

        private static <T> void set(@Nullable T value, Consumer<T> setter) {
            if (value != null) {
                setter.accept(value);
            }
        }
    }

    public HttpProperties {
        Map<String, Overrides> resolved = new LinkedHashMap<>();
        if (services != null) {
            services.forEach((key, value) -> {
                String name = BreakerDefaults.resolve(key)
                        .orElseThrow(() -> new IllegalArgumentException("jobs.http.services." + key
                                + " configures a service that does not exist; known services: "
                                + BreakerDefaults.names() + " (fix the name or remove the entry)"));
                if (resolved.put(name, value) != null) {
                    throw new IllegalArgumentException(
                            "Service '" + name + "' is configured twice under jobs.http.services; keep one entry");
                }
            });
        }
        services = Map.copyOf(resolved);
        for (String name : BreakerDefaults.names()) {
            settings(defaults, services, name);
        }
    }

    /**
     * The settings of {@code service}.
     *
     * @throws IllegalArgumentException if a configured value is invalid, naming the property
     */
    public HttpClientSettings settingsFor(String service) {
        return settings(defaults, services, service);
    }

    private static HttpClientSettings settings(
            @Nullable Overrides defaults, @Nullable Map<String, Overrides> services, String service) {
        HttpClientSettings.Builder builder = HttpClientSettings.builder();
        Optional.ofNullable(defaults).ifPresent(d -> d.applyTo(builder));
        Optional.ofNullable(services).map(s -> s.get(service)).ifPresent(s -> s.applyTo(builder));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("jobs.http (service " + service + "): " + e.getMessage()
                    + "; check jobs.http.defaults and" + " jobs.http.services." + service);
        }
    }
}
