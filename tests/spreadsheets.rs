//! The spreadsheet comes back whole, on files written by the tools users have (see
//! `tests/fixtures/README.md`): LibreOffice Calc, openpyxl (as pandas writes), rust_xlsxwriter (an
//! Excel-like writer), and CSVs as Excel and LibreOffice save them. A workbook's every part but
//! the cleaned sheet (and its tables) is byte for byte the input's, every original cell of the
//! sheet keeps its value, formula and style; a CSV keeps its bytes, encoding, delimiter, line ends
//! and byte order mark, with the new cells in the same encoding.
#![cfg(feature = "xlsx")]

mod common;

use calamine::{Data, Reader as _, Xlsx};
use common::checks::{csv_records, matcher, neutralised};
use common::zip::{assert_same_parts_but, sheet_cells};
use role_standardiser::{Bulk, ErrorKind, Format, Header, Options};
use std::io::Read;

/// The columns every clean appends (SPEC.md); `code_check` and `context` follow when the sheet
/// has such columns.
const APPENDED: [&str; 11] = [
    "standard_role_id",
    "standard_role_title",
    "profession",
    "level",
    "band",
    "band_source",
    "match_status",
    "confidence",
    "nhs_occupation_code",
    "soc2020",
    "decided_by",
];

/// The columns `bulk` appends, checked to start with the eleven.
fn appended(bulk: &Bulk) -> &[&'static str] {
    let names = bulk.appended_names();
    assert_eq!(names[..11], APPENDED);
    names
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn options(sheet: Option<&str>) -> Options {
    Options {
        sheet: sheet.map(String::from),
        ..Options::default()
    }
}

/// Opens and matches a fixture's sheet.
fn cleaned(name: &str, sheet: Option<&str>) -> Bulk {
    let mut bulk = Bulk::open(fixture(name), name, &options(sheet), matcher().clone())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    // The titles read while opening equal the column read on its own.
    let titles = |b: &Bulk| -> Vec<(String, usize, bool)> {
        b.titles()
            .iter()
            .map(|t| (t.title.clone(), t.rows, t.uncomputed))
            .collect()
    };
    let first = titles(&bulk);
    bulk.set_title_column(bulk.title_column())
        .expect("the same column");
    assert_eq!(titles(&bulk), first, "{name}");
    bulk.match_next(usize::MAX);
    bulk
}

/// A part of a zip, inflated.
fn part(zip: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .expect("text");
    text
}

/// A sheet of a workbook as calamine reads it: rows of cells from A1.
fn rows(xlsx: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("the workbook opens");
    let range = book.worksheet_range(sheet).expect("the sheet");
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut out = vec![Vec::new(); top as usize];
    for r in range.rows() {
        let mut row = vec![Data::Empty; left as usize];
        row.extend(r.iter().cloned());
        out.push(row);
    }
    out
}

fn text(d: Option<&Data>) -> String {
    match d {
        None | Some(Data::Empty) => String::new(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{f:.0}"),
        Some(Data::Float(f)) => format!("{f}"),
        Some(other) => other.to_string(),
    }
}

/// The part name of a sheet, as the workbook's relationships give it (sheets are `sheetN.xml` in
/// order in these fixtures).
fn sheet_part(xlsx: &[u8], sheet: &str) -> String {
    let book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("the workbook opens");
    let i = book
        .sheet_names()
        .iter()
        .position(|s| s == sheet)
        .expect("the sheet");
    format!("xl/worksheets/sheet{}.xml", i + 1)
}

/// Checks a cleaned workbook sheet: every other part as it was, the sheet's original cells as
/// they were, the header row's new cells named and styled as the title column's header, each data
/// row's new cells its title's result. Returns the output.
fn check_workbook(name: &str, sheet: &str) -> Vec<u8> {
    let input = fixture(name);
    let bulk = cleaned(name, Some(sheet));
    let out = bulk.to_xlsx().unwrap_or_else(|e| panic!("{name}: {e}"));
    let width = bulk.columns().len();
    assert_same_parts_but(&input, &out, width);
    let part_name = sheet_part(&input, sheet);
    let before = sheet_cells(&part(&input, &part_name));
    let after = sheet_cells(&part(&out, &part_name));
    let header = bulk.header_row().expect("a header") as u32 - 1;
    let column = bulk.title_column() as u32;
    let title_style = &before[&(header, column)].style;
    for (i, name) in appended(&bulk).iter().enumerate() {
        let cell = &after[&(header, width as u32 + i as u32)];
        assert_eq!(&cell.style, title_style, "{name}: header style");
        assert!(cell.children.contains(name), "{name}: {cell:?}");
    }
    let read = rows(&out, sheet);
    let data = header as usize + 1;
    for (r, row) in read.iter().enumerate().skip(data) {
        // The row's title (a formula with no saved value reads as empty here).
        let title = text(row.get(column as usize));
        let got: Vec<String> = (0..8).map(|i| text(row.get(width + i))).collect();
        // With context columns a row's cells are its own; without, its title's result's.
        if !bulk.context_columns().is_empty() {
            let statuses = ["matched", "review", "no-match"];
            assert!(
                statuses.contains(&got[6].as_str()),
                "{name} row {r}: {got:?}"
            );
            continue;
        }
        let fits = bulk.titles().iter().zip(bulk.results()).any(|(t, result)| {
            let confidence: f64 = format!("{:.2}", result.confidence).parse().unwrap_or(-1.0);
            (t.title == title || (t.uncomputed && title.is_empty()))
                && got[0]
                    == result
                        .role
                        .as_ref()
                        .map(|r| r.id.clone())
                        .unwrap_or_default()
                && got[6] == result.status.id()
                && got[7] == text(Some(&Data::Float(confidence)))
        });
        assert!(fits, "{name} row {r}: `{title}` and {got:?}");
    }
    out
}

#[test]
fn every_sheet_of_every_workbook_comes_back_whole() {
    for (name, sheets) in [
        ("staff.xlsx", &["Staff", "Bank"][..]),
        ("openpyxl.xlsx", &["Staff", "Formulas", "Bank"][..]),
        ("xlsxwriter.xlsx", &["Staff"][..]),
        ("macros.xlsm", &["Staff"][..]),
    ] {
        for sheet in sheets {
            check_workbook(name, sheet);
        }
    }
}

#[test]
fn openpyxl_report_rows_honorifics_formulas_styles_filters_and_tables() {
    let bulk = cleaned("openpyxl.xlsx", Some("Staff"));
    // The header under a merged report title and a run date; ESR's columns: the honorific
    // `Title` and `Annual Leave Entitlement` are passed over, `Position Title` wins over
    // `Job Role`.
    assert_eq!(bulk.header_row(), Some(4));
    assert_eq!(bulk.columns()[bulk.title_column()], "Position Title");
    assert_eq!(bulk.rows(), 8);
    let out = check_workbook("openpyxl.xlsx", "Staff");
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    for kept in [
        r#"<mergeCell ref="A1:F1""#,
        r#"state="frozen""#,
        "<dataValidation ",
        r#"<f>C5&amp;" "&amp;D5</f><v /></c>"#,
    ] {
        assert!(xml.contains(kept), "{kept} kept");
    }
    assert!(
        xml.contains(r#"<autoFilter ref="A4:V12""#),
        "the filter widened"
    );
    assert!(xml.contains(r#"<dimension ref="A1:V12"/>"#));
    assert!(xml.contains(r#"<col min="12" max="12" width="40" customWidth="1"/>"#));

    // A title column of formulas with no saved value: reported and counted, never empty.
    let formulas = cleaned("openpyxl.xlsx", Some("Formulas"));
    assert_eq!(formulas.summary().uncomputed, 4);
    assert_eq!(formulas.summary().no_match, 4);
    assert!(formulas
        .titles()
        .iter()
        .all(|t| t.uncomputed && t.title.starts_with("=B")));
    assert!(formulas.warnings()[0].starts_with("4 title cells are formulas with no saved value"));
    let csv = String::from_utf8(formulas.to_csv().expect("csv")).expect("utf-8");
    assert!(
        csv.contains("\r\n1,OTA,'=B2,,,,,,,no-match,0.00,,,engine\r\n"),
        "{csv}"
    );
    let out = formulas.to_xlsx().expect("xlsx");
    let xml = part(&out, "xl/worksheets/sheet2.xml");
    assert!(
        xml.contains(r#"<c r="C2"><f>B2</f><v /></c>"#),
        "the formula is kept"
    );

    // The table on the Bank sheet takes the new columns.
    let bank = cleaned("openpyxl.xlsx", Some("Bank"));
    let table = part(&bank.to_xlsx().expect("xlsx"), "xl/tables/table1.xml");
    assert!(table.contains(r#"ref="A1:N5""#), "{table}");
    assert!(table.contains(r#"<tableColumns count="14">"#));
    assert!(table.contains(r#"<tableColumn id="14" name="decided_by"/>"#));
    assert!(table.contains(r#"<tableColumn id="11" name="confidence"/>"#));
}

#[test]
fn xlsm_keeps_its_macros_and_encrypted_workbooks_are_refused() {
    let input = fixture("macros.xlsm");
    let bulk = cleaned("macros.xlsm", None);
    assert_eq!(bulk.format(), Format::Xlsm);
    assert_eq!(bulk.format().workbook_extension(), "xlsm");
    let out = bulk.to_xlsx().expect("xlsm");
    let bin = |zip: &[u8]| {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("zip");
        let mut data = Vec::new();
        archive
            .by_name("xl/vbaProject.bin")
            .expect("the macros")
            .read_to_end(&mut data)
            .expect("read");
        data
    };
    assert_eq!(bin(&out), bin(&input));
    assert!(part(&out, "[Content_Types].xml").contains("macroEnabled"));

    let e = Bulk::open(
        fixture("encrypted.xlsx"),
        "encrypted.xlsx",
        &options(None),
        matcher().clone(),
    )
    .expect_err("refused");
    assert_eq!(e.kind(), &ErrorKind::PasswordProtected);
    assert!(e.to_string().contains("protected with a password"));
}

#[test]
fn xls_and_ods_from_libreoffice_are_read_and_written_as_a_new_xlsx_or_csv() {
    let from_xlsx = cleaned("staff.xlsx", None);
    for (name, format) in [("staff.xls", Format::Xls), ("staff.ods", Format::Ods)] {
        let bulk = cleaned(name, None);
        assert_eq!(bulk.format(), format);
        assert!(!bulk.format().keeps_workbook());
        assert_eq!(bulk.sheets(), ["Staff", "Bank"]);
        assert_eq!(bulk.rows(), from_xlsx.rows(), "{name}");
        assert_eq!(bulk.summary(), from_xlsx.summary(), "{name}");
        assert_eq!(
            bulk.to_csv().expect("csv"),
            from_xlsx.to_csv().expect("csv"),
            "{name}"
        );
        let out = bulk.to_xlsx().expect("xlsx");
        let back = rows(&out, "Staff");
        assert_eq!(back.len(), bulk.rows() + 1);
        assert_eq!(text(back[0].get(4)), "standard_role_id");
    }
}

/// The record texts of CSV text, read independently (the `csv` crate).
fn records(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    csv_records(text, delimiter).expect("reads as CSV")
}

/// Checks a cleaned CSV fixture: the same encoding (decoded with `decode`), every record as it
/// was (neutralised) from the first, the new cells after them; and every record that needed no
/// neutralising copied byte for byte. Returns the output bytes.
fn check_csv(name: &str, delimiter: u8, decode: impl Fn(&[u8]) -> String) -> Vec<u8> {
    let input = fixture(name);
    let bulk = cleaned(name, None);
    let out = bulk.to_csv().expect("csv");
    let (a, b) = (decode(&input), decode(&out));
    let (before, after) = (records(&a, delimiter), records(&b, delimiter));
    assert_eq!(before.len(), after.len(), "{name}: rows in = rows out");
    let header = bulk.header_row().map_or(0, |_| 1);
    let width = bulk.columns().len();
    for (i, (x, y)) in before.iter().zip(&after).enumerate() {
        let kept: Vec<String> = x.iter().map(|c| neutralised(c)).collect();
        assert_eq!(y[..x.len()], kept[..], "{name} record {i}");
        if i + 1 == header {
            assert_eq!(y[width..], *appended(&bulk), "{name}");
        }
    }
    // Records with nothing to neutralise are in the output as their own bytes.
    let mut from = 0;
    for line in a
        .split("\r\n")
        .filter(|l| !l.is_empty() && !l.contains('=') && !l.contains('\n'))
    {
        let at = b[from..]
            .find(line)
            .unwrap_or_else(|| panic!("{name}: `{line}` copied"));
        from += at + line.len();
    }
    out
}

fn cp1252(bytes: &[u8]) -> String {
    encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
}

#[test]
fn excel_and_libreoffice_csvs_keep_their_encoding_delimiter_line_ends_and_marks() {
    // Windows-1252: £ and the accents stay single bytes, the new cells are plain ASCII.
    let out = check_csv("excel-1252.csv", b',', cp1252);
    assert!(
        out.windows(7).any(|w| w == b"Si\xe2n Ll"),
        "Siân as Windows-1252"
    );
    assert!(out.windows(4).any(|w| w == b"\xa324,"), "£ as one byte");
    assert!(std::str::from_utf8(&out).is_err(), "not turned into UTF-8");
    let crlf = |b: &[u8]| b.windows(2).filter(|w| *w == b"\r\n").count();
    assert_eq!(
        crlf(&out),
        crlf(&fixture("excel-1252.csv")),
        "each record keeps its CRLF"
    );

    // Excel's CSV UTF-8 keeps its byte order mark.
    let out = check_csv("excel-utf8.csv", b',', |b| {
        String::from_utf8_lossy(&b[3..]).into_owned()
    });
    assert!(out.starts_with(b"\xef\xbb\xbfEmployee Number,"));

    // Excel's Unicode Text: UTF-16 with its mark, tab-delimited; the new cells in UTF-16 too.
    let utf16 = |b: &[u8]| {
        assert!(
            b.starts_with(b"\xff\xfe") && b.len().is_multiple_of(2),
            "UTF-16LE with its mark"
        );
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).expect("valid UTF-16")
    };
    let out = check_csv("excel-unicode.txt", b'\t', utf16);
    assert!(utf16(&out).contains("\tstandard_role_id\tstandard_role_title\t"));

    // Excel's `sep=;` line is read, and kept.
    let bulk = cleaned("excel-sep.csv", None);
    assert_eq!((bulk.delimiter(), bulk.header_row()), (Some(';'), Some(1)));
    let out = bulk.to_csv().expect("csv");
    assert!(
        out.starts_with(b"sep=;\r\nEmployee Number;Name;Job Title;Salary;Notes;standard_role_id;")
    );

    // A bar-delimited export.
    check_csv("pipe.txt", b'|', |b| {
        String::from_utf8_lossy(b).into_owned()
    });

    // LibreOffice's Windows-1252 semicolon CSV, every cell quoted, LF line ends.
    let bulk = cleaned("libreoffice-1252.csv", None);
    assert_eq!(
        (bulk.delimiter(), bulk.encoding()),
        (Some(';'), Some("Windows-1252"))
    );
    let out = bulk.to_csv().expect("csv");
    let input = fixture("libreoffice-1252.csv");
    let first_line = input.iter().position(|&b| b == b'\n').expect("a line");
    assert!(out.starts_with(&input[..first_line]), "the header's bytes");
    assert!(!out.windows(2).any(|w| w == b"\r\n"), "LF line ends kept");
    assert!(cp1252(&out).contains("\"Zoë Brontë\";\"OTA\";\"£25,674\""));
}

#[test]
fn a_stray_byte_keeps_the_file_utf8_and_the_byte_as_it_was() {
    let bulk = cleaned("stray-byte.csv", None);
    assert_eq!(bulk.encoding(), Some("UTF-8"));
    assert_eq!(
        bulk.warnings(),
        ["1 byte sequence is not UTF-8: read as \u{fffd}, and kept as they were in the output"]
    );
    let out = bulk.to_csv().expect("csv");
    assert!(
        out.windows(10).any(|w| w == b"Jos\xe9 Black"),
        "the stray byte kept"
    );
    assert!(
        out.windows(5).any(|w| w == "Zoë ".as_bytes()),
        "its UTF-8 neighbours kept"
    );
    assert_eq!(
        &out[..fixture("stray-byte.csv")
            .iter()
            .position(|&b| b == b'\r')
            .unwrap()],
        b"Employee Number,Name,Job Title,Salary,Notes"
    );
}

#[test]
fn the_title_column_and_header_row_are_found_as_a_person_would() {
    // ESR: two report rows, an honorific `Title`, `Position Title` over `Job Role`.
    let esr = cleaned("esr.csv", None);
    assert_eq!(esr.header_row(), Some(3));
    assert_eq!(esr.columns()[esr.title_column()], "Position Title");
    assert!(esr
        .title_reason()
        .starts_with("`Position Title`: its header names the job title"));
    let out = String::from_utf8(esr.to_csv().expect("csv")).expect("utf-8");
    assert!(out.starts_with(
        "Staff in Post report,,,,,,\r\nOrganisation: Example NHS Trust,,,,,,\r\nAssignment Number,"
    ));

    // No header: the first row is data, and nothing is added above it.
    let none = cleaned("no-header.csv", None);
    assert_eq!((none.header_row(), none.rows()), (None, 4));
    assert_eq!(none.columns(), ["column A", "column B"]);
    assert!(none.warnings()[0].starts_with("the sheet has no header row"));
    let out = String::from_utf8(none.to_csv().expect("csv")).expect("utf-8");
    assert_eq!(out.lines().count(), 4);
    assert!(out.starts_with("Physio Asst B3,37.5,physiotherapy.senior-support-worker,"));

    // Headers a clean must not take: an honorific Title, a header containing "title".
    for (csv, want) in [
        (
            "Title,Forename,Surname,Position\nMr,Tom,Evans,Porter\nMrs,Ann,Lee,OTA\n",
            "Position",
        ),
        (
            "Annual Leave Entitlement,Job Role\n27,OTA\n29,Physio Asst\n",
            "Job Role",
        ),
        (
            "Job Role,Position Title\nTherapies,Physio Asst B3\nEstates,Porter\n",
            "Position Title",
        ),
    ] {
        let bulk =
            Bulk::open(csv.as_bytes(), "in.csv", &options(None), matcher().clone()).expect("opens");
        assert_eq!(bulk.columns()[bulk.title_column()], want, "{csv}");
    }
    // A header the person gives, below report rows, or none.
    let esr_bytes = fixture("esr.csv");
    let given = Options {
        header: Header::Row(3),
        column: Some("Job Role".into()),
        ..Options::default()
    };
    let bulk = Bulk::open(esr_bytes.clone(), "esr.csv", &given, matcher().clone()).expect("opens");
    assert_eq!(bulk.columns()[bulk.title_column()], "Job Role");
    let refused = Options {
        header: Header::Row(99),
        ..Options::default()
    };
    let e = Bulk::open(esr_bytes, "esr.csv", &refused, matcher().clone()).expect_err("no such row");
    assert_eq!(
        e.to_string(),
        "esr.csv: row 99 cannot be the header row: it must be one of rows 1 to 7"
    );
}

#[test]
fn a_sheet_without_a_header_is_written_without_one() {
    let csv = b"Physio Asst B3,37.5\nOTA,22.5\n";
    let mut bulk =
        Bulk::open(&csv[..], "in.csv", &options(None), matcher().clone()).expect("opens");
    bulk.match_next(usize::MAX);
    let out = bulk.to_xlsx().expect("xlsx");
    let back = rows(&out, "in.csv");
    assert_eq!(back.len(), 2, "no header row added");
    assert_eq!(text(back[0].get(2)), "physiotherapy.senior-support-worker");
}
