//! A small RFC 4180 CSV reader and writer, over bytes.
//!
//! It keeps each record's raw byte range and each field's, so that a bulk clean can copy the
//! original row through untouched, in the file's own encoding, and only append columns. Quoted
//! fields may hold delimiters, doubled quotes and newlines. The structure of a record (quotes,
//! delimiters, line ends) is ASCII, so the same reader serves UTF-8, Windows-1252 and any other
//! ASCII-compatible text; fields are bytes, decoded by the caller.

use crate::error::{Error, ErrorKind};
use std::borrow::Cow;
use std::ops::Range;

/// One record: its fields, the line it starts on (1-based) and where it sits in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// Field values, unquoted: borrowed from the input unless a doubled quote or text after a
    /// closing quote had to be joined.
    pub fields: Vec<Cow<'a, [u8]>>,
    /// Where each field sits in the input, its quotes included.
    pub spans: Vec<Range<usize>>,
    /// 1-based line on which the record starts.
    pub line: usize,
    /// Byte range of the record in the input, without its line terminator.
    pub raw: Range<usize>,
    /// The terminator that ended the record: `"\r\n"`, `"\n"`, `"\r"` or `""` at end of input.
    pub terminator: &'static str,
}

/// Reads records one at a time.
#[derive(Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    delimiter: u8,
    file: &'a str,
    /// Fields in the last record: the next record's field list is allocated at this size.
    width: usize,
}

/// Appends `piece` to a field, borrowing while the field is one piece of the input.
fn append<'a>(field: &mut Cow<'a, [u8]>, piece: &'a [u8]) {
    if field.is_empty() {
        *field = Cow::Borrowed(piece);
    } else if !piece.is_empty() {
        field.to_mut().extend_from_slice(piece);
    }
}

impl<'a> Reader<'a> {
    /// A reader over `bytes` from offset `start`; `file` names the source in errors.
    pub fn new(bytes: &'a [u8], delimiter: u8, file: &'a str) -> Self {
        Reader::starting_at(bytes, 0, delimiter, file)
    }

    /// A reader that starts at byte `start` of `bytes` (after a byte order mark or Excel's `sep=`
    /// line, say), so that spans are offsets into the whole input and lines are the file's.
    pub fn starting_at(bytes: &'a [u8], start: usize, delimiter: u8, file: &'a str) -> Self {
        Reader {
            bytes,
            pos: start,
            line: 1 + bytes[..start].iter().filter(|&&b| b == b'\n').count(),
            delimiter,
            file,
            width: 1,
        }
    }

    /// A reader over `bytes` whose first line is the file's line `line` (a later piece of a
    /// file read in pieces).
    #[cfg(feature = "xlsx")]
    pub(crate) fn at_line(bytes: &'a [u8], line: usize, delimiter: u8, file: &'a str) -> Self {
        Reader {
            line,
            ..Reader::new(bytes, delimiter, file)
        }
    }

    fn read_record(&mut self) -> Result<Record<'a>, Error> {
        let bytes = self.bytes;
        let start = self.pos;
        let start_line = self.line;
        let mut fields = Vec::with_capacity(self.width);
        let mut spans = Vec::with_capacity(self.width);
        let mut i = self.pos;
        loop {
            let field_start = i;
            let mut field = Cow::Borrowed(&bytes[i..i]);
            // At the start of a field.
            if i < bytes.len() && bytes[i] == b'"' {
                i += 1;
                let mut run = i; // start of the text not yet appended
                loop {
                    let Some(rel) = bytes[i..].iter().position(|&b| b == b'"' || b == b'\n') else {
                        return Err(Error::new(self.file, start_line, ErrorKind::UnclosedQuote));
                    };
                    i += rel;
                    if bytes[i] == b'\n' {
                        self.line += 1;
                        i += 1;
                    } else if bytes.get(i + 1) == Some(&b'"') {
                        append(&mut field, &bytes[run..=i]);
                        i += 2;
                        run = i;
                    } else {
                        append(&mut field, &bytes[run..i]);
                        i += 1;
                        break;
                    }
                }
            }
            // Unquoted text, or text after a closing quote (kept as is, like spreadsheets).
            let rest = bytes[i..]
                .iter()
                .position(|&b| b == self.delimiter || b == b'\n' || b == b'\r')
                .unwrap_or(bytes.len() - i);
            append(&mut field, &bytes[i..i + rest]);
            i += rest;
            fields.push(field);
            spans.push(field_start..i);
            if i < bytes.len() && bytes[i] == self.delimiter {
                i += 1;
                continue;
            }
            let end = i;
            let terminator = if bytes[i..].starts_with(b"\r\n") {
                "\r\n"
            } else if bytes[i..].starts_with(b"\n") {
                "\n"
            } else if bytes[i..].starts_with(b"\r") {
                "\r"
            } else {
                ""
            };
            if !terminator.is_empty() {
                self.line += 1;
            }
            self.pos = i + terminator.len();
            self.width = fields.len();
            return Ok(Record {
                fields,
                spans,
                line: start_line,
                raw: start..end,
                terminator,
            });
        }
    }
}

