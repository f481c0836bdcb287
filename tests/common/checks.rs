//! What must hold for any input: the checks every fuzz target runs on each input, and that
//! `tests/fuzz_regressions.rs` runs again on stable over the inputs the fuzzers found. Each
//! function panics, with the broken invariant, when one fails; a clean error is not a failure.

use role_standardiser::bulk::Bulk;
use role_standardiser::csv::{detect_delimiter, Reader};
use role_standardiser::sheet::{neutralise, Format, MAX_XLSX_COLUMNS, MAX_XLSX_ROWS};
use role_standardiser::text::decode;
use role_standardiser::{BandSource, MatchResult, Matcher, Status};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The built-in matcher, built once per process.
pub fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher::builtin().expect("the built-in mappings are valid"))
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
        let index = matcher.taxonomy().find(&role.id).expect("a known role");
        assert_eq!(matcher.taxonomy().role(index).title, role.title);
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
        assert!(matcher.taxonomy().find(&alt.role.id).is_some());
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
    assert_eq!(r.input, title);
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
    assert_eq!(m.normalised(&text), r.explanation.normalised);

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
    for entry in m.local().entries() {
        assert!(!entry.normalised.is_empty());
        let r = m.match_title(&entry.title);
        check_result(&m, &entry.title, &r);
        assert_eq!(r.status, Status::Matched, "{entry:?}");
        assert_eq!(r.confidence, 1.0);
        let role = r.role.as_ref().expect("a role");
        assert_eq!(role.id, m.taxonomy().role(entry.role).id, "{entry:?}");
        let band = r.band.expect("a band");
        match (band.source, entry.band) {
            (BandSource::Stated, _) => {}
            (BandSource::Local, Some(b)) => assert_eq!(band.value, b),
            (BandSource::Typical, None) => {
                assert_eq!(band.value, m.taxonomy().role(entry.role).band)
            }
            other => panic!("band {other:?} for {entry:?}"),
        }
    }
    let written = m.local().to_csv(m.taxonomy());
    let again = matcher()
        .clone()
        .with_local_csv(&written, "written.csv")
        .unwrap_or_else(|e| panic!("written mappings read back: {e}\n{written}"));
    let key = |m: &Matcher| -> Vec<(String, String, Option<u8>)> {
        m.local()
            .entries()
            .iter()
            .map(|e| (e.title.clone(), e.normalised.clone(), e.band))
            .collect()
    };
    assert_eq!(key(&m), key(&again), "round trip of\n{written}");
    let roles =
        |m: &Matcher| -> Vec<usize> { m.local().entries().iter().map(|e| e.role).collect() };
    assert_eq!(roles(&m), roles(&again));
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

/// The eight appended cells of a result as CSV text (see `bulk::appended_values`).
fn appended_text(r: &MatchResult) -> [String; 8] {
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
            }
            .to_string()
        }),
        r.status.id().to_string(),
        format!("{:.2}", r.confidence),
    ]
}

/// Fuzz target `sheet`: the bytes as a file given to the bulk clean. Either a clean error, or a
/// sheet whose every sheet opens or fails cleanly, whose titles count every row, which matches to
/// completion in steps, and whose CSV output has one record per row in order with every original
/// cell (neutralised) and the right appended cells; and whose XLSX output, if it can be written,
/// reads back with the same rows and titles.
pub fn sheet(data: &[u8]) {
    let mut bulk = match Bulk::open(data, "in.csv", None, matcher().clone()) {
        Ok(bulk) => bulk,
        Err(e) => return assert_names_file(&e.to_string(), "in.csv"),
    };
    let xlsx = data.starts_with(b"PK\x03\x04");
    assert_eq!(bulk.format(), if xlsx { Format::Xlsx } else { Format::Csv });
    assert!(bulk.sheets().iter().any(|s| s == bulk.sheet()));
    for name in bulk.sheets().iter().take(4) {
        if let Err(e) = Bulk::open(data, "in.csv", Some(name), matcher().clone()) {
            assert!(e.to_string().starts_with("in.csv"), "{e}");
        }
    }
    assert!(bulk.title_column() < bulk.header().len());
    let rows = bulk.rows();
    assert_eq!(bulk.titles().iter().map(|t| t.rows).sum::<usize>(), rows);
    assert_eq!(bulk.distinct_count(), bulk.titles().len());

    let mut done = 0;
    while !bulk.is_done() {
        let now = bulk.match_next(7);
        assert!(now > done && now <= bulk.distinct_count(), "progress");
        done = now;
    }
    for (title, r) in bulk.titles().iter().zip(bulk.results()) {
        check_result(bulk.matcher(), &title.title, r);
    }
    let summary = bulk.summary();
    assert_eq!(summary.rows, rows);
    assert_eq!(summary.matched + summary.review + summary.no_match, rows);

    let width = check_csv_output(&bulk, data);
    check_xlsx_output(&bulk, width);
}

