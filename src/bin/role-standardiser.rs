//! The command line: `match`, `clean` and `roles` over the same engine as the browser.
//!
//! It never panics on what a user gives it: any file name (not UTF-8 included), a closed pipe
//! (the program stops quietly, with status 0, as `head` expects), endless standard input (read
//! up to the limit), any line length. Output files are written beside their final name and
//! renamed into place, so a failure leaves the old file and no half-written one.

use role_standardiser::{
    clean_stream, clean_workbook, decode, streams, workbook_streams, Bulk, Error, Format, Header,
    Matcher, Options, Pick, SheetOut, Stopped, Streamed, Summary, Workforce, MAX_INPUT_BYTES,
    RUN_ROWS, SEGMENT_BYTES,
};
use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// mimalloc: a streamed clean allocates and frees every row's cells and results, which it does
/// in about half the time of the system allocator.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
role-standardiser: NHS AHP support worker job titles to one standard role and AfC band

Usage:
  role-standardiser match [--plain] [--mappings LOCAL.csv]
      Reads one title per line on standard input; writes one JSON result per line (with
      --plain, the result in plain English, as the widget and the bulk page say it).
  role-standardiser clean INPUT [--sheet NAME] [--column NAME] [--header-row N|none]
                         [--band-column NAME|none] [--code-column NAME|none]
                         [--context-column NAME]... [--fte-column NAME|none]
                         [--no-context] [--output OUT] [--format csv|xlsx]
                         [--summary SUMMARY.csv|SUMMARY.xlsx] [--mappings LOCAL.csv]
      Copies every row and column of INPUT (CSV, XLSX, XLSM, XLS, XLSB or ODS; - for
      standard input) and appends standard_role_id, standard_role_title, profession, level,
      band, band_source, match_status, confidence, nhs_occupation_code, soc2020 and
      decided_by (then code_check and context when the row has such columns). The table's
      header row and its job title column are found (say which with --header-row and
      --column), and so are the row's grade, occupation code, area of work, job role, staff
      group and department columns, read as evidence (name or drop them with --band-column,
      --code-column, --context-column, repeatable, and --no-context), and the FTE column.
      --summary writes the workforce summary: headcount (and FTE) by standard role and band,
      with rows by match status and by code_check. Writes CSV in the
      input's own encoding and delimiter, or with OUT ending .xlsx (.xlsm for a workbook
      with macros) the input's own workbook with only the cleaned sheet changed. Writes to
      standard output unless --output names a file (- is standard output). Input is limited
      to 500 MB, except a CSV written as CSV, which streams in bounded memory whatever its
      size (standard input is spooled to a temporary file first).
  role-standardiser roles [--json]
      Prints the standard roles.

Local mappings are a CSV with the header title,role_id and an optional band column.
";

/// The longest line `match` reads; the rest of a longer line is skipped (its title is over the
/// engine's `MAX_TITLE_BYTES` anyway, and `no-match`).
const MAX_LINE_BYTES: usize = 64 * 1024;

/// Distinct results `match` remembers; past this the memo starts again, so memory stays bounded
/// whatever the input.
const MEMO_LIMIT: usize = 100_000;

/// A failure: a message for standard error and the exit status. A closed standard output is no
/// failure: the program stops quietly.
enum Failure {
    Message(String, u8),
    ClosedPipe,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Message(e.to_string(), 1)
    }
}

/// A failure to write standard output.
fn output_failed(e: io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Failure::ClosedPipe;
    }
    Failure::Message(format!("cannot write output: {e}"), 1)
}

fn usage(message: &str) -> Failure {
    Failure::Message(format!("{message}\n\n{USAGE}"), 2)
}

/// A path or argument as it can be shown in a message: lossy where it is not UTF-8, control
/// characters escaped.
fn shown(s: &OsStr) -> String {
    escape_controls(&s.to_string_lossy())
}

