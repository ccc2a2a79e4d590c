#!/usr/bin/env bash
# The whole peer comparison, one run after another; PEER lines to stdout and appended to OUT
# (default bench/peers/results/run-all-<workload>-N-<time>.txt; results/ is not versioned).
#
#   bench/peers/run-all.sh N [OUT]
#
#   WORKLOAD=echo (default)  the six echo runs: celery redis, redis-batch, durable,
#                            durable-batch (default pools); jobrunr single, batch
#   WORKLOAD=http            the I/O-bound job (one HTTP call to the project's latency stub,
#                            LATENCY_MS, default 100) on every pool a user would pick for it:
#                            celery redis with POOL=prefork, threads, gevent; celery durable
#                            with POOL=prefork, and gevent with PG_POOL=1 (see README.md);
#                            jobrunr single, batch (WORKERS default 512)
#   WORKLOAD=all             echo with N jobs, then http with HTTP_N jobs (default N)
#
# Other knobs of the two run.sh scripts pass through (WARMUP, POLL, LATENCY_MS, TIMEOUT, ...;
# CONC and WORKERS, if set, apply to every run), e.g.
#   WARMUP=2000 POLL=5 bench/peers/run-all.sh 100000
#   WORKLOAD=http WARMUP=1000 POLL=5 bench/peers/run-all.sh 20000
#   WORKLOAD=all HTTP_N=20000 WARMUP=2000 POLL=5 bench/peers/run-all.sh 100000
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
N=${1:?usage: run-all.sh N [OUT]}
WORKLOAD=${WORKLOAD:-echo}
HTTP_N=${HTTP_N:-$N}
case "$WORKLOAD" in echo|http|all) ;; *) echo "WORKLOAD must be echo, http or all" >&2; exit 2 ;; esac
OUT=${2:-$HERE/results/run-all-$WORKLOAD-$N-$(date -u +%Y%m%dT%H%M%SZ).txt}
mkdir -p "$(dirname "$OUT")"
unset POOL PG_POOL  # chosen per run below
run() { # env assignments... script mode n
  echo "# $* (WARMUP=${WARMUP:-0} POLL=${POLL:-default} LATENCY_MS=${LATENCY_MS:-100}) $(date -u +%FT%TZ)" >>"$OUT"
  env "$@" 2>>"$OUT.stderr" | tee -a "$OUT"
}
echo_runs() {
  for m in redis redis-batch durable durable-batch; do run WORKLOAD=echo "$HERE/celery/run.sh" "$m" "$N"; done
  for m in single batch; do run WORKLOAD=echo "$HERE/jobrunr/run.sh" "$m" "$N"; done
}
http_runs() {
  for p in prefork threads gevent; do run WORKLOAD=http POOL=$p "$HERE/celery/run.sh" redis "$HTTP_N"; done
  run WORKLOAD=http POOL=prefork "$HERE/celery/run.sh" durable "$HTTP_N"
  run WORKLOAD=http POOL=gevent PG_POOL=1 "$HERE/celery/run.sh" durable "$HTTP_N"
  for m in single batch; do run WORKLOAD=http "$HERE/jobrunr/run.sh" "$m" "$HTTP_N"; done
}
case "$WORKLOAD" in
  echo) echo_runs ;;
  http) http_runs ;;
  all) echo_runs; http_runs ;;
esac
echo "results: $OUT" >&2
