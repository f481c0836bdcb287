//! Deciding, the last step: from the evidence, the role (the most specific profession named, the
//! level its role noun, modifiers and a stated band give), the band, the confidence, the status it
//! puts the title in, and the alternatives a person may choose instead.

use super::band::StatedBand;
use super::evidence::Evidence;
use super::reading::Reading;
use crate::result::{Alternative, Band, BandSource, MatchResult, RoleRef, Status};
use crate::vocab::{Factor, Level, Profession, RoleIndex, Taxonomy, Weights};

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
    /// Thresholds chosen on the labelled real titles (`scripts/calibrate.py`): `matched` from a
    /// confidence of 0.9, where its precision is 99.5%; `no-match` below 0.1 (a role decided with
    /// less than one chance in ten of being right is not worth a review).
    pub const DEFAULT: Config = Config {
        accept: 0.9,
        reject: 0.1,
        max_alternatives: 4,
    };
}

impl Default for Config {
    fn default() -> Self {
        Config::DEFAULT
    }
}

/// The role chosen for a title and the doubts about it.
pub(super) struct Decision {
    role: RoleIndex,
    level: Level,
    /// The doubts met, each with how many times it applies.
    factors: Vec<(Factor, u8)>,
    /// Other professions named as strongly as the chosen one.
    others: Vec<Profession>,
    /// No profession named at all.
    vague: bool,
    /// Generic professions (therapy, healthcare) named beside a specific one.
    generic_named: Vec<Profession>,
    reason: String,
}

