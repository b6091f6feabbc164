#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store tests.
#
#   postgres_cluster.sh start STATE_DIR   create and start a cluster (reuses a running one)
#   postgres_cluster.sh stop  STATE_DIR   stop it and delete its data (quiet when nothing runs)
#   postgres_cluster.sh url   STATE_DIR   print its connection URL
#
# The cluster lives in a fresh /tmp/agenthost-pg.XXXXXX (data, Unix socket, server log), listens
# on 127.0.0.1 on a free random port, trusts every local connection and skips fsync: it exists
# only for one test run. STATE_DIR (in the build tree) records where it is:
#   url      postgresql://postgres@127.0.0.1:PORT/postgres
#   port, tmpdir, datadir, logfile, pid
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

readonly PORT_MIN=20000 PORT_MAX=60000 START_ATTEMPTS=5

say() { printf 'postgres_cluster: %s\n' "$*" >&2; }
die() { printf 'postgres_cluster: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '4,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# The newest installed server (Debian puts each major version under /usr/lib/postgresql/<N>/bin).
find_bin_dir() {
  local best="" best_version=-1 dir version
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] || continue
    version="${dir#/usr/lib/postgresql/}"
    version="${version%%/*}"
    [[ "$version" =~ ^[0-9]+$ ]] || continue
    if ((version > best_version)); then
      best="$dir" best_version="$version"
    fi
  done
  [[ -n "$best" ]] || die "no PostgreSQL server under /usr/lib/postgresql/*/bin; install the Debian package 'postgresql' (./dev deps does)"
  printf '%s\n' "$best"
}

# Runs a server tool as the user that owns the cluster, from a directory that user can enter.
# Lock fd 9 is closed so the server never inherits (and keeps holding) the state lock.
as_owner() {
  local workdir="$1"
  shift
  if [[ $EUID -eq 0 ]]; then
    (cd "$workdir" && runuser -u postgres -- "$@") 9>&-
  else
    (cd "$workdir" && "$@") 9>&-
  fi
}

port_is_taken() {
  local port="$1"
  # A successful connect means something listens already; ss also catches non-loopback binds.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    return 0
  fi
  ss -Hltn "sport = :$port" 2>/dev/null | grep -q .
}

pick_free_port() {
  local port tries
  for ((tries = 0; tries < 50; tries++)); do
    port=$((PORT_MIN + (RANDOM * 32768 + RANDOM) % (PORT_MAX - PORT_MIN + 1)))
    if ! port_is_taken "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "found no free TCP port in $PORT_MIN-$PORT_MAX after 50 tries"
}

read_state() {
  local file="$STATE_DIR/$1"
  [[ -f "$file" ]] && cat "$file"
}

# Deletes only what this script created, never an arbitrary recorded path.
remove_tmpdir() {
  local dir="$1"
  [[ "$dir" == /tmp/agenthost-pg.* && -d "$dir" ]] || return 0
  rm -rf -- "$dir"
}

clear_state() {
  rm -f "$STATE_DIR"/{url,port,tmpdir,datadir,logfile,pid}
}

recorded_cluster_is_running() {
  local datadir port tmpdir
  datadir="$(read_state datadir)" || return 1
  port="$(read_state port)" || return 1
  tmpdir="$(read_state tmpdir)" || return 1
  [[ -d "$datadir" ]] || return 1
  as_owner "$tmpdir" "$BIN_DIR/pg_ctl" -D "$datadir" status >/dev/null 2>&1 || return 1
  "$BIN_DIR/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U postgres
}

print_log_tail() {
  local log="$1"
  if [[ -s "$log" ]]; then
    printf -- '--- last lines of %s ---\n' "$log" >&2
    tail -n 30 "$log" >&2
    printf -- '--- end of server log ---\n' >&2
  fi
}

# Stops the server of DATADIR however it can: fast shutdown first, then the postmaster's pid.
stop_server() {
  local tmpdir="$1" datadir="$2" pid
  [[ -d "$datadir" ]] || return 0
  if as_owner "$tmpdir" "$BIN_DIR/pg_ctl" -D "$datadir" -m fast -t 30 -w stop >/dev/null 2>&1; then
    return 0
  fi
  # pg_ctl fails when nothing runs (fine) or when the server ignores it (kill it).
  if [[ -f "$datadir/postmaster.pid" ]]; then
    pid="$(head -n 1 "$datadir/postmaster.pid")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      say "server pid $pid ignored pg_ctl stop; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
}

