//! What must hold for any input: the checks every fuzz target runs on each input, and that
//! `tests/fuzz_regressions.rs` runs again on stable over the inputs the fuzzers found. Each
//! function panics, with the broken invariant, when one fails; a clean error is not a failure.

use role_standardiser::{
    decode, BandSource, Bulk, Format, Header, MatchResult, Matcher, Options, Status,
    MAX_TITLE_BYTES,
};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Rows in an XLSX worksheet, header included, and columns (Excel's limits).
pub const MAX_XLSX_ROWS: usize = 1_048_576;
/// Columns in an XLSX worksheet.
pub const MAX_XLSX_COLUMNS: usize = 16_384;

/// The built-in matcher, built once per process.
pub fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(Matcher::builtin)
}

/// A cell as the clean's CSV output should hold it (SPEC and README): a cell starting `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading `'`, unless the whole cell is a plain
/// number (an optional sign, digits with at most one point, an optional exponent). Written here
/// from the rule, independently of the library.
pub fn neutralised(cell: &str) -> String {
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, part)) => {
            (whole.is_empty() || digits(whole))
                && (part.is_empty() || digits(part))
                && !(whole.is_empty() && part.is_empty())
        }
        None => digits(mantissa),
    };
    let plain_number = mantissa_ok && exponent.is_none_or(digits);
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The records of CSV text read by the `csv` crate (an independent reader: RFC 4180, quoted
/// fields with delimiters, quotes and line breaks, any record width). It skips empty lines,
/// which the clean keeps as rows; [`align`] pairs records across that difference.
pub fn csv_records(text: &str, delimiter: u8) -> Result<Vec<Vec<String>>, String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.map(|r| r.iter().map(String::from).collect())
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// The byte offset at which each record of CSV text starts, as the `csv` crate reads it.
pub fn csv_record_starts(text: &str, delimiter: u8) -> Vec<usize> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut starts = Vec::new();
    while reader.read_record(&mut record).unwrap_or(false) {
        // The crate reads CRLF as two terminators: a record's position may be its line feed.
        let at = record.position().map_or(0, |p| p.byte() as usize);
        let skip = text.as_bytes()[at..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        starts.push(at + skip);
    }
    starts
}

/// The delimiter of the clean's output: the character before the first appended column's name.
pub fn output_delimiter(out: &str) -> u8 {
    let at = out.find("standard_role_id").expect("the appended header");
    out.as_bytes()[at.saturating_sub(1)]
}

/// Pairs each output record (its first `width` cells) with the input record it came from: input
/// records in order, where an output row of empty cells with no empty input record due stands
/// for an empty line (which the `csv` crate skips). Panics when the rows cannot be paired.
pub fn align<'a>(
    input: &'a [Vec<String>],
    output: &'a [Vec<String>],
    width: usize,
) -> Vec<(Option<&'a Vec<String>>, &'a Vec<String>)> {
    let blank = |cells: &[String]| cells.iter().all(String::is_empty);
    let mut next = input.iter().peekable();
    let mut pairs = Vec::with_capacity(output.len());
    for out in output {
        let original = &out[..width.min(out.len())];
        let from = match next.peek() {
            // A blank output row is an empty line unless a blank input record is due.
            Some(r) if blank(original) && !blank(r) => None,
            Some(_) => next.next(),
            None if blank(original) => None,
            None => panic!("output row {out:?} has no input row"),
        };
        pairs.push((from, out));
    }
    assert!(next.next().is_none(), "every input row is in the output");
    pairs
}

