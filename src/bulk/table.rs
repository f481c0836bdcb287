//! The table a bulk clean works on: a CSV file, an XLSX or XLSM sheet (streamed, its package
//! edited on output) or a sheet of another workbook format (read whole), behind one interface:
//! the sheet's first rows to find the table in, the cells of a column, and the sheet written back
//! as CSV or XLSX.
//!
//! Rows are counted from the sheet's first row: a CSV's first record, a workbook sheet's first
//! row holding a value.

use super::cell::Value;
use super::columns::{Appended, HEADER_ROWS, SAMPLE_ROWS};
use super::csv::{CsvSheet, GridCsv, SegmentOf};
use super::decode::Encoding;
use super::edit::{self, Plan, RowCells};
use super::grid::{GridFormat, GridSheet};
use super::guard::{check_zip, kind_of, zip_kind, Kind, MAX_UNCOMPRESSED_BYTES};
use super::guard::{
    MAX_STREAMED_UNCOMPRESSED_BYTES as MAX_STREAMED, MAX_XLSX_COLUMNS, MAX_XLSX_ROWS,
};
use super::package::Located;
use super::workbook::{self, Shape};
use super::xlsx::{Bytes, Chooser, SheetRows, TitleColumn, XlsxSheet};
use crate::error::{Error, ErrorKind};
use std::io::{Cursor, Seek, Write};

/// The file format of an input, told from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Delimited text.
    Csv,
    /// An Office Open XML workbook.
    Xlsx,
    /// An Office Open XML workbook with macros, which are kept untouched.
    Xlsm,
    /// An old binary Excel workbook (Excel 97 to 2003).
    Xls,
    /// An Excel binary workbook.
    Xlsb,
    /// An OpenDocument spreadsheet (LibreOffice).
    Ods,
}

impl Format {
    /// `"csv"`, `"xlsx"`, `"xlsm"`, `"xls"`, `"xlsb"` or `"ods"`: also the file extension.
    pub fn id(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xlsm => "xlsm",
            Format::Xls => "xls",
            Format::Xlsb => "xlsb",
            Format::Ods => "ods",
        }
    }

    /// The extension of the workbook a clean writes: the input's own package for XLSX and XLSM
    /// (an `.xlsm` must stay `.xlsm`, or Excel refuses it), a new `.xlsx` for the others.
    pub fn workbook_extension(self) -> &'static str {
        match self {
            Format::Xlsm => "xlsm",
            _ => "xlsx",
        }
    }

    /// Whether the workbook a clean writes is the input's own, with everything in it kept
    /// (XLSX, XLSM); else it is a new workbook of the sheet's values.
    pub fn keeps_workbook(self) -> bool {
        matches!(self, Format::Xlsx | Format::Xlsm)
    }
}

#[derive(Debug)]
enum Body {
    Csv(CsvSheet),
    Xlsx(Box<XlsxSheet>),
    Grid(GridSheet),
    /// A run of an XLSX sheet's rows, read as a stream (`stream`).
    Rows(SheetRows),
}

/// A sheet, opened.
#[derive(Debug)]
pub(super) struct Table {
    format: Format,
    body: Body,
    /// The first rows, as text.
    sample: Vec<Vec<String>>,
    /// Columns in the widest row.
    width: usize,
    /// Rows from the first.
    rows: usize,
    sheets: Vec<String>,
    sheet: String,
}

