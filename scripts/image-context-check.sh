#!/usr/bin/env bash
# Checks the container image's recipe without a container engine: builds the node jar the way
# docker/Dockerfile does, from exactly the files its build context holds (docker/Dockerfile.dockerignore,
# applied by scripts/DockerContext.java as BuildKit applies it), makes the AOT cache with the
# context's scripts/startup-cache.sh as the runtime stage does, starts the node with the
# ENTRYPOINT's JVM flags and that cache, waits until /ready and / answer 200, and checks that
# /v1/version answers (commit unknown: the context has no .git) and the node's classes came from
# the cache. A file the build needs but the ignore file leaves out
# fails here, not at `docker build` or at the image's first start.
#
#   scripts/image-context-check.sh [IGNOREFILE]     default docker/Dockerfile.dockerignore
#
# The image runs JDK 25, so the node runs here on a JDK of that major: JAVA, else the newest JDK 25
# or later under /usr/lib/jvm (scripts/jdk.sh; Temurin's, on this project's machines). JAVA_HOME is
# left to the build, which may well be JDK 17.
# Everything happens in a fresh temporary directory (removed at exit) with free ports; Maven
# reuses ~/.m2 and writes nothing there but downloads.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly IGNORE_FILE=${1:-docker/Dockerfile.dockerignore}
readonly READY_TIMEOUT=120 STOP_TIMEOUT=40

say() { echo "image-context-check: $*"; }
fail() {
  echo "image-context-check: FAIL: $*" >&2
  exit 1
}
command -v curl >/dev/null || fail "curl is needed (apt-get install curl)"

work=$(mktemp -d "${TMPDIR:-/tmp}/parley-image-check.XXXXXX")
node_pid=
cleanup() {
  if [[ -n $node_pid ]] && kill -0 "$node_pid" 2>/dev/null; then
    kill -KILL "$node_pid"
    wait "$node_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

readonly IMAGE_JDK=25
major_of() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
image_java=${JAVA:-$(scripts/jdk.sh "$IMAGE_JDK" || true)}
[[ -n $image_java ]] || fail "the image runs JDK $IMAGE_JDK and none was found under /usr/lib/jvm: set JAVA to a JDK $IMAGE_JDK or later"
image_major=$(major_of "$image_java")
((image_major >= IMAGE_JDK)) || fail "$image_java is JDK $image_major; the image runs JDK $IMAGE_JDK (set JAVA to one)"
say "JVM: $image_java (JDK $image_major, as the image's)"

self_test=$(java scripts/DockerContext.java --self-test) || { echo "$self_test" >&2; fail "the ignore-file matcher fails its self-test"; }
context=$work/context
mkdir "$context"
java scripts/DockerContext.java "$IGNORE_FILE" . >"$work/files"
tar -cf - -T "$work/files" | tar -xf - -C "$context"
say "build context under $IGNORE_FILE: $(wc -l <"$work/files") files"

# The Dockerfile's build stage (its first `mvn` only fills the dependency cache).
(cd "$context" && mvn -B -q -DskipTests clean package) || fail "mvn package failed on the build context"
readonly JAR=$context/cluster-node/target/parley-node.jar
[[ -f $JAR ]] || fail "the build made no cluster-node/target/parley-node.jar"

# Exports NAME as a port that nothing listens on, below Linux's ephemeral range (so no outgoing
# connection holds it) and not picked before: bash alone, as this machine may lack Python.
picked=" "
pick_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if [[ $picked != *" $port "* ]] && ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      picked+="$port "
      export "$1=$port"
      return
    fi
  done
  fail "no free port found"
}
pick_port PARLEY_HTTP_PORT
pick_port PARLEY_MANAGEMENT_PORT
pick_port PARLEY_CLUSTER_PORT

