//! A small RFC 4180 CSV reader and writer.
//!
//! It keeps each record's raw byte range, so that a bulk clean can copy the original row through
//! untouched and only append columns. Quoted fields may hold delimiters, doubled quotes and newlines.

use crate::error::{Error, ErrorKind};
use std::borrow::Cow;
use std::ops::Range;

/// One record: its fields, the line it starts on (1-based) and where it sits in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// Field values, unquoted: borrowed from the text unless a doubled quote or text after a
    /// closing quote had to be joined.
    pub fields: Vec<Cow<'a, str>>,
    /// 1-based line on which the record starts.
    pub line: usize,
    /// Byte range of the record in the text, without its line terminator.
    pub raw: Range<usize>,
    /// The terminator that ended the record: `"\r\n"`, `"\n"`, `"\r"` or `""` at end of text.
    pub terminator: &'static str,
}

/// Reads records one at a time from text already decoded to UTF-8.
#[derive(Debug)]
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: u8,
    file: &'a str,
    /// Fields in the last record: the next record's field list is allocated at this size.
    width: usize,
}

/// Appends `piece` to a field, borrowing while the field is one piece of the text.
fn append<'a>(field: &mut Cow<'a, str>, piece: &'a str) {
    if field.is_empty() {
        *field = Cow::Borrowed(piece);
    } else if !piece.is_empty() {
        field.to_mut().push_str(piece);
    }
}

impl<'a> Reader<'a> {
    /// A reader over `text`; `file` names the source in errors.
    pub fn new(text: &'a str, delimiter: u8, file: &'a str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        Reader {
            text,
            pos: 0,
            line: 1,
            delimiter,
            file,
            width: 1,
        }
    }

    fn read_record(&mut self) -> Result<Record<'a>, Error> {
        let text = self.text;
        let bytes = text.as_bytes();
        let start = self.pos;
        let start_line = self.line;
        let mut fields = Vec::with_capacity(self.width);
        let mut i = self.pos;
        loop {
            let mut field = Cow::Borrowed("");
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
                        append(&mut field, &text[run..=i]);
                        i += 2;
                        run = i;
                    } else {
                        append(&mut field, &text[run..i]);
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
            append(&mut field, &text[i..i + rest]);
            i += rest;
            fields.push(field);
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
        if self.pos >= self.text.len() {
            return None;
        }
        let record = self.read_record();
        if record.is_err() {
            self.pos = self.text.len();
        }
        Some(record)
    }
}

#[cfg(feature = "xlsx")]
/// Picks the delimiter of a sheet from its header line: the most frequent of comma, semicolon
/// and tab outside quotes, comma when none appears.
pub fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in counts.iter_mut() {
                if b == *d {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
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

/// Reads a whole mappings-style file into records, failing on the first malformed one.
pub(crate) fn read_all<'a>(text: &'a str, file: &'a str) -> Result<Vec<Record<'a>>, Error> {
    Reader::new(text, b',', file)
        .filter(|r| !matches!(r, Ok(rec) if rec.fields.iter().all(|f| f.trim().is_empty())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        Reader::new(text, b',', "t.csv")
            .map(|r| r.map(|r| r.fields.into_iter().map(Cow::into_owned).collect()))
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
        let recs: Vec<Record> = Reader::new("h\n\"a\nb\"\nc\r\n", b',', "t")
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[1].fields, vec!["a\nb"]);
        assert_eq!(recs[2].line, 4);
        assert_eq!(recs[2].terminator, "\r\n");
    }

    #[test]
    fn raw_range_is_the_record_without_terminator() {
        let text = "a,b\r\n\"q,1\",2";
        let recs: Vec<Record> = Reader::new(text, b',', "t")
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(&text[recs[1].raw.clone()], "\"q,1\",2");
        assert_eq!(recs[1].terminator, "");
    }

    #[test]
    fn unclosed_quote_names_the_line() {
        let err = Reader::new("a\nb\n\"open,1\n", b',', "in.csv")
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
    fn delimiter_detection() {
        assert_eq!(detect_delimiter("Job Title;Band;Site\n"), b';');
        assert_eq!(detect_delimiter("Job Title\tBand\n"), b'\t');
        assert_eq!(detect_delimiter("\"a;b\",c\n"), b',');
        assert_eq!(detect_delimiter("Title\n"), b',');
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
