#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on 127.0.0.1 (owned by the 'postgres' OS user, in a temp dir), exports
# STRATA_TEST_POSTGRES_URL for the tests, runs the given command, and stops the server afterwards.
#   Scripts/with-postgres.sh swift test
set -euo pipefail

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_PORT=${PG_PORT:-55432}

if [ -z "${PG_BIN}" ] || [ ! -x "${PG_BIN}/initdb" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "with-postgres: installing PostgreSQL server packages" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  else
    echo "with-postgres: no PostgreSQL server binaries found; running without PostgreSQL" >&2
    exec "$@"
  fi
fi

RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  RUN_AS=(su postgres -s /bin/bash -c)
fi
as_pg() { if [ ${#RUN_AS[@]} -gt 0 ]; then "${RUN_AS[@]}" "$*"; else bash -c "$*"; fi; }

PG_DIR=$(mktemp -d /tmp/strata-pg.XXXXXX)
chmod 0755 "$PG_DIR"
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
stop() {
  as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop EXIT

as_pg "'$PG_BIN/initdb' -D '$PG_DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w -o \"-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start" >/dev/null \
  || { cat "$PG_DIR/server.log" >&2; exit 1; }
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "create database strata_test" >/dev/null

export STRATA_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:${PG_PORT}/strata_test"
export STRATA_PG_PORT="$PG_PORT"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') at $STRATA_TEST_POSTGRES_URL" >&2
"$@"
