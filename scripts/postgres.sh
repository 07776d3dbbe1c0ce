#!/usr/bin/env bash
# Starts or stops a private, throw-away PostgreSQL 15 cluster on 127.0.0.1 for the tests.
#
#   scripts/postgres.sh start   # prints the connection string on stdout
#   scripts/postgres.sh stop
#
# Installs Debian's postgresql package when no server binaries are found (needs root).
# KUBE_SECURITY_PG_DIR (default /tmp/kube-security-pg) and KUBE_SECURITY_PG_PORT (default
# 54329) choose where and on which port it runs.
set -euo pipefail

PG_DIR="${KUBE_SECURITY_PG_DIR:-/tmp/kube-security-pg}"
PG_PORT="${KUBE_SECURITY_PG_PORT:-54329}"
PG_PASSWORD="kube-security-test"

find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
  done
  return 1
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$*"
  else
    bash -c "$*"
  fi
}

start() {
  local bin
  if ! bin="$(find_pg_bin)"; then
    echo "postgres.sh: PostgreSQL server not found; installing Debian's postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
    bin="$(find_pg_bin)"
  fi
  if [ -f "$PG_DIR/data/postmaster.pid" ] && as_postgres "'$bin/pg_ctl' -D '$PG_DIR/data' status" >/dev/null 2>&1; then
    echo "postgres.sh: reusing the server already running in $PG_DIR" >&2
  else
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DIR"
    printf '%s\n' "$PG_PASSWORD" > "$PG_DIR/pwfile"
    [ "$(id -u)" = 0 ] && chown -R postgres "$PG_DIR"
    as_postgres "'$bin/initdb' -D '$PG_DIR/data' -U postgres --pwfile='$PG_DIR/pwfile' -A scram-sha-256 >'$PG_DIR/initdb.log' 2>&1" \
      || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
    # Tests create one database per run; allow enough connections for parallel jest workers.
    as_postgres "'$bin/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w \
      -o \"-h 127.0.0.1 -p $PG_PORT -k '$PG_DIR' -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" >&2 \
      || { cat "$PG_DIR/server.log" >&2; exit 1; }
  fi
  echo "postgresql://postgres:$PG_PASSWORD@127.0.0.1:$PG_PORT"
}

stop() {
  local bin
  bin="$(find_pg_bin)" || exit 0
  [ -d "$PG_DIR/data" ] || exit 0
  as_postgres "'$bin/pg_ctl' -D '$PG_DIR/data' -m fast stop" >&2 || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 64 ;;
esac
