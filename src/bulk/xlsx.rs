//! XLSX sheets: read with calamine into a grid of typed cells (text, number, boolean, date), and
//! written with rust_xlsxwriter, cells keeping their types. The sheet starts at column A; its
//! first used row is the header and rows above it, being empty, are not kept. Formula cells are
//! read as the values Excel last computed.

use super::cell::Value;
use super::columns::Appended;
use super::guard::{check_zip, MAX_SHEET_CELLS, MAX_SPARSENESS, MAX_XLSX_COLUMNS, MAX_XLSX_ROWS};
use crate::error::{Error, ErrorKind};
use calamine::{
    Cell, Data, DataRef, ExcelDateTime, ExcelDateTimeType, Reader as _, Xlsx,
    XlsxError as ReadError,
};
use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};
use std::borrow::Cow;

/// A sheet's cells and the row its header is on.
#[derive(Debug)]
pub(super) struct XlsxSheet {
    cells: calamine::Range<Data>,
    /// Absolute row of the header.
    top: u32,
}

/// A workbook's sheet, opened.
pub(super) struct Opened {
    pub(super) sheet: XlsxSheet,
    pub(super) sheets: Vec<String>,
    pub(super) name: String,
    pub(super) header: Vec<String>,
    pub(super) width: usize,
}

/// Opens sheet `sheet` (else the first) of a workbook, after the zip guard. Fails on a damaged
/// workbook, an unknown sheet name (listing the sheets), an empty sheet or header, or a grid
/// too large to lay out. Cost: the sheet's XML inflated and parsed once, and a grid of its used
/// range (about 32 bytes a cell).
pub(super) fn open(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Opened, Error> {
    let fail = |kind| Error::new(file, 0, kind);
    check_zip(bytes, file)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e: ReadError| fail(ErrorKind::Damaged(e.to_string())))?;
    let sheets = book.sheet_names();
    let name = match sheet {
        Some(s) => sheets
            .iter()
            .find(|n| n.as_str() == s)
            .or_else(|| sheets.iter().find(|n| n.eq_ignore_ascii_case(s)))
            .ok_or_else(|| {
                fail(ErrorKind::NoSuchSheet {
                    name: s.to_string(),
                    sheets: sheets.clone(),
                })
            })?,
        None => sheets.first().ok_or_else(|| fail(ErrorKind::NoSheets))?,
    }
    .clone();
    let cells = read_cells(&mut book, &name).map_err(fail)?;
    let (top, last_col) = match (cells.start(), cells.end()) {
        (Some((top, _)), Some((_, last))) => (top, last),
        _ => return Err(fail(ErrorKind::EmptySheet(name))),
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
        return Err(Error::new(file, 1, ErrorKind::Empty));
    }
    Ok(Opened {
        sheet: XlsxSheet { cells, top },
        sheets,
        name,
        header,
        width,
    })
}

impl XlsxSheet {
    fn last(&self) -> u32 {
        self.cells.end().map_or(0, |e| e.0)
    }

    /// Data rows, the header not counted.
    pub(super) fn rows(&self) -> usize {
        self.cells
            .end()
            .map_or(0, |(last, _)| (last - self.top) as usize)
    }

    /// Calls `f` with each data row's cell in `column` as text, in order.
    pub(super) fn for_each_in_column(&self, column: usize, mut f: impl FnMut(&str)) {
        for row in self.top + 1..=self.last() {
            let v = self.cells.get_value((row, column as u32)).map(value);
            f(&v.unwrap_or(Value::Empty).text());
        }
    }

    /// The header row, then each data row, as `width` cell values (empty where there is none).
    pub(super) fn value_rows(&self, width: usize) -> impl Iterator<Item = Vec<Value<'_>>> {
        (self.top..=self.last()).map(move |row| {
            (0..width as u32)
                .map(|col| self.cells.get_value((row, col)).map_or(Value::Empty, value))
                .collect()
        })
    }
}

/// The cells of sheet `name` as a grid, refused when the grid would be too large (see
/// [`MAX_SHEET_CELLS`] and [`MAX_SPARSENESS`]) before it is laid out. As calamine's
/// `worksheet_range`, but that lays out any grid the cells span.
fn read_cells<R: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<R>,
    name: &str,
) -> Result<calamine::Range<Data>, ErrorKind> {
    let cannot = |e: ReadError| ErrorKind::UnreadableSheet {
        sheet: name.to_string(),
        detail: e.to_string(),
    };
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
        return Err(ErrorKind::TooManyCells {
            sheet: name.to_string(),
            rows,
            columns,
            values,
        });
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

/// A workbook of one sheet named after `sheet_name` (cut to Excel's rules): the `rows` (header
/// first) as typed cells, `appended` columns after the first `width`. `file` names the input in
/// errors. Fails over Excel's row or column limit, or on a cell Excel cannot hold (text over
/// 32,767 characters). Cost: the whole workbook is built in memory, then zipped.
pub(super) fn write<'v, C: AsRef<[Value<'static>]>>(
    sheet_name: &str,
    data_rows: usize,
    width: usize,
    rows: impl Iterator<Item = Vec<Value<'v>>>,
    appended: &Appended<'_, C>,
    file: &str,
) -> Result<Vec<u8>, Error> {
    let refuse = |kind| Error::new(file, 0, kind);
    if data_rows + 1 > MAX_XLSX_ROWS {
        return Err(refuse(ErrorKind::TooManyRows {
            rows: data_rows,
            limit: MAX_XLSX_ROWS - 1,
        }));
    }
    // Checked before anything is written: columns are numbered in u16 below, and a row wider
    // than 65,536 would wrap round onto column A (over Excel's limit either way).
    let columns = width + appended.names.len();
    if columns > MAX_XLSX_COLUMNS {
        return Err(refuse(ErrorKind::TooManyColumns {
            columns,
            appended: appended.names.len(),
            limit: MAX_XLSX_COLUMNS,
        }));
    }
    let fail = |e: XlsxError| refuse(ErrorKind::Unwritable(e.to_string()));
    let mut book = Workbook::new();
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    let datetime = CellFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let time = CellFormat::new().set_num_format("hh:mm:ss");
    let two = CellFormat::new().set_num_format("0.00");
    let sheet = book.add_worksheet();
    let name: String = sheet_name
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
    let names: Vec<Value<'_>> = appended
        .names
        .iter()
        .map(|s| Value::Text(Cow::Borrowed(*s)))
        .collect();
    for (row, cells) in rows.enumerate() {
        let out_row = row as u32;
        for (col, v) in cells.iter().enumerate() {
            put(sheet, out_row, col as u16, v).map_err(fail)?;
        }
        let values = if row == 0 {
            &names[..]
        } else {
            appended.row(row - 1)
        };
        for (i, v) in values.iter().enumerate() {
            put(sheet, out_row, (width + i) as u16, v).map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn too_many_columns_are_refused_before_writing() {
        let appended = Appended {
            names: &["a"; 8],
            cells: &[[const { Value::Empty }; 8]],
            of_row: &[0],
        };
        let rows = || {
            vec![
                vec![Value::Text("Job Title".into())],
                vec![Value::Text("OTA".into())],
            ]
        };
        let wide = MAX_XLSX_COLUMNS - 7;
        let e = write("in.csv", 1, wide, rows().into_iter(), &appended, "in.csv")
            .expect_err("too wide");
        assert!(
            e.to_string()
                .starts_with("in.csv: 16385 columns do not fit"),
            "{e}"
        );
        assert!(write("in.csv", 1, 1, rows().into_iter(), &appended, "in.csv").is_ok());
    }
}
