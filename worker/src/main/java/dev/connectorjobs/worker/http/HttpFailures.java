package dev.connectorjobs.worker.http;

import dev.connectorjobs.worker.attempt.ConnectorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Turns a final failure into a {@link ConnectorException} whose type tells the job runner what to
 * do: 429 is {@code Throttled} and 5xx {@code HttpServerError} (both retryable, with the service's
 * {@code Retry-After}); 408 is a retryable {@code HttpClientError}; other 4xx are permanent {@code
 * HttpClientError}s; I/O errors are retryable {@code IOError}s, or {@code Timeout}s. Messages name
 * the service, method and path, never the query, headers or body.
 */
final class HttpFailures {

    private static final Pattern USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]*@");
    private static final Pattern QUERY = Pattern.compile("\\?[^\\s\\]\"']*");

    private HttpFailures() {}

    static ConnectorException forStatus(String service, HttpCall call, HttpResult result, Instant now) {
        int status = result.status();
        String message = service + ": " + call.describe() + " answered " + status
                + (result.reasonPhrase().isEmpty() ? "" : " " + result.reasonPhrase())
                + (result.attempts() > 1 ? " (after " + result.attempts() + " attempts)" : "");
        Optional<Duration> retryAfter = RetryAfter.of(result, now);
        if (status == 429) {
            return ConnectorException.retryable("Throttled", message, retryAfter.orElse(null), status);
        }
        if (status >= 500) {
            return ConnectorException.retryable("HttpServerError", message, retryAfter.orElse(null), status);
        }
        if (status == 408) {
            return ConnectorException.retryable("HttpClientError", message, null, status);
        }
        if (status >= 400) {
            return ConnectorException.permanent("HttpClientError", message, status);
        }
        return ConnectorException.permanent(
                "UnexpectedStatus", message + "; redirects are not followed, configure the final URL", status);
    }

    static ConnectorException forIoError(String service, HttpCall call, IOException error, int attempts) {
        boolean timeout = error instanceof SocketTimeoutException
                || error instanceof ConnectTimeoutException
                || error.getClass() == InterruptedIOException.class;
        String message = service + ": " + call.describe() + " failed"
                + (attempts > 1 ? " after " + attempts + " attempts" : "") + ": "
                + error.getClass().getSimpleName() + ": " + scrub(error.getMessage());
        return ConnectorException.retryable(timeout ? "Timeout" : "IOError", message, null, null);
    }

    /** {@code text} without URL credentials and query strings, which may hold secrets. */
    static String scrub(@Nullable String text) {
        if (text == null) {
            return "";
        }
        return QUERY.matcher(USER_INFO.matcher(text).replaceAll("$1")).replaceAll("?...");
    }
}
