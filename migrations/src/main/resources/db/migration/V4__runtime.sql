-- Consecutive attempts that ended because their worker was lost; reset by any other outcome.
-- A job that keeps taking workers down is a poison job and is failed instead of retried forever.
ALTER TABLE jobs ADD COLUMN lost_count integer NOT NULL DEFAULT 0;

-- Listing by status and connector, newest first (keyset pagination).
CREATE INDEX jobs_status_created ON jobs (status, created_at DESC, id DESC);
CREATE INDEX jobs_connector_created ON jobs (connector, created_at DESC, id DESC);