/// Shape checks that hold for every result, suggestions included: a confidence from 0 to 1, a
/// role and band exactly when the status is not `no-match`, a role of the taxonomy, a band from
/// 1 to 9, alternatives distinct from the role and each other, likeliest first, at most the
/// configured number, and a result that serialises to JSON with its input.
pub fn check_shape(matcher: &Matcher, r: &MatchResult) {
    let c = r.confidence;
    assert!(c.is_finite() && (0.0..=1.0).contains(&c), "confidence {c}");
    assert_eq!(r.role.is_some(), r.status != Status::NoMatch, "{r:?}");
    assert_eq!(r.band.is_some(), r.role.is_some(), "{r:?}");
    if let Some(role) = &r.role {
        let known = matcher.taxonomy().get(&role.id).expect("a known role");
        assert_eq!(known.title, role.title);
        assert_eq!(
            role.id,
            format!("{}.{}", role.profession.id(), role.level.id())
        );
    }
    if let Some(band) = r.band {
        assert!((1..=9).contains(&band.value), "{band:?}");
        if let Some(max) = band.max {
            assert!(max > band.value && max <= 9, "{band:?}");
        }
    }
    assert!(r.alternatives.len() <= matcher.config().max_alternatives);
    let mut seen = Vec::new();
    for (i, alt) in r.alternatives.iter().enumerate() {
        let a = alt.confidence;
        assert!(a.is_finite() && (0.0..=1.0).contains(&a), "alternative {a}");
        assert!(matcher.taxonomy().get(&alt.role.id).is_some());
        assert!(r.role.as_ref().is_none_or(|role| role.id != alt.role.id));
        assert!(!seen.contains(&&alt.role.id), "repeated alternative");
        seen.push(&alt.role.id);
        if i > 0 {
            assert!(
                r.alternatives[i - 1].confidence >= a,
                "alternatives out of order"
            );
        }
    }
    let json = serde_json::to_value(r).expect("a result serialises");
    assert_eq!(json["input"].as_str(), Some(r.input.as_str()));
    assert_eq!(json["status"].as_str(), Some(r.status.id()));
    assert_eq!(json["confidence"].as_f64(), Some(c));
    let line = serde_json::to_string(r).expect("a result serialises");
    assert!(!line.contains('\n'), "one JSON line per result");
}

/// Every check of a result of `match_title(title)`: its shape, its input, and a status that
/// agrees with the thresholds.
pub fn check_result(matcher: &Matcher, title: &str, r: &MatchResult) {
    check_shape(matcher, r);
    if title.len() > MAX_TITLE_BYTES {
        // Over-long: not read, no-match, its input cut at a character boundary.
        assert!(title.starts_with(&r.input) && r.input.len() <= MAX_TITLE_BYTES);
        assert_eq!(r.status, Status::NoMatch);
    } else {
        assert!(r.input == title, "the input is the title");
    }
    let config = matcher.config();
    let c = r.confidence;
    match r.status {
        Status::Matched => assert!(c >= config.accept, "matched at {c}"),
        Status::Review => assert!(c >= config.reject && c < config.accept, "review at {c}"),
        Status::NoMatch => assert!(c < config.reject, "no-match at {c}"),
    }
}

/// Fuzz target `match_title`: the bytes as (lossy) UTF-8 text. The whole text, and each of its
/// lines, matched and checked; matching again gives the same result; `match_many` over the lines
/// equals matching each; `suggest` keeps its promises.
pub fn match_title(data: &[u8]) {
    let m = matcher();
    let text = String::from_utf8_lossy(data);
    let r = m.match_title(&text);
    check_result(m, &text, &r);
    assert_eq!(m.match_title(&text), r, "deterministic");
    if text.len() <= MAX_TITLE_BYTES {
        assert_eq!(m.normalised(&text), r.explanation.normalised);
    }

    let lines: Vec<&str> = text.split('\n').collect();
    let many = m.match_many(&lines);
    assert_eq!(many.len(), lines.len());
    for (line, result) in lines.iter().zip(&many) {
        let single = m.match_title(line);
        check_result(m, line, &single);
        assert_eq!(&single, result, "match_many equals match_title");
    }

    let k = 1 + data.len() % 7;
    let suggestions = m.suggest(&text, k);
    assert!(suggestions.len() <= k);
    if text.trim().is_empty() {
        assert!(suggestions.is_empty());
    }
    let mut roles = Vec::new();
    for s in &suggestions {
        check_shape(m, s);
        let role = s.role.as_ref().expect("every suggestion has a role");
        assert!(!roles.contains(&&role.id), "one suggestion per role");
        roles.push(&role.id);
    }
    assert_eq!(m.suggest(&text, k), suggestions, "deterministic");
    assert!(m.suggest(&text, 0).is_empty());
}

