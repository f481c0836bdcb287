//! The vocabulary, first stage of the flow: the standard roles (taxonomy), the words and phrases
//! a title is read with (lexicon, normalisation, spelling), and a user's own titles (local
//! mappings). `build.rs` compiles the built-in mapping files with these same modules, so the data
//! is parsed and checked when the crate is built, not when it starts (`crate::builtin`).

mod codes;
mod confidence;
mod lexicon;
mod local;
mod normalise;
mod spelling;
mod table;
mod taxonomy;

pub(crate) use codes::{OccupationCode, OccupationCodes, Side};
pub(crate) use confidence::{Factor, Weights};
pub(crate) use lexicon::{
    Cue, Exclusion, Expansion, Hit, Lexicon, Place, QualifierKind, Word, WordId,
};
pub(crate) use local::key as local_key;
#[cfg(all(target_arch = "wasm32", feature = "bulk"))]
pub(crate) use local::write_csv as write_local_csv;
pub use local::LocalMappings;
pub(crate) use normalise::{tokenise, Break, Token};
pub use taxonomy::{Level, Named, Names, Profession, Role, Taxonomy};
pub(crate) use taxonomy::{ProfessionInfo, RoleIndex};

use crate::error::Error;

/// Text of the seven mapping files.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// `professions.csv`: profession names and workforce sizes.
    pub professions: &'a str,
    /// `levels.csv`: level names.
    pub levels: &'a str,
    /// `roles.csv`: the standard roles.
    pub roles: &'a str,
    /// `cues.csv`: phrases and what they mean.
    pub cues: &'a str,
    /// `abbreviations.csv`: abbreviations and their expansions.
    pub abbreviations: &'a str,
    /// `confidence.csv`: the weights of the confidence's factors.
    pub confidence: &'a str,
    /// `occupation_codes.csv`: NHS occupation codes, their profession and side.
    pub occupation_codes: &'a str,
}

impl Sources<'static> {
    /// The files in `mappings/`, as compiled into the library.
    pub const BUILTIN: Sources<'static> = Sources {
        professions: include_str!("../../mappings/professions.csv"),
        levels: include_str!("../../mappings/levels.csv"),
        roles: include_str!("../../mappings/roles.csv"),
        cues: include_str!("../../mappings/cues.csv"),
        abbreviations: include_str!("../../mappings/abbreviations.csv"),
        confidence: include_str!("../../mappings/confidence.csv"),
        occupation_codes: include_str!("../../mappings/occupation_codes.csv"),
    };
}

/// The taxonomy and the lexicon, parsed and cross-checked: what a [`crate::Matcher`] is built
/// over.
#[derive(Debug, Clone)]
pub struct Mappings {
    pub(crate) taxonomy: Taxonomy,
    pub(crate) lexicon: Lexicon,
    pub(crate) weights: Weights,
    pub(crate) codes: OccupationCodes,
}

impl Mappings {
    /// Parses and validates mapping files: every error names its file and line.
    pub fn parse(sources: Sources<'_>) -> Result<Mappings, Error> {
        let taxonomy = Taxonomy::parse(
            (sources.roles, "mappings/roles.csv"),
            (sources.professions, "mappings/professions.csv"),
            (sources.levels, "mappings/levels.csv"),
        )?;
        let lexicon = Lexicon::parse(
            sources.abbreviations,
            "mappings/abbreviations.csv",
            sources.cues,
            "mappings/cues.csv",
            &taxonomy,
        )?;
        let weights = Weights::parse(sources.confidence, "mappings/confidence.csv")?;
        let codes =
            OccupationCodes::parse(sources.occupation_codes, "mappings/occupation_codes.csv")?;
        Ok(Mappings {
            taxonomy,
            lexicon,
            weights,
            codes,
        })
    }

    /// The standard roles.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }
}
