//! The built-in mappings, read and validated when the crate is compiled.
//!
//! `build.rs` parses `mappings/*.csv` with [`Mappings::parse`] and writes the result as static
//! tables; here they are indexed into a [`Mappings`]. Starting the engine therefore parses,
//! tokenises and checks nothing, which matters most in the browser, where that work would run
//! before the first result in code the browser has not compiled yet.

use crate::vocab::{
    Cue, Exclusion, Expansion, Level, Lexicon, Mappings, OccupationCode, OccupationCodes,
    Profession, ProfessionInfo, QualifierKind, Role, Side, Taxonomy, Weights, WordId,
};
use std::borrow::Cow;
use std::collections::HashMap;

/// A row of `professions.csv`, as written by `build.rs`.
struct ProfessionRow {
    profession: Profession,
    name: &'static str,
    support_fte: u32,
}

/// A row of `roles.csv`, as written by `build.rs`.
struct RoleRow {
    id: &'static str,
    title: &'static str,
    profession: Profession,
    level: Level,
    band: u8,
    band_span: Option<(u8, u8)>,
    career_level: u8,
    nhs_occupation_code: Option<&'static str>,
    soc2020: Option<&'static str>,
    source: &'static str,
}

/// A row of `occupation_codes.csv`, as written by `build.rs`.
struct CodeRow {
    code: &'static str,
    name: &'static str,
    profession: Option<Profession>,
    side: Side,
}

mod tables {
    use super::{
        CodeRow, Cue, Exclusion, Level, Profession, ProfessionRow, QualifierKind, RoleRow, Side,
        WordId,
    };
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

impl Mappings {
    /// The built-in mappings, validated when the crate was compiled: this only indexes static
    /// tables (about 60 µs) and cannot fail.
    pub fn builtin() -> Mappings {
        Mappings {
            taxonomy: taxonomy(),
            lexicon: lexicon(),
            weights: Weights {
                base: tables::BASE,
                factors: tables::FACTOR_WEIGHTS,
            },
            codes: codes(),
        }
    }
}

fn codes() -> OccupationCodes {
    let codes = tables::CODES.iter().map(|c| OccupationCode {
        code: Cow::Borrowed(c.code),
        name: Cow::Borrowed(c.name),
        profession: c.profession,
        side: c.side,
    });
    OccupationCodes {
        codes: codes.collect(),
    }
}

fn taxonomy() -> Taxonomy {
    let professions = tables::PROFESSIONS
        .iter()
        .map(|p| ProfessionInfo {
            profession: p.profession,
            name: p.name.into(),
            support_fte: p.support_fte,
        })
        .collect();
    let roles = tables::ROLES
        .iter()
        .map(|r| Role {
            id: r.id.into(),
            title: r.title.into(),
            profession: r.profession,
            level: r.level,
            band: r.band,
            band_span: r.band_span,
            career_level: r.career_level,
            nhs_occupation_code: r.nhs_occupation_code.map(String::from),
            soc2020: r.soc2020.map(String::from),
            source: r.source.into(),
        })
        .collect();
    let level_names = tables::LEVEL_NAMES.iter().map(|n| n.to_string()).collect();
    Taxonomy::from_parts(roles, professions, level_names)
}

fn lexicon() -> Lexicon {
    let words = tables::WORDS;
    Lexicon {
        ids: (0..)
            .zip(words)
            .map(|(id, &w)| (Cow::Borrowed(w), id))
            .collect(),
        texts: words.iter().map(|&w| Cow::Borrowed(w)).collect(),
        by_initial: index(tables::BY_INITIAL),
        by_affix: index(tables::BY_AFFIX),
        others_by_initial: index(tables::OTHERS_BY_INITIAL),
        abbreviations: tables::ABBREVIATIONS
            .iter()
            .map(|&(key, words, ambiguous)| {
                let words = Cow::Borrowed(words);
                (Cow::Borrowed(key), Expansion { words, ambiguous })
            })
            .collect(),
        longest_abbreviation: tables::LONGEST_ABBREVIATION,
        cues: tables::CUES
            .iter()
            .map(|&(key, cue)| (Cow::Borrowed(key), cue))
            .collect(),
        longest_cue: tables::LONGEST_CUE,
        longest_word: tables::LONGEST_WORD,
    }
}

fn index<K: Copy + Eq + std::hash::Hash>(
    rows: &'static [(K, &'static [WordId])],
) -> HashMap<K, Cow<'static, [WordId]>> {
    rows.iter()
        .map(|&(key, ids)| (key, Cow::Borrowed(ids)))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::vocab::{Mappings, Sources};

    #[test]
    fn the_compiled_tables_are_the_parsed_mapping_files() {
        let parsed = Mappings::parse(Sources::BUILTIN).expect("built-in mappings are valid");
        let compiled = Mappings::builtin();
        assert_eq!(compiled.taxonomy, parsed.taxonomy);
        assert_eq!(compiled.lexicon, parsed.lexicon);
        assert_eq!(compiled.weights, parsed.weights);
        assert_eq!(compiled.codes, parsed.codes);
    }
}