/// An error message that names `file` and says something after it.
fn assert_names_file(message: &str, file: &str) {
    assert!(message.starts_with(file), "{message}");
    assert!(message.len() > file.len() + ": ".len(), "{message}");
}

/// Fuzz target `local_mappings`: the bytes as (lossy) UTF-8 local mappings CSV. Either a clean
/// error naming the file, or mappings that each win for their own title, and that write out and
/// read back to the same mappings.
pub fn local_mappings(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let m = match matcher().clone().with_local_csv(&text, "local.csv") {
        Ok(m) => m,
        Err(e) => return assert_names_file(&e.to_string(), "local.csv"),
    };
    let written = m.local().to_csv(m.taxonomy());
    let rows = csv_records(&written, b',').expect("written mappings read as CSV");
    assert_eq!(rows[0], ["title", "role_id", "band"]);
    assert_eq!(rows.len() - 1, m.local().len());
    for row in &rows[1..] {
        let (title, role_id, band) = (&row[0], &row[1], &row[2]);
        assert!(!m.normalised(title).is_empty(), "{row:?}");
        let r = m.match_title(title);
        check_result(&m, title, &r);
        assert_eq!(r.status, Status::Matched, "{row:?}");
        assert_eq!(r.confidence, 1.0);
        let role = r.role.as_ref().expect("a role");
        assert_eq!(&role.id, role_id, "{row:?}");
        let typical = m
            .taxonomy()
            .roles()
            .iter()
            .find(|x| x.id == *role_id)
            .map(|x| x.band);
        let fixed: Option<u8> = band.parse().ok();
        let b = r.band.expect("a band");
        match (b.source, fixed) {
            (BandSource::Stated, _) => {}
            (BandSource::Local, Some(f)) => assert_eq!(b.value, f),
            (BandSource::Typical, None) => assert_eq!(Some(b.value), typical),
            other => panic!("band {other:?} for {row:?}"),
        }
    }
    let again = matcher()
        .clone()
        .with_local_csv(&written, "written.csv")
        .unwrap_or_else(|e| panic!("written mappings read back: {e}\n{written}"));
    assert_eq!(
        again.local().to_csv(again.taxonomy()),
        written,
        "round trip of\n{written}"
    );
}

/// Fuzz target `xlsx_xml`: the bytes before the first NUL are a worksheet's XML, those after it
/// (if any) the shared strings; wrapped in a workbook with correct checksums and checked as
/// [`sheet`] checks any file.
pub fn xlsx_xml(data: &[u8]) {
    let (sheet_xml, strings) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    sheet(&super::zip::xlsx_with_sheet(sheet_xml, strings));
}

/// The eleven appended cells of a result as CSV text (see `bulk::appended_values`), for a
/// sheet with no context columns.
fn appended_text(r: &MatchResult) -> [String; 11] {
    let role = r.role.as_ref();
    [
        role.map_or(String::new(), |r| r.id.clone()),
        role.map_or(String::new(), |r| r.title.clone()),
        role.map_or(String::new(), |r| r.profession.id().to_string()),
        role.map_or(String::new(), |r| r.level.id().to_string()),
        r.band.map_or(String::new(), |b| b.value.to_string()),
        r.band.map_or(String::new(), |b| {
            match b.source {
                BandSource::Stated => "stated",
                BandSource::Typical => "typical",
                BandSource::Local => "local",
                BandSource::Recorded => "recorded",
            }
            .to_string()
        }),
        r.status.id().to_string(),
        format!("{:.2}", r.confidence),
        role.map_or(String::new(), |r| {
            r.nhs_occupation_code.clone().unwrap_or_default()
        }),
        role.map_or(String::new(), |r| r.soc2020.clone().unwrap_or_default()),
        if r.explanation.reason.starts_with("local mapping") {
            "person"
        } else {
            "engine"
        }
        .to_string(),
    ]
}

