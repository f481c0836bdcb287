//! The bulk page's WebAssembly API (`www/pkg-bulk/`, feature `bulk`): `Bulk` over
//! [`crate::Bulk`], and the local mappings format read and written for the page
//! (`parseLocalMappings`, `localMappingsCsv`), so that the page and the command line accept and
//! refuse the same files with the same messages. Results cross as the same plain objects as the
//! lookup API.

use super::convert::{js_error, matcher, to_js};
use crate::bulk::{column_letter, MAX_INPUT_BYTES, MAX_UNCOMPRESSED_BYTES};
use crate::bulk::{Bulk as Core, Header, Options, Stopped, Streamed, Title};
use crate::matcher::Matcher;
use crate::matcher::MAX_TITLE_BYTES;
use crate::result::{MatchResult, Status};
use crate::vocab::write_local_csv;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A distinct title of the sheet (cut at the engine's longest title), its row count, whether it is a formula with no saved value, and its result. */
export interface BulkTitle { title: string; rows: number; uncomputed: boolean; outOfScope: boolean; decidedByPerson: boolean; rowStatus?: { matched: number; review: number; noMatch: number }; summary: string; result: MatchResult; }
/** One local mapping: a title, the standard role id it maps to, a band it fixes ("" for none), and its line in the file it came from. */
export interface LocalMapping { title: string; roleId: string; band: string; line?: number; }
/** A row of local mappings the engine set aside: its title, its line and why. */
export interface SetAside { title: string; line?: number; message: string; }
/** Row counts over the titles matched so far; rows with no role or band are left out of byProfession and byBand. */
export interface BulkSummary {
  rows: number; matched: number; review: number; noMatch: number; uncomputed: number;
  byProfession: Record<string, number>; byBand: Record<string, number>;
}
/** A column read beside the title: what it is read as, its 0-based index, and its label. */
export interface ContextColumn { field: string; column: number; label?: string; }
/** Rows that share a standard role and band (no role: roleId null; the total: "All rows"). */
export interface WorkforceLine {
  roleId: string | null; roleTitle: string | null; profession: string | null; level: string | null; band: number | null;
  headcount: number; fte: number; matched: number; review: number; noMatch: number; decidedByPerson: number; codeAgrees: number; codeDiffers: number;
}
/** The layout of a streamed clean chosen in the page (each found when not given): a workbook's sheet, the title column (0-based), the header row (its number, or "none"). */
export interface StreamLayout { sheet?: string; titleColumn?: number; header?: number | "none" | null; }
/** The worker's side of cleanStream and cleanWorkbook: the file's bytes by range, the output's pieces (views to copy), how far it is (bytes over a CSV's two passes, a workbook's rows). */
export interface StreamIo { read(start: number, end: number): Uint8Array; write(bytes: Uint8Array): void; progress(done: number, total: number): void; }
/** What a streamed clean found: the counts, the workforce summary, distinct titles, the sheet (of its sheets), its columns, header row and title column (its label and why), the columns read beside it, warnings, the input's format and the extension of what it wrote. */
export interface StreamReport { summary: BulkSummary; workforce: Workforce; distinct: number; sheet: string; sheets: string[]; columns: string[]; headerRow?: number; titleColumn: number; column: string; titleReason: string; contextColumns: { field: string; label: string }[]; warnings: string[]; setAside: SetAside[]; titles: number; rowsLeftOut: number; titlesCsv: string; format: "csv" | "xlsx" | "xlsm"; extension: "csv" | "xlsx" | "xlsm"; }
/** The workforce summary of the cleaned sheet. */
export interface Workforce { lines: WorkforceLine[]; total: WorkforceLine; hasFte: boolean; hasCode: boolean; }
"#;

/// A spreadsheet being cleaned in the page.
#[wasm_bindgen]
pub struct Bulk(Core);

/// A column read beside the title.
#[derive(Serialize, Deserialize)]
struct ContextColumn {
    field: String,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    label: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TitleResult<'a> {
    title: &'a str,
    rows: usize,
    uncomputed: bool,
    /// A `no-match` title that reads as another kind of job (a nurse, a manager, a porter): out
    /// of scope, where the other `no-match` titles are unrecognised and a person might map them.
    out_of_scope: bool,
    /// A person's decision (a local mapping) settled it.
    decided_by_person: bool,
    /// Its rows by status once each row's other columns are read (once matching is done).
    #[serde(skip_serializing_if = "Option::is_none")]
    row_status: Option<RowStatus>,
    /// The result in plain English (`Matcher::summarise`).
    summary: String,
    result: &'a MatchResult,
}

/// A title's rows by status, each row's other columns read.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RowStatus {
    matched: usize,
    review: usize,
    no_match: usize,
}

