//! Local mappings: a user's own titles, which win over the built-in reading.
//!
//! The format is a UTF-8 CSV with the header `title,role_id` and an optional third column `band`.
//! Titles are compared after the same normalisation as matching, their stated band included, so
//! `Physio Asst B3` and `PHYSIO ASSISTANT band 3` are one entry and `Support Worker B2` and
//! `Support Worker B3` two; a title written without a band matches any band. `role_id` `none`
//! records a title a person confirmed is out of scope. The command line, the WebAssembly API and
//! the widget all read and write this one format.

use super::table::Table;
use super::taxonomy::{RoleIndex, Taxonomy};
use crate::csv::{neutralise, unneutralise, write_field};
use crate::error::{Error, ErrorKind};
use std::collections::HashMap;

/// One local mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LocalEntry {
    /// The title as written in the file.
    pub(crate) title: String,
    /// The role it maps to; `None` for a title confirmed out of scope (`none`).
    pub(crate) role: Option<RoleIndex>,
    /// A band the mapping fixes, if any.
    pub(crate) band: Option<u8>,
    /// The line of the file it came from.
    pub(crate) line: usize,
    /// The title after normalisation with its stated band: the key it is found by ([`key`]).
    pub(crate) normalised: String,
}

/// The key of a normalised title and the band it states (lower end, and upper end of a range):
/// the title alone when it states none.
pub(crate) fn key(normalised: &str, band: Option<(u8, Option<u8>)>) -> String {
    match band {
        None => normalised.to_string(),
        Some((b, None)) => format!("{normalised}\u{1f}band {b}"),
        Some((b, Some(max))) => format!("{normalised}\u{1f}band {b}-{max}"),
    }
}

/// A set of local mappings keyed by normalised title.
#[derive(Debug, Clone, Default)]
pub struct LocalMappings {
    entries: Vec<LocalEntry>,
    by_key: HashMap<String, usize>,
}

impl LocalMappings {
    /// Parses a local mappings CSV. `normalise` is the matcher's normalisation, giving a title's
    /// normalised words and its stated band; a title that normalises to nothing, an unknown role
    /// or a bad band is an error naming the line, and so is a title (with its band) given twice
    /// with different roles.
    pub(crate) fn parse(
        csv: &str,
        file: &str,
        taxonomy: &Taxonomy,
        normalise: impl Fn(&str) -> (String, Option<(u8, Option<u8>)>),
    ) -> Result<LocalMappings, Error> {
        let (out, mut refused) = LocalMappings::parse_each(csv, file, taxonomy, normalise)?;
        match refused.is_empty() {
            true => Ok(out),
            false => Err(refused.swap_remove(0)),
        }
    }

    /// Parses a local mappings CSV as [`LocalMappings::parse`] does, but sets aside each row it
    /// refuses instead of failing: the mappings of the other rows, and an error for each row set
    /// aside (naming its line), in file order. Fails only when the file has no such table (no
    /// header, or no `title` or `role_id` column).
    pub(crate) fn parse_each(
        csv: &str,
        file: &str,
        taxonomy: &Taxonomy,
        normalise: impl Fn(&str) -> (String, Option<(u8, Option<u8>)>),
    ) -> Result<(LocalMappings, Vec<Error>), Error> {
        let table = Table::new(csv, file)?;
        table.require_columns(&["title", "role_id"])?;
        let mut out = LocalMappings::default();
        let mut refused = Vec::new();
        for row in &table.rows {
            let entry = (|| {
                // A title a spreadsheet would run as a formula is written with a `'` before it.
                let title = unneutralise(table.required(row, "title")?);
                let role_id = table.required(row, "role_id")?;
                let role = match role_id {
                    "none" => None,
                    id => Some(
                        taxonomy
                            .find(id)
                            .ok_or_else(|| table.error(row, ErrorKind::UnknownRole(id.into())))?,
                    ),
                };
                let band = table.band(row, "band")?;
                let (words, stated) = normalise(title);
                if words.is_empty() {
                    return Err(table.error(row, ErrorKind::NoWords(title.into())));
                }
                let entry = LocalEntry {
                    title: title.to_string(),
                    role,
                    band,
                    line: row.line,
                    normalised: key(&words, stated),
                };
                if let Some(&i) = out.by_key.get(&entry.normalised) {
                    let first: &LocalEntry = &out.entries[i];
                    if first.role != entry.role || first.band != entry.band {
                        let kind = ErrorKind::Duplicate {
                            key: title.into(),
                            first_line: first.line,
                        };
                        return Err(table.error(row, kind));
                    }
                    return Ok(None);
                }
                Ok(Some(entry))
            })();
            match entry {
                Ok(Some(entry)) => {
                    out.by_key
                        .insert(entry.normalised.clone(), out.entries.len());
                    out.entries.push(entry);
                }
                Ok(None) => {}
                Err(e) => refused.push(e),
            }
        }
        Ok((out, refused))
    }

    /// Adds other mappings in their order; theirs win where both have a title.
    pub(crate) fn extend(&mut self, other: LocalMappings) {
        for entry in other.entries {
            match self.by_key.get(&entry.normalised) {
                Some(&j) => self.entries[j] = entry,
                None => {
                    self.by_key
                        .insert(entry.normalised.clone(), self.entries.len());
                    self.entries.push(entry);
                }
            }
        }
    }

    /// The entry for a key ([`key`]).
    pub(crate) fn get(&self, key: &str) -> Option<&LocalEntry> {
        self.by_key.get(key).map(|&i| &self.entries[i])
    }

    /// Entries in file order.
    pub(crate) fn entries(&self) -> &[LocalEntry] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes the mappings back in the one local mappings format.
    pub fn to_csv(&self, taxonomy: &Taxonomy) -> String {
        let rows = self.entries.iter().map(|e| {
            let role = e.role.map_or("none", |r| taxonomy.role(r).id.as_str());
            (e.title.as_str(), role, e.band)
        });
        write_csv(rows)
    }
}

/// The local mappings CSV of `(title, role id, band)` rows, header first, LF line ends: the one
/// writer of the format. A title a spreadsheet would run as a formula (`=HYPERLINK(...)`) gets
/// a leading `'`, which reading takes off.
pub(crate) fn write_csv<'a>(rows: impl Iterator<Item = (&'a str, &'a str, Option<u8>)>) -> String {
    let mut out = String::from("title,role_id,band\n");
    for (title, role_id, band) in rows {
        write_field(&mut out, &neutralise(title), b',');
        out.push(',');
        write_field(&mut out, role_id, b',');
        out.push(',');
        if let Some(b) = band {
            out.push(char::from(b'0' + b));
        }
        out.push('\n');
    }
    out
}
