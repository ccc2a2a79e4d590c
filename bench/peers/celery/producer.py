"""Celery peer producer: submit N echo (or http) jobs as fast as possible, wait until every
result is in the result backend, verify them, print one `PEER {json}` line.

Run by run.sh (which starts and stops the workers); usable alone as
  PEER_MODE=redis /usr/bin/python3 producer.py --jobs 2000 --clients 4

Workload (--workload): echo, peer.echo(params) -> params; http, peer.http(params)
-> params + {"status": 200} after one HTTP request to the stub (run.sh starts it).

Submission:
  --batch 1   one Task.apply_async per job, from --clients threads
  --batch B   celery.group of B signatures per apply_async call, from --clients
              threads (group is Celery's only multi-task submit; on the wire it is
              still one broker message per job, published on one producer)
Waiting: the producer polls the result store in bulk (Redis DBSIZE of the
results db, or count(*) of celery_taskmeta), not AsyncResult.get() per job.
The clock: wall_s runs from the first submit to the newest date_done that the
backend recorded (the last completion), i.e. the project's end_to_end_s.
"""
import argparse
import datetime as dt
import json
import os
import random
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import procstat  # noqa: E402
import peer_app  # noqa: E402
from celery import group  # noqa: E402

app = peer_app.app
TASKS = {"echo": peer_app.echo, "http": peer_app.http}
MODE = peer_app.MODE


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--jobs", type=int, required=True)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--warmup", type=int, default=0)
    p.add_argument("--workload", choices=sorted(TASKS), default="echo")
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--group", action="append", default=[],
                   help="name=pid[,pid...]: a process tree whose CPU is counted")
    p.add_argument("--exec-dir", default=os.environ.get("PEER_EXEC_DIR"))
    p.add_argument("--system", default="celery-" + MODE)
    p.add_argument("--note", action="append", default=[], help="key=value added to config")
    p.add_argument("--native-subscribe", action="store_true",
                   help="redis: keep Celery's per-task result SUBSCRIBE at submit time")
    return p.parse_args()


# --- result store access ----------------------------------------------------

class RedisStore:
    def __init__(self):
        import redis
        self.r = redis.Redis.from_url(peer_app.REDIS_RESULTS)

    def count(self):
        return self.r.dbsize()

    def clear(self):
        self.r.flushdb()

    def fetch(self, ids):
        """{task_id: (status, result, date_done datetime)}"""
        out = {}
        for k in range(0, len(ids), 1000):
            chunk = ids[k:k + 1000]
            vals = self.r.mget(["celery-task-meta-" + t for t in chunk])
            for t, v in zip(chunk, vals):
                if v is None:
                    continue
                meta = json.loads(v)
                out[t] = (meta.get("status"), meta.get("result"), parse_date(meta.get("date_done")))
        return out

    def close(self):
        self.r.close()


class PgStore:
    def __init__(self):
        import psycopg2
        self.conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="celery_peer")
        self.conn.autocommit = True

    def count(self):
        with self.conn.cursor() as c:
            c.execute("SELECT count(*) FROM celery_taskmeta WHERE status = 'SUCCESS'")
            return c.fetchone()[0]

    def clear(self):
        with self.conn.cursor() as c:
            c.execute("TRUNCATE celery_taskmeta")

    def fetch(self, ids):
        # Through Celery's own model so the PickleType column decodes as Celery does.
        backend = app.backend
        session = backend.ResultSession()
        out = {}
        try:
            for row in session.query(backend.task_cls).yield_per(5000):
                result = row.result
                if isinstance(result, (bytes, str)):
                    result = backend.decode(result)
                out[row.task_id] = (row.status, result, row.date_done)
        finally:
            session.close()
        return out

    def pg_counters(self):
        with self.conn.cursor() as c:
            c.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint, "
                      "pg_current_wal_lsn() - '0/0'::pg_lsn")
            xid, wal = c.fetchone()
            return int(xid), int(wal)

    def close(self):
        self.conn.close()


