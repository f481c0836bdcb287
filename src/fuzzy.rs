//! Whole-title fuzzy matching: the known title nearest a misspelt one.
//!
//! Damerau-Levenshtein against every known title is the costly part of reading a misspelt title
//! (1,600 titles). Each edit changes a title's letter counts by at most two, so half the
//! difference of two letter histograms is a lower bound on their distance: most titles are ruled
//! out by that bound in a few dozen additions, and only the rest are measured exactly. The
//! answer is the same as measuring every title.
//!
//! Word spelling correction ([`osa_within`]) measures a misspelt word against the known words
//! of its initial; it stops as soon as the distance must exceed the small edit allowed.

use crate::taxonomy::RoleIndex;

/// Buckets of a letter histogram: a-z, 0-9, space, anything else.
const BUCKETS: usize = 38;

/// A known title with its letter histogram.
#[derive(Debug, Clone)]
struct KnownTitle {
    text: String,
    role: RoleIndex,
    chars: usize,
    histogram: [u8; BUCKETS],
}

/// Known whole titles (lower case) and the roles they name.
#[derive(Debug, Clone)]
pub struct KnownTitles(Vec<KnownTitle>);

impl KnownTitles {
    /// Indexes titles for [`KnownTitles::nearest`].
    pub fn new(titles: Vec<(String, RoleIndex)>) -> KnownTitles {
        KnownTitles(
            titles
                .into_iter()
                .map(|(text, role)| {
                    let (chars, histogram) = histogram(&text);
                    KnownTitle {
                        text,
                        role,
                        chars,
                        histogram,
                    }
                })
                .collect(),
        )
    }

    /// The known title most like `text` with normalised Damerau-Levenshtein similarity of at
    /// least `min` (0 to 1): the similarity, the role and the known title. Ties go to the
    /// latest title, as with [`Iterator::max_by`].
    pub fn nearest(&self, text: &str, min: f64) -> Option<(f64, RoleIndex, &str)> {
        let (chars, counts) = histogram(text);
        let mut best: Option<(f64, RoleIndex, &str)> = None;
        for known in &self.0 {
            let longest = chars.max(known.chars);
            if longest == 0 {
                continue;
            }
            let bound = (chars.abs_diff(known.chars)).max(differences(&counts, &known.histogram));
            let ceiling = 1.0 - bound as f64 / longest as f64;
            if ceiling < min || best.is_some_and(|(s, _, _)| ceiling < s) {
                continue;
            }
            let similarity = strsim::normalized_damerau_levenshtein(text, &known.text);
            if similarity >= min && best.is_none_or(|(s, _, _)| similarity >= s) {
                best = Some((similarity, known.role, known.text.as_str()));
            }
        }
        best
    }
}

/// The number of characters of a text and its histogram (counts saturate at 255).
fn histogram(text: &str) -> (usize, [u8; BUCKETS]) {
    let mut counts = [0u8; BUCKETS];
    let mut chars = 0;
    for c in text.chars() {
        chars += 1;
        let bucket = match c {
            'a'..='z' => c as usize - 'a' as usize,
            '0'..='9' => 26 + c as usize - '0' as usize,
            ' ' => 36,
            _ => 37,
        };
        counts[bucket] = counts[bucket].saturating_add(1);
    }
    (chars, counts)
}

/// A lower bound on the edits between two texts with these histograms: every insertion or
/// deletion changes one count by one, a substitution two counts by one, a transposition none.
fn differences(a: &[u8; BUCKETS], b: &[u8; BUCKETS]) -> usize {
    let total: usize = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| usize::from(x.abs_diff(y)))
        .sum();
    total.div_ceil(2)
}

/// The optimal string alignment distance of `a` and `b` (edits and adjacent transpositions, as
/// `strsim::osa_distance`) when it is at most `limit`, else `None`. ASCII words are measured in
/// place, without allocating, and given up on as soon as no alignment can stay within `limit`.
pub fn osa_within(word: &str, known: &str, limit: usize) -> Option<usize> {
    const MAX: usize = 48;
    let (a, b) = (word.as_bytes(), known.as_bytes());
    if !a.is_ascii() || !b.is_ascii() || b.len() >= MAX {
        let d = strsim::osa_distance(word, known);
        return (d <= limit).then_some(d);
    }
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Three rows of the dynamic programme: row i-2, row i-1 and row i.
    let mut rows = [[0usize; MAX]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate().take(b.len() + 1) {
        *cell = j;
    }
    let mut last_min = 0;
    for i in 1..=a.len() {
        let [before, prev, cur] = &mut rows;
        cur[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // Later cells come from this row, or from the last by a transposition costing 1.
        if row_min > limit && last_min + 1 > limit {
            return None;
        }
        last_min = row_min;
        rows.rotate_left(1);
    }
    let d = rows[1][b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn osa_within_agrees_with_strsim() {
        // Every pair of words up to 5 letters over a 3-letter alphabet, and some real ones.
        let mut words = vec![String::new()];
        for len in 1..=5 {
            let mut n = 3usize.pow(len);
            while n > 0 {
                n -= 1;
                let w: String = (0..len)
                    .map(|k| ['a', 'b', 'c'][n / 3usize.pow(k) % 3])
                    .collect();
                words.push(w);
            }
        }
        words.extend(
            [
                "physiotherapy",
                "physiotehrapy",
                "assistnat",
                "assistant",
                "é",
                "ée",
            ]
            .map(String::from),
        );
        for a in &words {
            for b in &words {
                let d = strsim::osa_distance(a, b);
                for limit in 0..=3 {
                    assert_eq!(
                        osa_within(a, b, limit),
                        (d <= limit).then_some(d),
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }

    use super::*;

    fn titles() -> KnownTitles {
        KnownTitles::new(vec![
            ("physiotherapy assistant".into(), 0),
            ("occupational therapy assistant".into(), 1),
            ("podiatry assistant".into(), 2),
        ])
    }

    #[test]
    fn finds_the_nearest_title_above_the_threshold() {
        let known = titles();
        let (s, role, text) = known
            .nearest("occupational therpay assistant", 0.8)
            .expect("a near title");
        assert_eq!((role, text), (1, "occupational therapy assistant"));
        assert!(s > 0.9 && s < 1.0, "{s}");
        assert!(known.nearest("hospital porter", 0.8).is_none());
    }

    #[test]
    fn agrees_with_measuring_every_title() {
        let known = titles();
        for text in [
            "physiotherapy asistant",
            "podiatry assitant",
            "occupatinal therapy assistnt",
            "physio",
            "",
            "podiatry assistant",
        ] {
            let brute = known
                .0
                .iter()
                .map(|k| {
                    (
                        strsim::normalized_damerau_levenshtein(text, &k.text),
                        k.role,
                    )
                })
                .filter(|(s, _)| *s >= 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let fast = known.nearest(text, 0.8).map(|(s, r, _)| (s, r));
            assert_eq!(fast, brute, "{text}");
        }
    }

    #[test]
    fn the_histogram_bound_never_exceeds_the_distance() {
        let pairs = [
            ("abc", "acb"),
            ("physio", "phsyio"),
            ("assistant", "asst"),
            ("band 3", "band3"),
            ("ärzte", "arzte"),
        ];
        for (a, b) in pairs {
            let bound = differences(&histogram(a).1, &histogram(b).1);
            assert!(bound <= strsim::damerau_levenshtein(a, b), "{a} {b}");
        }
    }
}
