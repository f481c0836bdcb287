//! Cleaning a sheet, the last stage of the flow, behind both the command line's `clean` and the
//! browser's bulk page: open a spreadsheet (`guard`, `decode`, then `csv` or `xlsx` under one
//! `table`), find the title column (`columns`), match each distinct title once (a few at a time,
//! so a page can show progress and stop), and write every original row and column back, in
//! order, with the SPEC columns appended (`cell` values). Built with the `xlsx` feature.
//!
//! ```
//! use role_standardiser::{Bulk, Matcher};
//!
//! let csv = b"Name,Job Title\nAda,Physio Asst B3\nBo,Porter\nCy,Physio Asst B3\n";
//! let mut bulk = Bulk::open(csv, "staff.csv", None, Matcher::builtin())?;
//! assert_eq!((bulk.rows(), bulk.distinct_count()), (3, 2));
//! while bulk.match_next(1) < bulk.distinct_count() {} // one title a step: report progress here
//! let out = String::from_utf8(bulk.to_csv()?).unwrap_or_default();
//! assert!(out.starts_with("Name,Job Title,standard_role_id,"));
//! assert_eq!(bulk.summary().matched, 2);
//! # Ok::<(), role_standardiser::Error>(())
//! ```

mod cell;
mod columns;
mod csv;
mod decode;
mod guard;
mod table;
mod xlsx;

pub use decode::decode;
pub use guard::MAX_INPUT_BYTES;
pub use table::Format;

use crate::error::{Error, ErrorKind};
use crate::matcher::Matcher;
use crate::result::{MatchResult, Status};
use cell::Value;
use columns::{appended_values, find_title_column, Appended, APPENDED_COLUMNS};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use table::Table;

/// A distinct title, the number of rows that carry it, and its result once matched.
#[derive(Debug, Clone, Serialize)]
pub struct Title {
    /// The title as written in the sheet.
    pub title: String,
    /// Data rows with this title.
    pub rows: usize,
}

/// Row counts over the titles matched so far (each title weighted by its rows).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// All data rows in the sheet, matched or not yet.
    pub rows: usize,
    /// Rows whose title is `matched`.
    pub matched: usize,
    /// Rows whose title is `review`.
    pub review: usize,
    /// Rows whose title is `no-match`.
    pub no_match: usize,
    /// Rows by profession id; rows with no role (`no-match`) are left out.
    pub by_profession: BTreeMap<String, usize>,
    /// Rows by band (`"2"` to `"9"`); rows with no band are left out.
    pub by_band: BTreeMap<String, usize>,
}

/// A spreadsheet being cleaned. Holds the table, the matcher, the distinct titles of the title
/// column in first-seen order and the results matched so far.
///
/// Memory: the table (for CSV, the decoded text plus about 20 bytes a row), 4 bytes a row for its
/// title's index, and one result per distinct title.
#[derive(Debug)]
pub struct Bulk {
    table: Table,
    matcher: Matcher,
    column: usize,
    titles: Vec<Title>,
    row_title: Vec<u32>,
    results: Vec<MatchResult>,
    /// Appended cells per matched title.
    cells: Vec<[Value<'static>; 8]>,
}

impl Bulk {
    /// Opens CSV or XLSX bytes (format by content; `sheet` picks an XLSX sheet, else the first)
    /// and finds the title column from the header. `file` names the input in messages.
    pub fn open(
        bytes: &[u8],
        file: &str,
        sheet: Option<&str>,
        matcher: Matcher,
    ) -> Result<Bulk, Error> {
        Bulk::open_with_column(bytes, file, sheet, None, matcher)
    }

    /// Like [`Bulk::open`], with the title column named (`None`: found from the header).
    pub fn open_with_column(
        bytes: &[u8],
        file: &str,
        sheet: Option<&str>,
        column: Option<&str>,
        matcher: Matcher,
    ) -> Result<Bulk, Error> {
        let table = Table::open(bytes, file, sheet)?;
        let column = find_title_column(table.header(), column, file)?;
        let mut bulk = Bulk {
            table,
            matcher,
            column,
            titles: Vec::new(),
            row_title: Vec::new(),
            results: Vec::new(),
            cells: Vec::new(),
        };
        bulk.find_titles();
        Ok(bulk)
    }

    /// The header of a file's sheet (the first unless `sheet` is named), matching nothing: the
    /// columns to choose the title column from when it cannot be found by its name.
    pub fn read_header(
        bytes: &[u8],
        file: &str,
        sheet: Option<&str>,
    ) -> Result<Vec<String>, Error> {
        Table::open(bytes, file, sheet).map(|table| table.header().to_vec())
    }

    fn find_titles(&mut self) {
        let mut seen: HashMap<String, u32> = HashMap::new();
        let mut titles = Vec::new();
        let mut row_title = Vec::with_capacity(self.table.rows());
        self.table.for_each_in_column(self.column, |t| {
            let i = match seen.get(t) {
                Some(&i) => i,
                None => {
                    let i = titles.len() as u32;
                    seen.insert(t.to_string(), i);
                    titles.push(Title {
                        title: t.to_string(),
                        rows: 0,
                    });
                    i
                }
            };
            titles[i as usize].rows += 1;
            row_title.push(i);
        });
        self.titles = titles;
        self.row_title = row_title;
        self.reset();
    }

