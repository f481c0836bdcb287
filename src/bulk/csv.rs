//! CSV sheets: the file's own bytes, with the byte range of each record, so that a clean writes
//! every record back byte for byte (in its encoding, with its delimiter, line ending and byte
//! order marks), with the appended cells after it in the same encoding. A million-row file costs
//! its bytes plus about 20 bytes a row. Cells that a spreadsheet would run as a formula get a
//! leading `'` in CSV output (see [`neutralise`]), inserted into the record's bytes.

use super::cell::Value;
use super::columns::Appended;
use super::decode::{detect, Encoding};
use crate::csv::{neutralise, Reader};
use crate::error::{Error, ErrorKind};
use std::borrow::Cow;
use std::io::{self, Write};

/// Where one CSV record sits: offsets into the parsed bytes (the file's, or for UTF-16 its text
/// transcoded to UTF-8), and for UTF-16 also into the file.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    end: u32,
    /// The record in the file, for UTF-16 (else equal to `start..end`).
    source: (u32, u32),
    line: u32,
    fields: u32,
    terminator: u8,
    /// Some field would run as a formula: the record is neutralised, not copied, in CSV output.
    risky: bool,
}

const TERMINATORS: [&str; 4] = ["", "\n", "\r\n", "\r"];

fn terminator_code(t: &str) -> u8 {
    TERMINATORS.iter().position(|x| *x == t).unwrap_or(0) as u8
}

/// A CSV file's bytes and where its records are.
#[derive(Debug)]
pub(super) struct CsvSheet {
    source: Vec<u8>,
    /// For UTF-16, the text transcoded to UTF-8, which the records' offsets index.
    text: Option<String>,
    encoding: Encoding,
    /// Bytes of the file before the first record (byte order marks, Excel's `sep=` line), copied
    /// as they are.
    prefix: usize,
    delimiter: u8,
    records: Vec<Span>,
    /// Byte sequences that are not UTF-8, in a file read as UTF-8.
    invalid: usize,
    /// The line end written after a last record that has none: the header's. A segment of a
    /// streamed file is given the file's (see [`CsvSheet::segment`]).
    default_terminator: Option<u8>,
}

/// How the records of a streamed file's later segment are read: as its first segment was.
#[derive(Debug, Clone, Copy)]
pub(super) struct SegmentOf {
    pub(super) encoding: Encoding,
    pub(super) delimiter: u8,
    /// The file line the segment starts on.
    pub(super) line: usize,
    /// The line end of the file's header (or first record), for a last record with none.
    pub(super) terminator: u8,
}