/// Fuzz target `sheet`: the bytes as a file given to the bulk clean. Either a clean error, or a
/// sheet whose every sheet opens or fails cleanly, whose titles count every data row, which
/// matches to completion in steps, and whose CSV output has every input record in order with every
/// original cell (neutralised) and the right appended cells, in the input's own encoding; and
/// whose workbook output, if it can be written, reads back with the same rows and titles and,
/// for an XLSX, keeps every other part of the package byte for byte.
pub fn sheet(data: &[u8]) {
    let mut bulk = match Bulk::open(data, "in.csv", &Options::default(), matcher().clone()) {
        Ok(bulk) => bulk,
        Err(e) => return assert_names_file(&e.to_string(), "in.csv"),
    };
    let zip = data.starts_with(b"PK\x03\x04");
    let ole = data.starts_with(b"\xd0\xcf\x11\xe0");
    match bulk.format() {
        Format::Csv => assert!(!zip && !ole),
        Format::Xls => assert!(ole),
        _ => assert!(zip),
    }
    assert!(bulk.sheets().iter().any(|s| s == bulk.sheet()));
    for name in bulk.sheets().iter().take(4) {
        let options = Options {
            sheet: Some(name.clone()),
            ..Options::default()
        };
        if let Err(e) = Bulk::open(data, "in.csv", &options, matcher().clone()) {
            assert!(e.to_string().starts_with("in.csv"), "{e}");
        }
    }
    assert!(bulk.title_column() < bulk.columns().len());
    assert!(bulk.columns().len() >= bulk.header().len());
    let rows = bulk.rows();
    assert_eq!(bulk.titles().iter().map(|t| t.rows).sum::<usize>(), rows);
    assert_eq!(bulk.distinct_count(), bulk.titles().len());
    // The titles read while opening (a workbook's, in its first pass) are the column's titles
    // read again on their own.
    let first: Vec<(String, usize, bool)> = bulk
        .titles()
        .iter()
        .map(|t| (t.title.clone(), t.rows, t.uncomputed))
        .collect();
    bulk.set_title_column(bulk.title_column())
        .expect("the same column");
    let again: Vec<(String, usize, bool)> = bulk
        .titles()
        .iter()
        .map(|t| (t.title.clone(), t.rows, t.uncomputed))
        .collect();
    assert_eq!(first, again, "titles read once or twice alike");

    let mut done = 0;
    while !bulk.is_done() {
        let now = bulk.match_next(7);
        assert!(now > done && now <= bulk.distinct_count(), "progress");
        done = now;
    }
    for (title, r) in bulk.titles().iter().zip(bulk.results()) {
        if title.uncomputed {
            assert!(title.title.starts_with('=') && r.status == Status::NoMatch);
        } else {
            check_result(bulk.matcher(), &title.title, r);
        }
    }
    let summary = bulk.summary();
    assert_eq!(summary.rows, rows);
    assert_eq!(summary.matched + summary.review + summary.no_match, rows);
    assert!(summary.uncomputed <= summary.no_match);

    let width = check_csv_output(&bulk, data);
    check_xlsx_output(&bulk, data, width);
}

/// The text of the clean's CSV input or output, decoded as the engine decodes its input, with
/// an Excel `sep=` first line left out.
fn csv_text(bytes: &[u8]) -> String {
    let text = decode(bytes).into_owned();
    let first = text.split(['\r', '\n']).next().unwrap_or("");
    if first.len() == 5 && first[..4].eq_ignore_ascii_case("sep=") {
        let rest = &text[first.len()..];
        return rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix(['\r', '\n']))
            .unwrap_or(rest)
            .to_string();
    }
    text
}

