package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.connectorjobs.worker.attempt.Cancellation;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.breaker.ServiceBreaker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The configured directory as jobs use it: one pooled connection for the length of an operation (a
 * paged search must ask for every page on the connection that started it), every LDAP request under
 * the {@code active_directory} breaker, failures turned into {@link ConnectorException}s by {@link
 * DirectoryFailures}, and cancellation that closes the connection, so that a request in flight ends
 * at once.
 *
 * <p>The breaker counts what the directory's health explains: no server reachable, timeouts, {@code
 * busy} and {@code unavailable}. A wrong password, a missing base DN or a bad filter are permanent
 * and leave it as it is; an answer, even an empty one, is a success.
 */
final class Directory {

    private final DirectoryPool pool;
    private final ServiceBreaker breaker;
    private final DirectoryFailures failures;

    Directory(DirectoryPool pool, ServiceBreaker breaker, DirectoryFailures failures) {
        this.pool = pool;
        this.breaker = breaker;
        this.failures = failures;
    }

    /** One LDAP request. */
    @FunctionalInterface
    interface Request<T extends @Nullable Object> {
        T send() throws LDAPException;
    }

    /**
     * The result of {@code work} on one connection taken from the pool for {@code job}, given back
     * afterwards (replaced when it failed).
     */
    <T> T session(JobContext job, Function<Session, T> work) {
        if (pool.closed()) {
            // the worker is stopping: not the directory's fault, so not the breaker's business
            throw ConnectorException.retryable(
                    "WorkerShuttingDown",
                    "active_directory: the worker is shutting down and has closed its LDAP"
                            + " connections; another worker or a later attempt will run the job");
        }
        LDAPConnection connection = call(
                job, "connection to " + pool.describe() + " and bind as " + pool.identity(), null, false, pool::take);
        Session session = new Session(connection, job);
        AtomicReference<@Nullable LDAPConnection> open = new AtomicReference<>(connection);
        job.cancellation().onCancel(() -> {
            LDAPConnection inFlight = open.getAndSet(null);
            if (inFlight != null) {
                inFlight.close();
            }
        });
        try {
            return work.apply(session);
        } finally {
            open.set(null);
            LDAPException failure = session.failure;
            if (failure == null) {
                pool.release(connection);
            } else {
                pool.release(connection, failure);
            }
        }
    }

    /**
     * Sends {@code request} under the breaker; an LDAP failure comes out as a {@link ConnectorException}.
     *
     * @param judged whether a success counts for the breaker. Taking a pooled connection does not: it
     *     mostly hands out one that is open already, and counting it would hide a directory that
     *     connects but then answers every search with {@code busy}. Its failures count.
     */
    private <T extends @Nullable Object> T call(
            JobContext job, String what, @Nullable String base, boolean judged, Request<T> request) {
        Cancellation cancellation = job.cancellation();
        cancellation.throwIfCancelled();
        breaker.acquirePermission();
        long start = System.nanoTime();
        try {
            T result = request.send();
            if (judged) {
                breaker.onSuccess(since(start));
            } else {
                breaker.releasePermission();
            }
            return result;
        } catch (LDAPException e) {
            if (cancellation.isCancelled()) {
                breaker.releasePermission();
                cancellation.throwIfCancelled();
            }
            ConnectorException failure = failures.failure(e, what, base);
            breaker.onFailure(since(start), failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            breaker.releasePermission();
            throw e;
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A connection a job holds: its requests go through the breaker and the failure mapping. */
    final class Session {

        private final LDAPConnection connection;
        private final JobContext job;
        private @Nullable LDAPException failure;

        private Session(LDAPConnection connection, JobContext job) {
            this.connection = connection;
            this.job = job;
        }

        /**
         * The answer to {@code request}, a search below {@code base}.
         *
         * @param what the request, for messages, e.g. {@code search of DC=corp,... for (objectCategory=computer)}
         */
        SearchResult search(SearchRequest request, String what, String base) {
            return send(what, base, () -> connection.search(request));
        }

        /** The entry {@code dn} with {@code attributes}, or null when it does not exist. */
        @Nullable
        SearchResultEntry entry(String dn, String what, String... attributes) {
            return send(what, dn, () -> connection.getEntry(dn, attributes));
        }

        /** The server this connection goes to, e.g. {@code dc1.corp.example.com:636}. */
        String server() {
            return connection.getConnectedAddress() + ":" + connection.getConnectedPort();
        }

        /**
         * Sends {@code request} outside the breaker and ignores its failure: housekeeping such as
         * ending a paged search early, which the job's outcome does not depend on.
         */
        void quietly(SearchRequest request) {
            if (job.cancellation().isCancelled() || !connection.isConnected()) {
                return;
            }
            try {
                connection.search(request);
            } catch (LDAPException e) {
                failure = e;
            }
        }

        private <T extends @Nullable Object> T send(String what, @Nullable String base, Request<T> request) {
            return call(job, what, base, true, () -> {
                try {
                    return request.send();
                } catch (LDAPException e) {
                    failure = e;
                    throw e;
                }
            });
        }
    }
}
