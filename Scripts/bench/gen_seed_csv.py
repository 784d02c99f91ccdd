#!/usr/bin/env python3
"""gen_seed_csv.py - write a deterministic seed CSV for the seed benchmark.

usage: gen_seed_csv.py --rows N --out FILE [--random-seed S]

Six columns, one of each kind a seed loader has to infer and load:
  id          integer   1..N, unique
  quantity    integer   0..999, about 1% empty (NULL)
  label       text      word pairs, a few with commas/quotes (CSV-quoted), about 1% empty
  event_date  date      YYYY-MM-DD between 2015-01-01 and 2024-12-31
  amount      numeric   two decimals, e.g. 1234.56, some negative
  is_active   boolean   true/false
The output is a pure function of the arguments (Python's random.Random with a fixed seed).
"""
import argparse, csv, datetime, random

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
         "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--random-seed", type=int, default=42)
    a = ap.parse_args()
    rng = random.Random(a.random_seed)
    d0 = datetime.date(2015, 1, 1)
    days = (datetime.date(2024, 12, 31) - d0).days + 1
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "quantity", "label", "event_date", "amount", "is_active"])
        for i in range(1, a.rows + 1):
            q = "" if rng.random() < 0.01 else str(rng.randrange(0, 1000))
            r = rng.random()
            if r < 0.01:
                label = ""
            elif r < 0.02:
                label = f'{rng.choice(WORDS)}, "{rng.choice(WORDS)}"'
            else:
                label = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
            d = (d0 + datetime.timedelta(days=rng.randrange(days))).isoformat()
            cents = rng.randrange(-50000, 500000)
            amount = f"{'-' if cents < 0 else ''}{abs(cents) // 100}.{abs(cents) % 100:02d}"
            w.writerow([i, q, label, d, amount, "true" if rng.random() < 0.7 else "false"])


if __name__ == "__main__":
    main()
