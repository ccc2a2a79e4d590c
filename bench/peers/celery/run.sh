#!/usr/bin/env bash
# Celery peer benchmark: one run, one `PEER {json}` line on stdout.
#
#   bench/peers/celery/run.sh MODE N
#     MODE  redis          Redis broker + Redis results, apply_async per job
#           redis-batch    same, celery.group of BATCH jobs per apply_async
#           durable        RabbitMQ (persistent, confirms) + acks_late +
#                          reject_on_worker_lost + PostgreSQL results, per job
#           durable-batch  same, group of BATCH jobs per apply_async
#     N     measured jobs
#
# Knobs (environment):
#   WORKLOAD  echo (default): peer.echo, returns its params;
#             http: peer.http, one HTTP GET to the project's latency stub (started
#             here, CPU group `stub`), returns params + the status code
#   LATENCY_MS http: how long the stub takes to answer (default 100)
#   POOL=prefork|threads|gevent|solo  worker pool. echo default: solo for redis
#             (the fastest there), prefork for durable (the only one that works
#             well there: solo/threads open a PostgreSQL connection per result,
#             and threads + acks_late stalled on RabbitMQ). http default: gevent
#             for redis, prefork for durable. See README.md.
#   CONC      prefork/threads/gevent: -c of the one worker; solo: number of
#             single-process workers. echo defaults: prefork 2, threads 8, solo 2;
#             http defaults: prefork 32, threads 100, gevent 500, solo 2
#   PREFETCH  worker_prefetch_multiplier (default 4)
#   CLIENTS   producer threads (default 4; durable per-job: 8, to overlap
#             publisher confirms)
#   BATCH     jobs per group in *-batch modes (default 500)
#   WARMUP    jobs submitted and awaited before the measured run (default 0)
#   CONFIRM   durable: publisher confirms 1|0 (default 1)
#   PG_POOL   durable: 1 gives solo/threads/gevent workers a pooled SQLAlchemy
#             engine for results (Celery gives them a new PostgreSQL connection
#             per result) and, under gevent, a cooperative psycopg2 (psycogreen's
#             wait callback); workarounds, not Celery settings (default 0)
#   TIMEOUT   seconds for submitting + completing (default 600)
#   SUBSCRIBE redis: 1 keeps Celery's per-job result SUBSCRIBE at submit time
#             (its default client behaviour; default 0, see producer.py)
#
# It resets its own state first (Redis dbs 14 and 15; RabbitMQ vhost
# celery_peer; PostgreSQL database celery_peer), starts the workers with setsid,
# runs producer.py, and stops the workers it started, by pid.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2; }
MODE=${1:-}; N=${2:-}
[[ -n "$MODE" && "$N" =~ ^[0-9]+$ ]] || usage
case "$MODE" in
  redis|durable) BACKEND=$MODE; BATCH=1 ;;
  redis-batch|durable-batch) BACKEND=${MODE%-batch}; BATCH=${BATCH:-500} ;;
  *) usage ;;
esac
WORKLOAD=${WORKLOAD:-echo}
LATENCY_MS=${LATENCY_MS:-100}
case "$WORKLOAD" in
  echo) if [[ "$BACKEND" == redis ]]; then POOL=${POOL:-solo}; else POOL=${POOL:-prefork}; fi ;;
  http) if [[ "$BACKEND" == redis ]]; then POOL=${POOL:-gevent}; else POOL=${POOL:-prefork}; fi ;;
  *) echo "WORKLOAD must be echo or http" >&2; exit 2 ;;
esac
case "$POOL:$WORKLOAD" in
  prefork:echo) CONC=${CONC:-2} ;;
  prefork:http) CONC=${CONC:-32} ;;
  threads:echo) CONC=${CONC:-8} ;;
  threads:http) CONC=${CONC:-100} ;;
  gevent:*) CONC=${CONC:-500} ;;
  solo:*) CONC=${CONC:-2} ;;
  *) echo "POOL must be prefork, threads, gevent or solo" >&2; exit 2 ;;
