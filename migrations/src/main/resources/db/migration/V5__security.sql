-- API keys: only a SHA-256 hash of each key is stored; the key itself is shown once at creation.
CREATE TABLE api_keys (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL,
    role         text        NOT NULL CHECK (role IN ('USER', 'ADMIN')),
    key_hash     text        NOT NULL UNIQUE,
    key_prefix   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   text,
    revoked_at   timestamptz,
    last_used_at timestamptz
);

-- Who did what and when: revocations, breaker operations, key management. Submissions are
-- attributed by jobs.client_id (the submitting key's id) and jobs.created_at.
CREATE TABLE audit_log (
    id         bigserial   PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor_id   uuid,
    actor_name text        NOT NULL,
    action     text        NOT NULL,
    target     text,
    detail     jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
