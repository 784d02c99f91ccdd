#!/usr/bin/env python3
"""Regenerate the raw CSV seeds of the insurance example (deterministic).

Dev tool only: the CSVs under seeds/raw/ are committed; run this only to change
the data on purpose:  python3 dev/generate_seeds.py   (from Examples/insurance)
"""
import csv
import os
import random
import unicodedata
from datetime import date, datetime, timedelta

rng = random.Random(20240131)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "seeds", "raw")


def write(name, header, rows):
    with open(os.path.join(OUT, name + ".csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def ascii_fold(text):
    """Email addresses are ASCII: lower() is then portable (SQLite folds ASCII only)."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def money(x):
    return f"{x:.2f}"


# ---------------------------------------------------------------- employers
employers = [
    (1, "Nordwind Logistik GmbH", "logistics", "de", "1987-03-01", 420),
    (2, "Müller & Söhne, GmbH", "manufacturing", "DE", "1952-06-15", 180),
    (3, "Brightline Software BV", "technology", "NL", "2011-09-01", 95),
    (4, "Café Lumière SARL", "hospitality", "FR", "2015-04-20", 28),
    (5, "Alpenklinik Verwaltung AG", "healthcare", "AT", "1978-01-10", 310),
    (6, "Helvetia Precision SA", "manufacturing", "CH", "1969-11-03", 240),
    (7, "Stadtwerke Rheinland", "utilities", "DE", "1901-01-01", 1250),
    (8, "Kowalski Budownictwo Sp. z o.o.", "construction", "PL", "1999-05-12", 140),
    (9, "Fjord Analytics AS", "technology", "NO", "2018-02-14", 35),
    (10, "Ólafsdóttir Design", "creative", "IS", "2020-08-08", 6),
    (11, "Rotterdam Port Services", "logistics", "nl", "1965-07-01", 860),
    (12, "Gîtes du Périgord", "hospitality", "FR", "2009-03-30", 12),
    (13, "  Bergmann Bau KG ", "construction", "DE", "1993-10-01", 75),
    (14, "Lindqvist Pharma AB", "healthcare", "SE", "2003-06-06", 520),
    (15, "Volkshochschule Mitte", "education", "DE", None, 60),
    (16, "Danube Foods Kft.", "food", "HU", "2012-12-12", 210),
    (17, "Atelier Nuñez", "creative", "ES", "2016-01-19", 9),
    (18, "Open Source Collective e.V.", "non-profit", "DE", "2014-05-05", None),
    (19, "Baltic Wind Energy", "utilities", "LT", "2019-09-19", 44),
    (20, "Ghent Bicycle Works", "manufacturing", "BE", "2007-07-07", 88),
]
write("employers", ["employer_id", "employer_name", "industry", "country_code", "founded_on", "headcount"], employers)

# ---------------------------------------------------------------- plans
plans = [
    ("BRZ-IND", "Bronze Individual", "bronze", 189.50, 1500, 0.30, "Y"),
    ("SLV-IND", "Silver Individual", "silver", 264.00, 1000, 0.20, "Y"),
    ("GLD-IND", "Gold Individual", "gold", 359.90, 500, 0.10, "Y"),
    ("PLT-IND", "Platinum Individual", "platinum", 489.00, 0, 0.05, "Y"),
    ("BRZ-GRP", "Bronze Group", "bronze", 151.60, 1500, 0.30, "Y"),
    ("SLV-GRP", "Silver Group", "silver", 211.20, 1000, 0.20, "Y"),
    ("GLD-GRP", "Gold Group", "gold", 287.92, 500, 0.10, "Y"),
    ("SLV-OLD", "Silver Classic (closed)", "silver", 240.00, 800, 0.20, "N"),
]
write("plans", ["plan_code", "plan_name", "tier", "monthly_premium", "deductible", "coinsurance_rate", "is_active"],
      [(p[0], p[1], p[2], money(p[3]), p[4], f"{p[5]:.2f}", p[6]) for p in plans])
plan_premium = {p[0]: p[3] for p in plans}

# ---------------------------------------------------------------- members
first_names = ["Anna", "Lukas", "Zoë", "Jonas", "Émilie", "Mateo", "Sofía", "Noah", "Łucja", "Henrik",
               "Ingrid", "Pieter", "Amélie", "Finn", "Clara", "Björn", "Maja", "Tomasz", "Elif", "Luca",
               "Siobhán", "Jörg", "Ana", "Mehmet", "Greta", "Olivier", "Hanna", "Kasper", "Marta", "Yusuf"]
last_names = ["Müller", "Schmidt", "de Vries", "Dubois", "García", "Kowalski", "Jansen", "Nowak", "Rossi",
              "Lindqvist", "Hansen", "Peeters", "Novák", "Yılmaz", "Fischer", "O'Connor", "Weber", "Nuñez",
              "Bergström", "Lefèvre", "Horváth", "Wagner", "Costa", "Becker", "Kiss"]
cities = ["Berlin", "Hamburg", "München", "Köln", "Wien", "Zürich", "Amsterdam", "Lyon", "Kraków", "Göteborg"]
members = []
N_MEMBERS = 100
for mid in range(1, N_MEMBERS + 1):
    fn = rng.choice(first_names)
    ln = rng.choice(last_names)
    if mid == 7:
        fn, ln = "Zoë", "Müller"
    if mid == 42:
        fn, ln = "José Luis", "Núñez-García"
    if mid == 11:
        fn = "  Ingrid "   # untrimmed name from the source system
    y = rng.randint(1948, 2006)
    bd = date(y, rng.randint(1, 12), rng.randint(1, 28))
    gender = rng.choice(["F", "M", "F", "M", "X", None]) if mid % 17 else None
    email = ascii_fold(f"{fn.split()[0]}.{ln}@example.org").replace("'", "").replace(" ", "")
    email = email.lower() if mid % 5 else email  # some mixed-case emails to clean up
    if mid % 13 == 0:
        email = None
    employer = rng.choice([e[0] for e in employers]) if rng.random() < 0.72 else None
    if mid in (3, 88):
        employer = None
    city = rng.choice(cities)
    created = datetime(2022, 1, 1) + timedelta(days=rng.randint(0, 700), seconds=rng.randint(0, 86399))
    members.append((mid, fn, ln, bd.isoformat(), gender, email, city, employer, created.strftime("%Y-%m-%d %H:%M:%S")))
write("members", ["member_id", "first_name", "last_name", "birth_date", "gender", "email", "city", "employer_id", "created_at"], members)

# ---------------------------------------------------------------- policies
no_policy = {19, 64, 97}            # members who never bought a policy
policies = []
pid = 1000
for m in members:
    mid, employer = m[0], m[7]
    if mid in no_policy:
        continue
    group = employer is not None
    tier = rng.choice(["BRZ", "SLV", "SLV", "GLD", "GLD", "PLT"] if not group else ["BRZ", "SLV", "GLD", "SLV"])
    code = f"{tier}-{'GRP' if group else 'IND'}"
    if code == "PLT-GRP":
        code = "GLD-GRP"
    if mid % 23 == 0:
        # switched plans: old policy lapsed at end of 2023, new one from 2024
        pid += 1
        policies.append((pid, mid, "SLV-OLD", "2021-01-01", "2023-12-31", "lapsed"))
        start = date(2024, 1, 1)
    else:
        start = date(rng.choice([2022, 2023, 2023, 2024]), rng.randint(1, 12), 1)
        if start > date(2024, 1, 1):
            start = date(2024, 1, 1)
    status, end = "active", None
    if mid % 19 == 0 and mid not in no_policy:
        status, end = "cancelled", date(2024, 2, 29)
    pid += 1
    policies.append((pid, mid, code, start.isoformat(), end.isoformat() if end else None, status))
write("policies", ["policy_id", "member_id", "plan_code", "start_date", "end_date", "status"], policies)

# ---------------------------------------------------------------- providers
providers = [
    (501, "Charité Ambulanz Mitte", "general practice", "Berlin", "in", "true"),
    (502, "Praxis Dr. Özdemir", "general practice", "Hamburg", "in", "true"),
    (503, "Zahnarztpraxis Weiß", "dental", "München", "in", "false"),
    (504, "Augenklinik Köln", "ophthalmology", "Köln", "in", "true"),
    (505, "Wiener Privatklinik", "surgery", "Wien", "out", "true"),
    (506, "Apotheke am Markt", "pharmacy", "Berlin", "in", "true"),
    (507, "Universitätsspital Zürich", "hospital", "Zürich", "out", "false"),
    (508, "OLVG Amsterdam", "hospital", "Amsterdam", "in", "true"),
    (509, "Cabinet Dentaire Lefèvre", "dental", "Lyon", "in", "true"),
    (510, "Fysiotherapie Jansen", "physiotherapy", "Amsterdam", "in", "true"),
    (511, "Centrum Medyczne Kraków", "general practice", "Kraków", "out", "true"),
    (512, "Sahlgrenska Vårdcentral", "general practice", "Göteborg", "in", "false"),
    (513, "Dermatologie am See", "dermatology", "Zürich", "in", "true"),
    (514, "Kinderarztpraxis Sonnenschein", "pediatrics", "Köln", "in", "true"),
    (515, "Radiologie Nord", "radiology", "Hamburg", "in", "true"),
    (516, "Pharmacie Centrale", "pharmacy", "Lyon", "in", "true"),
    (517, "Privatpraxis Dr. Lindqvist", "psychotherapy", "Wien", "out", "true"),
    (518, "Optik Müller", "optician", "München", "in", "true"),
    (519, "Orthopädie Rhein", "orthopedics", "Köln", "in", "true"),
    (520, "Labor Berlin", "laboratory", "Berlin", "in", "true"),
    (521, "Clínica Costa", "surgery", "Lyon", "out", "false"),   # never used by any claim
    (522, "Tele-Arzt 24", "telemedicine", None, "in", "true"),   # no city
]
write("providers", ["provider_id", "provider_name", "specialty", "city", "network", "accepts_new_patients"], providers)
provider_ids = [p[0] for p in providers if p[0] != 521]
type_of = {"dental": "dental", "pharmacy": "pharmacy", "ophthalmology": "vision", "optician": "vision"}

# ---------------------------------------------------------------- claims + payments
diagnoses = ["J06.9", "M54.5", "K02.1", "H52.1", "I10", "E11.9", "F41.1", "S93.4", "L20.9", "Z00.0", "R51"]
claims, payments = [], []
active_policies = [p for p in policies if p[5] != "lapsed"]
cid, payid = 70000, 90000
for i in range(260):
    pol = rng.choice(active_policies)
    prov = rng.choice(provider_ids)
    spec = next(p[2] for p in providers if p[0] == prov)
    ctype = type_of.get(spec, "medical")
    svc = date(2024, 1, 1) + timedelta(days=rng.randint(0, 89))
    if pol[4] and svc.isoformat() > pol[4]:
        svc = date(2024, 2, 1) + timedelta(days=rng.randint(0, 27))
    sub = datetime(svc.year, svc.month, svc.day) + timedelta(days=rng.randint(0, 20), seconds=rng.randint(28800, 64800))
    base = {"medical": (30, 450), "dental": (50, 700), "pharmacy": (5, 120), "vision": (25, 300)}[ctype]
    amount = round(rng.uniform(*base), 2)
    if prov in (505, 507) and rng.random() < 0.3:
        amount = round(rng.uniform(1500, 6000), 2)
    status = rng.choices(["approved", "denied", "pending"], [0.78, 0.12, 0.10])[0]
    diag = rng.choice(diagnoses) if rng.random() > 0.08 else None
    cid += 1
    if cid == 70013:
        amount, status = 0.0, "approved"         # zero-value claim (administrative re-submission)
    prov_out = prov
    if cid in (70050, 70051, 70190):
        prov_out = None                           # pharmacy receipts without provider
        ctype = "pharmacy"
    ctype_out = ctype.upper() if cid % 41 == 0 else ctype   # inconsistent casing in source
    claims.append((cid, pol[0], prov_out, svc.isoformat(), sub.strftime("%Y-%m-%d %H:%M:%S"), ctype_out, status,
                   money(amount), diag))
    if status == "approved" and amount > 0:
        paid_day = sub.date() + timedelta(days=rng.randint(5, 30))
        if amount > 2000 and rng.random() < 0.7:
            first = round(amount * 0.5, 2)
            payid += 1
            payments.append((payid, cid, paid_day.isoformat(), money(first), "bank_transfer"))
            payid += 1
            payments.append((payid, cid, (paid_day + timedelta(days=14)).isoformat(), money(round(amount - first, 2)),
                             "bank_transfer"))
        else:
            payid += 1
            payments.append((payid, cid, paid_day.isoformat(), money(amount),
                             rng.choice(["bank_transfer", "bank_transfer", "bank_transfer", "cheque"])))
write("claims", ["claim_id", "policy_id", "provider_id", "service_date", "submitted_at", "claim_type", "status",
                 "amount_claimed", "diagnosis_code"], claims)
write("claim_payments", ["payment_id", "claim_id", "paid_on", "amount_paid", "method"], payments)

# ---------------------------------------------------------------- premium invoices (monthly, Q1 2024)
invoices = []
inv = 3000
for p in policies:
    if p[5] == "lapsed":
        continue
    for month in (1, 2, 3):
        if p[4] and f"2024-{month:02d}-01" > p[4]:
            continue
        if p[3] > f"2024-{month:02d}-01":
            continue
        inv += 1
        due = plan_premium[p[2]]
        r = rng.random()
        if r < 0.86:
            paid, paid_on = due, date(2024, month, rng.randint(1, 10)).isoformat()
        elif r < 0.93:
            paid, paid_on = round(due / 2, 2), date(2024, month, rng.randint(11, 28)).isoformat()
        else:
            paid, paid_on = None, None
        invoices.append((inv, p[0], f"2024-{month:02d}-01", money(due), None if paid is None else money(paid), paid_on))
write("premium_invoices", ["invoice_id", "policy_id", "billing_date", "amount_due", "amount_paid", "paid_on"], invoices)

for name in sorted(os.listdir(OUT)):
    with open(os.path.join(OUT, name), encoding="utf-8") as f:
        print(f"{name}: {sum(1 for _ in f) - 1} rows")