esac
if [[ "$BACKEND" == durable && "$BATCH" == 1 ]]; then CLIENTS=${CLIENTS:-8}; else CLIENTS=${CLIENTS:-4}; fi
PREFETCH=${PREFETCH:-4}
WARMUP=${WARMUP:-0}
CONFIRM=${CONFIRM:-1}
TIMEOUT=${TIMEOUT:-600}
EXTRA=(); [[ "${SUBSCRIBE:-0}" == 1 ]] && EXTRA+=(--native-subscribe)

log() { echo "[celery-peer] $*" >&2; }
pg() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

# --- the services' processes (for CPU accounting) ---
REDIS_PID=$(redis-cli -h 127.0.0.1 INFO server | tr -d '\r' | awk -F: '/^process_id:/{print $2}')
PG_PID=$(head -1 "$(pg -d postgres -c 'SHOW data_directory')/postmaster.pid")
RABBIT_PID=$(ss -ltnpH 'sport = :5672' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)

# --- reset this peer's own state ---
if [[ "$BACKEND" == redis ]]; then
  redis-cli -h 127.0.0.1 -n 14 FLUSHDB >/dev/null
  redis-cli -h 127.0.0.1 -n 15 FLUSHDB >/dev/null
  GROUPS_ARGS=(--group "redis=$REDIS_PID")
  DURABILITY=$(printf 'redis appendonly=%s save="%s" (no AOF, no RDB: a Redis restart loses queue and results)' \
    "$(redis-cli CONFIG GET appendonly | tail -1)" "$(redis-cli CONFIG GET save | tail -1)")
else
  [[ -n "$RABBIT_PID" ]] || { echo "RabbitMQ is not listening on 127.0.0.1:5672" >&2; exit 1; }
  rabbitmqctl -q delete_vhost celery_peer >/dev/null 2>&1 || true
  rabbitmqctl -q add_vhost celery_peer >/dev/null
  rabbitmqctl -q set_permissions -p celery_peer guest '.*' '.*' '.*' >/dev/null
  pg -d postgres -c 'DROP DATABASE IF EXISTS celery_peer WITH (FORCE)' -c 'CREATE DATABASE celery_peer'
  # create Celery's tables once, before two worker processes race to do it
  (cd "$HERE" && PEER_MODE=durable $PY -c 'import peer_app; s = peer_app.app.backend.ResultSession(); s.close()')
  GROUPS_ARGS=(--group "rabbitmq=$RABBIT_PID" --group "postgres=$PG_PID")
  DURABILITY="rabbitmq $(rabbitmqctl -q status 2>/dev/null | awk '/RabbitMQ version/{print $3}') classic durable queue, persistent messages; postgres fsync=$(pg -d postgres -c 'SHOW fsync') synchronous_commit=$(pg -d postgres -c 'SHOW synchronous_commit')"
fi

# --- workers (and the stub they call) ---
RUN=$(mktemp -d /tmp/peer-celery.XXXXXX)
mkdir -p "$RUN/exec" "$RUN/ready"
export PEER_MODE=$BACKEND PEER_PREFETCH=$PREFETCH PEER_CONFIRM=$CONFIRM \
  PEER_EXEC_DIR=$RUN/exec PEER_READY_DIR=$RUN/ready PEER_POOL_LIMIT=$(( CLIENTS > 16 ? CLIENTS : 16 )) \
  PEER_PG_POOL=${PG_POOL:-0}
WPIDS=()
stop_workers() {
  local p
  for p in "${WPIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    local alive=0
    for p in "${WPIDS[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.2
  done
  # anything left of the sessions we created (session leader pid = process group id)
  for p in "${WPIDS[@]}"; do kill -KILL -- "-$p" 2>/dev/null || true; done
}
# shellcheck source=../stub.sh
source "$HERE/../stub.sh"
stop_all() { stop_workers; stop_stub; }
trap stop_all EXIT
if [[ "$WORKLOAD" == http ]]; then
  start_stub "$LATENCY_MS" "$RUN/stub.log"
  # kept-alive connections per worker process: one per task that can run at once in it
  if [[ "$POOL" == solo ]]; then PEER_HTTP_POOL=1; else PEER_HTTP_POOL=$CONC; fi
  export PEER_HTTP_URL=$STUB_URL PEER_HTTP_POOL
  GROUPS_ARGS+=(--group "stub=$STUB_PID")
  EXTRA+=(--note "latency_ms=$LATENCY_MS" --note "http_url=$STUB_URL/peer/<i>")