#[wasm_bindgen]
impl Bulk {
    /// Opens CSV or workbook bytes (XLSX, XLSM, XLS, XLSB, ODS; format by content); `sheet` picks
    /// a workbook's sheet, else the first; `localMappingsCsv` is a `title,role_id[,band]` CSV;
    /// `titleColumn` names the title column (its header or letter), else it is found; `header`
    /// is the header's row number, `"none"` for a sheet without one, else it is found. Throws
    /// with a message saying what is wrong (empty, not a spreadsheet, damaged or
    /// password-protected workbook, zip bomb, over 500 MB, no title column).
    #[wasm_bindgen(constructor)]
    pub fn new(
        bytes: Vec<u8>,
        #[wasm_bindgen(js_name = fileName)] file_name: &str,
        sheet: Option<String>,
        #[wasm_bindgen(js_name = localMappingsCsv)] local_mappings_csv: Option<String>,
        #[wasm_bindgen(js_name = titleColumn)] title_column: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "number | \"none\" | null | undefined")]
        header: JsValue,
    ) -> Result<Bulk, JsError> {
        let matcher = matcher(local_mappings_csv.as_deref())?;
        let options = Options {
            sheet,
            column: title_column,
            header: header_of(&header)?,
            ..Options::default()
        };
        Core::open(bytes, file_name, &options, matcher)
            .map(Bulk)
            .map_err(js_error)
    }

