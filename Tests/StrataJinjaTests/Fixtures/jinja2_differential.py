#!/usr/bin/env python3
"""Generates random templates and renders them with Python's jinja2, for DifferentialTests.swift.

    python3 Tests/StrataJinjaTests/Fixtures/jinja2_differential.py --out /tmp/strata-differential --count 3000
    STRATA_DIFFERENTIAL=/tmp/strata-differential swift test --filter DifferentialTests

Three corpora: whitespace control (random `-`/`+` signs with trim_blocks, lstrip_blocks, keep_trailing_newline),
expressions (operators, filters, tests, methods, printing) and statements (set, for with break/continue, if,
macros, call blocks, with, filter and set blocks, namespace). Each case stores the template, its options and
jinja2's output, or null when jinja2 raised. The generator is deterministic for a given --seed.

Without --out it rewrites the small committed sample in Fixtures/differential/ (--count 150 by default there).
"""
import argparse
import json
import random
from pathlib import Path

import jinja2

HERE = Path(__file__).resolve().parent
TEXTS = ["", " ", "  ", "\n", " \n", "\n  ", "\t", "a", "b c", "\n\n", " x \n"]
SIGNS = ["", "-", "+"]


def whitespace_tag(rng):
    kind = rng.choice(["var", "if", "comment", "for", "raw", "set"])
    left, right = rng.choice(SIGNS), rng.choice(SIGNS)
    if kind == "var":
        return "{{" + rng.choice(["", "-"]) + " 'v' " + rng.choice(["", "-"]) + "}}"
    if kind == "comment":
        return "{#" + left + " c " + right + "#}"
    if kind == "if":
        return ("{%" + left + " if true " + right + "%}" + rng.choice(TEXTS) + "{%" + rng.choice(SIGNS)
                + " endif " + rng.choice(SIGNS) + "%}")
    if kind == "for":
        return ("{%" + left + " for i in [1, 2] " + right + "%}" + rng.choice(TEXTS) + "{{ i }}" + rng.choice(TEXTS)
                + "{%" + rng.choice(SIGNS) + " endfor " + rng.choice(SIGNS) + "%}")
    if kind == "set":
        return "{%" + left + " set x = 1 " + right + "%}"
    return ("{%" + rng.choice(["", "-"]) + " raw " + rng.choice(["", "-"]) + "%}" + rng.choice(TEXTS) + "{%" + left
            + " endraw " + right + "%}")


def whitespace_case(rng):
    parts = []
    for _ in range(rng.randint(1, 6)):
        parts += [rng.choice(TEXTS), whitespace_tag(rng)]
    parts.append(rng.choice(TEXTS))
    options = {"trim_blocks": rng.random() < 0.5, "lstrip_blocks": rng.random() < 0.5,
               "keep_trailing_newline": rng.random() < 0.3}
    return "".join(parts), options


FILTERS = ["upper", "lower", "length", "first", "last", "join(',')", "sort", "reverse|list", "default('z')", "int",
           "float", "round", "round(1)", "abs", "string", "list", "unique|list", "sum", "min", "max", "trim",
           "replace('a', 'Q')", "title", "capitalize", "center(9)", "wordcount", "tojson", "batch(2)|list",
           "slice(2)|list", "dictsort", "items|list", "count", "e", "striptags", "format(1)", "select|list",
           "reject|list", "map('string')|list", "select('odd')|list"]
TESTS = ["defined", "none", "string", "number", "integer", "float", "mapping", "iterable", "sequence", "odd", "even",
         "divisibleby(3)", "eq(1)", "lt(5)", "in([1, 2, 'abc'])", "upper", "lower", "boolean", "true", "false",
         "callable"]
OPERATORS = ["+", "-", "*", "/", "//", "%", "~", "==", "!=", "<", ">=", "and", "or", "in", "not in", "**"]
METHODS = [".upper()", ".lower()", ".strip()", ".split(',')", ".split()", ".startswith('a')", ".endswith('c')",
           ".replace('b', 'B')", ".title()", ".capitalize()", ".count('a')", ".find('b')", "|length",
           ".keys()|list", ".values()|list", ".items()|list", ".get('a')", ".get('z', 9)", ".index(1)", ".zfill(5)",
           "[0]", "[-1]", "[1:]", "[::-1]", ".a", "['a']"]


def literal(rng, depth):
    r = rng.random()
    if r < 0.2:
        return str(rng.randint(-20, 20))
    if r < 0.3:
        return rng.choice(["0.5", "1.5", "-2.25", "3.0", "1e3", "0.1"])
    if r < 0.5:
        return rng.choice(["'abc'", "'Hello World'", "''", "'a,b,c'", "' pad '", "'x-y z'", "'ÄbC'"])
    if r < 0.6:
        return rng.choice(["true", "false", "none"])
    if r < 0.75 and depth < 3:
        return "[" + ", ".join(literal(rng, depth + 1) for _ in range(rng.randint(0, 3))) + "]"
    if r < 0.85 and depth < 3:
        keys = rng.sample("abcd", rng.randint(0, 3))
        return "{" + ", ".join(f"'{key}': {literal(rng, depth + 1)}" for key in keys) + "}"
    if r < 0.9 and depth < 3:
        return "(" + ", ".join(literal(rng, depth + 1) for _ in range(rng.randint(1, 3))) + ",)"
    return rng.choice(["n", "s", "xs", "d", "missing"])


