package dev.connectorjobs.worker.http;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.breaker.CircuitOpenException;

/**
 * The HTTP client of one external service, shared by all jobs that call it. Thread-safe.
 *
 * <p>Every attempt passes through the service's circuit breaker. Failed attempts are retried with
 * backoff when the failure is an I/O error or a 429, 500, 502, 503 or 504 and the request is
 * {@link HttpCall#isRetryable() retryable}; a {@code Retry-After} up to the configured cap is
 * waited for. 5xx, 408, 429 and I/O errors count as breaker failures; other answers, 4xx
 * included, show a healthy service. Every request carries the job's correlation id as {@code
 * X-Correlation-ID}, and cancelling the job aborts the request in flight.
 */
public interface ServiceHttpClient {

    /** The service, which is also the name of its circuit breaker. */
    String service();

    /**
     * Sends {@code call} on behalf of {@code job} and returns the final answer, whatever its status.
     *
     * @throws CircuitOpenException when the breaker rejected an attempt (never retried here)
     * @throws ConnectorException when the service could not be reached ({@code IOError}, {@code
     *     Timeout}) or the response was too large ({@code ResponseTooLarge})
     * @throws JobCancelledException when the job was cancelled meanwhile
     */
    HttpResult exchange(HttpCall call, JobContext job);

    /**
     * Like {@link #exchange}, but only a 2xx answer is returned; any other becomes a {@link
     * ConnectorException} (see {@link #failure}).
     */
    default HttpResult execute(HttpCall call, JobContext job) {
        HttpResult result = exchange(call, job);
        if (result.isSuccess()) {
            return result;
        }
        throw failure(call, result);
    }

    /**
     * The exception that reports {@code result} as a failure: {@code Throttled} (429) and {@code
     * HttpServerError} (5xx) are retryable and carry the service's {@code Retry-After}; 408 is a
     * retryable {@code HttpClientError}; other 4xx are permanent {@code HttpClientError}s; anything
     * else is a permanent {@code UnexpectedStatus}.
     */
    ConnectorException failure(HttpCall call, HttpResult result);
}
