//! The vocabulary a title is read with: abbreviations, cue phrases and known words.
//!
//! Built once from `mappings/abbreviations.csv` and `mappings/cues.csv`. Words are interned to
//! numbers so that a phrase lookup is a hash of a slice of `u32`, with no allocation per lookup.
//! Unknown words are corrected against the vocabulary when the edit is small (`Occupatonal`,
//! `Physiotheraphy`, `Speach`), split when two known words ran together (`physioassistant`), and
//! otherwise kept as unrecognised.

use super::normalise::tokenise;
use super::spelling::osa_within;
use super::table::Table;
use super::taxonomy::{Level, Profession, RoleIndex, Taxonomy};
use crate::error::{Error, ErrorKind};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Interned word id.
pub type WordId = u32;

/// What a phrase in `cues.csv` tells the matcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// Names a profession (`physiotherapy`, `theatres`).
    Profession(Profession),
    /// Names a profession only where it names the post (`urgent care assistant`); elsewhere in
    /// the title it is the setting (`Nursing Assistant - Medicine and Urgent Care`).
    PostProfession(Profession),
    /// A registered professional's title (`physiotherapist`); out of scope unless a support role
    /// noun follows it in the post (`occupational therapist assistant`).
    Registered(Option<Profession>),
    /// A registered professional of a field outside AHP support (`nurse`, `doctor`,
    /// `psychologist`, `social worker`): out of scope, even with a support role noun after it
    /// (`nurse associate`, `doctors assistant`).
    Professional,
    /// Always out of scope (managers, admin, porters, unrelated technicians, complementary
    /// therapists, non-health support).
    Exclude(Exclusion),
    /// Out of scope where it names the post (`cardiology technician`); elsewhere in the title the
    /// department the post is in (`Healthcare Assistant - Cardiology`).
    PostExclude(Exclusion),
    /// A role noun (`assistant`, `support worker`, `technician`) and the level it implies.
    Head(Level),
    /// A role noun many other jobs use too (`worker`, `support`): with no health word beside it
    /// and words not understood, the title is not read as a support role (`Recovery Worker`).
    WeakHead(Level),
    /// A level modifier (`senior`, `higher level`, `advanced`).
    Level(Level),
    /// `trainee`, `apprentice`: one step below the role named.
    Trainee,
    /// A phrase naming a whole role; `review` marks titles that are often something else.
    Role {
        /// The role.
        role: RoleIndex,
        /// Never auto-accept on this phrase alone.
        review: bool,
    },
    /// A qualifier worth reporting but not matching on.
    Qualifier(QualifierKind),
    /// A word that carries no meaning for the match.
    Ignore,
}

/// Why a title is out of scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// Managers, directors, heads of service.
    Manager,
    /// Administrative, clerical and control-room staff.
    Admin,
    /// Porters, domestic, catering and other ancillary staff.
    Ancillary,
    /// Technicians of other fields (occupational health, pharmacy, estates).
    UnrelatedTechnician,
    /// Complementary and other non-AHP therapists.
    Complementary,
    /// Support roles outside health (education, housing, social care) and non-health trades.
    NonHealth,
    /// Support to a field of health outside AHP: psychology, medicine, research, education,
    /// healthcare science.
    OtherField,
}

impl Exclusion {
    fn from_id(id: &str) -> Option<Exclusion> {
        Some(match id {
            "manager" => Exclusion::Manager,
            "admin" => Exclusion::Admin,
            "ancillary" => Exclusion::Ancillary,
            "unrelated-technician" => Exclusion::UnrelatedTechnician,
            "complementary" => Exclusion::Complementary,
            "non-health" => Exclusion::NonHealth,
            "other-field" => Exclusion::OtherField,
            _ => return None,
        })
    }

    /// A sentence for the explanation.
    pub fn reason(self) -> &'static str {
        match self {
            Exclusion::Manager => "a management title, out of scope",
            Exclusion::Admin => "an administrative or control-room title, out of scope",
            Exclusion::Ancillary => "a porter, domestic or ancillary title, out of scope",
            Exclusion::UnrelatedTechnician => "a technician of another field, out of scope",
            Exclusion::Complementary => "a complementary or non-AHP therapist, out of scope",
            Exclusion::NonHealth => "a support role outside health, out of scope",
            Exclusion::OtherField => {
                "support to a field outside AHP (psychology, medicine, research, education, science), out of scope"
            }
        }
    }
}

