//! The bulk page's WebAssembly API in headless Chromium (scripts/test-web.sh runs it with
//! `--features bulk`). Compiles to nothing natively or without the feature.
#![cfg(all(target_arch = "wasm32", feature = "bulk"))]

use role_standardiser::wasm::{
    check_local_mappings, local_mappings_csv, parse_local_mappings, Bulk,
};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

#[path = "common/zip.rs"]
#[allow(dead_code)]
mod zip;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, key| {
        js_sys::Reflect::get(&v, &JsValue::from_str(key)).expect("property readable")
    })
}

const CSV: &[u8] = b"Id,Job Title\n1,Physio Asst B3\n2,Porter\n3,Physio Asst B3\n4,=cmd\n";

/// Opens bytes as the page does with nothing chosen: the first sheet, the header and title
/// column found.
fn open(bytes: &[u8], name: &str) -> Bulk {
    Bulk::new(bytes.to_vec(), name, None, None, None, JsValue::NULL).expect("opens")
}

#[wasm_bindgen_test]
fn opens_matches_step_by_step_and_writes_csv_and_xlsx() {
    let mut bulk = open(CSV, "staff.csv");
    assert_eq!(bulk.format(), "csv");
    assert_eq!(bulk.sheets(), ["staff.csv"]);
    assert_eq!(bulk.header(), ["Id", "Job Title"]);
    assert_eq!(
        (bulk.rows(), bulk.title_column(), bulk.distinct_count()),
        (4, 1, 3)
    );
    assert!(bulk.to_csv().is_err(), "matching not finished");
    assert_eq!(bulk.match_next(1), 1);
    assert_eq!(bulk.match_next(10), 3);
    let titles = js_sys::Array::from(&bulk.titles().expect("titles"));
    assert_eq!(titles.length(), 3);
    let first = titles.get(0);
    assert_eq!(
        get(&first, "title").as_string().as_deref(),
        Some("Physio Asst B3")
    );
    assert_eq!(get(&first, "rows").as_f64(), Some(2.0));
    assert_eq!(
        get(&first, "result.status").as_string().as_deref(),
        Some("matched")
    );
    assert!(get(&titles.get(1), "result.role").is_null());
    let summary = bulk.summary().expect("summary");
    assert_eq!(get(&summary, "rows").as_f64(), Some(4.0));
    assert_eq!(get(&summary, "matched").as_f64(), Some(2.0));
    assert_eq!(get(&summary, "noMatch").as_f64(), Some(2.0));
    assert_eq!(
        get(&summary, "byProfession.physiotherapy").as_f64(),
        Some(2.0)
    );
    assert_eq!(get(&summary, "byBand.3").as_f64(), Some(2.0));
    let csv = String::from_utf8(bulk.to_csv().expect("csv")).unwrap_or_default();
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.contains("\n4,'=cmd,"), "{csv}");
    let xlsx = bulk.to_xlsx().expect("xlsx");
    assert!(xlsx.starts_with(b"PK\x03\x04"));
    let again = open(&xlsx, "out.xlsx");
    assert_eq!(again.format(), "xlsx");
    assert_eq!(again.workbook_extension(), "xlsx");
    assert!(!bulk.keeps_workbook() && again.keeps_workbook());
    assert_eq!(again.rows(), 4);
    assert_eq!(again.header().len(), 2 + 11);
}

#[wasm_bindgen_test]
fn local_mappings_and_title_column_reset_matching() {
    let mut bulk = Bulk::new(
        CSV.to_vec(),
        "staff.csv",
        None,
        Some("title,role_id\nPorter,multi-therapy.support-worker\n".into()),
        None,
        JsValue::NULL,
    )
    .expect("opens");
    bulk.match_next(100);
    let summary = bulk.summary().expect("summary");
    assert_eq!(get(&summary, "matched").as_f64(), Some(3.0));
    assert!(bulk
        .set_local_mappings("title,role_id\nPorter,no.such-role\n")
        .is_err());
    bulk.set_local_mappings("title,role_id\n")
        .expect("empty mappings");
    assert_eq!(
        js_sys::Array::from(&bulk.titles().expect("titles")).length(),
        0
    );
    bulk.set_title_column(0).expect("in range");
    assert_eq!(bulk.distinct_count(), 4);
    assert!(bulk.set_title_column(5).is_err());
    assert!(js_sys::Array::is_array(&bulk.ragged().expect("ragged")));
    assert!(js_sys::Array::from(&bulk.roles().expect("roles")).length() > 50);
    // The role picker's type-ahead: the engine's suggestions, as role ids.
    let physio = bulk.suggest_roles("physio as", 5);
    assert!(physio.len() <= 5);
    assert!(physio.contains(&"physiotherapy.senior-support-worker".to_string()));
    assert!(bulk.suggest_roles("   ", 5).is_empty());
}

