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

    private ErrorTypes() {}
}