/// The kind of a qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QualifierKind {
    /// Contract or working pattern: bank, fixed term, nights.
    Contract,
    /// Specialty or client group: MSK, stroke, paediatric.
    Specialty,
    /// Setting or place: community, inpatient.
    Setting,
}

/// An abbreviation's expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expansion {
    pub(crate) words: Cow<'static, [WordId]>,
    /// A weak reading that yields to any other profession (`PT`, also part-time).
    pub(crate) ambiguous: bool,
}

/// Where a word stands in its title: the part (segment) and, within it, the role of a list
/// (alternative) it belongs to, both counted from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    /// The part of the title, split at commas, brackets, colons and spaced dashes.
    pub segment: u16,
    /// The role of a list within the part, split at `/` and `or`.
    pub alternative: u16,
}

/// One word of a title after reading: a known word, or an unrecognised one kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The known word, if any.
    pub id: Option<WordId>,
    /// The word as read (after correction, when corrected).
    pub text: String,
    /// Comes from an ambiguous abbreviation.
    pub ambiguous: bool,
    /// Was corrected from a typo.
    pub corrected: bool,
    /// Where its token stands in the title.
    pub place: Place,
}

/// A cue found in a title, with the span of words it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// What the phrase means.
    pub cue: Cue,
    /// First word covered.
    pub start: usize,
    /// One past the last word covered.
    pub end: usize,
}

/// The vocabulary, built once.
///
/// Its tables are borrowed from the compiled-in form for the built-in mappings
/// (`crate::builtin`) and owned when parsed from other files.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    pub(crate) ids: HashMap<Cow<'static, str>, WordId>,
    pub(crate) texts: Vec<Cow<'static, str>>,
    /// Correction candidates by first letter: words of four letters or more that carry role
    /// meaning (professions, role nouns, levels, abbreviations), never exclusions or qualifiers,
    /// so that a typo can only be read as a support role, not out of scope.
    pub(crate) by_initial: HashMap<char, Cow<'static, [WordId]>>,
    /// Correctable words of five letters or more by first three (`<abc`) and last three
    /// (`>xyz`) letters: candidates for the misspelling gate.
    pub(crate) by_affix: HashMap<[u8; 4], Cow<'static, [WordId]>>,
    /// The other cue words of five letters or more (qualifiers, exclusions, connecting words) by
    /// first letter: an unknown word within a small edit of one is that word misspelt
    /// (`actue`), not a role word, and does not open whole-title fuzzy matching.
    pub(crate) others_by_initial: HashMap<char, Cow<'static, [WordId]>>,
    pub(crate) abbreviations: HashMap<Cow<'static, [WordId]>, Expansion>,
    pub(crate) longest_abbreviation: usize,
    pub(crate) cues: HashMap<Cow<'static, [WordId]>, Cue>,
    pub(crate) longest_cue: usize,
    /// Bytes in the longest known word: no longer token can be two known words run together.
    pub(crate) longest_word: usize,
}

