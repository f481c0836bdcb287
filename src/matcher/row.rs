//! The whole row: a title read with the other cells of its spreadsheet row as evidence (SPEC.md,
//! "The whole row"). The title is read first; then a recorded grade gives the band, a recorded
//! occupation code or an area of work that names a profession settles a title that names none,
//! a registered staff group sends a support title to review, and the code is checked against the
//! role. ESR's pipe-joined position name (`number|title|code|area of work|`) is split first.

use super::reading::Reading;
use super::Matcher;
use crate::result::{Band, BandSource, CodeCheck, MatchResult, Status};
use crate::vocab::{OccupationCode, Profession, Side};

/// A spreadsheet row's cells that can inform its title's answer; each may be empty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Row<'a> {
    /// The job title (ESR's Position Title or pipe-joined Position Name).
    pub title: &'a str,
    /// The recorded grade or pay band: `XR03`, `Band 3`, `NHS|XR04|Review Body Band 4`.
    pub grade: &'a str,
    /// The recorded NHS occupation code: `S9E`.
    pub occupation_code: &'a str,
    /// ESR's area of work: `Physiotherapy`.
    pub area_of_work: &'a str,
    /// ESR's job role: `Therapy Assistant`.
    pub job_role: &'a str,
    /// ESR's staff group: `Additional Clinical Services`, `Allied Health Professionals`.
    pub staff_group: &'a str,
    /// The department, directorate, team or ward (an organisation level).
    pub department: &'a str,
}

/// What [`Matcher::with_row`] remembers from row to row: the profession each cell names, and
/// the results of the texts it read again (a position name's title, a title with its row's
/// profession or recorded band), which many rows share.
///
/// A bounded memo ([`Memo::bounded`], for a stream) keeps at most `limit` results in each of
/// two generations: when the young one is full it becomes the old one (the old one is dropped),
/// and a text found in the old one moves back to the young. So a file of any length keeps the
/// texts it has seen lately (about 1.5 KB each) and reads a text again only once it has not
/// been seen for `limit` texts or more; the results are the same either way.
#[derive(Debug)]
pub(crate) struct Memo {
    professions: HashMap<String, Option<Profession>>,
    read: HashMap<String, MatchResult>,
    old: HashMap<String, MatchResult>,
    limit: usize,
}

type HashMap<K, V> = std::collections::HashMap<K, V>;

impl Default for Memo {
    fn default() -> Self {
        Memo::bounded(usize::MAX)
    }
}

impl Memo {
    /// A memo of at most `2 * limit` results and `limit` cells' professions.
    pub(crate) fn bounded(limit: usize) -> Memo {
        Memo {
            professions: HashMap::new(),
            read: HashMap::new(),
            old: HashMap::new(),
            limit: limit.max(1),
        }
    }

    fn get(&mut self, text: &str) -> Option<MatchResult> {
        if let Some(r) = self.read.get(text) {
            return Some(r.clone());
        }
        let (text, r) = self.old.remove_entry(text)?;
        let copy = r.clone();
        self.put(text, r);
        Some(copy)
    }

    fn put(&mut self, text: String, r: MatchResult) {
        if self.read.len() >= self.limit {
            self.old = std::mem::take(&mut self.read);
        }
        self.read.insert(text, r);
    }

    fn profession(&self, cell: &str) -> Option<Option<Profession>> {
        self.professions.get(cell).copied()
    }

    fn put_profession(&mut self, cell: &str, p: Option<Profession>) {
        if self.professions.len() >= self.limit {
            self.professions.clear();
        }
        self.professions.insert(cell.to_string(), p);
    }
}

impl Matcher {
    /// `match_title(text)`, once for each text `memo` holds.
    pub(crate) fn read_again(&self, text: &str, memo: &mut Memo) -> MatchResult {
        if let Some(r) = memo.get(text) {
            return r;
        }
        let r = self.match_title(text);
        memo.put(text.to_string(), r.clone());
        r
    }
}

/// The title part of an ESR position name (`4362624|Physiotherapy Assistant|S9E|`): what
/// [`Matcher::with_row`] reads of it. `None` for any other title.
pub(crate) fn position_title(title: &str) -> Option<&str> {
    let mut parts = title.split('|').map(str::trim);
    let number = parts.next().unwrap_or("");
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    parts.next().filter(|t| !t.is_empty())
}

