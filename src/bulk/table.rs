//! The table a bulk clean works on: a CSV or XLSX sheet behind one interface (its header, rows,
//! cells of a column) and written back as either format.

use super::cell::Value;
use super::columns::Appended;
use super::csv::{write_grid, CsvSheet};
use super::decode::decode_with;
use super::guard::{kind_of, Kind};
use super::xlsx::{self, XlsxSheet};
use crate::error::{Error, ErrorKind};
use std::io::Write;

/// The file format of an input, detected from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text.
    Csv,
    /// An Office Open XML workbook (a zip starting `PK\x03\x04`).
    Xlsx,
}

impl Format {
    /// `"csv"` or `"xlsx"`.
    pub fn id(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug)]
enum Body {
    Csv(CsvSheet),
    Xlsx(XlsxSheet),
}

/// A sheet read from CSV or XLSX: a header row and data rows.
#[derive(Debug)]
pub(super) struct Table {
    sheets: Vec<String>,
    sheet: String,
    header: Vec<String>,
    /// Columns in the widest row (at least the header's).
    width: usize,
    body: Body,
}

impl Table {
    /// Reads `bytes`: XLSX when they start `PK\x03\x04`, else CSV text. `file` names the input in
    /// messages (and is the one sheet name of a CSV); `sheet` chooses an XLSX sheet, else the
    /// first. Fails with a message saying what is wrong on an empty, oversized, binary or
    /// malformed file.
    pub(super) fn open(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Table, Error> {
        if kind_of(bytes, file)? == Kind::Zip {
            let opened = xlsx::open(bytes, file, sheet)?;
            return Ok(Table {
                sheets: opened.sheets,
                sheet: opened.name,
                header: opened.header,
                width: opened.width,
                body: Body::Xlsx(opened.sheet),
            });
        }
        // A CSV's one sheet is named after the file (see `sheets`); any other name is a mistake.
        let name = csv_sheet_name(file);
        if let Some(asked) = sheet.filter(|&asked| asked != name) {
            return Err(Error::new(file, 0, ErrorKind::SheetInCsv(asked.into())));
        }
        let (body, header, width) = CsvSheet::open(decode_with(bytes).0.into_owned(), file)?;
        Ok(Table {
            sheets: vec![name.to_string()],
            sheet: name.to_string(),
            header,
            width,
            body: Body::Csv(body),
        })
    }

    /// CSV or XLSX.
    pub(super) fn format(&self) -> Format {
        match self.body {
            Body::Csv(_) => Format::Csv,
            Body::Xlsx(_) => Format::Xlsx,
        }
    }

    /// The sheet names (a CSV has one: its file name).
    pub(super) fn sheets(&self) -> &[String] {
        &self.sheets
    }

    /// The sheet in use.
    pub(super) fn sheet(&self) -> &str {
        &self.sheet
    }

    /// The header cells as text.
    pub(super) fn header(&self) -> &[String] {
        &self.header
    }

    /// Data rows, the header not counted.
    pub(super) fn rows(&self) -> usize {
        match &self.body {
            Body::Csv(c) => c.rows(),
            Body::Xlsx(x) => x.rows(),
        }
    }

    /// The 1-based file lines of CSV records with more or fewer fields than the header (an XLSX
    /// sheet is a grid, so it has none).
    pub(super) fn ragged(&self) -> Vec<usize> {
        match &self.body {
            Body::Csv(c) => c.ragged(),
            Body::Xlsx(_) => Vec::new(),
        }
    }

    /// Calls `f` with each data row's cell in `column` as text, in order (blank where the row is
    /// short).
    pub(super) fn for_each_in_column(&self, column: usize, f: impl FnMut(&str)) {
        match &self.body {
            Body::Csv(c) => c.for_each_in_column(column, f),
            Body::Xlsx(x) => x.for_each_in_column(column, f),
        }
    }

    /// Writes the sheet as CSV with the `appended` columns to `w`, a row at a time. A CSV keeps
    /// its delimiter and line endings and its records' original bytes (short rows padded); an
    /// XLSX sheet becomes comma-separated with CRLF line ends. Formula-like cells are neutralised.
    pub(super) fn write_csv<C: AsRef<[Value<'static>]>>(
        &self,
        appended: &Appended<'_, C>,
        w: &mut dyn Write,
    ) -> std::io::Result<()> {
        match &self.body {
            Body::Csv(c) => c.write(self.width, appended, w),
            Body::Xlsx(x) => write_grid(x.value_rows(self.width), self.width, appended, w),
        }
    }

    /// The sheet as an XLSX workbook of one sheet, cells keeping their types (CSV cells are text),
    /// `appended` columns after the widest row. Fails over Excel's limits or on a cell Excel
    /// cannot hold (text over 32,767 characters).
    pub(super) fn to_xlsx<C: AsRef<[Value<'static>]>>(
        &self,
        appended: &Appended<'_, C>,
    ) -> Result<Vec<u8>, Error> {
        let (rows, width, name) = (self.rows(), self.width, self.sheet.as_str());
        match &self.body {
            Body::Csv(c) => xlsx::write(name, rows, width, c.value_rows(), appended, name),
            Body::Xlsx(x) => xlsx::write(name, rows, width, x.value_rows(width), appended, name),
        }
    }
}

/// The name of a CSV's one sheet: its file name without the folder.
fn csv_sheet_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}