fn escape_controls(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

/// Parsed options: positional arguments and `--name value` pairs.
struct Args {
    positional: Vec<OsString>,
    options: HashMap<String, OsString>,
    /// The values of an option that may be given more than once, in order.
    lists: HashMap<String, Vec<OsString>>,
    flags: Vec<String>,
}

/// Options that may be given more than once.
const REPEATABLE: [&str; 1] = ["context-column"];

impl Args {
    fn text(&self, name: &str) -> Result<Option<String>, Failure> {
        match self.options.get(name) {
            None => Ok(None),
            Some(v) => v
                .to_str()
                .map(|v| Some(v.to_string()))
                .ok_or_else(|| usage(&format!("--{name} `{}` is not valid UTF-8", shown(v)))),
        }
    }

    fn texts(&self, name: &str) -> Result<Vec<String>, Failure> {
        let values = self.lists.get(name).map_or(&[][..], Vec::as_slice);
        values
            .iter()
            .map(|v| {
                v.to_str()
                    .map(str::to_string)
                    .ok_or_else(|| usage(&format!("--{name} `{}` is not valid UTF-8", shown(v))))
            })
            .collect()
    }

    /// A column option: absent (found), `none`, or a column's header or letter.
    fn pick(&self, name: &str) -> Result<Pick, Failure> {
        Ok(match self.text(name)? {
            None => Pick::Find,
            Some(v) if v.eq_ignore_ascii_case("none") => Pick::None,
            Some(v) => Pick::Named(v),
        })
    }
}

fn parse_args(args: &[OsString], with_value: &[&str], flags: &[&str]) -> Result<Args, Failure> {
    let mut out = Args {
        positional: Vec::new(),
        options: HashMap::new(),
        lists: HashMap::new(),
        flags: Vec::new(),
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let text = a.to_str();
        match text.and_then(|t| t.strip_prefix("--")) {
            Some(name) => {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(OsString::from(v))),
                    None => (name, None),
                };
                if with_value.contains(&name) {
                    let value = match inline {
                        Some(v) => v,
                        None => {
                            i += 1;
                            args.get(i)
                                .cloned()
                                .ok_or_else(|| usage(&format!("--{name} needs a value")))?
                        }
                    };
                    if REPEATABLE.contains(&name) {
                        out.lists.entry(name.to_string()).or_default().push(value);
                    } else {
                        out.options.insert(name.to_string(), value);
                    }
                } else if flags.contains(&name) && inline.is_none() {
                    out.flags.push(name.to_string());
                } else {
                    return Err(usage(&format!(
                        "unknown option --{}",
                        escape_controls(name)
                    )));
                }
            }
            None if text.is_none() && a.as_encoded_bytes().starts_with(b"--") => {
                return Err(usage(&format!("unknown option {}", shown(a))));
            }
            None => out.positional.push(a.clone()),
        }
        i += 1;
    }
    Ok(out)
}

/// Reads a file whole (`-`: standard input), refusing more than [`MAX_INPUT_BYTES`] while it
/// reads, so an endless stream stops at the limit.
fn read_input(path: &OsStr) -> Result<Vec<u8>, Failure> {
    let name = shown(path);
    let too_large = || {
        Failure::Message(
            format!(
                "{name}: the input is over the limit of {} MB; split it into smaller files",
                MAX_INPUT_BYTES / 1_000_000
            ),
            1,
        )
    };
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_BYTES as u64 + 1;
    if path == "-" {
        io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Message(format!("cannot read standard input: {e}"), 1))?;
    } else {
        let file = File::open(path)
            .map_err(|e| Failure::Message(format!("cannot read {name}: {e}"), 1))?;
        if file.metadata().is_ok_and(|m| m.len() >= limit) {
            return Err(too_large());
        }
        file.take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::Message(format!("cannot read {name}: {e}"), 1))?;
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn matcher(args: &Args) -> Result<Matcher, Failure> {
    let matcher = Matcher::builtin();
    match args.options.get("mappings") {
        Some(path) => {
            let bytes = read_input(path)?;
            Ok(matcher.with_local_csv(&decode(&bytes), &shown(path))?)
        }
        None => Ok(matcher),
    }
}