impl CsvSheet {
    /// Indexes a CSV file: its encoding, a `sep=` first line, its delimiter (`,`, `;`, tab or
    /// `|`, whichever splits its first lines most evenly) and every record's span, checked to
    /// close its quotes. Fails on an unclosed quote (naming its line). Cost: one pass over the
    /// bytes (and for UTF-16, one to transcode them).
    pub(super) fn open(source: Vec<u8>, file: &str) -> Result<CsvSheet, Error> {
        if source.len() > u32::MAX as usize {
            return Err(Error::new(file, 0, ErrorKind::TextTooLarge));
        }
        let detected = detect(&source);
        let mut invalid = detected.invalid;
        let text = detected.encoding.is_utf16().then(|| {
            let (text, bad) = detected.encoding.decode_counting(&source[detected.bom..]);
            invalid = bad;
            text
        });
        let parsed: &[u8] = text.as_deref().map_or(&source, str::as_bytes);
        let start = if text.is_some() { 0 } else { detected.bom };
        let (first, delimiter) = records_start(parsed, start);
        // UTF-16 is parsed as the UTF-8 it was transcoded to.
        let cells = match detected.encoding {
            e if e.is_utf16() => Encoding::Utf8 { lossy: false },
            e => e,
        };
        let mut records = Vec::new();
        for record in Reader::starting_at(parsed, first, delimiter, file) {
            let record = record?;
            let risky = record.fields.iter().any(|f| formula_like(f, cells));
            records.push(Span {
                start: record.raw.start as u32,
                end: record.raw.end as u32,
                source: (record.raw.start as u32, record.raw.end as u32),
                line: record.line as u32,
                fields: record.fields.len() as u32,
                terminator: terminator_code(record.terminator),
                risky,
            });
        }
        let prefix = match &text {
            // The file's offsets of the UTF-16 records, and of the first one.
            Some(text) => {
                let unit = |ch: char| 2 * ch.len_utf16() as u32;
                let mut at = (0usize, detected.bom as u32);
                // An odd last byte decodes to one U+FFFD: offsets stop at the file's end.
                let end = source.len() as u32;
                let mut advance = |to: usize| {
                    at.1 += text[at.0..to].chars().map(unit).sum::<u32>();
                    at.0 = to;
                    at.1.min(end)
                };
                let prefix = advance(first) as usize;
                let odd = |at: u32| (at - detected.bom as u32) % 2 == 1;
                for r in &mut records {
                    r.source = (advance(r.start as usize), advance(r.end as usize));
                    // After a stray byte the file's units are out of step: such a record is
                    // written from what was read (its text, in step again), not copied.
                    r.risky |= odd(r.source.0) || odd(r.source.1);
                }
                prefix
            }
            None => first,
        };
        Ok(CsvSheet {
            source,
            text,
            encoding: detected.encoding,
            prefix,
            delimiter,
            records,
            invalid,
            default_terminator: None,
        })
    }

    /// Indexes a later segment of a streamed file (whole records, cut by [`complete_len`]): read
    /// in the encoding and delimiter of the file's first segment, with no byte order mark or
    /// `sep=` line, its lines counted from `of.line`. UTF-16 is not streamed.
    pub(super) fn segment(source: Vec<u8>, file: &str, of: SegmentOf) -> Result<CsvSheet, Error> {
        if source.len() > u32::MAX as usize {
            return Err(Error::new(file, 0, ErrorKind::TextTooLarge));
        }
        let invalid = match of.encoding {
            Encoding::Utf8 { .. } if std::str::from_utf8(&source).is_err() => {
                of.encoding.decode_counting(&source).1
            }
            _ => 0,
        };
        let mut records = Vec::new();
        for record in Reader::at_line(&source, of.line, of.delimiter, file) {
            let record = record?;
            let risky = record.fields.iter().any(|f| formula_like(f, of.encoding));
            let raw = (record.raw.start as u32, record.raw.end as u32);
            records.push(Span {
                start: raw.0,
                end: raw.1,
                source: raw,
                line: record.line as u32,
                fields: record.fields.len() as u32,
                terminator: terminator_code(record.terminator),
                risky,
            });
        }
        Ok(CsvSheet {
            source,
            text: None,
            encoding: of.encoding,
            prefix: 0,
            delimiter: of.delimiter,
            records,
            invalid,
            default_terminator: Some(of.terminator),
        })
    }

    /// The line end of record `row` (`TERMINATORS` code; 0 for none).
    pub(super) fn terminator_of(&self, row: usize) -> u8 {
        self.records.get(row).map_or(0, |r| r.terminator)
    }

    /// The file line after the last record.
    pub(super) fn next_line(&self) -> usize {
        self.records.last().map_or(1, |r| {
            let raw = &self.parsed()[r.start as usize..r.end as usize];
            let inside = raw.iter().filter(|&&b| b == b'\n').count();
            r.line as usize + inside + usize::from(r.terminator != 0)
        })
    }

    /// The encoding of [`CsvSheet::parsed`]'s bytes: UTF-16 is parsed as the UTF-8 it was
    /// transcoded to.
    fn parsed_encoding(&self) -> Encoding {
        if self.text.is_some() {
            Encoding::Utf8 { lossy: false }
        } else {
            self.encoding
        }
    }

