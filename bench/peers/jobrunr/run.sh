#!/usr/bin/env bash
# JobRunr peer benchmark: one run, one `PEER {json}` line on stdout.
#
#   bench/peers/jobrunr/run.sh MODE N
#     MODE  single   BackgroundJob.enqueue(lambda) per job, from CLIENTS threads
#           batch    BackgroundJob.enqueue(Stream of BATCH, lambda), from CLIENTS threads
#     N     measured jobs
#
# Knobs (environment):
#   WORKLOAD  echo (default): EchoJob.echo, the result is the params;
#             http: HttpJob.call, one HTTP GET (java.net.http.HttpClient) to the
#             project's latency stub (started here, CPU group `stub`), the result
#             is the params + the status code
#   LATENCY_MS http: how long the stub takes to answer (default 100)
#   CLIENTS   enqueueing threads (default 64 single / 8 batch, as the project's bench)
#   BATCH     jobs per enqueue(Stream) call in batch mode (default 500)
#   WARMUP    jobs enqueued and awaited before the measured run (default 0)
#   WORKERS   BackgroundJobServer worker count (echo default 0 = JobRunr's
#             default: 8 x cores, x2 on virtual threads = 32 here; http default
#             512: virtual-thread workers that mostly wait on the stub)
#   THREADS   default|virtual|platform worker threads (default: JobRunr's,
#             virtual threads on Java 21+)
#   POLL      BackgroundJobServer poll interval, seconds (default 15 = JobRunr's
#             default; 5 is the smallest JobRunr accepts)
#   POOL      HikariCP pool size shared by enqueuers and the server (default 32)
#   TIMEOUT   seconds for enqueueing + completing (default 600)
#   JAVA_OPTS extra JVM options (default none: JVM defaults, as the project's
#             services run)
#
# It drops and recreates the database jobrunr_peer first (JobRunr creates its
# tables at start), builds the jar if it is missing, starts the stub for
# WORKLOAD=http, runs the benchmark JVM in the foreground (enqueuers and
# BackgroundJobServer in one JVM), stops the stub by pid and exits with the
# JVM's status.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2; exit 2; }
MODE=${1:-}; N=${2:-}
[[ ("$MODE" == single || "$MODE" == batch) && "$N" =~ ^[0-9]+$ ]] || usage
if [[ "$MODE" == batch ]]; then CLIENTS=${CLIENTS:-8}; else CLIENTS=${CLIENTS:-64}; fi
BATCH=${BATCH:-500}
WARMUP=${WARMUP:-0}
WORKLOAD=${WORKLOAD:-echo}
LATENCY_MS=${LATENCY_MS:-100}
case "$WORKLOAD" in
  echo) WORKERS=${WORKERS:-0} ;;
  http) WORKERS=${WORKERS:-512} ;;
  *) echo "WORKLOAD must be echo or http" >&2; exit 2 ;;
esac
THREADS=${THREADS:-default}
POLL=${POLL:-15}
POOL=${POOL:-32}
TIMEOUT=${TIMEOUT:-600}

pg() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

JAR=$HERE/target/jobrunr-peer.jar
if [[ ! -f "$JAR" ]]; then
  (cd "$HERE" && mvn -q -B package) >&2
fi

PG_PID=$(head -1 "$(pg -d postgres -c 'SHOW data_directory')/postmaster.pid")
pg -d postgres -c 'DROP DATABASE IF EXISTS jobrunr_peer WITH (FORCE)' -c 'CREATE DATABASE jobrunr_peer' 2>/dev/null
DURABILITY="postgres fsync=$(pg -d postgres -c 'SHOW fsync') synchronous_commit=$(pg -d postgres -c 'SHOW synchronous_commit') (PostgreSQL $(pg -d postgres -c 'SHOW server_version'))"

HTTP_ARGS=()
# shellcheck source=../stub.sh
source "$HERE/../stub.sh"
trap stop_stub EXIT
if [[ "$WORKLOAD" == http ]]; then
  STUB_LOG=$(mktemp /tmp/peer-jobrunr-stub.XXXXXX)
  start_stub "$LATENCY_MS" "$STUB_LOG"
  HTTP_ARGS=(--http-url "$STUB_URL" --stub-pid "$STUB_PID" --note "latency_ms=$LATENCY_MS"
    --note "http_url=$STUB_URL/peer/<i>")
fi

set +e
# shellcheck disable=SC2086
"$JAVA" ${JAVA_OPTS:-} -jar "$JAR" --mode "$MODE" --jobs "$N" --clients "$CLIENTS" --batch "$BATCH" \
  --warmup "$WARMUP" --workers "$WORKERS" --threads "$THREADS" --poll "$POLL" --pool "$POOL" \
  --timeout "$TIMEOUT" --pg-pid "$PG_PID" --workload "$WORKLOAD" "${HTTP_ARGS[@]}" \
  --note "durability=$DURABILITY" --note "jvm_opts=${JAVA_OPTS:-defaults}" \
  --note "loadavg_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
RC=$?
set -e
stop_stub
trap - EXIT
exit "$RC"
