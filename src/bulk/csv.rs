//! CSV sheets: opened as one decoded string with the byte range of each record, so a million-row
//! file costs its text plus about 20 bytes a row, and written back by copying each original
//! record's bytes, with the appended cells after them. Cells that a spreadsheet would run as a
//! formula are neutralised in CSV output (see [`neutralise`]).

use super::cell::Value;
use super::columns::Appended;
use crate::csv::{detect_delimiter, write_field, Reader};
use crate::error::{Error, ErrorKind};
use std::borrow::Cow;
use std::io::{self, Write};

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

const TERMINATORS: [&str; 4] = ["", "\n", "\r\n", "\r"];

fn terminator_code(t: &str) -> u8 {
    TERMINATORS.iter().position(|x| *x == t).unwrap_or(0) as u8
}

/// A CSV file's text and where its header and records are.
#[derive(Debug)]
pub(super) struct CsvSheet {
    text: String,
    delimiter: u8,
    header: Span,
    records: Vec<Span>,
}

impl CsvSheet {
    /// Indexes decoded CSV text: every record's span, checked to close its quotes. Returns the
    /// sheet, its header cells and its width (fields in the widest row). Fails on an unclosed
    /// quote (naming its line) or a blank header. Cost: one pass over the text.
    pub(super) fn open(text: String, file: &str) -> Result<(CsvSheet, Vec<String>, usize), Error> {
        // Every leading byte order mark goes (a file saved again by tools that each add one has
        // several). Keeping one let the CSV reader strip it itself, so every record position it
        // gave was three bytes off this text: cells read wrong, or a panic inside a character.
        let text = match text.trim_start_matches('\u{feff}') {
            t if t.len() == text.len() => text,
            t => t.to_string(),
        };
        if text.len() > u32::MAX as usize {
            return Err(Error::new(file, 0, ErrorKind::TextTooLarge));
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
        if header_fields.iter().all(|f: &String| f.trim().is_empty()) {
            return Err(Error::new(file, 1, ErrorKind::Empty));
        }
        let header = spans.remove(0);
        let width = spans
            .iter()
            .map(|s| s.fields as usize)
            .max()
            .unwrap_or(0)
            .max(header.fields as usize);
        let sheet = CsvSheet {
            text,
            delimiter,
            header,
            records: spans,
        };
        Ok((sheet, header_fields, width))
    }

    /// Data rows, the header not counted.
    pub(super) fn rows(&self) -> usize {
        self.records.len()
    }

    /// The 1-based file lines of records with more or fewer fields than the header.
    pub(super) fn ragged(&self) -> Vec<usize> {
        self.records
            .iter()
            .filter(|r| r.fields != self.header.fields)
            .map(|r| r.line as usize)
            .collect()
    }

    /// The unquoted fields of a record.
    fn fields(&self, span: &Span) -> Vec<Cow<'_, str>> {
        let raw = &self.text[span.start as usize..span.end as usize];
        Reader::new(raw, self.delimiter, "")
            .next()
            .and_then(Result::ok)
            .map(|r| r.fields)
            .unwrap_or_default()
    }

    /// Calls `f` with each data row's cell in `column`, in order (blank where the row is short).
    pub(super) fn for_each_in_column(&self, column: usize, mut f: impl FnMut(&str)) {
        for span in &self.records {
            let fields = self.fields(span);
            f(fields.get(column).map_or("", |c| c));
        }
    }

    /// The header's fields, then each record's, as cell values (text).
    pub(super) fn value_rows(&self) -> impl Iterator<Item = Vec<Value<'_>>> {
        std::iter::once(&self.header)
            .chain(&self.records)
            .map(|span| self.fields(span).into_iter().map(Value::Text).collect())
    }

    /// Writes the sheet with the `appended` columns after `width` fields: each record's original
    /// bytes (padded when short, its own line ending kept; a record with a formula-like cell is
    /// rewritten with that cell neutralised), a row at a time through a 64 KB buffer.
    pub(super) fn write<C: AsRef<[Value<'static>]>>(
        &self,
        width: usize,
        appended: &Appended<'_, C>,
        w: &mut dyn Write,
    ) -> io::Result<()> {
        let d = self.delimiter;
        let (names, groups) = suffixes(appended, d);
        let eol = match TERMINATORS[self.header.terminator as usize] {
            "" => "\n",
            t => t,
        };
        let mut out = Chunks::new(w);
        let write = |out: &mut String, span: &Span, extra: &str| {
            if span.risky {
                for (i, field) in self.fields(span).iter().enumerate() {
                    if i > 0 {
                        out.push(char::from(d));
                    }
                    write_field(out, &neutralise(field), d);
                }
            } else {
                out.push_str(&self.text[span.start as usize..span.end as usize]);
            }
            for _ in span.fields as usize..width {
                out.push(char::from(d));
            }
            out.push_str(extra);
            out.push_str(match TERMINATORS[span.terminator as usize] {
                "" => eol,
                t => t,
            });
        };
        write(&mut out.buffer, &self.header, &names);
        for (i, span) in self.records.iter().enumerate() {
            write(&mut out.buffer, span, &groups[appended.of_row[i] as usize]);
            out.flush_over(CHUNK)?;
        }
        out.flush_over(0)
    }
}

