//! The command line contract of SPEC.md, run as a user would run it.

mod common;

use common::cli::json_lines;
use role_standardiser::Matcher;
use std::process::Output;

fn run(args: &[&str], stdin: &[u8]) -> Output {
    common::cli::run(env!("CARGO_BIN_EXE_role-standardiser"), args, stdin)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `clean INPUT --output OUTPUT`.
fn clean_into(input: &std::path::Path, output: &std::path::Path) -> Output {
    run(
        &[
            "clean",
            input.to_str().unwrap_or_default(),
            "--output",
            output.to_str().unwrap_or_default(),
        ],
        b"",
    )
}

fn temp(name: &str, contents: &[u8]) -> std::path::PathBuf {
    common::cli::temp("cli", name, contents)
}

#[test]
fn match_writes_one_result_per_line_in_order() {
    let o = run(&["match"], b"Physio Asst B3\n\nPorter\r\nOTA");
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["input"], "Physio Asst B3");
    assert_eq!(lines[0]["status"], "matched");
    assert_eq!(
        lines[0]["role"]["id"],
        "physiotherapy.senior-support-worker"
    );
    assert_eq!(lines[0]["band"]["value"], 3);
    assert_eq!(lines[0]["band"]["source"], "stated");
    assert_eq!(lines[1]["status"], "no-match");
    assert!(lines[1]["role"].is_null());
    assert_eq!(lines[2]["input"], "Porter");
    assert_eq!(lines[3]["role"]["profession"], "occupational-therapy");
}

#[test]
fn match_plain_says_each_result_in_plain_english() {
    let o = run(
        &["match", "--plain"],
        b"Physio Asst B3\n\nSupport worker\nWard manager\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "Physiotherapy Senior Support Worker, band 3 as the title states.",
            "The title is empty.",
            "Needs a look: the title names no profession; likeliest Healthcare Support Worker, usually band 2, sometimes 3.",
            "A management title: not an AHP support role.",
        ]
    );
    let json = json_lines(&run(&["match"], b"OTA\n"));
    assert_eq!(
        json[0]["explanation"]["summary"],
        "Occupational Therapy Senior Support Worker, band 3, the role's usual band."
    );
}

#[test]
fn match_results_have_the_spec_shape() {
    let o = run(&["match"], b"Assistant practitioner\n");
    let r = &json_lines(&o)[0];
    for key in [
        "input",
        "status",
        "confidence",
        "role",
        "band",
        "alternatives",
        "explanation",
    ] {
        assert!(r.get(key).is_some(), "missing {key}");
    }
    for key in ["id", "title", "profession", "level"] {
        assert!(r["role"].get(key).is_some(), "missing role.{key}");
    }
    for key in ["normalised", "qualifiers", "matched"] {
        assert!(
            r["explanation"].get(key).is_some(),
            "missing explanation.{key}"
        );
    }
    assert_eq!(r["status"], "review");
    assert!(r["alternatives"][0]["role"]["id"].is_string());
    assert!(r["alternatives"][0]["confidence"].is_number());
}

#[test]
fn match_reads_windows_1252_without_losing_the_line() {
    let o = run(&["match"], b"Physio Asst \x96 MSK\n");
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["input"], "Physio Asst – MSK");
}