/// Checks the CSV output; returns the sheet's width (columns before the appended ones).
fn check_csv_output(bulk: &Bulk, data: &[u8]) -> usize {
    let out = bulk.to_csv().expect("CSV output once matched");
    let csv_input = bulk.format() == Format::Csv;
    if csv_input {
        // Written in the input's own encoding: its byte order marks come first, as they were.
        let marks = |b: &[u8]| -> usize {
            match b {
                [0xff, 0xfe, ..] | [0xfe, 0xff, ..] => 2,
                _ => b.chunks(3).take_while(|c| *c == b"\xef\xbb\xbf").count() * 3,
            }
        };
        assert_eq!(
            out[..marks(&out)],
            data[..marks(data)],
            "byte order marks kept"
        );
    } else {
        assert!(
            std::str::from_utf8(&out).is_ok(),
            "a workbook's CSV is UTF-8"
        );
    }
    let text = csv_text(&out);
    let delimiter = bulk.delimiter().map_or(b',', |d| d as u8);
    let records =
        csv_records(&text, delimiter).unwrap_or_else(|e| panic!("CSV output reads back: {e}"));
    let names = appended_names(bulk);
    let n = names.len();
    // The header is the first record ending with the appended columns' names; records above it
    // are as they were. With no header, every record has appended cells.
    let header = records
        .iter()
        .position(|r| r.len() >= n && r[r.len() - n..] == names[..]);
    assert_eq!(
        header.is_some(),
        bulk.header_row().is_some(),
        "a header exactly when found"
    );
    let first = header.map_or(0, |h| h + 1);
    let body = &records[first..];
    let width = match (header, body.first()) {
        (Some(h), _) => records[h].len() - n,
        (None, Some(r)) => r.len() - n,
        (None, None) => 0,
    };
    assert_eq!(body.len(), bulk.rows(), "data rows in = data rows out");
    assert!(
        header
            .map_or(body, |h| &records[h..])
            .iter()
            .all(|r| r.len() == width + n),
        "every row from the header on padded to one width"
    );
    assert!(width >= bulk.title_column());

    // Each row's title cell (neutralised) and appended cells belong to one title, and each
    // title is on as many rows as it was counted on.
    let column = bulk.title_column();
    let mut by_cell: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, t) in bulk.titles().iter().enumerate() {
        by_cell.entry(neutralised(&t.title)).or_default().push(i);
    }
    let mut counts = vec![0usize; bulk.titles().len()];
    for record in body {
        let candidates = by_cell
            .get(&record[column])
            .unwrap_or_else(|| panic!("title cell {:?} is no title", record[column]));
        // With context columns a row's cells are its own result's; without, its title's.
        let plain = bulk.context_columns().is_empty();
        let i = *candidates
            .iter()
            .find(|&&i| {
                let want = appended_text(&bulk.results()[i]);
                if plain {
                    want[..] == record[width..]
                } else {
                    ["matched", "review", "no-match"].contains(&record[width + 6].as_str())
                }
            })
            .unwrap_or_else(|| panic!("appended cells of {:?}", record[column]));
        counts[i] += 1;
    }
    let mut want: HashMap<String, usize> = HashMap::new();
    let mut got: HashMap<String, usize> = HashMap::new();
    for (i, t) in bulk.titles().iter().enumerate() {
        *want.entry(neutralised(&t.title)).or_default() += t.rows;
        *got.entry(neutralised(&t.title)).or_default() += counts[i];
    }
    assert_eq!(want, got, "rows per title");

    // A CSV's every original record is in its place: above the header as it was, from the
    // header on with every cell neutralised and short rows padded.
    if csv_input {
        let input = csv_records(&csv_text(data), delimiter).expect("the input reads as CSV");
        let above = header.unwrap_or(0);
        assert_eq!(
            input[..above.min(input.len())],
            records[..above],
            "rows above the header"
        );
        let pairs = align(&input[above.min(input.len())..], &records[above..], width);
        if let Some(h) = header {
            let named: Vec<String> = pairs[0].0.cloned().unwrap_or_default();
            let shown = bulk.header();
            for (c, cell) in shown.iter().enumerate() {
                assert_eq!(
                    named.get(c).map_or("", String::as_str),
                    cell,
                    "header cell {c}"
                );
            }
            assert_eq!(records[h][..width].len(), width);
        }
        for (n, (a, b)) in pairs.iter().enumerate() {
            for (j, cell) in b[..width].iter().enumerate() {
                let want = a
                    .and_then(|a| a.get(j))
                    .map_or(String::new(), |c| neutralised(c));
                assert_eq!(*cell, want, "record {n}, field {j}");
            }
        }
    }
    width
}

