//! Weighing a reading, the second step: what its cues add up to (professions, role nouns,
//! levels, registered titles, exclusions, qualifiers), and the rules that put a title out of
//! scope before any role is chosen. A title whose words are not understood may be compared with
//! the known whole titles here (the fuzzy fallback).
//!
//! A title is read as a post and its context. The post is the first part of the title (parts are
//! split at commas, brackets, colons and spaced dashes) that holds a role noun; the rest is
//! context (`Physiotherapist - Community Support Team`: a physiotherapist, in a support team).
//! A post may list several roles (`Social Worker/OT`, `Healthcare Assistant / Receptionist`);
//! each is read on its own, its last role noun heading it (`Nutrition Support Dietitian` is a
//! dietitian, `Occupational Therapist Assistant` an assistant). A post is a support role only in
//! the roles of it that are support roles; when others of its roles are not, the result is for a
//! person to review.

use super::reading::{join, Reading};
use crate::result::{Explanation, Qualifier};
use crate::vocab::{
    Cue, Exclusion, Hit, Level, Lexicon, Profession, QualifierKind, RoleIndex, Taxonomy,
};

/// What the cues of a title add up to, before a role is chosen.
#[derive(Default)]
pub(super) struct Evidence {
    /// Professions the post names, with whether only by a weak or corrected word.
    pub(super) professions: Vec<(Profession, bool)>,
    /// Professions named elsewhere in the title (`Support Worker - Physiotherapy`), likewise.
    pub(super) context_professions: Vec<(Profession, bool)>,
    /// The post is a registered or professional title, not a support role.
    pub(super) registered: bool,
    pub(super) exclusion: Option<Exclusion>,
    /// Role nouns of the post, with whether each is one many other jobs use (`worker`).
    pub(super) heads: Vec<(Level, bool)>,
    pub(super) modifiers: Vec<Level>,
    pub(super) roles: Vec<(RoleIndex, bool)>,
    pub(super) trainee: bool,
    pub(super) qualifiers: Vec<Qualifier>,
    /// The post lists roles of which some are not support roles.
    pub(super) mixed: bool,
    /// Words of the post's support roles that are not understood.
    pub(super) unknown_in_post: Vec<String>,
    /// Similarity of the nearest known title, when the role came from whole-title fuzzy matching.
    pub(super) fuzzy: Option<f64>,
}

/// The nearest known whole title to a normalised title: similarity, role and the known title.
pub(super) type Nearest<'k> = Option<(f64, RoleIndex, &'k str)>;

/// A role noun of a title.
#[derive(Clone, Copy)]
enum Noun {
    /// A support role noun and its level; `weak` for one many other jobs use (`worker`).
    Support { level: Level, weak: bool },
    /// A phrase naming a whole role.
    Role { role: RoleIndex, review: bool },
    /// A registered title of an AHP (or of none named).
    Registered(Option<Profession>),
    /// A registered professional of another field.
    Professional,
}

/// What one role of a post's list is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A support role.
    Support,
    /// A registered or other role, or one excluded (by this exclusion).
    Other(Option<Exclusion>),
    /// Only a profession (`OT` in `OT/Physio Assistant`): it shares the next role's noun.
    ProfessionOnly,
    /// Nothing of a role.
    Nothing,
}

