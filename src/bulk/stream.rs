//! CSV of any size, cleaned as a stream: the file is read in segments of whole records (8 MB or
//! so), each opened, matched and written as the whole-file path does ([`Bulk`]), with the
//! results of the texts read lately kept (the memo, bounded) so that a title is read once while
//! it recurs. Memory is the memo, a fingerprint a distinct title and a segment, whatever the
//! file's size.
//!
//! The first segment decides what the whole-file path decides from a file's first rows: the
//! encoding, the delimiter, the header row, the title column and the columns read beside it. A
//! first pass over the file measures its widest record, because a short record is padded to it
//! before the appended columns. The output is byte for byte the whole-file path's (the tests
//! check it at every segment boundary).

use super::columns::{HEADER_ROWS, SAMPLE_ROWS};
use super::csv::{complete_len, delimiter_of, CsvSheet, SegmentOf};
use super::decode::detect;
use super::guard::{kind_of, Kind};
use super::hash::FxMap;
use super::parallel::map_in_order;
use super::summary::Tally;
use super::table::Table;
use super::{Bulk, Options, Summary, Workforce};
use crate::error::{Error, ErrorKind};
use crate::matcher::{position_title, Matcher, Memo};
use std::hash::{Hash, Hasher};
use std::io::{self, Read, Write};

/// Bytes read for a segment before it is cut after its last whole record (the command line's;
/// [`clean_stream`] takes any).
pub const SEGMENT_BYTES: usize = 8 << 20;

/// The longest record read: a longer one is not a spreadsheet row (a stray quote, a binary).
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// Why a streamed clean stopped.
#[derive(Debug)]
pub enum Stopped {
    /// The input is not a table that can be cleaned (the same errors as [`Bulk::open`]).
    Input(Error),
    /// Reading the input failed.
    Read(io::Error),
    /// Writing the output failed.
    Write(io::Error),
}

impl From<Error> for Stopped {
    fn from(e: Error) -> Self {
        Stopped::Input(e)
    }
}

/// What a streamed clean found, for its report.
#[derive(Debug)]
pub struct Streamed {
    /// Row counts by status, profession and band, over every row's result.
    pub summary: Summary,
    /// The workforce summary, as [`Bulk::workforce`] gives it.
    pub workforce: Workforce,
    /// Distinct titles.
    pub distinct: usize,
    /// The title column's label.
    pub column: String,
    /// Why it is the title column.
    pub title_reason: String,
    /// The columns read beside the title: field and label.
    pub context_columns: Vec<(&'static str, String)>,
    /// Things the user should know, as [`Bulk::warnings`] says them, over the whole file.
    pub warnings: Vec<String>,
    /// The titles as the engine read them (a position name's title part), most rows first,
    /// each with its rows matched, to review and no match: the first [`TITLES_KEPT`] seen.
    pub titles: Vec<(String, [usize; 3])>,
    /// Rows whose titles came after the first [`TITLES_KEPT`], so are not in `titles`.
    pub rows_left_out: usize,
}

/// The most titles a streamed clean counts rows for (about 60 bytes each).
pub const TITLES_KEPT: usize = 100_000;

impl Streamed {
    /// [`Streamed::titles`] as a CSV (`Job title,Rows,Matched,To review,No match`): a file of
    /// the distinct titles to review in the page, whose decisions then apply to the whole file.
    pub fn titles_csv(&self) -> String {
        let mut out = String::from("Job title,Rows,Matched,To review,No match\r\n");
        for (title, [m, r, n]) in &self.titles {
            crate::csv::write_field(&mut out, title, b',');
            out.push_str(&format!(",{},{m},{r},{n}\r\n", m + r + n));
        }
        out
    }
}

/// Whether an input whose first bytes are `head` is streamed: a CSV (not a workbook) in UTF-8 or
/// Windows-1252. UTF-16 text (Excel's "Unicode Text") is read whole.
pub fn streams(head: &[u8]) -> bool {
    matches!(kind_of(head, ""), Ok(Kind::Text)) && !detect(head).encoding.is_utf16()
}

/// Reads `input` in segments of whole records, `size` bytes or more each, the first with at
/// least the rows a table is found in (as the whole-file path finds it).
struct Segments<'r> {
    input: &'r mut dyn Read,
    size: usize,
    carry: Vec<u8>,
    eof: bool,
    delimiter: u8,
    /// Records the next segment must hold unless the input ends first.
    min_records: usize,
    /// Bytes read so far.
    read: u64,
}