/// Reads one line into `line` (without its end), at most [`MAX_LINE_BYTES`] of it: the rest of a
/// longer line is read past and dropped. `false` at the end of input.
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    let mut any = false;
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        any = true;
        let (piece, used, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], i + 1, true),
            None => (buf, buf.len(), false),
        };
        let room = MAX_LINE_BYTES.saturating_sub(line.len());
        line.extend_from_slice(&piece[..piece.len().min(room)]);
        input.consume(used);
        if done {
            break;
        }
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(any)
}

fn run_match(args: &[OsString]) -> Result<(), Failure> {
    let args = parse_args(args, &["mappings"], &["plain"])?;
    let plain = args.flags.iter().any(|f| f == "plain");
    if let Some(extra) = args.positional.first() {
        return Err(usage(&format!(
            "match reads titles from standard input, not `{}`",
            shown(extra)
        )));
    }
    let matcher = matcher(&args)?;
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut memo: HashMap<String, String> = HashMap::new();
    let mut line = Vec::new();
    while read_line(&mut input, &mut line)
        .map_err(|e| Failure::Message(format!("cannot read standard input: {e}"), 1))?
    {
        let title = decode(&line);
        if memo.len() >= MEMO_LIMIT && !memo.contains_key(title.as_ref()) {
            memo.clear();
        }
        let json = match memo.get(title.as_ref()) {
            Some(json) => json,
            None => {
                let mut result = matcher.match_title(&title);
                matcher.summarise(&mut result);
                let json = if plain {
                    result.explanation.summary
                } else {
                    serde_json::to_string(&result)
                        .map_err(|e| Failure::Message(format!("cannot encode a result: {e}"), 1))?
                };
                memo.entry(title.into_owned()).or_insert(json)
            }
        };
        out.write_all(json.as_bytes()).map_err(output_failed)?;
        out.write_all(b"\n").map_err(output_failed)?;
    }
    out.flush().map_err(output_failed)?;
    Ok(())
}

/// What `clean` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutputKind {
    Csv,
    Workbook,
}

/// Where the output goes and in which form, from `--output` and `--format`, checked against the
/// input's format.
fn output_kind(output: Option<&OsStr>, format: Option<&str>) -> Result<OutputKind, Failure> {
    let extension = output
        .filter(|o| *o != "-")
        .and_then(|o| Path::new(o).extension())
        .map(|e| e.to_string_lossy().to_lowercase());
    match (format, extension.as_deref()) {
        (Some("csv"), _) => Ok(OutputKind::Csv),
        (Some("xlsx" | "xlsm"), _) => Ok(OutputKind::Workbook),
        (Some(other), _) => Err(usage(&format!(
            "--format is csv or xlsx, not `{}`",
            escape_controls(other)
        ))),
        (None, Some("xlsx" | "xlsm")) => Ok(OutputKind::Workbook),
        (None, Some("xls" | "xlsb" | "ods")) => Err(usage(
            "--output: write .xlsx (or .xlsm) or .csv; .xls, .xlsb and .ods are read, not written",
        )),
        (None, _) => Ok(OutputKind::Csv),
    }
}

/// Refuses a workbook output whose extension does not fit what is written: an XLSM's own
/// package must stay `.xlsm` (Excel refuses a macro-enabled workbook named `.xlsx`), and any
/// other workbook written is an `.xlsx`.
fn check_extension(output: Option<&OsStr>, format: Format) -> Result<(), Failure> {
    let Some(path) = output.filter(|o| *o != "-") else {
        return Ok(());
    };
    let extension = Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let wanted = format.workbook_extension();
    if extension != wanted && (extension == "xlsx" || extension == "xlsm") {
        let why = if format == Format::Xlsm {
            "the input is a workbook with macros, which are kept"
        } else {
            "the workbook written has no macros"
        };
        return Err(Failure::Message(
            format!(
                "{}: {why}, so it must be named .{wanted}, not .{extension}",
                shown(path)
            ),
            2,
        ));
    }
    Ok(())
}

