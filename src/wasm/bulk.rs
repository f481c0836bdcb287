//! The bulk page's WebAssembly API (`www/pkg-bulk/`, feature `bulk`): `Bulk` over
//! [`crate::Bulk`], and the local mappings format read and written for the page
//! (`parseLocalMappings`, `localMappingsCsv`), so that the page and the command line accept and
//! refuse the same files with the same messages. Results cross as the same plain objects as the
//! lookup API.

use super::convert::{js_error, matcher, to_js};
use crate::bulk::{Bulk as Core, Title};
use crate::matcher::Matcher;
use crate::result::MatchResult;
use crate::vocab::write_local_csv;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A distinct title of the sheet, its row count and its result. */
export interface BulkTitle { title: string; rows: number; result: MatchResult; }
/** One local mapping: a title, the standard role id it maps to, a band it fixes ("" for none), and its line in the file it came from. */
export interface LocalMapping { title: string; roleId: string; band: string; line?: number; }
/** Row counts over the titles matched so far; rows with no role or band are left out of byProfession and byBand. */
export interface BulkSummary {
  rows: number; matched: number; review: number; noMatch: number;
  byProfession: Record<string, number>; byBand: Record<string, number>;
}
"#;

/// A spreadsheet being cleaned in the page.
#[wasm_bindgen]
pub struct Bulk(Core);

#[derive(Serialize)]
struct TitleResult<'a> {
    title: &'a str,
    rows: usize,
    result: &'a MatchResult,
}

#[wasm_bindgen]
impl Bulk {
    /// Opens CSV or XLSX bytes (format by content); `sheet` picks an XLSX sheet, else the first;
    /// `localMappingsCsv` is a `title,role_id[,band]` CSV; `titleColumn` names the title column's
    /// header, else it is found from the header. Throws with a message saying what is wrong
    /// (empty, not a spreadsheet, damaged workbook, zip bomb, over 512 MB, no title column).
    #[wasm_bindgen(constructor)]
    pub fn new(
        bytes: &[u8],
        #[wasm_bindgen(js_name = fileName)] file_name: &str,
        sheet: Option<String>,
        #[wasm_bindgen(js_name = localMappingsCsv)] local_mappings_csv: Option<String>,
        #[wasm_bindgen(js_name = titleColumn)] title_column: Option<String>,
    ) -> Result<Bulk, JsError> {
        let matcher = matcher(local_mappings_csv.as_deref())?;
        Core::open_with_column(
            bytes,
            file_name,
            sheet.as_deref(),
            title_column.as_deref(),
            matcher,
        )
        .map(Bulk)
        .map_err(js_error)
    }

    /// The header of a file's sheet (the first unless `sheet` is named), matching nothing: the
    /// columns to choose the title column from when it cannot be found by its name.
    #[wasm_bindgen(js_name = readHeader)]
    pub fn read_header(
        bytes: &[u8],
        #[wasm_bindgen(js_name = fileName)] file_name: &str,
        sheet: Option<String>,
    ) -> Result<Vec<String>, JsError> {
        Core::read_header(bytes, file_name, sheet.as_deref()).map_err(js_error)
    }

    /// `"csv"` or `"xlsx"`.
    #[wasm_bindgen(getter, unchecked_return_type = "\"csv\" | \"xlsx\"")]
    pub fn format(&self) -> String {
        self.0.format().id().to_string()
    }

    /// Sheet names (a CSV has one, its file name).
    pub fn sheets(&self) -> Vec<String> {
        self.0.sheets().to_vec()
    }

    /// The sheet in use.
    #[wasm_bindgen(getter)]
    pub fn sheet(&self) -> String {
        self.0.sheet().to_string()
    }

    /// The header cells as text.
    pub fn header(&self) -> Vec<String> {
        self.0.header().to_vec()
    }

    /// Data rows (the header not counted).
    #[wasm_bindgen(getter)]
    pub fn rows(&self) -> usize {
        self.0.rows()
    }

    /// The title column, 0-based.
    #[wasm_bindgen(getter, js_name = titleColumn)]
    pub fn title_column(&self) -> usize {
        self.0.title_column()
    }

    /// Uses another title column: distinct titles are found again and matching starts over.
    /// Throws when out of range.
    #[wasm_bindgen(setter, js_name = titleColumn)]
    pub fn set_title_column(&mut self, column: usize) -> Result<(), JsError> {
        self.0.set_title_column(column).map_err(js_error)
    }

    /// File lines of rows whose width differs from the header's (kept, padded).
    #[wasm_bindgen(unchecked_return_type = "number[]")]
    pub fn ragged(&self) -> Result<JsValue, JsError> {
        to_js(&self.0.ragged())
    }

