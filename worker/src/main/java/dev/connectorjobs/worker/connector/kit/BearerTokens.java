package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.attempt.JobContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A bearer token shared by every job of the worker, for a {@link VendorAuth} that obtains tokens
 * (OAuth, a vendor's own login): kept until its renewal time, renewed by one job at a time while the
 * others wait for it, and dropped when the vendor rejects it so the next request gets a new one.
 *
 * @param <T> the token, with whatever else its source needs to renew it
 */
public final class BearerTokens<T extends BearerTokens.Token> {

    /** A token and when to stop using it. */
    public interface Token {

        /** The token, sent as {@code Authorization: Bearer <value>}. */
        String value();

        /** When to renew it: shortly before it expires ({@link Instant#MAX} for never). */
        Instant renewAt();
    }

    /** Obtains a token. */
    @FunctionalInterface
    public interface Source<T> {

        /**
         * A fresh token for {@code job}.
         *
         * @param previous the token being replaced (due for renewal), or null when there is none or the
         *     vendor rejected it; a source may renew it (keep-alive, refresh token) instead of logging in
         */
        T obtain(@Nullable T previous, JobContext job);
    }

    private final Clock clock;
    private final Source<T> source;
    private final AtomicReference<@Nullable T> current = new AtomicReference<>();
    private final ReentrantLock fetching = new ReentrantLock();

    public BearerTokens(Clock clock, Source<T> source) {
        this.clock = clock;
        this.source = source;
    }

    /** The current token; obtains one when there is none or it is due for renewal. */
    public T token(JobContext job) {
        T token = current.get();
        if (token != null && clock.instant().isBefore(token.renewAt())) {
            return token;
        }
        try {
            fetching.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobCancelledException(job.cancellation().reason());
        }
        try {
            token = current.get();
            if (token != null && clock.instant().isBefore(token.renewAt())) {
                return token;
            }
            T fresh = source.obtain(token, job);
            current.set(fresh);
            return fresh;
        } finally {
            fetching.unlock();
        }
    }

    /** {@code Authorization: Bearer <token>}. */
    public Map<String, String> headers(JobContext job) {
        return Map.of("Authorization", "Bearer " + token(job).value());
    }

    /**
     * Drops the token the rejected request carried, unless another job replaced it already.
     *
     * @return true: sending the request again with a new token may help
     */
    public boolean renewAfterRejection(Map<String, String> rejected) {
        T token = current.get();
        if (token != null && ("Bearer " + token.value()).equals(rejected.get("Authorization"))) {
            current.compareAndSet(token, null);
        }
        return true;
    }

    /** The token held now, if any (to mask it in messages). */
    public Optional<T> current() {
        return Optional.ofNullable(current.get());
    }
}
