//! Reads a title and decides its standard role, band, status and confidence.
//!
//! The title is tokenised, its stated band taken out, abbreviations expanded and typos corrected
//! (see [`crate::lexicon`]). The cues found then vote: the most specific profession named wins
//! (a named AHP over generic therapy over healthcare support), the role noun and modifiers give
//! the level, a stated band settles a generic level, and anything doubtful (two professions, no
//! profession, no role noun, a phrase often used for other jobs) lowers the confidence below the
//! accept threshold so that a person reviews it.

use crate::band::{stated_band, StatedBand};
use crate::error::MappingError;
use crate::fuzzy::KnownTitles;
use crate::lexicon::{Cue, Exclusion, Hit, Lexicon, QualifierKind, Word};
use crate::local::LocalMappings;
use crate::mappings::Mappings;
use crate::normalise::tokenise;
use crate::result::{
    Alternative, Band, BandSource, Explanation, MatchResult, Qualifier, RoleRef, Status,
};
use crate::suggest::SuggestIndex;
use crate::taxonomy::{Level, Profession, Role, RoleIndex, Taxonomy};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Thresholds of a matcher.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Confidence at or above which a result is `matched` (0 to 1).
    pub accept: f64,
    /// Confidence below which a result is `no-match` rather than `review`.
    pub reject: f64,
    /// At most this many alternatives per result.
    pub max_alternatives: usize,
}

impl Config {
    /// Thresholds tuned on the labelled dev titles: precision of `matched` above 98%.
    pub const DEFAULT: Config = Config {
        accept: 0.8,
        reject: 0.3,
        max_alternatives: 4,
    };
}

impl Default for Config {
    fn default() -> Self {
        Config::DEFAULT
    }
}

/// Matches titles against a taxonomy. Build once (about a millisecond), then match many.
///
/// The indexes that only some titles need (fuzzy titles, type-ahead) are built on first use, so
/// the first result in a browser does not wait for them.
#[derive(Debug, Clone)]
pub struct Matcher {
    taxonomy: Taxonomy,
    lexicon: Lexicon,
    /// Known whole titles (role phrases and standard titles, normalised) for fuzzy matching.
    titles: OnceLock<KnownTitles>,
    /// The type-ahead index; reset when local mappings are added.
    pub(crate) suggest_index: OnceLock<SuggestIndex>,
    local: LocalMappings,
    config: Config,
}

/// A title after reading: its words, cues and stated band.
struct Reading {
    words: Vec<Word>,
    hits: Vec<Hit>,
    band: Option<StatedBand>,
}

/// What the cues of a title add up to, before a role is chosen.
#[derive(Default)]
struct Evidence {
    /// Professions named, with whether only by a weak or corrected word.
    professions: Vec<(Profession, bool)>,
    registered: Vec<Option<Profession>>,
    exclusion: Option<Exclusion>,
    heads: Vec<Level>,
    modifiers: Vec<Level>,
    roles: Vec<(RoleIndex, bool)>,
    trainee: bool,
    qualifiers: Vec<Qualifier>,
    /// Similarity of the nearest known title, when the role came from whole-title fuzzy matching.
    fuzzy: Option<f64>,
}

impl Evidence {
    /// A role noun or a whole-role phrase is present.
    fn names_support_role(&self) -> bool {
        !self.heads.is_empty() || !self.roles.is_empty()
    }

    /// A named AHP (not generic therapy or healthcare support), by cue or by role phrase.
    fn names_specific_profession(&self, taxonomy: &Taxonomy) -> bool {
        self.professions.iter().any(|(p, _)| p.generality() == 0)
            || self
                .roles
                .iter()
                .any(|&(r, _)| taxonomy.role(r).profession.generality() == 0)
    }
}

/// A result with no role, for the reason given.
fn rejected(mut result: MatchResult, mut explanation: Explanation, reason: String) -> MatchResult {
    explanation.reason = reason;
    result.explanation = explanation;
    result
}

impl Matcher {
    /// A matcher over parsed mappings.
    pub fn new(mappings: Mappings, config: Config) -> Self {
        Matcher {
            taxonomy: mappings.taxonomy,
            lexicon: mappings.lexicon,
            titles: OnceLock::new(),
            suggest_index: OnceLock::new(),
            local: LocalMappings::default(),
            config,
        }
    }

