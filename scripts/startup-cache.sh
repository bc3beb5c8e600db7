#!/usr/bin/env bash
# Makes a startup cache for the node jar from one training run, so later starts skip most of class
# loading and linking and, on JDK 25, compile the message path from the first requests on
# (measured in docs/benchmarks.md, "Start-up and idle footprint" and "Session 9"):
#
#   scripts/startup-cache.sh [JAVA [JAR [CACHE]]]
#
# JAVA defaults to the JDK scripts/node.sh would start (JAVA_HOME's, else the newest JDK 25 or later
# under /usr/lib/jvm, else `java` on the PATH), JAR to cluster-node/target/parley-node.jar (built when
# missing), CACHE to the jar's path with .aot (JDK 25 or later: an AOT cache with method profiles,
# JEP 483/514/515) or .jsa (JDK 17 to 24: an AppCDS archive). scripts/node.sh uses it from then on.
# The training node runs as scripts/node.sh starts it, on a throw-away H2 database, with the ports
# in PARLEY_HTTP_PORT, PARLEY_MANAGEMENT_PORT and PARLEY_CLUSTER_PORT or else ports picked free.
# When the load generator's jar is there (PARLEY_BENCH_JAR, default bench/target/parley-bench.jar)
# it carries TRAIN_SECONDS (default 40) of chat traffic (200 sockets posting into 50 channels of
# 10 members) before the node is stopped with SIGTERM, so the cache holds the message path and
# not only the start. A cache is only valid for the jar (path, size, time) and the JDK that made
# it (the JVM ignores a stale one, with a warning): make it again after every build.
# docker/Dockerfile runs this in the runtime image, with that image's JVM.
set -euo pipefail

java_cmd=${1:-}
# Given paths are the caller's, so resolve them before moving to the repository root.
jar=${2:+$(realpath -m "$2")}
cache=${3:+$(realpath -m "$3")}
cd "$(dirname "$0")/.."
if [[ -z $java_cmd ]]; then
  java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/java}
  java_cmd=${java_cmd:-$(scripts/jdk.sh 25 2>/dev/null || echo java)}
fi
if [[ -z $jar ]]; then
  jar=cluster-node/target/parley-node.jar
  [[ -f $jar ]] || mvn -B -q -DskipTests package
fi
[[ -f $jar ]] || { echo "no jar at $jar" >&2; exit 1; }

major=$("$java_cmd" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if (( major >= 25 )); then
  cache=${cache:-${jar%.jar}.aot}
  record=-XX:AOTCacheOutput=$cache
else
  cache=${cache:-${jar%.jar}.jsa}
  record=-XX:ArchiveClassesAtExit=$cache
fi
bench_jar=${PARLEY_BENCH_JAR:-$PWD/bench/target/parley-bench.jar}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$cache"
http_port=${PARLEY_HTTP_PORT:-$(free_port)}
# Open registration and no rate limits: the training traffic registers 200 users from one address.
PARLEY_DATA_DIR=$work/data PARLEY_HTTP_HOST=127.0.0.1 PARLEY_HTTP_PORT=$http_port \
  PARLEY_MANAGEMENT_PORT=${PARLEY_MANAGEMENT_PORT:-$(free_port)} PARLEY_CLUSTER_PORT=${PARLEY_CLUSTER_PORT:-$(free_port)} \
  PARLEY_REGISTRATION=open PARLEY_BCRYPT_COST=4 JAVA=$java_cmd PARLEY_JAR=$jar PARLEY_STARTUP_CACHE=off \
  scripts/node.sh "$record" -Dparley.connection.requests-per-second=1000000 -Dparley.connection.request-burst=1000000 \
  -Dparley.auth.attempts-per-minute=1000000 -Dparley.auth.attempts-burst=1000000 \
  -Dparley.connection.max-per-address=1000000 -Dparley.connection.max-unauthenticated-per-address=1000000 \
  >"$work/node.log" 2>&1 &
pid=$!
for _ in $(seq 1 1200); do
  grep -qs "Parley node ready" "$work/node.log" && break
  if ! kill -0 "$pid" 2>/dev/null; then
    # The JVM still writes the cache as it exits; its class-data lines would bury the reason.
    echo "the training node exited before it was ready; its log, less the class-data lines:" >&2
    grep -v '\]\[cds' "$work/node.log" | tail -20 >&2
    exit 1
  fi
  sleep 0.1
done
grep -q "Parley node ready" "$work/node.log" || { echo "the training node did not get ready in 2 min" >&2; kill "$pid"; exit 1; }
if [[ -f $bench_jar ]]; then
  "$java_cmd" -jar "$bench_jar" throughput --rate 300 --channels 50 --members 10 --writers 200 \
    --warmup 5s --duration "${TRAIN_SECONDS:-40}s" --url "http://127.0.0.1:$http_port" >"$work/bench.log" 2>&1 \
    || { echo "the training traffic failed; its last lines:" >&2; tail -5 "$work/bench.log" >&2; kill "$pid"; exit 1; }
fi
kill -TERM "$pid"
wait "$pid" || true
[[ -s $cache ]] || { echo "no cache was written; the training node's log:" >&2; tail -20 "$work/node.log" >&2; exit 1; }
echo "wrote $cache ($(du -h "$cache" | cut -f1)); scripts/node.sh uses it"
