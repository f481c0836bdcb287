//! The bulk clean over every input it accepts and every input it refuses. XLSX fixtures are made
//! here with rust_xlsxwriter; the zip bomb and corrupt workbooks are crafted byte by byte.
#![cfg(feature = "xlsx")]

mod common;

use calamine::{Data, Reader as _, Xlsx};
use common::zip::crafted_zip;
use role_standardiser::{Bulk, Error, Format, Matcher, Options};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};

fn open(bytes: &[u8], sheet: Option<&str>) -> Result<Bulk, Error> {
    let matcher = Matcher::builtin();
    let options = Options {
        sheet: sheet.map(String::from),
        ..Options::default()
    };
    Bulk::open(bytes, "in.csv", &options, matcher)
}

fn cleaned(bytes: &[u8]) -> String {
    let mut bulk = open(bytes, None).expect("opens");
    bulk.match_next(usize::MAX);
    String::from_utf8(bulk.to_csv().expect("csv")).expect("utf-8")
}

fn error(bytes: &[u8], sheet: Option<&str>) -> String {
    open(bytes, sheet)
        .map(|_| ())
        .expect_err("refused")
        .to_string()
}

/// The rows of a sheet of an XLSX (the first unless named), as calamine reads them.
fn read_xlsx(bytes: Vec<u8>, sheet: Option<&str>) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("valid xlsx");
    let name = sheet.map_or_else(|| book.sheet_names()[0].clone(), String::from);
    let range = book.worksheet_range(&name).expect("sheet");
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => format!("{f:.2}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// A workbook: "Staff" (header, two rows) then "Typed" (numbers, dates, booleans, empty cells).
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let staff = book.add_worksheet();
    staff.set_name("Staff").expect("name");
    for (r, row) in [["Job Title", "Site"], ["OTA", "North"], ["Porter", "South"]]
        .iter()
        .enumerate()
    {
        for (c, cell) in row.iter().enumerate() {
            staff
                .write_string(r as u32, c as u16, *cell)
                .expect("write");
        }
    }
    let typed = book.add_worksheet();
    typed.set_name("Typed").expect("name");
    let date = CellFormat::new().set_num_format("dd/mm/yyyy");
    for (c, h) in ["Id", "Position", "Hours", "Started", "Bank", "Note"]
        .iter()
        .enumerate()
    {
        typed.write_string(0, c as u16, *h).expect("write");
    }
    let day = ExcelDateTime::from_ymd(2024, 1, 1).expect("date");
    typed.write_number(1, 0, 7).expect("write");
    typed.write_string(1, 1, "Physio Asst B3").expect("write");
    typed.write_number(1, 2, 37.5).expect("write");
    typed
        .write_datetime_with_format(1, 3, &day, &date)
        .expect("write");
    typed.write_boolean(1, 4, true).expect("write");
    typed.write_string(1, 5, "=1+2").expect("write");
    typed.write_number(2, 0, 8).expect("write");
    typed.write_string(2, 1, "Rehab SW").expect("write");
    typed.write_number(2, 2, -3.5).expect("write");
    typed.write_boolean(2, 4, false).expect("write");
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn every_encoding_reads_the_same_and_is_written_back_in_its_own_bytes() {
    let utf8 = "Job Title,Site\nPhysio Asst – MSK,Café\nOTA,North\n";
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(utf8.as_bytes());
    let cp1252 = b"Job Title,Site\nPhysio Asst \x96 MSK,Caf\xe9\nOTA,North\n".to_vec();
    let utf16 = |text: &str| -> Vec<u8> {
        let mut out = b"\xff\xfe".to_vec();
        out.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        out
    };
    let cp1252_text = |b: &[u8]| -> String { b.iter().map(|&b| windows_1252(b)).collect() };
    type Decode = Box<dyn Fn(&[u8]) -> String>;
    let cases: Vec<(&str, Vec<u8>, Decode)> = vec![
        (
            "utf-8",
            utf8.as_bytes().to_vec(),
            Box::new(|b| String::from_utf8(b.to_vec()).expect("utf-8")),
        ),
        (
            "bom",
            bom,
            Box::new(|b| String::from_utf8(b[3..].to_vec()).expect("utf-8")),
        ),
        ("windows-1252", cp1252, Box::new(move |b| cp1252_text(b))),
        (
            "utf-16",
            utf16(utf8),
            Box::new(|b| {
                let units: Vec<u16> = b[2..]
                    .chunks(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).expect("utf-16")
            }),
        ),
    ];
    for (name, bytes, read) in cases {
        let bulk = open(&bytes, None).expect(name);
        assert_eq!(bulk.format(), Format::Csv);
        assert_eq!(bulk.header(), ["Job Title", "Site"], "{name}");
        let titles: Vec<&str> = bulk.titles().iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, ["Physio Asst – MSK", "OTA"], "{name}");
        let mut bulk = bulk;
        bulk.match_next(usize::MAX);
        let out = bulk.to_csv().expect("csv");
        // The same byte order mark, the same encoding, every original byte in place.
        assert_eq!(out[..2], bytes[..2], "{name}");
        let text = read(&out);
        assert!(
            text.starts_with("Job Title,Site,standard_role_id,"),
            "{name}: {text}"
        );
        assert!(
            text.contains("Physio Asst – MSK,Café,physiotherapy."),
            "{name}: {text}"
        );
        let original = read(&bytes);
        let kept: Vec<&str> = text
            .lines()
            .map(|l| {
                &l[..l
                    .find(",standard_role_id")
                    .or_else(|| l.find(",physiotherapy."))
                    .or_else(|| l.find(",occupational-therapy."))
                    .unwrap_or(l.len())]
            })
            .collect();
        assert_eq!(kept, original.lines().collect::<Vec<_>>(), "{name}");
    }
}

