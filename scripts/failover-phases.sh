#!/usr/bin/env bash
# The phases of one failover, from the node logs of a fault-suite run: when the survivors marked
# the victim unreachable, downed it and removed it, in ms after the fault. The fault's time and the
# victim are in the suite's table (system-tests/target/faults/table.txt): "kill -9 node 1 (...) at
# 2026-12-05T01:02:03.456Z"; node i listens on 127.0.0.(11+i).
#
#   scripts/failover-phases.sh 2026-12-05T01:02:03.456Z 1 [system-tests/target/node-*.log]
#
# Prints one line per phase: the earliest survivor to see it, in ms after the fault.
set -euo pipefail

[[ $# -ge 2 ]] || { sed -n '2,9p' "$0"; exit 2; }
at="$1"
victim="127.0.0.$((11 + $2)):"
shift 2
logs=("$@")
[[ ${#logs[@]} -gt 0 ]] || logs=(system-tests/target/node-*.log)

at_ms=$(date -u -d "$at" +%s%3N)
day=$(date -u -d "$at" +%Y-%m-%d)
for phase in unreachable downed removed; do
  grep -h "^$day.*MembershipLog - Cluster member $phase.*pekko://parley@$victim" "${logs[@]}" | grep -v ", this node" |
    while read -r stamp _; do
      echo $(($(date -u -d "$stamp" +%s%3N) - at_ms))
    done | awk -v phase="$phase" -v window=60000 '$1 >= 0 && $1 < window && (min == "" || $1 < min) { min = $1 }
      END { printf "%-12s %s\n", phase, (min == "" ? "not seen" : min " ms") }'
done
