# Sourced by scripts that run a private PostgreSQL 15 from the machine's binaries (installed when
# missing) in a directory of their own, on 127.0.0.1 only, trusting local connections: a server
# for trying things and for benchmarks, never for data anyone keeps.
#   start_private_postgres DIR PORT [SERVER OPTIONS...]   initdb DIR/pg once, start it if stopped
#   stop_private_postgres DIR
#   as_postgres COMMAND...                                as the postgres OS user when run as root

readonly PG_BIN=/usr/lib/postgresql/15/bin

as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_private_postgres() {
  local dir=$1 port=$2
  shift 2
  "$(dirname "${BASH_SOURCE[0]}")/postgres-install.sh"
  mkdir -p "$dir"
  if [[ ! -d $dir/pg ]]; then
    mkdir -p "$dir/pg"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir/pg"
    as_postgres "$PG_BIN/initdb" -D "$dir/pg" -U postgres --auth=trust >/dev/null
  fi
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    # The server writes its log as the postgres user, who may not write to the directory itself.
    touch "$dir/pg.log"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir/pg.log"
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -w \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 $*" start >/dev/null
  fi
}

stop_private_postgres() {
  local dir=$1
  if [[ -d $dir/pg ]] && as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null
  fi
}
