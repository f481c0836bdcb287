//! The table a bulk clean works on, read from CSV or XLSX bytes and written back as either.
//!
//! A CSV is decoded once and kept as one string with the byte range of each record, so a
//! million-row file costs its text plus about 20 bytes a row, and CSV output can copy each
//! original record through byte for byte. An XLSX sheet keeps its cells with their types
//! (text, number, boolean, date), so XLSX output writes numbers as numbers and dates as dates.
//!
//! The sheet starts at column A; its first used row is the header and rows above it, being empty,
//! are not kept. Formula cells are read as the values Excel last computed.
//!
//! Cells that a spreadsheet would run as a formula are neutralised in CSV output: see
//! [`neutralise`].

use crate::csv::{detect_delimiter, write_field, Reader};
use crate::error::{ErrorKind, MappingError};
use crate::text::decode;
use calamine::{
    Cell, Data, DataRef, ExcelDateTime, ExcelDateTimeType, Reader as _, Xlsx,
    XlsxError as ReadError,
};
use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};
use std::borrow::Cow;

/// The largest input read, in bytes (512 MiB).
pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;
/// The largest total uncompressed size the parts of an XLSX may declare (1 GiB).
pub const MAX_UNCOMPRESSED_BYTES: u64 = 1024 * 1024 * 1024;
/// The highest compression ratio allowed for an XLSX part over 1 MiB uncompressed. Real sheets
/// compress 5 to 30 times; a zip bomb approaches deflate's limit of about 1,000.
pub const MAX_COMPRESSION_RATIO: u64 = 100;
/// Rows in an XLSX worksheet, header included (Excel's limit).
pub const MAX_XLSX_ROWS: usize = 1_048_576;
/// Columns in an XLSX worksheet, appended ones included (Excel's limit).
pub const MAX_XLSX_COLUMNS: usize = 16_384;
/// The most cells (rows × columns of its used range) an XLSX sheet may lay out: 2^27, 4 GiB at
/// 32 bytes a cell, more than the bulk page's WebAssembly memory can hold.
pub const MAX_SHEET_CELLS: u64 = 1 << 27;
/// Over a million cells, how many times the cells holding a value a sheet's grid may be. The grid
/// is laid out in full, so a few cells far apart (two cells, at A1 and XFD1048576, are 17 billion)
/// would otherwise exhaust memory; real sheets are far denser.
pub const MAX_SPARSENESS: u64 = 64;

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

/// One cell value for output.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Nothing.
    Empty,
    /// Text.
    Text(Cow<'a, str>),
    /// A number.
    Number(f64),
    /// A number shown with two decimals (CSV `0.98`, XLSX format `0.00`).
    Decimal2(f64),
    /// A boolean.
    Bool(bool),
    /// An Excel date serial (days since 1899-12-30, 1900 system).
    Date(f64),
}

impl Value<'_> {
    /// The cell as CSV text.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Empty => Cow::Borrowed(""),
            Value::Text(t) => Cow::Borrowed(t),
            Value::Number(n) => Cow::Owned(n.to_string()),
            Value::Decimal2(n) => Cow::Owned(format!("{n:.2}")),
            Value::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
            Value::Date(d) => Cow::Owned(date_text(*d)),
        }
    }
}

/// Columns appended to a sheet: `names` after the header, and after data row `i` the cells
/// `cells[of_row[i]]`, so rows that share a title share one set of cells.
#[derive(Debug, Clone, Copy)]
pub struct Appended<'a, C> {
    /// The appended column names.
    pub names: &'a [&'a str],
    /// The distinct sets of appended cells.
    pub cells: &'a [C],
    /// For each data row, the index of its cells.
    pub of_row: &'a [u32],
}

impl<C: AsRef<[Value<'static>]>> Appended<'_, C> {
    /// The cells appended to data row `row`.
    pub fn row(&self, row: usize) -> &[Value<'static>] {
        self.cells[self.of_row[row] as usize].as_ref()
    }
}

/// Where one CSV record sits in the text.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
    line: u32,
    fields: u32,
    terminator: u8,
    /// Some field would run as a formula: the record is rewritten, not copied, in CSV output.
    risky: bool,
}

