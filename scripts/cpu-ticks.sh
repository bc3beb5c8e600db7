# Sourced by scripts/bench-split.sh and scripts/bench-vs-peer.sh: the CPU a set of processes spent.
#
# ticks_of PID...: clock ticks of utime + stime of each process and of its children alive at the
# moment of reading, plus each process's cutime + cstime, the CPU of its children that exited and
# were reaped. A PostgreSQL backend that ends during a run (a pool recycling its connection) still
# counts once between two readings: alive at the first, reaped by the postmaster at the second.
ticks_of() {
  local total=0 pid p fields
  for pid in "$@"; do
    for p in $pid $(pgrep -P "$pid" || true); do
      [[ -r /proc/$p/stat ]] || continue
      read -r -a fields <<<"$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null)" || continue
      total=$((total + fields[11] + fields[12]))
      if [[ $p == "$pid" ]]; then
        total=$((total + fields[13] + fields[14]))
      fi
    done
  done
  echo "$total"
}
