#!/usr/bin/env python3
"""Writes a national-size ESR staff-in-post extract for the streaming benchmark (issue 16): ROWS
rows of 30 columns, as ESR's reports write them (comma-separated, CRLF, quoted where needed).
Titles are the real advert titles of tests/data/corpus.tsv (most rows not AHP support roles, as
in a whole trust), with ESR's grades, occupation codes, areas of work and staff groups beside
them. Not committed as data: 1.5M rows are about 730 MB.

    python3 scripts/make-extract.py 1500000 /tmp/national.csv
"""
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = [
    "Assignment Number", "Employee Number", "Last Name", "First Name", "Position Name",
    "Job Role", "Occupation Code", "Area of Work", "Staff Group", "Grade", "Pay Scale",
    "Org L3", "Org L4", "Org L5", "Org L6", "Cost Centre", "Location", "Contracted WTE",
    "Headcount", "Assignment Category", "Assignment Status", "Primary Assignment",
    "Start Date", "Date of Birth", "Gender", "Ethnic Origin", "Nationality",
    "Professional Registration", "Manager Assignment", "Extract Date",
]
SURNAMES = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "O'Neill",
            "Patel", "Khan", "Nowak", "Okafor", "Murphy", "Wilson", "Thomas", "Roberts"]
FORENAMES = ["Amy", "Ben", "Chloe", "David", "Ewa", "Farah", "George", "Hannah", "Ibrahim",
             "Jo", "Kwame", "Laura", "Mohammed", "Niamh", "Oliver", "Priya"]
ROLES = ["Therapy Assistant", "Healthcare Assistant", "Staff Nurse", "Administrator",
         "Physiotherapist", "Occupational Therapist", "Porter", "Manager", "Assistant Practitioner"]
CODES = ["S9E", "S9C", "H2J", "H2C", "S5E", "N6A", "G2A", "X1A", "S8C", "", ""]
AREAS = ["Physiotherapy", "Occupational Therapy", "Radiography (Diagnostic)", "Podiatry",
         "Nursing", "Administration", "Estates", "Medicine", ""]
GROUPS = ["Additional Clinical Services", "Allied Health Professionals",
          "Nursing and Midwifery Registered", "Administrative and Clerical", "Estates and Ancillary"]
GRADES = ["NHS|XR02|Review Body Band 2", "NHS|XR03|Review Body Band 3", "AfC Band 4",
          "NHS|XR05|Review Body Band 5", "Band 6", "XR07", ""]
SITES = ["Royal Infirmary", "General Hospital", "Community Hub, North", "St Mary's"]


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_500_000
    out = sys.argv[2] if len(sys.argv) > 2 else "national.csv"
    rng = random.Random(16)
    with open(ROOT / "tests/data/corpus.tsv", encoding="utf-8") as f:
        titles = [line.split("\t")[0] for line in f.read().splitlines()[1:] if line]
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for i in range(rows):
            org = rng.randrange(400)
            w.writerow([
                f"{20000000 + i}-1", f"{10000000 + i}", rng.choice(SURNAMES), rng.choice(FORENAMES),
                f"{4300000 + rng.randrange(90000)}|{rng.choice(titles)}||{rng.choice(AREAS)}|",
                rng.choice(ROLES), rng.choice(CODES), rng.choice(AREAS), rng.choice(GROUPS),
                rng.choice(GRADES), rng.choice(["XN03", "XR02", "XR04", "XR05"]),
                f"Division {org % 12}", f"Directorate {org % 40}", f"Service {org}",
                f"Team {org}-{rng.randrange(8)}", f"{100000 + org * 7}", rng.choice(SITES),
                f"{rng.choice([1.0, 0.8, 0.6, 0.5, 0.4]):.2f}", "1",
                rng.choice(["Permanent", "Fixed Term Temp", "Bank"]), "Active Assignment",
                rng.choice(["Yes", "No"]), f"{2000 + rng.randrange(25)}-{1 + rng.randrange(12):02d}-01",
                f"{1960 + rng.randrange(45)}-{1 + rng.randrange(12):02d}-15", rng.choice(["Female", "Male"]),
                rng.choice(["A White - British", "H Asian or Asian British - Indian",
                            "N Black or Black British - African", "Z Not Stated"]),
                rng.choice(["British", "Irish", "Polish", "Nigerian", "Indian"]),
                rng.choice(["", "HCPC PH123456", "NMC 12A3456E"]), f"{21000000 + rng.randrange(5000)}-1",
                "2026-11-30",
            ])


if __name__ == "__main__":
    main()
