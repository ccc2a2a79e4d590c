package dev.connectorjobs.api.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows down key guessing: every failed authentication (a key that is unknown, revoked or
 * malformed) takes a token from its client address's bucket of {@code auth-failure-burst} tokens,
 * refilled at {@code auth-failures-per-minute}. While a bucket is empty, requests from that
 * address that present a key are answered 429 without looking the key up. Requests without a key
 * cost nothing: they test no key.
 *
 * <p>The address is the request's remote address, which behind a proxy is the proxy's unless the
 * server is told to trust forwarded headers ({@code server.forward-headers-strategy}). At most
 * {@value #MAX_ADDRESSES} addresses are tracked; past that, addresses whose bucket is full again
 * are forgotten first.
 */
@Component
final class AuthenticationThrottle {

    static final int MAX_ADDRESSES = 50_000;

    private final SecurityProperties properties;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    AuthenticationThrottle(SecurityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long {@code address} must wait before it may present a key again; empty if it may now. */
    Optional<Duration> retryAfter(String address) {
        Bucket bucket = buckets.get(address);
        if (bucket == null) {
            return Optional.empty();
        }
        synchronized (bucket) {
            refill(bucket);
            if (bucket.tokens >= 1) {
                return Optional.empty();
            }
            double perMilli = properties.authFailuresPerMinute() / 60_000.0;
            return Optional.of(Duration.ofMillis((long) Math.ceil((1 - bucket.tokens) / perMilli)));
        }
    }

    /** Counts a failed authentication from {@code address}. */
    void failed(String address) {
        if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address)) {
            forgetRecovered();
        }
        Bucket bucket =
                buckets.computeIfAbsent(address, a -> new Bucket(properties.authFailureBurst(), clock.millis()));
        synchronized (bucket) {
            refill(bucket);
            bucket.tokens = Math.max(0, bucket.tokens - 1);
        }
    }

    private void forgetRecovered() {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue());
                return e.getValue().tokens >= properties.authFailureBurst();
            }
        });
        if (buckets.size() >= MAX_ADDRESSES) {
            buckets.clear(); // a flood from that many addresses: start over rather than grow
        }
    }

    private void refill(Bucket bucket) {
        long now = clock.millis();
        double perMilli = properties.authFailuresPerMinute() / 60_000.0;
        bucket.tokens = Math.min(properties.authFailureBurst(), bucket.tokens + (now - bucket.at) * perMilli);
        bucket.at = now;
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
