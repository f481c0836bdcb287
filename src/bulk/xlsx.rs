//! XLSX and XLSM sheets, read as a stream of cells with calamine, never laid out as a grid: a
//! million-row sheet costs its workbook's bytes, its shared strings and a few bytes a row. The
//! sheet is read once when it is opened (its extent, its first rows, its formulas that have no
//! saved value, and the title column unless it is streamed), once for the other columns read,
//! and once more for CSV output; XLSX output edits the user's own package (`edit`). A streamed
//! clean (`stream`) reads it once more instead, in runs of rows ([`SheetRows`]).
//!
//! A formula cell carries the value the spreadsheet last computed. Workbooks written by openpyxl
//! or pandas carry none: such a cell is read as its formula (`=C2`), never as empty.

use super::cell::Value;
use super::columns::{HEADER_ROWS, SAMPLE_ROWS};
use super::guard::{MAX_SHEET_CELLS, MAX_SPARSENESS};
use super::package::{attribute, locate, Located};
use crate::error::{Error, ErrorKind};
use calamine::{
    DataRef, ExcelDateTime, ExcelDateTimeType, Reader as _, Xlsx, XlsxError as ReadError,
};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::sync::Arc;

/// A workbook's bytes, shared by the reader and the package editor without a copy.
#[derive(Debug, Clone)]
pub(super) struct Bytes(pub(super) Arc<Vec<u8>>);

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

type Book = Xlsx<Cursor<Bytes>>;

/// An XLSX sheet: the workbook, the sheet's extent and what its first pass found.
pub(super) struct XlsxSheet {
    book: RefCell<Book>,
    /// Where the sheet is in its package.
    pub(super) located: Located,
    pub(super) bytes: Bytes,
    pub(super) sheets: Vec<String>,
    pub(super) name: String,
    /// The first and last rows holding a value (0-based, absolute).
    pub(super) first: u32,
    pub(super) last: u32,
    /// Columns from A to the last one holding a value.
    pub(super) width: usize,
    /// The first rows from `first`, as text, to find the table in.
    pub(super) sample: Vec<Vec<String>>,
    /// Formulas (without `=`) of the cells that have no saved value, by (row, column).
    uncomputed: HashMap<(u32, u32), String>,
}

impl std::fmt::Debug for XlsxSheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxSheet")
            .field("name", &self.name)
            .field("rows", &(self.first..=self.last))
            .field("width", &self.width)
            .finish_non_exhaustive()
    }
}

/// The error a failed read of the workbook is reported as.
fn damaged(file: &str) -> impl Fn(ReadError) -> Error + '_ {
    move |e| {
        let kind = match e {
            ReadError::Password => ErrorKind::PasswordProtected,
            e => ErrorKind::Damaged(e.to_string()),
        };
        Error::new(file, 0, kind)
    }
}

/// Picks sheet `asked` (exactly, else ignoring case) of `sheets`, else the first.
pub(super) fn choose_sheet(
    sheets: &[String],
    asked: Option<&str>,
    file: &str,
) -> Result<String, Error> {
    let fail = |kind| Error::new(file, 0, kind);
    match asked {
        Some(s) => sheets
            .iter()
            .find(|n| n.as_str() == s)
            .or_else(|| sheets.iter().find(|n| n.eq_ignore_ascii_case(s)))
            .cloned()
            .ok_or_else(|| {
                fail(ErrorKind::NoSuchSheet {
                    name: s.to_string(),
                    sheets: sheets.to_vec(),
                })
            }),
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| fail(ErrorKind::NoSheets)),
    }
}

/// Chooses the title column from the sheet's first rows (as text, from its first row holding a
/// value, whose 0-based number it is given): the column and the first data row (counted from
/// that first row), or `None` to read no column.
pub(super) type Chooser<'c> =
    &'c mut dyn FnMut(&[Vec<String>], u32) -> Result<Option<(usize, usize)>, Error>;

