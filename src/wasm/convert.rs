//! What crosses the boundary: results as plain JavaScript objects, failures as `JsError`s.

use crate::error::Error;
use crate::matcher::Matcher;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Serializes as plain JS objects; `None` becomes `null` (SPEC: `role` is null on no-match).
pub(super) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    Ok(value.serialize(&serializer)?)
}

/// The engine's error as a JavaScript error with its one-line message.
pub(super) fn js_error(e: Error) -> JsError {
    JsError::new(&e.to_string())
}

/// The built-in matcher, with a local mappings CSV (`title,role_id[,band]`) if given.
pub(super) fn matcher(local_mappings_csv: Option<&str>) -> Result<Matcher, JsError> {
    let matcher = Matcher::builtin();
    match local_mappings_csv {
        Some(csv) => matcher
            .with_local_csv(csv, "local mappings")
            .map_err(js_error),
        None => Ok(matcher),
    }
}
