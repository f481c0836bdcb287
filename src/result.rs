//! The one result shape of SPEC.md, shared by the library, the WebAssembly API, the widget and the
//! command line.

use crate::vocab::{Level, Profession, Role};
use serde::Serialize;

/// What a person should do with a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Safe to accept without review.
    Matched,
    /// A person should look.
    Review,
    /// Out of scope or unrecognised; `role` is `None`.
    NoMatch,
}

impl Status {
    /// The id used in JSON and CSV output.
    pub fn id(self) -> &'static str {
        match self {
            Status::Matched => "matched",
            Status::Review => "review",
            Status::NoMatch => "no-match",
        }
    }
}

/// A standard role as it appears in a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleRef {
    /// Stable role id, `<profession>.<level>`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Profession id.
    pub profession: Profession,
    /// Level id.
    pub level: Level,
    /// NHS Career Framework level.
    pub career_level: u8,
    /// NHS Occupation Code Manual v22.1 code, where one exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nhs_occupation_code: Option<String>,
    /// ONS SOC 2020 code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soc2020: Option<String>,
}

impl From<&Role> for RoleRef {
    fn from(r: &Role) -> Self {
        RoleRef {
            id: r.id.clone(),
            title: r.title.clone(),
            profession: r.profession,
            level: r.level,
            career_level: r.career_level,
            nhs_occupation_code: r.nhs_occupation_code.clone(),
            soc2020: r.soc2020.clone(),
        }
    }
}

/// Where a band comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BandSource {
    /// The title says it.
    Stated,
    /// The typical band of the role.
    Typical,
    /// A local mapping fixes it.
    Local,
    /// The row's recorded grade says it (a spreadsheet row's grade or pay band column).
    Recorded,
}

/// An Agenda for Change band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Band {
    /// The band (the lower end of a stated range).
    pub value: u8,
    /// Where it comes from.
    pub source: BandSource,
    /// The upper end of a stated range such as `band 2/3`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<u8>,
}

/// Another role the title might mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    /// The role.
    pub role: RoleRef,
    /// How likely, 0 to 1.
    pub confidence: f64,
}

/// A qualifier found in the title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Qualifier {
    /// `contract`, `specialty`, `setting`, `trainee` or `band`.
    pub kind: &'static str,
    /// The words, normalised.
    pub value: String,
}

/// Why the result is what it is, for a person to read.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Explanation {
    /// The title after normalisation: lower case, band removed, abbreviations expanded, typos
    /// corrected. Local mappings are compared on this.
    pub normalised: String,
    /// Qualifiers found (specialty, setting, contract), as words.
    pub qualifiers: Vec<String>,
    /// The words the role was read from.
    pub matched: String,
    /// One sentence on how the result was reached: the reading's working, for an audit.
    pub reason: String,
    /// The result in plain English, for a person (no ids): what the widget, the bulk page and
    /// the command line show. Filled by [`crate::Matcher::summarise`] (and by
    /// [`crate::Matcher::suggest`]); empty, and left out of JSON, until then, so that bulk
    /// matching does not pay for text it never shows.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// The words read from typos, as corrected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrected: Vec<String>,
    /// Words not understood.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unrecognised: Vec<String>,
    /// Said when the band is the role's typical one but posts of the role are advertised at
    /// several (`band 2 is typical, not certain: ...`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub band_note: Option<String>,
    /// The doubts that set the confidence, by id (`no-profession`, `unknown-word`, ...; see
    /// `mappings/confidence.csv`), once for each time one applied.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub factors: Vec<&'static str>,
}

/// The result for one title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchResult {
    /// The title as given.
    pub input: String,
    /// What a person should do with it.
    pub status: Status,
    /// How likely `role` is right, 0 to 1. Matched results are at or above the accept threshold.
    pub confidence: f64,
    /// The standard role; `None` for `no-match`.
    pub role: Option<RoleRef>,
    /// The band; `None` for `no-match`.
    pub band: Option<Band>,
    /// Other roles the title might mean, likeliest first.
    pub alternatives: Vec<Alternative>,
    /// Qualifiers by kind (an extra field; `explanation.qualifiers` has the words).
    pub qualifiers: Vec<Qualifier>,
    /// How the result was reached.
    pub explanation: Explanation,
    /// Whether the row's recorded occupation code agrees with the role (only from
    /// [`crate::Matcher::match_row`] given a code, with a role).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_check: Option<CodeCheck>,
    /// The row's cells that informed the answer, as `Field=value` (`Area of Work=Physiotherapy`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
}

/// What a recorded occupation code says of the role read from the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeCheck {
    /// The code's profession and side (support, not registered) are the role's.
    Agrees,
    /// The code is another profession's, or a registered post's.
    Differs,
}

impl CodeCheck {
    /// The id used in JSON and CSV output: `agrees` or `differs`.
    pub fn id(self) -> &'static str {
        match self {
            CodeCheck::Agrees => "agrees",
            CodeCheck::Differs => "differs",
        }
    }
}

impl MatchResult {
    /// Whether a person's decision (a local mapping) settled it: `decided_by` = `person`.
    pub fn decided_by_person(&self) -> bool {
        self.explanation.reason.starts_with("local mapping")
    }

    /// `no-match` for `input` without reading it, for `reason`.
    pub(crate) fn unread(input: String, reason: String) -> MatchResult {
        MatchResult {
            input,
            status: Status::NoMatch,
            confidence: 0.0,
            role: None,
            band: None,
            alternatives: Vec::new(),
            qualifiers: Vec::new(),
            explanation: Explanation {
                reason,
                ..Explanation::default()
            },
            code_check: None,
            context: Vec::new(),
        }
    }
}
