//! Cleaning a sheet, the last stage of the flow, behind both the command line's `clean` and the
//! browser's bulk page: open a spreadsheet (`guard`, then `csv` with `decode`, `xlsx`, or `grid`,
//! under one `table`), find the table's header row and title column (`columns`), match each
//! distinct title once (a few at a time, so a page can show progress and stop), and write the
//! sheet back whole with the SPEC columns appended (`cell` values): a CSV in its own bytes and
//! encoding, an XLSX or XLSM by editing its own package (`edit`), other workbooks as a new XLSX
//! (`workbook`). Built with the `xlsx` feature.
//!
//! ```
//! use role_standardiser::{Bulk, Matcher, Options};
//!
//! let csv = b"Name,Job Title\nAda,Physio Asst B3\nBo,Porter\nCy,Physio Asst B3\n";
//! let mut bulk = Bulk::open(csv.to_vec(), "staff.csv", &Options::default(), Matcher::builtin())?;
//! assert_eq!((bulk.rows(), bulk.distinct_count()), (3, 2));
//! assert_eq!(bulk.header()[bulk.title_column()], "Job Title");
//! while bulk.match_next(1) < bulk.distinct_count() {} // one title a step: report progress here
//! let out = String::from_utf8(bulk.to_csv()?).unwrap_or_default();
//! assert!(out.starts_with("Name,Job Title,standard_role_id,"));
//! assert_eq!(bulk.summary().matched, 2);
//! # Ok::<(), role_standardiser::Error>(())
//! ```

mod cell;
mod columns;
mod context;
mod csv;
mod decode;
mod edit;
mod grid;
mod guard;
mod hash;
mod package;
mod parallel;
mod stream;
mod summary;
mod table;
mod workbook;
mod xlsx;

#[cfg(all(target_arch = "wasm32", feature = "bulk"))]
pub(crate) use columns::column_name as column_letter;
pub use context::Pick;
pub use decode::decode;
pub use guard::{MAX_INPUT_BYTES, MAX_UNCOMPRESSED_BYTES};
pub use stream::{
    clean_stream, clean_workbook, streams, too_large_to_hold, workbook_streams, SheetOut, Stopped,
    Streamed, MAX_RECORD_BYTES, RUN_ROWS, SEGMENT_BYTES, TITLES_KEPT,
};
pub use summary::{Line, Workforce};
pub use table::Format;

use crate::error::{Error, ErrorKind};
use crate::matcher::{reads_row, Matcher, Memo, Row};
use crate::result::{MatchResult, Status};
use cell::Value;
use columns::{
    appended_names, appended_values, choose, column_labels, header_row, Appended, HeaderChoice,
    Layout, HEADER_ROWS,
};
use context::{ContextChoice, ContextColumns, Field};
use hash::FxMap;
use serde::Serialize;
use std::collections::BTreeMap;
use table::Table;
use xlsx::TitleColumn;

/// A distinct title, the number of rows that carry it, and its result once matched.
#[derive(Debug, Clone, Serialize)]
pub struct Title {
    /// The title as written in the sheet (for a formula with no saved value, `=` and the
    /// formula).
    pub title: String,
    /// Data rows with this title.
    pub rows: usize,
    /// A formula with no saved value: the title is unknown until the workbook is recalculated
    /// (opened and saved in Excel or LibreOffice), and its result is `no-match`.
    pub uncomputed: bool,
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
    /// Rows whose title cell is a formula with no saved value (counted in `no_match` too).
    pub uncomputed: usize,
    /// Rows by profession id; rows with no role (`no-match`) are left out.
    pub by_profession: BTreeMap<String, usize>,
    /// Rows by band (`"2"` to `"9"`); rows with no band are left out.
    pub by_band: BTreeMap<String, usize>,
}

/// Where the table's header is: found from the sheet, a given row, or none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Header {
    /// Found: the first row about as full as the rows under it (report titles above the table
    /// are passed over), unless it reads as data.
    #[default]
    Find,
    /// This row, 1-based as the spreadsheet numbers it (for a CSV, the line its record starts
    /// on).
    Row(usize),
    /// No header: every row is data, and none is added to the output.
    None,
}

/// How to open a sheet for cleaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The workbook sheet to clean, by name; the first when `None`.
    pub sheet: Option<String>,
    /// The title column, by its header (or its letter, `C`); found when `None`.
    pub column: Option<String>,
    /// Where the header row is.
    pub header: Header,
    /// The grade or pay band column, whose band is the row's (`band_source` `recorded`).
    pub band_column: Pick,
    /// The occupation code column, checked against the role (`code_check`).
    pub code_column: Pick,
    /// The FTE (whole-time equivalent) column, summed in the workforce summary.
    pub fte_column: Pick,
    /// More columns to read as evidence of the row's profession (area of work, department, job
    /// role, staff group: by the field their header names, else as a department).
    pub context_columns: Vec<String>,
    /// Read no other column than the title unless named (`band_column`, `code_column`,
    /// `context_columns`).
    pub no_context: bool,
}

