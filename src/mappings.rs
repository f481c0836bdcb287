//! The mapping files and the parser that validates them (the built-in ones are parsed when the
//! crate is compiled: `crate::builtin`).

use crate::error::MappingError;
use crate::lexicon::Lexicon;
use crate::taxonomy::Taxonomy;

/// Text of the five mapping files.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// `professions.csv`: profession names and workforce sizes.
    pub professions: &'a str,
    /// `roles.csv`: the standard roles.
    pub roles: &'a str,
    /// `cues.csv`: phrases and what they mean.
    pub cues: &'a str,
    /// `abbreviations.csv`: abbreviations and their expansions.
    pub abbreviations: &'a str,
}

impl Sources<'static> {
    /// The files in `mappings/`, as compiled into the library.
    pub const BUILTIN: Sources<'static> = Sources {
        professions: include_str!("../mappings/professions.csv"),
        roles: include_str!("../mappings/roles.csv"),
        cues: include_str!("../mappings/cues.csv"),
        abbreviations: include_str!("../mappings/abbreviations.csv"),
    };
}

/// The taxonomy and the lexicon, parsed and cross-checked.
#[derive(Debug, Clone)]
pub struct Mappings {
    /// The standard roles.
    pub taxonomy: Taxonomy,
    /// The vocabulary titles are read with.
    pub lexicon: Lexicon,
}

impl Mappings {
    /// Parses and validates mapping files: every error names its file and line.
    pub fn parse(sources: Sources<'_>) -> Result<Mappings, MappingError> {
        let taxonomy = Taxonomy::parse(
            sources.roles,
            "mappings/roles.csv",
            sources.professions,
            "mappings/professions.csv",
        )?;
        let lexicon = Lexicon::parse(
            sources.abbreviations,
            "mappings/abbreviations.csv",
            sources.cues,
            "mappings/cues.csv",
            &taxonomy,
        )?;
        Ok(Mappings { taxonomy, lexicon })
    }
}
