//! Matching, the second stage of the flow: a title is read, its evidence weighed and a role
//! decided, in that order (`reading`, `evidence`, `decision`), with the stated band (`band`),
//! whole-title fuzzy matching for misspelt titles (`fuzzy`) and type-ahead (`suggest`) beside them.
//!
//! The cues of a title vote: the most specific profession named wins (a named AHP over generic
//! therapy over healthcare support), the role noun and modifiers give the level, a stated band
//! settles a generic level, and anything doubtful (two professions, no profession, no role noun,
//! a phrase often used for other jobs) lowers the confidence below the accept threshold so that a
//! person reviews it.

mod band;
mod decision;
mod evidence;
mod fuzzy;
mod reading;
mod row;
mod suggest;

pub use decision::Config;
pub use row::Row;
#[cfg(feature = "xlsx")]
pub(crate) use row::{position_title, reads_row, Memo};

use crate::error::Error;
use crate::result::{Band, BandSource, Explanation, MatchResult, RoleRef, Status};
use crate::vocab::{
    local_key, Lexicon, LocalMappings, Mappings, OccupationCodes, Role, RoleIndex, Taxonomy,
    Weights,
};
use decision::{stated, typical, Decision};
use evidence::{Evidence, Nearest};
use fuzzy::KnownTitles;
use reading::Reading;
use std::collections::HashMap;
use std::sync::OnceLock;
use suggest::SuggestIndex;

/// The longest title read, in bytes: a cell longer than this is not a job title (the longest of
/// 11,997 real advert titles is 74), and is `no-match` without being read.
pub const MAX_TITLE_BYTES: usize = 1_000;

/// The result for a title over [`MAX_TITLE_BYTES`]: `no-match`, its input cut to the limit.
fn too_long(title: &str) -> MatchResult {
    let mut cut = MAX_TITLE_BYTES;
    while !title.is_char_boundary(cut) {
        cut -= 1;
    }
    let reason = format!(
        "over {MAX_TITLE_BYTES} bytes ({} in all): not a job title",
        title.len()
    );
    MatchResult::unread(title[..cut].to_string(), reason)
}

/// Matches titles against a taxonomy. Build once (about 60 µs over the built-in mappings), then
/// match many (microseconds each).
///
/// The indexes that only some titles need (fuzzy titles, type-ahead) are built on first use, so
/// the first result in a browser does not wait for them.
#[derive(Debug, Clone)]
pub struct Matcher {
    taxonomy: Taxonomy,
    lexicon: Lexicon,
    weights: Weights,
    codes: OccupationCodes,
    /// Known whole titles (role phrases and standard titles, normalised) for fuzzy matching.
    titles: OnceLock<KnownTitles>,
    /// The type-ahead index; reset when local mappings are added.
    suggest_index: OnceLock<SuggestIndex>,
    local: LocalMappings,
    config: Config,
}

impl Matcher {
    /// A matcher over parsed mappings.
    pub fn new(mappings: Mappings, config: Config) -> Self {
        Matcher {
            taxonomy: mappings.taxonomy,
            lexicon: mappings.lexicon,
            weights: mappings.weights,
            codes: mappings.codes,
            titles: OnceLock::new(),
            suggest_index: OnceLock::new(),
            local: LocalMappings::default(),
            config,
        }
    }

    /// A matcher over the built-in mappings (checked when the crate was compiled) with the
    /// default thresholds.
    pub fn builtin() -> Self {
        Matcher::new(Mappings::builtin(), Config::DEFAULT)
    }

    /// Adds local mappings (a `title,role_id[,band]` CSV), which win over the built-in reading.
    /// `file` names the source in errors.
    ///
    /// # Errors
    /// A file the format refuses, naming the line: no header, a blank cell, an unknown role id, a
    /// band outside 1 to 9, a title with no words, a title given twice with different roles.
    pub fn with_local_csv(mut self, csv: &str, file: &str) -> Result<Self, Error> {
        let local = LocalMappings::parse(csv, file, &self.taxonomy, |t| self.local_key(t))?;
        self.local.extend(local);
        self.suggest_index = OnceLock::new();
        Ok(self)
    }

