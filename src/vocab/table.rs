//! The reader of mapping files: a CSV with a header row, cells found by (case-insensitive) column
//! name, and errors that name the file and line. Every file in `mappings/` and every local mappings
//! file is read through it.

use crate::csv::{read_all, TextRecord as Record};
use crate::error::{Error, ErrorKind};
use std::collections::HashMap;

/// A parsed mappings file with a header: column lookup by (case-insensitive) name.
pub(crate) struct Table<'a> {
    file: &'a str,
    columns: Vec<String>,
    pub(crate) rows: Vec<Record<'a>>,
}

impl<'a> Table<'a> {
    pub(crate) fn new(text: &'a str, file: &'a str) -> Result<Table<'a>, Error> {
        let mut records = read_all(text, file)?.into_iter();
        let header = records
            .next()
            .ok_or_else(|| Error::new(file, 0, ErrorKind::Empty))?;
        Ok(Table {
            file,
            columns: header
                .fields
                .iter()
                .map(|c| c.trim().to_ascii_lowercase())
                .collect(),
            rows: records.collect(),
        })
    }

    pub(crate) fn require_columns(&self, names: &[&str]) -> Result<(), Error> {
        match names.iter().find(|n| !self.columns.iter().any(|c| c == *n)) {
            Some(n) => Err(Error::new(
                self.file,
                1,
                ErrorKind::MissingColumn((*n).into()),
            )),
            None => Ok(()),
        }
    }

    pub(crate) fn get<'r>(&self, row: &'r Record<'a>, column: &str) -> Option<&'r str> {
        let i = self.columns.iter().position(|c| c == column)?;
        row.fields.get(i).map(|v| v.trim())
    }

    pub(crate) fn required<'r>(&self, row: &'r Record<'a>, column: &str) -> Result<&'r str, Error> {
        self.require_columns(&[column])?;
        match self.get(row, column) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(self.error(row, ErrorKind::BlankCell(column.into()))),
        }
    }

    /// An optional band-like number from 1 to 9.
    pub(crate) fn band(&self, row: &Record<'a>, column: &str) -> Result<Option<u8>, Error> {
        match self.get(row, column) {
            None | Some("") => Ok(None),
            Some(v) => match v.parse::<u8>() {
                Ok(b @ 1..=9) => Ok(Some(b)),
                _ => Err(self.error(
                    row,
                    ErrorKind::BadNumber {
                        column: column.into(),
                        value: v.into(),
                    },
                )),
            },
        }
    }

    /// A span of bands written `2-3` that holds `band` (an empty cell is none). Fails on
    /// anything else.
    pub(crate) fn band_span(
        &self,
        row: &Record<'a>,
        column: &str,
        band: u8,
    ) -> Result<Option<(u8, u8)>, Error> {
        let v = match self.get(row, column) {
            None | Some("") => return Ok(None),
            Some(v) => v,
        };
        let span = v.split_once('-').and_then(|(lo, hi)| {
            let (lo, hi) = (lo.trim().parse::<u8>().ok()?, hi.trim().parse::<u8>().ok()?);
            (1 <= lo && lo < hi && hi <= 9 && (lo..=hi).contains(&band)).then_some((lo, hi))
        });
        span.map(Some).ok_or_else(|| {
            let kind = ErrorKind::BadNumber {
                column: format!("{column} (bands such as 2-3, holding the band {band})"),
                value: v.into(),
            };
            self.error(row, kind)
        })
    }

    /// Records the line a key is first seen on; a second sighting is a `Duplicate` error.
    pub(crate) fn first_sighting<K: std::hash::Hash + Eq>(
        &self,
        seen: &mut HashMap<K, usize>,
        key: K,
        shown: &str,
        row: &Record<'a>,
    ) -> Result<(), Error> {
        match seen.get(&key) {
            Some(&first_line) => Err(self.error(
                row,
                ErrorKind::Duplicate {
                    key: shown.into(),
                    first_line,
                },
            )),
            None => {
                seen.insert(key, row.line);
                Ok(())
            }
        }
    }

    pub(crate) fn error(&self, row: &Record<'a>, kind: ErrorKind) -> Error {
        Error::new(self.file, row.line, kind)
    }
}
