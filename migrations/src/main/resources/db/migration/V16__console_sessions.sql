-- Sessions of the operations console (/ui), kept by Spring Session JDBC so that any api-gateway
-- replica behind a load balancer serves any signed-in browser, and signing out or an expired session
-- ends it on every replica at once. The shape is Spring Session's own schema-postgresql.sql.
CREATE TABLE spring_session (
    primary_id            char(36)     NOT NULL,
    session_id            char(36)     NOT NULL,
    creation_time         bigint       NOT NULL,
    last_access_time      bigint       NOT NULL,
    max_inactive_interval int          NOT NULL,
    expiry_time           bigint       NOT NULL,
    principal_name        varchar(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);

CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id char(36)     NOT NULL,
    attribute_name     varchar(200) NOT NULL,
    attribute_bytes    bytea        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);

-- The console's overview reads the attempts finished in the last hour (outcomes and queue wait per
-- minute). job_attempts only ever gets inserts (and retention's deletes), so this index costs one
-- entry per attempt, unlike an index on the jobs table, whose rows are updated at every status change.
CREATE INDEX job_attempts_finished_at ON job_attempts (finished_at);
