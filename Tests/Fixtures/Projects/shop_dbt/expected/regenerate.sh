#!/usr/bin/env bash
# Regenerates the expected results of the shop_dbt fixture by running real dbt.
# Dev tool: run it only when the fixture project changes on purpose, then review
# and commit the diff under expected/.
#
#   Tests/Fixtures/Projects/shop_dbt/expected/regenerate.sh
#
# Environment (defaults in brackets):
#   DBT_SQLITE_VENV   venv with dbt-core + dbt-sqlite      [/work/venvs/ex-dbt]
#   DBT_PG_VENV       venv with dbt-core + dbt-postgres    [/work/venvs/ex-dbt-pg]
#   STRATA_PG_PORT    PostgreSQL port (127.0.0.1)          [55433]
#   STRATA_PG_USER / STRATA_PG_PASSWORD                   [postgres / empty]
#   SKIP_POSTGRES=1   only regenerate expected/sqlite and parent_map.json
# Versions used for the committed files: dbt-core 1.10.23 with dbt-sqlite 1.10.0
# (dbt-adapters 1.16.7) and dbt-postgres 1.11.0 (dbt-adapters 1.24.5), PostgreSQL 15,
# Python 3.11's sqlite3 (SQLite 3.40).
# The PostgreSQL run drops and recreates the schemas shop and marts of database
# strata_test (created if missing).
set -euo pipefail

EXPECTED="$(cd "$(dirname "$0")" && pwd)"
PROJECT="$(dirname "$EXPECTED")"
DBT_SQLITE_VENV="${DBT_SQLITE_VENV:-/work/venvs/ex-dbt}"
DBT_PG_VENV="${DBT_PG_VENV:-/work/venvs/ex-dbt-pg}"
export STRATA_PG_PORT="${STRATA_PG_PORT:-55433}"
export STRATA_PG_USER="${STRATA_PG_USER:-postgres}"
export STRATA_PG_PASSWORD="${STRATA_PG_PASSWORD:-}"
export DBT_PROFILES_DIR="$PROJECT"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false

cd "$PROJECT"
rm -rf target dbt_packages logs package-lock.yml

echo "== SQLite (dbt-sqlite)"
"$DBT_SQLITE_VENV/bin/dbt" deps
"$DBT_SQLITE_VENV/bin/dbt" build --target sqlite
rm -rf "$EXPECTED/sqlite"
"$DBT_SQLITE_VENV/bin/python" "$EXPECTED/dump.py" sqlite target "$EXPECTED/sqlite"
"$DBT_SQLITE_VENV/bin/python" "$EXPECTED/dump.py" tests target/run_results.json "$EXPECTED/sqlite/test_results.tsv"
"$DBT_SQLITE_VENV/bin/python" "$EXPECTED/dump.py" parents target/manifest.json "$EXPECTED/parent_map.json"

if [ "${SKIP_POSTGRES:-0}" != 1 ]; then
    echo "== PostgreSQL (dbt-postgres) on port $STRATA_PG_PORT"
    DSN="host=127.0.0.1 port=$STRATA_PG_PORT user=$STRATA_PG_USER password='$STRATA_PG_PASSWORD'"
    "$DBT_PG_VENV/bin/python" - "$DSN" <<'PY'
import sys, psycopg2
admin = psycopg2.connect(sys.argv[1] + " dbname=postgres"); admin.autocommit = True
cur = admin.cursor()
cur.execute("select 1 from pg_database where datname = 'strata_test'")
if not cur.fetchone():
    cur.execute("create database strata_test")
db = psycopg2.connect(sys.argv[1] + " dbname=strata_test"); db.autocommit = True
for schema in ("shop", "marts"):
    db.cursor().execute(f"drop schema if exists {schema} cascade")
PY
    PG_ARTIFACTS=target/postgres-artifacts
    "$DBT_PG_VENV/bin/dbt" build --target postgres --target-path "$PG_ARTIFACTS"
    rm -rf "$EXPECTED/postgres"
    "$DBT_PG_VENV/bin/python" "$EXPECTED/dump.py" postgres "$DSN dbname=strata_test" shop,marts "$EXPECTED/postgres"
    "$DBT_PG_VENV/bin/python" "$EXPECTED/dump.py" tests "$PG_ARTIFACTS/run_results.json" "$EXPECTED/postgres/test_results.tsv"
fi

echo "== expected files written under $EXPECTED"
