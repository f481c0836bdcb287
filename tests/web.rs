//! The WebAssembly API in headless Chromium:
//! `CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test --target wasm32-unknown-unknown --test web`. Compiles to nothing natively.
#![cfg(target_arch = "wasm32")]

use role_standardiser::wasm::{RowInput, Standardiser};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, key| {
        js_sys::Reflect::get(&v, &JsValue::from_str(key)).expect("property readable")
    })
}

fn engine() -> Standardiser {
    Standardiser::new(None).expect("built-in mappings parse")
}

#[wasm_bindgen_test]
fn match_returns_the_spec_object() {
    let r = engine().match_title("Physio Asst B3").expect("serializes");
    assert!(r.is_object() && !r.is_instance_of::<js_sys::Map>());
    assert_eq!(
        get(&r, "input").as_string().as_deref(),
        Some("Physio Asst B3")
    );
    assert_eq!(get(&r, "status").as_string().as_deref(), Some("matched"));
    assert_eq!(
        get(&r, "role.id").as_string().as_deref(),
        Some("physiotherapy.senior-support-worker")
    );
    assert_eq!(get(&r, "band.value").as_f64(), Some(3.0));
    assert_eq!(
        get(&r, "band.source").as_string().as_deref(),
        Some("stated")
    );
    assert!(js_sys::Array::is_array(&get(&r, "alternatives")));
    assert!(get(&r, "explanation.normalised").is_string());
}

#[wasm_bindgen_test]
fn no_match_has_null_role_and_band() {
    let r = engine().match_title("Physiotherapist").expect("serializes");
    assert_eq!(get(&r, "status").as_string().as_deref(), Some("no-match"));
    assert!(get(&r, "role").is_null());
    assert!(get(&r, "band").is_null());
}

#[wasm_bindgen_test]
fn match_many_keeps_input_order() {
    let titles = vec!["OTA".to_string(), "".to_string(), "Rehab SW".to_string()];
    let r: js_sys::Array = engine()
        .match_many(titles)
        .expect("serializes")
        .unchecked_into();
    assert_eq!(r.length(), 3);
    assert_eq!(
        get(&r.get(0), "role.id").as_string().as_deref(),
        Some("occupational-therapy.senior-support-worker")
    );
    assert_eq!(
        get(&r.get(1), "status").as_string().as_deref(),
        Some("no-match")
    );
    assert_eq!(
        get(&r.get(2), "role.id").as_string().as_deref(),
        Some("multi-therapy.support-worker")
    );
}

#[wasm_bindgen_test]
fn suggest_completes_a_half_typed_title() {
    let r: js_sys::Array = engine()
        .suggest("physio as", 5)
        .expect("serializes")
        .unchecked_into();
    assert!(r.length() >= 1 && r.length() <= 5);
    let ids: Vec<String> = r
        .iter()
        .filter_map(|x| get(&x, "role.id").as_string())
        .collect();
    assert!(
        ids.iter()
            .any(|id| id == "physiotherapy.senior-support-worker"),
        "{ids:?}"
    );
    let empty: js_sys::Array = engine()
        .suggest("", 5)
        .expect("serializes")
        .unchecked_into();
    assert_eq!(empty.length(), 0);
}

#[wasm_bindgen_test]
fn roles_lists_every_standard_role() {
    let r: js_sys::Array = engine().roles().expect("serializes").unchecked_into();
    assert!(r.length() >= 50);
    assert!(get(&r.get(0), "id").is_string());
    assert!(get(&r.get(0), "band").as_f64().is_some());
}

#[wasm_bindgen_test]
fn local_mappings_win_and_bad_ones_throw() {
    let s = Standardiser::new(Some(
        "title,role_id\nRSW,multi-therapy.support-worker\n".into(),
    ))
    .expect("valid local mappings");
    let r = s.match_title("rsw").expect("serializes");
    assert_eq!(
        get(&r, "role.id").as_string().as_deref(),
        Some("multi-therapy.support-worker")
    );
    assert!(s
        .local_mappings_csv()
        .contains("RSW,multi-therapy.support-worker"));
    assert!(Standardiser::new(Some("title,role_id\nX,no.such-role\n".into())).is_err());
}

#[wasm_bindgen_test]
fn match_row_reads_the_row_and_throws_on_what_is_not_a_row() {
    let row = js_sys::Object::new();
    for (key, value) in [
        ("title", "Support Worker"),
        ("areaOfWork", "Physiotherapy"),
        ("grade", "XR03"),
        ("occupationCode", "S1E"),
    ] {
        js_sys::Reflect::set(&row, &JsValue::from_str(key), &JsValue::from_str(value))
            .expect("settable");
    }
    let r = engine()
        .match_row(row.unchecked_ref::<RowInput>())
        .expect("a row");
    assert_eq!(
        get(&r, "role.id").as_string().as_deref(),
        Some("physiotherapy.support-worker")
    );
    assert_eq!(
        get(&r, "band.source").as_string().as_deref(),
        Some("recorded")
    );
    assert_eq!(
        get(&r, "code_check").as_string().as_deref(),
        Some("differs")
    );
    let context: js_sys::Array = get(&r, "context").unchecked_into();
    assert_eq!(context.length(), 3);
    // Only a title: the same as match; not an object: a clear error.
    let only = js_sys::Object::new();
    js_sys::Reflect::set(&only, &"title".into(), &"OTA".into()).expect("settable");
    let r = engine()
        .match_row(only.unchecked_ref::<RowInput>())
        .expect("a row");
    assert!(get(&r, "code_check").is_undefined() && get(&r, "context").is_undefined());
    let three = JsValue::from_f64(3.0);
    let err = engine()
        .match_row(three.unchecked_ref::<RowInput>())
        .err()
        .expect("throws");
    let message = JsValue::from(err);
    let text = get(&message, "message").as_string().unwrap_or_default();
    assert!(text.starts_with("matchRow:"), "{text}");
}

#[wasm_bindgen_test]
fn results_carry_their_plain_english_summary() {
    let e = engine();
    let r = e.match_title("Physio Asst B3").expect("serializes");
    assert_eq!(
        get(&r, "explanation.summary").as_string().as_deref(),
        Some("Physiotherapy Senior Support Worker, band 3 as the title states.")
    );
    let s = e.suggest("Support worker", 4).expect("serializes");
    let first = js_sys::Array::from(&s).get(0);
    let summary = get(&first, "explanation.summary")
        .as_string()
        .unwrap_or_default();
    assert!(
        summary.starts_with("Needs a look: the title names no profession"),
        "{summary}"
    );
}

#[wasm_bindgen_test]
fn for_role_and_names_serve_a_prefilled_form() {
    let e = engine();
    let r = e.for_role("podiatry.support-worker").expect("serializes");
    assert_eq!(get(&r, "status").as_string().as_deref(), Some("matched"));
    assert_eq!(
        get(&r, "input").as_string().as_deref(),
        Some("Podiatry Support Worker")
    );
    assert!(e
        .for_role("no.such-role")
        .expect("serializes")
        .is_undefined());
    let names = e.names().expect("serializes");
    let professions = js_sys::Array::from(&get(&names, "professions"));
    assert_eq!(professions.length(), 16);
    let multi = professions
        .iter()
        .find(|p| get(p, "id").as_string().as_deref() == Some("multi-therapy"))
        .expect("multi-therapy named");
    assert_eq!(
        get(&multi, "name").as_string().as_deref(),
        Some("Therapy and rehabilitation (multi-professional)")
    );
}