    fn parsed(&self) -> &[u8] {
        self.text.as_deref().map_or(&self.source, str::as_bytes)
    }

    /// Records, every one (a header and any rows above it included).
    pub(super) fn rows(&self) -> usize {
        self.records.len()
    }

    /// The encoding the file was read in.
    pub(super) fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Byte sequences that are not UTF-8 in a file read as UTF-8 (read as U+FFFD, kept as they
    /// were in the output).
    pub(super) fn invalid(&self) -> usize {
        self.invalid
    }

    /// The delimiter.
    pub(super) fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The 1-based file line record `row` starts on.
    pub(super) fn line(&self, row: usize) -> usize {
        self.records.get(row).map_or(0, |r| r.line as usize)
    }

    /// Fields in record `row`.
    pub(super) fn width_of(&self, row: usize) -> usize {
        self.records.get(row).map_or(0, |r| r.fields as usize)
    }

    /// The decoded fields of record `row`.
    pub(super) fn fields(&self, row: usize) -> Vec<Cow<'_, str>> {
        let Some(span) = self.records.get(row) else {
            return Vec::new();
        };
        let raw = &self.parsed()[span.start as usize..span.end as usize];
        let encoding = self.parsed_encoding();
        let record = Reader::new(raw, self.delimiter, "")
            .next()
            .and_then(Result::ok);
        (record.map(|r| r.fields).unwrap_or_default())
            .into_iter()
            .map(|f| match f {
                Cow::Borrowed(b) => encoding.decode(b),
                Cow::Owned(b) => Cow::Owned(encoding.decode(&b).into_owned()),
            })
            .collect()
    }

    /// Calls `f` with the cell in `column` of each record from `from` on, in order (blank where
    /// the record is short). Cost: the records parsed again, only that cell of each decoded.
    pub(super) fn for_each_in_column(&self, column: usize, from: usize, mut f: impl FnMut(&str)) {
        let parsed = self.parsed();
        let encoding = self.parsed_encoding();
        let Some(first) = self.records.get(from) else {
            return;
        };
        // The records follow one another: one reader reads them all again, as when indexed.
        let records = Reader::starting_at(parsed, first.start as usize, self.delimiter, "");
        for record in records.take(self.records.len() - from) {
            match record.as_ref().ok().and_then(|r| r.fields.get(column)) {
                Some(cell) => f(&encoding.decode(cell)),
                None => f(""),
            }
        }
    }

    /// Calls `f` with the cells in `columns` of each record from `from` on, in order (empty
    /// where the record is short), their bytes as parsed ([`CsvSheet::decode`] reads them).
    /// Cost: the records parsed again, nothing copied or decoded.
    pub(super) fn for_each_in_columns(
        &self,
        columns: &[usize],
        from: usize,
        mut f: impl FnMut(&[&[u8]]),
    ) {
        let Some(first) = self.records.get(from) else {
            return;
        };
        let records = Reader::starting_at(self.parsed(), first.start as usize, self.delimiter, "");
        // The cells of a record, on the stack when there are few columns (always, for context).
        const FEW: usize = 16;
        for record in records.take(self.records.len() - from) {
            let record = record.ok();
            let fields = record.as_ref().map_or(&[][..], |r| &r.fields[..]);
            let cell = |c: usize| fields.get(c).map_or(&[][..], |cell| &cell[..]);
            if columns.len() <= FEW {
                let mut cells: [&[u8]; FEW] = [&[]; FEW];
                for (slot, &c) in cells.iter_mut().zip(columns) {
                    *slot = cell(c);
                }
                f(&cells[..columns.len()]);
            } else {
                f(&columns.iter().map(|&c| cell(c)).collect::<Vec<_>>());
            }
        }
    }