/// The unquoted fields of the record at `span` in `text`.
fn record_fields<'t>(text: &'t str, delimiter: u8, span: &Span) -> Vec<Cow<'t, str>> {
    Reader::new(&text[span.start as usize..span.end as usize], delimiter, "")
        .next()
        .and_then(Result::ok)
        .map(|r| r.fields)
        .unwrap_or_default()
}

const TERMINATORS: [&str; 4] = ["", "\n", "\r\n", "\r"];

fn terminator_code(t: &str) -> u8 {
    TERMINATORS.iter().position(|x| *x == t).unwrap_or(0) as u8
}

#[derive(Debug)]
enum Body {
    Csv {
        text: String,
        delimiter: u8,
        header: Span,
        records: Vec<Span>,
    },
    Xlsx {
        cells: calamine::Range<Data>,
        /// Absolute row of the header.
        top: u32,
    },
}

/// A sheet read from CSV or XLSX: a header row and data rows.
#[derive(Debug)]
pub struct Table {
    format: Format,
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
    pub fn open(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Table, MappingError> {
        let fail = |m: String| MappingError::new(file, 0, ErrorKind::Malformed(m));
        if bytes.is_empty() {
            return Err(fail("the file is empty".into()));
        }
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(fail(format!(
                "the file is {} MB, over the limit of {} MB; split it into smaller files",
                bytes.len() / 1_000_000,
                MAX_INPUT_BYTES / 1_000_000
            )));
        }
        if bytes.starts_with(b"PK\x03\x04") {
            return open_xlsx(bytes, file, sheet);
        }
        if bytes.starts_with(b"\xd0\xcf\x11\xe0") {
            return Err(fail(
                "this is an old Excel .xls workbook; save it as .xlsx or CSV first".into(),
            ));
        }
        if looks_binary(bytes) {
            return Err(fail(
                "this is not a spreadsheet: neither CSV text nor an Excel (.xlsx) workbook".into(),
            ));
        }
        // A CSV's one sheet is named after the file (see `sheets`); any other name is a mistake.
        if let Some(name) = sheet.filter(|&name| name != csv_sheet_name(file)) {
            return Err(fail(format!(
                "a CSV file has no sheets, so --sheet `{name}` does not apply"
            )));
        }
        open_csv(decode(bytes).0.into_owned(), file)
    }

    /// CSV or XLSX.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The sheet names (a CSV has one: its file name).
    pub fn sheets(&self) -> &[String] {
        &self.sheets
    }

    /// The sheet in use.
    pub fn sheet(&self) -> &str {
        &self.sheet
    }

    /// The header cells as text.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// Data rows, the header not counted.
    pub fn rows(&self) -> usize {
        match &self.body {
            Body::Csv { records, .. } => records.len(),
            Body::Xlsx { cells, top } => cells.end().map_or(0, |(last, _)| (last - top) as usize),
        }
    }

    /// The 1-based file lines of CSV records with more or fewer fields than the header (an XLSX
    /// sheet is a grid, so it has none).
    pub fn ragged(&self) -> Vec<usize> {
        match &self.body {
            Body::Csv {
                header, records, ..
            } => records
                .iter()
                .filter(|r| r.fields != header.fields)
                .map(|r| r.line as usize)
                .collect(),
            Body::Xlsx { .. } => Vec::new(),
        }
    }

    /// Calls `f` with each data row's cell in `column` as text, in order (blank where the row is
    /// short).
    pub fn for_each_in_column(&self, column: usize, mut f: impl FnMut(&str)) {
        match &self.body {
            Body::Csv {
                text,
                delimiter,
                records,
                ..
            } => {
                for span in records {
                    let fields = record_fields(text, *delimiter, span);
                    f(fields.get(column).map_or("", |c| c));
                }
            }
            Body::Xlsx { cells, top } => {
                for row in top + 1..=cells.end().map_or(0, |e| e.0) {
                    let v = cells.get_value((row, column as u32)).map(value);
                    f(&v.unwrap_or(Value::Empty).text());
                }
            }
        }
    }

