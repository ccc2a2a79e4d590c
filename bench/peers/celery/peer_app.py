"""The Celery application both the worker and the producer load.

PEER_MODE selects the configuration:
  redis    broker redis://127.0.0.1:6379/14, results redis://127.0.0.1:6379/15
           (a common default; this Redis has neither AOF nor RDB snapshots, so
           nothing survives a Redis restart)
  durable  broker RabbitMQ (vhost celery_peer, classic durable queue, persistent
           messages, publisher confirms unless PEER_CONFIRM=0), acks_late,
           reject_on_worker_lost, results in PostgreSQL
           (db+postgresql://postgres@127.0.0.1/celery_peer); PEER_PG_POOL=1 keeps
           a pooled engine in non-prefork pools too (see below)

Two tasks; Celery stores each one's return value in the result backend:
  peer.echo(params)  returns its params unchanged (the project's `echo` job)
  peer.http(params)  one HTTP GET to PEER_HTTP_URL/peer/<i> (the project's stub
                     vendor, which answers after LATENCY_MS), returns params plus
                     "status": the response's status code (the project's `http` job)
Each also appends the job's number to a per-process execution log (one
write(2) per task) so the harness can count jobs that ran more than once.

peer.http keeps one urllib3.PoolManager per process (created in the process
that runs the task, so after the prefork pool's fork), i.e. kept-alive
connections to the stub, up to PEER_HTTP_POOL (the pool's concurrency) of them.
urllib3's pool is thread-safe (threads pool); under `celery -P gevent` the
worker has monkey-patched socket, threading and queue before this module is
imported, so the same pool is gevent-safe and a waiting request yields to the
other greenlets.
"""
import os

import urllib3  # here, so that prefork's children inherit it instead of importing it each
from celery import Celery
from celery.signals import worker_ready

MODE = os.environ.get("PEER_MODE", "redis")
QUEUE = "peer_bench"
REDIS_BROKER = "redis://127.0.0.1:6379/14"
REDIS_RESULTS = "redis://127.0.0.1:6379/15"
AMQP_BROKER = "pyamqp://guest:guest@127.0.0.1:5672/celery_peer"
PG_RESULTS = "db+postgresql://postgres@127.0.0.1/celery_peer"

app = Celery("peer")
conf = dict(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_default_queue=QUEUE,
    worker_prefetch_multiplier=int(os.environ.get("PEER_PREFETCH", "4")),
    broker_pool_limit=int(os.environ.get("PEER_POOL_LIMIT", "16")),
    worker_send_task_events=False,
    task_send_sent_event=False,
    worker_hijack_root_logger=False,
)
if MODE == "redis":
    conf.update(broker_url=REDIS_BROKER, result_backend=REDIS_RESULTS)
elif MODE == "durable":
    conf.update(
        broker_url=AMQP_BROKER,
        result_backend=PG_RESULTS,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_default_delivery_mode="persistent",
        broker_transport_options={"confirm_publish": os.environ.get("PEER_CONFIRM", "1") == "1"},
    )
else:
    raise SystemExit(f"PEER_MODE must be redis or durable, not {MODE!r}")
app.conf.update(conf)

if MODE == "durable" and os.environ.get("PEER_PG_POOL") == "1":
    # Celery's database backend keeps a pooled engine only in forked (prefork)
    # processes; elsewhere (solo, threads, gevent) SessionManager.get_engine
    # builds a NullPool engine per session, i.e. one new PostgreSQL connection per
    # stored result. This marks the shared SessionManager as forked, so those pools
    # get SQLAlchemy's QueuePool too (a workaround, not a Celery setting), and
    # under gevent makes psycopg2 cooperative.
    from celery.backends.database import DatabaseBackend
    DatabaseBackend.ResultSession.__defaults__[0].forked = True
    app.conf.database_engine_options = {"pool_size": 10, "max_overflow": 20}
    try:
        from gevent import monkey
        _gevent = monkey.is_module_patched("socket")
    except ImportError:
        _gevent = False
    if _gevent:
        # psycopg2 is C code that waits in libpq: under gevent every query and
        # every commit's WAL flush would block the whole worker. This is the
        # usual remedy (the psycogreen recipe): libpq in non-blocking mode,
        # waiting through gevent, so greenlets commit concurrently.
        import psycopg2
        from psycopg2 import extensions
        from gevent.socket import wait_read, wait_write

        def _gevent_wait(conn, timeout=None):
            while True:
                state = conn.poll()
                if state == extensions.POLL_OK:
                    return
                if state == extensions.POLL_READ:
                    wait_read(conn.fileno(), timeout=timeout)
                elif state == extensions.POLL_WRITE:
                    wait_write(conn.fileno(), timeout=timeout)
                else:
                    raise psycopg2.OperationalError("bad state from poll: %r" % state)

        extensions.set_wait_callback(_gevent_wait)

_EXEC_DIR = os.environ.get("PEER_EXEC_DIR")
_exec_fd = {"pid": None, "fd": None}


def _log_execution(i):
    if not _EXEC_DIR:
        return
    pid = os.getpid()
    if _exec_fd["pid"] != pid:  # first task in this (possibly forked) process
        _exec_fd["fd"] = os.open(os.path.join(_EXEC_DIR, f"exec-{pid}.log"),
                                 os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        _exec_fd["pid"] = pid
    os.write(_exec_fd["fd"], b"%d\n" % i)


@app.task(name="peer.echo")
def echo(params):
    if params.get("hello") == "world":  # warm-up jobs say "warmup"
        _log_execution(params["i"])
    return params


_HTTP_URL = os.environ.get("PEER_HTTP_URL", "http://127.0.0.1:18080")
_http = {"pid": None, "pool": None}


def _http_pool():
    pid = os.getpid()
    if _http["pid"] != pid:
        size = int(os.environ.get("PEER_HTTP_POOL", "10"))
        _http["pool"] = urllib3.PoolManager(
            num_pools=4, maxsize=size, block=False, retries=False,
            timeout=urllib3.Timeout(connect=10, read=60))
        _http["pid"] = pid
    return _http["pool"]


@app.task(name="peer.http")
def http(params):
    # preload_content (the default) reads the body, so the connection goes back to the pool
    resp = _http_pool().request("GET", "%s/peer/%d" % (_HTTP_URL, params["i"]))
    if params.get("hello") == "world":
        _log_execution(params["i"])
    return dict(params, status=resp.status)


@worker_ready.connect
def _ready(sender=None, **kwargs):
    ready_dir = os.environ.get("PEER_READY_DIR")
    if ready_dir:
        with open(os.path.join(ready_dir, f"ready-{os.getpid()}"), "w") as f:
            f.write("ready\n")