    /// Adds the local mappings of every row of a `title,role_id[,band]` CSV that the format
    /// accepts, setting aside the rows it refuses: the matcher, and an error for each row set
    /// aside (naming its line). A person's saved decisions never stop a file from opening.
    ///
    /// # Errors
    /// Only a file with no such table: no header, or no `title` or `role_id` column.
    pub fn with_local_csv_setting_aside(
        mut self,
        csv: &str,
        file: &str,
    ) -> Result<(Self, Vec<Error>), Error> {
        let (local, refused) =
            LocalMappings::parse_each(csv, file, &self.taxonomy, |t| self.local_key(t))?;
        self.local.extend(local);
        self.suggest_index = OnceLock::new();
        Ok((self, refused))
    }

    /// A title's normalised words and its stated band, as local mappings are keyed.
    fn local_key(&self, title: &str) -> (String, Option<(u8, Option<u8>)>) {
        let reading = Reading::of(&self.lexicon, title);
        let band = reading.band.map(|b| (b.value, b.max));
        (reading.normalised(&self.lexicon), band)
    }

    /// The local mappings in force.
    pub fn local(&self) -> &LocalMappings {
        &self.local
    }

    /// The taxonomy matched against.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// The thresholds in force.
    pub fn config(&self) -> Config {
        self.config
    }

    /// The normalised form of a title, as local mappings are compared.
    pub fn normalised(&self, title: &str) -> String {
        Reading::of(&self.lexicon, title).normalised(&self.lexicon)
    }

