-- Jobs: the source of truth for every job, and the outbox that the dispatcher publishes from.
CREATE TABLE jobs (
    id               uuid        PRIMARY KEY,
    queue            text        NOT NULL,
    connector        text        NOT NULL,
    operation        text        NOT NULL,
    params           jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status           text        NOT NULL
        CHECK (status IN ('PENDING', 'QUEUED', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED')),
    -- Number of the current (or last) attempt; the fencing token of claims and outcome writes.
    attempt          integer     NOT NULL DEFAULT 1 CHECK (attempt >= 1),
    -- Retries spent so far; attempts handed back or deferred by an open breaker do not count.
    retries_used     integer     NOT NULL DEFAULT 0 CHECK (retries_used >= 0),
    max_retries      integer     NOT NULL CHECK (max_retries >= 0),
    timeout_seconds  integer     NOT NULL CHECK (timeout_seconds > 0),
    correlation_id   text        NOT NULL,
    client_id        text,
    idempotency_key  text,
    request_hash     text,
    result           jsonb,
    result_truncated boolean     NOT NULL DEFAULT false,
    error_type       text,
    error_message    text,
    progress         jsonb,
    worker_id        text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    -- When the dispatcher may (re)publish the row; NULL once publication is confirmed.
    dispatch_after   timestamptz,
    published_at     timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz,
    next_attempt_at  timestamptz,
    lease_expires_at timestamptz,
    revoked_at       timestamptz,
    revoke_reason    text
);

-- The dispatcher's sweep: stored but unconfirmed, not yet due, or retries whose time has come.
CREATE INDEX jobs_dispatch_due ON jobs (dispatch_after) WHERE status IN ('PENDING', 'RETRY');
-- Running jobs by worker (active list, lease extension) and by lease expiry (reaper).
CREATE INDEX jobs_running_by_worker ON jobs (worker_id) WHERE status = 'STARTED';
CREATE INDEX jobs_lease_expiry ON jobs (lease_expires_at) WHERE status = 'STARTED';
-- Listing newest first with keyset pagination.
CREATE INDEX jobs_created ON jobs (created_at DESC, id DESC);
-- Idempotency keys are unique per API client.
CREATE UNIQUE INDEX jobs_idempotency ON jobs (coalesce(client_id, ''), idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- One row per finished attempt of a job.
CREATE TABLE job_attempts (
    job_id        uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt       integer     NOT NULL,
    worker_id     text        NOT NULL,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    outcome       text        NOT NULL,
    error_type    text,
    error_message text,
    http_status   integer,
    duration_ms   bigint      NOT NULL,
    PRIMARY KEY (job_id, attempt)
);

-- Worker processes: registration and heartbeats.
CREATE TABLE workers (
    id             text        PRIMARY KEY,
    host           text        NOT NULL,
    pid            bigint      NOT NULL,
    queues         text[]      NOT NULL,
    concurrency    integer     NOT NULL,
    running        integer     NOT NULL DEFAULT 0,
    started_at     timestamptz NOT NULL,
    last_heartbeat timestamptz NOT NULL,
    stopped_at     timestamptz
);
