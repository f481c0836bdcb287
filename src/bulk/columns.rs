//! The columns of a clean: the title column found from a sheet's header, and the columns appended
//! after the original ones with the values each result gives them.

use super::cell::Value;
use crate::error::{Error, ErrorKind};
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

/// Finds the title column of `file` from its header: the column `named`, else the likeliest
/// title header.
pub(super) fn find_title_column(
    header: &[String],
    named: Option<&str>,
    file: &str,
) -> Result<usize, Error> {
    let fold = |s: &str| {
        s.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let folded: Vec<String> = header.iter().map(|h| fold(h)).collect();
    let columns = || header.to_vec();
    if let Some(name) = named {
        let want = fold(name);
        return folded.iter().position(|h| *h == want).ok_or_else(|| {
            let name = name.to_string();
            Error::new(
                file,
                1,
                ErrorKind::NoSuchColumn {
                    name,
                    columns: columns(),
                },
            )
        });
    }
    TITLE_HEADERS
        .iter()
        .find_map(|t| folded.iter().position(|h| h == t))
        .or_else(|| folded.iter().position(|h| h.contains("title")))
        .ok_or_else(|| Error::new(file, 1, ErrorKind::NoTitleColumn { columns: columns() }))
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

/// The eight appended values of a result, in the order of [`APPENDED_COLUMNS`].
pub(super) fn appended_values(result: &MatchResult) -> [Value<'static>; 8] {
    let text = |s: Option<&str>| s.map_or(Value::Empty, |s| Value::Text(Cow::Owned(s.into())));
    let role = result.role.as_ref();
    let band = result.band.as_ref();
    [
        text(role.map(|r| r.id.as_str())),
        text(role.map(|r| r.title.as_str())),
        text(role.map(|r| r.profession.id())),
        text(role.map(|r| r.level.id())),
        band.map_or(Value::Empty, |b| Value::Number(f64::from(b.value))),
        text(band.map(|b| match b.source {
            BandSource::Stated => "stated",
            BandSource::Typical => "typical",
            BandSource::Local => "local",
        })),
        text(Some(result.status.id())),
        Value::Decimal2(result.confidence),
    ]
}