    /// The sheet as CSV with the `appended` columns: see [`Table::write_csv`].
    pub fn to_csv<C: AsRef<[Value<'static>]>>(&self, appended: &Appended<'_, C>) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_csv(appended, &mut out);
        out
    }

    /// Writes the sheet as CSV with the `appended` columns to `w`, a row at a time. A CSV keeps
    /// its delimiter and line endings and its records' original bytes (short rows padded); an
    /// XLSX sheet becomes comma-separated with CRLF line ends. Formula-like cells are neutralised.
    pub fn write_csv<C: AsRef<[Value<'static>]>>(
        &self,
        appended: &Appended<'_, C>,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        const CHUNK: usize = 1 << 16;
        let mut out = String::with_capacity(2 * CHUNK);
        let mut flush = |out: &mut String, at: usize| {
            if out.len() < at {
                return Ok(());
            }
            w.write_all(out.as_bytes())?;
            out.clear();
            Ok(())
        };
        // Each distinct set of appended cells is written once, then copied after its rows.
        let suffix = |d: u8, cells: &mut dyn Iterator<Item = Cow<'_, str>>| {
            let mut s = String::new();
            for cell in cells {
                s.push(char::from(d));
                write_field(&mut s, &neutralise(&cell), d);
            }
            s
        };
        let d = match &self.body {
            Body::Csv { delimiter, .. } => *delimiter,
            Body::Xlsx { .. } => b',',
        };
        let names = suffix(d, &mut appended.names.iter().map(|n| Cow::Borrowed(*n)));
        let groups: Vec<String> = appended
            .cells
            .iter()
            .map(|c| suffix(d, &mut c.as_ref().iter().map(Value::text)))
            .collect();
        let after = |row: usize| groups[appended.of_row[row] as usize].as_str();
        match &self.body {
            Body::Csv {
                text,
                header,
                records,
                ..
            } => {
                let eol = match TERMINATORS[header.terminator as usize] {
                    "" => "\n",
                    t => t,
                };
                let write = |out: &mut String, span: &Span, extra: &str| {
                    let raw = &text[span.start as usize..span.end as usize];
                    if span.risky {
                        for (i, field) in record_fields(text, d, span).iter().enumerate() {
                            if i > 0 {
                                out.push(char::from(d));
                            }
                            write_field(out, &neutralise(field), d);
                        }
                    } else {
                        out.push_str(raw);
                    }
                    for _ in span.fields as usize..self.width {
                        out.push(char::from(d));
                    }
                    out.push_str(extra);
                    out.push_str(match TERMINATORS[span.terminator as usize] {
                        "" => eol,
                        t => t,
                    });
                };
                write(&mut out, header, &names);
                for (i, span) in records.iter().enumerate() {
                    write(&mut out, span, after(i));
                    flush(&mut out, CHUNK)?;
                }
            }
            Body::Xlsx { cells, top } => {
                let last = cells.end().map_or(0, |e| e.0);
                for row in *top..=last {
                    for col in 0..self.width {
                        if col > 0 {
                            out.push(',');
                        }
                        if let Some(v) = cells.get_value((row, col as u32)) {
                            write_field(&mut out, &neutralise(&value(v).text()), b',');
                        }
                    }
                    out.push_str(if row == *top {
                        &names
                    } else {
                        after((row - top - 1) as usize)
                    });
                    out.push_str("\r\n");
                    flush(&mut out, CHUNK)?;
                }
            }
        }
        flush(&mut out, 0)
    }

    /// The sheet as an XLSX workbook of one sheet, cells keeping their types (CSV cells are text),
    /// `appended` columns after the widest row. Fails over Excel's row limit or on a cell Excel
    /// cannot hold (text over 32,767 characters).
    pub fn to_xlsx<C: AsRef<[Value<'static>]>>(
        &self,
        appended: &Appended<'_, C>,
    ) -> Result<Vec<u8>, String> {
        if self.rows() + 1 > MAX_XLSX_ROWS {
            return Err(format!(
                "{} rows do not fit in an XLSX sheet (at most {} with the header); write CSV instead",
                self.rows(),
                MAX_XLSX_ROWS - 1
            ));
        }
        // Checked before anything is written: columns are numbered in u16 below, and a row
        // wider than 65,536 would wrap round onto column A (over Excel's limit either way).
        let columns = self.width + appended.names.len();
        if columns > MAX_XLSX_COLUMNS {
            return Err(format!(
                "{columns} columns do not fit in an XLSX sheet (at most {MAX_XLSX_COLUMNS}, with the {} appended); write CSV instead",
                appended.names.len()
            ));
        }
        let fail = |e: XlsxError| format!("cannot write the XLSX workbook: {e}");
        let mut book = Workbook::new();
        let date = CellFormat::new().set_num_format("yyyy-mm-dd");
        let datetime = CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss");
        let time = CellFormat::new().set_num_format("hh:mm:ss");
        let two = CellFormat::new().set_num_format("0.00");
        let sheet = book.add_worksheet();
        let name: String = self
            .sheet
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        let name = name.trim_matches('\'');
        if sheet.set_name(name).is_err() {
            sheet.set_name("Sheet1").map_err(fail)?;
        }
        let put = |sheet: &mut rust_xlsxwriter::Worksheet,
                   row: u32,
                   col: u16,
                   v: &Value<'_>|
         -> Result<(), XlsxError> {
            match v {
                Value::Empty => {}
                Value::Text(t) if t.is_empty() => {}
                Value::Text(t) => {
                    sheet.write_string(row, col, escape_ooxml(t).as_ref())?;
                }
                Value::Number(n) => {
                    sheet.write_number(row, col, *n)?;
                }
                Value::Decimal2(n) => {
                    sheet.write_number_with_format(row, col, (n * 100.0).round() / 100.0, &two)?;
                }
                Value::Bool(b) => {
                    sheet.write_boolean(row, col, *b)?;
                }
                Value::Date(d) => {
                    let f = if d.fract() == 0.0 {
                        &date
                    } else if *d < 1.0 {
                        &time
                    } else {
                        &datetime
                    };
                    sheet.write_number_with_format(row, col, *d, f)?;
                }
            }
            Ok(())
        };
        let width = self.width as u16;
        let write_appended = |sheet: &mut rust_xlsxwriter::Worksheet,
                              row: u32,
                              values: &[Value<'_>]|
         -> Result<(), XlsxError> {
            for (i, v) in values.iter().enumerate() {
                put(sheet, row, width + i as u16, v)?;
            }
            Ok(())
        };
        let names: Vec<Value<'_>> = appended
            .names
            .iter()
            .map(|s| Value::Text(Cow::Borrowed(*s)))
            .collect();
        match &self.body {
            Body::Csv {
                text,
                delimiter,
                header,
                records,
            } => {
                for (row, span) in std::iter::once(header).chain(records).enumerate() {
                    for (col, field) in record_fields(text, *delimiter, span).iter().enumerate() {
                        put(
                            sheet,
                            row as u32,
                            col as u16,
                            &Value::Text(Cow::Borrowed(field)),
                        )
                        .map_err(fail)?;
                    }
                    let values = if row == 0 {
                        &names[..]
                    } else {
                        appended.row(row - 1)
                    };
                    write_appended(sheet, row as u32, values).map_err(fail)?;
                }
            }
            Body::Xlsx { cells, top } => {
                let last = cells.end().map_or(0, |e| e.0);
                for row in *top..=last {
                    let out_row = row - top;
                    for col in 0..self.width {
                        if let Some(v) = cells.get_value((row, col as u32)) {
                            put(sheet, out_row, col as u16, &value(v)).map_err(fail)?;
                        }
                    }
                    let values = if out_row == 0 {
                        &names[..]
                    } else {
                        appended.row(out_row as usize - 1)
                    };
                    write_appended(sheet, out_row, values).map_err(fail)?;
                }
            }
        }
        book.save_to_buffer().map_err(fail)
    }
}