impl Lexicon {
    /// Parses and validates the abbreviation and cue tables against a taxonomy.
    pub fn parse(
        abbreviations_csv: &str,
        abbreviations_file: &str,
        cues_csv: &str,
        cues_file: &str,
        taxonomy: &Taxonomy,
    ) -> Result<Lexicon, Error> {
        let mut lexicon = Lexicon {
            ids: HashMap::new(),
            texts: Vec::new(),
            by_initial: HashMap::new(),
            by_affix: HashMap::new(),
            others_by_initial: HashMap::new(),
            abbreviations: HashMap::new(),
            longest_abbreviation: 0,
            cues: HashMap::new(),
            longest_cue: 0,
            longest_word: 0,
        };
        let table = Table::new(cues_csv, cues_file)?;
        table.require_columns(&["phrase", "kind", "value"])?;
        let mut first_lines: HashMap<Vec<WordId>, usize> = HashMap::new();
        let mut correctable: Vec<WordId> = Vec::new();
        let mut cue_words: HashSet<WordId> = HashSet::new();
        for row in &table.rows {
            let phrase = table.required(row, "phrase")?;
            let kind = table.required(row, "kind")?;
            let value = table.get(row, "value").unwrap_or_default();
            let review = table.get(row, "review").is_some_and(|v| v == "yes");
            let profession = || {
                Profession::from_id(value)
                    .ok_or_else(|| table.error(row, ErrorKind::UnknownProfession(value.into())))
            };
            let level = || {
                Level::from_id(value)
                    .ok_or_else(|| table.error(row, ErrorKind::UnknownLevel(value.into())))
            };
            let post = match table.get(row, "where").unwrap_or_default() {
                "" => false,
                "post" => true,
                other => {
                    let kind = ErrorKind::UnknownValue {
                        column: "where".into(),
                        value: other.into(),
                    };
                    return Err(table.error(row, kind));
                }
            };
            let exclusion = || {
                Exclusion::from_id(value)
                    .ok_or_else(|| table.error(row, ErrorKind::UnknownExclusion(value.into())))
            };
            let cue = match kind {
                "profession" if post => Cue::PostProfession(profession()?),
                "profession" => Cue::Profession(profession()?),
                "registered" if value.is_empty() => Cue::Registered(None),
                "registered" => Cue::Registered(Some(profession()?)),
                "professional" => Cue::Professional,
                "exclude" if post => Cue::PostExclude(exclusion()?),
                "exclude" => Cue::Exclude(exclusion()?),
                "head" if review => Cue::WeakHead(level()?),
                "head" => Cue::Head(level()?),
                "level" => Cue::Level(level()?),
                "trainee" => Cue::Trainee,
                "role" => Cue::Role {
                    role: taxonomy
                        .find(value)
                        .ok_or_else(|| table.error(row, ErrorKind::UnknownRole(value.into())))?,
                    review,
                },
                "qualifier" => Cue::Qualifier(match value {
                    "contract" => QualifierKind::Contract,
                    "specialty" => QualifierKind::Specialty,
                    "setting" => QualifierKind::Setting,
                    _ => return Err(table.error(row, ErrorKind::UnknownQualifier(value.into()))),
                }),
                "ignore" => Cue::Ignore,
                other => return Err(table.error(row, ErrorKind::UnknownKind(other.into()))),
            };
            let key = lexicon.intern_phrase(phrase);
            if key.is_empty() {
                return Err(table.error(row, ErrorKind::BlankCell("phrase".into())));
            }
            table.first_sighting(&mut first_lines, key.clone(), phrase, row)?;
            if post && !matches!(cue, Cue::PostProfession(_) | Cue::PostExclude(_)) {
                let kind = ErrorKind::UnknownValue {
                    column: "where".into(),
                    value: format!("post (only for kinds profession and exclude, not {kind})"),
                };
                return Err(table.error(row, kind));
            }
            let role_meaning = !matches!(
                cue,
                Cue::Exclude(_) | Cue::PostExclude(_) | Cue::Qualifier(_) | Cue::Ignore
            );
            if role_meaning {
                correctable.extend(key.iter());
            }
            lexicon.longest_cue = lexicon.longest_cue.max(key.len());
            cue_words.extend(key.iter());
            lexicon.cues.insert(Cow::Owned(key), cue);
        }

        let table = Table::new(abbreviations_csv, abbreviations_file)?;
        table.require_columns(&["abbreviation", "expansion"])?;
        let mut first_lines: HashMap<Vec<WordId>, usize> = HashMap::new();
        for row in &table.rows {
            let key = lexicon.intern_phrase(table.required(row, "abbreviation")?);
            let words = lexicon.intern_phrase(table.required(row, "expansion")?);
            let shown = table.get(row, "abbreviation").unwrap_or_default();
            table.first_sighting(&mut first_lines, key.clone(), shown, row)?;
            if words.iter().any(|w| !cue_words.contains(w)) {
                return Err(table.error(
                    row,
                    ErrorKind::UnknownExpansionWord {
                        expansion: table.get(row, "expansion").unwrap_or_default().into(),
                        cues_file: cues_file.into(),
                    },
                ));
            }
            correctable.extend(key.iter());
            lexicon.longest_abbreviation = lexicon.longest_abbreviation.max(key.len());
            lexicon.abbreviations.insert(
                Cow::Owned(key),
                Expansion {
                    words: Cow::Owned(words),
                    ambiguous: table.get(row, "ambiguous").is_some_and(|v| v == "yes"),
                },
            );
        }
        correctable.sort_unstable();
        correctable.dedup();
        let mut others: Vec<WordId> = cue_words
            .into_iter()
            .filter(|w| correctable.binary_search(w).is_err())
            .collect();
        others.sort_unstable();
        for id in others {
            let text = &lexicon.texts[id as usize];
            index_by_initial(&mut lexicon.others_by_initial, text, id, 5);
        }
        for id in correctable {
            let text = &lexicon.texts[id as usize];
            if index_by_initial(&mut lexicon.by_initial, text, id, 4) {
                let n = text.len();
                if n >= 5 && text.bytes().all(|b| b.is_ascii_lowercase()) {
                    for key in [affix(b'<', &text[..3]), affix(b'>', &text[n - 3..])] {
                        lexicon.by_affix.entry(key).or_default().to_mut().push(id);
                    }
                }
            }
        }
        Ok(lexicon)
    }