# The runtime stage's training start, with the script the build context holds.
readonly CACHE=$work/parley.aot
[[ -f $context/scripts/startup-cache.sh ]] || fail "scripts/startup-cache.sh is not in the build context"
bash "$context/scripts/startup-cache.sh" "$image_java" "$JAR" "$CACHE" >"$work/training.log" 2>&1 \
  || { tail -n 25 "$work/training.log" >&2; fail "the training start made no AOT cache (the end of its output is above)"; }
say "AOT cache: $(du -h "$CACHE" | cut -f1)"

# The ENTRYPOINT's JVM flags (between "java" and "-jar /app/parley-node.jar"), its cache replaced
# by the one just made; class loading is logged to see where the classes came from.
mapfile -t entrypoint < <(sed -n 's/^ENTRYPOINT *\[\(.*\)\] *$/\1/p' docker/Dockerfile | tr ',' '\n' | sed 's/^ *"//; s/" *$//')
((${#entrypoint[@]} >= 3)) || fail "no exec-form ENTRYPOINT in docker/Dockerfile"
jvm_flags=()
for flag in "${entrypoint[@]:1:${#entrypoint[@]}-3}"; do
  [[ $flag == -XX:AOTCache=* ]] && flag=-XX:AOTCache=$CACHE
  jvm_flags+=("$flag")
done
[[ " ${jvm_flags[*]} " == *" -XX:AOTCache=$CACHE "* ]] || fail "the ENTRYPOINT does not use an AOT cache (-XX:AOTCache)"

PARLEY_DATA_DIR=$work/data PARLEY_HTTP_HOST=127.0.0.1 \
  "$image_java" "${jvm_flags[@]}" "-Xlog:class+load=info:file=$work/class-load.log" -jar "$JAR" >"$work/node.log" 2>&1 &
node_pid=$!

status() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true; }
deadline=$((SECONDS + READY_TIMEOUT))
until [[ $(status "http://127.0.0.1:$PARLEY_MANAGEMENT_PORT/ready") == 200 ]]; do
  if ! kill -0 "$node_pid" 2>/dev/null; then
    tail -n 20 "$work/node.log" >&2
    fail "the node built from the context exited before it was ready (the end of its log is above)"
  fi
  if ((SECONDS >= deadline)); then
    tail -n 20 "$work/node.log" >&2
    fail "GET /ready on the management port did not answer 200 within ${READY_TIMEOUT}s"
  fi
  sleep 0.2
done
say "$(grep -o 'Parley node ready in [0-9]* ms' "$work/node.log" || echo "node ready")"
root=$(status "http://127.0.0.1:$PARLEY_HTTP_PORT/")
[[ $root == 200 ]] || fail "GET / (the web client) answered $root, not 200"
# The context has no .git, so the build cannot know its commit and says so.
version=$(curl -s --max-time 5 "http://127.0.0.1:$PARLEY_HTTP_PORT/v1/version" || true)
[[ $version == *'"commit":"unknown"'* ]] || fail "GET /v1/version answered '$version', not a build whose commit is unknown"
say "GET /v1/version: $version"
grep -q 'dev.parley.node.boot.ParleyNode source: shared objects file' "$work/class-load.log" \
  || fail "the node's classes were not loaded from the AOT cache ($(grep -m1 -i 'warning' "$work/node.log" || echo "no JVM warning"))"

# docker stop: SIGTERM, and the node must drain, leave and exit by itself.
kill -TERM "$node_pid"
deadline=$((SECONDS + STOP_TIMEOUT))
while kill -0 "$node_pid" 2>/dev/null; do
  ((SECONDS < deadline)) || fail "the node did not exit within ${STOP_TIMEOUT}s of SIGTERM"
  sleep 0.2
done
exit_code=0
wait "$node_pid" || exit_code=$?
node_pid=
# 143 = 128 + SIGTERM: the JVM's own exit status after its shutdown hooks (CoordinatedShutdown) ran.
((exit_code == 0 || exit_code == 143)) || fail "the node exited with $exit_code after SIGTERM"
say "ok: the node built from the build context started with its AOT cache, answered /ready and /, and stopped on SIGTERM (${SECONDS}s)"