impl Segments<'_> {
    /// The next segment, with its widest record and its records; `None` at the end.
    fn next(&mut self, file: &str) -> Result<Option<(Vec<u8>, usize, usize)>, Stopped> {
        let mut want = self.size.max(1);
        loop {
            let mut buf = std::mem::take(&mut self.carry);
            while buf.len() < want && !self.eof {
                let have = buf.len();
                buf.resize(want, 0);
                let n = self.input.read(&mut buf[have..]).map_err(Stopped::Read)?;
                buf.truncate(have + n);
                self.read += n as u64;
                self.eof = n == 0;
            }
            if buf.is_empty() {
                return Ok(None);
            }
            let (cut, widest, records) = complete_len(&buf, self.delimiter, self.eof);
            if cut > 0 && (records >= self.min_records || self.eof) {
                self.carry = buf.split_off(cut);
                self.min_records = 1;
                return Ok(Some((buf, widest, records)));
            }
            // Not enough whole records in what was read: read more, unless one record would be
            // over the limit (an unclosed quote, or not a table).
            if buf.len() - cut > MAX_RECORD_BYTES {
                let kind = ErrorKind::RecordTooLarge {
                    limit: MAX_RECORD_BYTES,
                };
                return Err(Stopped::Input(Error::new(file, 0, kind)));
            }
            self.carry = buf;
            want *= 2;
        }
    }
}

/// Cleans a CSV as a stream to `out`, as [`Bulk::open`], matching and [`Bulk::write_csv`] would,
/// byte for byte. `open` gives the input from its start; it is called twice, for the pass that
/// measures the widest record and for the clean. `progress` is told the bytes read so far by
/// both passes (twice the input's size at the end). Memory: the results of the texts read
/// lately (two generations of 16,384 a thread), a fingerprint of each distinct title (16
/// bytes) and two segments.
#[allow(clippy::too_many_arguments)]
pub fn clean_stream(
    open: &mut dyn FnMut() -> io::Result<Box<dyn Read>>,
    out: &mut dyn Write,
    file: &str,
    options: &Options,
    matcher: Matcher,
    segment_bytes: usize,
    progress: &mut dyn FnMut(u64),
) -> Result<Streamed, Stopped> {
    // The head: enough of the file to tell its delimiter, as the whole file would.
    let mut input = open().map_err(Stopped::Read)?;
    let mut head = Vec::new();
    (&mut input)
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(Stopped::Read)?;
    let delimiter = delimiter_of(&head);
    let head_len = head.len() as u64;
    let first_records = HEADER_ROWS + SAMPLE_ROWS;
    let mut segments = Segments {
        input: &mut input,
        size: segment_bytes,
        carry: head,
        eof: false,
        delimiter,
        min_records: first_records,
        read: 0,
    };
    let mut width = 0;
    while let Some((_, widest, _)) = segments.next(file)? {
        width = width.max(widest);
        progress(head_len + segments.read);
    }
    let measured = head_len + segments.read;
    drop(segments);

    let mut input = open().map_err(Stopped::Read)?;
    let mut segments = Segments {
        input: &mut input,
        size: segment_bytes,
        carry: Vec::new(),
        eof: false,
        delimiter,
        min_records: first_records,
        read: 0,
    };
    let Some((first, _, _)) = segments.next(file)? else {
        return Err(Stopped::Input(Error::new(file, 1, ErrorKind::Empty)));
    };
    let mut bulk = Bulk::open(first, file, options, matcher)?;
    bulk.table.widen(width);
    let Some(of) = bulk.table.segment_of(bulk.layout.header) else {
        return Err(Stopped::Input(Error::new(file, 0, ErrorKind::Empty)));
    };
    let mut run = Run::new(&bulk);
    run.segment(&mut bulk, out)?;
    progress(measured + segments.read);
    let mut line = of.line;
    while let Some((bytes, _, _)) = segments.next(file)? {
        let csv = CsvSheet::segment(bytes, file, SegmentOf { line, ..of })?;
        line = csv.next_line();
        let sheet = bulk.table.sheet().to_string();
        bulk.continue_with(Table::csv_segment(csv, width, &sheet))?;
        run.segment(&mut bulk, out)?;
        progress(measured + segments.read);
    }
    Ok(run.finish(&bulk))
}

/// Threads that match: the machine's cores, two at most (the reading and writing between them
/// is one thread's, so a third gains little).
fn threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    #[cfg(target_arch = "wasm32")]
    let cores = 1;
    cores.min(2)
}

/// Texts a stream's memo keeps the results of, in each of its two generations (about 1.5 KB a
/// result, so 48 MB at most): a file's distinct titles, or those seen lately when it has more.
const MEMO_TEXTS: usize = 16 << 10;

