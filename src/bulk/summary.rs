//! The workforce summary of a cleaned sheet: headcount (and FTE, when the sheet has an FTE
//! column) by standard role and band, with each line's rows by match status, decided by a
//! person, and by `code_check`, and a total. The record of the support workforce the HASKE evaluation asks
//! trusts to keep, written as CSV or as an XLSX of one sheet.

use super::cell::Value;
use super::columns::Appended;
use super::csv::GridCsv;
use super::workbook::{self, Shape};
use crate::error::Error;
use crate::result::{CodeCheck, MatchResult, Status};
use crate::vocab::{Level, Profession};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The workforce summary ([`crate::Bulk::workforce`]): one line a standard role and band, in
/// the order of professions and levels, then the rows with no role, then the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Workforce {
    /// One line a role and band; the rows with no standard role last.
    pub lines: Vec<Line>,
    /// Every row of the sheet.
    pub total: Line,
    /// Whether an FTE column was read (`fte` is 0 throughout when not).
    pub has_fte: bool,
    /// Whether an occupation code column was read (the code counts are 0 when not).
    pub has_code: bool,
}

/// Rows that share a standard role and band.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Line {
    /// The standard role's id; `None` for rows with no role, and in the total.
    pub role_id: Option<String>,
    /// The standard role's title (`No standard role` for rows with none, `All rows` in the
    /// total).
    pub role_title: Option<String>,
    /// The profession's id.
    pub profession: Option<&'static str>,
    /// The level's id.
    pub level: Option<&'static str>,
    /// The band (the lower end of a stated range).
    pub band: Option<u8>,
    /// Rows.
    pub headcount: usize,
    /// The rows' FTE summed (cells that are not a number from 0 to 10 count nothing).
    pub fte: f64,
    /// Rows `matched`.
    pub matched: usize,
    /// Rows to `review`.
    pub review: usize,
    /// Rows `no-match`.
    pub no_match: usize,
    /// Rows a person's decision settled (`decided_by` = `person`).
    pub decided_by_person: usize,
    /// Rows whose recorded occupation code agrees with the role.
    pub code_agrees: usize,
    /// Rows whose recorded occupation code differs from the role.
    pub code_differs: usize,
}

impl Line {
    fn add(&mut self, result: &MatchResult, rows: usize, fte: f64) {
        self.headcount += rows;
        self.fte += fte;
        match result.status {
            Status::Matched => self.matched += rows,
            Status::Review => self.review += rows,
            Status::NoMatch => self.no_match += rows,
        }
        if result.decided_by_person() {
            self.decided_by_person += rows;
        }
        match result.code_check {
            Some(CodeCheck::Agrees) => self.code_agrees += rows,
            Some(CodeCheck::Differs) => self.code_differs += rows,
            None => {}
        }
    }
}

/// The summary of rows in groups that share a result: each group's result, its rows and their
/// FTE. Cost: one step a group, and a map of the distinct roles and bands.
/// The workforce summary being added up, a group of rows at a time (a file's, or a streamed
/// file's segment after segment).
#[derive(Debug, Default)]
pub(super) struct Tally {
    lines: BTreeMap<(u8, u8, u8), Line>,
    total: Line,
}

impl Tally {
    /// Counts `rows` rows of `result` and their `fte`.
    pub(super) fn add(&mut self, result: &MatchResult, rows: usize, fte: f64) {
        let place = |i: Option<usize>| i.map_or(u8::MAX, |i| i as u8);
        let role = result.role.as_ref();
        let band = result.band.as_ref().map(|b| b.value);
        let key = (
            place(role.and_then(|r| Profession::ALL.iter().position(|p| *p == r.profession))),
            place(role.and_then(|r| Level::ALL.iter().position(|l| *l == r.level))),
            band.unwrap_or(u8::MAX),
        );
        let line = self.lines.entry(key).or_insert_with(|| Line {
            role_id: role.map(|r| r.id.clone()),
            role_title: Some(role.map_or("No standard role", |r| r.title.as_str()).into()),
            profession: role.map(|r| r.profession.id()),
            level: role.map(|r| r.level.id()),
            band,
            ..Line::default()
        });
        line.add(result, rows, fte);
        self.total.add(result, rows, fte);
    }

    /// The summary: a line a role and band (rows with no role last), and the total.
    pub(super) fn finish(self, has_fte: bool, has_code: bool) -> Workforce {
        Workforce {
            lines: self.lines.into_values().collect(),
            total: Line {
                role_title: Some("All rows".into()),
                ..self.total
            },
            has_fte,
            has_code,
        }
    }
}

impl Workforce {
    /// The column names: the role, profession, level and band, `headcount`, `fte` (with an FTE
    /// column), the rows by status, then by `code_check` (with a code column).
    pub fn names(&self) -> Vec<&'static str> {
        let mut names = vec![
            "standard_role_id",
            "standard_role_title",
            "profession",
            "level",
            "band",
            "headcount",
        ];
        if self.has_fte {
            names.push("fte");
        }
        names.extend(["matched", "review", "no_match", "decided_by_person"]);
        if self.has_code {
            names.extend(["code_agrees", "code_differs"]);
        }
        names
    }

    /// The table: the names, each line, then the total.
    fn table(&self) -> Vec<Vec<Value<'_>>> {
        let names = self
            .names()
            .into_iter()
            .map(|n| Value::Text(Cow::Borrowed(n)));
        let mut table = vec![names.collect()];
        for line in self.lines.iter().chain([&self.total]) {
            let text =
                |s: Option<&str>| s.map_or(Value::Empty, |s| Value::Text(Cow::Owned(s.into())));
            let count = |n: usize| Value::Number(n as f64);
            let mut row = vec![
                text(line.role_id.as_deref()),
                text(line.role_title.as_deref()),
                text(line.profession),
                text(line.level),
                line.band
                    .map_or(Value::Empty, |b| Value::Number(f64::from(b))),
                count(line.headcount),
            ];
            if self.has_fte {
                row.push(Value::Decimal2(line.fte));
            }
            row.extend([
                count(line.matched),
                count(line.review),
                count(line.no_match),
                count(line.decided_by_person),
            ]);
            if self.has_code {
                row.extend([count(line.code_agrees), count(line.code_differs)]);
            }
            table.push(row);
        }
        table
    }

    /// The summary as comma-separated UTF-8 CSV with CRLF line ends (as Excel saves CSV).
    pub fn to_csv(&self) -> Vec<u8> {
        let table = self.table();
        let mut out = Vec::new();
        nothing_appended(table.len(), |appended| {
            let mut csv = GridCsv::new(appended, None, table[0].len(), &mut out);
            // Writing to a Vec cannot fail.
            for row in &table {
                let _ = csv.row(row);
            }
            let _ = csv.finish();
        });
        out
    }

    /// The summary as an XLSX workbook of one sheet, `Workforce` (counts as numbers, FTE to two
    /// decimals).
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        let table = self.table();
        let shape = Shape {
            rows: table.len(),
            header: None,
            width: table[0].len(),
        };
        nothing_appended(table.len(), |appended| {
            workbook::write("Workforce", shape, table.into_iter(), appended, "summary")
        })
    }
}

/// Runs `f` with no columns to append to `rows` rows (the sheet writers' input for a table that
/// is written as it is).
fn nothing_appended<R>(rows: usize, f: impl FnOnce(&Appended<'_, Vec<Value<'static>>>) -> R) -> R {
    let of_row = vec![0; rows];
    let cells = [Vec::new()];
    f(&Appended {
        names: &[],
        cells: &cells,
        of_row: &of_row,
    })
}
