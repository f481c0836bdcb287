//! A new XLSX workbook of one sheet, written with rust_xlsxwriter, for inputs whose own package
//! cannot be edited: a CSV, an old `.xls`, an `.xlsb` or an OpenDocument `.ods` sheet. Cells keep
//! their types (numbers, booleans, dates); the formatting of those formats is not carried over.

use super::cell::Value;
use super::columns::Appended;
use super::guard::{MAX_XLSX_COLUMNS, MAX_XLSX_ROWS};
use crate::error::{Error, ErrorKind};
use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};
use std::borrow::Cow;

/// Rows of a sheet to write: how many, which one is the header (it gets the appended columns'
/// names; rows above it get nothing, rows below it their appended cells), and how many
/// original columns each has.
pub(super) struct Shape {
    pub(super) rows: usize,
    pub(super) header: Option<usize>,
    pub(super) width: usize,
}

/// A workbook of one sheet named after `sheet_name` (cut to Excel's rules): the `rows` as typed
/// cells, `appended` columns after the first `shape.width`. `file` names the input in errors.
/// Fails over Excel's row or column limit, or on a cell Excel cannot hold (text over 32,767
/// characters). Cost: the whole workbook is built in memory, then zipped.
pub(super) fn write<'v, C: AsRef<[Value<'static>]>>(
    sheet_name: &str,
    shape: Shape,
    rows: impl Iterator<Item = Vec<Value<'v>>>,
    appended: &Appended<'_, C>,
    file: &str,
) -> Result<Vec<u8>, Error> {
    let refuse = |kind| Error::new(file, 0, kind);
    let width = shape.width;
    if shape.rows > MAX_XLSX_ROWS {
        return Err(refuse(ErrorKind::TooManyRows {
            rows: shape.rows,
            limit: MAX_XLSX_ROWS,
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
        let values = match shape.header {
            Some(h) if row < h => &[][..],
            Some(h) if row == h => &names[..],
            Some(h) => appended.row(row - h - 1),
            None => appended.row(row),
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
        let shape = |width| Shape {
            rows: 2,
            header: Some(0),
            width,
        };
        let e = write(
            "in.csv",
            shape(wide),
            rows().into_iter(),
            &appended,
            "in.csv",
        )
        .expect_err("too wide");
        assert!(
            e.to_string()
                .starts_with("in.csv: 16385 columns do not fit"),
            "{e}"
        );
        assert!(write("in.csv", shape(1), rows().into_iter(), &appended, "in.csv").is_ok());
    }
}