/// A title column read in the same pass that opens the sheet: its distinct texts (with whether
/// each is a formula with no saved value) and each data row's text, by index.
#[derive(Debug, Default)]
pub(super) struct TitleColumn {
    pub(super) texts: Vec<(String, bool)>,
    pub(super) rows: Vec<u32>,
}

/// Distinct texts, each once, in first-seen order.
#[derive(Default)]
struct Interned {
    texts: Vec<(String, bool)>,
    index: HashMap<(String, bool), u32>,
}

impl Interned {
    fn id(&mut self, text: &str, uncomputed: bool) -> u32 {
        let key = (text.to_string(), uncomputed);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.texts.push(key.clone());
        self.index.insert(key, i);
        i
    }
}

/// The title column's cells as the sheet is read: distinct texts, each valued cell's row and
/// text, and the rows of its cells that may be formulas with no saved value.
#[derive(Default)]
struct TitleCells {
    interned: Interned,
    cells: Vec<(u32, u32)>,
    candidates: Vec<u32>,
}

impl TitleCells {
    /// Takes column `c`'s cells from row `from` on out of what was read before it was chosen:
    /// the sample's (but for the `unvalued`) and the candidates'.
    fn adopt(
        &mut self,
        (c, from): (u32, u32),
        sample: &[(u32, u32, String)],
        candidates: &[(u32, u32)],
        unvalued: &HashMap<(u32, u32), String>,
    ) {
        let ours = |r: u32, k: u32| k == c && r >= from;
        for (r, _, text) in sample.iter().filter(|(r, k, _)| ours(*r, *k)) {
            if !unvalued.contains_key(&(*r, c)) {
                self.cells.push((*r, self.interned.id(text, false)));
            }
        }
        let rows = candidates.iter().filter(|(r, k)| ours(*r, *k));
        self.candidates.extend(rows.map(|p| p.0));
    }
}

/// The grid of the sample's cells from row `first`, `width` wide.
fn grid(sample: &[(u32, u32, String)], first: u32, rows: usize, width: usize) -> Vec<Vec<String>> {
    let mut grid = vec![vec![String::new(); width]; rows];
    for (row, col, text) in sample {
        if let Some(r) = row
            .checked_sub(first)
            .and_then(|r| grid.get_mut(r as usize))
        {
            if let Some(c) = r.get_mut(*col as usize) {
                c.clone_from(text);
            }
        }
    }
    grid
}

