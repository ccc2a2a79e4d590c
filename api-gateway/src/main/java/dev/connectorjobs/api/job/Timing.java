package dev.connectorjobs.api.job;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When a job may start and until when: {@code countdown}/{@code eta} and {@code expires} of a
 * submission, resolved to instants when it was parsed.
 *
 * @param eta the job is not dispatched before this instant; null to run as soon as possible
 * @param expiresAt a job not started by this instant ends REVOKED with reason {@code expired}; null
 *     for never
 * @param canonical the request's own words (e.g. {@code countdown=60}), for the idempotency hash: a
 *     replay of {@code "countdown": 60} a minute later is the same request although its eta moved;
 *     empty when neither is given
 */
record Timing(@Nullable Instant eta, @Nullable Instant expiresAt, String canonical) {

    /** Neither a delay nor an expiry. */
    static final Timing NONE = new Timing(null, null, "");

    /** Whether the job waits before its first dispatch ({@code eta} after {@code now}). */
    boolean delayedAt(Instant now) {
        return eta != null && eta.isAfter(now);
    }
}
