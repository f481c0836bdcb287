#!/usr/bin/env python3
"""Writes the seed corpora and dictionaries of the fuzz targets into fuzz/corpus/ (not
committed: made from tests/data and tests/fixtures). Run from anywhere; safe to run again.

  fuzz/corpus/match_title/     every title of tests/data (cases, dev, held-out)
  fuzz/corpus/local_mappings/  local mappings CSVs: good, with bands, quoted, and broken
  fuzz/corpus/sheet/           tests/fixtures/staff.csv and .xlsx, other delimiters and encodings
  fuzz/corpus/xlsx_xml/        the fixture workbook's sheet XML, NUL, its shared strings XML
  fuzz/corpus/*.dict           libFuzzer dictionaries: title words, CSV and sheet XML tokens
"""
import csv
import hashlib
import io
import pathlib
import random
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus"


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def tsv_titles():
    titles = []
    for name, column in [("cases.tsv", 1), ("dev.tsv", 0), ("holdout.tsv", 0)]:
        for line in (ROOT / "tests" / "data" / name).read_text("utf-8").splitlines()[1:]:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) > column:
                titles.append(fields[column])
    return titles


def dict_entry(word):
    data = word if isinstance(word, bytes) else word.encode("utf-8")
    escaped = "".join(
        chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else f"\\x{b:02x}" for b in data
    )
    return f'"{escaped}"'


def main():
    titles = tsv_titles()
    for t in titles:
        put("match_title", t)

    roles = [r["id"] for r in csv.DictReader(open(ROOT / "mappings" / "roles.csv", encoding="utf-8"))]
    rng = random.Random(7)
    put("local_mappings", "title,role_id\nRSW,multi-therapy.support-worker\n")
    put("local_mappings", "title,role_id,band\nPhysio Asst,physiotherapy.support-worker,3\nRSW,multi-therapy.support-worker,\n")
    put("local_mappings", '\ufefftitle,role_id,band\r\n"Rehab, ""Navigator""",physiotherapy.support-worker,2\r\n')
    put("local_mappings", "Title , Role_ID\nOTA,occupational-therapy.support-worker\nota,occupational-therapy.support-worker\n")
    put("local_mappings", "title,role_id\nRSW,physio.support-worker\n")
    put("local_mappings", "title,role_id,band\nRSW,multi-therapy.support-worker,12\n")
    put("local_mappings", "title,role_id\n\"open,multi-therapy.support-worker\n")
    for n in range(20):
        rows = ["title,role_id,band"]
        for t in rng.sample(titles, 8):
            band = rng.choice(["", "", "2", "3", "4", "5"])
            rows.append(f'"{t.replace(chr(34), chr(34) * 2)}",{rng.choice(roles)},{band}')
        put("local_mappings", "\n".join(rows) + "\n")

    staff_csv = (ROOT / "tests" / "fixtures" / "staff.csv").read_bytes()
    staff_xlsx = (ROOT / "tests" / "fixtures" / "staff.xlsx").read_bytes()
    put("sheet", staff_csv)
    put("sheet", staff_xlsx)
    text = staff_csv.decode("utf-8")
    put("sheet", text.replace(",", ";"))
    put("sheet", text.replace(",", "\t").replace("\n", "\r\n"))
    put("sheet", b"\xff\xfe" + text.encode("utf-16-le"))
    put("sheet", b"\xef\xbb\xbf" + staff_csv)
    put("sheet", "Job Title,Site\nPhysio Asst \u2013 MSK,Caf\u00e9\n".encode("cp1252"))
    put("sheet", "Job Title,Note,Delta\nOTA,=HYPERLINK(\"http://x\"),-3.5\nHCA,@SUM(A1),+44\n")
    put("sheet", "Job Title,Site,Id\nOTA,North,1\nHCA\nRehab SW,South,3,extra\n")
    body = io.StringIO()
    w = csv.writer(body)
    w.writerow(["Id", "Job Title", "Band"])
    for i, t in enumerate(rng.sample(titles, 40)):
        w.writerow([i, t, rng.choice(["", "3", "4"])])
    put("sheet", body.getvalue())

    with zipfile.ZipFile(io.BytesIO(staff_xlsx)) as z:
        sheet1 = z.read("xl/worksheets/sheet1.xml")
        sheet2 = z.read("xl/worksheets/sheet2.xml")
        strings = z.read("xl/sharedStrings.xml")
    put("xlsx_xml", sheet1 + b"\0" + strings)
    put("xlsx_xml", sheet2 + b"\0" + strings)
    inline = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Job Title</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Hours</t></is></c><c r="C1" t="inlineStr"><is><t>Started</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Physio Asst B3</t></is></c><c r="B2"><v>37.5</v></c>'
        '<c r="C2" s="1"><v>45292</v></c></row><row r="3"><c r="A3" t="str"><f>"OTA"</f><v>OTA</v></c>'
        '<c r="B3" t="b"><v>1</v></c><c r="C3" t="e"><v>#N/A</v></c></row></sheetData></worksheet>'
    )
    put("xlsx_xml", inline)

    words = set()
    for name, column in [("abbreviations.csv", "abbreviation"), ("cues.csv", "phrase")]:
        for row in csv.DictReader(open(ROOT / "mappings" / name, encoding="utf-8")):
            words.add(row[column])
    words |= {"Band ", "B3", "Bd 4", "AfC ", "XR03", "band 2/3", " - ", "(", ")", "&", "'", "."}
    (OUT / "titles.dict").write_text("\n".join(sorted(dict_entry(w) for w in words)) + "\n")
    mapping_tokens = {"title", "role_id", "band", ",", '"', '""', "\r\n", "\ufeff"} | set(roles)
    (OUT / "local_mappings.dict").write_text(
        "\n".join(sorted(dict_entry(w) for w in mapping_tokens | words)) + "\n"
    )
    sheet_tokens = {
        ",", ";", "\t", '"', '""', "\r\n", "\n", "\r", "\ufeff", b"\xff\xfe", "=", "+", "-", "@",
        "Job Title", "Position", "Role", "Title", "PK\x03\x04", "PK\x01\x02", "PK\x05\x06",
    }
    (OUT / "sheet.dict").write_text("\n".join(sorted(dict_entry(w) for w in sheet_tokens)) + "\n")
    xml_tokens = {
        "<row r=\"", "<c r=\"", "\" t=\"s\"", "\" t=\"inlineStr\"", "\" t=\"str\"", "\" t=\"b\"",
        "\" t=\"e\"", "\" t=\"d\"", "\" t=\"n\"", "\" s=\"", "<v>", "</v>", "<f>", "</f>", "<is><t>",
        "</t></is>", "</c>", "</row>", "<sheetData>", "</sheetData>", "<dimension ref=\"",
        "XFD1048576", "A1", "ZZ9", "<si><t>", "</t></si>", "<sst>", "</sst>", "&amp;", "&#13;",
        "_x000D_", "xml:space=\"preserve\"", "<mergeCell ref=\"", "\x00",
    }
    (OUT / "xlsx_xml.dict").write_text("\n".join(sorted(dict_entry(w) for w in xml_tokens)) + "\n")
    for target in ["match_title", "local_mappings", "sheet", "xlsx_xml"]:
        print(target, len(list((OUT / target).iterdir())), "seeds")


main()
