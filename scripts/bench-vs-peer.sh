#!/usr/bin/env bash
# Parley beside the Node.js ws + pg peer (../shared/peers/node-ws-pg, not in this repo): the same
# parley-bench command against one server, then the other, on one machine and one PostgreSQL:
#
#   scripts/bench-vs-peer.sh [--runs N] -- throughput --rate 1000 --channels 50 --members 10 \
#       --writers 200 --warmup 60s --duration 20s
#
# (the bench arguments without --url). Each run starts each server on a database of its own, runs
# the bench, and reads the CPU time of the server process and of every PostgreSQL process from
# /proc over the bench's measuring phase only (from its first "measuring" progress line to its
# first "draining" one, or its end), so set-up, registration and warm-up are not counted. Prints a line per
# server and run, then the medians over the runs and the ratios to the peer: CPU per acked post,
# and the server's CPU per delivered frame (the fan-out figure of `fanout`). With
# `throughput --find-max` it gives each server's highest sustained rate instead (no CPU).
# Environment: BASELINE_JAR (another build of the node, e.g. main before a change: run too, as
# "before", in each run), PARLEY_JAVA_OPTS (more JVM options for Parley, e.g. a profiler agent),
# BASELINE_JAVA_OPTS (the baseline's instead: a copy of the same jar with other settings is an A/B
# test of a setting), BASELINE_PLAIN=1 (start BASELINE_JAR with a bare `java -jar`, as before scripts/node.sh),
# NODES (Parley as a cluster of that many nodes on this machine, default 1; the bench spreads its
# connections over them and the CPU of all of them is counted), BASELINE_NODES (the same for the baseline),
# SKIP_PEER=1 (Parley only, e.g. while profiling), PEER_DIR (a copy of the peer with
# node_modules; made from ../shared if absent), BENCH_DIR (scratch: PostgreSQL, logs, results;
# default /tmp/parley-vs-peer), BENCH_PG_PORT, JAVA (the JDK of the nodes: scripts/node.sh's choice,
# JDK 25 where the machine has it), PARLEY_STARTUP_CACHE (default off: no run records or uses a
# startup cache unless given one, so that every run starts alike).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=1
if [[ ${1:-} == --runs ]]; then runs=$2; shift 2; fi
[[ ${1:-} == -- && $# -ge 2 ]] || { sed -n '2,25p' "$0"; exit 2; }
shift
readonly bench_args=("$@")

readonly DIR=${BENCH_DIR:-/tmp/parley-vs-peer}
readonly PEER_DIR=${PEER_DIR:-/tmp/node-ws-pg}
readonly PG_PORT=${BENCH_PG_PORT:-55433}
readonly HTTP_PORT=39459
readonly MANAGEMENT_PORT=35979
readonly CLUSTER_PORT=41973
readonly NODES=${NODES:-1}
readonly BASELINE_NODES=${BASELINE_NODES:-1}
readonly JAR=cluster-node/target/parley-node.jar
readonly BENCH_JAR=bench/target/parley-bench.jar
readonly HZ=$(getconf CLK_TCK)

source scripts/private-postgres.sh

start_postgres() {
  start_private_postgres "$DIR" "$PG_PORT" -c max_connections=200
}

postmaster_pid() {
  head -n 1 "$DIR/pg/postmaster.pid"
}

fresh_database() {
  as_postgres "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
}

# shellcheck source=scripts/cpu-ticks.sh
source scripts/cpu-ticks.sh

wait_for_port() {
  for _ in $(seq 1 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

# Starts $2 nodes (default 1) of the jar $1 (default this build's); node i on the ports above + i - 1.
start_parley() {
  local jar=${1:-$JAR} n=${2:-1}
  local own=${PARLEY_JAVA_OPTS:-}
  [[ $jar != "$JAR" ]] && own=${BASELINE_JAVA_OPTS:-}
  local options=($own -Dparley.connection.requests-per-second=1000000 -Dparley.connection.request-burst=1000000
    -Dparley.auth.attempts-per-minute=1000000 -Dparley.auth.attempts-burst=1000000
    -Dparley.connection.max-per-address=1000000 -Dparley.connection.max-unauthenticated-per-address=1000000)
  local launch=(scripts/node.sh "${options[@]}")
  # The baseline as it was started before scripts/node.sh existed, when asked to.
  [[ $jar != "$JAR" && ${BASELINE_PLAIN:-} == 1 ]] && launch=(java "${options[@]}" -jar "$jar")
  fresh_database parley_bench
  local seeds="" i
  for i in $(seq 1 "$n"); do seeds+="${seeds:+,}127.0.0.1:$((CLUSTER_PORT + i - 1))"; done
  server_pids=() urls=""
  for i in $(seq 1 "$n"); do
    local cluster_env=()
    ((n > 1)) && cluster_env=(PARLEY_CLUSTER_HOST=127.0.0.1 PARLEY_SEED_NODES=$seeds)
    env "${cluster_env[@]}" PARLEY_DATA_DIR=$DIR/node-data-$i PARLEY_HTTP_HOST=127.0.0.1 PARLEY_HTTP_PORT=$((HTTP_PORT + i - 1)) \
      PARLEY_MANAGEMENT_PORT=$((MANAGEMENT_PORT + i - 1)) PARLEY_CLUSTER_PORT=$((CLUSTER_PORT + i - 1)) PARLEY_BCRYPT_COST=4 \
      PARLEY_REGISTRATION=open PARLEY_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/parley_bench?user=postgres" PARLEY_JAR=$jar \
      PARLEY_STARTUP_CACHE=${PARLEY_STARTUP_CACHE:-off} \
      "${launch[@]}" >"$DIR/parley-$i.log" 2>&1 &
    server_pids+=($!)
    urls+="${urls:+,}http://127.0.0.1:$((HTTP_PORT + i - 1))"
  done
  for i in $(seq 1 "$n"); do
    local ready=""
    for _ in $(seq 1 1200); do
      grep -q "Parley node ready" "$DIR/parley-$i.log" && { ready=1; break; }
      kill -0 "${server_pids[i - 1]}" 2>/dev/null || break
      sleep 0.1
    done
    [[ -n $ready ]] || { tail -20 "$DIR/parley-$i.log"; return 1; }
  done
}

start_peer() {
  fresh_database peer_bench
  (cd "$PEER_DIR" && PORT=$HTTP_PORT DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/peer_bench" \
    exec node src/main.js) >"$DIR/peer.log" 2>&1 &
  server_pids=($!) urls="http://127.0.0.1:$HTTP_PORT"
  wait_for_port "$HTTP_PORT"
}

stop_server() {
  local pid
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  server_pids=()
}

# Runs the bench against the server's nodes ($urls); appends one result line to $DIR/results.
measure() {
  local name=$1 run=$2 pg out err
  pg=$(postmaster_pid)
  out=$DIR/$name-$run.json
  err=$DIR/$name-$run.progress
  local t0="" w0="" t1="" w1=""
  while IFS= read -r line; do
    echo "$line" >>"$err"
    if [[ -z $t0 && $line == *measuring* ]]; then
      t0=$(ticks_of "${server_pids[@]}"); p0=$(ticks_of "$pg"); w0=$(date +%s%N)
    elif [[ -n $t0 && -z $t1 && $line == *draining* ]]; then
      t1=$(ticks_of "${server_pids[@]}"); p1=$(ticks_of "$pg"); w1=$(date +%s%N)
    fi
  done < <(java -jar "$BENCH_JAR" "${bench_args[@]}" --url "$urls" --json 2>&1 >"$out")
  [[ -n $t0 ]] || { echo "$name run $run: no measuring phase seen (see $err)" >&2; return 1; }
  if [[ -z $t1 ]]; then # nothing left to drain when the bench stopped: its end closes the phase
    t1=$(ticks_of "${server_pids[@]}"); p1=$(ticks_of "$pg"); w1=$(date +%s%N)
  fi
  python3 - "$name" "$run" "$out" "$t0" "$t1" "$p0" "$p1" "$w0" "$w1" "$HZ" >>"$DIR/results" <<'EOF'
import json, sys
name, run, path = sys.argv[1], sys.argv[2], sys.argv[3]
t0, t1, p0, p1, w0, w1, hz = (int(v) for v in sys.argv[4:11])
r = json.load(open(path))
if "maxSustainedRate" in r:  # throughput --find-max: the search's answer, not one phase's CPU
    print(json.dumps({"server": name, "run": int(run), "max_sustained": r["maxSustainedRate"], "first_failed": r["firstFailedRate"],
                      "correct": r["maxSustainedRate"] > 0}))
    sys.exit(0)
wall = (w1 - w0) / 1e9
server, pg = (t1 - t0) / hz / wall, (p1 - p0) / hz / wall
rate = r["ackedPerSecond"]
per_post = (server + pg) / rate * 1e6 if rate else float("nan")
deliveries = r["deliveriesPerSecond"]
print(json.dumps({"server": name, "run": int(run), "acked_per_s": rate, "ok_p99_ms": r["ackLatency"]["p99"],
                  "all_p99_ms": r["deliveryLatency"]["p99"], "errors": r["errors"], "correct": r["errors"] == 0 and r["missingDeliveries"] == 0,
                  "server_cores": server, "pg_cores": pg, "cpu_us_per_post": per_post,
                  "deliveries_per_s": deliveries, "server_us_per_delivery": server / deliveries * 1e6 if deliveries else float("nan")}))
EOF
  tail -n 1 "$DIR/results"
}

[[ -f $JAR && -f $BENCH_JAR ]] || mvn -B -q -DskipTests package
if [[ ! -d $PEER_DIR/node_modules ]]; then
  [[ -d ../shared/peers/node-ws-pg ]] || {
    echo "bench-vs-peer: the Node.js peer is not at ../shared/peers/node-ws-pg (outside this repository); set PEER_DIR to a copy with node_modules" >&2
    exit 2
  }
  rm -rf "$PEER_DIR" && cp -r ../shared/peers/node-ws-pg "$PEER_DIR"
  (cd "$PEER_DIR" && npm ci --no-audit --no-fund >/dev/null)
fi
start_postgres
rm -f "$DIR/results" "$DIR"/*.progress
server_pids=()
trap 'stop_server' EXIT
for run in $(seq 1 "$runs"); do
  if [[ -n ${BASELINE_JAR:-} ]]; then
    start_parley "$BASELINE_JAR" "$BASELINE_NODES"
    measure before "$run"
    stop_server
  fi
  start_parley "$JAR" "$NODES"
  measure parley "$run"
  stop_server
  [[ -n ${SKIP_PEER:-} ]] && continue
  start_peer
  measure peer "$run"
  stop_server
done
[[ -n ${SKIP_PEER:-} ]] && exit 0

python3 - "$DIR/results" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
keys = ["acked_per_s", "ok_p99_ms", "all_p99_ms", "server_cores", "pg_cores", "cpu_us_per_post", "server_us_per_delivery"]
if any("max_sustained" in r for r in rows):
    keys = ["max_sustained", "first_failed"]
servers = [s for s in ("before", "parley", "peer") if any(r["server"] == s for r in rows)]
med = {s: {k: statistics.median(r[k] for r in rows if r["server"] == s) for k in keys} for s in servers}
runs = sum(1 for r in rows if r["server"] == "parley")
print(f"medians of {runs} run(s):")
print(f"{'':12}" + "".join(f"{k:>16}" for k in keys))
for s in servers:
    print(f"{s:12}" + "".join(f"{med[s][k]:16.2f}" for k in keys))
for s in (s for s in servers if s != "peer"):
    print(f"{s + '/peer':12}" + "".join(f"{(med[s][k] / med['peer'][k] if med['peer'][k] else float('nan')):16.2f}" for k in keys))
EOF