    /// How many distinct titles the title column holds.
    #[wasm_bindgen(getter, js_name = distinctCount)]
    pub fn distinct_count(&self) -> usize {
        self.0.distinct_count()
    }

    /// Matches up to `n` more distinct titles; returns how many are done so far.
    #[wasm_bindgen(js_name = matchNext)]
    pub fn match_next(&mut self, n: usize) -> usize {
        self.0.match_next(n)
    }

    /// Rebuilds the engine with these local mappings (`title,role_id[,band]`) and starts
    /// matching over. Throws with the file line at fault on a bad CSV.
    #[wasm_bindgen(js_name = setLocalMappings)]
    pub fn set_local_mappings(&mut self, csv: &str) -> Result<(), JsError> {
        self.0.set_matcher(matcher(Some(csv))?);
        Ok(())
    }

    /// Distinct titles matched so far, first seen first, with row counts and results.
    #[wasm_bindgen(unchecked_return_type = "BulkTitle[]")]
    pub fn titles(&self) -> Result<JsValue, JsError> {
        let list: Vec<TitleResult<'_>> = self
            .0
            .titles()
            .iter()
            .zip(self.0.results())
            .map(|(t, result): (&Title, _)| TitleResult {
                title: &t.title,
                rows: t.rows,
                result,
            })
            .collect();
        to_js(&list)
    }

    /// Row counts over the titles matched so far.
    #[wasm_bindgen(unchecked_return_type = "BulkSummary")]
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&self.0.summary())
    }

    /// All standard roles, as `Standardiser.roles()`.
    #[wasm_bindgen(unchecked_return_type = "Role[]")]
    pub fn roles(&self) -> Result<JsValue, JsError> {
        to_js(self.0.matcher().taxonomy().roles())
    }

    /// The cleaned sheet as CSV bytes. Throws until matching is finished.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> Result<Vec<u8>, JsError> {
        self.0.to_csv().map_err(js_error)
    }

    /// The cleaned sheet as XLSX bytes. Throws until matching is finished, or over Excel's row
    /// limit.
    #[wasm_bindgen(js_name = toXlsx)]
    pub fn to_xlsx(&self) -> Result<Vec<u8>, JsError> {
        self.0.to_xlsx().map_err(js_error)
    }
}

/// A local mapping as the page holds it.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Mapping {
    title: String,
    role_id: String,
    #[serde(default)]
    band: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

/// Reads and validates a local mappings CSV (`title,role_id[,band]`) exactly as the command line's
/// `--mappings` does: the mappings in file order, one per title. Throws with the file name, line
/// and problem on a file the engine refuses.
#[wasm_bindgen(js_name = parseLocalMappings, unchecked_return_type = "LocalMapping[]")]
pub fn parse_local_mappings(
    csv: &str,
    #[wasm_bindgen(js_name = fileName)] file_name: &str,
) -> Result<JsValue, JsError> {
    let matcher = Matcher::builtin()
        .with_local_csv(csv, file_name)
        .map_err(js_error)?;
    let taxonomy = matcher.taxonomy();
    let list: Vec<Mapping> = matcher
        .local()
        .entries()
        .iter()
        .map(|e| Mapping {
            title: e.title.clone(),
            role_id: taxonomy.role(e.role).id.clone(),
            band: e.band.map(|b| b.to_string()).unwrap_or_default(),
            line: Some(e.line),
        })
        .collect();
    to_js(&list)
}

/// The local mappings CSV of the page's mappings (`title`, `roleId`, `band` of 1 to 9 or ""), in
/// the one format the command line, the widget and this page read. Throws on a mapping that is
/// not an object of those fields or a band that is not 1 to 9.
#[wasm_bindgen(js_name = localMappingsCsv)]
pub fn local_mappings_csv(
    #[wasm_bindgen(unchecked_param_type = "LocalMapping[]")] mappings: JsValue,
) -> Result<String, JsError> {
    let list: Vec<Mapping> = serde_wasm_bindgen::from_value(mappings)?;
    let mut rows = Vec::with_capacity(list.len());
    for m in &list {
        let band = match m.band.as_str() {
            "" => None,
            b => match b.parse::<u8>() {
                Ok(b @ 1..=9) => Some(b),
                _ => {
                    let message = format!("the band `{b}` of `{}` is not 1 to 9", m.title);
                    return Err(JsError::new(&message));
                }
            },
        };
        rows.push((m.title.as_str(), m.role_id.as_str(), band));
    }
    Ok(write_local_csv(rows.into_iter()))
}
