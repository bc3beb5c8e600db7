#!/usr/bin/env bash
# Makes a class-data cache for the node jar from one training start, so later starts skip most of
# class loading and linking (measured in docs/benchmarks.md, "Start-up and idle footprint"):
#
#   scripts/startup-cache.sh [JAVA [JAR [CACHE]]]
#
# JAVA defaults to `java` on the PATH, JAR to cluster-node/target/parley-node.jar (built when
# missing), CACHE to cluster-node/target/parley-node.{jsa,aot}.
# JDK 25 or later: an AOT cache (JEP 483/514); start with
#   JAVA -XX:AOTCache=CACHE -jar JAR
# JDK 17 to 24: an AppCDS archive; start with
#   JAVA -XX:SharedArchiveFile=CACHE -jar JAR
# A cache is only valid for the jar (path, size, time) and the JDK that made it (the JVM ignores a
# stale one, with a warning): make it again after every build. The training node uses a
# throw-away H2 database, the ports in PARLEY_HTTP_PORT, PARLEY_MANAGEMENT_PORT and
# PARLEY_CLUSTER_PORT or else ports picked free, and stops (SIGTERM) once it is ready.
# docker/Dockerfile runs this in the runtime image, with that image's JVM.
set -euo pipefail

readonly JAVA=${1:-java}
# Given paths are the caller's, so resolve them before moving to the repository root.
jar=${2:+$(realpath -m "$2")}
cache=${3:+$(realpath -m "$3")}
cd "$(dirname "$0")/.."
if [[ -z $jar ]]; then
  jar=cluster-node/target/parley-node.jar
  [[ -f $jar ]] || mvn -B -q -DskipTests package
fi
[[ -f $jar ]] || { echo "no jar at $jar" >&2; exit 1; }

major=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if (( major >= 25 )); then
  cache=${cache:-cluster-node/target/parley-node.aot}
  record=-XX:AOTCacheOutput=$cache
  use=-XX:AOTCache=$cache
else
  cache=${cache:-cluster-node/target/parley-node.jsa}
  record=-XX:ArchiveClassesAtExit=$cache
  use=-XX:SharedArchiveFile=$cache
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$cache"
PARLEY_DATA_DIR=$work/data PARLEY_HTTP_HOST=127.0.0.1 PARLEY_HTTP_PORT=${PARLEY_HTTP_PORT:-$(free_port)} \
  PARLEY_MANAGEMENT_PORT=${PARLEY_MANAGEMENT_PORT:-$(free_port)} PARLEY_CLUSTER_PORT=${PARLEY_CLUSTER_PORT:-$(free_port)} \
  "$JAVA" "$record" -jar "$jar" >"$work/node.log" 2>&1 &
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
kill -TERM "$pid"
wait "$pid" || true
[[ -s $cache ]] || { echo "no cache was written; the training node's log:" >&2; tail -20 "$work/node.log" >&2; exit 1; }
echo "wrote $cache ($(du -h "$cache" | cut -f1)); start the node with:"
echo "  $JAVA $use -jar $jar"
