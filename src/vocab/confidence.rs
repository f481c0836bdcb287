//! How sure a reading is: each doubt the decision meets is a factor, and the confidence is a
//! logistic function of the factors that applied, with the weights of `mappings/confidence.csv`
//! (fitted on labelled real titles by `scripts/calibrate.py`, so that of the results given a
//! confidence near c, about c are right).

use super::table::Table;
use crate::error::{Error, ErrorKind};

/// A doubt about a reading, or how many times it applies (unrecognised words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Factor {
    /// The profession was read from a corrected or ambiguous word only.
    WeakProfession,
    /// No profession is named.
    NoProfession,
    /// Several professions are named as strongly.
    SeveralProfessions,
    /// No role noun (assistant, support worker).
    NoRoleNoun,
    /// A phrase often used for other jobs, with no profession named.
    OftenOtherJobs,
    /// An advert for several roles, not all of them support roles.
    SeveralRoles,
    /// The profession has no role at the level read, so the nearest was taken.
    NearestLevel,
    /// A stated band above 5.
    BandAbove5,
    /// A stated band two or more from the role's typical band.
    BandFar,
    /// The role was read by whole-title similarity.
    Fuzzy,
    /// The profession is named only in the context, not in the post.
    ContextProfession,
    /// The role is healthcare support with no profession named (a healthcare assistant).
    HealthcareSupport,
    /// The title names a health specialty or setting (`ward`, `community`, `mental health`).
    HealthSetting,
    /// A word not recognised (counted, up to five).
    UnknownWord,
}

impl Factor {
    /// Every factor, in the order of its id's first use.
    pub const ALL: [Factor; 14] = [
        Factor::WeakProfession,
        Factor::NoProfession,
        Factor::SeveralProfessions,
        Factor::NoRoleNoun,
        Factor::OftenOtherJobs,
        Factor::SeveralRoles,
        Factor::NearestLevel,
        Factor::BandAbove5,
        Factor::BandFar,
        Factor::Fuzzy,
        Factor::ContextProfession,
        Factor::HealthcareSupport,
        Factor::HealthSetting,
        Factor::UnknownWord,
    ];

    /// The stable id, as in `mappings/confidence.csv` and a result's `explanation.factors`.
    pub fn id(self) -> &'static str {
        match self {
            Factor::WeakProfession => "weak-profession",
            Factor::NoProfession => "no-profession",
            Factor::SeveralProfessions => "several-professions",
            Factor::NoRoleNoun => "no-role-noun",
            Factor::OftenOtherJobs => "often-other-jobs",
            Factor::SeveralRoles => "several-roles",
            Factor::NearestLevel => "nearest-level",
            Factor::BandAbove5 => "band-above-5",
            Factor::BandFar => "band-far",
            Factor::Fuzzy => "fuzzy",
            Factor::ContextProfession => "context-profession",
            Factor::HealthcareSupport => "healthcare-support",
            Factor::HealthSetting => "health-setting",
            Factor::UnknownWord => "unknown-word",
        }
    }

    /// A doubt that no confidence overrules: the title goes to a person (SPEC.md: vague is said,
    /// not guessed; two professions, no role noun, a phrase often used for other jobs, several
    /// roles, a band above 5 or a reading by similarity are for review).
    pub fn needs_review(self) -> bool {
        matches!(
            self,
            Factor::NoProfession
                | Factor::SeveralProfessions
                | Factor::NoRoleNoun
                | Factor::OftenOtherJobs
                | Factor::SeveralRoles
                | Factor::BandAbove5
                | Factor::Fuzzy
        )
    }

    fn from_id(id: &str) -> Option<Factor> {
        Factor::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// The weights of the logistic confidence: a base, and one per factor.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Weights {
    pub(crate) base: f64,
    pub(crate) factors: [f64; Factor::ALL.len()],
}

impl Weights {
    /// Parses `factor,weight[,source]` rows: `base` and every factor, each once.
    pub(crate) fn parse(text: &str, file: &str) -> Result<Weights, Error> {
        let table = Table::new(text, file)?;
        table.require_columns(&["factor", "weight"])?;
        let mut base = None;
        let mut factors = [None; Factor::ALL.len()];
        let mut lines = std::collections::HashMap::new();
        for row in &table.rows {
            let id = table.required(row, "factor")?;
            let value = table.required(row, "weight")?;
            table.first_sighting(&mut lines, id.to_string(), id, row)?;
            let weight: f64 = value
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite())
                .ok_or_else(|| {
                    let kind = ErrorKind::NotANumber {
                        column: "weight".into(),
                        value: value.into(),
                    };
                    table.error(row, kind)
                })?;
            match (id, Factor::from_id(id)) {
                ("base", _) => base = Some(weight),
                (_, Some(f)) => factors[f as usize] = Some(weight),
                _ => {
                    let kind = ErrorKind::UnknownValue {
                        column: "factor".into(),
                        value: id.into(),
                    };
                    return Err(table.error(row, kind));
                }
            }
        }
        let missing = |id: &str| {
            let kind = ErrorKind::MissingRow(id.into());
            Error::new(file, 0, kind)
        };
        let mut out = [0.0; Factor::ALL.len()];
        for f in Factor::ALL {
            out[f as usize] = factors[f as usize].ok_or_else(|| missing(f.id()))?;
        }
        Ok(Weights {
            base: base.ok_or_else(|| missing("base"))?,
            factors: out,
        })
    }

    /// The confidence of a reading with these factors (each with how many times it applied):
    /// `1 / (1 + e^-(base + Σ weight × count))`, rounded to two decimals.
    pub(crate) fn confidence(&self, factors: &[(Factor, u8)]) -> f64 {
        let z = factors.iter().fold(self.base, |z, &(f, n)| {
            z + self.factors[f as usize] * f64::from(n)
        });
        let c = 1.0 / (1.0 + (-z).exp());
        (c * 100.0).round() / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_parse_and_give_a_logistic_confidence() {
        let mut text = String::from("factor,weight,source\nbase,2,test\n");
        for f in Factor::ALL {
            text.push_str(&format!("{},-1,test\n", f.id()));
        }
        let w = Weights::parse(&text, "c.csv").expect("valid");
        assert_eq!(w.confidence(&[]), 0.88);
        assert_eq!(w.confidence(&[(Factor::UnknownWord, 2)]), 0.5);
        let missing = Weights::parse("factor,weight\nbase,1\n", "c.csv").map(|_| ());
        assert!(missing.is_err());
        let bad = text.replace("base,2", "base,two");
        let e = Weights::parse(&bad, "c.csv")
            .map(|_| ())
            .expect_err("refused");
        assert_eq!(
            e.to_string(),
            "c.csv line 2: `two` in weight is not a number"
        );
    }
}