/// Whether a row's other cells can change its title's `result` (if not, the title's result is
/// the row's): a code, a position name to split, or a role that a grade, a staff group or (when
/// it names no profession) a profession could change.
#[cfg(feature = "xlsx")]
pub(crate) fn reads_row(result: &MatchResult, row: &Row<'_>) -> bool {
    let has = |cell: &str| !cell.trim().is_empty();
    let Some(role) = result.role.as_ref() else {
        return row.title.contains('|');
    };
    row.title.contains('|')
        || has(row.occupation_code)
        || has(row.grade)
        || has(row.staff_group)
        || (role.profession.generality() > 0
            && (has(row.area_of_work) || has(row.department) || has(row.job_role)))
}

/// ESR staff groups of registered or professionally qualified staff, lower case (NHS Data
/// Dictionary, STAFF GROUP: 01, 03, 04, 05 and 06). Support workers are in `Additional Clinical
/// Services` (07).
const REGISTERED_STAFF_GROUPS: [&str; 5] = [
    "medical and dental",
    "nursing and midwifery registered",
    "allied health professionals",
    "additional professional scientific and technical",
    "healthcare scientists",
];

impl<'a> Row<'a> {
    /// The row with an ESR position name (`4362624|Physiotherapy Assistant|S9E|Physiotherapy|`)
    /// split into its title, occupation code and area of work (cells of their own win).
    fn split_position(mut self) -> Row<'a> {
        let Some(title) = position_title(self.title) else {
            return self;
        };
        let mut parts = self.title.split('|').map(str::trim).skip(2);
        self.title = title;
        let code = parts.next().unwrap_or("");
        if self.occupation_code.trim().is_empty() {
            self.occupation_code = code;
        }
        let area = parts.next().unwrap_or("");
        if self.area_of_work.trim().is_empty() {
            self.area_of_work = area;
        }
        self
    }

    /// The cells that may name a profession, with their field names, in the order they count.
    fn profession_cells(&self) -> [(&'static str, &'a str); 3] {
        [
            ("Area of Work", self.area_of_work),
            ("Department", self.department),
            ("Job Role", self.job_role),
        ]
    }
}

impl Matcher {
    /// Matches a row's title with the row's other cells as evidence. Cost: the title is read,
    /// and when it names no profession, each cell that might name one and the title again with
    /// the profession found (a few microseconds each).
    ///
    /// ```
    /// use role_standardiser::{BandSource, CodeCheck, Matcher, Row, Status};
    /// let matcher = Matcher::builtin();
    /// let row = Row { title: "Support Worker", area_of_work: "Physiotherapy", grade: "XR03", occupation_code: "H2J", ..Row::default() };
    /// let r = matcher.match_row(&row);
    /// assert_eq!(r.role.as_ref().map(|r| r.id.as_str()), Some("physiotherapy.support-worker"));
    /// assert_eq!(r.band.map(|b| (b.value, b.source)), Some((3, BandSource::Recorded)));
    /// assert_eq!(r.code_check, Some(CodeCheck::Agrees));
    /// assert_eq!(r.context, ["Occupation Code=H2J", "Area of Work=Physiotherapy", "Grade=XR03"]);
    /// ```
    pub fn match_row(&self, row: &Row<'_>) -> MatchResult {
        let mut memo = Memo::default();
        self.with_row(&self.match_title(row.title), row, &mut memo)
    }

    /// `result`, the title's, with the rest of the row as evidence (as [`Matcher::match_row`];
    /// a title that is an ESR position name is read again as its title part). `memo` keeps the
    /// professions cells name, for the rows to come.
    pub(crate) fn with_row(
        &self,
        result: &MatchResult,
        row: &Row<'_>,
        memo: &mut Memo,
    ) -> MatchResult {
        let whole = row.title;
        let row = row.split_position();
        let mut result = if row.title == whole {
            result.clone()
        } else {
            let mut r = self.read_again(row.title, memo);
            r.input = whole.to_string();
            r
        };
        let code = self.codes.get(row.occupation_code);
        self.settle_profession(&row, code, &mut result, memo);
        self.recorded_band(&row, &mut result, memo);
        registered_staff_group(&row, &mut result);
        check_code(&row, code, &mut result);
        result
    }

