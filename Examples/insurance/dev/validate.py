#!/usr/bin/env python3
"""Dev tool: build the insurance example on PostgreSQL and on SQLite and compare the results.

Not part of Strata. It emulates what Strata does with a plain-SQL project, closely
enough to prove that every model is portable:

* seeds/<schema>/<name>.csv -> table <schema>.<name>, column types inferred like
  Strata (integer, numeric, date YYYY-MM-DD, timestamp YYYY-MM-DD HH:MM:SS,
  boolean true/false, text; empty field = NULL);
  PostgreSQL: bigint / numeric / date / timestamp / boolean / text,
  SQLite:     INTEGER / REAL / TEXT / TEXT / INTEGER 0-1 / TEXT.
* models/<schema>[_<n>]/<name>.sql -> <schema>.<name>; the optional /*--- ---*/ YAML
  header gives materialized (view | table | ephemeral); ephemerals are built as
  views here (Strata inlines them as CTEs, the result is the same).
* dependencies are found in FROM/JOIN clauses (qualified schema.name, or a bare
  name resolved in the model's own schema; CTE names shadow models);
  models are built in dependency order.
* PostgreSQL: one schema per Strata schema; search_path = the model's schema.
* SQLite: one database file, every relation named "schema.name" (one identifier
  containing a dot), exactly as Strata lays it out; the validator rewrites each
  reference `core.members m` to `"core.members" m` (and a bare reference without
  alias to `"core.members" AS members`).
Then every model is selected on both engines and compared row by row (numbers with
a 0.01 tolerance, booleans as 0/1, dates as ISO text).

Needs Python with psycopg2 and PyYAML. Usage: see ../validate.sh
"""
import csv
import datetime
import decimal
import glob
import os
import re
import sqlite3
import sys

import psycopg2
import yaml