    /// A matcher over the built-in mappings with the default thresholds.
    pub fn builtin() -> Result<Self, MappingError> {
        Ok(Matcher::new(Mappings::builtin()?, Config::DEFAULT))
    }

    /// Adds local mappings (a `title,role_id[,band]` CSV), which win over the built-in reading.
    /// `file` names the source in errors.
    pub fn with_local_csv(mut self, csv: &str, file: &str) -> Result<Self, MappingError> {
        let local = LocalMappings::parse(csv, file, &self.taxonomy, |t| self.normalised(t))?;
        self.local.extend(local);
        self.suggest_index = OnceLock::new();
        Ok(self)
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
        let reading = self.read(title);
        self.join(&reading.words, |_| true)
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

    fn read(&self, title: &str) -> Reading {
        let tokens = tokenise(title);
        let band = stated_band(&tokens);
        // Numbers and codes with digits (WTE, months, post references) carry no role meaning.
        let raw: Vec<&str> = tokens
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                !band.as_ref().is_some_and(|(_, span)| span.contains(i))
                    && !t.text.bytes().any(|b| b.is_ascii_digit())
            })
            .map(|(_, t)| t.text.as_str())
            .collect();
        let words = self.lexicon.read(&raw);
        let mut hits = Vec::with_capacity(words.len());
        self.lexicon.cues(&words, &mut hits);
        Reading {
            words,
            hits,
            band: band.map(|(b, _)| b),
        }
    }

    fn join(&self, words: &[Word], keep: impl Fn(usize) -> bool) -> String {
        let mut out = String::new();
        for (i, w) in words.iter().enumerate() {
            if keep(i) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(self.lexicon.word_text(w));
            }
        }
        out
    }

    /// Matches one title.
    ///
    /// ```
    /// use role_standardiser::{Matcher, Status};
    /// let matcher = Matcher::builtin().expect("built-in mappings are valid");
    /// let result = matcher.match_title("Physio Asst - MSK - Band 3");
    /// assert_eq!(result.status, Status::Matched);
    /// assert_eq!(result.role.map(|r| r.id).as_deref(), Some("physiotherapy.senior-support-worker"));
    /// assert_eq!(result.band.map(|b| b.value), Some(3));
    /// ```
    pub fn match_title(&self, title: &str) -> MatchResult {
        let reading = self.read(title);
        let mut evidence = self.weigh(&reading);
        let normalised = self.join(&reading.words, |_| true);
        let core = self.core(&reading);
        let mut explanation = Explanation {
            normalised,
            qualifiers: reading
                .hits
                .iter()
                .filter(|h| matches!(h.cue, Cue::Qualifier(_) | Cue::Trainee))
                .map(|h| self.join(&reading.words[h.start..h.end], |_| true))
                .collect(),
            matched: core.clone(),
            reason: String::new(),
            corrected: reading
                .words
                .iter()
                .filter(|w| w.corrected)
                .map(|w| self.lexicon.word_text(w).to_string())
                .collect(),
            unrecognised: reading
                .words
                .iter()
                .filter(|w| w.id.is_none())
                .map(|w| w.text.clone())
                .collect(),
        };
        let mut result = MatchResult {
            input: title.to_string(),
            status: Status::NoMatch,
            confidence: 0.0,
            role: None,
            band: None,
            alternatives: Vec::new(),
            qualifiers: evidence.qualifiers.clone(),
            // Every return below sets the explanation.
            explanation: Explanation::default(),
        };

        // Local mappings win over everything but an empty title.
        if let Some(entry) = self
            .local
            .get(&explanation.normalised)
            .or_else(|| self.local.get(&core))
        {
            explanation.reason = format!("local mapping (line {})", entry.line);
            let band = match (reading.band, entry.band) {
                (Some(b), _) => stated(b),
                (None, Some(value)) => Band {
                    value,
                    source: BandSource::Local,
                    max: None,
                },
                (None, None) => self.typical(entry.role),
            };
            result.status = Status::Matched;
            result.confidence = 1.0;
            result.role = Some(RoleRef::from(self.taxonomy.role(entry.role)));
            result.band = Some(band);
            result.explanation = explanation;
            return result;
        }

        if reading.words.is_empty() {
            return rejected(result, explanation, "empty title".into());
        }
        // Context words (schools, laboratory, nail surgery) do not exclude a title that names an
        // AHP profession and a support role; job words (manager, admin, porter, technician of
        // another field) always do.
        let named_specific = evidence.names_specific_profession(&self.taxonomy);
        if named_specific
            && evidence.names_support_role()
            && matches!(
                evidence.exclusion,
                Some(Exclusion::NonHealth | Exclusion::Complementary)
            )
        {
            evidence.exclusion = None;
        }
        if let Some(exclusion) = evidence.exclusion {
            return rejected(result, explanation, exclusion.reason().into());
        }
        let misspelt = |w: &String| self.lexicon.resembles_role_word(w);
        if !named_specific && explanation.unrecognised.iter().any(misspelt) {
            // Words not understood and no named profession: try the whole title against known
            // titles. A close one is evidence worth a review, never an auto-accept.
            if let Some((similarity, role, known)) = self.nearest_title(&explanation.normalised) {
                evidence.roles.push((role, false));
                evidence.fuzzy = Some(similarity);
                explanation.matched = format!("{known} (whole-title similarity {similarity:.2})");
            }
        }
        if !evidence.registered.is_empty() && !evidence.names_support_role() {
            let reason = "a registered or professional title, out of scope".into();
            return rejected(result, explanation, reason);
        }
        if evidence.professions.is_empty() && !evidence.names_support_role() {
            let reason = "no AHP support role or profession recognised".into();
            return rejected(result, explanation, reason);
        }
        let health_context = evidence
            .qualifiers
            .iter()
            .any(|q| matches!(q.kind, "specialty" | "setting"));
        if evidence.professions.is_empty()
            && evidence.roles.is_empty()
            && !explanation.unrecognised.is_empty()
            && !health_context
        {
            let reason = format!(
                "a role noun with no health profession or setting (`{}` not recognised)",
                explanation.unrecognised.join(" ")
            );
            return rejected(result, explanation, reason);
        }

        let decision = self.decide(&evidence, &reading);
        let role = self.taxonomy.role(decision.role);
        let band = match reading.band {
            Some(b) => stated(b),
            None => self.typical(decision.role),
        };
        let mut confidence = decision.confidence;
        explanation.reason = decision.reason.clone();
        if let Some(b) = reading.band {
            if b.value >= 6 {
                confidence *= 0.5;
                explanation.reason += "; a stated band above 5 is not a support post";
            } else if b.value.abs_diff(role.band) >= 2 {
                confidence *= 0.7;
                explanation.reason += "; the stated band is far from the role's";
            }
        }
        let unknown = explanation.unrecognised.len().min(5) as i32;
        confidence *= 0.97f64.powi(unknown);
        confidence = round2(confidence);

        result.status = if confidence >= self.config.accept {
            Status::Matched
        } else if confidence >= self.config.reject {
            Status::Review
        } else {
            Status::NoMatch
        };
        if result.status != Status::NoMatch {
            result.role = Some(RoleRef::from(role));
            result.band = Some(band);
        }
        result.confidence = confidence;
        result.alternatives = self.alternatives(&decision, confidence);
        result.explanation = explanation;
        result
    }

    /// The known title most like a whole normalised title, when similar enough (0.8 and up,
    /// normalised Damerau-Levenshtein) to be worth a review. Out of line: few titles need it, and
    /// the browser compiles a function on its first call, whole.
    #[inline(never)]
    fn nearest_title(&self, normalised: &str) -> Option<(f64, RoleIndex, &str)> {
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

    /// The words that carry the role: everything but qualifiers, ignored words and unknowns.
    fn core(&self, reading: &Reading) -> String {
        let mut keep = vec![false; reading.words.len()];
        for h in &reading.hits {
            if !matches!(h.cue, Cue::Qualifier(_) | Cue::Ignore) {
                keep[h.start..h.end].iter_mut().for_each(|k| *k = true);
            }
        }
        self.join(&reading.words, |i| keep[i])
    }

    fn weigh(&self, reading: &Reading) -> Evidence {
        let mut e = Evidence::default();
        let has_word = |w: &str| reading.words.iter().any(|x| self.lexicon.word_text(x) == w);
        // "Assistant Speech Therapy Practitioner": an assistant practitioner, split in two.
        let split_ap = has_word("practitioner") && (has_word("assistant") || has_word("associate"));
        for h in &reading.hits {
            let words = &reading.words[h.start..h.end];
            let weak = words.iter().all(|w| w.ambiguous || w.corrected);
            match h.cue {
                Cue::Profession(p) => e.professions.push((p, weak)),
                Cue::Registered(_) if split_ap && self.is_single(words, "practitioner") => {
                    e.heads.push(Level::AssistantPractitioner)
                }
                Cue::Registered(p) => e.registered.push(p),
                Cue::Exclude(x) => e.exclusion = e.exclusion.or(Some(x)),
                Cue::Head(l) => e.heads.push(l),
                Cue::Level(l) => e.modifiers.push(l),
                Cue::Trainee => {
                    e.trainee = true;
                    e.qualifiers.push(Qualifier {
                        kind: "trainee",
                        value: self.join(words, |_| true),
                    });
                }
                Cue::Role { role, review } => e.roles.push((role, review)),
                Cue::Qualifier(kind) => e.qualifiers.push(Qualifier {
                    kind: match kind {
                        QualifierKind::Contract => "contract",
                        QualifierKind::Specialty => "specialty",
                        QualifierKind::Setting => "setting",
                    },
                    value: self.join(words, |_| true),
                }),
                Cue::Ignore => {}
            }
        }
        if !e.heads.is_empty() || !e.roles.is_empty() {
            // A support role named beside a registered title: "Occupational therapist assistant".
            for p in e.registered.iter().flatten() {
                e.professions.push((*p, false));
            }
        }
        e
    }

    fn is_single(&self, words: &[Word], text: &str) -> bool {
        words.len() == 1 && self.lexicon.word_text(&words[0]) == text
    }

    fn decide(&self, e: &Evidence, reading: &Reading) -> Decision {
        let mut reasons: Vec<String> = Vec::new();
        let mut confidence = 0.98f64;

        // Profession: the most specific named; weak readings yield to firm ones.
        let mut named: Vec<(Profession, bool)> = e.professions.clone();
        for &(role, _) in &e.roles {
            named.push((self.taxonomy.role(role).profession, false));
        }
        if named.iter().any(|(_, weak)| !weak) {
            named.retain(|(_, weak)| !weak);
        } else if !named.is_empty() {
            confidence *= 0.93;
            reasons.push("profession read from a corrected or ambiguous word".into());
        }
        let generality = named.iter().map(|(p, _)| p.generality()).min();
        let mut candidates: Vec<Profession> = named
            .iter()
            .filter(|(p, _)| Some(p.generality()) == generality)
            .map(|(p, _)| *p)
            .collect();
        candidates.sort();
        candidates.dedup();
        let (profession, others, vague) = match candidates.as_slice() {
            [] => {
                confidence *= 0.55;
                reasons.push("names no profession".into());
                (Profession::HealthcareSupport, Vec::new(), true)
            }
            [p] => {
                reasons.push(format!("profession {}", p.id()));
                (*p, Vec::new(), false)
            }
            many => {
                confidence *= 0.6;
                reasons.push(format!(
                    "names several professions ({})",
                    many.iter().map(|p| p.id()).collect::<Vec<_>>().join(", ")
                ));
                (Profession::MultiTherapy, many.to_vec(), false)
            }
        };

        // Level: the strongest role noun, then modifiers, trainee and a stated band.
        let role_levels = e.roles.iter().map(|&(r, _)| self.taxonomy.role(r).level);
        let base = e.heads.iter().copied().chain(role_levels).max();
        let mut level = match base {
            Some(l) => l,
            None => {
                confidence *= 0.6;
                reasons.push("no role noun such as assistant or support worker".into());
                Level::SeniorSupportWorker
            }
        };
        let mut specific = level >= Level::TraineeAssistantPractitioner
            || profession == Profession::Ambulance
            || e.roles.iter().any(|&(r, _)| {
                matches!(
                    self.taxonomy.role(r).profession,
                    Profession::ExerciseRehabilitation
                )
            });
        for &m in &e.modifiers {
            match m {
                Level::HigherLevel if level >= Level::AssistantPractitioner => {
                    level = Level::HigherLevel
                }
                Level::HigherLevel | Level::SeniorSupportWorker => {
                    level = level.max(Level::SeniorSupportWorker)
                }
                Level::AssistantPractitioner => {
                    level = level.max(Level::AssistantPractitioner);
                    specific = true;
                }
                Level::SupportWorker if level <= Level::SeniorSupportWorker => {
                    level = Level::SupportWorker
                }
                _ => {}
            }
        }
        if e.trainee {
            level = if level >= Level::AssistantPractitioner {
                specific = true;
                Level::TraineeAssistantPractitioner
            } else {
                Level::SupportWorker
            };
        }
        if let Some(b) = reading.band {
            // A stated band settles a generic level; band 5 lifts a band-4 post to the
            // unregistered higher level ("Band 5 Technical Instructor").
            if !specific || (b.value == 5 && level == Level::AssistantPractitioner) {
                if let Some(l) = Level::for_band(b.value) {
                    level = l;
                }
            }
        }
        reasons.push(format!("level {}", level.id()));

        if let Some(similarity) = e.fuzzy {
            confidence = confidence.min(similarity * 0.75);
            reasons.push("read by whole-title similarity".into());
        }
        if e.roles.iter().any(|&(_, review)| review) && e.professions.is_empty() {
            confidence *= 0.6;
            reasons.push("a title often used for other jobs".into());
        }
        let role = self
            .taxonomy
            .nearest(profession, level)
            .or_else(|| self.taxonomy.nearest(Profession::HealthcareSupport, level))
            .unwrap_or(0);
        if self.taxonomy.role(role).level != level {
            confidence *= 0.95;
            reasons.push(format!(
                "no {} level in {}, nearest taken",
                level.id(),
                profession.id()
            ));
        }
        Decision {
            role,
            level,
            confidence,
            others,
            vague,
            generic_named: named
                .iter()
                .map(|(p, _)| *p)
                .filter(|p| p.generality() > 0 && *p != profession)
                .collect(),
            reason: reasons.join("; "),
        }
    }

    fn alternatives(&self, d: &Decision, confidence: f64) -> Vec<Alternative> {
        let mut alts: Vec<(RoleIndex, f64)> = Vec::new();
        let chosen = self.taxonomy.role(d.role);
        for &p in &d.others {
            if let Some(r) = self.taxonomy.nearest(p, d.level) {
                alts.push((r, confidence * 0.9));
            }
        }
        if d.vague {
            let mut by_size: Vec<(Profession, u32)> = self
                .taxonomy
                .professions()
                .iter()
                .filter(|p| p.profession.generality() < 2)
                .map(|p| (p.profession, p.support_fte))
                .collect();
            by_size.sort_by_key(|&(_, fte)| std::cmp::Reverse(fte));
            for (rank, (p, _)) in by_size.iter().enumerate() {
                if let Some(r) = self.taxonomy.role_for(*p, d.level) {
                    alts.push((r, confidence * (0.8 - 0.1 * rank as f64).max(0.2)));
                }
            }
        }
        for &p in &d.generic_named {
            if let Some(r) = self.taxonomy.nearest(p, d.level) {
                alts.push((r, confidence * 0.3));
            }
        }
        for l in Level::ALL {
            let step = (l.typical_band() as i8 - chosen.level.typical_band() as i8).abs();
            if l != chosen.level && step <= 1 {
                if let Some(r) = self.taxonomy.role_for(chosen.profession, l) {
                    alts.push((r, confidence * if step == 0 { 0.3 } else { 0.25 }));
                }
            }
        }
        alts.retain(|&(r, _)| r != d.role);
        alts.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut out: Vec<Alternative> = Vec::new();
        for (r, c) in alts {
            if out.len() < self.config.max_alternatives
                && !out.iter().any(|a| a.role.id == self.taxonomy.role(r).id)
            {
                out.push(Alternative {
                    role: RoleRef::from(self.taxonomy.role(r)),
                    confidence: round2(c),
                });
            }
        }
        out
    }

    fn typical(&self, role: RoleIndex) -> Band {
        Band {
            value: self.taxonomy.role(role).band,
            source: BandSource::Typical,
            max: None,
        }
    }
}

struct Decision {
    role: RoleIndex,
    level: Level,
    confidence: f64,
    /// Other professions named as strongly as the chosen one.
    others: Vec<Profession>,
    /// No profession named at all.
    vague: bool,
    /// Generic professions (therapy, healthcare) named beside a specific one.
    generic_named: Vec<Profession>,
    reason: String,
}

fn stated(b: StatedBand) -> Band {
    Band {
        value: b.value,
        source: BandSource::Stated,
        max: b.max,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