    /// A cell's bytes as [`CsvSheet::for_each_in_columns`] gives them, as text.
    pub(super) fn decode<'b>(&self, bytes: &'b [u8]) -> Cow<'b, str> {
        self.parsed_encoding().decode(bytes)
    }

    /// Writes the file back with the `appended` columns after `width` fields of each record from
    /// `header` on (the header gets their names; with no header, from the first record): the
    /// prefix as it was, then each record's bytes (a formula-like cell neutralised in place; from
    /// the header on padded when short), its own line ending kept, a row at a time through a
    /// 64 KB buffer.
    pub(super) fn write<C: AsRef<[Value<'static>]>>(
        &self,
        header: Option<usize>,
        width: usize,
        appended: &Appended<'_, C>,
        w: &mut dyn Write,
    ) -> io::Result<()> {
        let enc = self.encoding;
        let d = self.delimiter;
        let piece = |text: &str| {
            let mut out = Vec::new();
            enc.encode(text, &mut out);
            out
        };
        let (names, groups) = suffixes(appended, d, enc);
        let delimiter = piece(&char::from(d).to_string());
        let header_terminator = (self.default_terminator)
            .or_else(|| self.records.get(header.unwrap_or(0)).map(|r| r.terminator));
        let header_eol = match header_terminator.map_or("", |t| TERMINATORS[t as usize]) {
            "" => "\n",
            t => t,
        };
        let eols: Vec<Vec<u8>> = TERMINATORS.iter().map(|t| piece(t)).collect();
        let default_eol = piece(header_eol);
        let mut out = Chunks::new(w);
        out.buffer.extend_from_slice(&self.source[..self.prefix]);
        for (row, span) in self.records.iter().enumerate() {
            let eol = match span.terminator {
                0 => &default_eol,
                t => &eols[t as usize],
            };
            self.write_record(span, &mut out.buffer);
            if header.is_some_and(|h| row < h) {
                out.buffer.extend_from_slice(eol);
                continue;
            }
            for _ in span.fields as usize..width {
                out.buffer.extend_from_slice(&delimiter);
            }
            out.buffer.extend_from_slice(match header {
                Some(h) if row == h => &names,
                Some(h) => &groups[appended.of_row[row - h - 1] as usize],
                None => &groups[appended.of_row[row] as usize],
            });
            out.buffer.extend_from_slice(eol);
            out.flush_over(CHUNK)?;
        }
        out.flush_over(0)
    }

    /// A record's own bytes, with a `'` before each formula-like cell (after its opening quote).
    fn write_record(&self, span: &Span, out: &mut Vec<u8>) {
        let source = &self.source[span.source.0 as usize..span.source.1 as usize];
        if !span.risky {
            return out.extend_from_slice(source);
        }
        if let Some(text) = &self.text {
            // UTF-16: the record rewritten from its fields, neutralised, in its encoding.
            let raw = &text.as_bytes()[span.start as usize..span.end as usize];
            let record = Reader::new(raw, self.delimiter, "")
                .next()
                .and_then(Result::ok);
            let mut line = String::new();
            for (i, field) in (record.map(|r| r.fields).unwrap_or_default())
                .iter()
                .enumerate()
            {
                if i > 0 {
                    line.push(char::from(self.delimiter));
                }
                let field = String::from_utf8_lossy(field);
                crate::csv::write_field(&mut line, &neutralise(&field), self.delimiter);
            }
            return self.encoding.encode(&line, out);
        }
        let Some(record) = Reader::new(source, self.delimiter, "")
            .next()
            .and_then(Result::ok)
        else {
            return out.extend_from_slice(source);
        };
        let mut copied = 0;
        for (field, at) in record.fields.iter().zip(&record.spans) {
            if formula_like(field, self.encoding) {
                let insert = at.start + usize::from(source.get(at.start) == Some(&b'"'));
                out.extend_from_slice(&source[copied..insert]);
                out.push(b'\'');
                copied = insert;
            }
        }
        out.extend_from_slice(&source[copied..]);
    }

    /// Records from `from` on as cell values: plain numbers (no leading zero, as `00123` is an
    /// id) as numbers, the rest as text.
    pub(super) fn value_rows(&self, from: usize) -> impl Iterator<Item = Vec<Value<'_>>> {
        (from..self.records.len()).map(|row| {
            self.fields(row)
                .into_iter()
                .map(|f| match number(&f) {
                    Some(n) => Value::Number(n),
                    None => Value::Text(f),
                })
                .collect()
        })
    }
}

