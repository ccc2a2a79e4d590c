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
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    SubmitRateLimiter(SecurityProperties properties) {
        this.properties = properties;
    }

    /**
     * Takes {@code jobs} tokens from the client's bucket.
     *
     * @throws TooManyRequestsException with the wait after which the request would pass
     */
    public void acquire(ApiClient client, int jobs) {
        Bucket bucket =
                buckets.computeIfAbsent(client.keyId(), id -> new Bucket(properties.submitBurst(), System.nanoTime()));
        synchronized (bucket) {
            long now = System.nanoTime();
            double rate = properties.submitRatePerSecond();
            bucket.tokens = Math.min(properties.submitBurst(), bucket.tokens + (now - bucket.at) / 1e9 * rate);
            bucket.at = now;
            if (bucket.tokens >= jobs) {
                bucket.tokens -= jobs;
                return;
            }
            double missing = Math.min(jobs, properties.submitBurst()) - bucket.tokens;
            long waitMs = (long) Math.ceil(Math.max(missing, 0) / rate * 1000);
            throw new TooManyRequestsException(Duration.ofMillis(Math.max(1, waitMs)), rate);
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