def parse_date(v):
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v
    return dt.datetime.fromisoformat(v)


def epoch(d):
    if d is None:
        return None
    if d.tzinfo is None:  # Celery records date_done as naive UTC
        d = d.replace(tzinfo=dt.timezone.utc)
    return d.timestamp()


# --- submission ---------------------------------------------------------------

def submit_all(task, jobs, clients, batch):
    """jobs: list of (task_id, params). Returns (seconds, errors)."""
    errors = []
    if batch <= 1:
        units = [[j] for j in jobs]
    else:
        units = [jobs[k:k + batch] for k in range(0, len(jobs), batch)]
    next_unit = {"i": 0}
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                u = next_unit["i"]
                next_unit["i"] += 1
            if u >= len(units):
                return
            unit = units[u]
            try:
                if batch <= 1:
                    tid, params = unit[0]
                    task.apply_async(args=(params,), task_id=tid)
                else:
                    group(task.s(params).set(task_id=tid) for tid, params in unit).apply_async()
            except Exception as e:  # counted, the jobs will show up as lost
                with lock:
                    errors.append(repr(e))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, clients))]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - start, errors


def wait_for(store, target, deadline, interval):
    n = store.count()
    while n < target and time.monotonic() < deadline:
        time.sleep(interval)
        n = store.count()
    return n


def make_jobs(n, hello):
    return [(str(uuid.uuid4()), {"hello": hello, "i": i}) for i in range(n)]