/// Whether two paths name one file (the same path, a link to it, or another name of it).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) if x == y => return true,
        _ => {}
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    false
}

/// A file written beside its final path and renamed onto it once complete; removed if dropped
/// before then.
struct Staged {
    path: PathBuf,
    temp: PathBuf,
    file: Option<File>,
}

impl Staged {
    fn create(path: &Path) -> io::Result<Staged> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().unwrap_or_else(|| OsStr::new("output"));
        for n in 0..100u32 {
            let mut temp_name = OsString::from(".");
            temp_name.push(name);
            temp_name.push(format!(".{}-{n}.tmp", std::process::id()));
            let temp = dir.join(temp_name);
            match File::options().write(true).create_new(true).open(&temp) {
                Ok(file) => {
                    return Ok(Staged {
                        path: path.to_path_buf(),
                        temp,
                        file: Some(file),
                    })
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("no free temporary name beside the output"))
    }

    fn file(&mut self) -> &mut File {
        self.file.as_mut().expect("open until committed")
    }

    /// Flushes the file to disk and renames it onto the final path.
    fn commit(mut self) -> io::Result<()> {
        if let Some(file) = self.file.take() {
            file.sync_all()?;
        }
        std::fs::rename(&self.temp, &self.path)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

fn run_clean(args: &[OsString]) -> Result<(), Failure> {
    let args = parse_args(
        args,
        &[
            "column",
            "output",
            "mappings",
            "sheet",
            "header-row",
            "format",
            "band-column",
            "code-column",
            "context-column",
            "fte-column",
            "summary",
        ],
        &["no-context"],
    )?;
    let input = match args.positional.as_slice() {
        [one] => one.clone(),
        [] => return Err(usage("clean needs an input file (or - for standard input)")),
        more => {
            return Err(usage(&format!(
                "clean takes one input file, not {}",
                more.len()
            )))
        }
    };
    let output = args.options.get("output").cloned();
    let kind = output_kind(output.as_deref(), args.text("format")?.as_deref())?;
    let header = match args.text("header-row")?.as_deref() {
        None => Header::Find,
        Some(n) if n.eq_ignore_ascii_case("none") => Header::None,
        Some(n) => match n.parse::<usize>() {
            Ok(row) if row > 0 => Header::Row(row),
            _ => {
                return Err(usage(&format!(
                    "--header-row is a row number from 1, or none; not `{}`",
                    escape_controls(n)
                )))
            }
        },
    };
    if let Some(out) = output.as_deref().filter(|o| *o != "-") {
        if input != "-" && same_file(Path::new(&input), Path::new(out)) {
            return Err(Failure::Message(
                format!(
                    "--output {} is the input file: write the cleaned sheet to another file, so the original is kept",
                    shown(out)
                ),
                2,
            ));
        }
    }
    let summary_path = args.text("summary")?;
    if let Some(path) = summary_path.as_deref() {
        let lower = path.to_ascii_lowercase();
        if !lower.ends_with(".csv") && !lower.ends_with(".xlsx") {
            return Err(usage(&format!(
                "--summary writes a .csv or an .xlsx file, not {}",
                shown(path.as_ref())
            )));
        }
        let output = output.as_deref().filter(|o| *o != "-");
        let clash = (input != "-" && same_file(Path::new(&input), Path::new(path)))
            || output.is_some_and(|o| o == path || same_file(Path::new(o), Path::new(path)));
        if clash {
            return Err(usage(&format!(
                "--summary {} is the input or the output: write the summary to a file of its own",
                shown(path.as_ref())
            )));
        }
    }
    let matcher = matcher(&args)?;
    let options = Options {
        sheet: args.text("sheet")?,
        column: args.text("column")?,
        header,
        band_column: args.pick("band-column")?,
        code_column: args.pick("code-column")?,
        fte_column: args.pick("fte-column")?,
        context_columns: args.texts("context-column")?,
        no_context: args.flags.iter().any(|f| f == "no-context"),
    };
    let name = shown(&input);
    let streamed_report = |streamed: Streamed| -> Result<(), Failure> {
        if let Some(path) = summary_path.as_deref() {
            write_summary(&streamed.workforce, Path::new(path))?;
        }
        report(
            &streamed.summary,
            streamed.distinct,
            streamed.column(),
            &streamed.title_reason,
            &streamed.context_columns,
            &streamed.warnings,
        );
        Ok(())
    };
    // A CSV written as CSV streams, whatever its size, and an XLSX or XLSM sheet, whatever its
    // rows; anything else is read whole.
    let bytes = match open_input(&input, kind == OutputKind::Csv)? {
        Input::Whole(bytes) => bytes,
        Input::Streamed(path, _spool) => {
            let streamed = clean_streamed(&path, &name, &options, matcher, output.as_deref())?;
            return streamed_report(streamed);
        }
    };
    if let Some(format) = workbook_streams(&bytes) {
        if kind == OutputKind::Workbook {
            check_extension(output.as_deref(), format)?;
        }
        let out = output.as_deref();
        let streamed = clean_workbook_streamed(bytes, &name, &options, matcher, kind, out)?;
        return streamed_report(streamed);
    }
    let mut bulk = Bulk::open(bytes, &name, &options, matcher)?;
    if kind == OutputKind::Workbook {
        check_extension(output.as_deref(), bulk.format())?;
    }
    bulk.match_next(usize::MAX);
    match output.as_deref().filter(|o| *o != "-") {
        Some(path) => write_file(&bulk, kind, Path::new(path))?,
        None => {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            match kind {
                OutputKind::Workbook => out.write_all(&bulk.to_xlsx()?),
                OutputKind::Csv => bulk.write_csv(&mut out),
            }
            .and_then(|()| out.flush())
            .map_err(output_failed)?;
        }
    }
    if let Some(path) = summary_path.as_deref() {
        write_summary(&bulk.workforce()?, Path::new(path))?;
    }
    let context: Vec<(&str, String)> = (bulk.context_columns().into_iter())
        .map(|(field, label)| (field, label.to_string()))
        .collect();
    report(
        &bulk.summary(),
        bulk.distinct_count(),
        &bulk.columns()[bulk.title_column()],
        bulk.title_reason(),
        &context,
        &bulk.warnings(),
    );
    Ok(())
}

/// The lines `clean` ends with on standard error: the rows by status, the title column and why,
/// the columns read beside it, and the notes.
fn report(
    s: &Summary,
    distinct: usize,
    column: &str,
    reason: &str,
    context: &[(&str, String)],
    warnings: &[String],
) {
    let column = escape_controls(column);
    let mut summary = format!(
        "{} rows ({distinct} distinct titles in column `{column}`): {} matched, {} to review, {} no match",
        s.rows, s.matched, s.review, s.no_match
    );
    summary.push_str(&format!("\ntitle column: {}", escape_controls(reason)));
    if !context.is_empty() {
        let read: Vec<String> = context
            .iter()
            .map(|(field, label)| format!("`{}` ({field})", escape_controls(label)))
            .collect();
        summary.push_str(&format!("\nalso read: {}", read.join(", ")));
    }
    for warning in warnings {
        summary.push_str(&format!("\nnote: {}", escape_controls(warning)));
    }
    // Standard error closed too: nothing more to say.
    let _ = writeln!(io::stderr(), "{summary}");
}

/// An input to clean: read whole, or a CSV to stream from a file (standard input spooled to a
/// temporary file first, removed when done: the clean reads its input twice).
enum Input {
    Whole(Vec<u8>),
    Streamed(PathBuf, Option<Staged>),
}

/// Opens the input: a CSV (UTF-8 or single-byte) to be written as CSV streams, with no size
/// limit; anything else is read whole, up to the limit.
fn open_input(path: &OsStr, csv_out: bool) -> Result<Input, Failure> {
    let name = shown(path);
    let cannot = |e: io::Error| Failure::Message(format!("cannot read {name}: {e}"), 1);
    let mut head = Vec::new();
    if path == "-" {
        let stdin = io::stdin();
        let mut stdin = stdin.lock();
        (&mut stdin)
            .take(1 << 16)
            .read_to_end(&mut head)
            .map_err(cannot)?;
        if !csv_out || !streams(&head) {
            return read_rest(head, &mut stdin, &name).map(Input::Whole);
        }
        let mut spool =
            Staged::create(&std::env::temp_dir().join("role-standardiser-stdin.csv"))
                .map_err(|e| Failure::Message(format!("cannot spool standard input: {e}"), 1))?;
        let file = spool.file();
        file.write_all(&head)
            .and_then(|()| io::copy(&mut stdin, file).map(|_| ()))
            .and_then(|()| file.flush())
            .map_err(|e| Failure::Message(format!("cannot spool standard input: {e}"), 1))?;
        return Ok(Input::Streamed(spool.temp.clone(), Some(spool)));
    }
    let mut file = File::open(path).map_err(cannot)?;
    (&mut file)
        .take(1 << 16)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    if csv_out && streams(&head) {
        return Ok(Input::Streamed(PathBuf::from(path), None));
    }
    if file
        .metadata()
        .is_ok_and(|m| m.len() > MAX_INPUT_BYTES as u64)
    {
        return Err(too_large(&name));
    }
    read_rest(head, &mut file, &name).map(Input::Whole)
}

/// `head` and the rest of `input`, up to the limit.
fn read_rest(mut head: Vec<u8>, input: &mut dyn Read, name: &str) -> Result<Vec<u8>, Failure> {
    let limit = (MAX_INPUT_BYTES + 1).saturating_sub(head.len()) as u64;
    input
        .take(limit)
        .read_to_end(&mut head)
        .map_err(|e| Failure::Message(format!("cannot read {name}: {e}"), 1))?;
    if head.len() > MAX_INPUT_BYTES {
        return Err(too_large(name));
    }
    Ok(head)
}

fn too_large(name: &str) -> Failure {
    Failure::Message(
        format!(
            "{name}: the input is over the limit of {} MB; split it into smaller files",
            MAX_INPUT_BYTES / 1_000_000
        ),
        1,
    )
}

/// Cleans the CSV at `path` as a stream to `output` (standard output unless a file is named,
/// then through a staged file), drawing a progress bar on standard error when it is a terminal.
fn clean_streamed(
    path: &Path,
    name: &str,
    options: &Options,
    matcher: Matcher,
    output: Option<&OsStr>,
) -> Result<Streamed, Failure> {
    let total = std::fs::metadata(path).map_or(0, |m| m.len());
    let mut open = || -> io::Result<Box<dyn Read>> { Ok(Box::new(File::open(path)?)) };
    // Both passes read the file: the bar is of twice its size.
    let mut bar = Progress::new(total, 2, Unit::Megabytes);
    let mut progress = |read: u64| bar.show(read);
    let streamed = to_output(output, |mut target, cannot| {
        let w = target.writer();
        clean_stream(
            &mut open,
            w,
            name,
            options,
            matcher,
            SEGMENT_BYTES,
            &mut progress,
        )
        .map_err(|e| stopped(name, e, cannot))
    })?;
    bar.done();
    Ok(streamed)
}

/// Why a streamed clean stopped, as the command line says it (`write` says a failed write).
fn stopped(name: &str, e: Stopped, write: &dyn Fn(io::Error) -> Failure) -> Failure {
    match e {
        Stopped::Input(e) => Failure::from(e),
        Stopped::Read(e) => Failure::Message(format!("cannot read {name}: {e}"), 1),
        Stopped::Write(e) => write(e),
    }
}

/// A writer that seeks, as a workbook's zip is written, and can be another thread's.
trait Seekable: Write + io::Seek + Send {}

impl<T: Write + io::Seek + Send> Seekable for T {}

/// Where a streamed clean writes: a staged file, or standard output.
enum Target<'a> {
    File(&'a mut dyn Seekable),
    Stdout(&'a mut dyn Write),
}

impl Target<'_> {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Target::File(w) => w,
            Target::Stdout(w) => w,
        }
    }
}

/// Runs `clean` with `output`'s writer and how to say a failed write: a file staged beside it
/// and renamed into place once `clean` and the flush succeed, or standard output (`-` or none).
fn to_output<T>(
    output: Option<&OsStr>,
    clean: impl FnOnce(Target<'_>, &dyn Fn(io::Error) -> Failure) -> Result<T, Failure>,
) -> Result<T, Failure> {
    match output.filter(|o| *o != "-") {
        Some(out) => {
            let cannot =
                |e: io::Error| Failure::Message(format!("cannot write {}: {e}", shown(out)), 1);
            let mut staged = Staged::create(Path::new(out)).map_err(cannot)?;
            let mut w = BufWriter::with_capacity(1 << 16, staged.file());
            let done = clean(Target::File(&mut w), &cannot)?;
            w.flush().map_err(cannot)?;
            drop(w);
            staged.commit().map_err(cannot)?;
            Ok(done)
        }
        None => {
            let mut w = BufWriter::with_capacity(1 << 16, io::stdout().lock());
            let done = clean(Target::Stdout(&mut w), &output_failed)?;
            w.flush().map_err(output_failed)?;
            Ok(done)
        }
    }
}

/// Cleans an XLSX or XLSM workbook's sheet as a stream (`clean_workbook`) to `output`
/// (standard output unless a file is named, then through a staged file), as a workbook or CSV
/// as `kind` says, drawing a progress bar by rows on standard error when it is a terminal.
fn clean_workbook_streamed(
    bytes: Vec<u8>,
    name: &str,
    options: &Options,
    matcher: Matcher,
    kind: OutputKind,
    output: Option<&OsStr>,
) -> Result<Streamed, Failure> {
    let mut bar = Progress::new(0, 1, Unit::Rows);
    let mut progress = |done: usize, total: usize| {
        bar.total = total as u64;
        bar.show(done as u64);
    };
    let streamed = to_output(output, |target, cannot| {
        let clean = |sink| {
            clean_workbook(bytes, name, options, matcher, sink, RUN_ROWS, &mut progress)
                .map(|(streamed, _)| streamed)
                .map_err(|e| stopped(name, e, cannot))
        };
        match (target, kind) {
            (Target::File(w), OutputKind::Workbook) => clean(SheetOut::Workbook(w)),
            (mut target, OutputKind::Csv) => clean(SheetOut::Csv(target.writer())),
            (Target::Stdout(w), OutputKind::Workbook) => {
                // A zip is written with seeks: the workbook is made in memory, then written out.
                let mut book = io::Cursor::new(Vec::new());
                let streamed = clean(SheetOut::Workbook(&mut book as &mut dyn Seekable))?;
                w.write_all(book.get_ref()).map_err(cannot)?;
                Ok(streamed)
            }
        }
    })?;
    bar.done();
    Ok(streamed)
}

/// What a progress bar counts.
#[derive(Clone, Copy)]
enum Unit {
    /// Bytes, shown in megabytes.
    Megabytes,
    Rows,
}

/// A progress bar on standard error, drawn only when it is a terminal.
struct Progress {
    /// The file's size, or its rows.
    total: u64,
    /// Times the file is read.
    passes: u64,
    unit: Unit,
    on: bool,
    drawn: bool,
}

impl Progress {
    fn new(total: u64, passes: u64, unit: Unit) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            passes: passes.max(1),
            unit,
            on: io::stderr().is_terminal(),
            drawn: false,
        }
    }

