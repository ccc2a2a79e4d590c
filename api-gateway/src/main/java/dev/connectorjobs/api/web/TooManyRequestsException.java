package dev.connectorjobs.api.web;

import java.time.Duration;

/** The caller asks more than the API takes (submissions faster than its rate limit, too many waiting status requests); answered with 429 and {@code Retry-After}. */
public final class TooManyRequestsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyRequestsException(Duration retryAfter, double ratePerSecond) {
        super("This API key submits faster than its limit of " + (long) ratePerSecond + " jobs per second; retry"
                + " after the Retry-After delay or use batch submission");
        this.retryAfter = retryAfter;
    }

    /** Too many requests of another kind, said in {@code message}. */
    public TooManyRequestsException(Duration retryAfter, String message) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