    fn intern(&mut self, word: &str) -> WordId {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.texts.len() as WordId;
        self.longest_word = self.longest_word.max(word.len());
        self.ids.insert(Cow::Owned(word.to_string()), id);
        self.texts.push(Cow::Owned(word.to_string()));
        id
    }

    fn intern_phrase(&mut self, phrase: &str) -> Vec<WordId> {
        tokenise(phrase)
            .iter()
            .map(|t| self.intern(&t.text))
            .collect()
    }

    /// The text of a known word.
    pub fn text(&self, id: WordId) -> &str {
        &self.texts[id as usize]
    }

    /// Reads raw tokens, each with its place in the title, into words: known words are looked
    /// up, plurals folded, typos corrected, run-together words split, and abbreviations expanded
    /// (an abbreviation spans one place: the words of its expansion take the place of its first).
    pub fn read(&self, tokens: &[(&str, Place)]) -> Vec<Word> {
        let mut words: Vec<Word> = Vec::with_capacity(tokens.len() + 4);
        for &(token, place) in tokens {
            self.read_token(token, place, &mut words);
        }
        self.expand(words)
    }

    fn read_token(&self, token: &str, place: Place, out: &mut Vec<Word>) {
        let known = |id| Word {
            id: Some(id),
            text: String::new(),
            ambiguous: false,
            corrected: false,
            place,
        };
        if let Some(&id) = self.ids.get(token) {
            return out.push(known(id));
        }
        if let Some(id) = self.singular(token) {
            return out.push(known(id));
        }
        if token.contains('&') {
            // "a&b" that is no abbreviation reads as "a and b".
            for (i, part) in token.split('&').filter(|p| !p.is_empty()).enumerate() {
                if i > 0 {
                    self.read_token("and", place, out);
                }
                self.read_token(part, place, out);
            }
            return;
        }
        if let Some(id) = self.correct(token) {
            return out.push(Word {
                corrected: true,
                ..known(id)
            });
        }
        if let Some((a, b)) = self.split(token) {
            out.push(known(a));
            return out.push(known(b));
        }
        out.push(Word {
            id: None,
            text: token.to_string(),
            ambiguous: false,
            corrected: false,
            place,
        });
    }

    fn singular(&self, token: &str) -> Option<WordId> {
        if let Some(stem) = token.strip_suffix("ies") {
            if let Some(&id) = self.ids.get(format!("{stem}y").as_str()) {
                return Some(id);
            }
        }
        let stem = token.strip_suffix('s')?;
        (stem.len() >= 2).then(|| self.ids.get(stem).copied())?
    }

    /// The nearest correctable word within a small edit (1 for 5 to 7 letters, 2 from 8),
    /// sharing the first letter.
    fn correct(&self, token: &str) -> Option<WordId> {
        nearest_spelling(token, &self.by_initial, |id| self.text(id))
    }

    /// Two known words run together (`physioassistant`), each of three letters or more.
    fn split(&self, token: &str) -> Option<(WordId, WordId)> {
        // A token longer than two known words cannot be two known words. Without this bound
        // each split point hashes its prefix, which is quadratic: a 10 MB word took hours.
        if token.len() < 7 || token.len() > 2 * self.longest_word || !token.is_ascii() {
            return None;
        }
        (3..=token.len() - 3).find_map(|k| {
            let a = self.ids.get(&token[..k])?;
            let b = self
                .ids
                .get(&token[k..])
                .copied()
                .or_else(|| self.singular(&token[k..]))?;
            Some((*a, b))
        })
    }