/// A spreadsheet being cleaned. Holds the table, the matcher, the distinct titles of the title
/// column in first-seen order and the results matched so far.
///
/// Memory: for CSV, the file's bytes plus about 24 bytes a record; for XLSX, the workbook's
/// bytes and its shared strings (the sheet is streamed, never laid out); for other workbooks,
/// a grid of about 32 bytes a cell. Then 4 bytes a row for its title's index and one result per
/// distinct title.
#[derive(Debug)]
pub struct Bulk {
    table: Table,
    matcher: Matcher,
    layout: Layout,
    titles: Vec<Title>,
    row_title: Vec<u32>,
    results: Vec<MatchResult>,
    /// The row's other columns read as evidence, and how they were chosen.
    context: ContextColumns,
    context_options: ContextOptions,
    /// Each data row's distinct context (index into `contexts`), when there are context columns.
    row_context: Vec<u32>,
    /// The distinct contexts: one cell a context column, in the order of `context.columns`.
    contexts: Vec<Vec<String>>,
    /// Each data row's FTE (NaN where its cell is not one), when there is an FTE column.
    row_fte: Vec<f64>,
    /// Once matching is done: each data row's group (a distinct title and context), its cells
    /// and result.
    row_group: Vec<u32>,
    groups: Vec<Group>,
    /// The appended columns' names.
    names: Vec<&'static str>,
}

/// Rows that share a title and a context: their appended cells, result and count.
#[derive(Debug)]
struct Group {
    /// The distinct title's index in [`Bulk::titles`].
    title: u32,
    cells: Vec<Value<'static>>,
    result: MatchResult,
    rows: usize,
    uncomputed: bool,
}

impl AsRef<[Value<'static>]> for Group {
    fn as_ref(&self) -> &[Value<'static>] {
        &self.cells
    }
}

/// The choice of context columns, as [`Options`] gave it.
#[derive(Debug, Clone, Default)]
struct ContextOptions {
    band: Pick,
    code: Pick,
    fte: Pick,
    extra: Vec<String>,
    off: bool,
    /// The columns a person set, each with its field, in place of the above.
    set: Option<Vec<(Field, usize)>>,
}

impl Bulk {
    /// Opens a CSV or a workbook (XLSX, XLSM, XLS, XLSB, ODS; format by content), finds the
    /// table's header row and title column as `options` say, and reads the title column. `file`
    /// names the input in messages. Fails with a message saying what is wrong and how to fix it.
    pub fn open(
        bytes: impl Into<Vec<u8>>,
        file: &str,
        options: &Options,
        matcher: Matcher,
    ) -> Result<Bulk, Error> {
        Bulk::open_with(bytes.into(), file, options, matcher, true)
    }

    /// [`Bulk::open`], with the sheet's rows read only when `read`: else its layout and the
    /// columns read beside the title are found from its first rows, and nothing more is kept
    /// (for a streamed workbook, `stream`).
    fn open_with(
        bytes: Vec<u8>,
        file: &str,
        options: &Options,
        matcher: Matcher,
        read: bool,
    ) -> Result<Bulk, Error> {
        let mut chosen: Option<Layout> = None;
        let mut chooser = |rows: &[Vec<String>], first: u32| {
            let choice = match options.header {
                Header::Find => HeaderChoice::Find,
                Header::None => HeaderChoice::None,
                Header::Row(n) => match n.checked_sub(first as usize + 1) {
                    Some(r) if r < rows.len() => HeaderChoice::Row(r),
                    _ => {
                        let (first, last) = (first as usize + 1, first as usize + rows.len());
                        let kind = ErrorKind::NoSuchHeaderRow {
                            row: n,
                            first,
                            last,
                        };
                        return Err(Error::new(file, 0, kind));
                    }
                },
            };
            let layout = choose(rows, choice, options.column.as_deref(), &matcher, file)?;
            let picked = (layout.column, layout.header.map_or(0, |h| h + 1));
            chosen = Some(layout);
            Ok(read.then_some(picked))
        };
        let sheet = options.sheet.as_deref();
        let (table, column) = Table::open(bytes, file, sheet, &mut chooser, !read)?;
        let layout = match chosen {
            Some(layout) => layout,
            None => {
                let choice = header_choice(&table, options.header, file)?;
                let named = options.column.as_deref();
                choose(table.sample(), choice, named, &matcher, file)?
            }
        };
        let mut bulk = Bulk {
            table,
            matcher,
            layout,
            titles: Vec::new(),
            row_title: Vec::new(),
            results: Vec::new(),
            context: ContextColumns::default(),
            context_options: ContextOptions {
                band: options.band_column.clone(),
                code: options.code_column.clone(),
                fte: options.fte_column.clone(),
                extra: options.context_columns.clone(),
                off: options.no_context,
                set: None,
            },
            row_context: Vec::new(),
            contexts: Vec::new(),
            row_fte: Vec::new(),
            row_group: Vec::new(),
            groups: Vec::new(),
            names: Vec::new(),
        };
        match column {
            Some(column) => {
                bulk.take_titles(column);
                bulk.find_context(false)?;
            }
            None if read => bulk.find_context(true)?,
            None => bulk.find_context_columns()?,
        }
        Ok(bulk)
    }

