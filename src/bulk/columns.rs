//! The columns of a clean: where the table starts (its header row, below any report-title rows,
//! or none), which column holds the job titles, and the columns appended after the original ones
//! with the values each result gives them.
//!
//! The title column is scored on its header (`Position Title` over `Job Role` over a header that
//! merely contains a title word) and on its content: the share of its first cells that the engine
//! reads as job titles. A column of honorifics (`Mr`, `Mrs`) is never the title column, whatever
//! its header.

use super::cell::Value;
use crate::error::{Error, ErrorKind};
use crate::matcher::Matcher;
use crate::result::{BandSource, MatchResult};
use std::borrow::Cow;

/// The columns appended after all original columns, in this order (SPEC.md).
pub(super) const APPENDED_COLUMNS: [&str; 8] = [
    "standard_role_id",
    "standard_role_title",
    "profession",
    "level",
    "band",
    "band_source",
    "match_status",
    "confidence",
];

/// Appended after [`APPENDED_COLUMNS`] always (SPEC.md), then `code_check` when an occupation
/// code column is read and `context` when any context column is.
pub(super) const MORE_COLUMNS: [&str; 3] = ["nhs_occupation_code", "soc2020", "decided_by"];

/// The appended columns' names: the SPEC's eight and three, then `code_check` and `context` as
/// the sheet has them.
pub(super) fn appended_names(code: bool, context: bool) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = APPENDED_COLUMNS
        .iter()
        .chain(&MORE_COLUMNS)
        .copied()
        .collect();
    if code {
        names.push("code_check");
    }
    if context {
        names.push("context");
    }
    names
}

/// The width (in characters) an appended column gets in an edited workbook: room for the
/// header and a typical value.
pub(super) fn appended_width(name: &str) -> f64 {
    match name {
        "standard_role_id" => 34.0,
        "standard_role_title" => 40.0,
        "profession" | "level" => 24.0,
        "band" => 8.0,
        "band_source" => 13.0,
        "match_status" | "nhs_occupation_code" => 14.0,
        "context" => 40.0,
        _ => 12.0,
    }
}

/// How much a header says its column holds the job title (compared in lower case with
/// punctuation as spaces), best first.
const TITLE_HEADERS: [(&str, u32); 18] = [
    ("position title", 100),
    ("job title", 95),
    ("post title", 95),
    ("position name", 90),
    ("job title name", 90),
    ("role title", 85),
    ("post name", 85),
    ("job role", 60),
    ("job role name", 60),
    ("role", 50),
    ("position", 50),
    ("post", 45),
    ("occupation", 40),
    ("job", 40),
    ("designation", 40),
    ("job name", 40),
    ("role name", 40),
    ("title", 30),
];

/// Words of headers (of any column): a first row of them is a header, not data.
const HEADER_WORDS: [&str; 48] = [
    "title",
    "job",
    "role",
    "post",
    "position",
    "name",
    "number",
    "no",
    "id",
    "date",
    "department",
    "ward",
    "site",
    "band",
    "grade",
    "hours",
    "fte",
    "wte",
    "employee",
    "staff",
    "surname",
    "forename",
    "first",
    "last",
    "email",
    "phone",
    "location",
    "area",
    "team",
    "manager",
    "start",
    "end",
    "salary",
    "pay",
    "contract",
    "type",
    "status",
    "notes",
    "code",
    "occupation",
    "organisation",
    "directorate",
    "division",
    "cost",
    "centre",
    "assignment",
    "service",
    "group",
];

/// How many first rows are looked at to find the header, and how many data rows are sampled
/// to score a column's content.
pub(super) const HEADER_ROWS: usize = 30;
pub(super) const SAMPLE_ROWS: usize = 200;

/// Where the table is and which column holds the titles, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    /// The header row (0-based row of the sheet), or `None` when the first row is data.
    pub(super) header: Option<usize>,
    /// The title column, 0-based.
    pub(super) column: usize,
    /// Why, in a sentence.
    pub(super) reason: String,
}

/// How the header row is to be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeaderChoice {
    /// Found from the rows: the first row about as full as the data, unless it reads as data.
    Find,
    /// This 0-based row.
    Row(usize),
    /// No header: every row is data.
    None,
}