/// The appended columns' names (SPEC.md): eleven, then `code_check` and `context` when the
/// sheet has such columns.
fn appended_names(bulk: &Bulk) -> Vec<String> {
    let mut names: Vec<String> = [
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
    ]
    .map(String::from)
    .to_vec();
    let context = bulk.context_columns();
    if context.iter().any(|(field, _)| *field == "Occupation Code") {
        names.push("code_check".into());
    }
    if !context.is_empty() {
        names.push("context".into());
    }
    assert_eq!(bulk.appended_names(), names, "the appended columns");
    names
}

fn check_xlsx_output(bulk: &Bulk, data: &[u8], width: usize) {
    let out = match bulk.to_xlsx() {
        Ok(out) => out,
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.contains("cannot write the XLSX workbook")
                    || message.contains("rows do not fit")
                    || (width + bulk.appended_names().len() > MAX_XLSX_COLUMNS
                        && message.contains("columns do not fit")),
                "{message}"
            );
            return;
        }
    };
    assert!(out.starts_with(b"PK\x03\x04"));
    if bulk.format().keeps_workbook() {
        super::zip::assert_same_parts_but(data, &out, width);
    }
    // Read back as it was opened: the same sheet, header row and title column.
    let column = super::zip::column_name(bulk.title_column());
    let options = Options {
        sheet: Some(if bulk.format().keeps_workbook() {
            bulk.sheet().to_string()
        } else {
            out_sheet_name(&out)
        }),
        column: Some(column),
        header: bulk.header_row().map_or(Header::None, |_| Header::Find),
        ..Options::default()
    };
    let mut options = options;
    if let (Some(row), true) = (bulk.header_row(), bulk.format().keeps_workbook()) {
        options.header = Header::Row(row);
    }
    let again = Bulk::open(&out[..], "out.xlsx", &options, matcher().clone())
        .unwrap_or_else(|e| panic!("XLSX output reads back: {e}"));
    assert_eq!(again.rows(), bulk.rows(), "rows in = rows out");
    assert_eq!(again.title_column(), bulk.title_column());
    // rust_xlsxwriter writes the noncharacters U+FFFE and U+FFFF as `_xFFFE_` and `_xFFFF_`,
    // which calamine (0.32) does not decode: the one known difference, so compared as written.
    let titles = |b: &Bulk| -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for t in b.titles() {
            let title = t
                .title
                .replace('\u{FFFE}', "_xFFFE_")
                .replace('\u{FFFF}', "_xFFFF_");
            match out.iter_mut().find(|(seen, _)| *seen == title) {
                Some((_, rows)) => *rows += t.rows,
                None => out.push((title, t.rows)),
            }
        }
        out
    };
    assert_eq!(titles(&again), titles(bulk), "titles read back");
}

/// The name of the one sheet of a workbook the clean wrote anew.
fn out_sheet_name(xlsx: &[u8]) -> String {
    use calamine::Reader as _;
    let book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("the output opens");
    book.sheet_names()[0].clone()
}