def expression(rng, depth=0):
    r = rng.random()
    if depth > 2 or r < 0.3:
        return literal(rng, depth)
    sub = lambda: expression(rng, depth + 1)  # noqa: E731
    if r < 0.5:
        return f"({sub()} {rng.choice(OPERATORS)} {sub()})"
    if r < 0.65:
        return f"({sub()}|{rng.choice(FILTERS)})"
    if r < 0.72:
        return f"({sub()} is {rng.choice(['', 'not '])}{rng.choice(TESTS)})"
    if r < 0.8:
        return f"({sub()} if {sub()} else {sub()})"
    if r < 0.85:
        return f"(not {sub()})"
    if r < 0.92:
        return f"({sub()}){rng.choice(METHODS)}"
    return f"(-{sub()})"


NAMES = ["a", "b", "x"]
VALUES = ["1", "'s'", "a", "b", "x", "[1, 2]", "x ~ '!'", "(a or 0) + 1", "loop.index if loop is defined else 0",
          "ns.v", "caller() if caller is defined else 'nc'"]


def statement(rng, depth):
    r = rng.random()
    value = rng.choice(VALUES)
    if depth > 2 or r < 0.25:
        return rng.choice(["{{ %s }}" % value, "{% set " + rng.choice(NAMES) + " = " + value + " %}",
                           "[{{ a }}|{{ b }}|{{ x }}]", "{% set ns.v = " + value + " %}"])
    body = "".join(statement(rng, depth + 1) for _ in range(rng.randint(1, 3)))
    if r < 0.4:
        control = ("{% if loop.index == 2 %}{% " + rng.choice(["break", "continue"]) + " %}{% endif %}"
                   if rng.random() < 0.3 else "")
        return "{% for " + rng.choice(NAMES) + " in [1, 2, 3] %}" + body + control + "{% endfor %}"
    if r < 0.5:
        return "{% if " + value + " %}" + body + "{% else %}" + body + "{% endif %}"
    if r < 0.6:
        return ("{% macro m" + str(depth) + "(a, b=2) %}" + body + "{% endmacro %}{{ m" + str(depth) + "("
                + rng.choice(VALUES) + ") }}")
    if r < 0.7:
        return ("{% macro c" + str(depth) + "() %}<{{ caller() }}>{% endmacro %}{% call c" + str(depth) + "() %}"
                + body + "{% endcall %}")
    if r < 0.8:
        return "{% with a = " + value + " %}" + body + "{% endwith %}"
    if r < 0.9:
        return "{% filter upper %}" + body + "{% endfilter %}"
    return "{% set " + rng.choice(NAMES) + " %}" + body + "{% endset %}"


# Python-only reprs (Markup from `e`, lazy iterators, dict views) that strata prints as plain lists or strings.
PYTHON_REPRS = ("Markup(", "dict_", "generator", "range(", " object at ", "iterator")


def render(source, options, context):
    env = jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"], **options)
    try:
        return env.from_string(source).render(**context)
    except Exception:  # an error is an expected outcome that strata must match
        return None


def add(cases, source, options, context):
    expected = render(source, options, context)
    if expected is None or not any(marker in expected for marker in PYTHON_REPRS):
        cases.append({"source": source, "options": options, "expected": expected})


def context():
    return {"n": 7, "s": "abc", "xs": [3, 1, 2], "d": {"b": 2, "a": 1}}


def generate(count, seed):
    rng = random.Random(seed)
    corpora = {"whitespace": [], "expressions": [], "statements": []}
    for _ in range(count):
        source, options = whitespace_case(rng)
        add(corpora["whitespace"], source, options, {})
        add(corpora["expressions"], "{{ " + expression(rng) + " }}", {}, context())
        source = ("{% set ns = namespace(v=0) %}" + "".join(statement(rng, 1) for _ in range(rng.randint(1, 3)))
                  + "|{{ a }}|{{ b }}|{{ x }}|{{ ns.v }}")
        add(corpora["statements"], source, {}, {})
    return corpora


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=HERE / "differential")
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, cases in generate(args.count, args.seed).items():
        (args.out / f"{name}.json").write_text(json.dumps(cases, ensure_ascii=False, indent=0) + "\n")
        print(f"{name}: {len(cases)} cases, {sum(c['expected'] is None for c in cases)} raise in jinja2")


if __name__ == "__main__":
    main()
