//! The bulk page's WebAssembly API in headless Chromium (scripts/test-web.sh runs it with
//! `--features bulk`). Compiles to nothing natively or without the feature.
#![cfg(all(target_arch = "wasm32", feature = "bulk"))]

use role_standardiser::wasm::{local_mappings_csv, parse_local_mappings, Bulk};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, key| {
        js_sys::Reflect::get(&v, &JsValue::from_str(key)).expect("property readable")
    })
}

const CSV: &[u8] = b"Id,Job Title\n1,Physio Asst B3\n2,Porter\n3,Physio Asst B3\n4,=cmd\n";

#[wasm_bindgen_test]
fn opens_matches_step_by_step_and_writes_csv_and_xlsx() {
    let mut bulk = Bulk::new(CSV, "staff.csv", None, None, None).expect("opens");
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
    let again = Bulk::new(&xlsx, "out.xlsx", None, None, None).expect("reads its own xlsx");
    assert_eq!(again.format(), "xlsx");
    assert_eq!(again.rows(), 4);
    assert_eq!(again.header().len(), 10);
}

#[wasm_bindgen_test]
fn local_mappings_and_title_column_reset_matching() {
    let mut bulk = Bulk::new(
        CSV,
        "staff.csv",
        None,
        Some("title,role_id\nPorter,multi-therapy.support-worker\n".into()),
        None,
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
}

#[wasm_bindgen_test]
fn bad_input_throws() {
    assert!(Bulk::new(b"", "empty.csv", None, None, None).is_err());
    assert!(Bulk::new(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "a.png", None, None, None).is_err());
    assert!(Bulk::new(b"PK\x03\x04broken", "b.xlsx", None, None, None).is_err());
    assert!(Bulk::new(b"Name\nA\n", "c.csv", None, None, None).is_err());
}

#[wasm_bindgen_test]
fn a_title_column_not_found_by_name_can_be_named() {
    let csv = b"Name,Post held\nA,Physio Asst B3\nB,OTA\n";
    assert!(Bulk::new(csv, "c.csv", None, None, None).is_err());
    assert_eq!(
        Bulk::read_header(csv, "c.csv", None).expect("a header"),
        ["Name", "Post held"]
    );
    let bulk = Bulk::new(csv, "c.csv", None, None, Some("Post held".into())).expect("opens");
    assert_eq!(bulk.title_column(), 1);
    assert_eq!(bulk.distinct_count(), 2);
    assert!(Bulk::new(csv, "c.csv", None, None, Some("Grade".into())).is_err());
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