    /// The columns of a file's sheet as a person would name them (their headers, or `column C`),
    /// with the header row found or given as in the constructor, matching nothing: the columns to
    /// choose the title column from when it cannot be found.
    #[wasm_bindgen(js_name = readColumns)]
    pub fn read_columns(
        bytes: Vec<u8>,
        #[wasm_bindgen(js_name = fileName)] file_name: &str,
        sheet: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "number | \"none\" | null | undefined")]
        header: JsValue,
    ) -> Result<Vec<String>, JsError> {
        let options = Options {
            sheet,
            column: None,
            header: header_of(&header)?,
            ..Options::default()
        };
        Core::read_columns(bytes, file_name, &options).map_err(js_error)
    }

    /// The input's format: `"csv"`, `"xlsx"`, `"xlsm"`, `"xls"`, `"xlsb"` or `"ods"`.
    #[wasm_bindgen(
        getter,
        unchecked_return_type = "\"csv\" | \"xlsx\" | \"xlsm\" | \"xls\" | \"xlsb\" | \"ods\""
    )]
    pub fn format(&self) -> String {
        self.0.format().id().to_string()
    }

    /// The extension of the workbook `toXlsx` writes: `"xlsm"` for a workbook with macros (kept),
    /// else `"xlsx"`.
    #[wasm_bindgen(getter, js_name = workbookExtension)]
    pub fn workbook_extension(&self) -> String {
        self.0.format().workbook_extension().to_string()
    }

    /// Whether `toXlsx` writes the input's own workbook, everything in it kept (XLSX, XLSM), rather
    /// than a new workbook of the sheet's values.
    #[wasm_bindgen(getter, js_name = keepsWorkbook)]
    pub fn keeps_workbook(&self) -> bool {
        self.0.format().keeps_workbook()
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

    /// The header cells as text (all blank when there is no header).
    pub fn header(&self) -> Vec<String> {
        self.0.header()
    }

    /// Each column as a person would name it: its header, or `column C` when blank.
    pub fn columns(&self) -> Vec<String> {
        self.0.columns()
    }

    /// The header's row number (a CSV's line), or `undefined` when the sheet has none.
    #[wasm_bindgen(getter, js_name = headerRow)]
    pub fn header_row(&self) -> Option<usize> {
        self.0.header_row()
    }

    /// Uses another header row (its number), or none (`"none"`), or finds it (`null`): the title
    /// column is chosen again and matching starts over. Throws on a row that cannot be the header
    /// or when no column then holds titles.
    #[wasm_bindgen(js_name = setHeader)]
    pub fn set_header(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "number | \"none\" | null | undefined")]
        header: JsValue,
    ) -> Result<(), JsError> {
        let header = header_of(&header)?;
        self.0.set_header(header).map_err(js_error)
    }

    /// The sheet's first rows (up to 30) as `{ row, cells }`, `row` as the spreadsheet numbers it:
    /// the rows a header may be chosen from.
    #[wasm_bindgen(js_name = firstRows, unchecked_return_type = "{ row: number, cells: string[] }[]")]
    pub fn first_rows(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        struct Row<'a> {
            row: usize,
            cells: &'a [String],
        }
        let rows: Vec<Row<'_>> = self
            .0
            .first_rows()
            .map(|(row, cells)| Row { row, cells })
            .collect();
        to_js(&rows)
    }

    /// Data rows (the header and any rows above it not counted).
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

    /// Why the title column and header row in use were chosen, in a sentence.
    #[wasm_bindgen(getter, js_name = titleReason)]
    pub fn title_reason(&self) -> String {
        self.0.title_reason().to_string()
    }

    /// The other columns read beside the title, as `{ field, column, label }` (`field` one of
    /// `Bulk.contextFields()`, `column` 0-based), the FTE column last.
    #[wasm_bindgen(getter, js_name = contextColumns, unchecked_return_type = "ContextColumn[]")]
    pub fn context_columns(&self) -> Result<JsValue, JsError> {
        let labels = self.0.context_columns();
        let columns: Vec<ContextColumn> = (self.0.context_column_indexes().into_iter())
            .zip(labels)
            .map(|((field, column), (_, label))| ContextColumn {
                field: field.to_string(),
                column,
                label: Some(label.to_string()),
            })
            .collect();
        to_js(&columns)
    }

    /// What a context column can be read as: `Grade`, `Occupation Code`, `Area of Work`, `Job
    /// Role`, `Staff Group`, `Department`, `FTE`.
    #[wasm_bindgen(js_name = contextFields)]
    pub fn context_fields() -> Vec<String> {
        Core::context_fields()
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// Reads exactly these columns beside the title, each `{ field, column }` (a field of
    /// `contextFields()`, a 0-based column), in place of the ones found; `[]` reads the title
    /// alone. Matching starts over. Throws on an unknown field or a column out of range.
    #[wasm_bindgen(js_name = setContextColumns)]
    pub fn set_context_columns(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "{ field: string, column: number }[]")]
        columns: JsValue,
    ) -> Result<(), JsError> {
        let columns: Vec<ContextColumn> = serde_wasm_bindgen::from_value(columns).map_err(|e| {
            JsError::new(&format!(
                "setContextColumns takes [{{ field, column }}]: {e}"
            ))
        })?;
        let pairs: Vec<(&str, usize)> = columns
            .iter()
            .map(|c| (c.field.as_str(), c.column))
            .collect();
        self.0.set_context_columns(&pairs).map_err(js_error)
    }

    /// The columns the download appends, in order.
    #[wasm_bindgen(getter, js_name = appendedNames)]
    pub fn appended_names(&self) -> Vec<String> {
        self.0
            .appended_names()
            .iter()
            .map(|n| n.to_string())
            .collect()
    }

    /// What the user should know about the input, a sentence each (no header row, bytes that are
    /// not UTF-8, title formulas with no saved value, rows of a different width).
    pub fn warnings(&self) -> Vec<String> {
        self.0.warnings()
    }

    /// File lines of rows whose width differs from the header's (kept, padded).
    #[wasm_bindgen(unchecked_return_type = "number[]")]
    pub fn ragged(&self) -> Result<JsValue, JsError> {
        to_js(&self.0.ragged())
    }

    /// A CSV's delimiter (`","`, `";"`, tab or `"|"`), or `undefined` for a workbook.
    #[wasm_bindgen(getter)]
    pub fn delimiter(&self) -> Option<String> {
        self.0.delimiter().map(String::from)
    }

    /// A CSV's encoding (`"UTF-8"`, `"Windows-1252"`, `"UTF-16 (little endian)"`), in which its
    /// CSV output is written too; `undefined` for a workbook.
    #[wasm_bindgen(getter)]
    pub fn encoding(&self) -> Option<String> {
        self.0.encoding().map(String::from)
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

    /// Rebuilds the engine with the rows of these local mappings it accepts and starts matching
    /// over; returns the rows it set aside (`[{ title, line, message }]`), so that a bad saved
    /// decision never stops a file. One reading of the CSV (100,000 rows: about 0.3 s). Throws
    /// only for a CSV without a `title` and `role_id` header.
    #[wasm_bindgen(js_name = applyLocalMappings, unchecked_return_type = "SetAside[]")]
    pub fn apply_local_mappings(
        &mut self,
        csv: &str,
        #[wasm_bindgen(js_name = fileName)] file_name: &str,
    ) -> Result<JsValue, JsError> {
        let (matcher, refused) = Matcher::builtin()
            .with_local_csv_setting_aside(csv, file_name)
            .map_err(js_error)?;
        self.0.set_matcher(matcher);
        to_js(&set_aside(csv, file_name, &refused))
    }

    /// Distinct titles matched so far, first seen first, with row counts and results.
    #[wasm_bindgen(unchecked_return_type = "BulkTitle[]")]
    pub fn titles(&self) -> Result<JsValue, JsError> {
        let matcher = self.0.matcher();
        let by_row = self.0.row_statuses();
        let list: Vec<TitleResult<'_>> = self
            .0
            .titles()
            .iter()
            .zip(self.0.results())
            .enumerate()
            .map(|(i, (t, result)): (usize, (&Title, &MatchResult))| {
                let decided_by_person = result.decided_by_person();
                TitleResult {
                    title: shown_title(&t.title),
                    rows: t.rows,
                    uncomputed: t.uncomputed,
                    out_of_scope: result.status == Status::NoMatch
                        && !decided_by_person
                        && matcher.names_a_job(&t.title),
                    decided_by_person,
                    row_status: by_row.get(i).map(|&[matched, review, no_match]| RowStatus {
                        matched,
                        review,
                        no_match,
                    }),
                    summary: crate::summary::summary(matcher.taxonomy(), result),
                    result,
                }
            })
            .collect();
        to_js(&list)
    }

    /// Row counts over the titles matched so far.
    #[wasm_bindgen(unchecked_return_type = "BulkSummary")]
    pub fn summary(&self) -> Result<JsValue, JsError> {
        to_js(&self.0.summary())
    }

    /// The workforce summary: headcount, FTE and rows by status and `code_check`, by standard
    /// role and band. Throws until matching is finished.
    #[wasm_bindgen(unchecked_return_type = "Workforce")]
    pub fn workforce(&self) -> Result<JsValue, JsError> {
        to_js(&self.0.workforce().map_err(js_error)?)
    }

    /// The workforce summary as CSV bytes (`xlsx` false) or an XLSX workbook. Throws until
    /// matching is finished.
    #[wasm_bindgen(js_name = workforceFile)]
    pub fn workforce_file(&self, xlsx: bool) -> Result<Vec<u8>, JsError> {
        let workforce = self.0.workforce().map_err(js_error)?;
        match xlsx {
            true => workforce.to_xlsx().map_err(js_error),
            false => Ok(workforce.to_csv()),
        }
    }

    /// The ids of up to `k` standard roles for text typed in a role picker, best first: the
    /// lookup's type-ahead suggestions (`Standardiser.suggest`), well under a millisecond.
    #[wasm_bindgen(js_name = suggestRoles)]
    pub fn suggest_roles(&self, text: &str, k: usize) -> Vec<String> {
        self.0
            .matcher()
            .suggest(text, k)
            .into_iter()
            .filter_map(|r| r.role.map(|role| role.id))
            .collect()
    }

    /// Display names of professions and levels by id, as `Standardiser.names()`.
    #[wasm_bindgen(unchecked_return_type = "Names")]
    pub fn names(&self) -> Result<JsValue, JsError> {
        to_js(&self.0.matcher().taxonomy().names())
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

    /// The cleaned sheet as a workbook: an XLSX or XLSM input's own package with only the cleaned
    /// sheet changed, else a new XLSX. Throws until matching is finished, or over Excel's limits.
    #[wasm_bindgen(js_name = toXlsx)]
    pub fn to_xlsx(&self) -> Result<Vec<u8>, JsError> {
        self.0.to_xlsx().map_err(js_error)
    }
}

/// A title as the page is given it: a cell over the engine's longest title is cut there (it is
/// `no-match` unread), so a 100 MB cell does not cross to the page.
fn shown_title(title: &str) -> &str {
    let mut cut = title.len().min(MAX_TITLE_BYTES);
    while !title.is_char_boundary(cut) {
        cut -= 1;
    }
    &title[..cut]
}

/// The largest file the engine reads, in bytes (500 MB): the page refuses larger files before
/// reading them.
#[wasm_bindgen(js_name = maxInputBytes)]
pub fn max_input_bytes() -> usize {
    MAX_INPUT_BYTES
}

/// The most a workbook's parts may declare for it to be opened whole here (1,000 MB): a larger
/// XLSX or XLSM is cleaned as a stream (`streamsAsWorkbook`).
#[wasm_bindgen(js_name = maxOpenedWorkbookBytes)]
pub fn max_opened_workbook_bytes() -> f64 {
    MAX_UNCOMPRESSED_BYTES as f64
}

#[wasm_bindgen]
extern "C" {
    /// The worker's side of a streamed clean ([`clean_stream_js`]).
    #[wasm_bindgen(typescript_type = "StreamIo")]
    pub type StreamIo;
    /// The file's bytes from `start` to `end` (the worker's `FileReaderSync` over a slice).
    #[wasm_bindgen(method, catch)]
    fn read(this: &StreamIo, start: f64, end: f64) -> Result<Vec<u8>, JsValue>;
    /// The next bytes of the output: a view of WebAssembly memory, to be copied.
    #[wasm_bindgen(method, catch)]
    fn write(this: &StreamIo, bytes: &[u8]) -> Result<(), JsValue>;
    /// How far the clean is: `done` of `total` (bytes over a CSV's two passes, the one that
    /// measures and the one that cleans; a workbook's rows).
    #[wasm_bindgen(method)]
    fn progress(this: &StreamIo, done: f64, total: f64);
}

/// The file, read through [`StreamIo::read`] a slice at a time.
struct JsFile {
    io: StreamIo,
    at: f64,
    size: f64,
}

impl std::io::Read for JsFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (buf.len().min(READ_BYTES) as f64).min(self.size - self.at);
        if n <= 0.0 {
            return Ok(0);
        }
        let bytes = (self.io.read(self.at, self.at + n)).map_err(js_io)?;
        let n = bytes.len().min(buf.len());
        buf[..n].copy_from_slice(&bytes[..n]);
        self.at += n as f64;
        Ok(n)
    }
}

