//! Reading a title, the first step: tokens, the stated band taken out, words looked up,
//! corrected, split and expanded, and the cue phrases found among them.

use super::band::{stated_band, StatedBand};
use crate::result::Explanation;
use crate::vocab::{tokenise, Break, Cue, Hit, Lexicon, Place, Word};

/// A title after reading: its words, cues and stated band.
pub(super) struct Reading {
    pub(super) words: Vec<Word>,
    pub(super) hits: Vec<Hit>,
    pub(super) band: Option<StatedBand>,
}

impl Reading {
    /// Reads `title` with `lexicon`. Cost: linear in the title, a hash lookup per word and per
    /// candidate phrase; a word not in the vocabulary is also measured against the known words of
    /// its initial (a few hundred short comparisons, most given up after a row).
    pub(super) fn of(lexicon: &Lexicon, title: &str) -> Reading {
        let tokens = tokenise(title);
        let band = stated_band(&tokens);
        // Numbers and codes with digits (WTE, months, post references) carry no role meaning; a
        // break before a token left out applies to the next one kept. `or` between words is a
        // break between the roles of a list, not a word.
        let mut raw: Vec<(&str, Place)> = Vec::with_capacity(tokens.len());
        let mut place = Place::default();
        let mut pending = Break::None;
        for (i, t) in tokens.iter().enumerate() {
            pending = pending.max(t.brk);
            let in_band = band.as_ref().is_some_and(|(_, span)| span.contains(&i));
            if in_band || t.text.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            if t.text == "or" {
                pending = pending.max(Break::Alternative);
                continue;
            }
            if !raw.is_empty() {
                match pending {
                    Break::Segment => {
                        place.segment += 1;
                        place.alternative = 0;
                    }
                    Break::Alternative => place.alternative += 1,
                    Break::None => {}
                }
            }
            pending = Break::None;
            raw.push((t.text.as_str(), place));
        }
        let words = lexicon.read(&raw);
        let mut hits = Vec::with_capacity(words.len());
        lexicon.cues(&words, &mut hits);
        Reading {
            words,
            hits,
            band: band.map(|(b, _)| b),
        }
    }

    /// Every word, space-separated: the normalised title, which local mappings are compared on.
    pub(super) fn normalised(&self, lexicon: &Lexicon) -> String {
        join(lexicon, &self.words, |_| true)
    }

    /// The words that carry the role: everything but qualifiers, ignored words and unknowns.
    pub(super) fn core(&self, lexicon: &Lexicon) -> String {
        let mut keep = vec![false; self.words.len()];
        for h in &self.hits {
            if !matches!(h.cue, Cue::Qualifier(_) | Cue::Ignore) {
                keep[h.start..h.end].iter_mut().for_each(|k| *k = true);
            }
        }
        join(lexicon, &self.words, |i| keep[i])
    }

    /// The explanation as far as reading goes: the normalised title, qualifiers, the core words,
    /// corrections and unrecognised words. The reason is the decision's to give.
    pub(super) fn explanation(&self, lexicon: &Lexicon) -> Explanation {
        Explanation {
            normalised: self.normalised(lexicon),
            qualifiers: self
                .hits
                .iter()
                .filter(|h| matches!(h.cue, Cue::Qualifier(_) | Cue::Trainee))
                .map(|h| join(lexicon, &self.words[h.start..h.end], |_| true))
                .collect(),
            matched: self.core(lexicon),
            reason: String::new(),
            summary: String::new(),
            corrected: self
                .words
                .iter()
                .filter(|w| w.corrected)
                .map(|w| lexicon.word_text(w).to_string())
                .collect(),
            unrecognised: self
                .words
                .iter()
                .filter(|w| w.id.is_none())
                .map(|w| w.text.clone())
                .collect(),
            band_note: None,
            factors: Vec::new(),
        }
    }
}

/// The text of the words whose index `keep` accepts, space-separated.
pub(super) fn join(lexicon: &Lexicon, words: &[Word], keep: impl Fn(usize) -> bool) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if keep(i) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(lexicon.word_text(w));
        }
    }
    out
}
