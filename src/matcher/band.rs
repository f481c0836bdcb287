//! Finds the Agenda for Change band a title states.
//!
//! Spellings understood: `Band 3`, `band: 3`, `Band III`, `B3`, `Bd 4`, `Bd4`, `AfC 4`,
//! `AfC band 4`, `Agenda for Change band 4`, ranges `band 2/3`, `Band 2-3`, `B2/3`, `bands 3 to 4`,
//! a bare `2/3`, and the ESR pay scale codes `XR03` (Agenda for Change band 3). Apprenticeship
//! and qualification levels (`Level 3`) are not bands.

use crate::vocab::Token;
use std::ops::Range;

/// A band written in the title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct StatedBand {
    /// The band, or the lower end of a range (1 to 9).
    pub(super) value: u8,
    /// The upper end of a range such as `band 2/3`.
    pub(super) max: Option<u8>,
}

/// Finds the first stated band and the tokens that spell it: linear in the tokens.
pub(super) fn stated_band(tokens: &[Token]) -> Option<(StatedBand, Range<usize>)> {
    for i in 0..tokens.len() {
        if let Some(found) = band_at(tokens, i) {
            return Some(found);
        }
    }
    None
}

fn band_at(tokens: &[Token], i: usize) -> Option<(StatedBand, Range<usize>)> {
    let t = tokens[i].text.as_str();
    // "b3", "bd4", "band3", "afc4", "xr03"
    for prefix in ["band", "bd", "b", "afc", "xr0", "xr"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            if let Some(value) = digit(rest) {
                let (max, end) = range_after(tokens, i + 1, value);
                return Some((StatedBand { value, max }, i..end));
            }
        }
    }
    // "band 3", "bands 3 to 4", "afc band 4", "agenda for change band 4"
    let mut j = i;
    if t == "agenda"
        && tokens.get(i + 1).is_some_and(|t| t.text == "for")
        && tokens.get(i + 2).is_some_and(|t| t.text == "change")
    {
        j = i + 3;
    } else if matches!(t, "band" | "bands" | "bd" | "afc") {
        j = i + 1;
    }
    if j > i {
        while tokens
            .get(j)
            .is_some_and(|t| matches!(t.text.as_str(), "band" | "bands" | "bd" | "afc"))
        {
            j += 1;
        }
        let value = tokens
            .get(j)
            .and_then(|t| digit(&t.text).or(roman(&t.text)))?;
        let (max, end) = range_after(tokens, j + 1, value);
        return Some((StatedBand { value, max }, i..end));
    }
    // A bare "2/3".
    let value = digit(t)?;
    let next = tokens.get(i + 1)?;
    let max = digit(&next.text).filter(|&m| next.sep == '/' && m > value)?;
    Some((
        StatedBand {
            value,
            max: Some(max),
        },
        i..i + 2,
    ))
}

/// An upper end after a band: "/3", "-3", "to 3", "or 3", "and 3".
fn range_after(tokens: &[Token], i: usize, value: u8) -> (Option<u8>, usize) {
    let (j, joined) = match tokens.get(i) {
        Some(t) if matches!(t.text.as_str(), "to" | "or" | "and") => (i + 1, true),
        Some(t) => (i, matches!(t.sep, '/' | '-' | '\u{2013}')),
        None => return (None, i),
    };
    match tokens
        .get(j)
        .and_then(|t| digit(t.text.trim_start_matches('b')))
    {
        Some(max) if joined && max > value => (Some(max), j + 1),
        _ => (None, i),
    }
}

/// A band digit 1 to 9, allowing the `8a` to `8d` spine points of band 8.
fn digit(s: &str) -> Option<u8> {
    let s = s
        .strip_suffix(['a', 'b', 'c', 'd'])
        .filter(|r| *r == "8")
        .unwrap_or(s);
    match s.parse::<u8>() {
        Ok(v @ 1..=9) if s.len() == 1 => Some(v),
        _ => None,
    }
}

fn roman(s: &str) -> Option<u8> {
    let v = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
        .iter()
        .position(|r| *r == s)?;
    Some(v as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::tokenise;

    fn band(s: &str) -> Option<(u8, Option<u8>)> {
        stated_band(&tokenise(s)).map(|(b, _)| (b.value, b.max))
    }

    #[test]
    fn every_spelling() {
        let cases = [
            ("Physio Asst Band 3", Some((3, None))),
            ("PHYSIO ASST B3", Some((3, None))),
            ("OT Asst Bd 4", Some((4, None))),
            ("OT Asst Bd4", Some((4, None))),
            ("AfC 4 assistant practitioner", Some((4, None))),
            ("AfC band 4 AP", Some((4, None))),
            ("Agenda for Change band 2 HCA", Some((2, None))),
            ("Therapy Assistant band 2/3", Some((2, Some(3)))),
            ("Therapy Assistant Band 2-3", Some((2, Some(3)))),
            ("Therapy Assistant B2/3", Some((2, Some(3)))),
            ("Therapy Assistant bands 3 to 4", Some((3, Some(4)))),
            ("Therapy Assistant 3/4", Some((3, Some(4)))),
            ("Band: 3 therapy assistant", Some((3, None))),
            ("Band III therapy assistant", Some((3, None))),
            ("Speech Therapy Assistant (XR03)", Some((3, None))),
            ("Band 8a manager", Some((8, None))),
            ("Band 4 Therapy Assistant", Some((4, None))),
        ];
        for (title, want) in cases {
            assert_eq!(band(title), want, "{title}");
        }
    }

    #[test]
    fn not_bands() {
        for title in [
            "Physio Assistant (0.6 WTE)",
            "Level 3 apprenticeship",
            "Therapy Assistant: 6 months stroke review",
            "Support worker 24/7",
            "Band assistant",
            "B12 unit",
        ] {
            assert_eq!(band(title), None, "{title}");
        }
    }

    #[test]
    fn span_covers_the_band_words() {
        let tokens = tokenise("Senior Therapy Assistant AfC Band 3 - Bank");
        let (_, span) = stated_band(&tokens).expect("band");
        assert_eq!(span, 3..6);
    }
}