/// The output, given to [`StreamIo::write`] in pieces of [`WRITE_BYTES`].
struct JsSink<'a> {
    io: &'a StreamIo,
    buf: Vec<u8>,
}

impl std::io::Write for JsSink<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= WRITE_BYTES {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.io.write(&self.buf).map_err(js_io)?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// The most read from the file at once.
const READ_BYTES: usize = 4 << 20;
/// The output handed to the worker at once: each piece becomes a part of the download's Blob.
const WRITE_BYTES: usize = 4 << 20;

fn js_io(e: JsValue) -> std::io::Error {
    let text = e
        .as_string()
        .or_else(|| js_sys_message(&e))
        .unwrap_or_else(|| "the browser could not read or write the file".into());
    std::io::Error::other(text)
}

/// An `Error`'s message, read with `Reflect`-free wasm-bindgen glue.
fn js_sys_message(e: &JsValue) -> Option<String> {
    e.dyn_ref::<js_sys_error::Error>().map(|e| e.message())
}

mod js_sys_error {
    use wasm_bindgen::prelude::*;
    #[wasm_bindgen]
    extern "C" {
        /// JavaScript's `Error`.
        #[wasm_bindgen(js_name = Error)]
        pub type Error;
        #[wasm_bindgen(method, getter)]
        pub fn message(this: &Error) -> String;
    }
}

/// What a streamed clean found, for the page.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StreamReport<'a> {
    summary: &'a crate::bulk::Summary,
    workforce: &'a crate::bulk::Workforce,
    distinct: usize,
    sheet: &'a str,
    sheets: &'a [String],
    /// Each column as a person names it, to choose the title column from.
    columns: &'a [String],
    header_row: Option<usize>,
    title_column: usize,
    column: &'a str,
    title_reason: &'a str,
    /// What each column beside the title is read as, and its label.
    context_columns: Vec<Labelled<'a>>,
    warnings: &'a [String],
    /// The local mappings (the page's decisions) set aside.
    set_aside: Vec<SetAside>,
    /// Distinct titles as the engine read them, counted (at most `TITLES_KEPT`).
    titles: usize,
    /// Rows whose titles are not among them.
    rows_left_out: usize,
    /// The titles as a CSV (`Job title,Rows,Matched,To review,No match`, most rows first), to
    /// open in the page and review: the decisions then apply to the whole file.
    titles_csv: String,
    /// The input's format: `csv`, `xlsx` or `xlsm`.
    format: &'a str,
    /// The extension of what was written: `csv`, `xlsx` or `xlsm`.
    extension: &'a str,
}

