//! Reads and validates the built-in mappings (`mappings/*.csv`) when the crate is compiled, with
//! the library's own parser, and writes them as Rust tables (`$OUT_DIR/builtin.rs`) for
//! `src/builtin.rs`. Startup then only indexes ready tables, and a bad edit to a mapping file fails
//! the build with its file, line and reason.

// The library's modules, included below, are private here: most of their items go unused, and
// lints that spare a public API (such as variant names) apply.
#![allow(dead_code, unused_imports, clippy::enum_variant_names)]

use std::fmt::Write as _;
use std::path::PathBuf;

#[path = "src/csv.rs"]
mod csv;
#[path = "src/error.rs"]
mod error;
#[path = "src/vocab/mod.rs"]
mod vocab;

use vocab::{Cue, Lexicon, Mappings, Sources, Taxonomy, WordId};

fn main() {
    const READ: [&str; 4] = ["mappings", "src/csv.rs", "src/error.rs", "src/vocab"];
    for path in READ {
        println!("cargo:rerun-if-changed={path}");
    }
    let mappings = Mappings::parse(Sources::BUILTIN).unwrap_or_else(|e| {
        eprintln!("error: the built-in mappings are not valid: {e}");
        std::process::exit(1);
    });
    let mut out =
        String::from("// Written by build.rs from mappings/*.csv: edit those, not this.\n\n");
    write_taxonomy(&mut out, &mappings.taxonomy);
    write_lexicon(&mut out, &mappings.lexicon);
    let w = &mappings.weights;
    let _ = writeln!(out, "pub(super) const BASE: f64 = {:?};", w.base);
    let _ = writeln!(
        out,
        "pub(super) const FACTOR_WEIGHTS: [f64; {}] = {:?};",
        w.factors.len(),
        w.factors
    );
    out.push_str("\npub(super) static CODES: &[CodeRow] = &[\n");
    for c in &mappings.codes.codes {
        let _ = writeln!(
            out,
            "    CodeRow {{ code: {:?}, name: {:?}, profession: {}, side: Side::{:?} }},",
            c.code,
            c.name,
            c.profession
                .map_or("None".to_string(), |p| format!("Some(Profession::{p:?})")),
            c.side
        );
    }
    out.push_str("];\n");
    let path = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(path.join("builtin.rs"), out).expect("OUT_DIR is writable");
}

fn write_taxonomy(out: &mut String, taxonomy: &Taxonomy) {
    out.push_str("pub(super) static PROFESSIONS: &[ProfessionRow] = &[\n");
    for p in taxonomy.professions() {
        let _ = writeln!(
            out,
            "    ProfessionRow {{ profession: Profession::{:?}, name: {:?}, support_fte: {} }},",
            p.profession, p.name, p.support_fte
        );
    }
    out.push_str("];\n\npub(super) static LEVEL_NAMES: &[&str] = &[\n");
    for name in taxonomy.level_names() {
        let _ = writeln!(out, "    {name:?},");
    }
    out.push_str("];\n\npub(super) static ROLES: &[RoleRow] = &[\n");
    for r in taxonomy.roles() {
        let _ = writeln!(
            out,
            "    RoleRow {{ id: {:?}, title: {:?}, profession: Profession::{:?}, level: Level::{:?}, \
             band: {}, band_span: {:?}, career_level: {}, nhs_occupation_code: {:?}, soc2020: {:?}, \
             source: {:?} }},",
            r.id,
            r.title,
            r.profession,
            r.level,
            r.band,
            r.band_span,
            r.career_level,
            r.nhs_occupation_code.as_deref(),
            r.soc2020.as_deref(),
            r.source
        );
    }
    out.push_str("];\n\n");
}

fn write_lexicon(out: &mut String, lexicon: &Lexicon) {
    out.push_str("pub(super) static WORDS: &[&str] = &[\n");
    for text in &lexicon.texts {
        let _ = writeln!(out, "    {text:?},");
    }
    out.push_str("];\n\npub(super) static CUES: &[(&[WordId], Cue)] = &[\n");
    for (key, cue) in sorted(&lexicon.cues) {
        let _ = writeln!(out, "    (&{:?}, {}),", &key[..], cue_expr(*cue));
    }
    out.push_str("];\n\npub(super) static ABBREVIATIONS: &[(&[WordId], &[WordId], bool)] = &[\n");
    for (key, exp) in sorted(&lexicon.abbreviations) {
        let _ = writeln!(
            out,
            "    (&{:?}, &{:?}, {}),",
            &key[..],
            &exp.words[..],
            exp.ambiguous
        );
    }
    out.push_str("];\n\n");
    write_index(out, "BY_INITIAL", "char", &lexicon.by_initial);
    write_index(out, "OTHERS_BY_INITIAL", "char", &lexicon.others_by_initial);
    write_index(out, "BY_AFFIX", "[u8; 4]", &lexicon.by_affix);
    for (name, value) in [
        ("LONGEST_ABBREVIATION", lexicon.longest_abbreviation),
        ("LONGEST_CUE", lexicon.longest_cue),
        ("LONGEST_WORD", lexicon.longest_word),
    ] {
        let _ = writeln!(out, "pub(super) const {name}: usize = {value};");
    }
}

fn write_index<K: Ord + std::fmt::Debug>(
    out: &mut String,
    name: &str,
    key_type: &str,
    index: &std::collections::HashMap<K, std::borrow::Cow<'static, [WordId]>>,
) {
    let _ = writeln!(
        out,
        "pub(super) static {name}: &[({key_type}, &[WordId])] = &["
    );
    for (key, ids) in sorted(index) {
        let _ = writeln!(out, "    ({key:?}, &{:?}),", &ids[..]);
    }
    out.push_str("];\n\n");
}

/// A map's entries in key order, so that the same mappings always write the same file.
fn sorted<K: Ord, V>(map: &std::collections::HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

fn cue_expr(cue: Cue) -> String {
    match cue {
        Cue::Profession(p) => format!("Cue::Profession(Profession::{p:?})"),
        Cue::PostProfession(p) => format!("Cue::PostProfession(Profession::{p:?})"),
        Cue::Professional => "Cue::Professional".into(),
        Cue::PostExclude(e) => format!("Cue::PostExclude(Exclusion::{e:?})"),
        Cue::Registered(None) => "Cue::Registered(None)".into(),
        Cue::Registered(Some(p)) => format!("Cue::Registered(Some(Profession::{p:?}))"),
        Cue::Exclude(e) => format!("Cue::Exclude(Exclusion::{e:?})"),
        Cue::Head(l) => format!("Cue::Head(Level::{l:?})"),
        Cue::WeakHead(l) => format!("Cue::WeakHead(Level::{l:?})"),
        Cue::Level(l) => format!("Cue::Level(Level::{l:?})"),
        Cue::Trainee => "Cue::Trainee".into(),
        Cue::Role { role, review } => format!("Cue::Role {{ role: {role}, review: {review} }}"),
        Cue::Qualifier(k) => format!("Cue::Qualifier(QualifierKind::{k:?})"),
        Cue::Ignore => "Cue::Ignore".into(),
    }
}
