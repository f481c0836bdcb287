//! An XLSX or XLSM workbook cleaned as a stream (`clean_workbook`, what `clean` does with one)
//! is byte for byte what the whole-file path writes, as a workbook and as CSV, with the same
//! counts and notes: on the fixture workbooks (Excel's, LibreOffice's, openpyxl's formulas with
//! no saved value, XlsxWriter's, a macro workbook) read in runs of every size from one row, and
//! on a generated ESR extract written by an Excel-like writer.
#![cfg(feature = "xlsx")]

use role_standardiser::{
    clean_workbook, too_large_to_hold, workbook_streams, Bulk, Matcher, Options, SheetOut, Stopped,
    Streamed,
};
use std::io::{self, Cursor, Seek, SeekFrom, Write};

#[path = "common/extract.rs"]
mod extract;
use extract::{extract, headcounts};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The whole-file path's workbook, CSV, counts, headcounts and notes.
fn whole(bytes: &[u8], options: &Options) -> (Vec<u8>, Vec<u8>, [usize; 5], String, Vec<String>) {
    let mut bulk =
        Bulk::open(bytes.to_vec(), "in.xlsx", options, Matcher::builtin()).expect("opens");
    bulk.match_next(usize::MAX);
    let s = bulk.summary();
    let counts = [s.rows, s.matched, s.review, s.no_match, s.uncomputed];
    let lines = headcounts(&bulk.workforce().expect("matched"));
    let xlsx = bulk.to_xlsx().expect("writes a workbook");
    (
        xlsx,
        bulk.to_csv().expect("writes CSV"),
        counts,
        lines,
        bulk.warnings(),
    )
}

fn streamed_xlsx(bytes: &[u8], options: &Options, rows: usize) -> (Vec<u8>, Streamed) {
    let out = SheetOut::Workbook(Cursor::new(Vec::new()));
    let mut seen = 0;
    let (s, w) = clean_workbook(
        bytes.to_vec(),
        "in.xlsx",
        options,
        Matcher::builtin(),
        out,
        rows,
        &mut |done, total| {
            assert!(
                done > seen && done <= total,
                "progress {done} of {total} after {seen}"
            );
            seen = done;
        },
    )
    .unwrap_or_else(|e| panic!("streams: {e:?}"));
    (w.expect("the workbook").into_inner(), s)
}

fn streamed_csv(bytes: &[u8], options: &Options, rows: usize) -> (Vec<u8>, Streamed) {
    let mut out = Vec::new();
    let sink = SheetOut::<Cursor<Vec<u8>>>::Csv(&mut out);
    let (s, w) = clean_workbook(
        bytes.to_vec(),
        "in.xlsx",
        options,
        Matcher::builtin(),
        sink,
        rows,
        &mut |_, _| {},
    )
    .unwrap_or_else(|e| panic!("streams: {e:?}"));
    assert!(w.is_none());
    (out, s)
}

fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

fn assert_same(bytes: &[u8], options: &Options, runs: &[usize], what: &str) {
    if let Err(e) = Bulk::open(bytes.to_vec(), "in.xlsx", options, Matcher::builtin()) {
        // A sheet the whole-file path refuses is refused the same way.
        let out = SheetOut::Workbook(Cursor::new(Vec::new()));
        let m = Matcher::builtin();
        match clean_workbook(
            bytes.to_vec(),
            "in.xlsx",
            options,
            m,
            out,
            1,
            &mut |_, _| {},
        ) {
            Err(Stopped::Input(got)) => assert_eq!(got.to_string(), e.to_string(), "{what}"),
            other => panic!(
                "{what}: {e} whole, streamed {:?}",
                other.map(|r| r.0.summary)
            ),
        }
        return;
    }
    let (xlsx, csv, counts, lines, warnings) = whole(bytes, options);
    for &rows in runs {
        let (got, s) = streamed_xlsx(bytes, options, rows);
        assert!(
            got == xlsx,
            "{what}, runs of {rows}: the workbook differs at byte {}",
            first_difference(&got, &xlsx)
        );
        let summary = &s.summary;
        let streamed = [
            summary.rows,
            summary.matched,
            summary.review,
            summary.no_match,
            summary.uncomputed,
        ];
        assert_eq!(streamed, counts, "{what}, runs of {rows}: counts");
        assert_eq!(
            headcounts(&s.workforce),
            lines,
            "{what}, runs of {rows}: workforce"
        );
        assert_eq!(s.warnings, warnings, "{what}, runs of {rows}: notes");
        let (got, _) = streamed_csv(bytes, options, rows);
        assert!(
            got == csv,
            "{what}, runs of {rows}: the CSV differs at byte {}",
            first_difference(&got, &csv)
        );
    }
}