    /// A title that names no profession (healthcare support, generic therapy) read again with
    /// the profession its row names: the occupation code's first, then the area of work's, the
    /// department's and the job role's. Cells naming different professions settle nothing.
    fn settle_profession(
        &self,
        row: &Row<'_>,
        code: Option<&OccupationCode>,
        result: &mut MatchResult,
        memo: &mut Memo,
    ) {
        let vague = result
            .role
            .as_ref()
            .is_some_and(|r| r.profession.generality() > 0);
        if !vague {
            return;
        }
        let mut named: Vec<(Profession, String)> = Vec::new();
        // A code of another field, or of support staff of no one profession, names none.
        let profession = code.and_then(|c| c.profession.filter(|p| p.generality() == 0));
        if let (Some(code), Some(p)) = (code, profession) {
            named.push((p, format!("Occupation Code={}", code.code)));
        }
        for (field, cell) in row.profession_cells() {
            let cell = cell.trim();
            let names = memo.profession(cell).unwrap_or_else(|| {
                let p = self.profession_of(cell);
                memo.put_profession(cell, p);
                p
            });
            if let Some(p) = names {
                named.push((p, format!("{field}={}", cell.trim())));
            }
        }
        let Some((profession, _)) = named.first().cloned() else {
            return;
        };
        if let Some((other, _)) = named.iter().find(|(p, _)| *p != profession) {
            result.explanation.reason.push_str(&format!(
                "; the row names {} and {}, so its profession is not settled",
                profession.id(),
                other.id()
            ));
            return;
        }
        let name = self
            .taxonomy
            .professions()
            .iter()
            .find(|p| p.profession == profession)
            .map_or(profession.id(), |p| p.name.as_ref());
        let settled = self.read_again(&format!("{name} {}", row.title), memo);
        let ours = settled
            .role
            .as_ref()
            .is_some_and(|r| r.profession == profession);
        if !ours || settled.status == Status::NoMatch {
            return;
        }
        let from: Vec<String> = named.into_iter().map(|(_, cell)| cell).collect();
        let input = std::mem::take(&mut result.input);
        *result = MatchResult { input, ..settled };
        result.explanation.reason.push_str(&format!(
            "; the title names no profession: {} from {}",
            profession.id(),
            from.join(", ")
        ));
        result.context.extend(from);
    }

    /// A specific profession a cell names (`Physiotherapy`, `Radiology`), read as a title.
    fn profession_of(&self, cell: &str) -> Option<Profession> {
        let cell = cell.trim();
        if cell.is_empty() {
            return None;
        }
        let read = self.match_title(cell);
        let p = read.role?.profession;
        (p.generality() == 0).then_some(p)
    }

    /// The band the row's grade records, over the title's stated or typical band (a local
    /// mapping's band stays); a stated band that disagrees is said.
    fn recorded_band(&self, row: &Row<'_>, result: &mut MatchResult, memo: &mut Memo) {
        let grade = row.grade.trim();
        if grade.is_empty() || result.role.is_none() {
            return;
        }
        let Some(recorded) = Reading::of(&self.lexicon, grade).band else {
            return;
        };
        let current = result.band;
        match current.map(|b| b.source) {
            Some(BandSource::Local) => {
                if current.is_some_and(|b| b.value != recorded.value) {
                    result.explanation.reason.push_str(&format!(
                        "; the recorded grade {grade} is band {}, the local mapping's kept",
                        recorded.value
                    ));
                }
                return;
            }
            Some(BandSource::Stated) if current.is_some_and(|b| b.value != recorded.value) => {
                // The level the stated band chose is read again at the recorded band, within
                // the same profession.
                let stated = current.map_or(0, |b| b.value);
                let text = format!("{} band {}", result.explanation.normalised, recorded.value);
                let again = self.read_again(&text, memo);
                let profession = |r: &MatchResult| r.role.as_ref().map(|r| r.profession);
                if again.status != Status::NoMatch && profession(&again) == profession(result) {
                    let input = std::mem::take(&mut result.input);
                    let context = std::mem::take(&mut result.context);
                    let reason = std::mem::take(&mut result.explanation.reason);
                    *result = MatchResult {
                        input,
                        context,
                        ..again
                    };
                    result.explanation.reason = reason;
                }
                result.explanation.reason.push_str(&format!(
                    "; the title states band {stated}, the recorded grade band {}",
                    recorded.value
                ));
            }
            _ => {}
        }
        result.band = Some(Band {
            value: recorded.value,
            source: BandSource::Recorded,
            max: recorded.max,
        });
        result.explanation.band_note = None;
        result.context.push(format!("Grade={grade}"));
    }
}