    /// The columns of a file's sheet as a person names them ([`Bulk::columns`]), its header row
    /// found or given as `options` say, matching nothing: the columns to choose the title column
    /// from when it cannot be found.
    pub fn read_columns(
        bytes: impl Into<Vec<u8>>,
        file: &str,
        options: &Options,
    ) -> Result<Vec<String>, Error> {
        let sheet = options.sheet.as_deref();
        let (table, _) = Table::open(bytes.into(), file, sheet, &mut |_, _| Ok(None), false)?;
        let choice = header_choice(&table, options.header, file)?;
        let header = header_row(table.sample(), choice, &Matcher::builtin());
        Ok(column_labels(table.sample(), header, table.width()))
    }

    /// The sheet's first rows (up to 30), numbered as the spreadsheet numbers them (a CSV by
    /// line), with their cells: the rows a header may be chosen from.
    pub fn first_rows(&self) -> impl Iterator<Item = (usize, &[String])> {
        let sample = self.table.sample();
        (0..sample.len().min(HEADER_ROWS)).map(|r| (self.table.row_number(r), &sample[r][..]))
    }

    /// The first row of data, counted from the sheet's first row.
    fn data_start(&self) -> usize {
        self.layout.header.map_or(0, |h| h + 1)
    }

    fn find_titles(&mut self) -> Result<(), Error> {
        // Titles by text, those of formulas with no saved value apart; looked up before any copy.
        let mut seen: [FxMap<String, u32>; 2] = Default::default();
        let mut titles: Vec<Title> = Vec::new();
        let mut row_title = Vec::with_capacity(self.rows());
        self.table
            .for_each_in_column(self.layout.column, self.data_start(), |t, uncomputed| {
                let seen = &mut seen[usize::from(uncomputed)];
                let i = match seen.get(t) {
                    Some(&i) => i,
                    None => {
                        let i = titles.len() as u32;
                        titles.push(Title {
                            title: t.to_string(),
                            rows: 0,
                            uncomputed,
                        });
                        seen.insert(t.to_string(), i);
                        i
                    }
                };
                titles[i as usize].rows += 1;
                row_title.push(i);
            })?;
        self.titles = titles;
        self.row_title = row_title;
        self.reset();
        Ok(())
    }

    /// The titles of a column read when the sheet was opened, numbered again in the order their
    /// rows first show them.
    fn take_titles(&mut self, column: TitleColumn) {
        let mut renumbered = vec![u32::MAX; column.texts.len()];
        let mut texts: Vec<Option<(String, bool)>> = column.texts.into_iter().map(Some).collect();
        let mut titles: Vec<Title> = Vec::new();
        let mut row_title = Vec::with_capacity(column.rows.len());
        for &i in &column.rows {
            let i = i as usize;
            if renumbered[i] == u32::MAX {
                renumbered[i] = titles.len() as u32;
                let (title, uncomputed) = texts[i].take().unwrap_or_default();
                titles.push(Title {
                    title,
                    rows: 0,
                    uncomputed,
                });
            }
            titles[renumbered[i] as usize].rows += 1;
            row_title.push(renumbered[i]);
        }
        self.titles = titles;
        self.row_title = row_title;
        self.reset();
    }

    fn reset(&mut self) {
        self.results.clear();
        self.row_group.clear();
        self.groups.clear();
    }

    /// Finds the context columns for the title column in use and reads their cells, each
    /// distinct row context once, the FTE of each row, and with `titles` the title column too.
    /// Cost: a pass over the sheet (a CSV's or a grid's titles are read in the same pass; an
    /// XLSX's in their own, which knows formulas with no saved value).
    fn find_context(&mut self, titles: bool) -> Result<(), Error> {
        self.find_context_columns()?;
        self.read_rows(titles)
    }

