#!/usr/bin/env bash
# Starts one Parley node with the JVM options its measurements chose (docs/benchmarks.md,
# "Session 9"); the README's quick start, scripts/bench-vs-peer.sh and the container image start it
# this way:
#
#   scripts/node.sh [JVM options...]
#
# Settings come from the environment (PARLEY_*, README). Environment of this script: JAVA (default
# $JAVA_HOME/bin/java, else the newest JDK 25 or later under /usr/lib/jvm (scripts/jdk.sh), else
# `java` on the PATH), PARLEY_JAR (default
# cluster-node/target/parley-node.jar), PARLEY_STARTUP_CACHE (default the jar's path with .aot on
# JDK 25 or later, .jsa before; `off` for none).
#
# - G1, also where the JVM would pick Serial GC (under 2 cores or ~1.8 GB), whose full pauses risk
#   the failure detector's margin. On JDK 17 to 19, G1 refines dirty cards concurrently as they
#   come, and a node holding thousands of long-lived sockets dirties them with every frame: that
#   was a quarter of the node's CPU in the fan-out benchmark. Those JDKs are told to leave the
#   cards to the young collection, which handles each once; JDK 20 reworked refinement and needs
#   nothing.
# - A startup cache (class data; on JDK 25 the AOT cache with method profiles, JEP 483/514/515):
#   used when one made for this jar is there. scripts/startup-cache.sh makes one from a training
#   run with chat traffic; on JDK 25 this script, finding none, has the JVM record this run and
#   write the cache when the node stops, so the next start uses it.
set -euo pipefail
cd "$(dirname "$0")/.."

java=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
# JDK 25 when the machine has it: with its AOT cache a node reaches steady latency in about half
# the traffic JDK 17 needs (docs/benchmarks.md, "Session 18").
java=${java:-$(scripts/jdk.sh 25 2>/dev/null || echo java)}
readonly jar=${PARLEY_JAR:-cluster-node/target/parley-node.jar}
[[ -f $jar ]] || { echo "no node jar at $jar: build it with 'mvn -q -DskipTests package'" >&2; exit 1; }

major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
options=(-XX:+UseG1GC -XX:+ExitOnOutOfMemoryError)
# Pekko 1.x reads fields through sun.misc.Unsafe; JDK 24 and later warn about it at every start
# unless told it is allowed (JEP 498).
if (( major >= 24 )); then
  options+=(--sun-misc-unsafe-memory-access=allow)
fi
if (( major < 20 )); then
  options+=(-XX:-G1UseAdaptiveConcRefinement -XX:G1ConcRefinementGreenZone=100000
    -XX:G1ConcRefinementYellowZone=200000 -XX:G1ConcRefinementRedZone=300000)
fi

cache=${PARLEY_STARTUP_CACHE:-${jar%.jar}.$( (( major >= 25 )) && echo aot || echo jsa)}
if [[ $cache != off ]]; then
  if [[ -s $cache && $cache -nt $jar ]]; then
    (( major >= 25 )) && options+=("-XX:AOTCache=$cache") || options+=("-XX:SharedArchiveFile=$cache")
  elif (( major >= 25 )); then
    echo "no startup cache for this jar: this run records one into $cache, written when the node stops" >&2
    options+=("-XX:AOTCacheOutput=$cache")
  fi
fi

exec "$java" "${options[@]}" "$@" -jar "$jar"
