//! Workbooks whose package the clean does not edit: an old Excel `.xls`, an Excel binary `.xlsb`
//! or an OpenDocument `.ods` sheet, read whole by calamine into a grid of values (about 32 bytes
//! a cell) and written as a new XLSX (`workbook`) or as CSV. Formula cells are read as the
//! values last computed; their formatting is not carried over.

use super::cell::Value;
use super::columns::{HEADER_ROWS, SAMPLE_ROWS};
use super::guard::MAX_SHEET_CELLS;
use super::xlsx::{choose_sheet, serial_1900, Bytes};
use crate::error::{Error, ErrorKind};
use calamine::{Data, Ods, Range, Reader, Xls, Xlsb};
use std::borrow::Cow;
use std::io::Cursor;
use std::sync::Arc;

/// The formats read into a grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GridFormat {
    Xls,
    Xlsb,
    Ods,
}

/// A sheet read whole.
#[derive(Debug)]
pub(super) struct GridSheet {
    cells: Range<Data>,
    pub(super) sheets: Vec<String>,
    pub(super) name: String,
    /// The first and last rows holding a value (0-based, absolute).
    pub(super) first: u32,
    pub(super) last: u32,
    /// Columns from A to the last one holding a value.
    pub(super) width: usize,
}

impl GridSheet {
    /// Opens sheet `sheet` (else the first) of a workbook in `format`. Fails on a damaged or
    /// password-protected workbook, an unknown or empty sheet, or a grid over
    /// [`MAX_SHEET_CELLS`].
    pub(super) fn open(
        bytes: Vec<u8>,
        format: GridFormat,
        file: &str,
        sheet: Option<&str>,
    ) -> Result<GridSheet, Error> {
        let data = Cursor::new(Bytes(Arc::new(bytes)));
        match format {
            GridFormat::Xls => read(Xls::new(data), file, sheet),
            GridFormat::Xlsb => read(Xlsb::new(data), file, sheet),
            GridFormat::Ods => read(Ods::new(data), file, sheet),
        }
    }

    /// The first [`HEADER_ROWS`] + [`SAMPLE_ROWS`] rows from the first used one, as text.
    pub(super) fn sample(&self) -> Vec<Vec<String>> {
        let limit = (HEADER_ROWS + SAMPLE_ROWS) as u32;
        let to = self.last.min(self.first.saturating_add(limit - 1));
        (self.first..=to)
            .map(|row| {
                (0..self.width)
                    .map(|c| self.value(row, c).text().into_owned())
                    .collect()
            })
            .collect()
    }

    fn value(&self, row: u32, col: usize) -> Value<'_> {
        self.cells
            .get_value((row, col as u32))
            .map_or(Value::Empty, value_of)
    }

    /// Calls `f` with the text of the cell in `column` of each row from `from` to the last.
    pub(super) fn for_each_in_column(&self, column: usize, from: u32, mut f: impl FnMut(&str)) {
        for row in from..=self.last {
            f(&self.value(row, column).text());
        }
    }

    /// Calls `f(row, i, text)` for the cell in `columns[i]` of each row from `from` on (row
    /// counted from `from`), blank cells included.
    pub(super) fn for_each_in_columns(
        &self,
        columns: &[usize],
        from: u32,
        mut f: impl FnMut(usize, usize, &str),
    ) {
        for row in from..=self.last {
            for (i, &c) in columns.iter().enumerate() {
                f((row - from) as usize, i, &self.value(row, c).text());
            }
        }
    }

    /// Each row from `from` to the last as `width` values.
    pub(super) fn rows_from(&self, from: u32) -> impl Iterator<Item = Vec<Value<'_>>> {
        (from..=self.last).map(move |row| (0..self.width).map(|c| self.value(row, c)).collect())
    }
}

fn read<R: Reader<Cursor<Bytes>>>(
    book: Result<R, R::Error>,
    file: &str,
    sheet: Option<&str>,
) -> Result<GridSheet, Error>
where
    calamine::Error: From<R::Error>,
{
    let fail = |e: R::Error| {
        let e = calamine::Error::from(e);
        let kind = if is_password(&e) {
            ErrorKind::PasswordProtected
        } else {
            ErrorKind::Damaged(e.to_string())
        };
        Error::new(file, 0, kind)
    };
    let mut book = book.map_err(fail)?;
    let sheets = book.sheet_names();
    let name = choose_sheet(&sheets, sheet, file)?;
    let cells = book.worksheet_range(&name).map_err(|e| {
        let detail = calamine::Error::from(e).to_string();
        let kind = ErrorKind::UnreadableSheet {
            sheet: name.clone(),
            detail,
        };
        Error::new(file, 0, kind)
    })?;
    let (Some((first, _)), Some((last, last_col))) = (cells.start(), cells.end()) else {
        return Err(Error::new(file, 0, ErrorKind::EmptySheet(name)));
    };
    let width = last_col as usize + 1;
    let rows = u64::from(last - first) + 1;
    if rows * width as u64 > MAX_SHEET_CELLS {
        let values = cells.used_cells().count() as u64;
        let kind = ErrorKind::TooManyCells {
            sheet: name,
            rows,
            columns: width as u64,
            values,
        };
        return Err(Error::new(file, 0, kind));
    }
    Ok(GridSheet {
        cells,
        sheets,
        name,
        first,
        last,
        width,
    })
}

fn is_password(e: &calamine::Error) -> bool {
    matches!(
        e,
        calamine::Error::Xls(calamine::XlsError::Password)
            | calamine::Error::Xlsb(calamine::XlsbError::Password)
            | calamine::Error::Ods(calamine::OdsError::Password)
    )
}

/// A grid cell as a value.
fn value_of(d: &Data) -> Value<'_> {
    match d {
        Data::Empty => Value::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            Value::Text(Cow::Borrowed(s))
        }
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::Error(e) => Value::Text(Cow::Owned(e.to_string())),
        Data::DateTime(dt) => Value::Date(serial_1900(dt)),
    }
}
