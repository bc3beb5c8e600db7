#!/usr/bin/env bash
# Runs one bench command and reports how the machine's CPU was split between the server processes
# and the load generator, for the figures in docs/benchmarks.md:
#
#   scripts/bench-split.sh PID[,PID...] -- java -jar bench/target/parley-bench.jar throughput ...
#
# PIDs are the node processes (and PostgreSQL's postmaster, whose children are counted with it).
# Prints, after the bench's own output: wall time, CPU seconds of the servers and of the generator,
# and each as a share of the machine (cores x wall).
set -euo pipefail

[[ $# -ge 3 && $2 == "--" ]] || { sed -n '2,9p' "$0"; exit 2; }
IFS=, read -r -a pids <<<"$1"
shift 2
readonly hz=$(getconf CLK_TCK)
readonly cores=$(nproc)

# shellcheck source=scripts/cpu-ticks.sh
source "$(dirname "$0")/cpu-ticks.sh"

before=$(ticks_of "${pids[@]}")
start=$(date +%s%N)
gen=$(mktemp)
status=0
/usr/bin/time -f '%U %S' -o "$gen" "$@" || status=$?
end=$(date +%s%N)
after=$(ticks_of "${pids[@]}")
# time(1) puts "Command exited with non-zero status N" first when the bench fails.
read -r gen_user gen_sys < <(tail -n 1 "$gen")
rm -f "$gen"

python3 - "$before" "$after" "$hz" "$start" "$end" "$gen_user" "$gen_sys" "$cores" <<'EOF'
import sys
before, after, hz, start, end = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
gen, cores = float(sys.argv[6]) + float(sys.argv[7]), int(sys.argv[8])
wall = (end - start) / 1e9
server = (after - before) / hz
print(f"cpu split: wall {wall:.1f} s; servers {server:.1f} s ({100 * server / (cores * wall):.0f} % of {cores} cores); "
      f"generator {gen:.1f} s ({100 * gen / (cores * wall):.0f} %)")
EOF
exit "$status"
