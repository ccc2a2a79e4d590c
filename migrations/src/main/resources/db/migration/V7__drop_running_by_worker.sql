-- Every claim added an entry to this index and every outcome write could be planned through it,
-- reading the entries of every job the worker ever ran until vacuum removed them. Nothing on the
-- hot path needs it: the heartbeat extends leases by job id, and the rare lookups of a worker's
-- running jobs (registration, the active-tasks view) go through jobs_status_created.
DROP INDEX IF EXISTS jobs_running_by_worker;