    /// Finds the context columns for the title column in use (from the header and the first
    /// rows), and the appended columns they make.
    fn find_context_columns(&mut self) -> Result<(), Error> {
        let o = &self.context_options;
        let choice = ContextChoice {
            band: &o.band,
            code: &o.code,
            fte: &o.fte,
            extra: &o.extra,
            off: o.off,
            set: o.set.as_deref(),
        };
        let (headers, labels) = (self.header(), self.columns());
        let file = self.sheet().to_string();
        self.context = context::find(&headers, &labels, self.layout.column, &choice, &file)?;
        if o.set.is_none() && !o.off {
            let sample = self.table.sample();
            let data = &sample[self.data_start().min(sample.len())..];
            let want = (o.band == Pick::Find, o.code == Pick::Find);
            let m = &self.matcher;
            context::find_by_content(
                &mut self.context,
                data,
                &labels,
                self.layout.column,
                want,
                |c| m.reads_as_grade(c),
                |c| m.is_listed_code(c),
            );
        }
        self.names = appended_names(self.context.code(), !self.context.columns.is_empty());
        Ok(())
    }

    /// Reads the rows' context cells (the columns of `self.context`), each distinct row context
    /// once, the FTE of each row, and with `titles` the title column too. Cost: a pass over the
    /// sheet.
    fn read_rows(&mut self, titles: bool) -> Result<(), Error> {
        self.row_context.clear();
        self.contexts.clear();
        self.row_fte.clear();
        let read = !self.context.columns.is_empty() || self.context.fte.is_some();
        let one_pass = titles && read && !self.table.is_xlsx();
        if titles && !one_pass {
            self.find_titles()?;
        }
        if !read {
            self.reset();
            return Ok(());
        }
        // The columns read: the context's, then the FTE's, then (one pass) the title's.
        let mut columns: Vec<usize> = self.context.columns.iter().map(|c| c.1).collect();
        let context = columns.len();
        let fte_at = self.context.fte.as_ref().map(|(c, _)| {
            columns.push(*c);
            columns.len() - 1
        });
        let title_at = one_pass.then(|| {
            columns.push(self.layout.column);
            columns.len() - 1
        });
        let rows = self.rows();
        let table = &self.table;
        // The titles, as `find_titles` reads them, each decoded once.
        let mut title_ids: FxMap<Vec<u8>, u32> = FxMap::default();
        let mut titles: Vec<Title> = Vec::new();
        let mut row_title: Vec<u32> = Vec::with_capacity(if one_pass { rows } else { 0 });
        let mut row_fte: Vec<f64> = Vec::with_capacity(if fte_at.is_some() { rows } else { 0 });
        // A row's context is its cells' bytes joined, numbered and decoded once each.
        let mut key: Vec<u8> = Vec::new();
        let mut seen: FxMap<Vec<u8>, u32> = FxMap::default();
        let mut cells: Vec<Vec<String>> = Vec::new();
        let mut row_context = Vec::with_capacity(if context > 0 { rows } else { 0 });
        // With both a title and a context a row, the pair's bytes are one key: one lookup a row,
        // the title's and the context's own maps only for a pair not seen before.
        let mut pairs: FxMap<Vec<u8>, (u32, u32)> = FxMap::default();
        let finish = |current: &[&[u8]]| {
            if let Some(f) = fte_at {
                row_fte.push(context::fte_bytes(current[f]).unwrap_or(f64::NAN));
            }
            // Each context cell after its length, so no two rows' cells join the same way.
            key.clear();
            for cell in &current[..context] {
                let cell = cell.trim_ascii();
                match u8::try_from(cell.len()) {
                    Ok(n) if n < u8::MAX => key.push(n),
                    _ => {
                        key.push(u8::MAX);
                        key.extend_from_slice(&(cell.len() as u64).to_le_bytes());
                    }
                }
                key.extend_from_slice(cell);
            }
            let context_len = key.len();
            if let Some(t) = title_at {
                key.extend_from_slice(current[t]);
            }
            let pair = (context > 0 && title_at.is_some())
                .then(|| pairs.get(key.as_slice()).copied())
                .flatten();
            let (title_id, context_id) = pair.unwrap_or_else(|| {
                let title_id = title_at.map(|_| {
                    let title = &key[context_len..];
                    match title_ids.get(title) {
                        Some(&i) => i,
                        None => {
                            let i = titles.len() as u32;
                            titles.push(Title {
                                title: table.decode(title).into_owned(),
                                rows: 0,
                                uncomputed: false,
                            });
                            title_ids.insert(title.to_vec(), i);
                            i
                        }
                    }
                });
                let context_id = (context > 0).then(|| {
                    let joined = &key[..context_len];
                    match seen.get(joined) {
                        Some(&id) => id,
                        None => {
                            let id = cells.len() as u32;
                            seen.insert(joined.to_vec(), id);
                            let text = |c: &&[u8]| table.decode(c).trim().to_string();
                            cells.push(current[..context].iter().map(text).collect());
                            id
                        }
                    }
                });
                let ids = (title_id.unwrap_or(u32::MAX), context_id.unwrap_or(u32::MAX));
                if context > 0 && title_at.is_some() {
                    pairs.insert(key.clone(), ids);
                }
                ids
            });
            if title_at.is_some() {
                titles[title_id as usize].rows += 1;
                row_title.push(title_id);
            }
            if context > 0 {
                row_context.push(context_id);
            }
        };
        self.table
            .for_each_in_columns(&columns, self.data_start(), rows, finish)?;
        if one_pass {
            self.titles = titles;
            self.row_title = row_title;
        }
        self.row_context = row_context;
        self.contexts = cells;
        self.row_fte = row_fte;
        self.reset();
        Ok(())
    }

