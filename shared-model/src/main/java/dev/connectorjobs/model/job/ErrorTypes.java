package dev.connectorjobs.model.job;

/**
 * Error types (the {@code error_type} a job row and its attempts record) that more than one service
 * interprets, rather than only shows.
 */
public final class ErrorTypes {

    /**
     * The attempt was rejected by an open circuit breaker without reaching the service. The worker
     * defers such a job (RETRY until the breaker's trial time, no retry spent); the api-gateway
     * counts a RETRY row with this error type as held back by its breaker ({@code jobs.held}).
     */
    public static final String CIRCUIT_OPEN = "CircuitOpen";

    /**
     * The attempt was not started because its cluster-wide limit had all its concurrent jobs running.
     * The worker defers such a job (RETRY with no due time, no retry spent) until a slot frees; the
     * api-gateway counts it as held back by its limit ({@code jobs.held}).
     */
    public static final String CONCURRENCY_LIMIT = "ConcurrencyLimitReached";

    /**
     * The attempt was not started because its cluster-wide limit had spent its starts for the
     * window. The worker defers such a job until the window has room; the api-gateway counts it as
     * held back by its limit.
     */
    public static final String START_RATE_LIMIT = "StartRateLimitReached";

    private ErrorTypes() {}
}
