//! Bulk cleaning of a spreadsheet exported as CSV: every row in, every row out, in order, with
//! its original text untouched and the standard role appended.
//!
//! Each distinct title is matched once: workforce exports repeat titles heavily.

use crate::csv::{detect_delimiter, write_field, Reader, Record};
use crate::error::{ErrorKind, MappingError};
use crate::matcher::Matcher;
use crate::result::{BandSource, MatchResult, Status};
use std::collections::HashMap;

/// The columns appended after all original columns, in this order (SPEC.md).
pub const APPENDED_COLUMNS: [&str; 8] = [
    "standard_role_id",
    "standard_role_title",
    "profession",
    "level",
    "band",
    "band_source",
    "match_status",
    "confidence",
];

/// Header names recognised as the title column, most likely first (compared in lower case with
/// punctuation as spaces).
const TITLE_HEADERS: [&str; 16] = [
    "job title",
    "job role name",
    "job role",
    "role title",
    "position title",
    "post title",
    "job title name",
    "title",
    "role",
    "position",
    "post",
    "occupation",
    "job",
    "designation",
    "job name",
    "role name",
];

/// What a clean did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CleanReport {
    /// Data rows read and written (the header not counted).
    pub rows: usize,
    /// Distinct titles matched.
    pub distinct: usize,
    /// Rows by status.
    pub matched: usize,
    /// Rows by status.
    pub review: usize,
    /// Rows by status.
    pub no_match: usize,
    /// The title column used (0-based) and its header.
    pub column: (usize, String),
    /// Lines of rows with fewer or more fields than the header (kept, padded where short).
    pub ragged: Vec<usize>,
}

/// Finds the title column from a header: a named column, else the likeliest title header.
pub fn find_title_column(header: &[String], named: Option<&str>) -> Result<usize, String> {
    let fold = |s: &str| {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
    if let Some(name) = named {
        let want = fold(name);
        return folded.iter().position(|h| *h == want).ok_or_else(|| {
            format!(
                "no column named `{name}`; the columns are: {}",
                header.join(", ")
            )
        });
    }
    TITLE_HEADERS
        .iter()
        .find_map(|t| folded.iter().position(|h| h == t))
        .or_else(|| folded.iter().position(|h| h.contains("title")))
        .ok_or_else(|| {
            format!(
                "no job title column found; name it with --column (the columns are: {})",
                header.join(", ")
            )
        })
}

/// The appended cells for one result, delimited, without a leading delimiter.
pub fn appended_cells(result: &MatchResult, delimiter: u8) -> String {
    let mut out = String::new();
    let role = result.role.as_ref();
    let band = result.band.as_ref();
    let cells: [&str; 8] = [
        role.map_or("", |r| r.id.as_str()),
        role.map_or("", |r| r.title.as_str()),
        role.map_or("", |r| r.profession.id()),
        role.map_or("", |r| r.level.id()),
        "",
        band.map_or("", |b| match b.source {
            BandSource::Stated => "stated",
            BandSource::Typical => "typical",
            BandSource::Local => "local",
        }),
        result.status.id(),
        "",
    ];
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(char::from(delimiter));
        }
        match i {
            4 => {
                if let Some(b) = band {
                    out.push(char::from(b'0' + b.value));
                }
            }
            7 => out.push_str(&format!("{:.2}", result.confidence)),
            _ => write_field(&mut out, cell, delimiter),
        }
    }
    out
}

/// Cleans CSV text (delimiter detected from the header) into `out`. `file` names the input in
/// errors; `column` names the title column, else it is found from the header.
pub fn clean_csv(
    matcher: &Matcher,
    text: &str,
    file: &str,
    column: Option<&str>,
    out: &mut String,
) -> Result<CleanReport, MappingError> {
    let delimiter = detect_delimiter(text.strip_prefix('\u{feff}').unwrap_or(text));
    let mut reader = Reader::new(text, delimiter, file);
    let text = reader.text();
    let header: Record = match reader.next() {
        Some(r) => r?,
        None => return Err(MappingError::new(file, 0, ErrorKind::Empty)),
    };
    if header.fields.iter().all(|f| f.trim().is_empty()) {
        return Err(MappingError::new(file, 1, ErrorKind::Empty));
    }
    let title_col = find_title_column(&header.fields, column)
        .map_err(|m| MappingError::new(file, 1, ErrorKind::Malformed(m)))?;
    // A first pass finds the widest row and any malformed record, so that a bad file fails
    // before anything is written; the second pass writes.
    let mut width = header.fields.len();
    let mut rows = 0usize;
    for record in reader {
        width = width.max(record?.fields.len());
        rows += 1;
    }
    let records = Reader::new(text, delimiter, file).skip(1).flatten();
    let mut report = CleanReport {
        column: (title_col, header.fields[title_col].clone()),
        ..CleanReport::default()
    };
    let d = char::from(delimiter);
    let terminator = if header.terminator.is_empty() {
        "\n"
    } else {
        header.terminator
    };
    out.reserve(text.len() + rows * 96);
    out.push_str(&text[header.raw.clone()]);
    for _ in header.fields.len()..width {
        out.push(d);
    }
    for name in APPENDED_COLUMNS {
        out.push(d);
        out.push_str(name);
    }
    out.push_str(terminator);

    let mut cache: HashMap<String, (String, Status)> = HashMap::new();
    for record in records {
        report.rows += 1;
        if record.fields.len() != header.fields.len() {
            report.ragged.push(record.line);
        }
        let title = record.fields.get(title_col).map_or("", |t| t.as_str());
        if !cache.contains_key(title) {
            let result = matcher.match_title(title);
            let cells = appended_cells(&result, delimiter);
            cache.insert(title.to_string(), (cells, result.status));
        }
        let (cells, status) = &cache[title];
        match status {
            Status::Matched => report.matched += 1,
            Status::Review => report.review += 1,
            Status::NoMatch => report.no_match += 1,
        }
        out.push_str(&text[record.raw.clone()]);
        for _ in record.fields.len()..width {
            out.push(d);
        }
        out.push(d);
        out.push_str(cells);
        out.push_str(if record.terminator.is_empty() {
            terminator
        } else {
            record.terminator
        });
    }
    report.distinct = cache.len();
    Ok(report)
}