#[test]
fn the_fixture_workbooks_stream_byte_for_byte() {
    for name in [
        "staff.xlsx",
        "openpyxl.xlsx",
        "xlsxwriter.xlsx",
        "macros.xlsm",
    ] {
        let bytes = fixture(name);
        assert!(workbook_streams(&bytes).is_some(), "{name}");
        let sheets = Bulk::open(bytes.clone(), name, &Options::default(), Matcher::builtin())
            .expect("opens")
            .sheets()
            .to_vec();
        for sheet in sheets {
            let options = Options {
                sheet: Some(sheet.clone()),
                ..Options::default()
            };
            let what = format!("{name}, sheet {sheet}");
            // Runs of 8,192 are one run: edited in turn with the reading, not on a thread.
            assert_same(&bytes, &options, &[1, 2, 3, 7, 64, 8192], &what);
            let plain = Options {
                no_context: true,
                ..options
            };
            assert_same(&bytes, &plain, &[1, 5], &format!("{what}, no context"));
        }
    }
}

#[test]
fn title_formulas_with_no_saved_value_are_counted_over_the_whole_sheet() {
    // openpyxl writes formulas with no cached value: in runs of one row, each run knows its own.
    let options = Options {
        sheet: Some("Formulas".into()),
        ..Options::default()
    };
    let (_, s) = streamed_xlsx(&fixture("openpyxl.xlsx"), &options, 1);
    assert_eq!((s.summary.uncomputed, s.summary.no_match), (4, 4));
    assert!(
        s.warnings[0].starts_with("4 title cells are formulas with no saved value"),
        "{:?}",
        s.warnings
    );
}

/// The generated extract written as an Excel-like writer writes it: shared strings, FTEs as
/// numbers.
fn extract_workbook(rows: usize) -> Vec<u8> {
    let csv_bytes = extract(rows);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&csv_bytes[..]);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, record) in reader.records().enumerate() {
        for (c, cell) in record.expect("a record").iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && c == 7 => sheet.write_number(r, c, n),
                _ => sheet.write_string(r, c, cell),
            }
            .expect("writes");
        }
    }
    book.save_to_buffer().expect("saves")
}

#[test]
fn an_extract_workbook_matched_in_many_runs_on_two_threads_streams_byte_for_byte() {
    // Runs of 1,500 rows hold over 512 distinct titles each: matched on two threads where the
    // machine has two cores, beside the thread that edits the workbook.
    let bytes = extract_workbook(6_000);
    assert_same(&bytes, &Options::default(), &[1_500, 4_999], "extract");
    let (_, s) = streamed_xlsx(&bytes, &Options::default(), 1_500);
    assert_eq!(s.distinct, 6_000, "each row's position number is its own");
    assert_eq!(s.context_columns.len(), 6, "{:?}", s.context_columns);
    assert!(s.summary.matched > 0 && s.summary.review > 0 && s.summary.no_match > 0);
}

/// A writer that fails once `room` bytes are written.
#[derive(Debug)]
struct Full {
    inner: Cursor<Vec<u8>>,
    room: usize,
}

impl Write for Full {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.inner.get_ref().len() + buf.len() > self.room {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "no space left"));
        }
        self.inner.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Seek for Full {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.inner.seek(to)
    }
}

#[test]
fn a_writer_that_fails_stops_the_clean_with_its_error() {
    let bytes = extract_workbook(3_000);
    // Runs of 100 are written on a second thread; one run of 5,000 in turn.
    for (room, rows) in [(0, 100), (10_000, 100), (200_000, 100), (10_000, 5_000)] {
        let out = SheetOut::Workbook(Full {
            inner: Cursor::new(Vec::new()),
            room,
        });
        let e = clean_workbook(
            bytes.clone(),
            "in.xlsx",
            &Options::default(),
            Matcher::builtin(),
            out,
            rows,
            &mut |_, _| {},
        )
        .expect_err("the disk is full");
        let message = match e {
            Stopped::Input(e) => e.to_string(),
            e => format!("{e:?}"),
        };
        assert!(
            message.contains("no space left"),
            "room {room}, runs of {rows}: {message}"
        );
    }
}

#[test]
fn other_workbooks_and_csv_are_not_streamed_as_workbooks() {
    for name in ["staff.ods", "staff.xls", "staff.csv", "encrypted.xlsx"] {
        let bytes = fixture(name);
        assert_eq!(workbook_streams(&bytes), None, "{name}");
        assert!(!too_large_to_hold(&bytes), "{name}");
    }
    // Workbooks well within the limit are opened whole where a review table is wanted.
    for name in ["staff.xlsx", "macros.xlsm"] {
        assert!(!too_large_to_hold(&fixture(name)), "{name}");
    }
    let out = SheetOut::Workbook(Cursor::new(Vec::new()));
    let e = clean_workbook(
        fixture("staff.ods"),
        "staff.ods",
        &Options::default(),
        Matcher::builtin(),
        out,
        10,
        &mut |_, _| {},
    )
    .expect_err("not an XLSX");
    assert!(format!("{e:?}").contains("not an XLSX"), "{e:?}");
}