def main():
    a = parse_args()
    groups = {}
    for g in a.group:
        name, pids = g.split("=", 1)
        groups[name] = [int(p) for p in pids.split(",") if p]
    groups["producer"] = [os.getpid()]

    if MODE == "redis" and not a.native_subscribe:
        # A submitting web process that never calls .get() in-process: without this,
        # every apply_async also SUBSCRIBEs to the job's result channel, and with
        # 100k+ jobs the unread pub/sub buffer hits Redis' client-output-buffer limit.
        app.backend.on_task_call = lambda producer, task_id: None

    task = TASKS[a.workload]
    # what each job's stored result must be
    expected = (lambda p: p) if a.workload == "echo" else (lambda p: dict(p, status=200))
    store = RedisStore() if MODE == "redis" else PgStore()
    interval = 0.02 if MODE == "redis" else 0.05

    if a.warmup > 0:
        wjobs = make_jobs(a.warmup, "warmup")
        submit_all(task, wjobs, a.clients, a.batch)
        got = wait_for(store, a.warmup, time.monotonic() + a.timeout, interval)
        if got < a.warmup:
            print(f"warm-up: only {got} of {a.warmup} results", file=sys.stderr)
        store.clear()

    jobs = make_jobs(a.jobs, "world")
    ids = [t for t, _ in jobs]

    pg0 = store.pg_counters() if MODE == "durable" else None
    cpu0 = procstat.snapshot(groups)
    t0_epoch = time.time()
    t0 = time.monotonic()
    submit_s, submit_errors = submit_all(task, jobs, a.clients, a.batch)
    done = wait_for(store, a.jobs, t0 + a.timeout, interval)
    detect_s = time.monotonic() - t0
    cpu1 = procstat.snapshot(groups)
    pg1 = store.pg_counters() if MODE == "durable" else None
    timed_out = done < a.jobs

    # --- verification (outside the measured window) ---
    results = store.fetch(ids)
    ok = 0
    wrong = 0
    last_done = None
    for tid, params in jobs:
        r = results.get(tid)
        if r is None or r[0] != "SUCCESS":
            continue
        if r[1] != expected(params):
            wrong += 1
            continue
        ok += 1
        e = epoch(r[2])
        if e is not None and (last_done is None or e > last_done):
            last_done = e
    lost = a.jobs - ok - wrong
    if timed_out:  # judge by what was there at the deadline, not moments later
        ok = min(ok, done)
        lost = a.jobs - ok - wrong
    # the status-poll path a user would take: AsyncResult(id).state / .result
    sample = random.sample(jobs, min(200, len(jobs)))
    poll_ok = 0
    for tid, params in sample:
        res = app.AsyncResult(tid)
        if res.state == "SUCCESS" and res.result == expected(params):
            poll_ok += 1

    executions, duplicates, dup_jobs = None, None, None
    if a.exec_dir and os.path.isdir(a.exec_dir):
        counts = {}
        for name in os.listdir(a.exec_dir):
            if name.startswith("exec-"):
                with open(os.path.join(a.exec_dir, name)) as f:
                    for line in f:
                        line = line.strip()
                        if line:
                            counts[int(line)] = counts.get(int(line), 0) + 1
        executions = sum(counts.values())
        duplicates = sum(c - 1 for c in counts.values() if c > 1)
        dup_jobs = sum(1 for c in counts.values() if c > 1)

    wall_s = (last_done - t0_epoch) if (last_done is not None and not timed_out) else detect_s
    cpu = procstat.delta(cpu0, cpu1, detect_s)
    config = {
        "celery": __import__("celery").__version__,
        "kombu": __import__("kombu").__version__,
        "python": sys.version.split()[0],
        "broker": app.conf.broker_url.split("@")[-1],
        "result_backend": str(app.conf.result_backend).split("@")[-1],
        "acks_late": bool(app.conf.task_acks_late),
        "reject_on_worker_lost": bool(app.conf.task_reject_on_worker_lost),
        "confirm_publish": bool((app.conf.broker_transport_options or {}).get("confirm_publish", False)),
        "prefetch_multiplier": app.conf.worker_prefetch_multiplier,
        "submit": "apply_async per job" if a.batch <= 1 else f"group of {a.batch} per apply_async",
        "result_subscribe_at_submit": bool(MODE == "redis" and a.native_subscribe),
        "wait": "bulk poll of the result store",
    }
    config.update(dict(n.split("=", 1) for n in a.note))
    out = {
        "system": a.system,
        "workload": a.workload,
        "jobs": a.jobs,
        "batch": a.batch,
        "clients": a.clients,
        "warmup": a.warmup,
        "completed": ok,
        "wall_s": round(wall_s, 3),
        "jobs_per_s": round(ok / wall_s, 1) if wall_s > 0 else None,
        "submit_s": round(submit_s, 3),
        "submitted_per_s": round(a.jobs / submit_s, 1) if submit_s > 0 else None,
        "detect_s": round(detect_s, 3),
        "lost": lost,
        "wrong_result": wrong,
        "duplicates": duplicates,
        "duplicate_jobs": dup_jobs,
        "executions": executions,
        "status_poll_sample_ok": f"{poll_ok}/{len(sample)}",
        "submit_errors": len(submit_errors),
        "timed_out": timed_out,
        "cpu_s_total": cpu["total"],
        "cpu_s": cpu["groups"],
        "cpu_s_per_1k_jobs": round(1000 * cpu["total"] / a.jobs, 3),
        "machine": {k: cpu[k] for k in ("window_s", "machine_busy_s", "machine_busy_pct", "other_s")},
        "config": config,
    }
    if pg0 and pg1:
        out["postgres"] = {
            "write_xacts_per_job": round((pg1[0] - pg0[0]) / a.jobs, 3),
            "wal_bytes_per_job": round((pg1[1] - pg0[1]) / a.jobs, 1),
        }
    if submit_errors:
        out["submit_error_sample"] = submit_errors[:3]
    store.close()
    print("PEER " + json.dumps(out, separators=(",", ":")), flush=True)
    return 0 if (lost == 0 and wrong == 0 and not timed_out) else 1


if __name__ == "__main__":
    sys.exit(main())