#[derive(Serialize)]
struct Labelled<'a> {
    field: &'a str,
    label: &'a str,
}

/// Whether a file whose first bytes are `head` can be cleaned as a stream: a CSV (not a
/// workbook) in UTF-8 or Windows-1252.
#[wasm_bindgen(js_name = streamsAsCsv)]
pub fn streams_as_csv(head: &[u8]) -> bool {
    crate::bulk::streams(head)
}

/// Cleans a CSV of `size` bytes of any size as a stream, as the command line's `clean` does:
/// read through `io.read` in segments of whole records, matched with `localMappingsCsv` (a
/// `title,role_id[,band]` CSV, the page's decisions: rows it refuses are set aside and
/// returned) and written to `io.write` byte for byte as the whole-file path would;
/// `io.progress` is told the bytes read of both passes. `layout` chooses the title column and
/// the header row, else they are found. Returns the summary, the workforce summary and the
/// layout found. Memory: the results of the texts read lately (two generations of 16,384) and
/// two segments of 8 MB, whatever the file's size. Throws with the command line's messages.
#[wasm_bindgen(js_name = cleanStream, unchecked_return_type = "StreamReport")]
pub fn clean_stream_js(
    io: &StreamIo,
    size: f64,
    #[wasm_bindgen(js_name = fileName)] file_name: &str,
    #[wasm_bindgen(js_name = localMappingsCsv)] local_mappings_csv: Option<String>,
    #[wasm_bindgen(unchecked_param_type = "StreamLayout | undefined")] layout: JsValue,
) -> Result<JsValue, JsError> {
    use crate::bulk::{clean_stream, SEGMENT_BYTES};
    let (matcher, set_aside) = decisions(local_mappings_csv.as_deref())?;
    let source = AsRef::<JsValue>::as_ref(io).clone();
    let mut open = move || -> std::io::Result<Box<dyn std::io::Read>> {
        let io: StreamIo = source.clone().unchecked_into();
        Ok(Box::new(JsFile { io, at: 0.0, size }))
    };
    let mut sink = JsSink {
        io,
        buf: Vec::with_capacity(WRITE_BYTES),
    };
    let options = chosen(layout)?;
    // Two passes over the file: one measures, one cleans.
    let mut progress = |read: u64| io.progress(read as f64, 2.0 * size);
    let streamed = clean_stream(
        &mut open,
        &mut sink,
        file_name,
        &options,
        matcher,
        SEGMENT_BYTES,
        &mut progress,
    );
    let s = streamed.map_err(|e| stopped(e, file_name))?;
    std::io::Write::flush(&mut sink).map_err(|e| stopped(Stopped::Write(e), file_name))?;
    report(&s, set_aside, "csv", "csv")
}

