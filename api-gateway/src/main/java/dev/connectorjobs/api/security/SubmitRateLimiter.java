package dev.connectorjobs.api.security;

import dev.connectorjobs.api.web.TooManyRequestsException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Per-key token buckets for job submissions: {@code submit-rate-per-second} sustained, {@code
 * submit-burst} at once. Local to each API replica, so the fleet-wide limit is the per-replica
 * limit times the replicas behind the load balancer.
 */
@Component
public final class SubmitRateLimiter {

    private final SecurityProperties properties;
    private final Map<UUID, TokenBucket> buckets = new ConcurrentHashMap<>();

    SubmitRateLimiter(SecurityProperties properties) {
        this.properties = properties;
    }

    /**
     * Takes {@code jobs} tokens from the client's bucket.
     *
     * @throws TooManyRequestsException with the wait after which the request would pass
     */
    public void acquire(ApiClient client, int jobs) {
        double rate = properties.submitRatePerSecond();
        buckets.computeIfAbsent(
                        client.keyId(), id -> new TokenBucket(properties.submitBurst(), rate, System.nanoTime()))
                .take(jobs, System.nanoTime())
                .ifPresent(wait -> {
                    throw new TooManyRequestsException(
                            wait.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : wait, rate);
                });
    }
}