    /// Shows `read` bytes of the passes' total done.
    fn show(&mut self, read: u64) {
        if !self.on {
            return;
        }
        let share = if self.total > 0 {
            (read as f64 / (self.total * self.passes) as f64).min(1.0)
        } else {
            0.0
        };
        let filled = (share * 30.0) as usize;
        let of = match self.unit {
            Unit::Megabytes => format!("{} MB", self.total / 1_000_000),
            Unit::Rows => format!("{} rows", self.total),
        };
        let _ = write!(
            io::stderr(),
            "\rcleaning [{}{}] {:>3}% of {of}",
            "#".repeat(filled),
            " ".repeat(30 - filled),
            (share * 100.0) as u32,
        );
        self.drawn = true;
    }

    /// Ends the bar's line.
    fn done(&mut self) {
        if self.drawn {
            let _ = writeln!(io::stderr());
        }
    }
}

/// Writes the cleaned sheet to `path` through a staged file: complete, or not at all.
fn write_file(bulk: &Bulk, kind: OutputKind, path: &Path) -> Result<(), Failure> {
    let cannot = |e: &dyn std::fmt::Display| {
        Failure::Message(format!("cannot write {}: {e}", shown(path.as_os_str())), 1)
    };
    let mut staged = Staged::create(path).map_err(|e| cannot(&e))?;
    match kind {
        OutputKind::Workbook => {
            let file = BufWriter::with_capacity(1 << 16, staged.file());
            let mut file = bulk.write_xlsx(file).map_err(|e| cannot(&e))?;
            file.flush().map_err(|e| cannot(&e))?;
        }
        OutputKind::Csv => {
            let mut file = BufWriter::with_capacity(1 << 16, staged.file());
            bulk.write_csv(&mut file)
                .and_then(|()| file.flush())
                .map_err(|e| cannot(&e))?;
        }
    }
    staged.commit().map_err(|e| cannot(&e))
}