/// Whether a workbook's bytes are an XLSX or XLSM too large to open here whole (its parts
/// declare over 1,000 MB) that `cleanWorkbook` cleans as a stream. Reads its zip directory.
#[wasm_bindgen(js_name = streamsAsWorkbook)]
pub fn streams_as_workbook(bytes: &[u8]) -> bool {
    crate::bulk::too_large_to_hold(bytes)
}

/// Cleans an XLSX or XLSM workbook's first sheet of `size` bytes as a stream, as the command
/// line's `clean` does: the bytes read through `io.read`, the sheet's rows read a run at a time,
/// matched with `localMappingsCsv` as `cleanStream` is, the cleaned workbook (its own package,
/// everything else kept) or, `asCsv`, the sheet as CSV given to `io.write` in pieces;
/// `io.progress` is told the rows read and the sheet's rows. `layout` chooses the sheet (else
/// the first), the title column and the header row. Returns what `cleanStream` does.
/// Memory: the workbook's bytes, its shared strings, two runs of 8,192 rows, the memo and the
/// written workbook (as large as the one read), whatever its rows. Throws with the command
/// line's messages, on a workbook that is not an XLSX or XLSM, or one declaring over 4,000 MB.
#[wasm_bindgen(js_name = cleanWorkbook, unchecked_return_type = "StreamReport")]
pub fn clean_workbook_js(
    io: &StreamIo,
    size: f64,
    #[wasm_bindgen(js_name = fileName)] file_name: &str,
    #[wasm_bindgen(js_name = localMappingsCsv)] local_mappings_csv: Option<String>,
    #[wasm_bindgen(js_name = asCsv)] as_csv: bool,
    #[wasm_bindgen(unchecked_param_type = "StreamLayout | undefined")] layout: JsValue,
) -> Result<JsValue, JsError> {
    use crate::bulk::{clean_workbook, workbook_streams, Format, SheetOut, RUN_ROWS};
    use std::io::{Cursor, Read, Write};
    let (matcher, set_aside) = decisions(local_mappings_csv.as_deref())?;
    let file = JsFile {
        io: AsRef::<JsValue>::as_ref(io).clone().unchecked_into(),
        at: 0.0,
        size,
    };
    let mut bytes = Vec::with_capacity(size as usize);
    (file.take(size as u64).read_to_end(&mut bytes))
        .map_err(|e| stopped(Stopped::Read(e), file_name))?;
    // Not a workbook that streams: `clean_workbook` says why.
    let format = workbook_streams(&bytes).unwrap_or(Format::Xlsx);
    let extension = match as_csv {
        true => "csv",
        false => format.workbook_extension(),
    };
    let mut sink = JsSink {
        io,
        buf: Vec::with_capacity(WRITE_BYTES),
    };
    let out = match as_csv {
        true => SheetOut::Csv(&mut sink),
        false => SheetOut::Workbook(Cursor::new(Vec::new())),
    };
    let mut progress = |rows: usize, total: usize| io.progress(rows as f64, total as f64);
    let options = chosen(layout)?;
    let streamed = clean_workbook(
        bytes,
        file_name,
        &options,
        matcher,
        out,
        RUN_ROWS,
        &mut progress,
    );
    let (s, workbook) = streamed.map_err(|e| stopped(e, file_name))?;
    let written = match workbook {
        // The package is written whole (its zip directory last), then handed over in pieces.
        Some(workbook) => (workbook.into_inner().chunks(WRITE_BYTES))
            .try_for_each(|piece| io.write(piece).map_err(js_io)),
        None => sink.flush(),
    };
    written.map_err(|e| stopped(Stopped::Write(e), file_name))?;
    report(&s, set_aside, format.id(), extension)
}