#[wasm_bindgen_test]
fn bad_input_throws() {
    let fails = |bytes: &[u8], name: &str| {
        Bulk::new(bytes.to_vec(), name, None, None, None, JsValue::NULL).is_err()
    };
    assert!(fails(b"", "empty.csv"));
    assert!(fails(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a.png"));
    assert!(fails(b"PK\x03\x04broken", "b.xlsx"));
    assert!(fails(b"Name\nA\n", "c.csv"));
    let header = |v: JsValue| Bulk::new(CSV.to_vec(), "c.csv", None, None, None, v).is_err();
    assert!(
        header(JsValue::from_str("first")),
        "a header row is a number or none"
    );
    assert!(header(JsValue::from_f64(0.5)));
    assert!(header(JsValue::from_f64(99.0)), "not among the first rows");
}

#[wasm_bindgen_test]
fn a_workbook_inflating_past_the_pages_limit_is_refused() {
    // 1,100 MB declared: read natively (4,000 MB), but more than the worker's memory would hold.
    let book = zip::crafted_zip(11_000_000, 1_100_000_000);
    let e = Bulk::new(book, "big.xlsx", None, None, None, JsValue::NULL).err();
    let message = e.map(|e| js_sys::Error::from(JsValue::from(e)).message());
    assert_eq!(
        message.and_then(|m| m.as_string()).as_deref(),
        Some("big.xlsx: this workbook would inflate to more than 1000 MB, over the limit; save it as CSV or split it")
    );
}

#[wasm_bindgen_test]
fn a_title_column_not_found_can_be_named_by_header_or_letter() {
    let csv = b"Name,Code\nA,X1\nB,Y2\n";
    assert!(Bulk::new(csv.to_vec(), "c.csv", None, None, None, JsValue::NULL).is_err());
    assert_eq!(
        Bulk::read_columns(csv.to_vec(), "c.csv", None, JsValue::NULL).expect("columns"),
        ["Name", "Code"]
    );
    for named in ["Code", "B", "column B"] {
        let bulk = Bulk::new(
            csv.to_vec(),
            "c.csv",
            None,
            None,
            Some(named.into()),
            JsValue::NULL,
        )
        .expect("opens");
        assert_eq!(bulk.title_column(), 1, "{named}");
        assert_eq!(bulk.distinct_count(), 2);
        assert!(bulk.title_reason().contains("the column named"));
    }
    let no_such = Some("Grade".into());
    assert!(Bulk::new(csv.to_vec(), "c.csv", None, None, no_such, JsValue::NULL).is_err());
}

#[wasm_bindgen_test]
fn the_header_row_is_found_below_report_rows_and_can_be_changed_or_dropped() {
    let csv = b"Staff list\nRun 1 Nov\nId,Position Title\n1,OTA\n2,Porter\n";
    let mut bulk = open(csv, "r.csv");
    assert_eq!(bulk.header_row(), Some(3));
    assert_eq!(bulk.columns(), ["Id", "Position Title"]);
    assert_eq!((bulk.title_column(), bulk.rows()), (1, 2));
    assert!(bulk
        .title_reason()
        .starts_with("`Position Title`: its header names the job title"));
    let rows = js_sys::Array::from(&bulk.first_rows().expect("rows"));
    assert_eq!(rows.length(), 5);
    assert_eq!(get(&rows.get(2), "row").as_f64(), Some(3.0));
    assert_eq!(bulk.delimiter().as_deref(), Some(","));
    assert_eq!(bulk.encoding().as_deref(), Some("UTF-8"));
    bulk.set_header(JsValue::from_str("none"))
        .expect("no header");
    assert_eq!(bulk.header_row(), None);
    assert_eq!(bulk.rows(), 5);
    assert_eq!(bulk.columns(), ["column A", "column B"]);
    assert!(bulk.warnings()[0].starts_with("the sheet has no header row"));
    bulk.set_header(JsValue::from_f64(3.0)).expect("row 3");
    assert_eq!(bulk.rows(), 2);
    assert!(bulk.set_header(JsValue::from_f64(40.0)).is_err());
}

#[wasm_bindgen_test]
fn a_huge_title_cell_crosses_to_the_page_cut() {
    let big = "a".repeat(2_000_000);
    let csv = format!("Job Title\nOTA\n{big}\n");
    let mut bulk = open(csv.as_bytes(), "big.csv");
    bulk.match_next(10);
    let titles = js_sys::Array::from(&bulk.titles().expect("titles"));
    let title = get(&titles.get(1), "title").as_string().unwrap_or_default();
    assert_eq!(title.len(), 1000);
    assert_eq!(
        get(&titles.get(1), "result.status").as_string().as_deref(),
        Some("no-match")
    );
    assert_eq!(role_standardiser::wasm::max_input_bytes(), 500_000_000);
}

/// The message of a `JsError` thrown across the boundary.
fn message(e: wasm_bindgen::JsError) -> String {
    let value = JsValue::from(e);
    get(&value, "message").as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
fn local_mappings_are_read_and_refused_as_the_command_line_does() {
    let csv = "title,role_id,band\nOTA,occupational-therapy.senior-support-worker,\nRSW,multi-therapy.support-worker,2\n";
    let list = parse_local_mappings(csv, "ours.csv").expect("valid mappings");
    let list = js_sys::Array::from(&list);
    assert_eq!(list.length(), 2);
    let second = list.get(1);
    assert_eq!(get(&second, "title").as_string().as_deref(), Some("RSW"));
    assert_eq!(
        get(&second, "roleId").as_string().as_deref(),
        Some("multi-therapy.support-worker")
    );
    assert_eq!(get(&second, "band").as_string().as_deref(), Some("2"));
    assert_eq!(get(&second, "line").as_f64(), Some(3.0));

    // Written back in the one format, the same file.
    assert_eq!(local_mappings_csv(list.into()).expect("writes"), csv);

    // The same title twice: refused with the command line's message, naming the line.
    let twice = "title,role_id\nOTA,occupational-therapy.senior-support-worker\nOTA,physiotherapy.support-worker\n";
    let e = parse_local_mappings(twice, "ours.csv")
        .map(|_| ())
        .expect_err("refused");
    assert_eq!(
        message(e),
        "ours.csv line 3: `OTA` is already defined at line 2; remove one of the two rows"
    );
    let unknown = parse_local_mappings("title,role_id\nOTA,physio\n", "ours.csv")
        .map(|_| ())
        .expect_err("refused");
    assert!(message(unknown).starts_with("ours.csv line 2: unknown role id `physio`"));
}

#[wasm_bindgen_test]
fn context_columns_are_told_and_set_and_the_workforce_summary_is_written() {
    let csv = b"Position Title,Team,Grade,FTE\nSupport Worker,Physiotherapy,XR03,0.5\nPorter,Estates,XR02,1\n";
    let mut bulk = open(csv, "esr.csv");
    let read = js_sys::Array::from(&bulk.context_columns().expect("columns"));
    let fields: Vec<String> = read
        .iter()
        .map(|c| get(&c, "field").as_string().unwrap_or_default())
        .collect();
    assert_eq!(fields, ["Grade", "Department", "FTE"]);
    assert_eq!(get(&read.get(1), "column").as_f64(), Some(1.0));
    assert_eq!(
        get(&read.get(1), "label").as_string().as_deref(),
        Some("Team")
    );
    assert_eq!(Bulk::context_fields().len(), 7);
    bulk.match_next(10);
    let workforce = bulk.workforce().expect("finished");
    assert_eq!(get(&workforce, "total.headcount").as_f64(), Some(2.0));
    assert_eq!(get(&workforce, "total.fte").as_f64(), Some(1.5));
    assert_eq!(get(&workforce, "hasFte").as_bool(), Some(true));
    let file = String::from_utf8(bulk.workforce_file(false).expect("csv")).unwrap_or_default();
    assert!(
        file.starts_with(
            "standard_role_id,standard_role_title,profession,level,band,headcount,fte,"
        ),
        "{file}"
    );
    assert!(bulk
        .workforce_file(true)
        .expect("xlsx")
        .starts_with(b"PK\x03\x04"));

    // Only the grade, by a person's choice: matching starts over; the FTE is gone.
    let set: JsValue = js_sys::JSON::parse(r#"[{ "field": "Grade", "column": 2 }]"#).expect("json");
    bulk.set_context_columns(set).expect("set");
    assert!(bulk.workforce().is_err(), "matching starts over");
    assert_eq!(
        js_sys::Array::from(&bulk.context_columns().expect("columns")).length(),
        1
    );
    bulk.match_next(10);
    assert_eq!(
        get(&bulk.workforce().expect("done"), "hasFte").as_bool(),
        Some(false)
    );
    let bad: JsValue =
        js_sys::JSON::parse(r#"[{ "field": "Salary", "column": 2 }]"#).expect("json");
    let e = bulk.set_context_columns(bad).expect_err("refused");
    assert!(message(e).contains("`Salary` is not a column"));
    assert!(bulk
        .set_context_columns(JsValue::from_str("grade"))
        .is_err());
}

#[wasm_bindgen_test]
fn saved_mappings_the_engine_refuses_are_set_aside_by_title() {
    let csv = "title,role_id,band\nGym Buddy,exercise-rehabilitation.senior-support-worker,4\nPorter,no-such-role,\n";
    let checked = check_local_mappings(csv, "your saved decisions").expect("a table");
    assert_eq!(get(&checked, "accepted").as_f64(), Some(1.0));
    let set_aside = js_sys::Array::from(&get(&checked, "setAside"));
    assert_eq!(set_aside.length(), 1);
    assert_eq!(
        get(&set_aside.get(0), "title").as_string().as_deref(),
        Some("Porter")
    );
    assert_eq!(get(&set_aside.get(0), "line").as_f64(), Some(3.0));
    let message = get(&set_aside.get(0), "message")
        .as_string()
        .unwrap_or_default();
    assert!(
        message.starts_with("your saved decisions line 3: unknown role id"),
        "{message}"
    );
    assert!(check_local_mappings("role_id\nx\n", "f").is_err());
}

#[wasm_bindgen_test]
fn titles_tell_out_of_scope_from_unrecognised_and_mark_decisions() {
    let csv = "Job Title\nHospital porter\nGym Buddy\nZqx\nWard Manager\nOTA\n";
    let mappings =
        "title,role_id\nWard Manager,none\nOTA,occupational-therapy.senior-support-worker\n";
    let mut bulk = Bulk::new(
        csv.as_bytes().to_vec(),
        "t.csv",
        None,
        Some(mappings.into()),
        None,
        JsValue::NULL,
    )
    .expect("opens");
    bulk.match_next(10);
    let titles = js_sys::Array::from(&bulk.titles().expect("titles"));
    let flags: Vec<(String, bool, bool)> = titles
        .iter()
        .map(|t| {
            (
                get(&t, "title").as_string().unwrap_or_default(),
                get(&t, "outOfScope").as_bool().unwrap_or_default(),
                get(&t, "decidedByPerson").as_bool().unwrap_or_default(),
            )
        })
        .collect();
    let want = [
        ("Hospital porter", true, false),
        ("Gym Buddy", false, false),
        ("Zqx", false, false),
        ("Ward Manager", false, true),
        ("OTA", false, true),
    ];
    let want: Vec<(String, bool, bool)> = want
        .iter()
        .map(|&(t, o, d)| (t.to_string(), o, d))
        .collect();
    assert_eq!(flags, want);
}

#[wasm_bindgen_test]
fn applied_mappings_use_the_rows_accepted_and_return_the_rest() {
    let mut bulk = open(b"Job Title\nGym Buddy\nPorter\n", "t.csv");
    let csv = "title,role_id\nGym Buddy,exercise-rehabilitation.senior-support-worker\nPorter,no-such-role\n,none\n";
    let set_aside = js_sys::Array::from(
        &bulk
            .apply_local_mappings(csv, "your saved decisions")
            .expect("a table"),
    );
    let titles: Vec<String> = set_aside
        .iter()
        .map(|s| get(&s, "title").as_string().unwrap_or_default())
        .collect();
    assert_eq!(titles, ["Porter", ""]);
    bulk.match_next(10);
    let first = js_sys::Array::from(&bulk.titles().expect("titles")).get(0);
    assert_eq!(get(&first, "decidedByPerson").as_bool(), Some(true));
    assert!(bulk.apply_local_mappings("name\nx\n", "f").is_err());
}

#[wasm_bindgen_test]
fn a_workbook_streams_in_turn_in_the_browser_byte_for_byte() {
    // One thread here: each run of rows is read and matched as the editor comes to it.
    use role_standardiser::{clean_workbook, Matcher, Options, SheetOut};
    for (name, bytes) in [
        ("staff.xlsx", &include_bytes!("fixtures/staff.xlsx")[..]),
        (
            "openpyxl.xlsx",
            &include_bytes!("fixtures/openpyxl.xlsx")[..],
        ),
    ] {
        let options = Options::default();
        let mut whole =
            role_standardiser::Bulk::open(bytes.to_vec(), name, &options, Matcher::builtin())
                .expect("opens");
        whole.match_next(usize::MAX);
        let expected = whole.to_xlsx().expect("writes");
        for rows in [1, 3, 8192] {
            let out = SheetOut::Workbook(std::io::Cursor::new(Vec::new()));
            let (s, w) = clean_workbook(
                bytes.to_vec(),
                name,
                &options,
                Matcher::builtin(),
                out,
                rows,
                &mut |_, _| {},
            )
            .unwrap_or_else(|e| panic!("{name} streams: {e:?}"));
            assert!(
                w.map(|w| w.into_inner()) == Some(expected.clone()),
                "{name}, runs of {rows}"
            );
            assert_eq!(s.summary, whole.summary(), "{name}, runs of {rows}");
        }
    }
}