/// A cell's text as a number, when it is one as written: digits with at most one point and an
/// optional minus sign, no leading zero before other digits, at most 15 significant digits.
fn number(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = whole.len() > 1 && whole.starts_with('0');
    let plain = all_digits(whole) && all_digits(fraction) && !leading_zero && digits.len() <= 16;
    plain.then(|| text.parse().ok()).flatten()
}

/// Where the records of a CSV's text (its bytes, or UTF-16 transcoded) start, from `start` (after
/// a byte order mark), and its delimiter: Excel's `sep=` line names it, else it is guessed.
fn records_start(parsed: &[u8], start: usize) -> (usize, u8) {
    let (first, sep) = sep_line(&parsed[start..]);
    let first = start + first;
    (
        first,
        sep.unwrap_or_else(|| guess_delimiter(&parsed[first..])),
    )
}

/// The delimiter of a UTF-8 or single-byte CSV whose first bytes are `head`, as
/// [`CsvSheet::open`] tells it.
pub(super) fn delimiter_of(head: &[u8]) -> u8 {
    records_start(head, detect(head).bom).1
}

/// Excel's `sep=X` first line: where records start after it, and its delimiter.
fn sep_line(bytes: &[u8]) -> (usize, Option<u8>) {
    let line_end = bytes
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(bytes.len());
    let line = &bytes[..line_end];
    let named = line.len() == 5 && line[..4].eq_ignore_ascii_case(b"sep=");
    if named && (line[4].is_ascii_punctuation() || line[4] == b'\t') {
        let mut end = line_end;
        if bytes[end..].starts_with(b"\r\n") {
            end += 2;
        } else if end < bytes.len() {
            end += 1;
        }
        return (end, Some(line[4]));
    }
    (0, None)
}

/// The delimiter of a CSV: of `,`, `;`, tab and `|`, the one on most of the first 30 lines
/// (outside quotes), then the one that appears the same number of times on most of them; a
/// comma when none appears.
fn guess_delimiter(bytes: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut counts: Vec<[u32; 4]> = Vec::new();
    let mut line = [0u32; 4];
    let mut quoted = false;
    for &b in bytes.iter().take(1 << 16) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                counts.push(line);
                line = [0; 4];
                if counts.len() == 30 {
                    break;
                }
            }
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    line[i] += 1;
                }
            }
            _ => {}
        }
    }
    if line.iter().any(|&n| n > 0) {
        counts.push(line);
    }
    let score = |i: usize| {
        // The most common non-zero count, and on how many lines it is the count.
        let mut seen: Vec<(u32, u32)> = Vec::new();
        for c in counts.iter().map(|l| l[i]).filter(|&n| n > 0) {
            match seen.iter_mut().find(|(n, _)| *n == c) {
                Some((_, lines)) => *lines += 1,
                None => seen.push((c, 1)),
            }
        }
        seen.iter()
            .map(|&(n, lines)| (lines, n))
            .max()
            .unwrap_or((0, 0))
    };
    // On the most lines first (a tab or `;` inside some cells is on fewer lines than the
    // delimiter), then on the most lines the same number of times.
    let present = |i: usize| counts.iter().filter(|l| l[i] > 0).count();
    (0..CANDIDATES.len())
        .map(|i| (present(i), score(i), i))
        .filter(|(_, (lines, _), _)| *lines > 0)
        .max_by_key(|&(present, (lines, n), i)| (present, lines, n, std::cmp::Reverse(i)))
        .map_or(b',', |(_, _, i)| CANDIDATES[i])
}