/// A cell as a CSV consumer should see it: cells starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return get a leading `'` so that a spreadsheet shows them as text instead of running
/// them as a formula, unless the whole cell is a plain number (`-3.5`, `+44`, `1e-3`), which is
/// left alone.
///
/// ```
/// use role_standardiser::sheet::neutralise;
/// assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(neutralise("-3.5"), "-3.5");
/// assert_eq!(neutralise("Physio Asst"), "Physio Asst");
/// ```
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// An optional sign, digits with at most one decimal point, and an optional exponent.
fn is_plain_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => {
            (digits(a) || a.is_empty())
                && (digits(b) || b.is_empty())
                && !(a.is_empty() && b.is_empty())
        }
        None => digits(mantissa),
    };
    mantissa_ok && exponent.is_none_or(digits)
}

fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return false;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
        .count();
    nul > 0 || control * 100 > sample.len()
}

/// The name of a CSV's one sheet: its file name without the folder.
fn csv_sheet_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

fn open_csv(text: String, file: &str) -> Result<Table, MappingError> {
    // Every leading byte order mark goes (a file saved again by tools that each add one has
    // several). Keeping one let the CSV reader strip it itself, so every record position it
    // gave was three bytes off this text: cells read wrong, or a panic inside a character.
    let text = match text.trim_start_matches('\u{feff}') {
        t if t.len() == text.len() => text,
        t => t.to_string(),
    };
    if text.len() > u32::MAX as usize {
        return Err(MappingError::new(
            file,
            0,
            ErrorKind::Malformed("the decoded text is over 4 GB; split the file".into()),
        ));
    }
    let delimiter = detect_delimiter(&text);
    let mut spans = Vec::new();
    let mut header_fields = Vec::new();
    for record in Reader::new(&text, delimiter, file) {
        let record = record?;
        if spans.is_empty() {
            header_fields = record.fields.iter().map(|f| f.to_string()).collect();
        }
        spans.push(Span {
            start: record.raw.start as u32,
            end: record.raw.end as u32,
            line: record.line as u32,
            fields: record.fields.len() as u32,
            terminator: terminator_code(record.terminator),
            risky: record
                .fields
                .iter()
                .any(|f| matches!(neutralise(f), Cow::Owned(_))),
        });
    }
    if header_fields.iter().all(|f| f.trim().is_empty()) {
        return Err(MappingError::new(file, 1, ErrorKind::Empty));
    }
    let header = spans.remove(0);
    let width = spans
        .iter()
        .map(|s| s.fields as usize)
        .max()
        .unwrap_or(0)
        .max(header.fields as usize);
    let name = csv_sheet_name(file).to_string();
    Ok(Table {
        format: Format::Csv,
        sheets: vec![name.clone()],
        sheet: name,
        header: header_fields,
        width,
        body: Body::Csv {
            text,
            delimiter,
            header,
            records: spans,
        },
    })
}

