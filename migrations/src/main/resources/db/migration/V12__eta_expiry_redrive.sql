-- Delayed and expiring jobs. eta: the job is not dispatched before it (a countdown is stored as
-- the instant it ends); the delay waits in PostgreSQL as dispatch_after, like a retry's backoff.
-- expires_at: a job not started by then ends REVOKED with revoke_reason 'expired' and never starts.
ALTER TABLE jobs ADD COLUMN eta timestamptz;
ALTER TABLE jobs ADD COLUMN expires_at timestamptz;

-- The api-gateway's expiry sweep: waiting jobs with an expiry, oldest expiry first. Only jobs that
-- have an expiry are in it, so jobs without one cost it nothing.
CREATE INDEX jobs_expiry ON jobs (expires_at)
    WHERE expires_at IS NOT NULL AND status IN ('PENDING', 'QUEUED', 'RETRY');

-- Re-drive: how many times an administrator or the job's owner started a finished (FAILURE or
-- REVOKED) job again. Each re-drive is a new attempt number; the attempt history stays.
ALTER TABLE jobs ADD COLUMN redrive_count integer NOT NULL DEFAULT 0 CHECK (redrive_count >= 0);