/// A Windows-1252 byte as its character.
fn windows_1252(b: u8) -> char {
    match b {
        0x96 => '–',
        0xe9 => 'é',
        b => char::from(b),
    }
}

#[test]
fn every_delimiter_and_quoted_newlines() {
    for d in [",", ";", "\t"] {
        let input = format!("Id{d}Job Title\r\n1{d}\"Rehab\nSW\"\r\n2{d}OTA\r\n");
        let out = cleaned(input.as_bytes());
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines.len(), 4, "{d:?}: {out}");
        assert!(lines[0].starts_with(&format!("Id{d}Job Title{d}standard_role_id{d}")));
        assert!(
            lines[1].starts_with(&format!("1{d}\"Rehab\nSW\"{d}")),
            "{d:?}"
        );
        assert!(lines[2].starts_with(&format!("2{d}OTA{d}occupational-therapy.")));
    }
}

#[test]
fn rows_in_equal_rows_out_in_order_with_ragged_rows_padded() {
    let input = "Job Title,Site,Id\nOTA,North,1\nHCA\nRehab SW,South,3,extra\nOTA,East,4\n";
    let bulk = open(input.as_bytes(), None).expect("opens");
    assert_eq!(bulk.rows(), 4);
    assert_eq!(bulk.ragged(), [3, 4]);
    let out = cleaned(input.as_bytes());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("Job Title,Site,Id,,standard_role_id,"));
    assert!(lines[1].starts_with("OTA,North,1,,occupational-therapy."));
    assert!(lines[2].starts_with("HCA,,,,healthcare-support."));
    assert!(lines[3].starts_with("Rehab SW,South,3,extra,multi-therapy."));
    assert!(lines[4].starts_with("OTA,East,4,,occupational-therapy."));
}

