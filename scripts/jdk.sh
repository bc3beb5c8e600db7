#!/usr/bin/env bash
# Prints the java launcher of the newest JDK of at least major MIN (default 25) under /usr/lib/jvm,
# where Debian and Temurin's packages put them; exits 1 when there is none:
#
#   scripts/jdk.sh [MIN]
#
# scripts/node.sh starts the node on it when neither JAVA nor JAVA_HOME says otherwise, and
# scripts/image-context-check.sh runs the image's recipe on it (the image runs JDK 25).
set -euo pipefail

readonly min=${1:-25}
best= best_major=0
for candidate in /usr/lib/jvm/*/bin/java; do
  [[ -x $candidate ]] || continue
  major=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [[ $major =~ ^[0-9]+$ ]] && ((major >= min && major > best_major)); then
    best=$candidate best_major=$major
  fi
done
[[ -n $best ]] || exit 1
echo "$best"
