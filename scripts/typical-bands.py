#!/usr/bin/env python3
"""The bands AHP support roles are advertised at, from real adverts: checks each role's typical
band in mappings/roles.csv against current practice.

Reads tests/data/adverts-2020.tsv (title and salary of 11,997 NHS Jobs adverts live in November
2020, from ../shared/corpus), reads each advert's band from its salary on the 2020/21 Agenda for
Change scale (a salary that spans two bands counts as both halves; hourly rates, off-scale and
negotiable pay are left out), matches each title with the command line, and prints, for every
level and for every role with at least MIN adverts, how many adverts whose title states no band
are at each band. Only `matched` titles count (precision about 97%: see tests/data/corpus.md).

Usage: cargo build --release && python3 scripts/typical-bands.py [ADVERTS.tsv] > tests/data/typical-bands.md
"""
import collections
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN = 3
# 2020/21 Agenda for Change pay points (England), band: (lowest, highest).
SCALE = {2: (18005, 19337), 3: (19737, 21142), 4: (21892, 24157), 5: (24907, 30615), 6: (31365, 37890), 7: (38890, 44503)}


def band_of(figure):
    return next((b for b, (lo, hi) in SCALE.items() if lo <= figure <= hi), None)


def salary_bands(salary):
    """The bands an advertised annual salary shows: one, two (a span), or none."""
    if re.search(r"per hour|p/h|hourly|ph\b", salary, re.I):
        return []
    figures = [int(x.replace(",", "")) for x in re.findall(r"£\s?(\d{1,3},\d{3}|\d{5})", salary)]
    bands = sorted({b for b in map(band_of, figures[:2]) if b})
    if not bands or len(bands) != len({band_of(f) for f in figures[:2]}):
        return []
    return list(range(bands[0], bands[-1] + 1)) if len(bands) > 1 else bands


def main():
    adverts = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests/data/adverts-2020.tsv"
    rows = [line.rstrip("\n").split("\t") for line in adverts.read_text(encoding="utf-8").splitlines()[1:]]
    titles = [r[0] for r in rows]
    out = subprocess.run([str(ROOT / "target/release/role-standardiser"), "match"], input="\n".join(titles) + "\n",
                         capture_output=True, text=True, check=True).stdout.splitlines()
    by_role = collections.defaultdict(collections.Counter)
    by_level = collections.defaultdict(collections.Counter)
    typical = {}
    for (title, salary, *_), line in zip(rows, out):
        r = json.loads(line)
        if r["status"] != "matched" or not r.get("role") or (r.get("band") or {}).get("source") != "typical":
            continue
        bands = salary_bands(salary)
        if not bands:
            continue
        role, level = r["role"]["id"], r["role"]["level"]
        typical[role] = typical[level] = r["band"]["value"]
        for b in bands:
            by_role[role][b] += 1 / len(bands)
            by_level[level][b] += 1 / len(bands)

    def table(name, counts):
        print(f"| {name} | typical | adverts | " + " | ".join(f"band {b}" for b in SCALE) + " | at typical |")
        print("| --- | --- | --- | " + " | ".join("---" for _ in SCALE) + " | --- |")
        for key, c in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
            n = sum(c.values())
            if n < MIN:
                continue
            cells = " | ".join(f"{c[b] / n:.0%}" if c[b] else "" for b in SCALE)
            print(f"| `{key}` | {typical[key]} | {n:.0f} | {cells} | {c[typical[key]] / n:.0%} |")
        print()

    print("# Bands AHP support roles are advertised at\n")
    print("Written by `scripts/typical-bands.py` from `tests/data/adverts-2020.tsv` (NHS Jobs adverts live in")
    print("November 2020): the adverts the engine matches whose title states no band, by the band their salary")
    print("shows on the 2020/21 Agenda for Change scale (a salary spanning two bands counts half to each).\n")
    table("level", by_level)
    table("role", by_role)


if __name__ == "__main__":
    main()
