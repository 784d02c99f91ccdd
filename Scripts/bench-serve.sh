#!/usr/bin/env bash
# The data API under load, on loopback only: 50 concurrent clients paging through a 100,000-row model for 10 s
# (wrk, Scripts/bench/page.lua), then a 1,000,000-row CSV export streamed by one client, with the server's peak
# RSS before and after. Runs against a throwaway PostgreSQL (and the embedded SQLite with BENCH_SERVE_ENGINES).
#   Scripts/bench-serve.sh                       # release build of strata, PostgreSQL
#   BENCH_SERVE_ENGINES="postgres sqlite" Scripts/bench-serve.sh
# Environment: STRATA_BIN (default .build/release/strata, built if missing), BENCH_PG_PORT (55435),
# BENCH_SERVE_SECONDS (10), BENCH_SERVE_CLIENTS (50), BENCH_SERVE_ROWS (100000), BENCH_EXPORT_ROWS (1000000).
set -euo pipefail

ROOT=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
STRATA=${STRATA_BIN:-$ROOT/.build/release/strata}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_PORT=${BENCH_PG_PORT:-55435}
SECONDS_=${BENCH_SERVE_SECONDS:-10}
CLIENTS=${BENCH_SERVE_CLIENTS:-50}
ROWS=${BENCH_SERVE_ROWS:-100000}
EXPORT_ROWS=${BENCH_EXPORT_ROWS:-1000000}
ENGINES=${BENCH_SERVE_ENGINES:-postgres}
TOKEN=bench-token-0123456789abcdef

say() { printf '[bench-serve %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
command -v wrk >/dev/null || { say "installing wrk"; apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
if [ ! -x "$STRATA" ]; then
  say "building strata (release)"
  "$ROOT/Scripts/bench/build-release.sh" >&2
fi

WORK=$(mktemp -d /tmp/strata-bench-serve.XXXXXX)
chmod 0755 "$WORK"
PG_DIR=""
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  if [ -n "$PG_DIR" ]; then as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

start_pg() {
  if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres; fi
  PG_DIR=$WORK/pg
  mkdir -p "$PG_DIR" && [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  as_pg "'$PG_BIN/initdb' -D '$PG_DIR/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
  as_pg "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/server.log' -w -o \"-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1\" start" >/dev/null
  "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "create database bench" >/dev/null
}

# A project with the paged model (indexed on id, as a served model would be) and the exported one.
make_project() { # dir engine
  local dir=$1 engine=$2
  mkdir -p "$dir/models/bench"
  cat >"$dir/strata.yml" <<YAML
name: bench_serve
serve:
  tokens:
    - name: bench
      token: $TOKEN
      scopes: [read]
YAML
  local series="select i as id from generate_series(1, $ROWS) as g(i)"
  local big="select i as id from generate_series(1, $EXPORT_ROWS) as g(i)"
  if [ "$engine" = sqlite ]; then
    series="with recursive g(i) as (select 1 union all select i + 1 from g where i < $ROWS) select i as id from g"
    big="with recursive g(i) as (select 1 union all select i + 1 from g where i < $EXPORT_ROWS) select i as id from g"
  fi
  cat >"$dir/models/bench/orders.sql" <<SQL
/*---
materialized: table
indexes: [{columns: [id], unique: true}]
---*/
select id, 'customer ' || (id % 997) as customer, (id % 1000) * 1.25 as amount, 'note for order ' || id as note
from ($series) as s
SQL
  cat >"$dir/models/bench/events.sql" <<SQL
/*--- materialized: table ---*/
select id, id % 7 as kind, 'event payload number ' || id as payload from ($big) as s
SQL
}

rss_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

for engine in $ENGINES; do
  project=$WORK/project-$engine
  target=()
  if [ "$engine" = postgres ]; then
    [ -n "$PG_DIR" ] || start_pg
    target=(--target-url "postgresql://postgres@127.0.0.1:$PG_PORT/bench")
  else
    target=(--target-url "sqlite:$WORK/$engine.db")
  fi
  make_project "$project" "$engine"
  say "$engine: building $ROWS + $EXPORT_ROWS rows"
  "$STRATA" build --project-dir "$project" "${target[@]}" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
  port=$((18500 + RANDOM % 1000))
  "$STRATA" serve --project-dir "$project" "${target[@]}" --port "$port" --no-schedules --empty-catalog >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do grep -q "Serving" "$WORK/serve.log" && break; sleep 0.1; done
  grep -q "Serving" "$WORK/serve.log" || { cat "$WORK/serve.log" >&2; exit 1; }
  base="http://127.0.0.1:$port"
  curl -sf -H "Authorization: Bearer $TOKEN" "$base/api/models/bench.orders/rows?limit=1" >/dev/null
  idle_rss=$(rss_kb "$SERVER_PID")
  say "$engine: wrk -t2 -c$CLIENTS -d${SECONDS_}s"
  result=$(STRATA_BENCH_TOKEN=$TOKEN STRATA_BENCH_ROWS=$ROWS wrk -t2 -c"$CLIENTS" -d"${SECONDS_}s" --latency \
    -s "$ROOT/Scripts/bench/page.lua" "$base" | grep '^requests=')
  paging_rss=$(rss_kb "$SERVER_PID")
  say "$engine: exporting $EXPORT_ROWS rows as CSV"
  start=$(date +%s.%N)
  bytes=$(curl -sf -H "Authorization: Bearer $TOKEN" "$base/api/models/bench.events/export.csv" | tee >(wc -l >"$WORK/lines") | wc -c)
  end=$(date +%s.%N)
  export_rss=$(rss_kb "$SERVER_PID")
  lines=$(cat "$WORK/lines")
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  printf 'engine=%s clients=%s %s rss_idle_mb=%.0f rss_after_paging_mb=%.0f export_rows=%s export_bytes=%s export_s=%.2f rss_after_export_mb=%.0f\n' \
    "$engine" "$CLIENTS" "$result" "$(echo "$idle_rss/1024" | bc -l)" "$(echo "$paging_rss/1024" | bc -l)" \
    "$((lines - 1))" "$bytes" "$(echo "$end - $start" | bc -l)" "$(echo "$export_rss/1024" | bc -l)"
done