cmd_start() {
  if recorded_cluster_is_running; then
    say "reusing the running cluster at $(read_state url) (data: $(read_state datadir))"
    return 0
  fi
  local stale
  if stale="$(read_state tmpdir)"; then
    say "discarding the dead cluster recorded in $STATE_DIR ($stale)"
    stop_server "$stale" "$(read_state datadir || true)"
    remove_tmpdir "$stale"
    clear_state
  fi

  local tmpdir datadir log
  tmpdir="$(mktemp -d /tmp/agenthost-pg.XXXXXX)"
  datadir="$tmpdir/data"
  log="$tmpdir/server.log"
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (the Debian package 'postgresql' creates it)"
    chown postgres: "$tmpdir"
  fi
  chmod 700 "$tmpdir"

  say "creating a throwaway cluster in $datadir ($BIN_DIR)"
  if ! as_owner "$tmpdir" "$BIN_DIR/initdb" -D "$datadir" -A trust -U postgres --no-sync \
      --locale=C --encoding=UTF8 >"$tmpdir/initdb.log" 2>&1; then
    print_log_tail "$tmpdir/initdb.log"
    remove_tmpdir "$tmpdir"
    die "initdb failed (output above)"
  fi

  local attempt port
  for ((attempt = 1; attempt <= START_ATTEMPTS; attempt++)); do
    port="$(pick_free_port)"
    say "starting the server on 127.0.0.1:$port (log: $log)"
    [[ -f "$log" ]] && : >"$log" # the retry check below must read only this attempt's log
    # Another process may grab the port between the check and the bind; then try another one.
    if as_owner "$tmpdir" "$BIN_DIR/pg_ctl" -D "$datadir" -l "$log" -t 30 -w \
        -o "-p $port -k $tmpdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
      mkdir -p "$STATE_DIR"
      printf '%s\n' "postgresql://postgres@127.0.0.1:$port/postgres" >"$STATE_DIR/url"
      printf '%s\n' "$port" >"$STATE_DIR/port"
      printf '%s\n' "$tmpdir" >"$STATE_DIR/tmpdir"
      printf '%s\n' "$datadir" >"$STATE_DIR/datadir"
      printf '%s\n' "$log" >"$STATE_DIR/logfile"
      head -n 1 "$datadir/postmaster.pid" >"$STATE_DIR/pid"
      say "cluster ready at $(cat "$STATE_DIR/url") (pid $(cat "$STATE_DIR/pid"))"
      return 0
    fi
    if grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' "$log" 2>/dev/null; then
      say "port $port was taken meanwhile; retrying ($attempt/$START_ATTEMPTS)"
      stop_server "$tmpdir" "$datadir"
      continue
    fi
    break
  done

  print_log_tail "$log"
  stop_server "$tmpdir" "$datadir"
  remove_tmpdir "$tmpdir"
  die "the PostgreSQL server did not come up (server log above); data in $datadir was removed"
}

cmd_stop() {
  local tmpdir
  tmpdir="$(read_state tmpdir)" || return 0 # nothing recorded: nothing runs
  say "stopping the cluster at $(read_state url || echo "?") and deleting $tmpdir"
  stop_server "$tmpdir" "$(read_state datadir || true)"
  remove_tmpdir "$tmpdir"
  clear_state
}

cmd_url() {
  read_state url || die "no cluster recorded in $STATE_DIR; run '$0 start $STATE_DIR' first"
}

main() {
  (($# == 2)) || usage
  local verb="$1"
  STATE_DIR="$2"
  case "$verb" in
    start | stop | url) ;;
    *) usage ;;
  esac
  [[ "$verb" == url ]] && { cmd_url; return; }
  # Stopping where nothing was ever started must not need a server installation.
  [[ "$verb" == stop && ! -f "$STATE_DIR/tmpdir" ]] && return 0

  BIN_DIR="$(find_bin_dir)"
  mkdir -p "$STATE_DIR"
  STATE_DIR="$(cd "$STATE_DIR" && pwd)"
  # One start/stop at a time per STATE_DIR (e.g. ctest's fixture and ./dev's exit trap).
  exec 9>"$STATE_DIR/lock"
  flock 9
  "cmd_$verb"
}

main "$@"