impl XlsxSheet {
    /// Opens sheet `sheet` (else the first) of a workbook that passed the zip guard, and reads it
    /// once: its extent, its first [`HEADER_ROWS`] + [`SAMPLE_ROWS`] rows as text, the formulas
    /// of cells with no saved value (a second pass over its XML, only when there may be such
    /// cells), and the title column `choose` picks from the first rows (so a clean reads the
    /// sheet once before writing it). Fails on a damaged or password-protected workbook, an
    /// unknown sheet (listing the sheets), an empty sheet, one whose cells are too few for the
    /// grid they span, or as `choose` fails.
    pub(super) fn open(
        bytes: Vec<u8>,
        file: &str,
        sheet: Option<&str>,
        choose: Chooser<'_>,
    ) -> Result<(XlsxSheet, Option<TitleColumn>), Error> {
        let bytes = Bytes(Arc::new(bytes));
        let mut book: Book = Xlsx::new(Cursor::new(bytes.clone())).map_err(damaged(file))?;
        let sheets = book.sheet_names();
        let name = choose_sheet(&sheets, sheet, file)?;
        let unreadable = |e: ReadError| {
            Error::new(
                file,
                0,
                ErrorKind::UnreadableSheet {
                    sheet: name.clone(),
                    detail: e.to_string(),
                },
            )
        };
        let limit = (HEADER_ROWS + SAMPLE_ROWS) as u32;
        let mut sample: Vec<(u32, u32, String)> = Vec::new();
        let mut candidates: Vec<(u32, u32)> = Vec::new();
        let mut extent = Extent::default();
        let mut start: Option<u32> = None;
        // Once chosen: the title column, its first data row (absolute), and its cells so far.
        let mut chosen: Option<(u32, u32)> = None;
        let mut asked = false;
        let mut title = TitleCells::default();
        {
            let mut reader = match book.worksheet_cells_reader(&name) {
                Ok(reader) => reader,
                Err(ReadError::NotAWorksheet(_)) => {
                    return Err(Error::new(file, 0, ErrorKind::EmptySheet(name)))
                }
                Err(e) => return Err(unreadable(e)),
            };
            while let Some(cell) = reader.next_cell().map_err(unreadable)? {
                let (row, col) = cell.get_position();
                let start = *start.get_or_insert(row);
                if !asked && row >= start.saturating_add(limit) {
                    // The first rows are all read: choose the title column, and take its cells
                    // from the sample, then from here on as they come.
                    asked = true;
                    if let Some(first) = extent.first {
                        let rows = (row - first).min(limit) as usize;
                        let first_rows = grid(&sample, first, rows, extent.columns as usize);
                        if let Some((c, from)) = choose(&first_rows, first)? {
                            let at = (c as u32, first + from as u32);
                            title.adopt(at, &sample, &candidates, &HashMap::new());
                            chosen = Some(at);
                        }
                    }
                }
                let value = cell.get_value();
                // How a formula with no saved value reads (`<v/>` reads as an empty string).
                let empty = matches!(value, DataRef::Empty)
                    || matches!(value, DataRef::String(s) if s.is_empty());
                let in_title = chosen
                    .filter(|&(c, from)| c == col && row >= from)
                    .is_some();
                if empty {
                    candidates.push((row, col));
                    if in_title {
                        title.candidates.push(row);
                    }
                    continue;
                }
                extent.add(row, col);
                if row < start.saturating_add(limit) {
                    sample.push((row, col, value_of(value).text().into_owned()));
                } else if in_title {
                    title
                        .cells
                        .push((row, title.interned.id(&value_of(value).text(), false)));
                }
            }
        }
        let located = locate(bytes.as_ref(), &name, file)?;
        let mut uncomputed = HashMap::new();
        if !candidates.is_empty() {
            let wanted: HashSet<(u32, u32)> = candidates.iter().copied().collect();
            uncomputed = formulas_without_values(bytes.as_ref(), &located.part, &wanted)
                .map_err(|detail| unreadable(ReadError::Unexpected(detail)))?;
            for &(row, col) in uncomputed.keys() {
                extent.add(row, col);
            }
        }
        let (Some(first), Some(start)) = (extent.first, start) else {
            return Err(Error::new(file, 0, ErrorKind::EmptySheet(name)));
        };
        extent.check(&name, file)?;
        for (&(row, col), formula) in &uncomputed {
            if row < start.saturating_add(limit) {
                sample.push((row, col, format!("={formula}")));
            }
        }
        let width = extent.columns as usize;
        let rows = (extent.last - first + 1).min(limit) as usize;
        let grid = grid(&sample, first, rows, width);
        if !asked {
            // A sheet shorter than the first rows: chosen from all of it, formulas included.
            if let Some((c, from)) = choose(&grid, first)? {
                // The sample's formula texts are not cells with values: they come below.
                let at = (c as u32, first + from as u32);
                title.adopt(at, &sample, &candidates, &uncomputed);
                chosen = Some(at);
            }
        }
        // Each data row's title, in order: its cell, its formula with no saved value, or blank.
        let column = chosen.map(|(c, from)| {
            let mut cells = title.cells.iter().peekable();
            let mut formulas = title.candidates.iter().peekable();
            let rows = (from..=extent.last)
                .map(|r| {
                    while cells.peek().is_some_and(|(at, _)| *at < r) {
                        cells.next();
                    }
                    while formulas.peek().is_some_and(|&&at| at < r) {
                        formulas.next();
                    }
                    if let Some(&&(_, id)) = cells.peek().filter(|(at, _)| *at == r) {
                        return id;
                    }
                    match uncomputed.get(&(r, c)) {
                        Some(f) if formulas.peek() == Some(&&r) => {
                            title.interned.id(&format!("={f}"), true)
                        }
                        _ => title.interned.id("", false),
                    }
                })
                .collect();
            TitleColumn {
                texts: std::mem::take(&mut title.interned.texts),
                rows,
            }
        });
        let sheet = XlsxSheet {
            book: RefCell::new(book),
            located,
            bytes,
            sheets,
            name,
            first,
            last: extent.last,
            width,
            sample: grid,
            uncomputed,
        };
        Ok((sheet, column))
    }