/// Writes a grid of cells (the header row first) as comma-separated CSV with CRLF line ends,
/// `width` cells a row as their text, formula-like cells neutralised, the `appended` columns
/// after them.
pub(super) fn write_grid<'r, C: AsRef<[Value<'static>]>>(
    rows: impl Iterator<Item = Vec<Value<'r>>>,
    width: usize,
    appended: &Appended<'_, C>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let (names, groups) = suffixes(appended, b',');
    let mut out = Chunks::new(w);
    for (row, cells) in rows.enumerate() {
        for col in 0..width {
            if col > 0 {
                out.buffer.push(',');
            }
            if let Some(cell) = cells.get(col) {
                write_field(&mut out.buffer, &neutralise(&cell.text()), b',');
            }
        }
        out.buffer.push_str(match row {
            0 => &names,
            _ => &groups[appended.of_row[row - 1] as usize],
        });
        out.buffer.push_str("\r\n");
        out.flush_over(CHUNK)?;
    }
    out.flush_over(0)
}

/// Output is handed to the writer in pieces of about this many bytes.
const CHUNK: usize = 1 << 16;

/// Text waiting to be written.
struct Chunks<'w> {
    buffer: String,
    w: &'w mut dyn Write,
}

impl<'w> Chunks<'w> {
    fn new(w: &'w mut dyn Write) -> Self {
        Chunks {
            buffer: String::with_capacity(2 * CHUNK),
            w,
        }
    }

    /// Writes the buffer out once it holds `at` bytes or more.
    fn flush_over(&mut self, at: usize) -> io::Result<()> {
        if self.buffer.len() < at {
            return Ok(());
        }
        self.w.write_all(self.buffer.as_bytes())?;
        self.buffer.clear();
        Ok(())
    }
}

/// The appended columns as the text that follows a record: the header's, and each distinct set
/// of cells once (rows that share a title copy one).
fn suffixes<C: AsRef<[Value<'static>]>>(
    appended: &Appended<'_, C>,
    d: u8,
) -> (String, Vec<String>) {
    let suffix = |cells: &mut dyn Iterator<Item = Cow<'_, str>>| {
        let mut s = String::new();
        for cell in cells {
            s.push(char::from(d));
            write_field(&mut s, &neutralise(&cell), d);
        }
        s
    };
    let names = suffix(&mut appended.names.iter().map(|n| Cow::Borrowed(*n)));
    let groups = appended
        .cells
        .iter()
        .map(|c| suffix(&mut c.as_ref().iter().map(Value::text)))
        .collect();
    (names, groups)
}

/// A cell as a CSV consumer should see it: cells starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return get a leading `'` so that a spreadsheet shows them as text instead of running
/// them as a formula, unless the whole cell is a plain number (`-3.5`, `+44`, `1e-3`), which is
/// left alone.
pub(super) fn neutralise(cell: &str) -> Cow<'_, str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_neutralised_and_plain_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("Physio Asst"), "Physio Asst");
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
    fn byte_order_marks_are_all_stripped() {
        let text = "\u{feff}\u{feff}\u{feff}Job Title,Site\nPhysio Asst – ü,Café\n";
        let (sheet, header, _) = CsvSheet::open(text.to_string(), "in.csv").expect("opens");
        assert_eq!(header, ["Job Title", "Site"]);
        let mut titles = Vec::new();
        sheet.for_each_in_column(0, |t| titles.push(t.to_string()));
        assert_eq!(titles, ["Physio Asst – ü"]);
    }
}
