-- A small JSON checkpoint of remote work a connector started (e.g. {"awx_job_id": 123}), saved by
-- the running attempt before it waits on that work, so that a later attempt of the job (after a
-- crash, a reaped lease, a retry) resumes the work instead of starting it again.
ALTER TABLE jobs ADD COLUMN checkpoint jsonb;
ALTER TABLE jobs ADD COLUMN checkpoint_at timestamptz;

-- What an attempt did to cancel its remote work when its job was revoked or reached its time
-- limit: best effort, bounded in time, one row per attempt.
CREATE TABLE job_remote_cancels (
    job_id      uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    worker_id   text        NOT NULL,
    reason      text        NOT NULL,
    action      text        NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('DONE', 'FAILED', 'TIMED_OUT')),
    detail      text,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    PRIMARY KEY (job_id, attempt)
);
