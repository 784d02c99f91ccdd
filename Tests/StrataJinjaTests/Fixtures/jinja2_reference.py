#!/usr/bin/env python3
"""Checks the render snapshots against Python's jinja2, the reference implementation.

    python3 Tests/StrataJinjaTests/Fixtures/jinja2_reference.py            # compare every render fixture
    python3 Tests/StrataJinjaTests/Fixtures/jinja2_reference.py --write    # write jinja2's output as snapshots

Fixtures follow the format described in Support/Fixture.swift. The host (ref, this, config, target) mirrors
Support/FixtureHost.swift. Fixtures that use strata-only features set "$options": {"reference": false} and are
skipped (for example return() or dbt block tags), and their snapshots are reviewed by hand.
"""
import json
import sys
import types
from pathlib import Path

import jinja2

HERE = Path(__file__).resolve().parent
MODELS = ["stg_orders", "stg_payments", "customers"]


class Relation:
    def __init__(self, schema, name):
        self.schema, self.name, self.identifier = schema, name, name

    def __str__(self):
        return f'"{self.schema}"."{self.name}"'


class Config:
    values = {"materialized": "view", "schema": "marts"}

    def __call__(self, *args, **kwargs):
        return ""

    def get(self, key, default=None):
        return self.values.get(key, default)

    def __str__(self):
        return ""


def ref(name):
    if name not in MODELS:
        raise KeyError(name)
    return Relation("main", name)


def sorted_pairs(pairs):
    return dict(sorted(pairs))


def parse(name, source):
    lines = source.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("---"))
    context = json.loads("\n".join(lines[:first]), object_pairs_hook=sorted_pairs)
    options = context.pop("$options", {})
    header = lines[first]
    path = Path(name).stem + ".sql" if header == "---" else header[4:]
    files, buffer = [], []
    for line in lines[first + 1:]:
        if line.startswith("--- "):
            files.append((path, "\n".join(buffer)))
            path, buffer = line[4:], []
        else:
            buffer.append(line)
    files.append((path, "\n".join(buffer)))
    return context, options, files


def render(name):
    context, options, files = parse(name, (HERE / "render" / name).read_text())
    if options.get("reference", True) is False or options.get("return"):
        return None
    undefined = {"strict": jinja2.StrictUndefined, "chainable": jinja2.ChainableUndefined}
    env = jinja2.Environment(
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
        trim_blocks=options.get("trim_blocks", False),
        lstrip_blocks=options.get("lstrip_blocks", False),
        keep_trailing_newline=options.get("keep_trailing_newline", False),
        undefined=undefined.get(options.get("undefined"), jinja2.Undefined),
        loader=jinja2.DictLoader(dict(files)),
    )
    env.globals.update(ref=ref, this=Relation("main", "current_model"), config=Config(),
                       target=types.SimpleNamespace(name="dev", schema="main", type="sqlite"))
    env.globals.update(list=list, zip=zip)  # strata builtins beyond Jinja2's defaults
    env.globals.update(context)
    for path, text in files[:-1]:
        if not path.startswith("macros/"):
            continue
        module = env.from_string(text).module
        macros = {key: getattr(module, key) for key in dir(module) if not key.startswith("_")}
        parts = path.split("/")
        if len(parts) > 2:
            namespace = env.globals.setdefault(parts[1], types.SimpleNamespace())
            for key, macro in macros.items():
                setattr(namespace, key, macro)
        else:
            env.globals.update(macros)
    return env.from_string(files[-1][1]).render(context)


def main():
    write = "--write" in sys.argv
    names = [arg for arg in sys.argv[1:] if not arg.startswith("--")] or sorted(
        p.name for p in (HERE / "render").iterdir())
    failures = 0
    for name in names:
        try:
            expected = render(name)
        except Exception as error:  # report and go on with the other fixtures
            print(f"ERROR {name}: {type(error).__name__}: {error}")
            failures += 1
            continue
        if expected is None:
            print(f"skip  {name} (strata-only)")
            continue
        snapshot = HERE / "Snapshots" / "render" / (Path(name).stem + ".txt")
        if write:
            snapshot.parent.mkdir(parents=True, exist_ok=True)
            snapshot.write_text(expected)
            print(f"wrote {name}")
        elif not snapshot.exists() or snapshot.read_text() != expected:
            failures += 1
            actual = snapshot.read_text() if snapshot.exists() else "<missing>"
            print(f"DIFF  {name}\n  jinja2: {expected!r}\n  strata: {actual!r}")
        else:
            print(f"ok    {name}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
