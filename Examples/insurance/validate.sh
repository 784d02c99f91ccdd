#!/usr/bin/env bash
# Dev tool (not needed to use the example): builds every seed and model of this project on
# PostgreSQL and on SQLite without Strata, and checks both engines return the same rows.
#
#   PG_DSN="host=127.0.0.1 port=55433 user=postgres dbname=postgres" ./validate.sh
#
# Needs a running PostgreSQL (>= 15) reachable through PG_DSN (it drops and recreates the
# schemas raw, core, claims, finance there) and a Python with psycopg2 and PyYAML
# (set PYTHON=/path/to/python; e.g. a venv with `pip install psycopg2-binary pyyaml`).
# The SQLite database goes to SQLITE_PATH (default /tmp/strata-insurance-validate.db).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
exec "$PYTHON" dev/validate.py "$@"