impl Decision {
    /// Chooses the role: the most specific profession named (weak readings yield to firm ones),
    /// the level of the strongest role noun, raised or lowered by modifiers, trainee and a stated
    /// band. Each doubt (no profession, several, no role noun, a phrase often used for other
    /// jobs) is a factor of the confidence and is said in the reason.
    pub(super) fn new(taxonomy: &Taxonomy, e: &Evidence, reading: &Reading) -> Decision {
        let mut reasons: Vec<String> = Vec::new();
        let mut factors: Vec<(Factor, u8)> = Vec::new();

        // Profession: the most specific named; weak readings yield to firm ones; a profession
        // named only in the context counts where it is more specific than the post's own
        // ("Therapy Assistant - Physiotherapy", but "Podiatry Technician - Orthotics Laboratory").
        let mut named: Vec<(Profession, bool)> = e.professions.clone();
        for &(role, _) in &e.roles {
            named.push((taxonomy.role(role).profession, false));
        }
        let post_best = named.iter().map(|(p, _)| p.generality()).min();
        named.extend(
            e.context_professions
                .iter()
                .filter(|(p, _)| post_best.is_none_or(|g| p.generality() < g)),
        );
        if named.iter().any(|(_, weak)| !weak) {
            named.retain(|(_, weak)| !weak);
        } else if !named.is_empty() {
            factors.push((Factor::WeakProfession, 1));
            reasons.push("profession read from a corrected or ambiguous word".into());
        }
        let named_professions = e.professions.len() + e.context_professions.len();
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
                factors.push((Factor::NoProfession, 1));
                reasons.push("names no profession".into());
                (Profession::HealthcareSupport, Vec::new(), true)
            }
            [p] => {
                reasons.push(format!("profession {}", p.id()));
                (*p, Vec::new(), false)
            }
            many => {
                factors.push((Factor::SeveralProfessions, 1));
                reasons.push(format!(
                    "names several professions ({})",
                    many.iter().map(|p| p.id()).collect::<Vec<_>>().join(", ")
                ));
                (Profession::MultiTherapy, many.to_vec(), false)
            }
        };

        // Level: the strongest role noun, then modifiers, trainee and a stated band.
        let role_levels = e.roles.iter().map(|&(r, _)| taxonomy.role(r).level);
        let base = e.heads.iter().map(|&(l, _)| l).chain(role_levels).max();
        let mut level = match base {
            Some(l) => l,
            None => {
                factors.push((Factor::NoRoleNoun, 1));
                reasons.push("no role noun such as assistant or support worker".into());
                Level::SeniorSupportWorker
            }
        };
        let mut specific = level >= Level::TraineeAssistantPractitioner
            || profession == Profession::Ambulance
            || e.roles.iter().any(|&(r, _)| {
                matches!(
                    taxonomy.role(r).profession,
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

        if e.fuzzy.is_some() {
            factors.push((Factor::Fuzzy, 1));
            reasons.push("read by whole-title similarity".into());
        }
        if e.roles.iter().any(|&(_, review)| review) && named_professions == 0 {
            factors.push((Factor::OftenOtherJobs, 1));
            reasons.push("a title often used for other jobs".into());
        }
        if e.mixed {
            factors.push((Factor::SeveralRoles, 1));
            reasons.push("an advert for several roles, not all of them support roles".into());
        }
        let from_post = e.professions.iter().any(|&(p, _)| p == profession)
            || e.roles
                .iter()
                .any(|&(r, _)| taxonomy.role(r).profession == profession);
        if !vague && !from_post {
            factors.push((Factor::ContextProfession, 1));
        }
        let role = taxonomy
            .nearest(profession, level)
            .or_else(|| taxonomy.nearest(Profession::HealthcareSupport, level))
            .unwrap_or(0);
        if taxonomy.role(role).level != level {
            factors.push((Factor::NearestLevel, 1));
            reasons.push(format!(
                "no {} level in {}, nearest taken",
                level.id(),
                profession.id()
            ));
        }
        if taxonomy.role(role).profession == Profession::HealthcareSupport {
            factors.push((Factor::HealthcareSupport, 1));
        }
        if e.qualifiers
            .iter()
            .any(|q| matches!(q.kind, "specialty" | "setting"))
        {
            factors.push((Factor::HealthSetting, 1));
        }
        Decision {
            role,
            level,
            factors,
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

    /// Fills in `result` (which carries the reading's explanation): the band (stated, else the
    /// role's typical one), the confidence from the factors met (those of the decision, and of
    /// the band and the unrecognised words), the status it earns under `config`, the role and band
    /// unless `no-match`, and the alternatives.
    pub(super) fn conclude(
        mut self,
        taxonomy: &Taxonomy,
        weights: &Weights,
        config: &Config,
        stated_band: Option<StatedBand>,
        result: &mut MatchResult,
    ) {
        let role = taxonomy.role(self.role);
        let band = match stated_band {
            Some(b) => stated(b),
            None => typical(taxonomy, self.role),
        };
        let explanation = &mut result.explanation;
        explanation.reason = self.reason.clone();
        if let Some(b) = stated_band {
            if b.value >= 6 {
                self.factors.push((Factor::BandAbove5, 1));
                explanation.reason += "; a stated band above 5 is not a support post";
            } else if b.value.abs_diff(role.band) >= 2 {
                self.factors.push((Factor::BandFar, 1));
                explanation.reason += "; the stated band is far from the role's";
            }
        }
        let unknown = explanation.unrecognised.len().min(5) as u8;
        if unknown > 0 {
            self.factors.push((Factor::UnknownWord, unknown));
        }
        let mut confidence = weights.confidence(&self.factors);
        if self.factors.iter().any(|(f, _)| f.needs_review()) {
            // Below the accept threshold, whatever the weights say: a person looks.
            confidence = confidence.min(round2(config.accept - 0.01));
        }
        explanation.factors = (self.factors.iter())
            .flat_map(|&(f, n)| std::iter::repeat_n(f.id(), usize::from(n)))
            .collect();

        result.status = if confidence >= config.accept {
            Status::Matched
        } else if confidence >= config.reject {
            Status::Review
        } else {
            Status::NoMatch
        };
        if result.status != Status::NoMatch {
            result.role = Some(RoleRef::from(role));
            result.band = Some(band);
        }
        result.confidence = confidence;
        result.alternatives = self.alternatives(taxonomy, config, confidence);
    }

    /// Other roles the title may mean, likeliest first, at most `config.max_alternatives`: the
    /// other professions named, the largest professions for a vague title, generic professions
    /// named beside a specific one, and the neighbouring levels of the chosen profession.
    fn alternatives(
        &self,
        taxonomy: &Taxonomy,
        config: &Config,
        confidence: f64,
    ) -> Vec<Alternative> {
        let mut alts: Vec<(RoleIndex, f64)> = Vec::new();
        let chosen = taxonomy.role(self.role);
        for &p in &self.others {
            if let Some(r) = taxonomy.nearest(p, self.level) {
                alts.push((r, confidence * 0.9));
            }
        }
        if self.vague {
            let mut by_size: Vec<(Profession, u32)> = taxonomy
                .professions()
                .iter()
                .filter(|p| p.profession.generality() < 2)
                .map(|p| (p.profession, p.support_fte))
                .collect();
            by_size.sort_by_key(|&(_, fte)| std::cmp::Reverse(fte));
            for (rank, (p, _)) in by_size.iter().enumerate() {
                if let Some(r) = taxonomy.role_for(*p, self.level) {
                    alts.push((r, confidence * (0.8 - 0.1 * rank as f64).max(0.2)));
                }
            }
        }
        for &p in &self.generic_named {
            if let Some(r) = taxonomy.nearest(p, self.level) {
                alts.push((r, confidence * 0.3));
            }
        }
        for l in Level::ALL {
            let step = (l.typical_band() as i8 - chosen.level.typical_band() as i8).abs();
            if l != chosen.level && step <= 1 {
                if let Some(r) = taxonomy.role_for(chosen.profession, l) {
                    alts.push((r, confidence * if step == 0 { 0.3 } else { 0.25 }));
                }
            }
        }
        alts.retain(|&(r, _)| r != self.role);
        alts.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut out: Vec<Alternative> = Vec::new();
        for (r, c) in alts {
            if out.len() < config.max_alternatives
                && !out.iter().any(|a| a.role.id == taxonomy.role(r).id)
            {
                out.push(Alternative {
                    role: RoleRef::from(taxonomy.role(r)),
                    confidence: round2(c),
                });
            }
        }
        out
    }
}

/// The typical band of a role.
pub(super) fn typical(taxonomy: &Taxonomy, role: RoleIndex) -> Band {
    Band {
        value: taxonomy.role(role).band,
        source: BandSource::Typical,
        max: None,
    }
}

/// The band a title states.
pub(super) fn stated(b: StatedBand) -> Band {
    Band {
        value: b.value,
        source: BandSource::Stated,
        max: b.max,
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
