package dev.connectorjobs.model.control;

/** What a control message asks every worker to do. */
public enum ControlType {
    /** Cancel the running attempt of job {@code target}, which has been revoked. */
    REVOKE,
    /** Close circuit breaker {@code target} and clear its counts. */
    BREAKER_RESET,
    /** Hold circuit breaker {@code target} open until released (maintenance window). */
    BREAKER_FORCE_OPEN,
    /** Let every call through circuit breaker {@code target}, recording nothing, until released. */
    BREAKER_DISABLE,
    /** Undo a force-open or disable of circuit breaker {@code target}: back to normal operation. */
    BREAKER_RESTORE
}