impl Evidence {
    /// Collects the cues of a reading: its post's roles, each read head-last, and the
    /// professions, levels, exclusions and qualifiers of the whole title.
    pub(super) fn weigh(lexicon: &Lexicon, taxonomy: &Taxonomy, reading: &Reading) -> Evidence {
        let words = &reading.words;
        let text = |h: &Hit| join(lexicon, &words[h.start..h.end], |_| true);
        let has_word = |w: &str| words.iter().any(|x| lexicon.word_text(x) == w);
        let corrected = |h: &Hit| words[h.start..h.end].iter().any(|w| w.corrected);
        // "Assistant Speech Therapy Practitioner": an assistant practitioner, split in two.
        let split_ap = has_word("practitioner") && (has_word("assistant") || has_word("associate"));
        let noun = |h: &Hit| -> Option<Noun> {
            Some(match h.cue {
                Cue::Head(level) => Noun::Support { level, weak: false },
                Cue::WeakHead(level) => Noun::Support { level, weak: true },
                Cue::Role { role, review } => Noun::Role { role, review },
                Cue::Registered(_) if split_ap && text(h) == "practitioner" => Noun::Support {
                    level: Level::AssistantPractitioner,
                    weak: false,
                },
                Cue::Registered(p) => Noun::Registered(p),
                Cue::Professional => Noun::Professional,
                _ => return None,
            })
        };
        let place = |h: &Hit| words[h.start].place;
        // The post: the first part with a role noun, one many other jobs use (`support` in
        // "Nutrition Support (Oncology) Specialist Dietitian") only where no part has another.
        let strong =
            |h: &&Hit| noun(h).is_some_and(|n| !matches!(n, Noun::Support { weak: true, .. }));
        let post = (reading.hits.iter().find(strong))
            .or_else(|| reading.hits.iter().find(|h| noun(h).is_some()))
            .map(|h| place(h).segment);

        // The post's roles, each the run of its hits (hits are in title order, so a segment's
        // hits and an alternative's are contiguous).
        let mut roles: Vec<(u16, std::ops::Range<usize>)> = Vec::new();
        for (i, h) in reading.hits.iter().enumerate() {
            if Some(place(h).segment) != post {
                continue;
            }
            let alternative = place(h).alternative;
            match roles.last_mut() {
                Some((a, hits)) if *a == alternative => hits.end = i + 1,
                _ => roles.push((alternative, i..i + 1)),
            }
        }
        let listed = roles.len() > 1;
        let mut kinds: Vec<Kind> = roles
            .iter()
            .map(|(_, hits)| {
                let hits = &reading.hits[hits.clone()];
                kind_of(hits, listed, &noun, &text, &corrected)
            })
            .collect();
        // A profession alone shares the noun of the next role that has one ("OT/Physio
        // Assistant"); with none after it, it is that profession's own title ("Social Worker/OT").
        for i in (0..kinds.len()).rev() {
            if kinds[i] == Kind::ProfessionOnly {
                let next = kinds[i + 1..].iter().find(|k| k.is_role());
                kinds[i] = next.copied().unwrap_or(Kind::Other(None));
            }
        }
        let any_noun = kinds.iter().any(|k| k.is_role());

        let mut e = Evidence::default();
        let in_support_role = |h: &Hit| match post {
            Some(segment) if place(h).segment == segment && any_noun => {
                let i = roles.iter().position(|(a, _)| *a == place(h).alternative);
                i.is_some_and(|i| kinds[i] == Kind::Support)
            }
            _ => false,
        };
        let in_post = |h: &Hit| post == Some(place(h).segment);
        let supported = kinds.contains(&Kind::Support);
        let others = || {
            kinds.iter().filter_map(|k| match k {
                Kind::Other(x) => Some(*x),
                _ => None,
            })
        };
        e.mixed = supported && others().next().is_some();
        if any_noun && !supported {
            // No role of the post is a support role: excluded, or registered.
            e.exclusion = others().flatten().next();
            e.registered = e.exclusion.is_none();
        }

        for h in &reading.hits {
            let hit_words = &words[h.start..h.end];
            let weak = hit_words.iter().all(|w| w.ambiguous || w.corrected);
            let support = in_support_role(h);
            // Hits of the post's other roles (a registered title, an excluded job) say nothing
            // about its support roles.
            if in_post(h) && any_noun && !support {
                continue;
            }
            match h.cue {
                Cue::Profession(p) if !in_post(h) => e.context_professions.push((p, weak)),
                Cue::Profession(p) => e.professions.push((p, weak)),
                Cue::PostProfession(p) if support => e.professions.push((p, weak)),
                Cue::PostProfession(_) => e.qualifiers.push(qualifier("setting", text(h))),
                Cue::Exclude(x) => e.exclusion = e.exclusion.or(Some(x)),
                Cue::PostExclude(x) if support => e.exclusion = e.exclusion.or(Some(x)),
                // A support role named in the context describes the post's field ("Clinical
                // Support Worker - Higher level Therapy Assistant").
                Cue::Role { role, .. } if !in_post(h) => {
                    let p = taxonomy.role(role).profession;
                    e.context_professions.push((p, weak));
                }
                Cue::Level(l) => e.modifiers.push(l),
                Cue::Trainee => {
                    e.trainee = true;
                    e.qualifiers.push(qualifier("trainee", text(h)));
                }
                Cue::Qualifier(kind) => e.qualifiers.push(qualifier(
                    match kind {
                        QualifierKind::Contract => "contract",
                        QualifierKind::Specialty => "specialty",
                        QualifierKind::Setting => "setting",
                    },
                    text(h),
                )),
                // Role nouns count in the post's support roles only: elsewhere they name a team
                // or service ("Community Support Team"), not the post.
                _ if !support => {}
                _ => match noun(h) {
                    Some(Noun::Support { level, weak }) => e.heads.push((level, weak)),
                    Some(Noun::Role { role, review }) => e.roles.push((role, review)),
                    // A support role of a registered title's profession: "Occupational
                    // Therapist Assistant", "Assistant Physiotherapist".
                    Some(Noun::Registered(Some(p))) => e.professions.push((p, false)),
                    _ => {}
                },
            }
        }
        if let Some(segment) = post {
            e.unknown_in_post = words
                .iter()
                .filter(|w| w.id.is_none() && w.place.segment == segment)
                .filter(|w| {
                    let i = roles.iter().position(|(a, _)| *a == w.place.alternative);
                    !any_noun || i.is_some_and(|i| kinds[i] == Kind::Support)
                })
                .map(|w| w.text.clone())
                .collect();
        }
        e
    }

