package dev.connectorjobs.worker.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP client of one service behaves: pool limits, timeouts, retries. Immutable; build it
 * with {@link #builder()}, which validates every value. Defaults are the {@code DEFAULT_*}
 * constants.
 *
 * <p>Retries happen inside one job attempt, and the job itself is retried by the job runner
 * afterwards, so the two multiply: with the defaults, a service that keeps failing sees 4 requests
 * per job attempt. The breaker bounds the damage (it opens after 5 failed requests, after which
 * jobs are deferred instead of sending anything); lower {@code max-retries} for a service whose
 * jobs have many attempts of their own.
 */
public final class HttpClientSettings {

    /** 10 s: longest wait for a TCP (and TLS) connection to be established. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** 30 s: longest wait for response data (time to first byte, and between two reads). */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    /** 10 s: longest wait for a free connection from the service's pool. */
    public static final Duration DEFAULT_CONNECTION_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** {@value}: connections the service's pool holds at most. */
    public static final int DEFAULT_MAX_CONNECTIONS = 50;

    /** {@value}: connections to one host (route) the pool holds at most. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ROUTE = 20;

    /** {@value}: retries after the first attempt, for retryable failures of retryable requests. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    /** 500 ms: wait before the first retry; each further retry waits {@link #DEFAULT_BACKOFF_MULTIPLIER} times longer. */
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(500);

    /** {@value}: growth of the wait from one retry to the next (0.5 s, 1 s, 2 s). */
    public static final double DEFAULT_BACKOFF_MULTIPLIER = 2.0;

    /** 10 s: longest wait between two retries that the backoff computes. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

    /** {@value}: each wait is drawn at random within this fraction above or below its step. */
    public static final double DEFAULT_JITTER = 0.2;

    /**
     * 10 s: longest {@code Retry-After} waited for inside the client. A longer one ends the retries
     * and goes to the job runner as the failure's {@code retryAfter}, so the wait happens in
     * PostgreSQL and not in a blocked thread.
     */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(10);

    /** 16 MiB: largest response body read; a larger one fails the call permanently. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration connectionRequestTimeout;
    private final int maxConnections;
    private final int maxConnectionsPerRoute;
    private final int maxRetries;
    private final Duration backoffBase;
    private final double backoffMultiplier;
    private final Duration maxBackoff;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final long maxResponseBytes;

    private HttpClientSettings(Builder b) {
        this.connectTimeout = positive("connect-timeout", b.connectTimeout);
        this.responseTimeout = positive("response-timeout", b.responseTimeout);
        this.connectionRequestTimeout = positive("connection-request-timeout", b.connectionRequestTimeout);
        this.maxConnections = atLeast("max-connections", b.maxConnections, 1);
        this.maxConnectionsPerRoute = atLeast("max-connections-per-route", b.maxConnectionsPerRoute, 1);
        this.maxRetries = atLeast("max-retries", b.maxRetries, 0);
        this.backoffBase = positive("backoff-base", b.backoffBase);
        if (b.backoffMultiplier < 1) {
            throw new IllegalArgumentException("backoff-multiplier must be at least 1, was " + b.backoffMultiplier);
        }
        this.backoffMultiplier = b.backoffMultiplier;
        this.maxBackoff = positive("max-backoff", b.maxBackoff);
        if (b.jitter < 0 || b.jitter >= 1) {
            throw new IllegalArgumentException("jitter must be at least 0 and less than 1, was " + b.jitter);
        }
        this.jitter = b.jitter;
        this.maxRetryAfter = Objects.requireNonNull(b.maxRetryAfter, "max-retry-after");
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("max-retry-after must not be negative, was " + maxRetryAfter);
        }
        if (b.maxResponseBytes < 1) {
            throw new IllegalArgumentException("max-response-size must be positive, was " + b.maxResponseBytes);
        }
        this.maxResponseBytes = b.maxResponseBytes;
    }

    private static Duration positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }

    private static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static HttpClientSettings defaults() {
        return builder().build();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .connectTimeout(connectTimeout)
                .responseTimeout(responseTimeout)
                .connectionRequestTimeout(connectionRequestTimeout)
                .maxConnections(maxConnections)
                .maxConnectionsPerRoute(maxConnectionsPerRoute)
                .maxRetries(maxRetries)
                .backoffBase(backoffBase)
                .backoffMultiplier(backoffMultiplier)
                .maxBackoff(maxBackoff)
                .jitter(jitter)
                .maxRetryAfter(maxRetryAfter)
                .maxResponseBytes(maxResponseBytes);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    public Duration connectionRequestTimeout() {
        return connectionRequestTimeout;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxConnectionsPerRoute() {
        return maxConnectionsPerRoute;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration backoffBase() {
        return backoffBase;
    }

    public double backoffMultiplier() {
        return backoffMultiplier;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public double jitter() {
        return jitter;
    }

    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    @Override
    public String toString() {
        return "HttpClientSettings[connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", maxConnections=" + maxConnections + ", maxConnectionsPerRoute=" + maxConnectionsPerRoute
                + ", maxRetries=" + maxRetries + ", backoffBase=" + backoffBase + ", maxRetryAfter=" + maxRetryAfter
                + "]";
    }

    /** Builds {@link HttpClientSettings}; {@link #build()} validates. */
    public static final class Builder {

        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private Duration connectionRequestTimeout = DEFAULT_CONNECTION_REQUEST_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerRoute = DEFAULT_MAX_CONNECTIONS_PER_ROUTE;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration backoffBase = DEFAULT_BACKOFF_BASE;
        private double backoffMultiplier = DEFAULT_BACKOFF_MULTIPLIER;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private double jitter = DEFAULT_JITTER;
        private Duration maxRetryAfter = DEFAULT_MAX_RETRY_AFTER;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;

        private Builder() {}

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder responseTimeout(Duration responseTimeout) {
            this.responseTimeout = responseTimeout;
            return this;
        }

        public Builder connectionRequestTimeout(Duration connectionRequestTimeout) {
            this.connectionRequestTimeout = connectionRequestTimeout;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxConnectionsPerRoute(int maxConnectionsPerRoute) {
            this.maxConnectionsPerRoute = maxConnectionsPerRoute;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder backoffBase(Duration backoffBase) {
            this.backoffBase = backoffBase;
            return this;
        }

        public Builder backoffMultiplier(double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
            return this;
        }

        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        public Builder jitter(double jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        public Builder maxResponseBytes(long maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * The settings.
         *
         * @throws IllegalArgumentException naming the first invalid value
         */
        public HttpClientSettings build() {
            return new HttpClientSettings(this);
        }
    }
}
