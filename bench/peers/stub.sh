# Sourced by celery/run.sh and jobrunr/run.sh for WORKLOAD=http: starts the project's stub vendor
# (`devstack latency-stub`, the one `bench --operation http` uses) in a JVM of its own, which
# answers every request with {"ok":true} after LATENCY_MS ms, one virtual thread per request.
#
#   start_stub LATENCY_MS LOGFILE   sets STUB_PID, STUB_PORT, STUB_URL; returns once it listens
#   stop_stub                       TERM, then KILL after 10 s, by pid
#
# DEVSTACK_JAR (default <repo>/devstack/target/devstack.jar; build it with
# `./mvnw -q -DskipTests -pl devstack -am package`), STUB_PORT (default: a free port).
# The JVM options are the ones the devstack gives it (LatencyStub.JVM_OPTIONS): the JDK's server
# would otherwise drop kept-alive connections beyond 200 idle ones.
# --parent-pid is this script's shell: the stub exits by itself if the script is killed.

_PEERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEVSTACK_JAR=${DEVSTACK_JAR:-$(cd "$_PEERS_DIR/../.." && pwd)/devstack/target/devstack.jar}
STUB_PID=

start_stub() { # latency_ms logfile
  local latency=$1 log=$2 java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
  [[ -f "$DEVSTACK_JAR" ]] || {
    echo "no $DEVSTACK_JAR; build it: ./mvnw -q -DskipTests -pl devstack -am package (or set DEVSTACK_JAR)" >&2
    return 1
  }
  STUB_PORT=${STUB_PORT:-$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  "$java" -Xmx256m -XX:+UseSerialGC -Dsun.net.httpserver.maxIdleConnections=100000 \
    -jar "$DEVSTACK_JAR" latency-stub --port "$STUB_PORT" --latency-ms "$latency" --parent-pid $$ \
    >"$log" 2>&1 </dev/null &
  STUB_PID=$!
  local _
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$STUB_PORT") 2>/dev/null; then
      STUB_URL="http://127.0.0.1:$STUB_PORT"
      # one request end to end, so that a broken stub fails here and not as lost jobs
      if /usr/bin/python3 -c 'import sys, urllib.request; sys.exit(urllib.request.urlopen(sys.argv[1], timeout=30).status != 200)' \
          "$STUB_URL/peer/check"; then
        return 0
      fi
      break
    fi
    kill -0 "$STUB_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the latency stub did not answer on port $STUB_PORT; see $log" >&2
  stop_stub
  return 1
}

stop_stub() {
  [[ -n "$STUB_PID" ]] || return 0
  kill -TERM "$STUB_PID" 2>/dev/null || true
  local _
  for _ in $(seq 1 50); do
    kill -0 "$STUB_PID" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$STUB_PID" 2>/dev/null || true
  wait "$STUB_PID" 2>/dev/null || true
  STUB_PID=
}
