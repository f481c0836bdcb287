//! The lookup WebAssembly API (`src/wasm_bulk.rs` is the bulk page's): with it, the only files that
//! import `wasm_bindgen`.
//!
//! A thin binding over [`Matcher`]: every result crosses as the plain SPEC result object
//! (serialized with maps as objects and missing values as `null`), every failure as a `JsError`
//! whose message says what to fix.

use crate::{MappingError, Matcher};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Serializes as plain JS objects; `None` becomes `null` (SPEC: `role` is null on no-match).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    Ok(value.serialize(&serializer)?)
}

pub(crate) fn js_error(e: MappingError) -> JsError {
    JsError::new(&e.to_string())
}

/// The built-in matcher, with a local mappings CSV (`title,role_id[,band]`) if given.
pub(crate) fn matcher(local_mappings_csv: Option<&str>) -> Result<Matcher, JsError> {
    let matcher = Matcher::builtin().map_err(js_error)?;
    match local_mappings_csv {
        Some(csv) => matcher
            .with_local_csv(csv, "local mappings")
            .map_err(js_error),
        None => Ok(matcher),
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A standard role as it appears in a result. */
export interface RoleRef {
  id: string; title: string; profession: string; level: string; career_level: number;
  nhs_occupation_code?: string; soc2020?: string;
}
/** A standard role as `roles()` lists it. */
export interface Role {
  id: string; title: string; profession: string; level: string; band: number;
  career_level: number; nhs_occupation_code: string | null; soc2020: string | null; source: string;
}
/** The one result shape of SPEC.md. */
export interface MatchResult {
  input: string;
  status: "matched" | "review" | "no-match";
  confidence: number;
  role: RoleRef | null;
  band: { value: number; source: "stated" | "typical" | "local"; max?: number } | null;
  alternatives: { role: RoleRef; confidence: number }[];
  qualifiers: { kind: string; value: string }[];
  explanation: {
    normalised: string; qualifiers: string[]; matched: string; reason: string;
    corrected?: string[]; unrecognised?: string[];
  };
}
"#;

/// The engine, built once (about a millisecond), then used for every lookup.
#[wasm_bindgen]
pub struct Standardiser(Matcher);

#[wasm_bindgen]
impl Standardiser {
    /// Builds the engine over the built-in mappings, plus a local mappings CSV
    /// (`title,role_id[,band]`) if given. Throws with the file line at fault on a bad CSV.
    #[wasm_bindgen(constructor)]
    pub fn new(local_mappings_csv: Option<String>) -> Result<Standardiser, JsError> {
        matcher(local_mappings_csv.as_deref()).map(Standardiser)
    }

    /// The result for one title.
    #[wasm_bindgen(js_name = match, unchecked_return_type = "MatchResult")]
    pub fn match_title(&self, title: &str) -> Result<JsValue, JsError> {
        to_js(&self.0.match_title(title))
    }

    /// Results for many titles, in input order.
    #[wasm_bindgen(js_name = matchMany, unchecked_return_type = "MatchResult[]")]
    pub fn match_many(&self, titles: Vec<String>) -> Result<JsValue, JsError> {
        to_js(&self.0.match_many(&titles))
    }

    /// Up to `k` type-ahead suggestions for a title being typed, best first, one per role.
    #[wasm_bindgen(unchecked_return_type = "MatchResult[]")]
    pub fn suggest(&self, text: &str, k: usize) -> Result<JsValue, JsError> {
        to_js(&self.0.suggest(text, k))
    }

    /// All standard roles.
    #[wasm_bindgen(unchecked_return_type = "Role[]")]
    pub fn roles(&self) -> Result<JsValue, JsError> {
        to_js(self.0.taxonomy().roles())
    }

    /// The local mappings in force, as a `title,role_id,band` CSV.
    #[wasm_bindgen(js_name = localMappingsCsv)]
    pub fn local_mappings_csv(&self) -> String {
        self.0.local().to_csv(self.0.taxonomy())
    }
}
