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
//!
//! An XLSX or XLSM sheet is cleaned the same way, in runs of rows ([`clean_workbook`]): its
//! opening pass decides the layout, each run is matched as a segment is, and the runs' appended
//! cells go to the package editor (`edit`), on a second thread or in turn with the reading.

use super::cell::Value;
use super::columns::{HEADER_ROWS, SAMPLE_ROWS};
use super::csv::{complete_len, delimiter_of, CsvSheet, SegmentOf};
use super::decode::detect;
use super::edit::RowCells;
use super::guard::{check_zip, zip_kind, MAX_UNCOMPRESSED_BYTES};
use super::guard::{kind_of, Kind};
use super::hash::FxMap;
use super::parallel::map_in_order;
use super::summary::Tally;
use super::table::{Format, StreamedEdit, Table};
use super::xlsx::{SheetRows, XlsxSheet};
use super::{Bulk, Options, Summary, Workforce};
use crate::error::{Error, ErrorKind};
use crate::matcher::{position_title, Matcher, Memo};
use std::hash::{Hash, Hasher};
use std::io::{self, Read, Seek, Write};

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
    /// The sheet cleaned: a workbook's sheet name, or a CSV's (its file name's stem).
    pub sheet: String,
    /// The workbook's sheets (a CSV's one).
    pub sheets: Vec<String>,
    /// Each column as a person names it ([`Bulk::columns`]): those the title column can be
    /// chosen from.
    pub columns: Vec<String>,
    /// The header's row number (a CSV's line), `None` with no header.
    pub header_row: Option<usize>,
    /// The title column, 0-based (its label: [`Streamed::column`]).
    pub title_column: usize,
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
    /// The title column's label.
    pub fn column(&self) -> &str {
        &self.columns[self.title_column]
    }

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
    let mut emit = |bulk: &Bulk| bulk.write_csv(out).map_err(Stopped::Write);
    run.segment(&mut bulk, &mut emit)?;
    progress(measured + segments.read);
    let mut line = of.line;
    while let Some((bytes, _, _)) = segments.next(file)? {
        let csv = CsvSheet::segment(bytes, file, SegmentOf { line, ..of })?;
        line = csv.next_line();
        let sheet = bulk.table.sheet().to_string();
        bulk.continue_with(Table::csv_segment(csv, width, &sheet))?;
        run.segment(&mut bulk, &mut emit)?;
        progress(measured + segments.read);
    }
    Ok(run.finish(&bulk))
}

/// Rows in each run of a streamed workbook sheet (the command line's; [`clean_workbook`] takes
/// any): about 8 MB of cells for a 30-column sheet.
pub const RUN_ROWS: usize = 8192;

/// Where [`clean_workbook`] writes the cleaned sheet.
pub enum SheetOut<'w, W> {
    /// The workbook's own package, its sheet edited (as [`Bulk::write_xlsx`] writes it).
    Workbook(W),
    /// The sheet as CSV (as [`Bulk::write_csv`] writes it).
    Csv(&'w mut dyn Write),
}

/// The format of a workbook whose bytes are `bytes` when [`clean_workbook`] cleans it: XLSX or
/// XLSM; `None` for another (read whole) or not a workbook.
pub fn workbook_streams(bytes: &[u8]) -> Option<Format> {
    if !matches!(kind_of(bytes, ""), Ok(Kind::Zip)) {
        return None;
    }
    zip_kind(bytes, "").ok().filter(|f| f.keeps_workbook())
}

/// Whether a workbook can only be cleaned as a stream ([`clean_workbook`]): an XLSX or XLSM
/// whose parts declare more than a workbook read whole may (in the browser 1,000 MB, natively
/// 4,000 MB, as much as a streamed one). Cost: a read of its zip directory.
pub fn too_large_to_hold(bytes: &[u8]) -> bool {
    workbook_streams(bytes).is_some()
        && check_zip(bytes, "", MAX_UNCOMPRESSED_BYTES)
            .is_err_and(|e| matches!(e.kind(), ErrorKind::InflatesTooLarge { .. }))
}