    fn reset(&mut self) {
        self.results.clear();
        self.cells.clear();
    }

    /// CSV or XLSX.
    pub fn format(&self) -> Format {
        self.table.format()
    }

    /// Sheet names (a CSV has one, its file name).
    pub fn sheets(&self) -> &[String] {
        self.table.sheets()
    }

    /// The sheet in use.
    pub fn sheet(&self) -> &str {
        self.table.sheet()
    }

    /// The header cells as text.
    pub fn header(&self) -> &[String] {
        self.table.header()
    }

    /// Data rows (the header not counted).
    pub fn rows(&self) -> usize {
        self.table.rows()
    }

    /// 1-based lines of CSV rows whose width differs from the header's (kept, padded).
    pub fn ragged(&self) -> Vec<usize> {
        self.table.ragged()
    }

    /// The title column, 0-based.
    pub fn title_column(&self) -> usize {
        self.column
    }

    /// Uses another title column (0-based): the distinct titles are found again and matching
    /// starts over. Fails when there is no such column.
    pub fn set_title_column(&mut self, column: usize) -> Result<(), Error> {
        let columns = self.header().len();
        if column >= columns {
            let kind = ErrorKind::ColumnOutOfRange { column, columns };
            return Err(Error::new(self.sheet(), 0, kind));
        }
        self.column = column;
        self.find_titles();
        Ok(())
    }

    /// Distinct titles of the title column, first seen first, with their row counts.
    pub fn titles(&self) -> &[Title] {
        &self.titles
    }

    /// How many distinct titles there are.
    pub fn distinct_count(&self) -> usize {
        self.titles.len()
    }

    /// Results of the titles matched so far, in the order of [`Bulk::titles`].
    pub fn results(&self) -> &[MatchResult] {
        &self.results
    }

    /// Matches up to `n` more distinct titles (about 10 µs each natively); returns how many are
    /// done. Matching is finished when this equals [`Bulk::distinct_count`].
    pub fn match_next(&mut self, n: usize) -> usize {
        let from = self.results.len();
        let to = from.saturating_add(n).min(self.titles.len());
        for title in &self.titles[from..to] {
            let result = self.matcher.match_title(&title.title);
            self.cells.push(appended_values(&result));
            self.results.push(result);
        }
        self.results.len()
    }

    /// True once every distinct title is matched.
    pub fn is_done(&self) -> bool {
        self.results.len() == self.titles.len()
    }

    /// Swaps in another matcher (for example with new local mappings); matching starts over.
    pub fn set_matcher(&mut self, matcher: Matcher) {
        self.matcher = matcher;
        self.reset();
    }

    /// The matcher in use.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Row counts over the titles matched so far.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            rows: self.rows(),
            ..Summary::default()
        };
        for (title, r) in self.titles.iter().zip(&self.results) {
            let n = title.rows;
            match r.status {
                Status::Matched => s.matched += n,
                Status::Review => s.review += n,
                Status::NoMatch => s.no_match += n,
            }
            if let Some(role) = &r.role {
                *s.by_profession
                    .entry(role.profession.id().to_string())
                    .or_default() += n;
            }
            if let Some(band) = &r.band {
                *s.by_band.entry(band.value.to_string()).or_default() += n;
            }
        }
        s
    }

    fn finished(&self) -> Result<(), Error> {
        if self.is_done() {
            return Ok(());
        }
        let (done, total) = (self.results.len(), self.titles.len());
        Err(Error::new(
            self.sheet(),
            0,
            ErrorKind::NotFinished { done, total },
        ))
    }

    /// The cleaned sheet as CSV: every row in order, original cells untouched except that cells a
    /// spreadsheet would run as formulas (starting `=`, `+`, `-`, `@`, a tab or a carriage return,
    /// unless a plain number) get a leading `'`, the SPEC columns appended. Fails until matching
    /// is finished.
    pub fn to_csv(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.finished()?;
        // Writing to a Vec cannot fail.
        let _ = self.table.write_csv(&self.appended(), &mut out);
        Ok(out)
    }

    /// Writes the cleaned sheet as CSV to `w` as [`Bulk::to_csv`] does, a row at a time, without
    /// holding the output in memory. Fails until matching is finished, or when `w` fails.
    pub fn write_csv(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.finished().map_err(std::io::Error::other)?;
        self.table.write_csv(&self.appended(), w)
    }

    fn appended(&self) -> Appended<'_, [Value<'static>; 8]> {
        Appended {
            names: &APPENDED_COLUMNS,
            cells: &self.cells,
            of_row: &self.row_title,
        }
    }

    /// The cleaned sheet as an XLSX workbook: cells keep their types, the SPEC columns appended
    /// (band and confidence as numbers). Fails until matching is finished, or over Excel's limit
    /// of 1,048,576 rows.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        self.finished()?;
        self.table.to_xlsx(&self.appended())
    }
}