    /// The groups of rows that share a title and a context, once every title is matched: each
    /// title's result with its rows' context as evidence.
    fn group_rows(&mut self) {
        self.group_rows_with(&mut [Memo::default()]);
    }

    /// [`Bulk::group_rows`] with what `memos` remember of rows before (a stream's segments),
    /// the groups read on as many threads as there are memos ([`parallel`]).
    fn group_rows_with(&mut self, memos: &mut [Memo]) {
        let (code, context) = (self.context.code(), !self.context.columns.is_empty());
        if !context {
            // One group a title: its rows are the title's.
            self.groups = (self.titles.iter().zip(&self.results).zip(0u32..))
                .map(|((t, r), i)| Group {
                    title: i,
                    cells: appended_values(r, code, context),
                    result: r.clone(),
                    rows: t.rows,
                    uncomputed: t.uncomputed,
                })
                .collect();
            self.row_group = self.row_title.clone();
            return;
        }
        let mut index: FxMap<(u32, u32), u32> = FxMap::default();
        let mut row_group = Vec::with_capacity(self.row_title.len());
        // Each group's title, context and whether its row's cells are read; then its rows.
        let mut pending: Vec<(u32, u32, bool)> = Vec::new();
        let mut rows: Vec<usize> = Vec::new();
        // The group of a title's rows whose context cannot change its result.
        let mut plain: Vec<u32> = vec![u32::MAX; self.titles.len()];
        for (r, &t) in self.row_title.iter().enumerate() {
            let c = self.row_context.get(r).copied().unwrap_or(u32::MAX);
            let g = *index.entry((t, c)).or_insert_with(|| {
                let (title, result) = (&self.titles[t as usize], &self.results[t as usize]);
                let reads = self.contexts.get(c as usize).is_some_and(|cells| {
                    !title.uncomputed && reads_row(result, &self.row_of(&title.title, cells))
                });
                if !reads && plain[t as usize] != u32::MAX {
                    return plain[t as usize];
                }
                pending.push((t, c, reads));
                rows.push(0);
                let g = pending.len() as u32 - 1;
                if !reads {
                    plain[t as usize] = g;
                }
                g
            });
            rows[g as usize] += 1;
            row_group.push(g);
        }
        let (matcher, titles, results) = (&self.matcher, &self.titles, &self.results);
        let (columns, contexts) = (&self.context, &self.contexts);
        let mut groups = parallel::map_in_order(&pending, memos, |&(t, c, reads), memo| {
            let (title, result) = (&titles[t as usize], &results[t as usize]);
            let result = if reads {
                let row = row_of(columns, &title.title, &contexts[c as usize]);
                matcher.with_row(result, &row, memo)
            } else {
                result.clone()
            };
            Group {
                title: t,
                cells: appended_values(&result, code, context),
                result,
                rows: 0,
                uncomputed: title.uncomputed,
            }
        });
        for (group, n) in groups.iter_mut().zip(rows) {
            group.rows = n;
        }
        self.row_group = row_group;
        self.groups = groups;
    }

    /// The input's format.
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

    /// The header row's cells as text, as many as it has (none when there is no header).
    pub fn header(&self) -> Vec<String> {
        let row = self.layout.header.and_then(|h| self.table.sample().get(h));
        row.cloned().unwrap_or_default()
    }

    /// Each column as a person would name it: its header, or `column C` when blank.
    pub fn columns(&self) -> Vec<String> {
        column_labels(self.table.sample(), self.layout.header, self.table.width())
    }

    /// A CSV's delimiter (`,`, `;`, tab or `|`, or the one its `sep=` line names).
    pub fn delimiter(&self) -> Option<char> {
        self.table
            .encoding()
            .map(|_| char::from(self.table.delimiter()))
    }

