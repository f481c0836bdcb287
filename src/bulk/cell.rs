//! A cell's value as the clean writes it: text, a number, a boolean or a date, and the text a
//! CSV gives each.

use std::borrow::Cow;

/// One cell value for output.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value<'a> {
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
    /// The value, owning its text.
    pub(super) fn into_owned(self) -> Value<'static> {
        match self {
            Value::Empty => Value::Empty,
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
            Value::Number(n) => Value::Number(n),
            Value::Decimal2(n) => Value::Decimal2(n),
            Value::Bool(b) => Value::Bool(b),
            Value::Date(d) => Value::Date(d),
        }
    }

    /// The cell as CSV text.
    pub(super) fn text(&self) -> Cow<'_, str> {
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

/// An Excel serial date as `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or `HH:MM:SS` (under one day),
/// to the nearest second (23:59:59.7 is the next day's midnight).
pub(super) fn date_text(serial: f64) -> String {
    let total = (serial * 86_400.0).round() as i64;
    let (days, seconds) = (total.div_euclid(86_400), total.rem_euclid(86_400));
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if days < 1 {
        return format!("{h:02}:{m:02}:{s:02}");
    }
    // Excel counts 1900-02-29, which never was: serials before it are one day later.
    let days = days + if serial < 61.0 { 1 } else { 0 };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_render_as_iso() {
        assert_eq!(date_text(45_292.0), "2024-01-01");
        assert_eq!(date_text(45_292.5), "2024-01-01 12:00:00");
        assert_eq!(date_text(0.25), "06:00:00");
        assert_eq!(date_text(1.0), "1900-01-01");
        // 23:59:59.7 rounds to the next midnight, not to the same day's.
        let almost = 45_292.0 + (86_399.7 / 86_400.0);
        assert_eq!(date_text(almost), "2024-01-02");
        assert_eq!(
            date_text(45_292.0 + 86_399.4 / 86_400.0),
            "2024-01-01 23:59:59"
        );
    }
}