impl Table {
    /// Reads `bytes`, by content: a zip is an XLSX, XLSM, XLSB or ODS workbook, an OLE file an
    /// old `.xls`, else CSV text. `file` names the input in messages (and is the one sheet name
    /// of a CSV); `sheet` chooses a workbook's sheet, else the first. Fails with a message saying
    /// what is wrong on an empty, oversized, binary, encrypted or damaged file. An XLSX's title
    /// column is read in the same pass, as `choose` picks it from the first rows (see
    /// [`Chooser`]); other formats are read whole, and their columns read from memory later.
    /// `streamed` is for an XLSX or XLSM sheet to be read a run at a time, which may declare up
    /// to [`MAX_STREAMED`] bytes.
    pub(super) fn open(
        bytes: Vec<u8>,
        file: &str,
        sheet: Option<&str>,
        choose: Chooser<'_>,
        streamed: bool,
    ) -> Result<(Table, Option<TitleColumn>), Error> {
        let grid = |format, grid_format, bytes| -> Result<(Table, Option<TitleColumn>), Error> {
            let g = GridSheet::open(bytes, grid_format, file, sheet)?;
            let table = Table {
                format,
                sample: g.sample(),
                width: g.width,
                rows: (g.last - g.first) as usize + 1,
                sheets: g.sheets.clone(),
                sheet: g.name.clone(),
                body: Body::Grid(g),
            };
            Ok((table, None))
        };
        match kind_of(&bytes, file)? {
            Kind::Ole => return grid(Format::Xls, GridFormat::Xls, bytes),
            Kind::Zip => {
                let held = MAX_UNCOMPRESSED_BYTES;
                check_zip(&bytes, file, if streamed { MAX_STREAMED } else { held })?;
                let format = zip_kind(&bytes, file)?;
                // Only an XLSX or XLSM sheet is read a run at a time.
                if streamed && !format.keeps_workbook() {
                    check_zip(&bytes, file, held)?;
                }
                match format {
                    Format::Xlsb => return grid(format, GridFormat::Xlsb, bytes),
                    Format::Ods => return grid(format, GridFormat::Ods, bytes),
                    _ => {}
                }
                let (mut x, column) = XlsxSheet::open(bytes, file, sheet, choose)?;
                let table = Table {
                    format,
                    sample: std::mem::take(&mut x.sample),
                    width: x.width,
                    rows: (x.last - x.first) as usize + 1,
                    sheets: x.sheets.clone(),
                    sheet: x.name.clone(),
                    body: Body::Xlsx(Box::new(x)),
                };
                return Ok((table, column));
            }
            Kind::Text => {}
        }
        // A CSV's one sheet is named after the file (see `sheets`); any other name is a mistake.
        let name = csv_sheet_name(file).to_string();
        if let Some(asked) = sheet.filter(|&asked| asked != name) {
            return Err(Error::new(file, 0, ErrorKind::SheetInCsv(asked.into())));
        }
        let csv = CsvSheet::open(bytes, file)?;
        let rows = csv.rows();
        let sample: Vec<Vec<String>> = (0..rows.min(HEADER_ROWS + SAMPLE_ROWS))
            .map(|r| csv.fields(r).into_iter().map(|f| f.into_owned()).collect())
            .collect();
        if sample.iter().flatten().all(|c| c.trim().is_empty()) {
            return Err(Error::new(file, 1, ErrorKind::Empty));
        }
        let width = (0..rows).map(|r| csv.width_of(r)).max().unwrap_or(0);
        let table = Table {
            format: Format::Csv,
            sample,
            width,
            rows,
            sheets: vec![name.clone()],
            sheet: name,
            body: Body::Csv(csv),
        };
        Ok((table, None))
    }

    /// A later segment of a streamed CSV (`stream`): its records, padded to the file's `width`,
    /// in the sheet named `sheet`.
    pub(super) fn csv_segment(csv: CsvSheet, width: usize, sheet: &str) -> Table {
        Table {
            format: Format::Csv,
            sample: Vec::new(),
            width,
            rows: csv.rows(),
            sheets: vec![sheet.to_string()],
            sheet: sheet.to_string(),
            body: Body::Csv(csv),
        }
    }

    /// Pads to at least `width` columns: a streamed file's widest record, not only this
    /// segment's.
    pub(super) fn widen(&mut self, width: usize) {
        self.width = self.width.max(width);
    }

    /// How a CSV's later segments are read (`stream`): its encoding, delimiter, the line after
    /// its last record and the line end of its `header` (or first record). `None` for a workbook.
    pub(super) fn segment_of(&self, header: Option<usize>) -> Option<SegmentOf> {
        let Body::Csv(c) = &self.body else {
            return None;
        };
        Some(SegmentOf {
            encoding: c.encoding(),
            delimiter: c.delimiter(),
            line: c.next_line(),
            terminator: c.terminator_of(header.unwrap_or(0)),
        })
    }

    /// The fields of a CSV's record `row` (0 for a workbook).
    pub(super) fn width_of(&self, row: usize) -> usize {
        match &self.body {
            Body::Csv(c) => c.width_of(row),
            _ => 0,
        }
    }

    /// The 1-based lines of a CSV's records with other than `expected` fields, from `from` on.
    pub(super) fn ragged_against(&self, expected: usize, from: usize) -> Vec<usize> {
        let Body::Csv(c) = &self.body else {
            return Vec::new();
        };
        (from..c.rows())
            .filter(|&r| c.width_of(r) != expected)
            .map(|r| c.line(r))
            .collect()
    }