    /// A CSV's encoding, as a person knows it (`UTF-8`, `Windows-1252`, `UTF-16 (little
    /// endian)`); its output is written in the same.
    pub fn encoding(&self) -> Option<&'static str> {
        self.table.encoding().map(|(e, _)| e.name())
    }

    /// The header row, 1-based as the spreadsheet numbers it (for a CSV, its line), or `None`
    /// when the sheet has no header.
    pub fn header_row(&self) -> Option<usize> {
        self.layout.header.map(|h| self.table.row_number(h))
    }

    /// Data rows (the header and any rows above it not counted).
    pub fn rows(&self) -> usize {
        self.table.rows() - self.data_start().min(self.table.rows())
    }

    /// 1-based lines of CSV rows whose width differs from the header's (kept, padded).
    pub fn ragged(&self) -> Vec<usize> {
        self.table.ragged(self.layout.header)
    }

    /// The title column, 0-based.
    pub fn title_column(&self) -> usize {
        self.layout.column
    }

    /// Why the title column and header row are the ones in use, in a sentence.
    pub fn title_reason(&self) -> &str {
        &self.layout.reason
    }

    /// Uses another title column (0-based; the same one keeps its reason): the distinct titles
    /// are found again and matching starts over. Fails when there is no such column.
    pub fn set_title_column(&mut self, column: usize) -> Result<(), Error> {
        let columns = self.table.width();
        if column >= columns {
            let kind = ErrorKind::ColumnOutOfRange { column, columns };
            return Err(Error::new(self.sheet(), 0, kind));
        }
        if column != self.layout.column {
            self.layout.column = column;
            self.layout.reason = format!("`{}`: the column chosen", self.columns()[column]);
        }
        self.find_context(true)
    }

    /// Uses another header row (or none): the title column is chosen again for it, the
    /// distinct titles are found again and matching starts over. Fails on a row the sheet does
    /// not have, or when no column then holds titles.
    pub fn set_header(&mut self, header: Header) -> Result<(), Error> {
        let file = self.sheet().to_string();
        let choice = header_choice(&self.table, header, &file)?;
        self.layout = choose(self.table.sample(), choice, None, &self.matcher, &file)?;
        self.find_context(true)
    }

    /// Things the user should know about the input, a sentence each: no header row, bytes that
    /// are not UTF-8, title formulas with no saved value, rows of a different width.
    pub fn warnings(&self) -> Vec<String> {
        let ragged = self.ragged();
        let invalid = self.table.encoding().map_or(0, |(_, n)| n);
        let uncomputed = self.titles.iter().filter(|t| t.uncomputed).map(|t| t.rows);
        let headed = self.layout.header.is_some();
        self.warnings_over(headed, invalid, uncomputed.sum(), &ragged, ragged.len())
    }

    /// [`Bulk::warnings`], with whether the file has a header row (`headed`), the bytes not in
    /// the encoding, the title formulas with no saved value and the rows of another width (the
    /// first lines of `ragged`, of `ragged_total`) counted over a whole streamed file.
    fn warnings_over(
        &self,
        headed: bool,
        invalid: usize,
        uncomputed: usize,
        ragged: &[usize],
        ragged_total: usize,
    ) -> Vec<String> {
        let mut out = Vec::new();
        if !headed {
            out.push(format!(
                "the sheet has no header row: its first row is data, and the {} appended columns have no header",
                self.appended_names().len()
            ));
        }
        if let Some((encoding, _)) = self.table.encoding() {
            if invalid > 0 {
                out.push(format!(
                    "{} not {}: read as \u{fffd}, and kept as they were in the output",
                    count(invalid, "byte sequence is", "byte sequences are"),
                    encoding.name()
                ));
            }
        }
        if uncomputed > 0 {
            out.push(format!(
                "{} with no saved value (the workbook was written by a program that does not calculate, such as openpyxl or pandas): they are no-match; open and save the workbook in Excel or LibreOffice, then clean it again",
                count(uncomputed, "title cell is a formula", "title cells are formulas")
            ));
        }
        if ragged_total > 0 {
            let lines: Vec<String> = ragged.iter().take(10).map(|l| l.to_string()).collect();
            out.push(format!(
                "{} a different number of fields from the header (line{} {}{}); kept, and padded when short",
                count(ragged_total, "row has", "rows have"),
                if ragged_total > 1 { "s" } else { "" },
                lines.join(", "),
                if ragged_total > 10 { ", ..." } else { "" }
            ));
        }
        out
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
            let result = if title.uncomputed {
                uncomputed(&title.title)
            } else {
                self.matcher.match_title(&title.title)
            };
            self.results.push(result);
        }
        if self.is_done() && self.groups.is_empty() {
            self.group_rows();
        }
        self.results.len()
    }

    /// Each distinct title's rows by status once every row's other columns are read
    /// (`[matched, review, no-match]`, in the order of [`Bulk::titles`]): how a title whose rows
    /// all settle by their context leaves the review queue. Empty until matching is done. Cost:
    /// one pass over the row groups.
    pub fn row_statuses(&self) -> Vec<[usize; 3]> {
        if self.groups.is_empty() {
            return Vec::new();
        }
        let mut out = vec![[0; 3]; self.titles.len()];
        for g in &self.groups {
            let i = match g.result.status {
                Status::Matched => 0,
                Status::Review => 1,
                Status::NoMatch => 2,
            };
            out[g.title as usize][i] += g.rows;
        }
        out
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

    /// Row counts over the titles matched so far; once all are, over the rows' own results
    /// (their context read).
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            rows: self.rows(),
            ..Summary::default()
        };
        let counted: Vec<(bool, &MatchResult, usize)> = if self.groups.is_empty() {
            let pairs = self.titles.iter().zip(&self.results);
            pairs.map(|(t, r)| (t.uncomputed, r, t.rows)).collect()
        } else {
            let groups = self.groups.iter();
            groups.map(|g| (g.uncomputed, &g.result, g.rows)).collect()
        };
        for (uncomputed, r, n) in counted {
            match r.status {
                Status::Matched => s.matched += n,
                Status::Review => s.review += n,
                Status::NoMatch => s.no_match += n,
            }
            if uncomputed {
                s.uncomputed += n;
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

    /// The workforce summary of the cleaned sheet: headcount, FTE (with an FTE column) and rows
    /// by status and `code_check`, by standard role and band. Fails until matching is finished.
    /// Cost: a step a group of rows, and one a row with an FTE column.
    pub fn workforce(&self) -> Result<Workforce, Error> {
        self.finished()?;
        let mut tally = summary::Tally::default();
        self.tally_into(&mut tally);
        let (has_fte, has_code) = (self.context.fte.is_some(), self.context.code());
        Ok(tally.finish(has_fte, has_code))
    }

    /// Adds the rows' groups, each with its rows' FTE, to a workforce tally.
    fn tally_into(&self, tally: &mut summary::Tally) {
        let mut fte = vec![0.0f64; self.groups.len()];
        for (&g, &f) in self.row_group.iter().zip(&self.row_fte) {
            if !f.is_nan() {
                fte[g as usize] += f;
            }
        }
        for (g, fte) in self.groups.iter().zip(fte) {
            tally.add(&g.result, g.rows, fte);
        }
    }

    /// Moves on to the next segment of a streamed CSV (`stream`), in `table`: read with the same
    /// title column and context columns, as rows with no header, its titles and context read
    /// (not matched). The segment before is dropped.
    fn continue_with(&mut self, table: Table) -> Result<(), Error> {
        self.table = table;
        self.layout.header = None;
        self.read_rows(true)
    }

    /// Moves on to the next run of a streamed workbook sheet's rows (`stream`), as
    /// [`Bulk::continue_with`] does; the first run (`first`) keeps the sheet's header.
    fn continue_with_rows(&mut self, rows: xlsx::SheetRows, first: bool) -> Result<(), Error> {
        self.table.set_rows(rows);
        if !first {
            self.layout.header = None;
        }
        self.read_rows(true)
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
    /// unless a plain number) get a leading `'`, the SPEC columns appended. A CSV keeps its
    /// encoding, byte order marks, delimiter and line endings; a workbook's sheet is written as
    /// comma-separated UTF-8. Fails until matching is finished.
    pub fn to_csv(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.finished()?;
        // Writing to a Vec cannot fail.
        let _ = self
            .table
            .write_csv(self.layout.header, &self.appended(), &mut out)?;
        Ok(out)
    }

    /// Writes the cleaned sheet as CSV to `w` as [`Bulk::to_csv`] does, a row at a time, without
    /// holding the output in memory. Fails until matching is finished, or when `w` fails.
    pub fn write_csv(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        self.finished().map_err(std::io::Error::other)?;
        self.table
            .write_csv(self.layout.header, &self.appended(), w)
            .map_err(std::io::Error::other)?
    }

    /// A row of `title` and a distinct context's cells, by field.
    fn row_of<'r>(&self, title: &'r str, cells: &'r [String]) -> Row<'r> {
        row_of(&self.context, title, cells)
    }

    /// The columns the clean appends: SPEC's eight and three, then `code_check` and `context`
    /// when the sheet has those columns.
    pub fn appended_names(&self) -> &[&'static str] {
        &self.names
    }

    /// The context columns read beside the title, as (what they hold, their label), the FTE
    /// column last.
    pub fn context_columns(&self) -> Vec<(&'static str, &str)> {
        let fte = self.context.fte.iter();
        let fte = fte.map(|(_, label)| (Field::Fte.name(), label.as_str()));
        let columns = self.context.columns.iter();
        columns
            .map(|(f, _, label)| (f.name(), label.as_str()))
            .chain(fte)
            .collect()
    }

    /// The context columns read beside the title, 0-based, as (what they hold, column).
    pub fn context_column_indexes(&self) -> Vec<(&'static str, usize)> {
        let fte = self
            .context
            .fte
            .iter()
            .map(|(c, _)| (Field::Fte.name(), *c));
        let columns = self.context.columns.iter();
        columns.map(|(f, c, _)| (f.name(), *c)).chain(fte).collect()
    }

    /// What a context column can hold, by the names [`Bulk::context_columns`] gives: `Grade`,
    /// `Occupation Code`, `Area of Work`, `Job Role`, `Staff Group`, `Department`, `FTE`.
    pub fn context_fields() -> Vec<&'static str> {
        Field::ALL.iter().map(|f| f.name()).collect()
    }

    /// Reads exactly these columns beside the title (0-based), each as the field named (one of
    /// [`Bulk::context_fields`]; a field or column given twice counts once, the title column
    /// never), in place of the ones found: matching starts over. Cost: a pass over the sheet.
    /// Fails on an unknown field or a column the sheet does not have.
    pub fn set_context_columns(&mut self, columns: &[(&str, usize)]) -> Result<(), Error> {
        let width = self.table.width();
        let mut set = Vec::with_capacity(columns.len());
        for &(name, column) in columns {
            let field = Field::of_name(name).ok_or_else(|| {
                let kind = ErrorKind::UnknownField {
                    name: name.to_string(),
                    fields: Bulk::context_fields().join(", "),
                };
                Error::new(self.sheet(), 0, kind)
            })?;
            if column >= width {
                let kind = ErrorKind::ColumnOutOfRange {
                    column,
                    columns: width,
                };
                return Err(Error::new(self.sheet(), 0, kind));
            }
            set.push((field, column));
        }
        self.context_options.set = Some(set);
        self.find_context(false)
    }

    fn appended(&self) -> Appended<'_, Group> {
        Appended {
            names: &self.names,
            cells: &self.groups,
            of_row: &self.row_group,
        }
    }

    /// The cleaned sheet as a workbook: for an XLSX or XLSM input, its own package with only the
    /// cleaned sheet edited (every other part byte for byte, formulas, styles and macros kept;
    /// see [`Format::keeps_workbook`]); for the other formats, a new XLSX of the sheet's values.
    /// The SPEC columns are appended (band and confidence as numbers). Fails until matching is
    /// finished, or over Excel's limits.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        self.finished()?;
        let appended = self.appended();
        self.table
            .to_xlsx(self.layout.header, self.layout.column, &appended)
    }

    /// Writes the workbook of [`Bulk::to_xlsx`] to `out` as it is made (an XLSX input's sheet is
    /// streamed, so memory stays bounded). Fails as `to_xlsx` does, or when `out` fails.
    pub fn write_xlsx<W: std::io::Write + std::io::Seek>(&self, out: W) -> Result<W, Error> {
        self.finished()?;
        let appended = self.appended();
        self.table
            .write_xlsx(self.layout.header, self.layout.column, &appended, out)
    }
}

