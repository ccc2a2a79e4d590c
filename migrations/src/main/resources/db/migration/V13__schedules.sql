-- Recurring schedules: a cron expression in a time zone, and the job it submits at each tick.
-- Every api-gateway replica ticks; a replica claims a due schedule with FOR UPDATE SKIP LOCKED,
-- writes the tick's run row and its job in one transaction, and moves next_run_at on.
CREATE TABLE schedules (
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL,
    cron           text        NOT NULL,
    time_zone      text        NOT NULL,
    -- The job template as the client sent it (a submission body); validated again at every tick.
    job            jsonb       NOT NULL,
    misfire_policy text        NOT NULL CHECK (misfire_policy IN ('skip', 'run_once')),
    paused         boolean     NOT NULL DEFAULT false,
    -- The API key that created it (as jobs.client_id); its jobs belong to that key.
    client_id      text,
    -- The next tick; null while paused.
    next_run_at    timestamptz,
    last_run_at    timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX schedules_due ON schedules (next_run_at) WHERE next_run_at IS NOT NULL;
CREATE INDEX schedules_by_client ON schedules (client_id, id);

-- One row per tick: its primary key is the tick's identity, so a second replica that reaches the
-- same tick inserts nothing and enqueues nothing (the job is inserted in the same transaction).
-- outcome: ENQUEUED (job_id set), SKIPPED (misfire policy skip), REJECTED (the template no longer
-- passes validation, e.g. its connector was removed; detail says why).
CREATE TABLE schedule_runs (
    schedule_id  uuid        NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    scheduled_at timestamptz NOT NULL,
    fired_at     timestamptz NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('ENQUEUED', 'SKIPPED', 'REJECTED')),
    job_id       uuid,
    -- Ticks this run stands for besides its own (a misfire covers every tick the system missed).
    missed_ticks integer     NOT NULL DEFAULT 0,
    detail       text,
    PRIMARY KEY (schedule_id, scheduled_at)
);
-- Retention deletes runs by age across all schedules.
CREATE INDEX schedule_runs_by_time ON schedule_runs (scheduled_at);
