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
        "Employee,Job Title,Notes,standard_role_id,standard_role_title,profession,level,band,band_source,match_status,confidence"
    );
    // The confidence is the engine's (its weights are refitted from time to time).
    let confidence =
        |title: &str| format!("{:.2}", Matcher::builtin().match_title(title).confidence);
    assert_eq!(
        lines[1],
        format!("1,Physio Asst B3,\"likes \"\"rehab\"\"\",physiotherapy.senior-support-worker,Physiotherapy Senior Support Worker,physiotherapy,senior-support-worker,3,stated,matched,{}", confidence("Physio Asst B3"))
    );
    assert_eq!(lines[2], "2,,,,,,,,,no-match,0.00");
    assert_eq!(lines[3], "3,Porter,\"two\nlines\",,,,,,,no-match,0.00");
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
            "Job Title,Hours,standard_role_id,standard_role_title,profession,level,band,band_source,match_status,confidence".to_string(),
            format!("OTA,37.5,occupational-therapy.senior-support-worker,Occupational Therapy Senior Support Worker,occupational-therapy,senior-support-worker,3,typical,matched,{ota}"),
            "Porter,20,,,,,,,no-match,0.00".to_string(),
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
    // appended ones read back the same (confidence is a number there, so 0.00 reads back as 0).
    for (a, b) in csv.lines().zip(stdout(&again).lines()) {
        let upto_confidence = a.rsplit_once(',').map_or(a, |(head, _)| head);
        assert!(b.starts_with(upto_confidence), "{a}\n{b}");
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