fn open_xlsx(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Table, MappingError> {
    let fail = |m: String| MappingError::new(file, 0, ErrorKind::Malformed(m));
    check_zip(bytes).map_err(fail)?;
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            fail(format!(
                "this is not a readable Excel (.xlsx) workbook: {e}"
            ))
        })?;
    let sheets = book.sheet_names();
    let name = match sheet {
        Some(s) => sheets
            .iter()
            .find(|n| n.as_str() == s)
            .or_else(|| sheets.iter().find(|n| n.eq_ignore_ascii_case(s)))
            .ok_or_else(|| {
                fail(format!(
                    "no sheet named `{s}`; the sheets are: {}",
                    sheets.join(", ")
                ))
            })?,
        None => sheets
            .first()
            .ok_or_else(|| fail("the workbook has no sheets".into()))?,
    }
    .clone();
    let cells = read_cells(&mut book, &name).map_err(fail)?;
    let (top, last_col) = match (cells.start(), cells.end()) {
        (Some((top, _)), Some((_, last))) => (top, last),
        _ => return Err(fail(format!("sheet `{name}` is empty"))),
    };
    let width = last_col as usize + 1;
    let header: Vec<String> = (0..width as u32)
        .map(|c| {
            cells
                .get_value((top, c))
                .map_or(String::new(), |v| value(v).text().into_owned())
        })
        .collect();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(MappingError::new(file, 1, ErrorKind::Empty));
    }
    Ok(Table {
        format: Format::Xlsx,
        sheets,
        sheet: name,
        header,
        width,
        body: Body::Xlsx { cells, top },
    })
}