/// Cleans an XLSX or XLSM workbook's sheet as a stream to `out`, as [`Bulk::open`], matching
/// and [`Bulk::write_xlsx`] (or [`Bulk::write_csv`]) would, byte for byte: the sheet's rows are
/// read `rows` at a time, matched with the memo of [`clean_stream`] and written as they come.
/// A workbook is edited on a second thread, which reads the sheet's XML again beside the
/// matching (natively, when the sheet has more than one run); else in turn with it. `progress`
/// is told the rows read and the sheet's rows. Returns the report and the workbook's writer. Memory: the workbook's bytes and shared strings, two runs of rows and
/// the memo, whatever the rows (up to Excel's 1,048,576). Fails on a workbook that is not an
/// XLSX or XLSM (see [`workbook_streams`]), as [`Bulk::open`] fails, or when `out` fails.
pub fn clean_workbook<W: Write + Seek + Send>(
    bytes: Vec<u8>,
    file: &str,
    options: &Options,
    matcher: Matcher,
    out: SheetOut<'_, W>,
    rows: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Streamed, Option<W>), Stopped> {
    let mut bulk = Bulk::open_with(bytes, file, options, matcher, false)?;
    let Some(sheet) = bulk.table.take_xlsx() else {
        let kind = ErrorKind::Damaged("not an XLSX or XLSM workbook".into());
        return Err(Stopped::Input(Error::new(file, 0, kind)));
    };
    let total = (sheet.last - sheet.first) as usize + 1;
    let first = bulk.data_start() + rows;
    let mut run = Run::new(&bulk);
    let names = bulk.names.clone();
    let out = match out {
        SheetOut::Csv(out) => {
            let mut emit = |b: &Bulk| b.write_csv(out).map_err(Stopped::Write);
            let mut runs = Runs::new(&mut bulk, &mut run, total, progress);
            runs.read(&sheet, first, rows, None, &mut emit)?;
            None
        }
        SheetOut::Workbook(out) => {
            let (header, column) = (bulk.layout.header, bulk.layout.column);
            let edit = StreamedEdit::of(&sheet, &bulk.table, header, column, names.len())?;
            // The editor needs no cell of the rows: only the columns read are kept.
            let mut columns: Vec<usize> = bulk.context.columns.iter().map(|c| c.1).collect();
            columns.extend(bulk.context.fte.as_ref().map(|f| f.0));
            columns.push(column);
            let sizes = (first, rows, Some(&columns[..]));
            let mut runs = Runs::new(&mut bulk, &mut run, total, progress);
            // A sheet of one run gains nothing from a second thread.
            Some(if threads() > 1 && total > first {
                runs.beside(&sheet, sizes, &edit, &names, out)?
            } else {
                runs.in_turn(&sheet, sizes, &edit, &names, out)?
            })
        }
    };
    Ok((run.finish(&bulk), out))
}

/// A row's appended cells.
type Cells = Vec<Value<'static>>;

/// A run's appended cells: its distinct ones, and each of its data rows' (an index into them).
#[derive(Default)]
struct RunCells {
    cells: Vec<Cells>,
    of_row: Vec<u32>,
    /// The run's first data row, counted over the sheet.
    from: usize,
}

impl RunCells {
    /// The cells of the run `bulk` has matched, which starts at data row `from`.
    fn of(bulk: &Bulk, from: usize) -> RunCells {
        RunCells {
            cells: bulk.groups.iter().map(|g| g.cells.clone()).collect(),
            of_row: bulk.row_group.clone(),
            from,
        }
    }

    /// The first data row after the run.
    fn end(&self) -> usize {
        self.from + self.of_row.len()
    }

    /// Data row `i`'s cells, when it is one of the run's.
    fn get(&self, i: usize) -> Option<&[Value<'static>]> {
        let at = *self.of_row.get(i.checked_sub(self.from)?)?;
        self.cells.get(at as usize).map(|c| &c[..])
    }
}

/// How a workbook's sheet is read in runs: the first run's rows, the other runs' and the
/// columns kept ([`XlsxSheet::with_runs`]).
type RunSizes<'k> = (usize, usize, Option<&'k [usize]>);

/// A streamed workbook's runs of rows as they are matched: the clean and its progress.
struct Runs<'a> {
    bulk: &'a mut Bulk,
    run: &'a mut Run,
    /// Rows read, of the sheet's `total`.
    done: usize,
    total: usize,
    progress: &'a mut dyn FnMut(usize, usize),
}