/// A support role in a registered staff group goes to review.
fn registered_staff_group(row: &Row<'_>, result: &mut MatchResult) {
    let group = row.staff_group.trim().to_lowercase();
    let registered = REGISTERED_STAFF_GROUPS.iter().any(|g| group.contains(g));
    if !registered || result.role.is_none() {
        return;
    }
    if result.status == Status::Matched {
        result.status = Status::Review;
    }
    result.explanation.reason.push_str(&format!(
        "; the recorded staff group {} is of registered staff",
        row.staff_group.trim()
    ));
    result
        .context
        .push(format!("Staff Group={}", row.staff_group.trim()));
}

/// Whether the recorded code agrees with the role: the same profession (any, for a role that
/// names none) and a support post. The title's role stands either way.
fn check_code(row: &Row<'_>, code: Option<&OccupationCode>, result: &mut MatchResult) {
    let recorded = row.occupation_code.trim();
    let Some(role) = result.role.as_ref() else {
        return;
    };
    if recorded.is_empty() {
        return;
    }
    let Some(code) = code else {
        result.explanation.reason.push_str(&format!(
            "; the occupation code {recorded} is not an AHP support or registered AHP code known here"
        ));
        return;
    };
    let same = Some(role.profession) == code.profession || role.profession.generality() > 0;
    result.code_check = Some(
        if same && code.side == Side::Support && code.profession.is_some() {
            CodeCheck::Agrees
        } else {
            let what = match (code.profession, code.side) {
                (None, _) => "another field's post",
                (Some(_), Side::Registered) => "a registered post",
                (Some(p), Side::Support) => p.id(),
            };
            result.explanation.reason.push_str(&format!(
                "; the recorded occupation code {} ({}) is {what}",
                code.code, code.name
            ));
            CodeCheck::Differs
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_memo_keeps_two_generations_and_moves_a_text_seen_again_to_the_young() {
        let matcher = Matcher::builtin();
        let mut memo = Memo::bounded(2);
        for t in ["Physio Assistant", "OT Assistant", "Porter"] {
            matcher.read_again(t, &mut memo);
        }
        // "Porter" filled the young generation's room: the first two are the old one.
        assert_eq!((memo.read.len(), memo.old.len()), (1, 2));
        matcher.read_again("Physio Assistant", &mut memo);
        assert!(memo.read.contains_key("Physio Assistant"));
        assert!(!memo.old.contains_key("Physio Assistant"));
        matcher.read_again("Dietetic Assistant", &mut memo);
        // The young one was full (Porter, Physio Assistant): it is the old one now.
        assert_eq!(memo.read.len(), 1);
        assert!(memo.old.contains_key("Porter") && !memo.old.contains_key("OT Assistant"));
    }

    #[test]
    fn a_memo_of_one_text_gives_the_rows_the_results_an_unbounded_one_gives() {
        let matcher = Matcher::builtin();
        let rows = [
            ("4301|Therapy Assistant||Physiotherapy|", "", "XR03"),
            ("Support Worker", "Occupational Therapy", ""),
            ("4302|Therapy Assistant||Podiatry|", "", ""),
            ("Support Worker", "Physiotherapy", "Band 4"),
            ("4301|Therapy Assistant||Physiotherapy|", "", "XR03"),
            ("Support Worker", "Occupational Therapy", ""),
        ];
        let (mut small, mut whole) = (Memo::bounded(1), Memo::default());
        for (title, area, grade) in rows {
            let row = Row {
                title,
                area_of_work: area,
                grade,
                ..Row::default()
            };
            let result = matcher.match_title(title);
            let a = matcher.with_row(&result, &row, &mut small);
            let b = matcher.with_row(&result, &row, &mut whole);
            assert_eq!(a, b, "{title}");
        }
        assert!(small.read.len() + small.old.len() <= 2);
    }

    #[test]
    fn the_title_part_of_a_position_name_is_read() {
        assert_eq!(
            position_title("4362624|Physiotherapy Assistant|S9E|Physiotherapy|"),
            Some("Physiotherapy Assistant")
        );
        assert_eq!(position_title("Band 3|Physio"), None);
        assert_eq!(position_title("4362624||S9E|"), None);
        assert_eq!(position_title("Physiotherapy Assistant"), None);
    }
}