/// The cells of sheet `name` as a grid, refused when the grid would be too large (see
/// [`MAX_SHEET_CELLS`] and [`MAX_SPARSENESS`]) before it is laid out. As calamine's
/// `worksheet_range`, but that lays out any grid the cells span.
fn read_cells<R: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<R>,
    name: &str,
) -> Result<calamine::Range<Data>, String> {
    let cannot = |e: ReadError| format!("cannot read sheet `{name}`: {e}");
    let mut reader = match book.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet: no cells, refused as empty by the caller.
        Err(ReadError::NotAWorksheet(_)) => return Ok(calamine::Range::empty()),
        Err(e) => return Err(cannot(e)),
    };
    let mut cells: Vec<Cell<Data>> = Vec::new();
    let (mut first, mut last) = ((u32::MAX, u32::MAX), (0, 0));
    while let Some(cell) = reader.next_cell().map_err(cannot)? {
        if matches!(cell.get_value(), DataRef::Empty) {
            continue;
        }
        let (row, col) = cell.get_position();
        first = (first.0.min(row), first.1.min(col));
        last = (last.0.max(row), last.1.max(col));
        cells.push(Cell::new((row, col), Data::from(cell.get_value().clone())));
    }
    if cells.is_empty() {
        return Ok(calamine::Range::empty());
    }
    let (rows, columns) = (
        u64::from(last.0 - first.0) + 1,
        u64::from(last.1 - first.1) + 1,
    );
    let area = rows * columns;
    let values = cells.len() as u64;
    if area > MAX_SHEET_CELLS || (area > 1 << 20 && area > values * MAX_SPARSENESS) {
        return Err(format!(
            "sheet `{name}` spans {rows} rows by {columns} columns, {area} cells, for {values} values; delete the cells far from the data or save the sheet as CSV"
        ));
    }
    Ok(calamine::Range::from_sparse(cells))
}

/// An XLSX cell as an output value.
fn value(d: &Data) -> Value<'_> {
    match d {
        Data::Empty => Value::Empty,
        // calamine decodes Excel's `_x00HH_` escapes of shared strings itself (see `escape_ooxml`).
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            Value::Text(Cow::Borrowed(s))
        }
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::Error(e) => Value::Text(Cow::Owned(e.to_string())),
        Data::DateTime(dt) => {
            let serial = dt.as_f64();
            // A workbook in the 1904 date system counts from 1904-01-01: shift to the 1900 system.
            let is_1904 = *dt == ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, true)
                || *dt == ExcelDateTime::new(serial, ExcelDateTimeType::TimeDelta, true);
            Value::Date(if is_1904 { serial + 1462.0 } else { serial })
        }
    }
}

