-- Acknowledgements of control messages (jobs.control): which worker applied which request.
CREATE TABLE control_acks (
    request_id uuid        NOT NULL,
    worker_id  text        NOT NULL,
    type       text        NOT NULL,
    target     text        NOT NULL,
    applied    boolean     NOT NULL,
    detail     text,
    acked_at   timestamptz NOT NULL,
    PRIMARY KEY (request_id, worker_id)
);
CREATE INDEX control_acks_acked_at ON control_acks (acked_at);
