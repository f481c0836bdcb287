//! The command line contract of SPEC.md, run as a user would run it.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_role-standardiser"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(mut input) = child.stdin.take() {
        // A program that fails on its arguments exits before reading: a broken pipe is fine.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("the binary finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn temp(name: &str, contents: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("role-standardiser-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("temp file");
    path
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
    let o = run(
        &[
            "clean",
            path.to_str().unwrap_or_default(),
            "--output",
            out.to_str().unwrap_or_default(),
        ],
        b"",
    );
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
    assert_eq!(
        lines[1],
        "1,Physio Asst B3,\"likes \"\"rehab\"\"\",physiotherapy.senior-support-worker,Physiotherapy Senior Support Worker,physiotherapy,senior-support-worker,3,stated,matched,0.98"
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
    let out_path = out.to_str().unwrap_or_default();
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
            "not a readable Excel (.xlsx) workbook",
        ),
        ("binary.csv", &[0u8; 64], "this is not a spreadsheet"),
    ];
    for (name, contents, message) in cases {
        let path = temp(name, contents);
        let o = run(
            &[
                "clean",
                path.to_str().unwrap_or_default(),
                "--output",
                out_path,
            ],
            b"",
        );
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