/// Text for an XLSX cell. OOXML text spells a character as `_xHHHH_` (ECMA-376 Part 1,
/// 22.9.2.19 ST_Xstring): rust_xlsxwriter writes control characters so (a carriage return is
/// `_x000D_`), as Excel does, but does not escape a literal `_xHHHH_`, which Excel would then
/// show as the character it spells. Its underscore is escaped here (`_x005F_xHHHH_`), as Excel
/// writes it; calamine (0.32) decodes such escapes when it reads shared strings.
fn escape_ooxml(s: &str) -> Cow<'_, str> {
    if !s.contains("_x") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 7);
    let mut rest = s;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if escaped_unit(rest).is_some() {
            out.push_str("_x005F");
        }
        out.push_str("_x");
        rest = &rest[2..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The UTF-16 unit of an `_xHHHH_` escape at the start of `s`.
fn escaped_unit(s: &str) -> Option<u16> {
    let b = s.as_bytes();
    let escape = b.len() >= 7
        && b.starts_with(b"_x")
        && b[6] == b'_'
        && b[2..6].iter().all(u8::is_ascii_hexdigit);
    escape.then(|| u16::from_str_radix(&s[2..6], 16).ok())?
}

/// An Excel serial date as `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or `HH:MM:SS` (under one day).
fn date_text(serial: f64) -> String {
    let days = serial.floor();
    let seconds = ((serial - days) * 86_400.0).round() as i64;
    let (h, m, s) = (seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    if days < 1.0 {
        return format!("{h:02}:{m:02}:{s:02}");
    }
    // Excel counts 1900-02-29, which never was: serials before it are one day later.
    let days = days as i64 + if serial < 61.0 { 1 } else { 0 };
    let (y, mo, d) = civil_from_days(days - 25_569); // 25,569 = serial of 1970-01-01
    if seconds == 0 {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02}:{s:02}")
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Refuses a zip whose parts declare more than [`MAX_UNCOMPRESSED_BYTES`] in all, or a part over
/// 1 MiB that would inflate more than [`MAX_COMPRESSION_RATIO`] times, before anything is
/// inflated. Reads the central directory only.
fn check_zip(bytes: &[u8]) -> Result<(), String> {
    let corrupt = || {
        "this is not a readable Excel (.xlsx) workbook: the zip directory is damaged".to_string()
    };
    let u16_at = |i: usize| {
        bytes
            .get(i..i + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |i: usize| {
        bytes
            .get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let from = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
        .ok_or_else(corrupt)?;
    let entries = u16_at(eocd + 10).ok_or_else(corrupt)?;
    let mut at = u32_at(eocd + 16).ok_or_else(corrupt)? as usize;
    if entries == 0xffff || at == 0xffff_ffff {
        return Err(too_big());
    }
    let mut total = 0u64;
    for _ in 0..entries {
        if u32_at(at) != Some(0x0201_4b50) {
            return Err(corrupt());
        }
        let packed = u64::from(u32_at(at + 20).ok_or_else(corrupt)?);
        let size = u64::from(u32_at(at + 24).ok_or_else(corrupt)?);
        if size == 0xffff_ffff || packed == 0xffff_ffff {
            return Err(too_big());
        }
        if size > 1 << 20 && size > packed.saturating_mul(MAX_COMPRESSION_RATIO) {
            return Err(format!(
                "this workbook looks like a zip bomb: a part would inflate {}:1 (the limit is {MAX_COMPRESSION_RATIO}:1)",
                size / packed.max(1)
            ));
        }
        total += size;
        let name = u16_at(at + 28).ok_or_else(corrupt)? as usize;
        let extra = u16_at(at + 30).ok_or_else(corrupt)? as usize;
        let comment = u16_at(at + 32).ok_or_else(corrupt)? as usize;
        at += 46 + name + extra + comment;
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(too_big());
    }
    Ok(())
}

fn too_big() -> String {
    format!(
        "this workbook would inflate to more than {} MB, over the limit; save it as CSV or split it",
        MAX_UNCOMPRESSED_BYTES / 1_000_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_are_not_neutralised() {
        for n in ["-3.5", "+44", "-1e-3", "-.5", "-7."] {
            assert_eq!(neutralise(n), n, "{n}");
        }
        for f in [
            "-", "+", "-inf", "-NaN", "=1+2", "@SUM(A1)", "\tx", "\rx", "-3.5.1", "-1e",
        ] {
            assert_eq!(neutralise(f), format!("'{f}"), "{f:?}");
        }
    }

    #[test]
    fn dates_render_as_iso() {
        assert_eq!(date_text(45_292.0), "2024-01-01");
        assert_eq!(date_text(45_292.5), "2024-01-01 12:00:00");
        assert_eq!(date_text(0.25), "06:00:00");
        assert_eq!(date_text(1.0), "1900-01-01");
    }

    #[test]
    fn literal_ooxml_escapes_are_escaped_for_xlsx() {
        for (text, xml) in [
            ("_x000D_", "_x005F_x000D_"),
            ("a_x0041_b_x00e9_", "a_x005F_x0041_b_x005F_x00e9_"),
            ("_x005F_", "_x005F_x005F_"),
            ("_x_x0041_", "_x_x005F_x0041_"),
            ("_x12_ _xZZZZ_ é_x", "_x12_ _xZZZZ_ é_x"),
            ("plain", "plain"),
        ] {
            assert_eq!(escape_ooxml(text), xml, "{text}");
        }
    }

    #[test]
    fn byte_order_marks_are_all_stripped() {
        let text = "\u{feff}\u{feff}\u{feff}Job Title,Site\nPhysio Asst – ü,Café\n";
        let table = open_csv(text.to_string(), "in.csv").expect("opens");
        assert_eq!(table.header(), ["Job Title", "Site"]);
        let mut titles = Vec::new();
        table.for_each_in_column(0, |t| titles.push(t.to_string()));
        assert_eq!(titles, ["Physio Asst – ü"]);
    }

    #[test]
    fn too_many_columns_for_xlsx_are_refused_before_writing() {
        let header = vec!["Job Title"; MAX_XLSX_COLUMNS - 7].join(",");
        let table = open_csv(format!("{header}\nOTA\n"), "in.csv").expect("opens");
        let appended = Appended {
            names: &["a"; 8],
            cells: &[[const { Value::Empty }; 8]],
            of_row: &[0],
        };
        let e = table.to_xlsx(&appended).expect_err("too wide");
        assert!(e.starts_with("16385 columns do not fit"), "{e}");
        let narrow = open_csv("Job Title\nOTA\n".to_string(), "in.csv").expect("opens");
        assert!(narrow.to_xlsx(&appended).is_ok());
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
        assert!(!looks_binary(b"Job Title\tBand\r\nOTA\t3\r\n"));
    }
}