/// Writes rows of a workbook's sheet as comma-separated UTF-8 CSV with CRLF line ends (as Excel
/// saves CSV), a row at a time: `width` cells a row as their text, formula-like cells
/// neutralised, then the `appended` columns (the header row gets their names, rows above it
/// nothing).
pub(super) struct GridCsv<'w, 'a, C> {
    out: Chunks<'w>,
    names: Vec<u8>,
    groups: Vec<Vec<u8>>,
    appended: &'a Appended<'a, C>,
    header: Option<usize>,
    width: usize,
    row: usize,
    line: String,
}

impl<'w, 'a, C: AsRef<[Value<'static>]>> GridCsv<'w, 'a, C> {
    pub(super) fn new(
        appended: &'a Appended<'a, C>,
        header: Option<usize>,
        width: usize,
        w: &'w mut dyn Write,
    ) -> Self {
        let (names, groups) = suffixes(appended, b',', Encoding::Utf8 { lossy: false });
        GridCsv {
            out: Chunks::new(w),
            names,
            groups,
            appended,
            header,
            width,
            row: 0,
            line: String::new(),
        }
    }

    /// Writes the next row.
    pub(super) fn row(&mut self, cells: &[Value<'_>]) -> io::Result<()> {
        self.line.clear();
        for col in 0..self.width {
            if col > 0 {
                self.line.push(',');
            }
            if let Some(cell) = cells.get(col) {
                crate::csv::write_field(&mut self.line, &neutralise(&cell.text()), b',');
            }
        }
        self.out.buffer.extend_from_slice(self.line.as_bytes());
        let row = self.row;
        self.out.buffer.extend_from_slice(match self.header {
            Some(h) if row < h => &[],
            Some(h) if row == h => &self.names,
            Some(h) => &self.groups[self.appended.of_row[row - h - 1] as usize],
            None => &self.groups[self.appended.of_row[row] as usize],
        });
        self.out.buffer.extend_from_slice(b"\r\n");
        self.row += 1;
        self.out.flush_over(CHUNK)
    }

    /// Writes what is left in the buffer.
    pub(super) fn finish(mut self) -> io::Result<()> {
        self.out.flush_over(0)
    }
}

/// Output is handed to the writer in pieces of about this many bytes.
const CHUNK: usize = 1 << 16;

/// Bytes waiting to be written.
struct Chunks<'w> {
    buffer: Vec<u8>,
    w: &'w mut dyn Write,
}

impl<'w> Chunks<'w> {
    fn new(w: &'w mut dyn Write) -> Self {
        Chunks {
            buffer: Vec::with_capacity(2 * CHUNK),
            w,
        }
    }

    /// Writes the buffer out once it holds `at` bytes or more.
    fn flush_over(&mut self, at: usize) -> io::Result<()> {
        if self.buffer.len() < at {
            return Ok(());
        }
        self.w.write_all(&self.buffer)?;
        self.buffer.clear();
        Ok(())
    }
}

/// The appended columns as the bytes that follow a record: the header's, and each distinct set
/// of cells once (rows that share a title copy one), in `encoding`.
fn suffixes<C: AsRef<[Value<'static>]>>(
    appended: &Appended<'_, C>,
    d: u8,
    encoding: Encoding,
) -> (Vec<u8>, Vec<Vec<u8>>) {
    let suffix = |cells: &mut dyn Iterator<Item = Cow<'_, str>>| {
        let mut s = String::new();
        for cell in cells {
            s.push(char::from(d));
            crate::csv::write_field(&mut s, &neutralise(&cell), d);
        }
        let mut out = Vec::with_capacity(s.len());
        encoding.encode(&s, &mut out);
        out
    };
    let names = suffix(&mut appended.names.iter().map(|n| Cow::Borrowed(*n)));
    let groups = appended
        .cells
        .iter()
        .map(|c| suffix(&mut c.as_ref().iter().map(Value::text)))
        .collect();
    (names, groups)
}

