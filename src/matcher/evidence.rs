//! Weighing a reading, the second step: what its cues add up to (professions, role nouns,
//! levels, registered titles, exclusions, qualifiers), and the rules that put a title out of
//! scope before any role is chosen. A title whose words are not understood may be compared with
//! the known whole titles here (the fuzzy fallback).

use super::reading::{join, Reading};
use crate::result::{Explanation, Qualifier};
use crate::vocab::{
    Cue, Exclusion, Level, Lexicon, Profession, QualifierKind, RoleIndex, Taxonomy,
};

/// What the cues of a title add up to, before a role is chosen.
#[derive(Default)]
pub(super) struct Evidence {
    /// Professions named, with whether only by a weak or corrected word.
    pub(super) professions: Vec<(Profession, bool)>,
    pub(super) registered: Vec<Option<Profession>>,
    pub(super) exclusion: Option<Exclusion>,
    pub(super) heads: Vec<Level>,
    pub(super) modifiers: Vec<Level>,
    pub(super) roles: Vec<(RoleIndex, bool)>,
    pub(super) trainee: bool,
    pub(super) qualifiers: Vec<Qualifier>,
    /// Similarity of the nearest known title, when the role came from whole-title fuzzy matching.
    pub(super) fuzzy: Option<f64>,
}

/// The nearest known whole title to a normalised title: similarity, role and the known title.
pub(super) type Nearest<'k> = Option<(f64, RoleIndex, &'k str)>;

impl Evidence {
    /// Collects the cues of a reading.
    pub(super) fn weigh(lexicon: &Lexicon, reading: &Reading) -> Evidence {
        let mut e = Evidence::default();
        let has_word = |w: &str| reading.words.iter().any(|x| lexicon.word_text(x) == w);
        // "Assistant Speech Therapy Practitioner": an assistant practitioner, split in two.
        let split_ap = has_word("practitioner") && (has_word("assistant") || has_word("associate"));
        for h in &reading.hits {
            let words = &reading.words[h.start..h.end];
            let weak = words.iter().all(|w| w.ambiguous || w.corrected);
            let single_practitioner =
                words.len() == 1 && lexicon.word_text(&words[0]) == "practitioner";
            match h.cue {
                Cue::Profession(p) => e.professions.push((p, weak)),
                Cue::Registered(_) if split_ap && single_practitioner => {
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
                        value: join(lexicon, words, |_| true),
                    });
                }
                Cue::Role { role, review } => e.roles.push((role, review)),
                Cue::Qualifier(kind) => e.qualifiers.push(Qualifier {
                    kind: match kind {
                        QualifierKind::Contract => "contract",
                        QualifierKind::Specialty => "specialty",
                        QualifierKind::Setting => "setting",
                    },
                    value: join(lexicon, words, |_| true),
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

    /// A role noun or a whole-role phrase is present.
    pub(super) fn names_support_role(&self) -> bool {
        !self.heads.is_empty() || !self.roles.is_empty()
    }

    /// A named AHP (not generic therapy or healthcare support), by cue or by role phrase.
    pub(super) fn names_specific_profession(&self, taxonomy: &Taxonomy) -> bool {
        self.professions.iter().any(|(p, _)| p.generality() == 0)
            || self
                .roles
                .iter()
                .any(|&(r, _)| taxonomy.role(r).profession.generality() == 0)
    }

    /// Why the title is out of scope, if it is: the rules in order, the first that applies.
    ///
    /// Before the rules about what is missing, a title with an unrecognised word that looks like
    /// a misspelt role word, and no named AHP, is compared with the known whole titles (`nearest`,
    /// costly, so only then): a close one adds its role, worth a review and never an auto-accept.
    pub(super) fn rule_out<'k>(
        &mut self,
        reading: &Reading,
        lexicon: &Lexicon,
        taxonomy: &Taxonomy,
        explanation: &mut Explanation,
        nearest: impl FnOnce(&str) -> Nearest<'k>,
    ) -> Option<String> {
        if reading.words.is_empty() {
            return Some("empty title".into());
        }
        // Context words (schools, laboratory, nail surgery) do not exclude a title that names an
        // AHP profession and a support role; job words (manager, admin, porter, technician of
        // another field) always do.
        let named_specific = self.names_specific_profession(taxonomy);
        if named_specific
            && self.names_support_role()
            && matches!(
                self.exclusion,
                Some(Exclusion::NonHealth | Exclusion::Complementary)
            )
        {
            self.exclusion = None;
        }
        if let Some(exclusion) = self.exclusion {
            return Some(exclusion.reason().into());
        }
        let misspelt = |w: &String| lexicon.resembles_role_word(w);
        if !named_specific && explanation.unrecognised.iter().any(misspelt) {
            if let Some((similarity, role, known)) = nearest(&explanation.normalised) {
                self.roles.push((role, false));
                self.fuzzy = Some(similarity);
                explanation.matched = format!("{known} (whole-title similarity {similarity:.2})");
            }
        }
        if !self.registered.is_empty() && !self.names_support_role() {
            return Some("a registered or professional title, out of scope".into());
        }
        if self.professions.is_empty() && !self.names_support_role() {
            return Some("no AHP support role or profession recognised".into());
        }
        let health_context = self
            .qualifiers
            .iter()
            .any(|q| matches!(q.kind, "specialty" | "setting"));
        if self.professions.is_empty()
            && self.roles.is_empty()
            && !explanation.unrecognised.is_empty()
            && !health_context
        {
            return Some(format!(
                "a role noun with no health profession or setting (`{}` not recognised)",
                explanation.unrecognised.join(" ")
            ));
        }
        None
    }
}