    /// Whether the sheet is an XLSX's (read as a stream of cells, formulas with no saved
    /// value told apart), or a run of its rows.
    pub(super) fn is_xlsx(&self) -> bool {
        matches!(self.body, Body::Xlsx(_) | Body::Rows(_))
    }

    /// Takes out an XLSX sheet to stream its rows (`stream`), leaving a table of none of them
    /// (its first rows, width and names kept) for [`Table::set_rows`]; `None` for another
    /// format.
    pub(super) fn take_xlsx(&mut self) -> Option<Box<XlsxSheet>> {
        if !matches!(self.body, Body::Xlsx(_)) {
            return None;
        }
        self.rows = 0;
        match std::mem::replace(&mut self.body, Body::Rows(SheetRows::default())) {
            Body::Xlsx(x) => Some(x),
            _ => None,
        }
    }

    /// Makes the table a run of a streamed XLSX sheet's rows, in place of the run before.
    pub(super) fn set_rows(&mut self, rows: SheetRows) {
        self.rows = rows.rows.len();
        self.body = Body::Rows(rows);
    }

    pub(super) fn format(&self) -> Format {
        self.format
    }

    pub(super) fn sheets(&self) -> &[String] {
        &self.sheets
    }

    pub(super) fn sheet(&self) -> &str {
        &self.sheet
    }

    /// The first rows as text (up to [`HEADER_ROWS`] + [`SAMPLE_ROWS`]), to find the table in.
    pub(super) fn sample(&self) -> &[Vec<String>] {
        &self.sample
    }

    /// Columns in the widest row.
    pub(super) fn width(&self) -> usize {
        self.width
    }

    /// Rows from the sheet's first.
    pub(super) fn rows(&self) -> usize {
        self.rows
    }

    /// The row number a person sees for row `row` (1-based): the spreadsheet's row, or the CSV
    /// record's place as a spreadsheet shows it (a record over several lines is one row; Excel's
    /// `sep=` line is not a row).
    pub(super) fn row_number(&self, row: usize) -> usize {
        match &self.body {
            Body::Csv(_) => row + 1,
            Body::Xlsx(x) => x.first as usize + row + 1,
            Body::Grid(g) => g.first as usize + row + 1,
            Body::Rows(r) => r.first as usize + row + 1,
        }
    }

    /// The row for a row number a person gives (the inverse of [`Table::row_number`]).
    pub(super) fn row_of_number(&self, number: usize) -> Option<usize> {
        let first = match &self.body {
            Body::Csv(_) => 0,
            Body::Xlsx(x) => x.first as usize,
            Body::Grid(g) => g.first as usize,
            Body::Rows(r) => r.first as usize,
        };
        number.checked_sub(first + 1).filter(|&r| r < self.rows)
    }

    /// The 1-based lines of CSV records after `header` with more or fewer fields than it (a
    /// workbook sheet is a grid, so it has none).
    pub(super) fn ragged(&self, header: Option<usize>) -> Vec<usize> {
        let h = header.unwrap_or(0);
        self.ragged_against(self.width_of(h), h + 1)
    }

    /// For CSV: the encoding it was read in and how many byte sequences were not UTF-8.
    pub(super) fn encoding(&self) -> Option<(Encoding, usize)> {
        match &self.body {
            Body::Csv(c) => Some((c.encoding(), c.invalid())),
            _ => None,
        }
    }

    /// A CSV's delimiter (a comma for a workbook).
    pub(super) fn delimiter(&self) -> u8 {
        match &self.body {
            Body::Csv(c) => c.delimiter(),
            _ => b',',
        }
    }

    /// Calls `f` with each row's cell in `column` as text, from row `from` to the last (blank
    /// where the row is short), and whether it is a formula with no saved value (then its text is
    /// the formula). Cost: a pass over the sheet (for XLSX, its XML).
    pub(super) fn for_each_in_column(
        &self,
        column: usize,
        from: usize,
        mut f: impl FnMut(&str, bool),
    ) -> Result<(), Error> {
        match &self.body {
            Body::Csv(c) => {
                c.for_each_in_column(column, from, |t| f(t, false));
                Ok(())
            }
            Body::Xlsx(x) => x.for_each_in_column(column, x.first + from as u32, f),
            Body::Grid(g) => {
                g.for_each_in_column(column, g.first + from as u32, |t| f(t, false));
                Ok(())
            }
            Body::Rows(r) => {
                r.for_each_in_column(column, from, f);
                Ok(())
            }
        }
    }