    /// Matches every title, each distinct title once, results in input order.
    pub fn match_many<S: AsRef<str>>(&self, titles: &[S]) -> Vec<MatchResult> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut out: Vec<MatchResult> = Vec::with_capacity(titles.len());
        for title in titles {
            let title = title.as_ref();
            let result = match seen.get(title) {
                Some(&i) => out[i].clone(),
                None => {
                    seen.insert(title, out.len());
                    self.match_title(title)
                }
            };
            out.push(result);
        }
        out
    }

    /// Matches one title: read it, let a local mapping answer, weigh its cues, rule it out or
    /// decide its role.
    ///
    /// ```
    /// use role_standardiser::{Matcher, Status};
    /// let matcher = Matcher::builtin();
    /// let result = matcher.match_title("Physio Asst - MSK - Band 3");
    /// assert_eq!(result.status, Status::Matched);
    /// assert_eq!(result.role.map(|r| r.id).as_deref(), Some("physiotherapy.senior-support-worker"));
    /// assert_eq!(result.band.map(|b| b.value), Some(3));
    /// ```
    pub fn match_title(&self, title: &str) -> MatchResult {
        if title.len() > MAX_TITLE_BYTES {
            return too_long(title);
        }
        let reading = Reading::of(&self.lexicon, title);
        let mut evidence = Evidence::weigh(&self.lexicon, &self.taxonomy, &reading);
        let mut result = MatchResult {
            input: title.to_string(),
            status: Status::NoMatch,
            confidence: 0.0,
            role: None,
            band: None,
            alternatives: Vec::new(),
            qualifiers: evidence.qualifiers.clone(),
            explanation: reading.explanation(&self.lexicon),
            code_check: None,
            context: Vec::new(),
        };
        if self.apply_local(&reading, &mut result) {
            self.note_band(&mut result);
            return result;
        }
        let nearest = |normalised: &str| self.nearest_title(normalised);
        let ruled_out = evidence.rule_out(
            &reading,
            &self.lexicon,
            &self.taxonomy,
            &mut result.explanation,
            nearest,
        );
        if let Some(reason) = ruled_out {
            result.explanation.reason = reason;
            return result;
        }
        Decision::new(&self.taxonomy, &evidence, &reading).conclude(
            &self.taxonomy,
            &self.weights,
            &self.config,
            reading.band,
            &mut result,
        );
        self.note_band(&mut result);
        result
    }

    /// Says when the band is the role's typical one and the role's posts are advertised at a
    /// span of bands (`band_span` in `roles.csv`): typical, not certain.
    fn note_band(&self, result: &mut MatchResult) {
        let role = result.role.as_ref().and_then(|r| self.taxonomy.get(&r.id));
        result.explanation.band_note = match (result.band, role.and_then(|r| r.band_span)) {
            (Some(b), Some((lo, hi))) if b.source == BandSource::Typical => Some(format!(
                "band {} is typical, not certain: posts of this role are advertised at bands {lo} to {hi}",
                b.value
            )),
            _ => None,
        };
    }

    /// Whether a cell reads as a job title of any kind (a role noun, a registered professional,
    /// a whole role phrase or an out-of-scope job such as a manager or porter), in scope or not:
    /// Whether a cell reads as a recorded grade (`XR03`, `Band 3`, `AfC Band 4`), not a job title
    /// with a band: how a grade column with a header no one lists is found by its content.
    #[cfg(feature = "xlsx")]
    pub(crate) fn reads_as_grade(&self, cell: &str) -> bool {
        cell.len() <= 60
            && !self.names_a_job(cell)
            && Reading::of(&self.lexicon, cell).band.is_some()
    }

    /// Whether a cell is an occupation code listed one by one (`S9E`; not only one of a family
    /// such as `###`, which any three digits fit): how a code column is found by its content.
    #[cfg(feature = "xlsx")]
    pub(crate) fn is_listed_code(&self, cell: &str) -> bool {
        self.codes
            .get(cell)
            .is_some_and(|c| !c.code.contains(['*', '#']))
    }

    /// how a spreadsheet's title column is told from its names, departments and codes. Cost: a
    /// reading of the cell, without deciding it.
    #[cfg(feature = "xlsx")]
    pub(crate) fn names_a_job(&self, cell: &str) -> bool {
        if cell.len() > MAX_TITLE_BYTES || cell.trim().is_empty() {
            return false;
        }
        let reading = Reading::of(&self.lexicon, cell);
        reading.hits.iter().any(|h| {
            use crate::vocab::Cue;
            matches!(
                h.cue,
                Cue::Head(_)
                    | Cue::WeakHead(_)
                    | Cue::Role { .. }
                    | Cue::Registered(_)
                    | Cue::Professional
                    | Cue::Exclude(_)
                    | Cue::PostExclude(_)
            )
        })
    }

    /// A local mapping for the title (by its normalised words, else its core words) answers it:
    /// `matched` at confidence 1, the band the title states, else the mapping's, else typical.
    fn apply_local(&self, reading: &Reading, result: &mut MatchResult) -> bool {
        let explanation: &mut Explanation = &mut result.explanation;
        // The title with its stated band first, then without: a mapping written without a band
        // matches any band.
        let banded =
            (reading.band).map(|b| local_key(&explanation.normalised, Some((b.value, b.max))));
        let Some(entry) = banded
            .as_deref()
            .and_then(|k| self.local.get(k))
            .or_else(|| self.local.get(&explanation.normalised))
            .or_else(|| self.local.get(&explanation.matched))
        else {
            return false;
        };
        let Some(role) = entry.role else {
            explanation.reason = format!(
                "local mapping (line {}): confirmed by a person as not an AHP support role",
                entry.line
            );
            result.confidence = 1.0;
            return true;
        };
        explanation.reason = format!("local mapping (line {})", entry.line);
        let band = match (reading.band, entry.band) {
            (Some(b), _) => stated(b),
            (None, Some(value)) => Band {
                value,
                source: BandSource::Local,
                max: None,
            },
            (None, None) => typical(&self.taxonomy, role),
        };
        result.status = Status::Matched;
        result.confidence = 1.0;
        result.role = Some(RoleRef::from(self.taxonomy.role(role)));
        result.band = Some(band);
        true
    }

    /// The known title most like a whole normalised title, when similar enough (0.8 and up,
    /// normalised Damerau-Levenshtein) to be worth a review. Out of line: few titles need it, and
    /// the browser compiles a function on its first call, whole.
    #[inline(never)]
    fn nearest_title(&self, normalised: &str) -> Nearest<'_> {
        self.titles
            .get_or_init(|| KnownTitles::new(self.whole_titles()))
            .nearest(normalised, 0.8)
    }

    /// Every whole title the engine knows (lower case) with the role it names, each pair once:
    /// the lexicon's known titles, then each role's own title. What whole-title fuzzy matching
    /// compares against, and an alias list for other matchers (`examples/export_aliases.rs`).
    pub fn aliases(&self) -> Vec<(String, &Role)> {
        let mut seen = std::collections::HashSet::new();
        self.whole_titles()
            .into_iter()
            .filter(|pair| seen.insert(pair.clone()))
            .map(|(title, role)| (title, self.taxonomy.role(role)))
            .collect()
    }

    fn whole_titles(&self) -> Vec<(String, RoleIndex)> {
        let mut titles = self.lexicon.known_titles(&self.taxonomy);
        for (i, role) in self.taxonomy.roles().iter().enumerate() {
            titles.push((role.title.to_lowercase(), i));
        }
        titles
    }

    /// Up to `k` suggestions for a title being typed, best first, one per role; every one has a
    /// role (a `no-match` reading is left out, so an empty list means nothing fits: call
    /// [`Matcher::match_title`] to say why).
    ///
    /// Order: the reading of the text if it is `matched`, or if it is a vague `review` (no
    /// profession named, every word understood); then completions of the last word (unless the
    /// text ends in a space, which means the word is finished, and only where the words before
    /// it are understood) against the words of role titles, profession names and local mapping
    /// titles; then the reading of the text if it is `review`, with its alternatives (as
    /// `review`, keeping a stated band); then standard
    /// roles whose title words the typed words begin, larger professions first. A suggestion's
    /// `input` is the text it reads: as typed, or completed (`physio assistant`).
    ///
    /// Cost: one `match_title` for the text, one per completion (at most six) and one per
    /// role-title suggestion kept, over an index built on the first call (and again when local
    /// mappings are added); tens of microseconds natively, a median 0.1 ms in Chromium.
    ///
    /// ```
    /// use role_standardiser::Matcher;
    ///
    /// let matcher = Matcher::builtin();
    /// let ids: Vec<String> = matcher
    ///     .suggest("physio as", 5)
    ///     .into_iter()
    ///     .filter_map(|r| r.role.map(|role| role.id))
    ///     .collect();
    /// assert!(ids.iter().any(|id| id == "physiotherapy.senior-support-worker"));
    /// assert!(matcher.suggest("   ", 5).is_empty());
    /// ```
    /// Each suggestion's `explanation.summary` is filled.
    pub fn suggest(&self, text: &str, k: usize) -> Vec<MatchResult> {
        let index = self
            .suggest_index
            .get_or_init(|| SuggestIndex::new(&self.taxonomy, &self.local));
        suggest::suggest(index, &self.taxonomy, text, k, |t| self.match_title(t))
    }

    /// Fills `explanation.summary`, the result in plain English for a person: "Physiotherapy
    /// Senior Support Worker, band 3 as the title states", "Needs a look: the title names no
    /// profession; likeliest …", "A management title: not an AHP support role." A few hundred
    /// nanoseconds; `match_title` leaves it to the caller so bulk matching does not pay for it.
    pub fn summarise(&self, result: &mut MatchResult) {
        result.explanation.summary = crate::summary::summary(&self.taxonomy, result);
    }

    /// The result of choosing a standard role by its id, as a form prefilled with a saved value
    /// does: `matched` at confidence 1, the role's typical band, its title as the input, the
    /// summary filled; `None` for an id not in the taxonomy.
    ///
    /// ```
    /// let r = role_standardiser::Matcher::builtin().for_role("physiotherapy.support-worker");
    /// assert_eq!(r.unwrap().input, "Physiotherapy Support Worker");
    /// ```
    pub fn for_role(&self, id: &str) -> Option<MatchResult> {
        let index = self.taxonomy.find(id)?;
        let role = self.taxonomy.role(index);
        let mut result = MatchResult {
            input: role.title.clone(),
            status: Status::Matched,
            confidence: 1.0,
            role: Some(RoleRef::from(role)),
            band: Some(typical(&self.taxonomy, index)),
            alternatives: Vec::new(),
            qualifiers: Vec::new(),
            explanation: Explanation {
                normalised: role.title.to_lowercase(),
                matched: role.title.to_lowercase(),
                reason: "chosen by its id".into(),
                ..Explanation::default()
            },
            code_check: None,
            context: Vec::new(),
        };
        self.note_band(&mut result);
        self.summarise(&mut result);
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn ids(text: &str, k: usize) -> Vec<String> {
        Matcher::builtin()
            .suggest(text, k)
            .into_iter()
            .filter_map(|r| r.role.map(|role| role.id))
            .collect()
    }

    #[test]
    fn empty_text_or_zero_k_suggests_nothing() {
        assert!(ids("", 5).is_empty());
        assert!(ids("  ", 5).is_empty());
        assert!(ids("physio", 0).is_empty());
    }

    /// `match_title` with the summary filled, as `suggest` gives it.
    fn summarised(m: &Matcher, text: &str) -> MatchResult {
        let mut r = m.match_title(text);
        m.summarise(&mut r);
        r
    }

    #[test]
    fn a_matched_title_is_suggested_first() {
        let m = Matcher::builtin();
        let s = m.suggest("physio asst b3", 5);
        assert_eq!(s[0], summarised(&m, "physio asst b3"));
    }

    #[test]
    fn a_vague_title_is_suggested_as_vague_first() {
        let m = Matcher::builtin();
        let s = m.suggest("assistant practitioner", 8);
        assert_eq!(s[0], summarised(&m, "assistant practitioner"));
        assert!(s[0]
            .explanation
            .summary
            .starts_with("Needs a look: the title names no profession"));
    }

    #[test]
    fn words_not_understood_before_the_last_give_no_completions() {
        for text in ["xqzt p", "asdf o", "qwerty a"] {
            assert!(ids(text, 8).is_empty(), "{text}: {:?}", ids(text, 8));
        }
        assert!(
            !ids("bank p", 8).is_empty(),
            "an understood word before a letter completes"
        );
    }

    #[test]
    fn a_role_chosen_by_id_is_matched_with_its_typical_band() {
        let m = Matcher::builtin();
        let r = m
            .for_role("occupational-therapy.support-worker")
            .expect("a role");
        assert_eq!(r.status, Status::Matched);
        assert_eq!(r.input, "Occupational Therapy Support Worker");
        assert_eq!(
            r.band.map(|b| (b.value, b.source)),
            Some((2, BandSource::Typical))
        );
        assert!(r
            .explanation
            .summary
            .starts_with("Occupational Therapy Support Worker, "));
        assert!(m.for_role("physiotherapy.nurse").is_none());
    }

    #[test]
    fn the_last_word_is_completed() {
        let got = ids("physio as", 5);
        assert!(
            got.contains(&"physiotherapy.senior-support-worker".to_string()),
            "{got:?}"
        );
    }

    #[test]
    fn role_titles_are_offered_for_a_prefix() {
        let got = ids("phys", 8);
        assert!(
            got.iter().all(|id| id.starts_with("physiotherapy.")),
            "{got:?}"
        );
        assert!(got.len() >= 3, "{got:?}");
    }

    #[test]
    fn a_vague_title_offers_its_alternatives_as_review() {
        let m = Matcher::builtin();
        let s = m.suggest("Support worker", 6);
        assert!(s.len() >= 3);
        assert_eq!(s[0], summarised(&m, "Support worker"));
        assert!(s.iter().take(3).all(|r| r.status == Status::Review));
        assert!(s.iter().take(3).all(|r| r.input == "Support worker"));
    }

    #[test]
    fn one_suggestion_per_role_and_at_most_k() {
        for text in ["s", "physio", "therapy assistant", "OTA", "rehab sw"] {
            let got = ids(text, 4);
            assert!(got.len() <= 4, "{text}: {got:?}");
            let distinct: HashSet<_> = got.iter().collect();
            assert_eq!(distinct.len(), got.len(), "{text}: {got:?}");
        }
    }

    #[test]
    fn local_mapping_titles_are_completed() {
        let m = Matcher::builtin()
            .with_local_csv(
                "title,role_id\nRehab Navigator,physiotherapy.support-worker\n",
                "local.csv",
            )
            .expect("local mappings parse");
        let got = m.suggest("Rehab Navig", 3);
        assert_eq!(got[0].input, "Rehab navigator");
        assert_eq!(
            got[0].role.as_ref().map(|r| r.id.as_str()),
            Some("physiotherapy.support-worker")
        );
    }

    #[test]
    fn out_of_scope_text_suggests_nothing_from_its_reading() {
        let s = Matcher::builtin().suggest("Porter ", 5);
        assert!(s.iter().all(|r| r.input != "Porter "), "{s:?}");
    }
}