/// A header compared as words: lower case, punctuation as spaces.
pub(super) fn fold(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How much a header names the job title: the table above, or 80 for another header with the
/// word `title` and a word of a post (`Employee Job Title`), or 0 (a header that merely contains
/// the letters, `Annual Leave Entitlement`, is 0; so is a code or a date).
fn header_score(header: &str) -> u32 {
    let folded = fold(header);
    if let Some(&(_, score)) = TITLE_HEADERS.iter().find(|(h, _)| *h == folded) {
        return score;
    }
    let words: Vec<&str> = folded.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let not_a_title = [
        "code", "number", "no", "id", "date", "band", "grade", "start", "end",
    ];
    if not_a_title.iter().any(|w| has(w)) {
        return 0;
    }
    if has("title") && ["job", "post", "position", "role"].iter().any(|w| has(w)) {
        return 80;
    }
    0
}

fn is_honorific(cell: &str) -> bool {
    let c = cell.trim().trim_end_matches('.').to_ascii_lowercase();
    matches!(
        c.as_str(),
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "mx"
            | "dr"
            | "prof"
            | "professor"
            | "sir"
            | "dame"
            | "rev"
            | "lady"
            | "lord"
    )
}

/// A header cell's words are all header words, numbers aside, and one at least is
/// (`Employee Number`, `Surname`, `Position Title`, `Hours 2024`; not `37.5`).
fn reads_as_header(cell: &str) -> bool {
    let folded = fold(cell);
    let words = || folded.split(' ').filter(|w| !w.is_empty());
    let number = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    words().any(|w| HEADER_WORDS.contains(&w))
        && words().all(|w| HEADER_WORDS.contains(&w) || number(w))
}

/// Scores of each column with header row `header` (or none): its header's score, the share of
/// its first cells (up to [`SAMPLE_ROWS`]) that read as job titles, and how many it has. A column
/// of honorifics scores nothing.
fn scores(
    rows: &[Vec<String>],
    header: Option<usize>,
    matcher: &Matcher,
) -> Vec<(u32, f64, usize)> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let from = header.map_or(0, |h| h + 1).min(rows.len());
    (0..width)
        .map(|c| {
            let cells: Vec<&str> = rows[from..]
                .iter()
                .filter_map(|r| r.get(c).map(String::as_str))
                .filter(|s| !s.trim().is_empty())
                .take(SAMPLE_ROWS)
                .collect();
            let honorific = cells.iter().filter(|s| is_honorific(s)).count();
            if !cells.is_empty() && honorific * 2 >= cells.len() {
                return (0, 0.0, cells.len());
            }
            let jobs = cells.iter().filter(|s| matcher.names_a_job(s)).count();
            let share = if cells.is_empty() {
                0.0
            } else {
                jobs as f64 / cells.len() as f64
            };
            let named = header
                .and_then(|h| rows.get(h)?.get(c))
                .map_or(0, |n| header_score(n));
            (named, share, cells.len())
        })
        .collect()
}

/// The best title column of `scores`, of the columns whose header names the title or whose cells
/// are 30% job titles or more: a header naming the job title (80 and up) first, then the header
/// score plus 100 times the share of job titles.
fn best(scores: &[(u32, f64, usize)]) -> Option<(usize, (u32, f64, usize))> {
    let total = |&(h, share, _): &(u32, f64, usize)| {
        let named = if h >= 80 { 1000.0 } else { 0.0 };
        named + f64::from(h) + 100.0 * share
    };
    (scores.iter().enumerate())
        .filter(|(_, &(h, share, n))| h >= 80 || (n > 0 && share >= 0.3))
        .max_by(|a, b| total(a.1).total_cmp(&total(b.1)).then(b.0.cmp(&a.0)))
        .map(|(c, &s)| (c, s))
}

/// The header row for `choice`: the one given, none, or found ([`find_header`]), except that a
/// found first row that reads as data (its best column's cell a job title, none of its cells a
/// header word) means the sheet has no header.
pub(super) fn header_row(
    rows: &[Vec<String>],
    choice: HeaderChoice,
    matcher: &Matcher,
) -> Option<usize> {
    match choice {
        HeaderChoice::Row(r) => Some(r),
        HeaderChoice::None => None,
        HeaderChoice::Find => {
            let found = find_header(rows);
            if found == Some(0) {
                if let Some((c, _)) = best(&scores(rows, None, matcher)) {
                    let first = &rows[0];
                    let data_like = first.get(c).is_some_and(|t| matcher.names_a_job(t))
                        && !first
                            .iter()
                            .any(|cell| reads_as_header(cell) || header_score(cell) > 0);
                    if data_like {
                        return None;
                    }
                }
            }
            found
        }
    }
}

/// The columns as a person names them, with header row `header`: the header cell, or
/// `column C` when it is blank or there is no header.
pub(super) fn column_labels(
    rows: &[Vec<String>],
    header: Option<usize>,
    width: usize,
) -> Vec<String> {
    let names = header.and_then(|h| rows.get(h));
    (0..width)
        .map(|c| match names.and_then(|r| r.get(c)).map(|n| n.trim()) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => format!("column {}", column_name(c)),
        })
        .collect()
}

