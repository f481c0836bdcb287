//! Type-ahead suggestions: what a half-typed title may turn into.
//!
//! A person typing `physio as` has not finished the word `assistant`; matching the text alone
//! would miss the role they are heading for. [`suggest`] reads the text as typed, and also
//! completes the last word against the words of the standard role titles, profession names and
//! local mapping titles, and offers the roles whose titles the typed words begin.
//!
//! Every suggestion is an ordinary result of the `match_title` it is given, so it has the one
//! result shape of SPEC.md. Its `input` is the text it is a reading of: the text as typed, or the
//! completed text (`physio assistant`, `Physiotherapy Support Worker`) when it comes from a
//! completion. The index is built from the taxonomy and the local mappings alone.

use crate::result::{Band, BandSource, MatchResult, Status};
use crate::summary;
use crate::vocab::{LocalMappings, RoleIndex, Taxonomy};
use std::collections::HashSet;

/// The most completions of the last word that are read.
pub(super) const MAX_COMPLETIONS: usize = 6;

/// What type-ahead looks words up in, built once per matcher on the first suggestion.
#[derive(Debug, Clone)]
pub(super) struct SuggestIndex {
    /// Lower-case words of standard role titles, profession names and local mapping titles,
    /// shortest first, then alphabetical, without repeats.
    vocabulary: Vec<String>,
    /// Every standard role with the lower-case words of its title, larger professions first,
    /// then lower bands.
    ranked: Vec<(RoleIndex, Vec<String>)>,
}

impl SuggestIndex {
    /// Indexes the words of role titles, profession names and local mapping titles (about a
    /// thousand short strings for the built-in taxonomy).
    pub(super) fn new(taxonomy: &Taxonomy, local: &LocalMappings) -> SuggestIndex {
        let titles = taxonomy
            .roles()
            .iter()
            .map(|r| r.title.as_str())
            .chain(taxonomy.professions().iter().map(|p| p.name.as_str()))
            .chain(
                local
                    .entries()
                    .iter()
                    .filter(|e| e.role.is_some())
                    .map(|e| e.title.as_str()),
            );
        let mut vocabulary: Vec<String> = titles.flat_map(lower_words).collect();
        vocabulary.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        vocabulary.dedup();
        let mut ranked: Vec<(RoleIndex, Vec<String>)> = taxonomy
            .roles()
            .iter()
            .enumerate()
            .map(|(i, role)| (i, lower_words(&role.title)))
            .collect();
        ranked.sort_by_key(|&(i, _)| {
            let role = taxonomy.role(i);
            (
                std::cmp::Reverse(taxonomy.support_fte(role.profession)),
                role.band,
            )
        });
        SuggestIndex { vocabulary, ranked }
    }

    /// Words of the vocabulary that start with `prefix` (lower case) and are longer, shortest
    /// first, at most [`MAX_COMPLETIONS`].
    fn completions(&self, prefix: &str) -> Vec<&str> {
        self.vocabulary
            .iter()
            .filter(|w| w.len() > prefix.len() && w.starts_with(prefix))
            .take(MAX_COMPLETIONS)
            .map(String::as_str)
            .collect()
    }

    /// Titles of standard roles in which every typed word begins some word, larger professions
    /// (support workforce FTE) first, then lower bands.
    fn titles_begun_by<'a>(
        &'a self,
        taxonomy: &'a Taxonomy,
        text: &str,
    ) -> impl Iterator<Item = &'a str> {
        let typed = lower_words(text);
        self.ranked
            .iter()
            .filter(move |(_, words)| {
                !typed.is_empty()
                    && typed
                        .iter()
                        .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
            })
            .map(|&(role, _)| taxonomy.role(role).title.as_str())
    }
}