    /// Calls `f` once for each of the `rows` data rows from `from`, in order, with its cells in
    /// `columns` ([`Table::decode`] reads their bytes; empty where the row has none). Cost: a
    /// pass over the sheet; a CSV's cells neither copied nor decoded, a workbook's row held
    /// until it ends.
    pub(super) fn for_each_in_columns(
        &self,
        columns: &[usize],
        from: usize,
        rows: usize,
        mut f: impl FnMut(&[&[u8]]),
    ) -> Result<(), Error> {
        let mut done = 0;
        match &self.body {
            Body::Csv(c) => c.for_each_in_columns(columns, from, |cells| {
                if done < rows {
                    f(cells);
                    done += 1;
                }
            }),
            Body::Xlsx(_) | Body::Grid(_) | Body::Rows(_) => {
                // Cells come a cell at a time, rows in order: a row is given once the next
                // begins, rows with no cell in `columns` as empty.
                let mut current: Vec<Vec<u8>> = vec![Vec::new(); columns.len()];
                let mut give = |current: &mut Vec<Vec<u8>>, done: &mut usize| {
                    let cells: Vec<&[u8]> = current.iter().map(Vec::as_slice).collect();
                    f(&cells);
                    *done += 1;
                    current.iter_mut().for_each(Vec::clear);
                };
                let mut cell = |row: usize, i: usize, text: &str| {
                    while done < row.min(rows) {
                        give(&mut current, &mut done);
                    }
                    current[i].extend_from_slice(text.as_bytes());
                };
                match &self.body {
                    Body::Xlsx(x) => {
                        x.for_each_in_columns(columns, x.first + from as u32, &mut cell)?
                    }
                    Body::Grid(g) => {
                        g.for_each_in_columns(columns, g.first + from as u32, &mut cell)
                    }
                    Body::Rows(r) => r.for_each_in_columns(columns, from, &mut cell),
                    Body::Csv(_) => {}
                }
                while done < rows {
                    give(&mut current, &mut done);
                }
            }
        }
        Ok(())
    }

    /// A cell's bytes as [`Table::for_each_in_columns`] gives them, as text (a CSV's in its
    /// encoding, a workbook's UTF-8).
    pub(super) fn decode<'b>(&self, bytes: &'b [u8]) -> std::borrow::Cow<'b, str> {
        match &self.body {
            Body::Csv(c) => c.decode(bytes),
            _ => String::from_utf8_lossy(bytes),
        }
    }

    /// Writes the sheet as CSV with the `appended` columns to `w`, a row at a time. A CSV keeps
    /// its encoding, delimiter, line endings and its records' original bytes (short rows padded);
    /// a workbook's sheet becomes comma-separated UTF-8 with CRLF line ends. Formula-like cells
    /// are neutralised.
    pub(super) fn write_csv<C: AsRef<[Value<'static>]>>(
        &self,
        header: Option<usize>,
        appended: &Appended<'_, C>,
        w: &mut dyn Write,
    ) -> Result<std::io::Result<()>, Error> {
        match &self.body {
            Body::Csv(c) => Ok(c.write(header, self.width, appended, w)),
            Body::Xlsx(x) => {
                let mut out = GridCsv::new(appended, header, self.width, w);
                match x.for_each_row(|cells| out.row(cells))? {
                    Ok(()) => Ok(out.finish()),
                    e => Ok(e),
                }
            }
            Body::Grid(g) => {
                let mut out = GridCsv::new(appended, header, self.width, w);
                for cells in g.rows_from(g.first) {
                    if let Err(e) = out.row(&cells) {
                        return Ok(Err(e));
                    }
                }
                Ok(out.finish())
            }
            Body::Rows(r) => {
                let mut out = GridCsv::new(appended, header, self.width, w);
                for cells in &r.rows {
                    if let Err(e) = out.row(cells) {
                        return Ok(Err(e));
                    }
                }
                Ok(out.finish())
            }
        }
    }

    /// Writes the sheet as a workbook to `out`: an XLSX or XLSM input's own package with the
    /// sheet edited (see `edit`), else a new XLSX workbook of the sheet's values. Fails over
    /// Excel's limits, on a cell Excel cannot hold, or when `out` fails.
    pub(super) fn write_xlsx<W: Write + Seek, C: AsRef<[Value<'static>]>>(
        &self,
        header: Option<usize>,
        title_column: usize,
        appended: &Appended<'_, C>,
        mut out: W,
    ) -> Result<W, Error> {
        check_columns(self.width, appended.names.len(), &self.sheet)?;
        let shape = Shape {
            rows: self.rows,
            header,
            width: self.width,
        };
        let bytes = match &self.body {
            Body::Xlsx(x) => {
                let plan = Plan {
                    located: &x.located,
                    header: header.map(|h| x.first + h as u32),
                    first: x.first + header.map_or(0, |h| h as u32 + 1),
                    last: x.last,
                    width: self.width as u32,
                    title_column: title_column as u32,
                };
                return edit::write(x.bytes.as_ref(), &plan, appended, out, &self.sheet);
            }
            Body::Csv(c) => {
                if self.rows > MAX_XLSX_ROWS {
                    return Err(too_many_rows(&self.sheet, self.rows));
                }
                workbook::write(&self.sheet, shape, c.value_rows(0), appended, &self.sheet)?
            }
            Body::Grid(g) => workbook::write(
                &self.sheet,
                shape,
                g.rows_from(g.first),
                appended,
                &self.sheet,
            )?,
            Body::Rows(r) => workbook::write(
                &self.sheet,
                shape,
                r.rows.iter().cloned(),
                appended,
                &self.sheet,
            )?,
        };
        out.write_all(&bytes)
            .map_err(|e| Error::new(&self.sheet, 0, ErrorKind::Unwritable(e.to_string())))?;
        Ok(out)
    }

    /// [`Table::write_xlsx`] into memory.
    pub(super) fn to_xlsx<C: AsRef<[Value<'static>]>>(
        &self,
        header: Option<usize>,
        title_column: usize,
        appended: &Appended<'_, C>,
    ) -> Result<Vec<u8>, Error> {
        self.write_xlsx(header, title_column, appended, Cursor::new(Vec::new()))
            .map(Cursor::into_inner)
    }
}