#[test]
fn formula_cells_are_neutralised_in_csv_output_and_numbers_left_alone() {
    let input = "Job Title,Note,Delta\nOTA,=HYPERLINK(\"http://x\"),-3.5\nHCA,@SUM(A1),+44\nRSW,\"-2+3\",1\n";
    let out = cleaned(input.as_bytes());
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[1].starts_with("OTA,'=HYPERLINK(\"http://x\"),-3.5,"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("HCA,'@SUM(A1),+44,"), "{}", lines[2]);
    assert!(lines[3].starts_with("RSW,\"'-2+3\",1,"), "{}", lines[3]);
}

#[test]
fn xlsx_first_sheet_by_default_and_a_chosen_sheet() {
    let book = workbook();
    let bulk = open(&book, None).expect("opens");
    assert_eq!(bulk.format(), Format::Xlsx);
    assert_eq!(bulk.sheets(), ["Staff", "Typed"]);
    assert_eq!(bulk.sheet(), "Staff");
    assert_eq!(bulk.rows(), 2);
    assert_eq!(bulk.header(), ["Job Title", "Site"]);
    let typed = open(&book, Some("Typed")).expect("opens");
    assert_eq!(typed.sheet(), "Typed");
    assert_eq!(typed.title_column(), 1);
    assert_eq!(typed.rows(), 2);
    assert!(
        error(&book, Some("Nope")).contains("no sheet named `Nope`; the sheets are: Staff, Typed")
    );
}

#[test]
fn a_csv_has_one_sheet_named_after_the_file() {
    let csv = b"Job Title\nOTA\n";
    let bulk = open(csv, None).expect("opens");
    assert_eq!(bulk.sheets(), ["in.csv"]);
    // The sheet it reports can be asked for again (the page reopens a file by its sheet).
    assert_eq!(open(csv, Some("in.csv")).expect("opens").rows(), 1);
    assert!(error(csv, Some("Staff")).contains("a CSV file has no sheets"));
}

#[test]
fn xlsx_cells_keep_their_types_and_render_as_text_in_csv() {
    let mut bulk = open(&workbook(), Some("Typed")).expect("opens");
    bulk.match_next(usize::MAX);
    let csv = String::from_utf8(bulk.to_csv().expect("csv")).expect("utf-8");
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("Id,Position,Hours,Started,Bank,Note,standard_role_id,"));
    assert!(
        lines[1].starts_with("7,Physio Asst B3,37.5,2024-01-01,TRUE,'=1+2,physiotherapy."),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("8,Rehab SW,-3.5,,FALSE,,multi-therapy."),
        "{}",
        lines[2]
    );

    let rows = read_xlsx(bulk.to_xlsx().expect("xlsx"), Some("Typed"));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][0], Data::Float(7.0));
    assert_eq!(rows[1][2], Data::Float(37.5));
    assert!(matches!(rows[1][3], Data::DateTime(d) if d.as_f64() == 45_292.0));
    assert_eq!(rows[1][4], Data::Bool(true));
    assert_eq!(
        rows[1][5],
        Data::String("=1+2".into()),
        "text stays text, not a formula"
    );
    assert_eq!(rows[2][3], Data::Empty);
    assert_eq!(rows[2][4], Data::Bool(false));
}

#[test]
fn csv_and_xlsx_outputs_append_the_same_values() {
    let input = "Job Title,Site\nPhysio Asst B3,N\nPorter,S\nAssistant practitioner,E\n\nOTA,W\n";
    let mut bulk = open(input.as_bytes(), None).expect("opens");
    bulk.match_next(usize::MAX);
    let csv = String::from_utf8(bulk.to_csv().expect("csv")).expect("utf-8");
    let csv_rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let xlsx_rows = read_xlsx(bulk.to_xlsx().expect("xlsx"), None);
    assert_eq!(csv_rows.len(), xlsx_rows.len());
    assert_eq!(csv_rows.len(), 6, "header, five rows (one blank)");
    for (c, row) in csv_rows.iter().zip(&xlsx_rows) {
        let x = row;
        let mut x: Vec<String> = x.iter().map(text).collect();
        if let (Some(confidence), Some(Data::Float(f))) = (x.get_mut(9), row.get(9)) {
            *confidence = format!("{f:.2}"); // the confidence column's number format is 0.00
        }
        assert_eq!(c.len(), x.len());
        assert_eq!(c[2..], x[2..], "appended columns");
    }
    assert_eq!(xlsx_rows[1][6], Data::Float(3.0), "band is a number");
    let physio = bulk.matcher().match_title("Physio Asst B3").confidence;
    assert_eq!(
        xlsx_rows[1][9],
        Data::Float(physio),
        "confidence is a number"
    );
}

