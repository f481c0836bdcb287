//! The command line: `match`, `clean` and `roles` over the same engine as the browser.

use role_standardiser::{decode, Bulk, Error, Matcher, MAX_INPUT_BYTES};
use std::collections::HashMap;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
role-standardiser: NHS AHP support worker job titles to one standard role and AfC band

Usage:
  role-standardiser match [--mappings LOCAL.csv]
      Reads one title per line on standard input; writes one JSON result per line.
  role-standardiser clean INPUT.(csv|xlsx) [--sheet NAME] [--column NAME]
                         [--output OUT.(csv|xlsx)] [--mappings LOCAL.csv]
      Copies every row and column of INPUT (- for standard input; the first sheet of an
      XLSX unless --sheet names one) and appends standard_role_id, standard_role_title,
      profession, level, band, band_source, match_status and confidence. Writes XLSX when
      OUT ends .xlsx, else CSV; CSV to standard output unless --output is given.
      Input is limited to 512 MB.
  role-standardiser roles [--json]
      Prints the standard roles.

Local mappings are a CSV with the header title,role_id and an optional band column.
";

/// A failure: a message for standard error and the exit status.
struct Failure(String, u8);

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure(e.to_string(), 1)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure(format!("cannot write output: {e}"), 1)
    }
}

fn usage(message: &str) -> Failure {
    Failure(format!("{message}\n\n{USAGE}"), 2)
}

/// Parsed options: positional arguments and `--name value` pairs.
struct Args {
    positional: Vec<String>,
    options: HashMap<String, String>,
    flags: Vec<String>,
}

fn parse_args(args: &[String], with_value: &[&str], flags: &[&str]) -> Result<Args, Failure> {
    let mut out = Args {
        positional: Vec::new(),
        options: HashMap::new(),
        flags: Vec::new(),
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if let Some(name) = a.strip_prefix("--") {
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
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
                out.options.insert(name.to_string(), value);
            } else if flags.contains(&name) && inline.is_none() {
                out.flags.push(name.to_string());
            } else {
                return Err(usage(&format!("unknown option --{name}")));
            }
        } else {
            out.positional.push(a.clone());
        }
        i += 1;
    }
    Ok(out)
}

fn read_file(path: &str) -> Result<Vec<u8>, Failure> {
    if path == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure(format!("cannot read standard input: {e}"), 1))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| Failure(format!("cannot read {path}: {e}"), 1))
}

fn matcher(args: &Args) -> Result<Matcher, Failure> {
    let matcher = Matcher::builtin();
    match args.options.get("mappings") {
        Some(path) => {
            let bytes = read_file(path)?;
            Ok(matcher.with_local_csv(&decode(&bytes), path)?)
        }
        None => Ok(matcher),
    }
}

