-- Flow control: priorities, fair dispatch from a bounded window, cluster-wide limits per connector.

-- 1 (lowest) to 9 (highest); 5 unless the submission says otherwise. Adding a column with a
-- constant default rewrites nothing in PostgreSQL 11 and later.
ALTER TABLE jobs ADD COLUMN priority smallint NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 9);

-- The dispatcher's pick: per queue, highest priority first, round-robin across API keys, oldest
-- first within a key. Only rows waiting for dispatch are in it (a job waiting for a limit's slot
-- has no dispatch_after and is left out until it is woken).
CREATE INDEX jobs_dispatch_pick ON jobs (queue, priority, (coalesce(client_id, '')), id)
    WHERE status IN ('PENDING', 'RETRY') AND dispatch_after IS NOT NULL;

-- Cluster-wide limits. operation '' is the limit of the whole connector.
CREATE TABLE connector_limits (
    connector      text        NOT NULL,
    operation      text        NOT NULL DEFAULT '',
    max_concurrent integer     CHECK (max_concurrent > 0),
    max_starts     integer     CHECK (max_starts > 0),
    per_seconds    integer     CHECK (per_seconds > 0),
    -- 'configuration' (written by the api-gateway at start) or 'admin' (PUT, kept until DELETE).
    source         text        NOT NULL CHECK (source IN ('configuration', 'admin')),
    updated_at     timestamptz NOT NULL,
    updated_by     text,
    PRIMARY KEY (connector, operation),
    CHECK ((max_starts IS NULL) = (per_seconds IS NULL)),
    CHECK (max_concurrent IS NOT NULL OR max_starts IS NOT NULL)
);

-- Attempts admitted under a limit. One counts as running while its job is STARTED with that
-- attempt (so nothing has to remember to release it: an outcome, a revoke, the reaper all end it),
-- and as a start while started_at is inside the limit's window.
CREATE TABLE limit_holders (
    connector  text        NOT NULL,
    operation  text        NOT NULL,
    job_id     uuid        NOT NULL,
    attempt    integer     NOT NULL,
    started_at timestamptz NOT NULL,
    PRIMARY KEY (connector, operation, job_id, attempt)
);

-- Jobs deferred by a concurrency limit, waiting to be woken when a slot frees.
CREATE TABLE limit_waiters (
    job_id    uuid        PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    connector text        NOT NULL,
    operation text        NOT NULL,
    priority  smallint    NOT NULL,
    since     timestamptz NOT NULL
);
CREATE INDEX limit_waiters_next ON limit_waiters (connector, operation, priority DESC, since);
