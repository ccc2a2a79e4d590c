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
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    AuthenticationThrottle(SecurityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** How long {@code address} must wait before it may present a key again; empty if it may now. */
    Optional<Duration> retryAfter(String address) {
        TokenBucket bucket = buckets.get(address);
        return bucket == null ? Optional.empty() : bucket.waitUntil(1, now());
    }

    /** Counts a failed authentication from {@code address}. */
    void failed(String address) {
        if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(address)) {
            forgetRecovered();
        }
        buckets.computeIfAbsent(
                        address,
                        a -> new TokenBucket(
                                properties.authFailureBurst(), properties.authFailuresPerMinute() / 60.0, now()))
                .drain(now());
    }

    private void forgetRecovered() {
        long now = now();
        buckets.values().removeIf(bucket -> bucket.full(now));
        if (buckets.size() >= MAX_ADDRESSES) {
            buckets.clear(); // a flood from that many addresses: start over rather than grow
        }
    }

    private long now() {
        return clock.millis() * 1_000_000L;
    }
}