/// What the segments add up to, and what the first segment told of the file's layout.
struct Run {
    summary: Summary,
    tally: Tally,
    /// The results of the texts read lately: the titles (a position name's title part) and
    /// what the rows' other cells made of them; one memo for each thread that matches.
    memos: Vec<Memo>,
    /// 64-bit fingerprints of the distinct titles (8 bytes each, and the map's room, so 16 to 32
    /// bytes a distinct title while it grows; 5M distinct titles: about 100 MB): two of 5
    /// million titles share one by chance less than once in a million files.
    distinct: FxMap<u64, ()>,
    /// Byte sequences not in the file's encoding.
    invalid: usize,
    /// The first lines of rows of another width than the header, and how many there are.
    ragged: Vec<usize>,
    ragged_total: usize,
    /// The header's fields (the first record's with no header).
    header_width: usize,
    headed: bool,
    /// Segments written.
    segments: usize,
    /// Rows by status of each title as the engine read it (the first `TITLES_KEPT`).
    titles: FxMap<String, [usize; 3]>,
    rows_left_out: usize,
    column: String,
    title_reason: String,
    context_columns: Vec<(&'static str, String)>,
}

impl Run {
    /// A run over the file whose first segment is open in `head`.
    fn new(head: &Bulk) -> Run {
        Run {
            summary: Summary::default(),
            tally: Tally::default(),
            memos: (0..threads()).map(|_| Memo::bounded(MEMO_TEXTS)).collect(),
            distinct: FxMap::default(),
            invalid: 0,
            ragged: Vec::new(),
            ragged_total: 0,
            header_width: head.table.width_of(head.layout.header.unwrap_or(0)),
            headed: head.layout.header.is_some(),
            segments: 0,
            titles: FxMap::default(),
            rows_left_out: 0,
            column: head.columns()[head.title_column()].clone(),
            title_reason: head.title_reason().to_string(),
            context_columns: (head.context_columns().into_iter())
                .map(|(f, l)| (f, l.to_string()))
                .collect(),
        }
    }

    /// Matches a segment's titles (each text once while the memo holds it), writes it and counts
    /// its rows.
    fn segment(&mut self, bulk: &mut Bulk, out: &mut dyn Write) -> Result<(), Stopped> {
        // With the rows' other cells read, a position name's result is its title part's (as
        // `Matcher::with_row` reads it), so the title part is what is remembered.
        let rows = !bulk.context.columns.is_empty();
        for t in &bulk.titles {
            let mut fingerprint = std::hash::DefaultHasher::new();
            t.title.hash(&mut fingerprint);
            self.distinct.insert(fingerprint.finish(), ());
        }
        let matcher = &bulk.matcher;
        bulk.results = map_in_order(&bulk.titles, &mut self.memos, |t, memo| {
            let read = if rows { position_title(&t.title) } else { None };
            let mut r = matcher.read_again(read.unwrap_or(&t.title), memo);
            if read.is_some() {
                r.input.clone_from(&t.title);
            }
            r
        });
        bulk.group_rows_with(&mut self.memos);
        for (t, counts) in bulk.titles.iter().zip(bulk.row_statuses()) {
            let read = if rows { position_title(&t.title) } else { None };
            let read = read.unwrap_or(&t.title);
            if let Some(kept) = self.titles.get_mut(read) {
                (0..3).for_each(|i| kept[i] += counts[i]);
            } else if self.titles.len() < TITLES_KEPT {
                self.titles.insert(read.to_string(), counts);
            } else {
                self.rows_left_out += counts.iter().sum::<usize>();
            }
        }
        bulk.write_csv(out).map_err(Stopped::Write)?;
        let s = bulk.summary();
        let total = &mut self.summary;
        total.rows += s.rows;
        total.matched += s.matched;
        total.review += s.review;
        total.no_match += s.no_match;
        total.uncomputed += s.uncomputed;
        for (k, v) in s.by_profession {
            *total.by_profession.entry(k).or_default() += v;
        }
        for (k, v) in s.by_band {
            *total.by_band.entry(k).or_default() += v;
        }
        bulk.tally_into(&mut self.tally);
        self.invalid += bulk.table.encoding().map_or(0, |(_, n)| n);
        self.segments += 1;
        let ragged = if self.segments == 1 {
            bulk.ragged()
        } else {
            bulk.table.ragged_against(self.header_width, 0)
        };
        self.ragged_total += ragged.len();
        let room = 10usize.saturating_sub(self.ragged.len());
        self.ragged.extend(ragged.into_iter().take(room));
        Ok(())
    }

    /// The report, with the last segment open in `last`.
    fn finish(self, last: &Bulk) -> Streamed {
        let has = (last.context.fte.is_some(), last.context.code());
        let warnings =
            last.warnings_over(self.headed, self.invalid, &self.ragged, self.ragged_total);
        let mut titles: Vec<(String, [usize; 3])> = self.titles.into_iter().collect();
        titles.sort_by(|a, b| {
            let rows = |t: &(String, [usize; 3])| t.1.iter().sum::<usize>();
            rows(b).cmp(&rows(a)).then_with(|| a.0.cmp(&b.0))
        });
        Streamed {
            titles,
            rows_left_out: self.rows_left_out,
            summary: self.summary,
            workforce: self.tally.finish(has.0, has.1),
            distinct: self.distinct.len(),
            column: self.column,
            title_reason: self.title_reason,
            context_columns: self.context_columns,
            warnings,
        }
    }
}