    fn expand(&self, words: Vec<Word>) -> Vec<Word> {
        let mut out = Vec::with_capacity(words.len() + 4);
        let mut ids: Vec<WordId> = Vec::with_capacity(self.longest_abbreviation);
        let mut i = 0;
        'outer: while i < words.len() {
            for len in (1..=self.longest_abbreviation.min(words.len() - i)).rev() {
                ids.clear();
                let place = words[i].place;
                ids.extend(
                    words[i..i + len]
                        .iter()
                        .map_while(|w| w.id.filter(|_| w.place == place)),
                );
                if ids.len() < len {
                    continue;
                }
                if let Some(exp) = self.abbreviations.get(ids.as_slice()) {
                    for &id in exp.words.iter() {
                        out.push(Word {
                            id: Some(id),
                            text: String::new(),
                            ambiguous: exp.ambiguous,
                            corrected: false,
                            place: words[i].place,
                        });
                    }
                    i += len;
                    continue 'outer;
                }
            }
            out.push(words[i].clone());
            i += 1;
        }
        out
    }

    /// Finds cues left to right, longest phrase first, each within one segment.
    pub fn cues(&self, words: &[Word], out: &mut Vec<Hit>) {
        let mut ids: Vec<WordId> = Vec::with_capacity(self.longest_cue);
        let mut i = 0;
        'outer: while i < words.len() {
            for len in (1..=self.longest_cue.min(words.len() - i)).rev() {
                ids.clear();
                // A phrase stays within one part of the title.
                let segment = words[i].place.segment;
                ids.extend(
                    words[i..i + len]
                        .iter()
                        .map_while(|w| w.id.filter(|_| w.place.segment == segment)),
                );
                if ids.len() < len {
                    continue;
                }
                if let Some(&cue) = self.cues.get(ids.as_slice()) {
                    out.push(Hit {
                        cue,
                        start: i,
                        end: i + len,
                    });
                    i += len;
                    continue 'outer;
                }
            }
            i += 1;
        }
    }

    /// Whether an unrecognised word looks like a misspelt role word: normalised Levenshtein
    /// similarity of 0.65 or more to a role word of five letters or more that shares its first or
    /// last three letters, and no small edit from another known word. The gate for whole-title
    /// fuzzy matching, which is costly.
    pub fn resembles_role_word(&self, word: &str) -> bool {
        if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return false;
        }
        if nearest_spelling(word, &self.others_by_initial, |id| self.text(id)).is_some() {
            return false;
        }
        let n = word.len();
        [affix(b'<', &word[..3]), affix(b'>', &word[n - 3..])]
            .iter()
            .filter_map(|key| self.by_affix.get(key))
            .flat_map(|ids| ids.iter())
            .map(|&id| self.text(id))
            .filter(|c| c.len().abs_diff(n) <= 3)
            .any(|c| strsim::normalized_levenshtein(word, c) >= 0.65)
    }

    /// Known whole titles for whole-title fuzzy matching: every phrase naming a role, and every
    /// profession phrase followed by every role noun (`podiatry assistant`).
    pub fn known_titles(&self, taxonomy: &Taxonomy) -> Vec<(String, RoleIndex)> {
        let text = |key: &[WordId]| {
            key.iter()
                .map(|&w| self.text(w))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut professions = Vec::new();
        let mut heads = Vec::new();
        let mut out = Vec::new();
        for (key, cue) in &self.cues {
            match *cue {
                Cue::Role { role, .. } => out.push((text(key), role)),
                Cue::Profession(p) | Cue::PostProfession(p) => professions.push((text(key), p)),
                Cue::Head(l) | Cue::WeakHead(l) => heads.push((text(key), l)),
                _ => {}
            }
        }
        for (p_text, p) in &professions {
            for (h_text, l) in &heads {
                if let Some(role) = taxonomy.nearest(*p, *l) {
                    out.push((format!("{p_text} {h_text}"), role));
                }
            }
        }
        // A phrase that names a role keeps that role over a profession-and-noun reading of the
        // same words (`emergency care support worker`): the sort is stable, and role cues came first.
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    /// The text of a word, known or not.
    pub fn word_text<'w>(&'w self, word: &'w Word) -> &'w str {
        word.id.map_or(word.text.as_str(), |id| self.text(id))
    }
}

/// Adds a word to an index by first letter when it has at least `min_chars` letters and nothing
/// else; says whether it did.
fn index_by_initial(
    index: &mut HashMap<char, Cow<'static, [WordId]>>,
    text: &str,
    id: WordId,
    min_chars: usize,
) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.chars().count() < min_chars || !text.chars().all(char::is_alphabetic) {
        return false;
    }
    index.entry(first).or_default().to_mut().push(id);
    true
}

