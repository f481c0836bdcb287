//! Plain English for a result: the one sentence the widget, the bulk page and the command line
//! show (`explanation.summary`), written from the result's fields, not from the engine's
//! `reason` (which keeps the reading's working for an audit). No ids, no jargon:
//! "Physiotherapy Senior Support Worker, band 3 as the title states" or "Needs a look: the
//! title names no profession; likeliest Healthcare Support Worker, usually band 2, sometimes 3".

use crate::result::{BandSource, MatchResult, Status};
use crate::vocab::Taxonomy;
use std::fmt::Write;

/// The summary of `r` (a few hundred nanoseconds: a handful of short strings).
pub(crate) fn summary(taxonomy: &Taxonomy, r: &MatchResult) -> String {
    match r.status {
        Status::NoMatch => no_match(r),
        Status::Matched => {
            let mut s = answer(taxonomy, r);
            if let Some(line) = local_line(r) {
                let _ = write!(s, ": decided by your local mappings (line {line})");
            }
            s.push('.');
            s
        }
        Status::Review => format!(
            "Needs a look: {}; likeliest {}.",
            doubts(r).join("; "),
            answer(taxonomy, r)
        ),
    }
}

/// The summary of `alternative`, another reading of the title of `whole` (a `review` result).
pub(crate) fn alternative(taxonomy: &Taxonomy, whole: &MatchResult, alt: &MatchResult) -> String {
    let likeliest = whole.role.as_ref().map_or("", |r| r.title.as_str());
    format!(
        "Needs a look: {}; also possible {} (likeliest {likeliest}).",
        doubts(whole).join("; "),
        answer(taxonomy, alt)
    )
}

/// The role and band, with how the band is known, the words corrected and the row's cells read:
/// "Occupational Therapy Support Worker, band 2 as the title states (spelling corrected to
/// “occupational”)".
fn answer(taxonomy: &Taxonomy, r: &MatchResult) -> String {
    let Some(role) = &r.role else {
        return String::new();
    };
    let mut s = role.title.clone();
    if let Some(b) = r.band {
        let bands = match b.max {
            Some(max) => format!("band {}–{max}", b.value),
            None => format!("band {}", b.value),
        };
        let span = taxonomy.get(&role.id).and_then(|role| role.band_span);
        let _ = match (b.source, span) {
            (BandSource::Stated, _) => write!(s, ", {bands} as the title states"),
            (BandSource::Typical, Some((lo, hi))) if hi == lo + 1 => {
                let other = if b.value == lo { hi } else { lo };
                write!(s, ", usually {bands}, sometimes {other}")
            }
            (BandSource::Typical, Some((lo, hi))) => {
                write!(s, ", usually {bands}, in practice bands {lo} to {hi}")
            }
            (BandSource::Typical, None) => write!(s, ", {bands}, the role's usual band"),
            (BandSource::Local, _) => write!(s, ", {bands} as your local mappings set"),
            (BandSource::Recorded, _) => write!(s, ", {bands} as the row's grade records"),
        };
    }
    let quoted = |words: &[String]| -> String {
        let words: Vec<String> = words.iter().map(|w| format!("“{w}”")).collect();
        words.join(", ")
    };
    let mut notes: Vec<String> = Vec::new();
    if !r.explanation.corrected.is_empty() {
        notes.push(format!(
            "spelling corrected to {}",
            quoted(&r.explanation.corrected)
        ));
    }
    if r.status == Status::Matched && !r.explanation.unrecognised.is_empty() {
        notes.push(format!("{} not read", quoted(&r.explanation.unrecognised)));
    }
    let cells: Vec<String> = (r.context.iter())
        .filter_map(|c| c.split_once('='))
        .map(|(field, value)| format!("{field} “{value}”"))
        .collect();
    if !cells.is_empty() {
        notes.push(format!("read with {}", cells.join(", ")));
    }
    if !notes.is_empty() {
        let _ = write!(s, " ({})", notes.join("; "));
    }
    s
}

/// What makes a person look, from the doubts the confidence counted and the row's cells.
fn doubts(r: &MatchResult) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let add = |out: &mut Vec<String>, s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for factor in &r.explanation.factors {
        let text = match *factor {
            "weak-profession" => "the profession is read from a corrected or ambiguous word",
            "no-profession" => "the title names no profession",
            "several-professions" => "the title names more than one profession",
            "no-role-noun" => "the title has no role word such as assistant or support worker",
            "often-other-jobs" => "the title is often used for other jobs",
            "several-roles" => "the advert is for several roles, not all of them support roles",
            "nearest-level" => {
                "the profession has no role at the level the title names, so the nearest is taken"
            }
            "band-above-5" => "the stated band is above 5, which is not a support post",
            "band-far" => "the stated band is far from the role's usual band",
            "fuzzy" => "the title is read by its likeness to a known title",
            "context-profession" => "the profession comes from the row, not the title",
            "unknown-word" => {
                let words: Vec<String> = (r.explanation.unrecognised.iter())
                    .map(|w| format!("“{w}”"))
                    .collect();
                add(
                    &mut out,
                    format!("words not understood: {}", words.join(", ")),
                );
                continue;
            }
            _ => continue,
        };
        add(&mut out, text.to_string());
    }
    if let Some(group) = (r.context.iter()).find_map(|c| c.strip_prefix("Staff Group=")) {
        add(
            &mut out,
            format!("the row's staff group “{group}” is of registered staff"),
        );
    }
    if r.code_check == Some(crate::result::CodeCheck::Differs) {
        add(
            &mut out,
            "the row's occupation code is of another post".to_string(),
        );
    }
    if out.is_empty() {
        add(
            &mut out,
            "the engine is not sure enough to accept it".to_string(),
        );
    }
    out
}

/// Why there is no role, from the engine's reason: "A management title: not an AHP support role."
fn no_match(r: &MatchResult) -> String {
    if r.input.trim().is_empty() {
        return "The title is empty.".into();
    }
    let reason = r.explanation.reason.as_str();
    if let Some(line) = local_line(r) {
        return format!("Not an AHP support role: decided by your local mappings (line {line}).");
    }
    if !r.explanation.factors.is_empty() {
        // A reading too doubtful to offer (below the review threshold): its doubts.
        return format!("No role offered, too unsure: {}.", doubts(r).join("; "));
    }
    // The reason's `word` quotes, as a person would write them.
    let mut text = String::with_capacity(reason.len() + 8);
    let mut open = true;
    for c in reason.chars() {
        if c == '`' {
            text.push(if open { '“' } else { '”' });
            open = !open;
        } else {
            text.push(c);
        }
    }
    let text = match text.strip_suffix(", out of scope") {
        Some(what) => format!("{what}: not an AHP support role"),
        None => text,
    };
    // The reasons are the engine's own, in ASCII at their start: no Unicode case tables needed.
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        format!("{}{}.", first.to_ascii_uppercase(), chars.as_str())
    })
}

/// The line of the local mapping that decided `r`, if one did.
fn local_line(r: &MatchResult) -> Option<&str> {
    let rest = r.explanation.reason.strip_prefix("local mapping (line ")?;
    rest.split_once(')').map(|(line, _)| line)
}