    fn unreadable(&self) -> impl Fn(ReadError) -> Error + '_ {
        move |e| {
            let kind = ErrorKind::UnreadableSheet {
                sheet: self.name.clone(),
                detail: e.to_string(),
            };
            Error::new(&self.name, 0, kind)
        }
    }

    /// Calls `f` with the text of the cell in `column` of each row from `from` to the last, in
    /// order (blank where there is none; a formula with no saved value as `=` and its formula),
    /// and whether it is such a formula. Cost: one pass over the sheet's XML.
    pub(super) fn for_each_in_column(
        &self,
        column: usize,
        from: u32,
        mut f: impl FnMut(&str, bool),
    ) -> Result<(), Error> {
        let col = column as u32;
        let mut next = from;
        let last = self.last;
        let unreadable = self.unreadable();
        let mut book = self.book.borrow_mut();
        let mut reader = book
            .worksheet_cells_reader(&self.name)
            .map_err(&unreadable)?;
        while let Some(cell) = reader.next_cell().map_err(&unreadable)? {
            let (row, c) = cell.get_position();
            if c != col || row < next || row > last {
                continue;
            }
            for _ in next..row {
                f("", false);
            }
            match self.uncomputed.get(&(row, c)) {
                Some(formula) => f(&format!("={formula}"), true),
                None => f(&value_of(cell.get_value()).text(), false),
            }
            next = row + 1;
        }
        for _ in next..=last {
            f("", false);
        }
        Ok(())
    }

    /// Calls `f(row, i, text)` for the cell in `columns[i]` of each row from `from` to the last
    /// that has one (row counted from `from`; a formula with no saved value as `=` and its
    /// formula). Cost: one pass over the sheet's XML.
    pub(super) fn for_each_in_columns(
        &self,
        columns: &[usize],
        from: u32,
        mut f: impl FnMut(usize, usize, &str),
    ) -> Result<(), Error> {
        let last = self.last;
        let unreadable = self.unreadable();
        let mut book = self.book.borrow_mut();
        let mut reader = book
            .worksheet_cells_reader(&self.name)
            .map_err(&unreadable)?;
        while let Some(cell) = reader.next_cell().map_err(&unreadable)? {
            let (row, c) = cell.get_position();
            if row < from || row > last {
                continue;
            }
            let Some(i) = columns.iter().position(|&k| k == c as usize) else {
                continue;
            };
            let at = (row - from) as usize;
            match self.uncomputed.get(&(row, c)) {
                Some(formula) => f(at, i, &format!("={formula}")),
                None => f(at, i, &value_of(cell.get_value()).text()),
            }
        }
        Ok(())
    }

    /// Calls `f` with each row from the sheet's first to its last as `width` values (empty
    /// where there is no cell; a formula with no saved value as text, `=` and its formula).
    /// Cost: one pass over the sheet's XML, holding a run of rows.
    pub(super) fn for_each_row(
        &self,
        mut f: impl FnMut(&[Value<'static>]) -> std::io::Result<()>,
    ) -> Result<std::io::Result<()>, Error> {
        const ROWS: usize = 1024;
        self.with_runs(ROWS, ROWS, None, |next| {
            while let Some(run) = next()? {
                for row in &run.rows {
                    if let Err(e) = f(row) {
                        return Ok(Err(e));
                    }
                }
            }
            Ok(Ok(()))
        })?
    }

    /// Calls `f` with the sheet's rows from its first to its last, `first` rows in the first
    /// call and `n` in each after (the last fewer), until `f` returns false; returns whether it
    /// never did. See [`XlsxSheet::with_runs`].
    pub(super) fn for_each_run(
        &self,
        first: usize,
        n: usize,
        keep: Option<&[usize]>,
        mut f: impl FnMut(SheetRows) -> bool,
    ) -> Result<bool, Error> {
        self.with_runs(first, n, keep, |next| {
            while let Some(run) = next()? {
                if !f(run) {
                    return Ok(false);
                }
            }
            Ok(true)
        })?
    }

    /// Calls `f` with a reader of the sheet's rows from its first to its last, in runs: `first`
    /// rows in the first run, `n` in each after (the last fewer), `None` after the last. Each
    /// row is `width` values, empty where there is no cell or the column is not one `keep`
    /// names (all are kept with `None`); a formula with no saved value is text, `=` and its
    /// formula. Cost: one pass over the sheet's XML, holding one run of rows.
    pub(super) fn with_runs<T>(
        &self,
        first: usize,
        n: usize,
        keep: Option<&[usize]>,
        f: impl FnOnce(&mut dyn FnMut() -> Result<Option<SheetRows>, Error>) -> T,
    ) -> Result<T, Error> {
        let (width, last) = (self.width, self.last);
        let kept: Vec<bool> = (0..width)
            .map(|c| keep.is_none_or(|k| k.contains(&c)))
            .collect();
        let unreadable = self.unreadable();
        let mut book = self.book.borrow_mut();
        let mut reader = book
            .worksheet_cells_reader(&self.name)
            .map_err(&unreadable)?;
        // The next run's first row (none after the last), its size, and a cell read past the
        // run before.
        let (mut next_row, mut want) = (Some(self.first), first.max(1));
        let mut pending: Option<(u32, u32, Value<'static>)> = None;
        let mut next = || -> Result<Option<SheetRows>, Error> {
            let Some(start) = next_row.filter(|&r| r <= last) else {
                return Ok(None);
            };
            let end = start.saturating_add(want as u32 - 1).min(last);
            want = n.max(1);
            let mut run = SheetRows {
                first: start,
                rows: vec![vec![Value::Empty; width]; (end - start) as usize + 1],
                uncomputed: HashSet::new(),
            };
            loop {
                let (row, col, value) = match pending.take() {
                    Some(cell) => cell,
                    None => match reader.next_cell().map_err(&unreadable)? {
                        None => break,
                        Some(cell) => {
                            let (row, col) = cell.get_position();
                            if row < start || !kept.get(col as usize).copied().unwrap_or(false) {
                                continue;
                            }
                            (row, col, value_of(cell.get_value()).into_owned())
                        }
                    },
                };
                if row > end {
                    pending = Some((row, col, value));
                    break;
                }
                let at = row - start;
                run.rows[at as usize][col as usize] = match self.uncomputed.get(&(row, col)) {
                    Some(formula) => {
                        run.uncomputed.insert((at, col));
                        Value::Text(Cow::Owned(format!("={formula}")))
                    }
                    None => value,
                };
            }
            next_row = end.checked_add(1);
            Ok(Some(run))
        };
        Ok(f(&mut next))
    }
}

/// A run of an XLSX sheet's rows, read as a stream: each row's values, `width` of them (a
/// formula with no saved value as text, `=` and its formula), and which cells are such
/// formulas. About 32 bytes a cell and its text.
#[derive(Debug, Default)]
pub(super) struct SheetRows {
    /// The first row's 0-based number in the sheet.
    pub(super) first: u32,
    pub(super) rows: Vec<Vec<Value<'static>>>,
    /// The (row in `rows`, column) of the cells that are formulas with no saved value.
    uncomputed: HashSet<(u32, u32)>,
}

impl SheetRows {
    /// As [`XlsxSheet::for_each_in_column`], over these rows from `from` (counted in them).
    pub(super) fn for_each_in_column(
        &self,
        column: usize,
        from: usize,
        mut f: impl FnMut(&str, bool),
    ) {
        for (r, row) in self.rows.iter().enumerate().skip(from) {
            let text = row.get(column).map_or(Cow::Borrowed(""), Value::text);
            f(&text, self.uncomputed.contains(&(r as u32, column as u32)));
        }
    }

    /// As [`XlsxSheet::for_each_in_columns`], over these rows from `from` (counted in them).
    pub(super) fn for_each_in_columns(
        &self,
        columns: &[usize],
        from: usize,
        mut f: impl FnMut(usize, usize, &str),
    ) {
        for (r, row) in self.rows.iter().enumerate().skip(from) {
            for (i, &c) in columns.iter().enumerate() {
                f(
                    r - from,
                    i,
                    &row.get(c).map_or(Cow::Borrowed(""), Value::text),
                );
            }
        }
    }
}

/// The formulas (without `=`) of the cells at `wanted` positions that have a formula and no saved
/// value: no `<v>`, or an empty one that is not a formula's empty text (`t="str"`). How openpyxl
/// and pandas write every formula. One pass over the sheet's XML; the cells of a shared formula
/// after its first take the first's formula as written (not moved to their own row).
fn formulas_without_values(
    bytes: &[u8],
    part: &str,
    wanted: &HashSet<(u32, u32)>,
) -> Result<HashMap<(u32, u32), String>, &'static str> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| "not a zip")?;
    let xml = zip.by_name(part).map_err(|_| "no sheet part")?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(xml));
    reader.config_mut().check_end_names = false;
    let mut found = HashMap::new();
    let mut shared: HashMap<String, String> = HashMap::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut cell: Option<FormulaCell> = None;
    let mut in_formula = false;
    let mut in_value = false;
    let mut master: Option<String> = None;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| "the sheet's XML is damaged")?;
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                row = attribute(&e, b"r")
                    .and_then(|r| r.parse::<u32>().ok())
                    .and_then(|r| r.checked_sub(1))
                    .unwrap_or(row);
                col = 0;
            }
            Event::End(e) if e.local_name().as_ref() == b"row" => row += 1,
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                if let Some((_, c)) = attribute(&e, b"r").and_then(|r| cell_position(&r)) {
                    col = c;
                }
                cell = Some(FormulaCell {
                    at: (row, col),
                    kind: attribute(&e, b"t"),
                    formula: None,
                    valued: false,
                });
                col += 1;
            }
            Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                if let Some((_, c)) = attribute(&e, b"r").and_then(|r| cell_position(&r)) {
                    col = c;
                }
                col += 1;
            }
            Event::Start(e) if e.local_name().as_ref() == b"f" => {
                in_formula = true;
                // The first cell of a shared formula (it has a range) gives it to the others.
                master = attribute(&e, b"ref").and(attribute(&e, b"si"));
                if let Some(cell) = cell.as_mut() {
                    cell.formula = Some(String::new());
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == b"f" => {
                if let Some(cell) = cell.as_mut() {
                    let si = attribute(&e, b"si");
                    cell.formula = Some(
                        si.and_then(|si| shared.get(&si).cloned())
                            .unwrap_or_default(),
                    );
                }
            }
            Event::Text(t) if in_formula => {
                if let Some(formula) = cell.as_mut().and_then(|c| c.formula.as_mut()) {
                    let text = t.xml_content().map_err(|_| "a formula is not text")?;
                    formula.push_str(&text);
                }
            }
            Event::GeneralRef(r) if in_formula => {
                if let Some(formula) = cell.as_mut().and_then(|c| c.formula.as_mut()) {
                    let entity = format!("&{};", String::from_utf8_lossy(&r));
                    let text = quick_xml::escape::unescape(&entity).map(Cow::into_owned);
                    formula.push_str(&text.unwrap_or_default());
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"f" => {
                in_formula = false;
                if let (Some(si), Some(formula)) = (
                    master.take(),
                    cell.as_ref().and_then(|c| c.formula.as_ref()),
                ) {
                    shared.insert(si, formula.clone());
                }
            }
            Event::Start(e) if e.local_name().as_ref() == b"v" => in_value = true,
            Event::Text(t) if in_value => {
                if let Some(cell) = cell.as_mut() {
                    cell.valued |= !t.is_empty();
                }
            }
            Event::GeneralRef(_) if in_value => {
                if let Some(cell) = cell.as_mut() {
                    cell.valued = true;
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"v" => in_value = false,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"is" => {
                if let Some(cell) = cell.as_mut() {
                    cell.valued = true;
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"c" => {
                if let Some(FormulaCell {
                    at,
                    kind,
                    formula: Some(formula),
                    valued,
                }) = cell.take()
                {
                    let text_result = kind.as_deref() == Some("str");
                    if !valued && !text_result && wanted.contains(&at) {
                        found.insert(at, formula);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(found)
}

/// The cell [`formulas_without_values`] is reading.
struct FormulaCell {
    at: (u32, u32),
    /// Its `t` attribute.
    kind: Option<String>,
    formula: Option<String>,
    /// Whether its value has text.
    valued: bool,
}

/// A cell reference (`C12`) as its 0-based (row, column).
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = reference.as_bytes()[..letters].iter().fold(0u32, |c, b| {
        c * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u32 = reference[letters..].parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The rows and columns that cells holding a value span, and how many there are.
#[derive(Debug, Default)]
struct Extent {
    first: Option<u32>,
    last: u32,
    columns: u32,
    values: u64,
}

impl Extent {
    fn add(&mut self, row: u32, col: u32) {
        self.first = Some(self.first.map_or(row, |f| f.min(row)));
        self.last = self.last.max(row);
        self.columns = self.columns.max(col + 1);
        self.values += 1;
    }

    /// Refuses a sheet whose grid, as a CSV writes it (every row as wide as the widest), would
    /// be far larger than its values: see [`MAX_SHEET_CELLS`] and [`MAX_SPARSENESS`].
    fn check(&self, sheet: &str, file: &str) -> Result<(), Error> {
        let rows = u64::from(self.last - self.first.unwrap_or(0)) + 1;
        let columns = u64::from(self.columns);
        let area = rows * columns;
        if area > MAX_SHEET_CELLS || (area > 1 << 20 && area > self.values * MAX_SPARSENESS) {
            return Err(Error::new(
                file,
                0,
                ErrorKind::TooManyCells {
                    sheet: sheet.to_string(),
                    rows,
                    columns,
                    values: self.values,
                },
            ));
        }
        Ok(())
    }
}

/// A cell as a value: text, number, boolean or date (a workbook in the 1904 date system
/// shifted to the 1900 system's serials).
pub(super) fn value_of<'a>(d: &'a DataRef<'_>) -> Value<'a> {
    match d {
        DataRef::Empty => Value::Empty,
        // calamine decodes Excel's `_x00HH_` escapes of shared strings itself.
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Value::Text(Cow::Borrowed(s))
        }
        DataRef::SharedString(s) => Value::Text(Cow::Borrowed(s)),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::Error(e) => Value::Text(Cow::Owned(e.to_string())),
        DataRef::DateTime(dt) => Value::Date(serial_1900(dt)),
    }
}

/// An Excel date-time as a serial of the 1900 date system.
pub(super) fn serial_1900(dt: &ExcelDateTime) -> f64 {
    let serial = dt.as_f64();
    let is_1904 = *dt == ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, true)
        || *dt == ExcelDateTime::new(serial, ExcelDateTimeType::TimeDelta, true);
    if is_1904 {
        serial + 1462.0
    } else {
        serial
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::cell::date_text;

    #[test]
    fn dates_of_the_1904_system_are_shifted() {
        let d = ExcelDateTime::new(0.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(date_text(serial_1900(&d)), "1904-01-01");
    }
}
