//! The lookup engine's WebAssembly API (`www/pkg/`): `Standardiser` over [`Matcher`].

use super::convert::{matcher, to_js};
use crate::matcher::{Matcher, Row};
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
  band: { value: number; source: "stated" | "typical" | "local" | "recorded"; max?: number } | null;
  alternatives: { role: RoleRef; confidence: number }[];
  qualifiers: { kind: string; value: string }[];
  explanation: {
    normalised: string; qualifiers: string[]; matched: string; reason: string;
    /** The result in plain English, for a person: what the widget shows. */
    summary: string;
    corrected?: string[]; unrecognised?: string[]; factors?: string[]; band_note?: string;
  };
  /** From `matchRow` given an occupation code, with a role. */
  code_check?: "agrees" | "differs";
  /** From `matchRow`: the row's cells that informed the answer, as `Field=value`. */
  context?: string[];
}
/** Display names of professions and levels, by id. */
export interface Names { professions: { id: string; name: string }[]; levels: { id: string; name: string }[]; }
/** A spreadsheet row's cells for `matchRow`; all but `title` may be left out. */
export interface RowInput {
  title: string; grade?: string; occupationCode?: string; areaOfWork?: string;
  jobRole?: string; staffGroup?: string; department?: string;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// What `matchRow` is given: a row's cells by field, read as the object's properties.
    #[wasm_bindgen(typescript_type = "RowInput")]
    pub type RowInput;
    #[wasm_bindgen(method, getter, structural)]
    fn title(this: &RowInput) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn grade(this: &RowInput) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = occupationCode)]
    fn occupation_code(this: &RowInput) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = areaOfWork)]
    fn area_of_work(this: &RowInput) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = jobRole)]
    fn job_role(this: &RowInput) -> JsValue;
    #[wasm_bindgen(method, getter, structural, js_name = staffGroup)]
    fn staff_group(this: &RowInput) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn department(this: &RowInput) -> JsValue;
}

/// The engine, built once (about 2 ms in Chromium), then used for every lookup.
#[wasm_bindgen]
pub struct Standardiser(Matcher);

impl Standardiser {
    /// `r` with its plain-English summary filled.
    fn summarised(&self, mut r: crate::MatchResult) -> crate::MatchResult {
        self.0.summarise(&mut r);
        r
    }
}

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
        to_js(&self.summarised(self.0.match_title(title)))
    }

    /// The result for a spreadsheet row: its title, with its grade, occupation code, area of
    /// work, job role, staff group and department as evidence (`Matcher::match_row`; a cell
    /// that is not a string is empty). Throws on a value that is not an object.
    #[wasm_bindgen(js_name = matchRow, unchecked_return_type = "MatchResult")]
    pub fn match_row(&self, row: &RowInput) -> Result<JsValue, JsError> {
        if !row.is_object() {
            return Err(JsError::new(
                "matchRow: give an object such as { title: 'OTA' }",
            ));
        }
        // A cell that is not a string (a number, null, left out) is empty.
        let text = |v: JsValue| v.as_string().unwrap_or_default();
        let cells = [
            text(row.title()),
            text(row.grade()),
            text(row.occupation_code()),
            text(row.area_of_work()),
            text(row.job_role()),
            text(row.staff_group()),
            text(row.department()),
        ];
        let [title, grade, occupation_code, area_of_work, job_role, staff_group, department] =
            cells.each_ref().map(String::as_str);
        to_js(&self.summarised(self.0.match_row(&Row {
            title,
            grade,
            occupation_code,
            area_of_work,
            job_role,
            staff_group,
            department,
        })))
    }

    /// Results for many titles, in input order.
    #[wasm_bindgen(js_name = matchMany, unchecked_return_type = "MatchResult[]")]
    pub fn match_many(&self, titles: Vec<String>) -> Result<JsValue, JsError> {
        let results: Vec<_> = (self.0.match_many(&titles).into_iter())
            .map(|r| self.summarised(r))
            .collect();
        to_js(&results)
    }

    /// Up to `k` type-ahead suggestions for a title being typed, best first, one per role.
    #[wasm_bindgen(unchecked_return_type = "MatchResult[]")]
    pub fn suggest(&self, text: &str, k: usize) -> Result<JsValue, JsError> {
        to_js(&self.0.suggest(text, k))
    }

    /// The result of choosing a standard role by id (a prefilled form value): `matched`, the
    /// role's typical band; `undefined` for an unknown id.
    #[wasm_bindgen(js_name = forRole, unchecked_return_type = "MatchResult | undefined")]
    pub fn for_role(&self, id: &str) -> Result<JsValue, JsError> {
        match self.0.for_role(id) {
            Some(r) => to_js(&r),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Display names: `{ professions: [{ id: "multi-therapy", name: "Therapy and rehabilitation
    /// (multi-professional)" }, ...], levels: [...] }`, for showing a result without ids.
    #[wasm_bindgen(unchecked_return_type = "Names")]
    pub fn names(&self) -> Result<JsValue, JsError> {
        to_js(&self.0.taxonomy().names())
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
