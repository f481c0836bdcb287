//! XLSX and XLSM sheets, read as a stream of cells with calamine, never laid out as a grid: a
//! million-row sheet costs its workbook's bytes, its shared strings and a few bytes a row. The
//! sheet is read once when it is opened (its extent, its first rows, its formulas that have no
//! saved value), once for the title column, and once more for CSV output; XLSX output edits the
//! user's own package (`edit`).
//!
//! A formula cell carries the value the spreadsheet last computed. Workbooks written by openpyxl
//! or pandas carry none: such a cell is read as its formula (`=C2`), never as empty.

use super::cell::Value;
use super::columns::{HEADER_ROWS, SAMPLE_ROWS};
use super::guard::{MAX_SHEET_CELLS, MAX_SPARSENESS};
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

impl XlsxSheet {
    /// Opens sheet `sheet` (else the first) of a workbook that passed the zip guard, and reads it
    /// once: its extent, its first [`HEADER_ROWS`] + [`SAMPLE_ROWS`] rows as text, and the
    /// formulas of cells with no saved value (a second pass, only when there are such cells).
    /// Fails on a damaged or password-protected workbook, an unknown sheet (listing the sheets),
    /// an empty sheet, or one whose cells are too few for the grid they span.
    pub(super) fn open(
        bytes: Vec<u8>,
        file: &str,
        sheet: Option<&str>,
    ) -> Result<XlsxSheet, Error> {
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
                let value = cell.get_value();
                if matches!(value, DataRef::Empty) {
                    candidates.push((row, col));
                    continue;
                }
                extent.add(row, col);
                if row < start.saturating_add(limit) {
                    sample.push((row, col, value_of(value).text().into_owned()));
                }
            }
        }
        let mut uncomputed = HashMap::new();
        if !candidates.is_empty() {
            let wanted: HashSet<(u32, u32)> = candidates.iter().copied().collect();
            let last = candidates.last().copied().unwrap_or_default();
            let mut reader = book.worksheet_cells_reader(&name).map_err(unreadable)?;
            while let Some(cell) = reader.next_formula().map_err(unreadable)? {
                let pos = cell.get_position();
                if wanted.contains(&pos) && !cell.get_value().is_empty() {
                    extent.add(pos.0, pos.1);
                    uncomputed.insert(pos, cell.get_value().clone());
                }
                if pos == last {
                    break;
                }
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
        let mut grid = vec![vec![String::new(); width]; rows];
        for (row, col, text) in sample {
            if let Some(r) = row
                .checked_sub(first)
                .and_then(|r| grid.get_mut(r as usize))
            {
                r[col as usize] = text;
            }
        }
        Ok(XlsxSheet {
            book: RefCell::new(book),
            bytes,
            sheets,
            name,
            first,
            last: extent.last,
            width,
            sample: grid,
            uncomputed,
        })
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

    /// Calls `f` with each row from `from` to the last as `width` values (empty where there is
    /// no cell; a formula with no saved value as text, `=` and its formula). Cost: one pass over
    /// the sheet's XML and one row of values at a time.
    pub(super) fn for_each_row(
        &self,
        from: u32,
        mut f: impl FnMut(&[Value<'_>]) -> std::io::Result<()>,
    ) -> Result<std::io::Result<()>, Error> {
        let width = self.width;
        let last = self.last;
        let mut row_cells: Vec<Value<'static>> = vec![Value::Empty; width];
        let mut current = from;
        let unreadable = self.unreadable();
        let mut book = self.book.borrow_mut();
        let mut reader = book
            .worksheet_cells_reader(&self.name)
            .map_err(&unreadable)?;
        while let Some(cell) = reader.next_cell().map_err(&unreadable)? {
            let (row, col) = cell.get_position();
            if row < from || row > last || col as usize >= width {
                continue;
            }
            while current < row {
                if let Err(e) = f(&row_cells) {
                    return Ok(Err(e));
                }
                row_cells.iter_mut().for_each(|v| *v = Value::Empty);
                current += 1;
            }
            row_cells[col as usize] = match self.uncomputed.get(&(row, col)) {
                Some(formula) => Value::Text(Cow::Owned(format!("={formula}"))),
                None => value_of(cell.get_value()).into_owned(),
            };
        }
        while current <= last {
            if let Err(e) = f(&row_cells) {
                return Ok(Err(e));
            }
            row_cells.iter_mut().for_each(|v| *v = Value::Empty);
            current += 1;
        }
        Ok(Ok(()))
    }
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
