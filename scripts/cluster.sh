#!/usr/bin/env bash
# A local Parley cluster of separate node processes on 127.0.0.1, for people and for trying things:
#   scripts/cluster.sh up [N]   start N nodes (default 3) against one PostgreSQL
#   scripts/cluster.sh status   show the processes and the cluster's members
#   scripts/cluster.sh down     stop the nodes gracefully (SIGTERM: drain and leave), then PostgreSQL
# Node i (1..N) listens on HTTP 8080+i, management 8558+i, cluster 25520+i. Without PARLEY_DB_URL a
# private PostgreSQL is started from the machine's binaries in $PARLEY_CLUSTER_DIR (./.cluster).
set -euo pipefail
cd "$(dirname "$0")/.."

readonly DIR=${PARLEY_CLUSTER_DIR:-$PWD/.cluster}
readonly JAR=cluster-node/target/parley-node.jar
readonly PG_PORT=${PARLEY_CLUSTER_PG_PORT:-55432}
readonly ADMIN_TOKEN_FILE=$DIR/admin-token
source scripts/private-postgres.sh

start_postgres() {
  start_private_postgres "$DIR" "$PG_PORT"
  as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='parley'" \
    | grep -q 1 || as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres parley
}

up() {
  local n=${1:-3}
  [[ -f $JAR ]] || mvn -q -DskipTests package
  mkdir -p "$DIR"
  local db_url=${PARLEY_DB_URL:-}
  if [[ -z $db_url ]]; then
    start_postgres
    db_url="jdbc:postgresql://127.0.0.1:$PG_PORT/parley?user=postgres"
  fi
  [[ -f $ADMIN_TOKEN_FILE ]] || head -c 32 /dev/urandom | base64 | tr -d '/+=' > "$ADMIN_TOKEN_FILE"
  local seeds="" web_nodes=""
  for i in $(seq 1 "$n"); do
    seeds+="${seeds:+,}127.0.0.1:$((25520 + i))"
    web_nodes+="${web_nodes:+,}http://127.0.0.1:$((8080 + i))"
  done
  for i in $(seq 1 "$n"); do
    if [[ -f $DIR/node-$i.pid ]] && kill -0 "$(cat "$DIR/node-$i.pid")" 2>/dev/null; then
      echo "node $i already running (pid $(cat "$DIR/node-$i.pid"))"
      continue
    fi
    # Open registration by default: the bench and the walkthroughs register users as they go.
    PARLEY_REGISTRATION=${PARLEY_REGISTRATION:-open} \
    PARLEY_HTTP_HOST=127.0.0.1 PARLEY_HTTP_PORT=$((8080 + i)) PARLEY_MANAGEMENT_PORT=$((8558 + i)) \
      PARLEY_CLUSTER_HOST=127.0.0.1 PARLEY_CLUSTER_PORT=$((25520 + i)) PARLEY_SEED_NODES=$seeds \
      PARLEY_DB_URL=$db_url PARLEY_ADMIN_TOKEN=$(cat "$ADMIN_TOKEN_FILE") PARLEY_WEB_NODES=${PARLEY_WEB_NODES:-$web_nodes} \
      nohup java -jar "$JAR" >"$DIR/node-$i.log" 2>&1 &
    echo $! >"$DIR/node-$i.pid"
  done
  for i in $(seq 1 "$n"); do
    for _ in $(seq 1 600); do
      grep -q "Parley node ready" "$DIR/node-$i.log" && break
      kill -0 "$(cat "$DIR/node-$i.pid")" 2>/dev/null || { echo "node $i failed:"; tail -20 "$DIR/node-$i.log"; exit 1; }
      sleep 0.1
    done
    grep "Parley node ready" "$DIR/node-$i.log" | tail -1 | sed "s/^/node $i: /"
  done
  echo "admin token (for POST /v1/admin/* on the management ports, 8558 + i): $ADMIN_TOKEN_FILE"
}

status() {
  for pidfile in "$DIR"/node-*.pid; do
    [[ -e $pidfile ]] || { echo "no nodes"; return; }
    local i=${pidfile##*/node-}; i=${i%.pid}
    if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "node $i: running (pid $(cat "$pidfile"))"; else echo "node $i: stopped"; fi
  done
  for pidfile in "$DIR"/node-*.pid; do
    local i=${pidfile##*/node-}; i=${i%.pid}
    if curl -sf "http://127.0.0.1:$((8558 + i))/cluster/members" -o "$DIR/members.json"; then
      python3 -c 'import json,sys; [print(" ", m["node"], m["status"]) for m in json.load(open(sys.argv[1]))["members"]]' "$DIR/members.json"
      return
    fi
  done
}

down() {
  for pidfile in "$DIR"/node-*.pid; do
    [[ -e $pidfile ]] || break
    kill -TERM "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$DIR"/node-*.pid; do
    [[ -e $pidfile ]] || break
    while kill -0 "$(cat "$pidfile")" 2>/dev/null; do sleep 0.2; done
    rm -f "$pidfile"
  done
  stop_private_postgres "$DIR"
  echo "stopped"
}

case ${1:-} in
  up) up "${2:-3}" ;;
  status) status ;;
  down) down ;;
  *) echo "usage: $0 up [N] | status | down" >&2; exit 2 ;;
esac