/// Checks the CSV output; returns the sheet's width (columns before the appended ones).
fn check_csv_output(bulk: &Bulk, data: &[u8]) -> usize {
    let out = bulk.to_csv().expect("CSV output once matched");
    let out = String::from_utf8(out).expect("CSV output is UTF-8");
    let delimiter = match bulk.format() {
        Format::Csv => detect_delimiter(&out),
        Format::Xlsx => b',',
    };
    let records: Vec<Vec<String>> = Reader::new(&out, delimiter, "out")
        .map(|r| r.map(|r| r.fields.into_iter().map(String::from).collect()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("CSV output reads back: {e}"));
    assert_eq!(records.len(), bulk.rows() + 1, "rows in = rows out");
    let width = records[0].len() - 8;
    assert!(
        records.iter().all(|r| r.len() == width + 8),
        "every row padded to one width"
    );
    assert!(width >= bulk.header().len());

    // Each row's title cell (neutralised) and appended cells belong to one title, and each
    // title is on as many rows as it was counted on.
    let column = bulk.title_column();
    let mut by_cell: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, t) in bulk.titles().iter().enumerate() {
        by_cell
            .entry(neutralise(&t.title).into_owned())
            .or_default()
            .push(i);
    }
    let mut counts = vec![0usize; bulk.titles().len()];
    for record in &records[1..] {
        let candidates = by_cell
            .get(&record[column])
            .unwrap_or_else(|| panic!("title cell {:?} is no title", record[column]));
        let i = *candidates
            .iter()
            .find(|&&i| appended_text(&bulk.results()[i])[..] == record[width..])
            .unwrap_or_else(|| panic!("appended cells of {:?}", record[column]));
        counts[i] += 1;
    }
    let mut want: HashMap<String, usize> = HashMap::new();
    let mut got: HashMap<String, usize> = HashMap::new();
    for (i, t) in bulk.titles().iter().enumerate() {
        *want.entry(neutralise(&t.title).into_owned()).or_default() += t.rows;
        *got.entry(neutralise(&t.title).into_owned()).or_default() += counts[i];
    }
    assert_eq!(want, got, "rows per title");

    // A CSV's every original cell is in its place, neutralised, short rows padded.
    if bulk.format() == Format::Csv {
        let (text, _) = decode(data);
        let text = text.trim_start_matches('\u{feff}');
        let input: Vec<Vec<String>> = Reader::new(text, detect_delimiter(text), "in")
            .map(|r| r.map(|r| r.fields.into_iter().map(String::from).collect()))
            .collect::<Result<_, _>>()
            .expect("the input reads as it did when opened");
        assert_eq!(input.len(), records.len());
        assert_eq!(input[0], bulk.header());
        for (n, (a, b)) in input.iter().zip(&records).enumerate() {
            for (j, cell) in b[..width].iter().enumerate() {
                let want = a
                    .get(j)
                    .map_or(String::new(), |c| neutralise(c).into_owned());
                assert_eq!(*cell, want, "record {n}, field {j}");
            }
        }
    }
    width
}

fn check_xlsx_output(bulk: &Bulk, width: usize) {
    let out = match bulk.to_xlsx() {
        Ok(out) => out,
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.contains("cannot write the XLSX workbook")
                    || (bulk.rows() + 1 > MAX_XLSX_ROWS && message.contains("rows do not fit"))
                    || (width + 8 > MAX_XLSX_COLUMNS && message.contains("columns do not fit")),
                "{message}"
            );
            return;
        }
    };
    assert!(out.starts_with(b"PK\x03\x04"));
    let again = Bulk::open(&out, "out.xlsx", None, matcher().clone())
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
