//! The lookup engine's WebAssembly API (`www/pkg/`): `Standardiser` over [`Matcher`].

use super::convert::{matcher, to_js};
use crate::matcher::Matcher;
use wasm_bindgen::prelude::*;

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

/// The engine, built once (about 2 ms in Chromium), then used for every lookup.
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