# PROJECT_DIR lets the tool check another plain-layout project (e.g. the broken fixtures)
ROOT = os.path.abspath(os.environ.get("PROJECT_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PG_DSN = os.environ.get("PG_DSN", "host=127.0.0.1 port=55433 user=postgres dbname=postgres")
SQLITE_PATH = os.environ.get("SQLITE_PATH", "/tmp/strata-insurance-validate.db")

INT_RE = re.compile(r"^-?\d+$")
NUM_RE = re.compile(r"^-?\d+\.\d+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
BOOL_RE = re.compile(r"^(true|false)$")


def infer(values):
    vals = [v for v in values if v != ""]
    if not vals:
        return "text"
    for kind, test in (
        ("integer", lambda v: INT_RE.match(v)),
        ("numeric", lambda v: INT_RE.match(v) or NUM_RE.match(v)),
        ("date", lambda v: DATE_RE.match(v)),
        ("timestamp", lambda v: TS_RE.match(v)),
        ("boolean", lambda v: BOOL_RE.match(v)),
    ):
        if all(test(v) for v in vals):
            return kind
    return "text"


PG_TYPE = {"integer": "bigint", "numeric": "numeric", "date": "date", "timestamp": "timestamp",
           "boolean": "boolean", "text": "text"}
SQLITE_TYPE = {"integer": "INTEGER", "numeric": "REAL", "date": "TEXT", "timestamp": "TEXT",
               "boolean": "INTEGER", "text": "TEXT"}


def sqlite_value(kind, v):
    if v == "":
        return None
    if kind == "integer":
        return int(v)
    if kind == "numeric":
        return float(v)
    if kind == "boolean":
        return 1 if v == "true" else 0
    return v


class Seed:
    def __init__(self, path):
        self.path = path
        self.schema = os.path.basename(os.path.dirname(path))
        self.name = os.path.splitext(os.path.basename(path))[0]
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        self.header, self.rows = rows[0], rows[1:]
        self.types = [infer([r[i] for r in self.rows]) for i in range(len(self.header))]


HEADER_RE = re.compile(r"^\s*/\*---\s*\n(.*?)\n\s*---\*/", re.S)
KEYWORDS = {"where", "join", "left", "right", "inner", "outer", "full", "cross", "on", "group", "order", "union",
            "limit", "having", "window", "using", "natural", "except", "intersect"}


def strip_comments(sql):
    sql = re.sub(r"/\*.*?\*/", lambda m: " " * len(m.group(0)), sql, flags=re.S)
    return re.sub(r"--[^\n]*", lambda m: " " * len(m.group(0)), sql)


class Model:
    def __init__(self, path):
        self.path = path
        folder = os.path.basename(os.path.dirname(path))
        self.schema = re.sub(r"_\d+$", "", folder)
        self.name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        m = HEADER_RE.match(text)
        self.header = yaml.safe_load(m.group(1)) if m else {}
        allowed = {"description", "materialized", "tags", "columns", "unique_key", "schema", "alias"}
        unknown = set(self.header) - allowed
        if unknown:
            sys.exit(f"{path}: unknown header keys {unknown}")
        self.materialized = self.header.get("materialized", "view")
        assert self.materialized in ("view", "table", "ephemeral"), path
        self.sql = text[m.end():] if m else text
        self.refs = []  # (start, end, schema, name, has_alias)

    @property
    def key(self):
        return f"{self.schema}.{self.name}"

    def find_refs(self, relations):
        code = strip_comments(self.sql)
        ctes = {c.lower() for c in re.findall(r"(?:\bwith|,)\s*([A-Za-z_]\w*)\s+as\s*\(", code, re.I)}
        self.refs = []
        for m in re.finditer(r"\b(?:from|join)\s+([A-Za-z_]\w*)(?:\.([A-Za-z_]\w*))?", code, re.I):
            a, b = m.group(1).lower(), (m.group(2) or "").lower()
            if b:
                schema, name = a, b
            else:
                if a in ctes:
                    continue
                schema, name = self.schema, a
            if f"{schema}.{name}" not in relations:
                if b:
                    sys.exit(f"{self.path}: reference to unknown relation {schema}.{name}")
                continue
            after = code[m.end():]
            nxt = re.match(r"\s*([A-Za-z_]\w*)", after)
            has_alias = bool(nxt) and nxt.group(1).lower() not in KEYWORDS
            self.refs.append((m.start(1), m.end(), schema, name, has_alias))

    def deps(self):
        return sorted({f"{s}.{n}" for _, _, s, n, _ in self.refs})

    def sqlite_sql(self):
        out, pos = [], 0
        for start, end, schema, name, has_alias in self.refs:
            out.append(self.sql[pos:start])
            out.append(f'"{schema}.{name}"' + ("" if has_alias else f" AS {name}"))
            pos = end
        out.append(self.sql[pos:])
        return "".join(out)


def load():
    seeds = [Seed(p) for p in sorted(glob.glob(os.path.join(ROOT, "seeds", "*", "*.csv")))]
    models = [Model(p) for p in sorted(glob.glob(os.path.join(ROOT, "models", "*", "*.sql")))]
    relations = {f"{s.schema}.{s.name}" for s in seeds} | {m.key for m in models}
    if len(relations) != len(seeds) + len(models):
        sys.exit("duplicate relation names")
    for m in models:
        m.find_refs(relations)
    # schema.yml files beside the models must describe existing models
    for y in glob.glob(os.path.join(ROOT, "models", "*", "*.yml")):
        schema = re.sub(r"_\d+$", "", os.path.basename(os.path.dirname(y)))
        with open(y, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for entry in doc.get("models", []):
            if f"{schema}.{entry['name']}" not in relations:
                sys.exit(f"{y}: describes unknown model {entry['name']}")
    # topological order (stable), cycle check
    by_key = {m.key: m for m in models}
    order, state = [], {}

    def visit(k, stack):
        if state.get(k) == "done":
            return
        if state.get(k) == "active":
            sys.exit("cycle: " + " -> ".join(stack + [k]))
        state[k] = "active"
        for d in by_key[k].deps():
            if d in by_key:
                visit(d, stack + [k])
        state[k] = "done"
        order.append(by_key[k])

    for m in models:
        visit(m.key, [])
    return seeds, order


def build_pg(seeds, models):
    conn = psycopg2.connect(PG_DSN)
    conn.autocommit = True
    cur = conn.cursor()
    schemas = sorted({s.schema for s in seeds} | {m.schema for m in models})
    for sch in schemas:
        cur.execute(f'drop schema if exists "{sch}" cascade')
        cur.execute(f'create schema "{sch}"')
    for s in seeds:
        cols = ", ".join(f'"{c}" {PG_TYPE[t]}' for c, t in zip(s.header, s.types))
        cur.execute(f'create table "{s.schema}"."{s.name}" ({cols})')
        with open(s.path, encoding="utf-8") as f:
            cur.copy_expert(f'copy "{s.schema}"."{s.name}" from stdin with (format csv, header true)', f)
    for m in models:
        kind = "table" if m.materialized == "table" else "view"
        cur.execute(f'set search_path to "{m.schema}"')
        try:
            cur.execute(f'create {kind} "{m.schema}"."{m.name}" as\n{m.sql}')
        except Exception as e:
            sys.exit(f"PostgreSQL failed on {m.key}: {e}")
    cur.execute("set search_path to public")
    return conn


def build_sqlite(seeds, models):
    if os.path.exists(SQLITE_PATH):
        os.remove(SQLITE_PATH)
    conn = sqlite3.connect(SQLITE_PATH)
    for s in seeds:
        cols = ", ".join(f'"{c}" {SQLITE_TYPE[t]}' for c, t in zip(s.header, s.types))
        conn.execute(f'create table "{s.schema}.{s.name}" ({cols})')
        conn.executemany(f'insert into "{s.schema}.{s.name}" values ({",".join("?" * len(s.header))})',
                         [[sqlite_value(t, v) for t, v in zip(s.types, r)] for r in s.rows])
    for m in models:
        kind = "table" if m.materialized == "table" else "view"
        try:
            conn.execute(f'create {kind} "{m.key}" as\n{m.sqlite_sql()}')
            conn.execute(f'select * from "{m.key}" limit 1').fetchall()
        except Exception as e:
            sys.exit(f"SQLite failed on {m.key}: {e}\n{m.sqlite_sql()}")
    conn.commit()
    return conn


def norm(v):
    if isinstance(v, bool):
        return 1 if v else 0
    if isinstance(v, (int, float, decimal.Decimal)):
        return float(v)
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, datetime.date):
        return v.isoformat()
    return v


def sort_key(row):
    return tuple((0, "") if v is None else (1, f"{v:.2f}") if isinstance(v, float) else (2, str(v)) for v in row)


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 0.011
    return a == b


def main():
    seeds, models = load()
    print(f"{len(seeds)} seeds, {len(models)} models "
          f"({sum(m.materialized == 'view' for m in models)} views, "
          f"{sum(m.materialized == 'table' for m in models)} tables, "
          f"{sum(m.materialized == 'ephemeral' for m in models)} ephemeral)")
    for s in seeds:
        print(f"  seed {s.schema}.{s.name}: {len(s.rows)} rows; " +
              ", ".join(f"{c}:{t}" for c, t in zip(s.header, s.types)))
    print("build order and dependencies:")
    for m in models:
        print(f"  {m.key} [{m.materialized}] <- {', '.join(m.deps())}")
    pg = build_pg(seeds, models)
    lite = build_sqlite(seeds, models)
    cur = pg.cursor()
    failures = 0
    print("results (rows; PostgreSQL vs SQLite):")
    for rel in [f"{s.schema}.{s.name}" for s in seeds] + [m.key for m in models]:
        schema, name = rel.split(".")
        cur.execute(f'select * from "{schema}"."{name}"')
        pg_cols = [d[0] for d in cur.description]
        pg_rows = sorted((tuple(norm(v) for v in r) for r in cur.fetchall()), key=sort_key)
        lc = lite.execute(f'select * from "{rel}"')
        lite_cols = [d[0] for d in lc.description]
        lite_rows = sorted((tuple(norm(v) for v in r) for r in lc.fetchall()), key=sort_key)
        problems = []
        if pg_cols != lite_cols:
            problems.append(f"columns differ: {pg_cols} vs {lite_cols}")
        if len(pg_rows) != len(lite_rows):
            problems.append(f"row counts differ: {len(pg_rows)} vs {len(lite_rows)}")
        elif not pg_rows:
            problems.append("no rows")
        else:
            for a, b in zip(pg_rows, lite_rows):
                if not all(same(x, y) for x, y in zip(a, b)):
                    problems.append(f"first differing row:\n      pg:     {a}\n      sqlite: {b}")
                    break
        sums = []
        for i, c in enumerate(pg_cols):
            if pg_rows and all(isinstance(r[i], float) or r[i] is None for r in pg_rows) \
                    and not c.endswith("_id") and c not in ("cost_rank",):
                sums.append(f"sum({c})={sum(r[i] or 0 for r in pg_rows):.2f}")
        status = "OK  " if not problems else "FAIL"
        failures += bool(problems)
        print(f"  {status} {rel}: {len(pg_rows)} rows" + (f"; {', '.join(sums[:3])}" if sums else ""))
        for p in problems:
            print(f"       {p}")
    print(f"{len(seeds) + len(models) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