impl<'a> Runs<'a> {
    fn new(
        bulk: &'a mut Bulk,
        run: &'a mut Run,
        total: usize,
        progress: &'a mut dyn FnMut(usize, usize),
    ) -> Runs<'a> {
        Runs {
            bulk,
            run,
            done: 0,
            total,
            progress,
        }
    }

    /// Matches a run of rows (the first keeps the sheet's header) and gives it to `emit`.
    fn take(
        &mut self,
        rows: SheetRows,
        emit: &mut dyn FnMut(&Bulk) -> Result<(), Stopped>,
    ) -> Result<(), Stopped> {
        self.done += rows.rows.len();
        self.bulk.continue_with_rows(rows, self.run.segments == 0)?;
        self.run.segment(self.bulk, emit)?;
        (self.progress)(self.done, self.total);
        Ok(())
    }

    /// Reads every run of `sheet`'s rows, each matched and given to `emit`; stops at the first
    /// failure.
    fn read(
        &mut self,
        sheet: &XlsxSheet,
        first: usize,
        rows: usize,
        keep: Option<&[usize]>,
        emit: &mut dyn FnMut(&Bulk) -> Result<(), Stopped>,
    ) -> Result<(), Stopped> {
        let mut failed = None;
        let read = sheet.for_each_run(first, rows, keep, |rows| match self.take(rows, emit) {
            Ok(()) => true,
            Err(e) => {
                failed = Some(e);
                false
            }
        });
        match (read, failed) {
            (_, Some(e)) => Err(e),
            (Err(e), None) => Err(Stopped::Input(e)),
            (Ok(_), None) => Ok(()),
        }
    }

    /// The workbook written by `edit` on a second thread, beside the reading and matching of
    /// the runs, which are handed to it two ahead at most.
    fn beside<W: Write + Seek + Send>(
        &mut self,
        sheet: &XlsxSheet,
        (first, rows, keep): RunSizes<'_>,
        edit: &StreamedEdit,
        names: &[&str],
        out: W,
    ) -> Result<W, Stopped> {
        let (send, receive) = std::sync::mpsc::sync_channel::<RunCells>(2);
        std::thread::scope(|scope| {
            let editor = scope.spawn(move || {
                let mut cells = Received {
                    receive,
                    run: RunCells::default(),
                };
                edit.write(names, &mut cells, out)
            });
            let gone = || Stopped::Write(io::Error::other("the workbook's writer stopped"));
            let mut from = 0;
            let mut emit = |b: &Bulk| {
                let run = RunCells::of(b, from);
                from = run.end();
                send.send(run).map_err(|_| gone())
            };
            let read = self.read(sheet, first, rows, keep, &mut emit);
            drop(send);
            match (read, editor.join()) {
                (_, Ok(Err(e))) => Err(Stopped::Input(e)),
                (Err(e), _) => Err(e),
                (Ok(()), Ok(Ok(w))) => Ok(w),
                (Ok(()), Err(_)) => Err(Stopped::Write(io::Error::other(
                    "the workbook's writer failed",
                ))),
            }
        })
    }

    /// The workbook written by `edit` on this thread (one core, or the page's worker): each run
    /// is read and matched when the editor comes to its rows.
    fn in_turn<W: Write + Seek>(
        &mut self,
        sheet: &XlsxSheet,
        (first, rows, keep): RunSizes<'_>,
        edit: &StreamedEdit,
        names: &[&str],
        out: W,
    ) -> Result<W, Stopped> {
        let done = sheet.with_runs(first, rows, keep, |next| {
            let mut cells = InTurn {
                runs: self,
                next,
                run: RunCells::default(),
                failed: None,
            };
            let written = edit.write(names, &mut cells, out);
            if let Some(e) = cells.failed {
                return Err(e);
            }
            // Any run the editor did not come to is still counted.
            while let Some(rows) = (cells.next)().map_err(Stopped::Input)? {
                cells.runs.take(rows, &mut |_| Ok(()))?;
            }
            written.map_err(Stopped::Input)
        });
        done.map_err(Stopped::Input)?
    }
}

/// The appended cells of a streamed workbook's rows, received as the runs of rows are matched
/// on another thread; the run the editor is in.
struct Received {
    receive: std::sync::mpsc::Receiver<RunCells>,
    run: RunCells,
}

impl RowCells for Received {
    fn cells_of(&mut self, i: usize) -> Option<&[Value<'static>]> {
        while i >= self.run.end() {
            self.run = self.receive.recv().ok()?;
        }
        self.run.get(i)
    }
}

/// The appended cells of a streamed workbook's rows, each run read and matched when the editor
/// asks for its first row; what stopped it, if anything did.
struct InTurn<'r, 'a> {
    runs: &'r mut Runs<'a>,
    next: &'r mut dyn FnMut() -> Result<Option<SheetRows>, Error>,
    run: RunCells,
    failed: Option<Stopped>,
}

impl RowCells for InTurn<'_, '_> {
    fn cells_of(&mut self, i: usize) -> Option<&[Value<'static>]> {
        while i >= self.run.end() {
            let (mut got, from) = (None, self.run.end());
            let taken = match (self.next)() {
                Ok(Some(rows)) => self.runs.take(rows, &mut |b| {
                    got = Some(RunCells::of(b, from));
                    Ok(())
                }),
                Ok(None) => return None,
                Err(e) => Err(Stopped::Input(e)),
            };
            if let Err(e) = taken {
                self.failed = Some(e);
                return None;
            }
            self.run = got?;
        }
        self.run.get(i)
    }
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
    sheet: String,
    sheets: Vec<String>,
    columns: Vec<String>,
    header_row: Option<usize>,
    title_column: usize,
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
            sheet: head.sheet().to_string(),
            sheets: head.sheets().to_vec(),
            header_row: head.header_row(),
            title_column: head.title_column(),
            columns: head.columns(),
            title_reason: head.title_reason().to_string(),
            context_columns: (head.context_columns().into_iter())
                .map(|(f, l)| (f, l.to_string()))
                .collect(),
        }
    }

    /// Matches a segment's titles (each text once while the memo holds it), writes it (`emit`)
    /// and counts its rows.
    fn segment(
        &mut self,
        bulk: &mut Bulk,
        emit: &mut dyn FnMut(&Bulk) -> Result<(), Stopped>,
    ) -> Result<(), Stopped> {
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
        emit(bulk)?;
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
        let (invalid, uncomputed) = (self.invalid, self.summary.uncomputed);
        let (ragged, total) = (&self.ragged, self.ragged_total);
        let warnings = last.warnings_over(self.headed, invalid, uncomputed, ragged, total);
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
            sheet: self.sheet,
            sheets: self.sheets,
            columns: self.columns,
            header_row: self.header_row,
            title_column: self.title_column,
            title_reason: self.title_reason,
            context_columns: self.context_columns,
            warnings,
        }
    }
}