/// The edit of a streamed XLSX sheet's package (`stream`), to run beside the reading of its
/// rows: owns what it needs, so it can be another thread's.
#[derive(Debug, Clone)]
pub(super) struct StreamedEdit {
    bytes: Bytes,
    located: Located,
    header: Option<u32>,
    first: u32,
    last: u32,
    width: u32,
    title_column: u32,
    sheet: String,
}

impl StreamedEdit {
    /// The edit of sheet `x` of `table` (the table [`Table::take_xlsx`] left) with its header
    /// row and title column, `appended` columns after it. Fails over Excel's column limit.
    pub(super) fn of(
        x: &XlsxSheet,
        table: &Table,
        header: Option<usize>,
        title_column: usize,
        appended: usize,
    ) -> Result<StreamedEdit, Error> {
        check_columns(table.width, appended, &table.sheet)?;
        Ok(StreamedEdit {
            bytes: x.bytes.clone(),
            located: x.located.clone(),
            header: header.map(|h| x.first + h as u32),
            first: x.first + header.map_or(0, |h| h as u32 + 1),
            last: x.last,
            width: table.width as u32,
            title_column: title_column as u32,
            sheet: table.sheet.clone(),
        })
    }

    /// Writes the package to `out` with the sheet edited, data row `i`'s appended cells from
    /// `cells(i)` (see `edit::write_rows`).
    pub(super) fn write<W: Write + Seek>(
        &self,
        names: &[&str],
        cells: &mut dyn RowCells,
        out: W,
    ) -> Result<W, Error> {
        let plan = Plan {
            located: &self.located,
            header: self.header,
            first: self.first,
            last: self.last,
            width: self.width,
            title_column: self.title_column,
        };
        edit::write_rows(self.bytes.as_ref(), &plan, names, cells, out, &self.sheet)
    }
}

/// Refuses a sheet `width` columns wide that `appended` more would take over Excel's limit.
fn check_columns(width: usize, appended: usize, sheet: &str) -> Result<(), Error> {
    let columns = width + appended;
    if columns > MAX_XLSX_COLUMNS {
        let kind = ErrorKind::TooManyColumns {
            columns,
            appended,
            limit: MAX_XLSX_COLUMNS,
        };
        return Err(Error::new(sheet, 0, kind));
    }
    Ok(())
}

fn too_many_rows(file: &str, rows: usize) -> Error {
    Error::new(
        file,
        0,
        ErrorKind::TooManyRows {
            rows,
            limit: MAX_XLSX_ROWS,
        },
    )
}

/// The name of a CSV's one sheet: its file name without the folder.
fn csv_sheet_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}
