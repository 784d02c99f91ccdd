#!/usr/bin/env python3
"""Makes a K-times larger dbt project out of a generated one, for the scale check of Scripts/bench.sh.

    replicate_project.py SOURCE_PROJECT COPIES OUT

../shared/bench/gen_project.py is quadratic in the number of models (10,000 take ~5 minutes, 50,000 would take
over two hours), so the 50,000- and 100,000-model projects are COPIES copies of a generated project: copy 0 is the
project itself, copy i (i >= 1) has every model renamed `<name>_c<i>` (in file names, refs and properties files)
and lives in `<layer>/c<i>/...`. Seeds and macros are shared. Each copy is a valid project of its own, so the
result is a DAG of COPIES disconnected components with the same per-model SQL, YAML and tests as the source.
"""
import os
import re
import shutil
import sys

source, copies, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if os.path.exists(out):
    shutil.rmtree(out)
os.makedirs(out)
for entry in os.listdir(source):
    if entry in ("models", "target", "logs", "sqlite_db", ".bench-stamp"):
        continue
    path = os.path.join(source, entry)
    (shutil.copytree if os.path.isdir(path) else shutil.copy2)(path, os.path.join(out, entry))

models_root = os.path.join(source, "models")
files = []
names = set()
for folder, _, entries in os.walk(models_root):
    for entry in entries:
        files.append(os.path.relpath(os.path.join(folder, entry), models_root))
        if entry.endswith(".sql"):
            names.add(entry[:-4])
name_pattern = re.compile(r"\b(?:stg|int|fct|dim)_[A-Za-z0-9_]+\b")

for copy in range(copies):
    suffix = "" if copy == 0 else f"_c{copy}"
    rename = (lambda m: m.group(0) + suffix if m.group(0) in names else m.group(0)) if suffix else None
    for relative in files:
        with open(os.path.join(models_root, relative), encoding="utf-8") as handle:
            text = handle.read()
        parts = relative.split(os.sep)
        if suffix:
            text = name_pattern.sub(rename, text)
            parts = [parts[0], f"c{copy}"] + parts[1:]
            if parts[-1].endswith(".sql"):
                parts[-1] = parts[-1][:-4] + suffix + ".sql"
        target = os.path.join(out, "models", *parts)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
print(f"{out}: {copies} copies of {len(names)} models = {copies * len(names)} models")