fi

start_worker() { # pool concurrency name
  (cd "$HERE" && exec setsid $PY -m celery -A peer_app worker -P "$1" -c "$2" -n "$3@%h" \
      -Q peer_bench -l WARNING --without-gossip --without-mingle --without-heartbeat \
      >"$RUN/$3.log" 2>&1 </dev/null) &
  WPIDS+=($!)
}
if [[ "$POOL" == solo ]]; then
  for w in $(seq 1 "$CONC"); do start_worker solo 1 "w$w"; done
  WORKER_DESC="$CONC worker processes, solo pool"
else
  start_worker "$POOL" "$CONC" w1
  WORKER_DESC="1 worker, $POOL pool, concurrency $CONC"
fi
[[ "$WORKLOAD" == http ]] && WORKER_DESC+="; urllib3.PoolManager per process, up to $PEER_HTTP_POOL kept-alive connections"
NW=${#WPIDS[@]}
for _ in $(seq 1 300); do
  [[ $(ls "$RUN/ready" | wc -l) -ge $NW ]] && break
  for p in "${WPIDS[@]}"; do kill -0 "$p" 2>/dev/null || { cat "$RUN"/w*.log >&2; exit 1; }; done
  sleep 0.2
done
[[ $(ls "$RUN/ready" | wc -l) -ge $NW ]] || { log "workers not ready after 60 s"; cat "$RUN"/w*.log >&2; exit 1; }
for p in "${WPIDS[@]}"; do  # each must lead its own session
  [[ $(awk '{print $6}' "/proc/$p/stat") == "$p" ]] || { log "worker $p is not a session leader"; exit 1; }
done
WORKER_GROUP=$(IFS=,; echo "${WPIDS[*]}")
# Celery reports ready before prefork's children have finished initialising (32 of them
# take seconds of CPU on 2 cores): wait until the workers' process trees are idle (under
# 50 ms of CPU per 0.5 s, twice in a row; at most 60 s) so that start-up stays out of the window.
(cd "$HERE" && $PY - "$WORKER_GROUP" <<'PYEOF'
import sys, time
import procstat
roots = {"w": [int(p) for p in sys.argv[1].split(",")]}
prev, quiet = procstat.snapshot(roots)["w"], 0
for _ in range(120):
    time.sleep(0.5)
    cur = procstat.snapshot(roots)["w"]
    quiet = quiet + 1 if cur - prev <= 0.05 * procstat.TICKS else 0
    prev = cur
    if quiet >= 2:
        break
PYEOF
)
log "run dir $RUN; workers: $WORKER_DESC (pids ${WPIDS[*]})"

set +e
(cd "$HERE" && $PY producer.py --jobs "$N" --clients "$CLIENTS" --batch "$BATCH" --warmup "$WARMUP" \
   --timeout "$TIMEOUT" --workload "$WORKLOAD" --exec-dir "$RUN/exec" --system "celery-$BACKEND" "${EXTRA[@]}" \
   --group "worker=$WORKER_GROUP" "${GROUPS_ARGS[@]}" \
   --note "pool=$POOL" --note "pg_pool_workaround=${PG_POOL:-0}" --note "concurrency=$CONC" --note "worker=$WORKER_DESC" --note "worker_flags=-l WARNING --without-gossip --without-mingle --without-heartbeat" \
   --note "durability=$DURABILITY" --note "loadavg_at_start=$(cut -d' ' -f1-3 /proc/loadavg)") | tee "$RUN/peer.txt"
RC=${PIPESTATUS[0]}
set -e
stop_all
trap - EXIT
if grep -qiE 'error|critical' "$RUN"/w*.log; then log "worker log has errors: $RUN"; fi
exit "$RC"