#[test]
fn matching_is_incremental_resettable_and_summarised() {
    let input = "Job Title,Other\nOTA,HCA\nOTA,HCA\nPorter,RSW\nPhysio Asst B3,x\n";
    let mut bulk = open(input.as_bytes(), None).expect("opens");
    let counts: Vec<(&str, usize)> = bulk
        .titles()
        .iter()
        .map(|t| (t.title.as_str(), t.rows))
        .collect();
    assert_eq!(counts, [("OTA", 2), ("Porter", 1), ("Physio Asst B3", 1)]);
    assert_eq!(bulk.match_next(2), 2);
    assert!(bulk.to_csv().is_err(), "unfinished");
    assert_eq!(bulk.summary().matched, 2);
    assert_eq!(bulk.match_next(5), 3);
    let s = bulk.summary();
    assert_eq!((s.rows, s.matched, s.no_match), (4, 3, 1));
    assert_eq!(s.by_profession.get("occupational-therapy"), Some(&2));
    assert_eq!(s.by_band.get("3"), Some(&3));

    let local = Matcher::builtin()
        .with_local_csv("title,role_id\nPorter,multi-therapy.support-worker\n", "l")
        .expect("local");
    bulk.set_matcher(local);
    assert_eq!(bulk.results().len(), 0);
    bulk.match_next(usize::MAX);
    assert_eq!(bulk.summary().no_match, 0);

    bulk.set_title_column(1).expect("in range");
    assert_eq!(bulk.distinct_count(), 3);
    assert_eq!(bulk.results().len(), 0);
    assert!(bulk.set_title_column(2).is_err());
}

#[test]
fn bad_inputs_are_refused_with_a_clear_message() {
    let book = workbook();
    let mut corrupt_part = book.clone();
    // Damage the compressed data of the parts, keeping the zip directory intact.
    for b in corrupt_part.iter_mut().skip(200).take(2000) {
        *b ^= 0x5a;
    }
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    let random: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "the file is empty"),
        ("png", png, "this is not a spreadsheet"),
        ("random", random, "this is not a spreadsheet"),
        (
            "truncated xlsx",
            book[..book.len() / 2].to_vec(),
            "this workbook is damaged and cannot be read",
        ),
        (
            "corrupt xlsx",
            corrupt_part,
            "this workbook is damaged and cannot be read",
        ),
        (
            "huge declared size",
            crafted_zip(42_000_000, 4_200_000_000),
            "more than 4000 MB",
        ),
        ("high ratio", crafted_zip(1000, 50_000_000), "zip bomb"),
        (
            "no title column",
            b"Name,Site\nA,B\n".to_vec(),
            "no job title column found",
        ),
        (
            "blank first row",
            b",,\nA,B\n".to_vec(),
            "no job title column found; name it with --column (the columns are: A, B, column C)",
        ),
        (
            "unclosed quote",
            b"Job Title\n\"OTA\n".to_vec(),
            "line 2: a quoted field is never closed",
        ),
        (
            "damaged xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec(),
            "this workbook is damaged and cannot be read",
        ),
    ];
    for (name, bytes, message) in cases {
        let e = error(&bytes, None);
        assert!(e.contains(message), "{name}: {e}");
    }
}
