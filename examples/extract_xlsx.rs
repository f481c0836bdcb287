//! Writes a CSV (such as `scripts/make-extract.py`'s national extract) as a one-sheet workbook,
//! as an Excel-like writer does (rust_xlsxwriter: shared strings, numbers as numbers), with a bold
//! header and frozen panes: the benchmark's workbook of as many rows as Excel opens. Holds the
//! whole sheet while it writes (about 6 GB for a million rows of 30 columns). Rows past Excel's
//! 1,048,576 are left out, with a message.
//!
//!     cargo run --release --example extract_xlsx -- IN.csv OUT.xlsx

use rust_xlsxwriter::{Format, Workbook};
use std::error::Error;

/// Excel's last row, counting the header.
const MAX_ROWS: u32 = 1_048_576;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: extract_xlsx IN.csv OUT.xlsx".into());
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&input)?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Staff in post")?;
    let bold = Format::new().set_bold();
    let mut rows = 0u32;
    let mut left_out = 0u64;
    for record in reader.records() {
        let record = record?;
        if rows == MAX_ROWS {
            left_out += 1;
            continue;
        }
        for (col, cell) in record.iter().enumerate() {
            let col = u16::try_from(col)?;
            if rows == 0 {
                sheet.write_string_with_format(rows, col, cell, &bold)?;
            } else if let Some(n) = number(cell) {
                sheet.write_number(rows, col, n)?;
            } else {
                sheet.write_string(rows, col, cell)?;
            }
        }
        rows += 1;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save(&out)?;
    if left_out > 0 {
        eprintln!("{left_out} rows past Excel's {MAX_ROWS} left out");
    }
    eprintln!("{out}: {rows} rows");
    Ok(())
}

/// A cell Excel would keep as a number: digits with a point at most, no leading zero.
fn number(cell: &str) -> Option<f64> {
    let plain = cell.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let lead = cell.len() > 1 && cell.starts_with('0') && !cell.starts_with("0.");
    (plain && !lead).then(|| cell.parse().ok()).flatten()
}