/// Writes the workforce summary to `path` (XLSX when it ends `.xlsx`, else CSV) through a
/// staged file: complete, or not at all.
fn write_summary(workforce: &Workforce, path: &Path) -> Result<(), Failure> {
    let cannot = |e: &dyn std::fmt::Display| {
        Failure::Message(format!("cannot write {}: {e}", shown(path.as_os_str())), 1)
    };
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx {
        workforce.to_xlsx()?
    } else {
        workforce.to_csv()
    };
    let mut staged = Staged::create(path).map_err(|e| cannot(&e))?;
    staged.file().write_all(&bytes).map_err(|e| cannot(&e))?;
    staged.commit().map_err(|e| cannot(&e))
}

fn run_roles(args: &[OsString]) -> Result<(), Failure> {
    let args = parse_args(args, &[], &["json"])?;
    let matcher = Matcher::builtin();
    let roles = matcher.taxonomy().roles();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.flags.iter().any(|f| f == "json") {
        let json = serde_json::to_string_pretty(roles)
            .map_err(|e| Failure::Message(format!("cannot encode roles: {e}"), 1))?;
        writeln!(out, "{json}").map_err(output_failed)?;
    } else {
        writeln!(out, "id\ttitle\tband\tnhs_occupation_code\tsoc2020").map_err(output_failed)?;
        for r in roles {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                r.id,
                r.title,
                r.band,
                r.nhs_occupation_code.as_deref().unwrap_or(""),
                r.soc2020.as_deref().unwrap_or("")
            )
            .map_err(output_failed)?;
        }
    }
    out.flush().map_err(output_failed)?;
    Ok(())
}

/// Prints `text` to standard output.
fn print(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(output_failed)
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let command = args.first().map(|a| a.to_string_lossy().into_owned());
    let result = match command.as_deref() {
        Some("match") => run_match(&args[1..]),
        Some("clean") => run_clean(&args[1..]),
        Some("roles") => run_roles(&args[1..]),
        Some("--help" | "-h" | "help") => print(USAGE),
        Some("--version" | "-V") => print(&format!(
            "role-standardiser {}\n",
            env!("CARGO_PKG_VERSION")
        )),
        Some(other) => Err(usage(&format!(
            "unknown command `{}`",
            escape_controls(other)
        ))),
        None => Err(usage("a command is needed")),
    };
    match result {
        Ok(()) | Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(Failure::Message(message, code)) => {
            let _ = writeln!(io::stderr(), "role-standardiser: {message}");
            ExitCode::from(code)
        }
    }
}