impl<'a> Iterator for Reader<'a> {
    type Item = Result<Record<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.bytes.len() {
            return None;
        }
        let record = self.read_record();
        if record.is_err() {
            self.pos = self.bytes.len();
        }
        Some(record)
    }
}

/// A record of a text's fields as text: the fields of a `&str` are split at ASCII bytes, so each
/// is UTF-8 too.
pub(crate) struct TextRecord<'a> {
    /// Field values, unquoted.
    pub(crate) fields: Vec<Cow<'a, str>>,
    /// 1-based line on which the record starts.
    pub(crate) line: usize,
}

/// Reads a whole mappings-style file into records, failing on the first malformed one; blank
/// records are left out.
pub(crate) fn read_all<'a>(text: &'a str, file: &'a str) -> Result<Vec<TextRecord<'a>>, Error> {
    let mut out = Vec::new();
    let text = text.trim_start_matches('\u{feff}');
    for record in Reader::new(text.as_bytes(), b',', file) {
        let record = record?;
        let fields: Vec<Cow<'a, str>> = record.fields.into_iter().map(as_text).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        out.push(TextRecord {
            fields,
            line: record.line,
        });
    }
    Ok(out)
}

/// A field of a UTF-8 input as text (borrowed: the reader splits only at ASCII bytes).
fn as_text(field: Cow<'_, [u8]>) -> Cow<'_, str> {
    match field {
        Cow::Borrowed(b) => String::from_utf8_lossy(b),
        Cow::Owned(b) => Cow::Owned(String::from_utf8_lossy(&b).into_owned()),
    }
}

/// Appends `value` to `out` as one CSV field, quoting it when it holds the delimiter, a quote or
/// a line break.
pub fn write_field(out: &mut String, value: &str, delimiter: u8) {
    let needs_quotes = value
        .bytes()
        .any(|b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
    if needs_quotes {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// A cell as a CSV consumer should see it: cells starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return get a leading `'` so that a spreadsheet shows them as text instead of running
/// them as a formula, unless the whole cell is a plain number (`-3.5`, `+44`, `1e-3`), which is
/// left alone.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A cell [`neutralise`] wrote, as it was: the `'` before a formula-like cell taken off (a cell
/// that `neutralise` leaves alone is as it is).
pub(crate) fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if matches!(neutralise(rest), Cow::Owned(_)) => rest,
        _ => cell,
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

    fn fields(text: &str) -> Vec<Vec<String>> {
        Reader::new(text.as_bytes(), b',', "t.csv")
            .map(|r| {
                r.map(|r| {
                    r.fields
                        .into_iter()
                        .map(|f| String::from_utf8_lossy(&f).into_owned())
                        .collect()
                })
            })
            .collect::<Result<_, _>>()
            .unwrap_or_default()
    }

    #[test]
    fn plain_and_quoted_fields() {
        assert_eq!(
            fields("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n"),
            vec![vec!["a", "b"], vec!["x, y", "say \"hi\""]]
        );
    }

    #[test]
    fn embedded_newline_keeps_line_numbers() {
        let recs: Vec<Record> = Reader::new(b"h\n\"a\nb\"\nc\r\n", b',', "t")
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[1].fields, vec![Cow::Borrowed(&b"a\nb"[..])]);
        assert_eq!(recs[2].line, 4);
        assert_eq!(recs[2].terminator, "\r\n");
    }

    #[test]
    fn raw_ranges_of_records_and_fields() {
        let text = b"a,b\r\n\"q,1\",2";
        let recs: Vec<Record> = Reader::new(text, b',', "t")
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(&text[recs[1].raw.clone()], b"\"q,1\",2");
        assert_eq!(recs[1].terminator, "");
        let spans: Vec<&[u8]> = recs[1].spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(spans, [&b"\"q,1\""[..], b"2"]);
    }

    #[test]
    fn bytes_that_are_not_utf8_pass_through() {
        let recs: Vec<Record> = Reader::new(b"Caf\xe9,\xff\n", b',', "t")
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(recs[0].fields[0].as_ref(), b"Caf\xe9");
        assert_eq!(recs[0].fields[1].as_ref(), b"\xff");
    }

    #[test]
    fn unclosed_quote_names_the_line() {
        let err = Reader::new(b"a\nb\n\"open,1\n", b',', "in.csv")
            .find_map(|r| r.err())
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("in.csv line 3: a quoted field is never closed")
        );
    }

    #[test]
    fn empty_trailing_fields_are_kept() {
        assert_eq!(fields("a,,\n"), vec![vec!["a", "", ""]]);
    }

    #[test]
    fn writing_quotes_only_when_needed() {
        let mut out = String::new();
        write_field(&mut out, "plain", b',');
        out.push(',');
        write_field(&mut out, "a,\"b\"", b',');
        assert_eq!(out, "plain,\"a,\"\"b\"\"\"");
    }
}