/// Whether [`neutralise`] would change this field, read in `encoding`. Cost: its first byte
/// looked at, the field decoded only when that is a formula's first character (all of them are
/// ASCII, which every encoding read here keeps as one byte; UTF-16 is read transcoded).
fn formula_like(field: &[u8], encoding: Encoding) -> bool {
    matches!(
        field.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && matches!(neutralise(&encoding.decode(field)), Cow::Owned(_))
}

/// The length of the whole records at the start of `bytes`, a piece of a CSV read so far, with
/// their widest record's fields and how many there are: a record counts once its line end is
/// read (a `\r` at the very end may be the start of `\r\n`), and a record cut inside its
/// quotes is not whole. At the end of the input (`eof`) every record is whole. Cost: one parse
/// of the records.
pub(super) fn complete_len(bytes: &[u8], delimiter: u8, eof: bool) -> (usize, usize, usize) {
    let (mut end, mut widest, mut records) = (0, 0, 0);
    for record in Reader::new(bytes, delimiter, "") {
        let Ok(record) = record else { break };
        let stop = record.raw.end + record.terminator.len();
        let open_ended =
            record.terminator.is_empty() || (record.terminator == "\r" && stop == bytes.len());
        let certain = eof || !open_ended;
        if !certain {
            break;
        }
        end = stop;
        widest = widest.max(record.fields.len());
        records += 1;
    }
    if eof {
        end = bytes.len();
    }
    (end, widest, records)
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
    fn byte_order_marks_are_kept_and_read_past() {
        let text = "\u{feff}\u{feff}\u{feff}Job Title,Site\nPhysio Asst – ü,Café\n";
        let sheet = CsvSheet::open(text.as_bytes().to_vec(), "in.csv").expect("opens");
        assert_eq!(sheet.fields(0), ["Job Title", "Site"]);
        let mut titles = Vec::new();
        sheet.for_each_in_column(0, 1, |t| titles.push(t.to_string()));
        assert_eq!(titles, ["Physio Asst – ü"]);
    }

    #[test]
    fn delimiters_are_told_from_the_first_lines() {
        let guess = |t: &str| char::from(guess_delimiter(t.as_bytes()));
        assert_eq!(guess("Job Title;Band;Site\nOTA;3;N\n"), ';');
        assert_eq!(guess("Job Title\tBand\nOTA\t3\n"), '\t');
        assert_eq!(guess("\"a;b\",c\n1,2\n"), ',');
        assert_eq!(guess("Title\n"), ',');
        assert_eq!(guess("Id|Job Title|Band\n1|OTA|3\n2|Physio, MSK|4\n"), '|');
        // Tabs in some cells of a ragged comma file; commas in every address of a tab file.
        assert_eq!(
            guess("Job Title,Notes\nOTA,a\tb,c,d\nHCA,a\tb\nPorter,x\ty,z\n"),
            ','
        );
        assert_eq!(
            guess("Job Title\tSite\nOTA\tLeeds, West\nHCA\tYork, North\n"),
            '\t'
        );
        // A report title above the header does not decide it.
        assert_eq!(
            guess("Staff list, November\nId;Title;Band\n1;OTA;3\n2;HCA;2\n"),
            ';'
        );
    }

    #[test]
    fn a_sep_line_names_the_delimiter_and_is_kept() {
        assert_eq!(sep_line(b"sep=;\r\nA;B\r\n"), (7, Some(b';')));
        assert_eq!(sep_line(b"SEP=|\nA|B\n"), (6, Some(b'|')));
        assert_eq!(sep_line(b"sepsis,1\n"), (0, None));
    }

    #[test]
    fn numbers_are_told_from_ids() {
        assert_eq!(number("37.5"), Some(37.5));
        assert_eq!(number("-3"), Some(-3.0));
        assert_eq!(number("0.6"), Some(0.6));
        for text in [
            "00123",
            "1e3",
            "+44",
            "1.2.3",
            "",
            ".5",
            "12345678901234567",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
    }
}