#[test]
fn bad_arguments_fail_clearly() {
    for args in [
        &["frobnicate"][..],
        &["match", "--nope"],
        &["match", "extra"],
        &["clean"],
        &[],
    ] {
        let o = run(args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("role-standardiser:"), "{args:?}");
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn unreadable_mappings_fail_clearly() {
    let o = run(&["match", "--mappings", "/nonexistent/local.csv"], b"OTA\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read /nonexistent/local.csv"));
    let bad = temp(
        "bad-local.csv",
        b"title,role_id\nRSW,physio.support-worker\n",
    );
    let o = run(
        &["match", "--mappings", bad.to_str().unwrap_or_default()],
        b"OTA\n",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("line 2: unknown role id `physio.support-worker`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn local_mappings_win() {
    let local = temp(
        "local.csv",
        b"title,role_id,band\nRSW,multi-therapy.support-worker,3\nPhysio Asst,physiotherapy.support-worker,\n",
    );
    let path = local.to_str().unwrap_or_default();
    let o = run(
        &["match", "--mappings", path],
        b"rsw\nPHYSIO ASSISTANT - Bank\n",
    );
    let lines = json_lines(&o);
    assert_eq!(lines[0]["role"]["id"], "multi-therapy.support-worker");
    assert_eq!(lines[0]["band"]["value"], 3);
    assert_eq!(lines[0]["band"]["source"], "local");
    assert_eq!(lines[1]["role"]["id"], "physiotherapy.support-worker");
    assert_eq!(lines[1]["status"], "matched");
}

#[test]
fn clean_keeps_every_row_and_column_and_appends_the_spec_columns() {
    let input = "Employee,Job Title,Notes\r\n1,Physio Asst B3,\"likes \"\"rehab\"\"\"\r\n2,,\r\n3,Porter,\"two\nlines\"\r\n4,Physio Asst B3,x\r\n";
    let path = temp("sheet.csv", input.as_bytes());
    let out = temp("sheet-out.csv", b"");
    let o = clean_into(&path, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("4 rows (3 distinct titles in column `Job Title`)"),
        "{}",
        stderr(&o)
    );
    let written = std::fs::read_to_string(&out).expect("output written");
    let lines: Vec<&str> = written.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Employee,Job Title,Notes,standard_role_id,standard_role_title,profession,level,band,band_source,match_status,confidence,nhs_occupation_code,soc2020,decided_by"
    );
    // The confidence is the engine's (its weights are refitted from time to time).
    let confidence =
        |title: &str| format!("{:.2}", Matcher::builtin().match_title(title).confidence);
    assert_eq!(
        lines[1],
        format!("1,Physio Asst B3,\"likes \"\"rehab\"\"\",physiotherapy.senior-support-worker,Physiotherapy Senior Support Worker,physiotherapy,senior-support-worker,3,stated,matched,{},S9E,6131/05,engine", confidence("Physio Asst B3"))
    );
    assert_eq!(lines[2], "2,,,,,,,,,no-match,0.00,,,engine");
    assert_eq!(
        lines[3],
        "3,Porter,\"two\nlines\",,,,,,,no-match,0.00,,,engine"
    );
    assert!(lines[4].starts_with("4,Physio Asst B3,x,physiotherapy.senior-support-worker,"));
    assert_eq!(lines.len(), 6, "four rows, header and the final terminator");
}

#[test]
fn clean_reads_semicolons_a_named_column_and_pads_ragged_rows() {
    let input = "Role;Site\nOTA;North\nHCA\nTechnical instructor;South;extra\n";
    let path = temp("semi.csv", input.as_bytes());
    let o = run(
        &[
            "clean",
            path.to_str().unwrap_or_default(),
            "--column",
            "role",
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("Role;Site;;standard_role_id;"));
    assert!(lines[1].starts_with("OTA;North;;occupational-therapy.senior-support-worker;"));
    assert!(lines[2].starts_with("HCA;;;healthcare-support.support-worker;"));
    assert!(lines[3]
        .starts_with("Technical instructor;South;extra;multi-therapy.assistant-practitioner;"));
    assert!(
        stderr(&o).contains("2 rows have a different number of fields"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn clean_rejects_bad_input_clearly_and_writes_nothing() {
    let out = temp("never.csv", b"untouched");
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty.csv", b"", "the file is empty"),
        (
            "no-title.csv",
            b"Name,Site\nA,B\n",
            "no job title column found",
        ),
        (
            "unclosed.csv",
            b"Job Title,Site\nOTA,\"North\n",
            "line 2: a quoted field is never closed",
        ),
        (
            "book.xlsx",
            b"PK\x03\x04rest-of-zip",
            "this workbook is damaged and cannot be read",
        ),
        ("binary.csv", &[0u8; 64], "this is not a spreadsheet"),
    ];
    for (name, contents, message) in cases {
        let path = temp(name, contents);
        let o = clean_into(&path, &out);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains(message), "{name}: {}", stderr(&o));
        assert_eq!(
            std::fs::read(&out).expect("still there"),
            b"untouched",
            "{name}"
        );
    }
    let path = temp("named.csv", b"Job Title\nOTA\n");
    let o = run(
        &[
            "clean",
            path.to_str().unwrap_or_default(),
            "--column",
            "Position",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no column named `Position`; the columns are: Job Title"));
}

#[test]
fn clean_reads_standard_input() {
    let o = run(&["clean", "-"], b"Job Title\nRehab SW\n");
    assert!(o.status.success());
    assert!(stdout(&o).contains("Rehab SW,multi-therapy.support-worker"));
}

#[test]
fn roles_lists_the_taxonomy() {
    let o = run(&["roles"], b"");
    assert!(o.status.success());
    let text = stdout(&o);
    assert!(text.starts_with("id\ttitle\tband"));
    assert!(text.contains(
        "physiotherapy.senior-support-worker\tPhysiotherapy Senior Support Worker\t3\tS9E"
    ));
    let o = run(&["roles", "--json"], b"");
    let roles: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert!(roles.as_array().is_some_and(|a| a.len() > 50));
}

/// A two-sheet workbook made with rust_xlsxwriter: "Other" first, then "Staff".
fn workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let other = book.add_worksheet();
    other.set_name("Other").expect("name");
    other.write_string(0, 0, "Name").expect("write");
    let staff = book.add_worksheet();
    staff.set_name("Staff").expect("name");
    for (r, (title, hours)) in [("Job Title", 0.0), ("OTA", 37.5), ("Porter", 20.0)]
        .iter()
        .enumerate()
    {
        staff.write_string(r as u32, 0, *title).expect("write");
        if r > 0 {
            staff.write_number(r as u32, 1, *hours).expect("write");
        } else {
            staff.write_string(0, 1, "Hours").expect("write");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn clean_reads_a_chosen_xlsx_sheet_and_writes_csv_or_xlsx_alike() {
    let input = temp("staff.xlsx", &workbook());
    let input = input.to_str().unwrap_or_default();
    let o = run(&["clean", input, "--sheet", "Staff"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = stdout(&o);
    let ota = format!("{:.2}", Matcher::builtin().match_title("OTA").confidence);
    assert_eq!(
        csv.lines().collect::<Vec<_>>(),
        [
            "Job Title,Hours,standard_role_id,standard_role_title,profession,level,band,band_source,match_status,confidence,nhs_occupation_code,soc2020,decided_by".to_string(),
            format!("OTA,37.5,occupational-therapy.senior-support-worker,Occupational Therapy Senior Support Worker,occupational-therapy,senior-support-worker,3,typical,matched,{ota},S9C,6131/04,engine"),
            "Porter,20,,,,,,,no-match,0.00,,,engine".to_string(),
        ]
    );
    assert!(stderr(&o).contains("2 rows (2 distinct titles in column `Job Title`)"));

    let out = temp("staff-out.xlsx", b"");
    let out = out.to_str().unwrap_or_default();
    let o = run(&["clean", input, "--sheet", "Staff", "--output", out], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let again = run(
        &["clean", out, "--sheet", "Staff", "--column", "Job Title"],
        b"",
    );
    assert!(again.status.success(), "{}", stderr(&again));
    // Cleaning the XLSX output again appends the columns once more: the originals and the first
    // appended ones read back the same (but confidence, a number there: 0.00 reads back as 0).
    for (a, b) in csv.lines().zip(stdout(&again).lines()) {
        let (a, b): (Vec<&str>, Vec<&str>) = (a.split(',').collect(), b.split(',').collect());
        let confidence = 2 + 7;
        for (i, cell) in a.iter().enumerate().filter(|&(i, _)| i != confidence) {
            assert_eq!(b.get(i), Some(cell), "field {i}: {a:?}\n{b:?}");
        }
    }

    let o = run(&["clean", input, "--sheet", "Nope"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no sheet named `Nope`; the sheets are: Other, Staff"));
}

#[test]
fn clean_writes_xlsx_from_csv() {
    let input = temp("to-xlsx.csv", b"Job Title,Band\nOTA,3\nHCA\n");
    let out = temp("to-xlsx.xlsx", b"");
    let o = clean_into(&input, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read(&out).expect("written");
    assert!(written.starts_with(b"PK\x03\x04"));
    let back = run(&["clean", out.to_str().unwrap_or_default()], b"");
    assert!(back.status.success(), "{}", stderr(&back));
    assert!(stdout(&back)
        .lines()
        .nth(2)
        .is_some_and(|l| l.starts_with("HCA,,healthcare-support.")));
}

#[test]
fn clean_refuses_bad_spreadsheets_and_writes_nothing() {
    let book = workbook();
    let out = temp("never.xlsx", b"untouched");
    let mut bomb = book.clone();
    // Declare a 4 GB part in the central directory's first entry.
    let cd = bomb
        .windows(4)
        .position(|w| w == b"PK\x01\x02")
        .expect("central directory");
    bomb[cd + 24..cd + 28].copy_from_slice(&0xfff0_0000u32.to_le_bytes());
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "png.csv",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "this is not a spreadsheet",
        ),
        (
            "cut.xlsx",
            book[..book.len() - 30].to_vec(),
            "this workbook is damaged and cannot be read",
        ),
        ("bomb.xlsx", bomb, "zip bomb"),
        (
            "ragged-title.csv",
            b"Site\nA\n".to_vec(),
            "no job title column found",
        ),
    ];
    for (name, contents, message) in cases {
        let path = temp(name, &contents);
        let o = clean_into(&path, &out);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains(message), "{name}: {}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1, "{name}: one line");
        assert_eq!(
            std::fs::read(&out).expect("still there"),
            b"untouched",
            "{name}"
        );
    }
    // Over the size limit: a sparse file, refused from its size before it is read.
    let huge = temp("huge.csv", b"");
    std::fs::File::options()
        .write(true)
        .open(&huge)
        .and_then(|f| f.set_len(500_000_001))
        .expect("sparse file");
    let o = clean_into(&huge, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("over the limit of 500 MB"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&out).expect("still there"), b"untouched");
    let _ = std::fs::remove_file(&huge);
}

/// Runs the binary with raw (possibly not UTF-8) arguments.
fn run_os(args: &[&std::ffi::OsStr], stdin: &[u8]) -> Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_role-standardiser"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("finishes")
}

/// The files of a folder, by name.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn the_output_is_never_the_input_and_a_failed_write_leaves_the_old_file() {
    let dir = std::env::temp_dir().join(format!("role-standardiser-staged-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let input = dir.join("staff.csv");
    let original = b"Job Title\nOTA\n".to_vec();
    std::fs::write(&input, &original).expect("input");
    let path = |p: &std::path::Path| p.to_str().unwrap_or_default().to_string();
    // The same path, another spelling of it, a symbolic link and a hard link to it.
    let spelled = dir.join(".").join("staff.csv");
    let symlink = dir.join("link.csv");
    let hardlink = dir.join("hard.csv");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&input, &symlink).expect("symlink");
    std::fs::hard_link(&input, &hardlink).expect("hard link");
    for out in [&input, &spelled, &symlink, &hardlink] {
        let o = run(&["clean", &path(&input), "--output", &path(out)], b"");
        assert_eq!(o.status.code(), Some(2), "{}", path(out));
        assert!(stderr(&o).contains("is the input file"), "{}", stderr(&o));
        assert_eq!(
            std::fs::read(&input).expect("input"),
            original,
            "the input is kept"
        );
    }
    // A write that fails part way (too wide for XLSX) leaves the old output, and no temporary.
    let wide = dir.join("wide.csv");
    std::fs::write(&wide, format!("Job Title\nOTA,{}\n", ",".repeat(20_000))).expect("wide");
    let out = dir.join("out.xlsx");
    std::fs::write(&out, b"old").expect("old output");
    let before = files_in(&dir);
    let o = run(&["clean", &path(&wide), "--output", &path(&out)], b"");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("columns do not fit"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).expect("old output"), b"old");
    assert_eq!(files_in(&dir), before, "nothing half-written left behind");
    // A good write replaces the old file whole.
    let o = run(&["clean", &path(&input), "--output", &path(&out)], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&out)
        .expect("new output")
        .starts_with(b"PK\x03\x04"));
    assert_eq!(files_in(&dir), before);
    // An output folder that does not exist: a clear error.
    let o = run(
        &[
            "clean",
            &path(&input),
            "--output",
            &path(&dir.join("no/such/out.csv")),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_dash_writes_standard_output_and_format_chooses_the_form() {
    let input = temp("dash.csv", b"Job Title\nOTA\n");
    let input = input.to_str().unwrap_or_default();
    let o = run(&["clean", input, "--output", "-"], b"");
    assert!(o.status.success());
    assert!(stdout(&o).starts_with("Job Title,standard_role_id,"));
    let o = run(&["clean", input, "-o", "-"], b"");
    assert_eq!(o.status.code(), Some(2), "-o is not an option");
    let o = run(&["clean", input, "--output", "-", "--format", "xlsx"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.starts_with(b"PK\x03\x04"));
    let o = run(&["clean", "-", "--format", "tsv"], b"Job Title\nOTA\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--format is csv or xlsx, not `tsv`"));
}

#[test]
fn a_workbook_with_macros_stays_xlsm_and_other_workbooks_are_xlsx() {
    let xlsm = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/macros.xlsm"
    ))
    .expect("fixture");
    let input = temp("book.xlsm", &xlsm);
    let input = input.to_str().unwrap_or_default();
    let wrong = temp("book-out.xlsx", b"");
    let o = run(
        &[
            "clean",
            input,
            "--output",
            wrong.to_str().unwrap_or_default(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the input is a workbook with macros, which are kept, so it must be named .xlsm, not .xlsx"), "{}", stderr(&o));
    let right = temp("book-out.xlsm", b"");
    let o = run(
        &[
            "clean",
            input,
            "--output",
            right.to_str().unwrap_or_default(),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = temp("plain.csv", b"Job Title\nOTA\n");
    let o = run(
        &[
            "clean",
            csv.to_str().unwrap_or_default(),
            "--output",
            temp("plain.xlsm", b"").to_str().unwrap_or_default(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o)
        .contains("the workbook written has no macros, so it must be named .xlsx, not .xlsm"));
}

#[test]
fn header_rows_columns_by_letter_sep_lines_and_bars() {
    let report = temp(
        "report.csv",
        b"Staff list\nRun 1 Nov\nId|Name|Post\n1|Ann|OTA\n2|Bo|Porter\n",
    );
    let report = report.to_str().unwrap_or_default();
    let o = run(&["clean", report], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Staff list\nRun 1 Nov\nId|Name|Post|standard_role_id|"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("title column: `Post`:"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &["clean", report, "--header-row", "none", "--column", "C"],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("5 rows"), "{}", stderr(&o));
    assert!(stderr(&o).contains("note: the sheet has no header row"));
    let o = run(&["clean", report, "--header-row", "0"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--header-row is a row number from 1, or none; not `0`"));
    let sep = temp("sep.csv", b"sep=;\r\nJob Title;Band\r\nOTA;3\r\n");
    let o = run(&["clean", sep.to_str().unwrap_or_default()], b"");
    assert!(
        stdout(&o).starts_with("sep=;\r\nJob Title;Band;standard_role_id;"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn any_file_name_and_a_closed_pipe_end_quietly() {
    use std::os::unix::ffi::OsStrExt;
    let dir = std::env::temp_dir().join(format!("role-standardiser-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let name = dir.join(std::ffi::OsStr::from_bytes(b"Staff_M\xe4rz.csv"));
    std::fs::write(&name, b"Job Title\nOTA\n").expect("a file with a Latin-1 name");
    let o = run_os(&["clean".as_ref(), name.as_os_str()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("OTA,occupational-therapy."));
    let missing = dir.join(std::ffi::OsStr::from_bytes(b"Gone_\xe4.csv"));
    let o = run_os(&["clean".as_ref(), missing.as_os_str()], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Gone_\u{fffd}.csv"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);

    // Standard output closed before anything is written: no panic, status 0, nothing said.
    for args in [&["--help"][..], &["roles"][..], &["match"][..]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_role-standardiser"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        drop(child.stdout.take());
        if let Some(mut input) = child.stdin.take() {
            use std::io::Write;
            let _ = input.write_all(&b"OTA\n".repeat(10_000));
        }
        let o = child.wait_with_output().expect("finishes");
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(o.stderr.is_empty(), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn standard_input_streams_as_a_file_does() {
    let mut csv = String::from("Job Title,Band\r\n");
    for i in 0..30_000 {
        csv.push_str(["Physio Asst B3,3\r\n", "OTA,\r\n", "Ward manager,7\r\n"][i % 3]);
    }
    let path = temp("streamed.csv", csv.as_bytes());
    let from_file = run(&["clean", path.to_str().unwrap_or_default()], b"");
    let from_stdin = run(&["clean", "-", "--output", "-"], csv.as_bytes());
    assert!(from_stdin.status.success(), "{}", stderr(&from_stdin));
    assert_eq!(from_stdin.stdout, from_file.stdout);
    assert!(
        stderr(&from_stdin).starts_with("30000 rows (3 distinct titles"),
        "{}",
        stderr(&from_stdin)
    );
    let _ = std::fs::remove_file(&path);
}

#[test]
fn standard_input_read_whole_is_limited_while_it_is_read() {
    use std::io::Write;
    // Written as a workbook, a CSV is read whole, so up to the limit (written as CSV it streams).
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_role-standardiser"))
        .args(["clean", "-", "--format", "xlsx"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let mut input = child.stdin.take().expect("stdin");
    // An endless stream: written until the program stops reading (at the limit).
    let writer = std::thread::spawn(move || {
        let chunk = b"Job Title\n".repeat(100_000);
        let mut written = 0usize;
        while input.write_all(&chunk).is_ok() {
            written += chunk.len();
            if written > 2_000_000_000 {
                break;
            }
        }
        written
    });
    let o = child.wait_with_output().expect("finishes");
    let written = writer.join().expect("the writer");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("-: the input is over the limit of 500 MB"),
        "{}",
        stderr(&o)
    );
    assert!(
        written < 600_000_000,
        "stopped near the limit, not at the end: {written}"
    );
}

#[test]
fn match_memory_is_bounded_and_long_lines_are_cut() {
    // More distinct titles than the memo holds: every line still gets its own result.
    let lines: String = (0..120_000).map(|i| format!("Physio Asst {i}\n")).collect();
    let o = run(&["match"], format!("{lines}OTA\nOTA\n").as_bytes());
    assert!(o.status.success());
    let results = json_lines(&o);
    assert_eq!(results.len(), 120_002);
    assert_eq!(results[119_999]["input"], "Physio Asst 119999");
    assert_eq!(
        results[120_001]["role"]["id"],
        "occupational-therapy.senior-support-worker"
    );
    // A 1 MB line: read up to 64 KB, no-match, its input cut to the longest title read.
    let long = format!("{}\nOTA\n", "Physio ".repeat(150_000));
    let o = run(&["match"], long.as_bytes());
    let results = json_lines(&o);
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["status"], "no-match");
    assert_eq!(results[0]["input"].as_str().map(str::len), Some(1000));
    assert_eq!(results[1]["status"], "matched");
}

#[test]
fn messages_are_one_line_with_control_characters_escaped_and_long_lists_cut() {
    let rows = "A,X1\n".repeat(200);
    let escape = temp(
        "escape.csv",
        format!("\x1b[31mName\x1b[0m,Code\r\n{rows}").as_bytes(),
    );
    let o = run(&["clean", escape.to_str().unwrap_or_default()], b"");
    assert_eq!(o.status.code(), Some(1));
    let said = stderr(&o);
    assert!(!said.contains('\x1b'), "no raw escape: {said:?}");
    assert!(said.contains("\\u{1b}[31mName\\u{1b}[0m"), "{said}");
    assert_eq!(said.lines().count(), 1);
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let wide = temp(
        "wide-header.csv",
        format!("{}\n{}\n", header.join(","), header.join(",")).as_bytes(),
    );
    let o = run(&["clean", wide.to_str().unwrap_or_default()], b"");
    let said = stderr(&o);
    assert_eq!(said.lines().count(), 1);
    assert!(said.len() < 1_000, "{} bytes", said.len());
    assert!(said.contains("c19, and 99980 more)"), "{said}");
}

#[test]
fn clean_reads_the_whole_row_and_each_context_column_can_be_named_or_left_out() {
    let input = "Assignment Number,Position Title,Occupation Code,Area of Work,Grade,Ward\n\
                 1,Support Worker,H2J,Physiotherapy,XR03,Ward 7\n\
                 2,Physio Asst B3,H2H,,Band 4,Ward 7\n";
    let path = temp("whole-row.csv", input.as_bytes());
    let path = path.to_str().unwrap_or_default();
    let table = |args: &[&str]| {
        let mut all = vec!["clean", path];
        all.extend_from_slice(args);
        let o = run(&all, b"");
        assert!(o.status.success(), "{}", stderr(&o));
        let rows: Vec<Vec<String>> = stdout(&o)
            .lines()
            .map(|l| l.split(',').map(String::from).collect())
            .collect();
        (rows, stderr(&o))
    };
    let (rows, said) = table(&[]);
    let header = &rows[0][6..];
    assert_eq!(
        header[8..],
        [
            "nhs_occupation_code",
            "soc2020",
            "decided_by",
            "code_check",
            "context"
        ]
    );
    assert!(said.contains(
        "also read: `Grade` (Grade), `Occupation Code` (Occupation Code), `Area of Work` (Area of Work), `Ward` (Department)"
    ), "{said}");
    // The vague title settled by its row, its band the recorded grade's.
    assert_eq!(rows[1][6], "physiotherapy.support-worker");
    assert_eq!((&rows[1][10][..], &rows[1][11][..]), ("3", "recorded"));
    assert_eq!(rows[1][17], "agrees");
    assert_eq!(
        rows[1][18],
        "Occupation Code=H2J; Area of Work=Physiotherapy; Grade=XR03"
    );
    // The title's profession stands against the code, which is reported; the level its stated
    // band chose is read again at the recorded one.
    assert_eq!(rows[2][6], "physiotherapy.assistant-practitioner");
    assert_eq!((&rows[2][10][..], &rows[2][17][..]), ("4", "differs"));

    // No context: the title alone, and no code_check or context column.
    let (rows, said) = table(&["--no-context"]);
    assert_eq!(rows[0].len(), 6 + 11);
    assert!(!said.contains("also read"));
    assert_eq!(rows[1][6], "healthcare-support.support-worker");
    // One column dropped, or named when its header says nothing.
    let (rows, _) = table(&["--band-column", "none", "--code-column", "none"]);
    assert_eq!(*rows[0].last().expect("a header"), "context");
    assert!(!rows[0].iter().any(|h| h == "code_check"));
    assert_eq!(&rows[1][11], "typical");
    let (rows, said) = table(&[
        "--no-context",
        "--band-column",
        "E",
        "--context-column",
        "Area of Work",
    ]);
    assert!(
        said.contains("also read: `Grade` (Grade), `Area of Work` (Area of Work)"),
        "{said}"
    );
    assert_eq!(
        (&rows[1][6][..], &rows[1][11][..]),
        ("physiotherapy.support-worker", "recorded")
    );
    // A column the sheet does not have is refused, naming its columns.
    let o = run(&["clean", path, "--code-column", "Occ"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no column named `Occ`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn clean_writes_the_workforce_summary_with_fte_in_csv_or_xlsx() {
    let input = "Position Title,Occupation Code,Area of Work,Grade,FTE\n\
                 Support Worker,H2J,Physiotherapy,XR03,0.8\n\
                 Physio Asst B3,S9E,,,1\n\
                 Physio Asst B3,H2H,,,0.5\n\
                 Porter,,,XR02,1.0\n\
                 Support Worker,H2J,Physiotherapy,XR03,n/a\n";
    let path = temp("summary-in.csv", input.as_bytes());
    let path = path.to_str().unwrap_or_default();
    let summary = std::env::temp_dir().join("role-standardiser-summary.csv");
    let _ = std::fs::remove_file(&summary);
    let out = summary.to_str().unwrap_or_default();
    // A person decided the porter is out of scope: its row is counted as decided.
    let mappings = temp("summary-mappings.csv", b"title,role_id\nPorter,none\n");
    let mappings = mappings.to_str().unwrap_or_default();
    let o = run(
        &["clean", path, "--summary", out, "--mappings", mappings],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("`FTE` (FTE)"), "{}", stderr(&o));
    let text = std::fs::read_to_string(&summary).expect("the summary is written");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines,
        [
            "standard_role_id,standard_role_title,profession,level,band,headcount,fte,matched,review,no_match,decided_by_person,code_agrees,code_differs",
            "physiotherapy.support-worker,Physiotherapy Support Worker,physiotherapy,support-worker,3,2,0.80,2,0,0,0,2,0",
            "physiotherapy.senior-support-worker,Physiotherapy Senior Support Worker,physiotherapy,senior-support-worker,3,2,1.50,2,0,0,0,1,1",
            ",No standard role,,,,1,1.00,0,0,1,1,0,0",
            ",All rows,,,,5,3.30,4,0,1,1,3,1",
        ]
    );
    // The FTE column dropped: no fte column; named by letter; an XLSX summary.
    let o = run(
        &["clean", path, "--fte-column", "none", "--summary", out],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&summary).expect("written");
    assert!(
        text.starts_with(
            "standard_role_id,standard_role_title,profession,level,band,headcount,matched,"
        ),
        "{text}"
    );
    let xlsx = std::env::temp_dir().join("role-standardiser-summary.xlsx");
    let xlsx = xlsx.to_str().unwrap_or_default();
    let o = run(
        &[
            "clean",
            path,
            "--no-context",
            "--fte-column",
            "E",
            "--summary",
            xlsx,
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(xlsx).expect("written");
    assert!(bytes.starts_with(b"PK"), "an XLSX package");
    // A summary that would overwrite the input, or is not .csv or .xlsx, is refused.
    for (bad, says) in [
        (path, "is the input or the output"),
        ("summary.txt", "a .csv or an .xlsx"),
    ] {
        let o = run(&["clean", path, "--summary", bad], b"");
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read_to_string(path).expect("kept"), input);
}
