#!/usr/bin/env python3
"""Dev tool: write the independent expected results of the insurance example.

Not part of Strata, and it does not use Strata: it reuses dev/validate.py, which
builds every seed and model without Strata on PostgreSQL (the reference engine) and
on SQLite. Then it

* dumps every seed and every non-ephemeral model of the PostgreSQL build to
  expected/<schema>.<name>.tsv (format and normalization: expected/README.md);
* dumps the same relations of the SQLite build to a scratch folder and checks that
  every file is byte-identical to the PostgreSQL one (exit status 1 otherwise);
* writes expected/graph.tsv: every model (ephemerals included) with its upstream
  models and seeds, as inferred from the SQL by dev/validate.py.

    PG_DSN="host=127.0.0.1 port=55435 user=postgres dbname=postgres" \
        /path/to/python dev/dump_expected.py [--check]

--check writes nothing under expected/: it compares fresh dumps with the files there.
Environment as for validate.py (PG_DSN, SQLITE_PATH, PROJECT_DIR); SQLITE_DUMP_DIR is
the scratch folder for the SQLite dump (default /tmp/strata-insurance-expected-sqlite).
"""
import datetime
import decimal
import filecmp
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate  # noqa: E402  (same folder)

EXPECTED = os.path.join(validate.ROOT, "expected")
SQLITE_DUMP_DIR = os.environ.get("SQLITE_DUMP_DIR", "/tmp/strata-insurance-expected-sqlite")


def escape(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def cell(v):
    """One value as text, identically for psycopg2 (PostgreSQL) and sqlite3 values."""
    if v is None:
        return "\\N"
    if isinstance(v, bool):  # before int: bool is an int subclass
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (float, decimal.Decimal)):
        s = "%.6f" % float(v)  # round to 6 decimals (C printf on the IEEE double)
        s = s.rstrip("0").rstrip(".")
        return "0" if s == "-0" else s
    if isinstance(v, datetime.datetime):  # before date: datetime is a date subclass
        if v.microsecond or v.tzinfo:
            raise ValueError(f"unexpected timestamp {v!r}")
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, datetime.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, str):
        return escape(v)
    raise TypeError(f"unexpected value {v!r} ({type(v).__name__})")


def table_text(columns, rows):
    lines = ["\t".join(cell(v) for v in r) for r in rows]
    lines.sort(key=lambda s: s.encode("utf-8"))
    return "".join(line + "\n" for line in ["\t".join(escape(c) for c in columns)] + lines)


def dump(fetch, relations, folder):
    """fetch(schema, name) -> (column names, rows); writes <folder>/<schema>.<name>.tsv."""
    os.makedirs(folder, exist_ok=True)
    for rel in relations:
        columns, rows = fetch(*rel.split("."))
        with open(os.path.join(folder, rel + ".tsv"), "w", encoding="utf-8", newline="") as f:
            f.write(table_text(columns, rows))


def graph_text(models):
    lines = [f"{m.key}\t{','.join(m.deps())}" for m in models]
    lines.sort(key=lambda s: s.encode("utf-8"))
    return "".join(line + "\n" for line in lines)


def main():
    check = "--check" in sys.argv[1:]
    seeds, models = validate.load()
    relations = [f"{s.schema}.{s.name}" for s in seeds] + \
                [m.key for m in models if m.materialized != "ephemeral"]
    pg = validate.build_pg(seeds, models)
    lite = validate.build_sqlite(seeds, models)
    cur = pg.cursor()

    def fetch_pg(schema, name):
        cur.execute(f'select * from "{schema}"."{name}"')
        return [d[0] for d in cur.description], cur.fetchall()

    def fetch_sqlite(schema, name):
        c = lite.execute(f'select * from "{schema}.{name}"')
        return [d[0] for d in c.description], c.fetchall()

    pg_dir = os.path.join(SQLITE_DUMP_DIR, "postgresql") if check else EXPECTED
    lite_dir = os.path.join(SQLITE_DUMP_DIR, "sqlite")
    for d in {pg_dir, lite_dir} - {EXPECTED}:
        shutil.rmtree(d, ignore_errors=True)
    dump(fetch_pg, relations, pg_dir)
    dump(fetch_sqlite, relations, lite_dir)
    graph = graph_text(models)
    if not check:
        with open(os.path.join(EXPECTED, "graph.tsv"), "w", encoding="utf-8", newline="") as f:
            f.write(graph)

    failures = 0
    for rel in relations:
        name = rel + ".tsv"
        same = filecmp.cmp(os.path.join(pg_dir, name), os.path.join(lite_dir, name), shallow=False)
        stale = check and not (os.path.exists(os.path.join(EXPECTED, name)) and filecmp.cmp(
            os.path.join(pg_dir, name), os.path.join(EXPECTED, name), shallow=False))
        with open(os.path.join(pg_dir, name), encoding="utf-8") as f:
            n = sum(1 for _ in f) - 1
        status = "OK  " if same and not stale else "FAIL"
        print(f"  {status} {rel}: {n} rows" + ("" if same else "; PostgreSQL and SQLite dumps differ:"
                                                  f" diff {pg_dir}/{name} {lite_dir}/{name}")
              + ("; differs from expected/" if stale else ""))
        failures += status == "FAIL"
    if check:
        with open(os.path.join(EXPECTED, "graph.tsv"), encoding="utf-8") as f:
            if f.read() != graph:
                print("  FAIL graph.tsv differs from expected/")
                failures += 1
    print(f"{len(relations)} relations dumped ({'checked against expected/' if check else 'to ' + pg_dir}), "
          f"{len(models)} models in graph.tsv; {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
