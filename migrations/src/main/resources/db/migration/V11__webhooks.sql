-- Completion webhooks. A submission may name a callback URL (on the allow-list) and the name of a
-- configured signing secret (never the secret itself).
ALTER TABLE jobs ADD COLUMN callback_url text;
ALTER TABLE jobs ADD COLUMN callback_secret text;

-- Hosts that callbacks may be sent to, managed by ADMIN keys (besides those in configuration):
-- an exact host name or address, or '*.example.com' for the hosts below a domain.
CREATE TABLE webhook_allowed_hosts (
    pattern  text        PRIMARY KEY,
    added_by text,
    added_at timestamptz NOT NULL DEFAULT now()
);

-- One delivery per terminal state a job with a callback reaches (a re-driven job reaches another).
-- The api-gateway claims due rows by moving next_attempt_at past a lease, POSTs the status
-- document, and records the outcome; a claim that is never finished is taken again after its
-- lease, so a delivery is made at least once.
CREATE TABLE webhook_deliveries (
    job_id           uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    seq              integer     NOT NULL,
    job_status       text        NOT NULL,
    state            text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    last_http_status integer,
    last_error       text,
    history          jsonb       NOT NULL DEFAULT '[]',
    PRIMARY KEY (job_id, seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'PENDING';

-- Whatever makes a job terminal (a worker's outcome, a revoke, the reaper) enqueues its delivery in
-- the same transaction. Jobs without a callback skip the function: the WHEN clause is checked first.
CREATE FUNCTION jobs_enqueue_webhook() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_deliveries (job_id, seq, job_status)
    SELECT NEW.id, coalesce(max(seq), 0) + 1, NEW.status FROM webhook_deliveries WHERE job_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER jobs_webhook AFTER UPDATE OF status ON jobs
    FOR EACH ROW
    WHEN (NEW.callback_url IS NOT NULL AND NEW.status IN ('SUCCESS', 'FAILURE', 'REVOKED')
          AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION jobs_enqueue_webhook();