/// A three-letter prefix (`<`) or suffix (`>`) key.
fn affix(side: u8, three: &str) -> [u8; 4] {
    let b = three.as_bytes();
    [side, b[0], b[1], b[2]]
}

/// The word of `candidates` (by first letter) nearest `token` within a small edit: 1 for 5 to 7
/// letters, 2 from 8; the first of equals. Shorter or non-alphabetic tokens are never corrected.
fn nearest_spelling<'t>(
    token: &str,
    candidates: &HashMap<char, Cow<'static, [WordId]>>,
    text: impl Fn(WordId) -> &'t str,
) -> Option<WordId> {
    let n = token.chars().count();
    if n < 5 || !token.chars().all(char::is_alphabetic) {
        return None;
    }
    let limit = if n >= 8 { 2 } else { 1 };
    let first = token.chars().next()?;
    let mut best: Option<(usize, WordId)> = None;
    for &id in candidates.get(&first)?.iter() {
        let candidate = text(id);
        // A known word with two or more letters after it is another word, not a typo
        // ("supporting", "supported", "technically").
        let derived = token.len() >= candidate.len() + 2 && token.starts_with(candidate);
        if candidate.len().abs_diff(token.len()) > limit || derived {
            continue;
        }
        match osa_within(token, candidate, limit) {
            Some(d) if best.is_none_or(|(b, _)| d < b) => best = Some((d, id)),
            _ => {}
        }
    }
    best.map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use crate::vocab::Mappings;

    fn read(title: &str) -> String {
        let m = Mappings::builtin();
        let tokens = crate::vocab::tokenise(title);
        let raw: Vec<(&str, super::Place)> = tokens
            .iter()
            .map(|t| (t.text.as_str(), super::Place::default()))
            .collect();
        let words = m.lexicon.read(&raw);
        words
            .iter()
            .map(|w| m.lexicon.word_text(w))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn abbreviations_expand_longest_first() {
        let cases = [
            ("OTA", "occupational therapy assistant"),
            ("SALT asst", "speech and language therapy assistant"),
            ("S&LT Snr Wkr", "speech and language therapy senior worker"),
            ("S & LT", "speech and language therapy"),
            ("Tech Instructor", "technical instructor"),
            ("Physio Tech", "physiotherapy technician"),
            ("Rehab SW", "rehabilitation support worker"),
            ("HCSW", "healthcare support worker"),
            ("Trainee AP", "trainee assistant practitioner"),
        ];
        for (title, want) in cases {
            assert_eq!(read(title), want, "{title}");
        }
    }

    #[test]
    fn typos_are_corrected_toward_role_words_only() {
        let cases = [
            ("Occupatonal", "occupational"),
            ("Occuaptional", "occupational"),
            ("Physiotheraphy", "physiotherapy"),
            ("Speach", "speech"),
            ("Podiatary", "podiatry"),
            ("Asistant", "assistant"),
            // Real words are not pulled toward exclusions or qualifiers, nor a known word with
            // an ending toward that word.
            ("Waking", "waking"),
            ("Supporting", "supporting"),
            ("Cutter", "cutter"),
            // Too short to correct safely.
            ("Phys0", "phys0"),
        ];
        for (title, want) in cases {
            assert_eq!(read(title), want, "{title}");
        }
    }

    #[test]
    fn a_huge_word_is_read_in_linear_time() {
        let word = "a".repeat(1 << 20);
        let start = std::time::Instant::now();
        assert_eq!(read(&word), word);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn plurals_and_run_together_words() {
        assert_eq!(read("Theatres Helpers"), "theatre helper");
        assert_eq!(read("Therapies"), "therapies");
        assert_eq!(read("physioassistant"), "physiotherapy assistant");
        assert_eq!(read("occupationaltherapy"), "occupational therapy");
    }
}
