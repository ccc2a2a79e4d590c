package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.worker.attempt.JobContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How requests to one vendor are authenticated. Implementations are thread-safe: every job of the
 * worker shares one. Secrets come from configuration or files, never from job params.
 */
public interface VendorAuth {

    /**
     * The headers that authenticate the next request, e.g. {@code Authorization: Bearer ...}; may
     * fetch a token first.
     *
     * @throws dev.connectorjobs.worker.attempt.ConnectorException when no credential can be had
     */
    Map<String, String> headers(JobContext job);

    /**
     * Called once after the vendor answered 401 to a request sent with {@code rejected}: forgets that
     * credential if it can be replaced.
     *
     * @return whether sending the request again may help (a renewed token); false for static secrets
     */
    default boolean renewAfterRejection(Map<String, String> rejected) {
        return false;
    }

    /** Every secret this strategy holds (and every token it obtained), to mask in messages. */
    List<String> secrets();

    /** A short name for results and logs: {@code basic}, {@code token}, {@code oauth}. */
    String scheme();

    /**
     * The usual choice of a vendor that takes either: {@code Authorization: Bearer <token>} when a
     * token is configured, else HTTP Basic with {@code username} and {@code password}; empty when
     * neither is complete.
     */
    static Optional<VendorAuth> bearerOrBasic(
            @Nullable String token, @Nullable String username, @Nullable String password) {
        if (token != null) {
            return Optional.of(HeaderAuth.bearer(token));
        }
        return username != null && password != null ? Optional.of(new BasicAuth(username, password)) : Optional.empty();
    }
}