/// A streamed clean's layout as the page chooses it (`StreamLayout`).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct StreamLayout {
    sheet: Option<String>,
    title_column: Option<usize>,
    /// As `header_of` reads it.
    #[serde(with = "serde_wasm_bindgen::preserve", default)]
    header: JsValue,
}

/// The options of a streamed clean: the sheet, the title column and the header row chosen in
/// the page (`layout`), each found when not given.
fn chosen(layout: JsValue) -> Result<Options, JsError> {
    let layout: StreamLayout = match layout.is_undefined() || layout.is_null() {
        true => StreamLayout::default(),
        false => serde_wasm_bindgen::from_value(layout).map_err(|e| {
            JsError::new(&format!(
                "the layout is {{ sheet?, titleColumn?, header? }}: {e}"
            ))
        })?,
    };
    Ok(Options {
        sheet: layout.sheet,
        // By its letter, so that two columns of one name are told apart.
        column: (layout.title_column).map(|c| format!("column {}", column_letter(c))),
        header: header_of(&layout.header)?,
        ..Options::default()
    })
}

/// A matcher with the page's decisions as local mappings, and the ones it set aside.
fn decisions(csv: Option<&str>) -> Result<(Matcher, Vec<SetAside>), JsError> {
    const DECISIONS: &str = "your saved decisions";
    let Some(csv) = csv else {
        return Ok((Matcher::builtin(), Vec::new()));
    };
    let (matcher, refused) =
        (Matcher::builtin().with_local_csv_setting_aside(csv, DECISIONS)).map_err(js_error)?;
    Ok((matcher, set_aside(csv, DECISIONS, &refused)))
}