/// Chooses the header row and the title column from the first rows of a sheet (`rows`, each
/// its cells as text), or checks the ones given (`named`: a header, a column letter `C` or
/// `column C`, looked for in the header row). `matcher` reads the cells of each candidate
/// column. Cost: a reading of up to [`SAMPLE_ROWS`] cells of each column.
pub(super) fn choose(
    rows: &[Vec<String>],
    choice: HeaderChoice,
    named: Option<&str>,
    matcher: &Matcher,
    file: &str,
) -> Result<Layout, Error> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let header = header_row(rows, choice, matcher);
    let labels = column_labels(rows, header, width);
    let header_names: Vec<String> = (0..width)
        .map(|c| {
            header
                .and_then(|h| rows.get(h)?.get(c).cloned())
                .unwrap_or_default()
        })
        .collect();
    if let Some(name) = named {
        let want = fold(name);
        let letter = name.trim().strip_prefix("column ").unwrap_or(name.trim());
        let found = (0..width)
            .find(|&c| !want.is_empty() && fold(&header_names[c]) == want)
            .or_else(|| (0..width).find(|&c| column_name(c).eq_ignore_ascii_case(letter)));
        return match found {
            Some(column) => Ok(Layout {
                header,
                column,
                reason: format!("`{}`: the column named", labels[column]),
            }),
            None => Err(Error::new(
                file,
                0,
                ErrorKind::NoSuchColumn {
                    name: name.to_string(),
                    columns: labels,
                },
            )),
        };
    }
    let Some((column, (h, share, n))) = best(&scores(rows, header, matcher)) else {
        return Err(Error::new(
            file,
            0,
            ErrorKind::NoTitleColumn { columns: labels },
        ));
    };
    let content = format!(
        "{:.0}% of its first {n} cells read as job titles",
        100.0 * share
    );
    let label = &labels[column];
    let reason = match (header, h) {
        (None, _) => format!("{label}: {content} (the sheet has no header row)"),
        (Some(_), h) if h > 0 => {
            format!("`{label}`: its header names the job title, and {content}")
        }
        _ => format!("`{label}`: {content}"),
    };
    Ok(Layout {
        header,
        column,
        reason,
    })
}

/// The header row, of the first [`HEADER_ROWS`] rows: the first with a cell naming the job title
/// (`Job Title`, `Position Title`) and two cells or more (or half as many as the rows under
/// it); else the first about as full as the rows under it (60%). A report's title and date rows
/// above the table, a cell or two each, are passed over.
fn find_header(rows: &[Vec<String>]) -> Option<usize> {
    let filled = |r: &Vec<String>| r.iter().filter(|c| !c.trim().is_empty()).count();
    let mut counts: Vec<usize> = rows.iter().skip(1).map(filled).filter(|&n| n > 0).collect();
    if counts.is_empty() {
        return rows.first().map(|_| 0);
    }
    counts.sort_unstable();
    // The lower median: with two rows under it, the shorter decides (a very wide row is rare).
    let typical = counts[(counts.len() - 1) / 2];
    let first = rows.iter().take(HEADER_ROWS);
    let named = |r: &Vec<String>| {
        let n = filled(r);
        (n >= 2 || 2 * n >= typical) && r.iter().any(|c| header_score(c) >= 80)
    };
    let needed = ((typical as f64 * 0.6).ceil() as usize).max(if typical >= 2 { 2 } else { 1 });
    (first.clone().position(named))
        .or_else(|| first.clone().position(|r| filled(r) >= needed))
        .or(Some(0))
}

/// A column's spreadsheet letter: 0 is `A`, 26 is `AA`.
pub(crate) fn column_name(mut c: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

/// Columns appended to a sheet: `names` after the header, and after data row `i` the cells
/// `cells[of_row[i]]`, so rows that share a title share one set of cells.
#[derive(Debug, Clone, Copy)]
pub(super) struct Appended<'a, C> {
    /// The appended column names.
    pub(super) names: &'a [&'a str],
    /// The distinct sets of appended cells.
    pub(super) cells: &'a [C],
    /// For each data row, the index of its cells.
    pub(super) of_row: &'a [u32],
}

impl<C: AsRef<[Value<'static>]>> Appended<'_, C> {
    /// The cells appended to data row `row`.
    pub(super) fn row(&self, row: usize) -> &[Value<'static>] {
        self.cells[self.of_row[row] as usize].as_ref()
    }
}

/// The appended values of a result, in the order of [`appended_names`] with `code` and
/// `context` as given.
pub(super) fn appended_values(
    result: &MatchResult,
    code: bool,
    context: bool,
) -> Vec<Value<'static>> {
    let text = |s: Option<&str>| s.map_or(Value::Empty, |s| Value::Text(Cow::Owned(s.into())));
    let role = result.role.as_ref();
    let band = result.band.as_ref();
    // A local mapping (a person's decision, on the page or in a mappings file) settled it.
    let person = result.decided_by_person();
    let mut values = vec![
        text(role.map(|r| r.id.as_str())),
        text(role.map(|r| r.title.as_str())),
        text(role.map(|r| r.profession.id())),
        text(role.map(|r| r.level.id())),
        band.map_or(Value::Empty, |b| Value::Number(f64::from(b.value))),
        text(band.map(|b| match b.source {
            BandSource::Stated => "stated",
            BandSource::Typical => "typical",
            BandSource::Local => "local",
            BandSource::Recorded => "recorded",
        })),
        text(Some(result.status.id())),
        Value::Decimal2(result.confidence),
        text(role.and_then(|r| r.nhs_occupation_code.as_deref())),
        text(role.and_then(|r| r.soc2020.as_deref())),
        text(Some(if person { "person" } else { "engine" })),
    ];
    if code {
        values.push(text(result.code_check.map(|c| c.id())));
    }
    if context {
        let cells = result.context.join("; ");
        values.push(text(Some(cells.as_str()).filter(|c| !c.is_empty())));
    }
    values
}
