#!/usr/bin/env python3
"""Dump a built shop_dbt warehouse into the expected/ format (see README.md).

    dump.py sqlite   <target_dir> <out_dir>            # dbt-sqlite files <target_dir>/*.db
    dump.py postgres <dsn> <schema,schema...> <out_dir>  # needs psycopg2
    dump.py tests    <run_results.json> <out_file>
    dump.py parents  <manifest.json> <out_file>
"""
import glob
import io
import json
import os
import sqlite3
import sys


def escape(text):
    # the escapes of PostgreSQL's COPY text format
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def sqlite_value(v):
    if v is None:
        return "\\N"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, bytes):
        return "\\x" + v.hex()
    return escape(str(v))


def write(out_dir, relation, header, lines):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, relation + ".tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(f"{n}:{t}" for n, t in header) + "\n")
        for line in sorted(lines):
            f.write(line + "\n")


def dump_sqlite(target_dir, out_dir):
    # the same layout dbt-sqlite uses: target/shop.db is "main", every other
    # target/<schema>.db is attached as <schema>
    conn = sqlite3.connect(os.path.join(target_dir, "shop.db"))
    schemas = ["main"]
    for path in sorted(glob.glob(os.path.join(target_dir, "*.db"))):
        name = os.path.basename(path)[:-3]
        if name != "shop":
            conn.execute(f"attach database ? as \"{name}\"", (path,))
            schemas.append(name)
    for schema in schemas:
        rels = conn.execute(f'select name from "{schema}".sqlite_master '
                            "where type in ('table', 'view') and name not like 'sqlite_%' order by name").fetchall()
        for (name,) in rels:
            header = [(r[1], r[2]) for r in conn.execute(f'pragma "{schema}".table_info("{name}")')]
            rows = conn.execute(f'select * from "{schema}"."{name}"').fetchall()
            write(out_dir, f"{schema}.{name}", header, ["\t".join(sqlite_value(v) for v in r) for r in rows])


def dump_postgres(dsn, schemas, out_dir):
    import psycopg2
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    for schema in schemas:
        cur.execute("select table_name from information_schema.tables where table_schema = %s order by table_name",
                    (schema,))
        for (name,) in cur.fetchall():
            cur.execute("select column_name, data_type from information_schema.columns "
                        "where table_schema = %s and table_name = %s order by ordinal_position", (schema, name))
            header = cur.fetchall()
            buf = io.StringIO()
            cur.copy_expert(f'copy (select * from "{schema}"."{name}") to stdout', buf)
            lines = buf.getvalue().split("\n")[:-1]
            write(out_dir, f"{schema}.{name}", header, lines)
    conn.close()


def dump_tests(run_results, out_file):
    with open(run_results, encoding="utf-8") as f:
        results = json.load(f)["results"]
    lines = sorted(f"{r['unique_id']}\t{r['status']}\t{r['failures']}"
                   for r in results if r["unique_id"].startswith("test."))
    with open(out_file, "w", encoding="utf-8", newline="\n") as f:
        f.write("unique_id\tstatus\tfailures\n")
        f.writelines(line + "\n" for line in lines)


def dump_parents(manifest, out_file):
    with open(manifest, encoding="utf-8") as f:
        parent_map = json.load(f)["parent_map"]
    parent_map = {k: sorted(v) for k, v in parent_map.items()}
    with open(out_file, "w", encoding="utf-8", newline="\n") as f:
        json.dump(parent_map, f, indent=2, sort_keys=True, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "sqlite":
        dump_sqlite(*args)
    elif mode == "postgres":
        dump_postgres(args[0], args[1].split(","), args[2])
    elif mode == "tests":
        dump_tests(*args)
    elif mode == "parents":
        dump_parents(*args)
    else:
        sys.exit(__doc__)