fn run_match(args: &[String]) -> Result<(), Failure> {
    let args = parse_args(args, &["mappings"], &[])?;
    if let Some(extra) = args.positional.first() {
        return Err(usage(&format!(
            "match reads titles from standard input, not `{extra}`"
        )));
    }
    let matcher = matcher(&args)?;
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut cache: HashMap<String, String> = HashMap::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = input
            .read_until(b'\n', &mut line)
            .map_err(|e| Failure(format!("cannot read standard input: {e}"), 1))?;
        if n == 0 {
            break;
        }
        let bytes = line
            .strip_suffix(b"\n")
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
            .unwrap_or(&line);
        let title = decode(bytes);
        let json = match cache.get(title.as_ref()) {
            Some(json) => json,
            None => {
                let result = matcher.match_title(&title);
                let json = serde_json::to_string(&result)
                    .map_err(|e| Failure(format!("cannot encode a result: {e}"), 1))?;
                cache.entry(title.into_owned()).or_insert(json)
            }
        };
        out.write_all(json.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

fn run_clean(args: &[String]) -> Result<(), Failure> {
    let args = parse_args(args, &["column", "output", "mappings", "sheet"], &[])?;
    let input = match args.positional.as_slice() {
        [one] => one,
        [] => return Err(usage("clean needs an input file (or - for standard input)")),
        more => {
            return Err(usage(&format!(
                "clean takes one input file, not {}",
                more.len()
            )))
        }
    };
    let output = args.options.get("output");
    let xlsx_out = match output.map(|p| extension(p)) {
        Some(Some(ext)) if ext == "xlsx" => true,
        Some(Some(ext)) if ext == "xls" => {
            return Err(usage(
                "--output: write .xlsx or .csv; the old .xls format is not written",
            ))
        }
        _ => false,
    };
    let matcher = matcher(&args)?;
    if input != "-" {
        if let Ok(meta) = std::fs::metadata(input) {
            if meta.len() > MAX_INPUT_BYTES as u64 {
                return Err(Failure(
                    format!(
                        "{input}: the file is {} MB, over the limit of {} MB; split it into smaller files",
                        meta.len() / 1_000_000,
                        MAX_INPUT_BYTES / 1_000_000
                    ),
                    1,
                ));
            }
        }
    }
    let bytes = read_file(input)?;
    let mut bulk = Bulk::open_with_column(
        &bytes,
        input,
        args.options.get("sheet").map(String::as_str),
        args.options.get("column").map(String::as_str),
        matcher,
    )?;
    drop(bytes);
    bulk.match_next(usize::MAX);
    let written = match (output, xlsx_out) {
        (Some(path), true) => bulk.to_xlsx().map(|out| std::fs::write(path, out))?,
        (Some(path), false) => std::fs::File::create(path).and_then(|mut f| bulk.write_csv(&mut f)),
        (None, xlsx) => {
            let mut stdout = io::stdout().lock();
            match xlsx {
                true => stdout.write_all(&bulk.to_xlsx()?),
                false => bulk.write_csv(&mut stdout),
            }
            .and_then(|()| stdout.flush())
        }
    };
    written.map_err(|e| match output {
        Some(path) => Failure(format!("cannot write {path}: {e}"), 1),
        None => Failure::from(e),
    })?;
    let s = bulk.summary();
    let column = bulk.title_column();
    let mut summary = format!(
        "{} rows ({} distinct titles in column `{}`): {} matched, {} to review, {} no match",
        s.rows,
        bulk.distinct_count(),
        bulk.header()[column],
        s.matched,
        s.review,
        s.no_match
    );
    let ragged = bulk.ragged();
    if !ragged.is_empty() {
        let lines: Vec<String> = ragged.iter().take(10).map(|l| l.to_string()).collect();
        summary.push_str(&format!(
            "\nnote: {} rows have a different number of fields from the header (lines {}{}); they were kept and padded",
            ragged.len(),
            lines.join(", "),
            if ragged.len() > 10 { ", ..." } else { "" }
        ));
    }
    eprintln!("{summary}");
    Ok(())
}

/// The lower-case extension of a path, if any.
fn extension(path: &str) -> Option<String> {
    std::path::Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
}

fn run_roles(args: &[String]) -> Result<(), Failure> {
    let args = parse_args(args, &[], &["json"])?;
    let matcher = Matcher::builtin();
    let roles = matcher.taxonomy().roles();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.flags.iter().any(|f| f == "json") {
        let json = serde_json::to_string_pretty(roles)
            .map_err(|e| Failure(format!("cannot encode roles: {e}"), 1))?;
        writeln!(out, "{json}")?;
    } else {
        writeln!(out, "id\ttitle\tband\tnhs_occupation_code\tsoc2020")?;
        for r in roles {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                r.id,
                r.title,
                r.band,
                r.nhs_occupation_code.as_deref().unwrap_or(""),
                r.soc2020.as_deref().unwrap_or("")
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("match") => run_match(&args[1..]),
        Some("clean") => run_clean(&args[1..]),
        Some("roles") => run_roles(&args[1..]),
        Some("--help" | "-h" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some("--version" | "-V") => {
            println!("role-standardiser {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some(other) => Err(usage(&format!("unknown command `{other}`"))),
        None => Err(usage("a command is needed")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message, code)) => {
            eprintln!("role-standardiser: {message}");
            ExitCode::from(code)
        }
    }
}
