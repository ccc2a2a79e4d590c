-- The retention sweep deletes finished jobs in batches, oldest first.
CREATE INDEX jobs_finished_at ON jobs (finished_at) WHERE status IN ('SUCCESS', 'FAILURE', 'REVOKED');