/// A streamed clean's failure as the page shows it.
fn stopped(e: Stopped, file_name: &str) -> JsError {
    match e {
        Stopped::Input(e) => js_error(e),
        Stopped::Read(e) | Stopped::Write(e) => JsError::new(&format!("{file_name}: {e}")),
    }
}

/// A streamed clean's report for the page.
fn report(
    s: &Streamed,
    set_aside: Vec<SetAside>,
    format: &str,
    extension: &str,
) -> Result<JsValue, JsError> {
    let context_columns = (s.context_columns.iter())
        .map(|(field, label)| Labelled { field, label })
        .collect();
    to_js(&StreamReport {
        summary: &s.summary,
        workforce: &s.workforce,
        distinct: s.distinct,
        sheet: &s.sheet,
        sheets: &s.sheets,
        columns: &s.columns,
        header_row: s.header_row,
        title_column: s.title_column,
        column: s.column(),
        title_reason: &s.title_reason,
        context_columns,
        warnings: &s.warnings,
        set_aside,
        titles: s.titles.len(),
        rows_left_out: s.rows_left_out,
        titles_csv: s.titles_csv(),
        format,
        extension,
    })
}

/// A header choice from JavaScript: a row number, `"none"`, or nothing (found).
fn header_of(value: &JsValue) -> Result<Header, JsError> {
    if value.is_null() || value.is_undefined() {
        return Ok(Header::Find);
    }
    if value.as_string().as_deref() == Some("none") {
        return Ok(Header::None);
    }
    match value.as_f64() {
        Some(n) if n >= 1.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => {
            Ok(Header::Row(n as usize))
        }
        _ => Err(JsError::new(
            "the header row is a row number from 1, \"none\" or null",
        )),
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
            role_id: e
                .role
                .map_or("none".into(), |r| taxonomy.role(r).id.clone()),
            band: e.band.map(|b| b.to_string()).unwrap_or_default(),
            line: Some(e.line),
        })
        .collect();
    to_js(&list)
}

/// A saved mapping the engine set aside: its title, its line and why.
#[derive(Serialize)]
struct SetAside {
    title: String,
    line: Option<usize>,
    message: String,
}

/// The rows of a local mappings CSV the engine refused, by title, line and why.
fn set_aside(csv: &str, file_name: &str, refused: &[crate::Error]) -> Vec<SetAside> {
    let records = crate::csv::read_all(csv, file_name).unwrap_or_default();
    let title_at = |line: Option<usize>| {
        let record = records.iter().find(|r| Some(r.line) == line);
        record
            .and_then(|r| r.fields.first())
            .map_or(String::new(), |t| t.to_string())
    };
    refused
        .iter()
        .map(|e| SetAside {
            title: crate::csv::unneutralise(&title_at(e.line())).to_string(),
            line: e.line(),
            message: e.to_string(),
        })
        .collect()
}

/// The mappings of a local mappings CSV that the engine accepts, and each row it sets aside
/// (`{ title, line, message }`), as the page's saved decisions are read: a bad one never stops a
/// file from opening. Throws only on a file with no such table.
#[wasm_bindgen(js_name = checkLocalMappings, unchecked_return_type = "{ accepted: number, setAside: SetAside[] }")]
pub fn check_local_mappings(
    csv: &str,
    #[wasm_bindgen(js_name = fileName)] file_name: &str,
) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Checked {
        accepted: usize,
        set_aside: Vec<SetAside>,
    }
    let (matcher, refused) = Matcher::builtin()
        .with_local_csv_setting_aside(csv, file_name)
        .map_err(js_error)?;
    let set_aside = set_aside(csv, file_name, &refused);
    to_js(&Checked {
        accepted: matcher.local().len(),
        set_aside,
    })
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