    /// A role noun or a whole-role phrase is present.
    pub(super) fn names_support_role(&self) -> bool {
        !self.heads.is_empty() || !self.roles.is_empty()
    }

    /// A profession is named, in the post or its context.
    fn names_profession(&self) -> bool {
        !self.professions.is_empty() || !self.context_professions.is_empty()
    }

    /// A named AHP (not generic therapy or healthcare support), by cue or by role phrase.
    pub(super) fn names_specific_profession(&self, taxonomy: &Taxonomy) -> bool {
        self.professions
            .iter()
            .chain(&self.context_professions)
            .any(|(p, _)| p.generality() == 0)
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
            return Some("no words to read, only symbols, numbers or a band".into());
        }
        if self.registered {
            return Some("a registered or professional title, out of scope".into());
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
        if !self.names_profession() && !self.names_support_role() {
            return Some("no AHP support role or profession recognised".into());
        }
        // "Nursing", "healthcare" with no role noun: a field, not a support post.
        let only_healthcare = self
            .professions
            .iter()
            .chain(&self.context_professions)
            .all(|(p, _)| *p == Profession::HealthcareSupport);
        if !self.names_support_role() && only_healthcare {
            return Some("no support role named (a healthcare field alone)".into());
        }
        let health_context = self
            .qualifiers
            .iter()
            .any(|q| matches!(q.kind, "specialty" | "setting"));
        // A role noun among words of the post not understood, with no health word: another
        // kind of job ("Recovery Worker", "Waking Night Support Worker").
        if !self.names_profession()
            && self.roles.is_empty()
            && !self.unknown_in_post.is_empty()
            && !health_context
        {
            return Some(format!(
                "a support role word with no health profession or setting (`{}` not recognised)",
                self.unknown_in_post.join(" ")
            ));
        }
        None
    }
}

/// What one role of a post's list is, read from its hits: its last role noun heads it.
fn kind_of(
    hits: &[Hit],
    listed: bool,
    noun: &impl Fn(&Hit) -> Option<Noun>,
    text: &impl Fn(&Hit) -> String,
    corrected: &impl Fn(&Hit) -> bool,
) -> Kind {
    let mut nouns: Vec<(usize, Noun)> = hits
        .iter()
        .enumerate()
        .filter_map(|(i, h)| noun(h).map(|n| (i, n)))
        .collect();
    // A role noun read from a corrected typo does not head a role that names another noun as
    // written ("GP in UTC at St Helier" is not a helper).
    if nouns.len() > 1 && nouns.last().is_some_and(|&(i, _)| corrected(&hits[i])) {
        nouns.pop();
    }
    let exclusion = hits.iter().find_map(|h| match h.cue {
        Cue::Exclude(x) | Cue::PostExclude(x) => Some(x),
        _ => None,
    });
    // In a list of roles, a role with an exclusion is another job ("Healthcare Assistant /
    // Receptionist"); alone, its exclusion is weighed with the whole title.
    if listed && exclusion.is_some() {
        let context_word = matches!(
            exclusion,
            Some(Exclusion::NonHealth | Exclusion::Complementary)
        );
        let named_ahp = hits
            .iter()
            .any(|h| matches!(h.cue, Cue::Profession(p) if p.generality() == 0));
        if !(context_word && named_ahp && !nouns.is_empty()) {
            return Kind::Other(exclusion);
        }
    }
    let Some(&(last, head)) = nouns.last() else {
        return if exclusion.is_some() {
            Kind::Other(exclusion)
        } else if hits
            .iter()
            .any(|h| matches!(h.cue, Cue::Profession(_) | Cue::PostProfession(_)))
        {
            Kind::ProfessionOnly
        } else {
            Kind::Nothing
        };
    };
    // The role noun just before the head, when the two are next to each other.
    let before = nouns.len().checked_sub(2).map(|i| nouns[i]);
    let adjacent = before.filter(|&(i, _)| hits[i].end == hits[last].start);
    match head {
        Noun::Registered(Some(_)) => match adjacent {
            // "Assistant Physiotherapist": the assistant of a registered profession.
            Some((i, Noun::Support { .. })) if text(&hits[i]) == "assistant" => Kind::Support,
            _ => Kind::Other(None),
        },
        Noun::Registered(None) | Noun::Professional => Kind::Other(None),
        Noun::Support { .. } | Noun::Role { .. } => match adjacent {
            // "Nurse Associate", "Doctors Assistant": a role of another profession.
            Some((_, Noun::Professional)) => Kind::Other(None),
            // "Paramedic Instructor": an educator of a registered profession.
            Some((_, Noun::Registered(_))) if text(&hits[last]) == "instructor" => {
                Kind::Other(None)
            }
            _ => Kind::Support,
        },
    }
}

impl Kind {
    /// A role with a role noun: a support role or another.
    fn is_role(&self) -> bool {
        matches!(self, Kind::Support | Kind::Other(_))
    }
}

fn qualifier(kind: &'static str, value: String) -> Qualifier {
    Qualifier { kind, value }
}