/// `n` and a noun phrase in the singular or plural: `1 row has`, `2 rows have`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The header choice for a [`Header`], checking a given row against the sheet.
fn header_choice(table: &Table, header: Header, file: &str) -> Result<HeaderChoice, Error> {
    Ok(match header {
        Header::Find => HeaderChoice::Find,
        Header::None => HeaderChoice::None,
        Header::Row(n) => match table.row_of_number(n) {
            Some(r) if r < table.sample().len() => HeaderChoice::Row(r),
            _ => {
                let kind = ErrorKind::NoSuchHeaderRow {
                    row: n,
                    first: table.row_number(0),
                    last: table.row_number(table.sample().len().saturating_sub(1)),
                };
                return Err(Error::new(file, 0, kind));
            }
        },
    })
}

/// The result for a title cell that is a formula with no saved value.
fn uncomputed(formula: &str) -> MatchResult {
    let reason = "a formula with no saved value: open and save the workbook in Excel or \
        LibreOffice to compute it";
    MatchResult::unread(formula.to_string(), reason.to_string())
}

/// The row of a title and its distinct context's `cells` (in the order of `context.columns`).
fn row_of<'r>(context: &ContextColumns, title: &'r str, cells: &'r [String]) -> Row<'r> {
    let mut row = Row {
        title,
        ..Row::default()
    };
    for ((field, _, _), cell) in context.columns.iter().zip(cells) {
        match field {
            Field::Grade => row.grade = cell,
            Field::Code => row.occupation_code = cell,
            Field::Area => row.area_of_work = cell,
            Field::JobRole => row.job_role = cell,
            Field::StaffGroup => row.staff_group = cell,
            Field::Department => row.department = cell,
            Field::Fte => {}
        }
    }
    row
}
