-- Circuit breakers as each worker sees them: every worker writes one row per breaker on every state
-- transition, after every admin operation and periodically. The API aggregates the rows of live
-- workers (see the workers table); rows of workers that stopped or went silent are ignored there.
-- No foreign key to workers: a worker writes its first snapshot before it has registered.
CREATE TABLE breaker_snapshots (
    worker_id           text        NOT NULL,
    name                text        NOT NULL,
    state               text        NOT NULL
        CHECK (state IN ('CLOSED', 'OPEN', 'HALF_OPEN', 'FORCED_OPEN', 'DISABLED', 'METRICS_ONLY')),
    -- Failed calls in the breaker's current window (the breaker opens when it reaches fail_max).
    failure_count       integer     NOT NULL CHECK (failure_count >= 0),
    -- Calls recorded in the current window, and calls rejected since the last transition.
    buffered_calls      integer     NOT NULL DEFAULT 0 CHECK (buffered_calls >= 0),
    not_permitted_calls bigint      NOT NULL DEFAULT 0 CHECK (not_permitted_calls >= 0),
    fail_max            integer     NOT NULL CHECK (fail_max > 0),
    reset_timeout_ms    bigint      NOT NULL CHECK (reset_timeout_ms > 0),
    -- When the breaker last opened (OPEN or FORCED_OPEN); NULL while it is not open.
    opened_at           timestamptz,
    last_transition_at  timestamptz,
    last_error          text,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (worker_id, name)
);