/// Up to `k` suggestions for `text`, best first, one per role, each a result of `match_title`
/// with a role: see `Matcher::suggest` for the order.
pub(super) fn suggest(
    index: &SuggestIndex,
    taxonomy: &Taxonomy,
    text: &str,
    k: usize,
    match_title: impl Fn(&str) -> MatchResult,
) -> Vec<MatchResult> {
    if k == 0 || text.trim().is_empty() {
        return Vec::new();
    }
    let mut out = Suggestions {
        k,
        seen: HashSet::new(),
        list: Vec::with_capacity(k),
    };
    let whole = match_title(text);
    // A vague title whose words are all understood is said first: vague is said, not guessed.
    let vague = whole.status == Status::Review
        && whole.explanation.unrecognised.is_empty()
        && whole.explanation.factors.contains(&"no-profession");
    if whole.status == Status::Matched || vague {
        out.push(whole.clone());
    }
    if !text.ends_with(char::is_whitespace) {
        let head = text.trim_end();
        let (head, last) = match head.rfind(char::is_whitespace) {
            Some(i) => (&head[..=i], &head[i + 1..]),
            None => ("", head),
        };
        let last = last.to_lowercase();
        // Words before the last that are not understood make a completion a guess: "xqzt p"
        // offers nothing, rather than a role for the one letter.
        let head_unread = (whole.explanation.unrecognised.iter()).any(|w| *w != last);
        if !head_unread && !last.is_empty() && last.chars().all(char::is_alphabetic) {
            let mut completions: Vec<MatchResult> = index
                .completions(&last)
                .into_iter()
                .map(|word| match_title(&format!("{head}{word}")))
                .filter(|r| r.role.is_some())
                .collect();
            completions.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
            for r in completions {
                out.push(r);
            }
        }
    }
    if whole.status == Status::Review {
        let alternatives = alternatives_of(taxonomy, &whole);
        out.push(whole);
        for alternative in alternatives {
            out.push(alternative);
        }
    }
    for title in index.titles_begun_by(taxonomy, text) {
        if out.is_full() {
            break;
        }
        out.push(match_title(title));
    }
    for r in &mut out.list {
        if r.explanation.summary.is_empty() {
            r.explanation.summary = summary::summary(taxonomy, r);
        }
    }
    out.list
}

/// The alternatives of a `review` reading as results of their own: same input and explanation,
/// `review`, the alternative's confidence, and the stated band if the title states one (a stated
/// band wins), else the role's typical band.
fn alternatives_of(taxonomy: &Taxonomy, whole: &MatchResult) -> Vec<MatchResult> {
    let stated = whole.band.filter(|b| b.source == BandSource::Stated);
    whole
        .alternatives
        .iter()
        .filter_map(|alt| {
            let role = taxonomy.find(&alt.role.id)?;
            let band = stated.unwrap_or(Band {
                value: taxonomy.role(role).band,
                source: BandSource::Typical,
                max: None,
            });
            let mut r = whole.clone();
            r.explanation.reason = format!(
                "an alternative to {}: {}",
                whole
                    .role
                    .as_ref()
                    .map_or("the reading", |r| r.title.as_str()),
                whole.explanation.reason
            );
            r.role = Some(alt.role.clone());
            r.confidence = alt.confidence;
            r.band = Some(band);
            r.alternatives = Vec::new();
            r.explanation.summary = summary::alternative(taxonomy, whole, &r);
            Some(r)
        })
        .collect()
}

/// Suggestions so far: at most `k`, one per role, in the order pushed.
struct Suggestions {
    k: usize,
    seen: HashSet<String>,
    list: Vec<MatchResult>,
}

impl Suggestions {
    fn push(&mut self, r: MatchResult) {
        if self.is_full() {
            return;
        }
        if let Some(role) = &r.role {
            if self.seen.insert(role.id.clone()) {
                self.list.push(r);
            }
        }
    }

    fn is_full(&self) -> bool {
        self.list.len() >= self.k
    }
}

/// The alphanumeric words of a text, lower case.
fn lower_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Mappings;

    #[test]
    fn local_mapping_titles_join_the_completions() {
        let taxonomy = Mappings::builtin().taxonomy().clone();
        let none = SuggestIndex::new(&taxonomy, &LocalMappings::default());
        assert!(none.completions("navig").is_empty());
        let local = LocalMappings::parse(
            "title,role_id\nRehab Navigator,physiotherapy.support-worker\n",
            "local.csv",
            &taxonomy,
            |t| (t.to_lowercase(), None),
        )
        .expect("local mappings parse");
        let index = SuggestIndex::new(&taxonomy, &local);
        assert_eq!(index.completions("navig"), ["navigator"]);
    }

    #[test]
    fn completions_are_shortest_first_and_capped() {
        let taxonomy = Mappings::builtin().taxonomy().clone();
        let index = SuggestIndex::new(&taxonomy, &LocalMappings::default());
        let got = index.completions("s");
        assert!(got.len() <= MAX_COMPLETIONS, "{got:?}");
        assert!(got.windows(2).all(|w| w[0].len() <= w[1].len()), "{got:?}");
    }
}
