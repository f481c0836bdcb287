//! Writes a workbook as an Excel-like writer does (rust_xlsxwriter): a styled staff sheet with a
//! bold filled header, column widths, frozen panes, an autofilter, £ and date formats, a formula
//! column, a defined name and a chart, then a second sheet. The tests' fixtures
//! (`tests/fixtures/xlsxwriter.xlsx`, and `macros.xlsm` with the VBA project of
//! `tests/fixtures/vbaProject.bin`) and the large workbooks of the benchmarks come from it.
//!
//!     cargo run --release --example workbook -- OUT.xlsx|OUT.xlsm [ROWS]

use rust_xlsxwriter::{Chart, ChartType, Color, Format, FormatBorder, Workbook, XlsxError};

/// Titles as a staff export holds them, most of them not AHP support roles.
const TITLES: [&str; 16] = [
    "Physio Asst B3",
    "Staff Nurse",
    "OTA",
    "Healthcare Assistant",
    "Porter",
    "Rehab SW",
    "Medical Secretary",
    "Radiographer",
    "Trainee AP",
    "Support worker",
    "Domestic Assistant",
    "Therapy Assistant - Bank",
    "Speech & Language Therapy Assistant",
    "Consultant Physician",
    "Emergency Care Assistant",
    "Dietetic Assistant",
];

fn main() -> Result<(), XlsxError> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "workbook.xlsx".into());
    let rows: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let mut book = Workbook::new();
    if out.ends_with(".xlsm") {
        let vba = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vbaProject.bin");
        book.add_vba_project(vba)?;
    }
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border_bottom(FormatBorder::Thin);
    let money = Format::new().set_num_format("£#,##0.00");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = book.add_worksheet().set_name("Staff")?;
    let columns = [
        ("Employee Number", 16.0),
        ("Surname", 14.0),
        ("Position Title", 34.0),
        ("Department", 18.0),
        ("FTE", 8.0),
        ("Start Date", 12.0),
        ("Salary", 12.0),
        ("Weekly Hours", 12.0),
        ("Assignment Number", 18.0),
        ("Email", 30.0),
    ];
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    let departments = [
        "Physiotherapy",
        "Ward 7",
        "Occupational Therapy",
        "Estates",
        "Radiology",
    ];
    for r in 1..=rows {
        let i = r as usize;
        sheet.write_number(r, 0, f64::from(100_000 + r))?;
        sheet.write_string(r, 1, format!("Smith{}", i % 97))?;
        sheet.write_string(r, 2, TITLES[i * 7 % TITLES.len()])?;
        sheet.write_string(r, 3, departments[i % departments.len()])?;
        sheet.write_number(r, 4, [1.0, 0.6, 0.8][i % 3])?;
        sheet.write_number_with_format(r, 5, 43_000.0 + f64::from(r % 2000), &date)?;
        sheet.write_number_with_format(r, 6, 21_000.0 + f64::from(r % 5000), &money)?;
        sheet.write_formula(r, 7, format!("=E{}*37.5", r + 1).as_str())?;
        // Text unique to each row, as an export's ids and addresses are: a large shared strings
        // table, as real workbooks have.
        sheet.write_string(r, 8, format!("{}-1", 10_000_000 + r))?;
        sheet.write_string(r, 9, format!("staff.member{r}@example.nhs.uk"))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows, columns.len() as u16 - 1)?;
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_values(("Staff", 1, 4, rows.min(10), 4));
    sheet.insert_chart(2, 10, &chart)?;
    book.define_name("TitleColumn", &format!("=Staff!$C$2:$C${}", rows + 1))?;
    let other = book.add_worksheet().set_name("Notes")?;
    other.write_string(0, 0, "Exported from ESR")?;
    other.write_formula(1, 0, "=COUNTA(Staff!C:C)-1")?;
    book.save(&out)?;
    Ok(())
}
