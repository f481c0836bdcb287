//! Whole-title fuzzy matching: the known title nearest a misspelt one.
//!
//! Damerau-Levenshtein against every known title is the costly part of reading a misspelt title
//! (1,600 titles). Each edit changes a title's letter counts by at most two, so half the
//! difference of two letter histograms is a lower bound on their distance: most titles are ruled
//! out by that bound in a few dozen additions, and only the rest are measured exactly. The
//! answer is the same as measuring every title.

use crate::vocab::RoleIndex;

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
        let mut work = Vec::new();
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
            let similarity = similarity(text, &known.text, &mut work);
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

/// Normalised Damerau-Levenshtein similarity, as `strsim::normalized_damerau_levenshtein`: ASCII
/// texts are measured here in a reused table, without strsim's hash map and allocation.
fn similarity(a: &str, b: &str, work: &mut Vec<usize>) -> f64 {
    if !a.is_ascii() || !b.is_ascii() {
        return strsim::normalized_damerau_levenshtein(a, b);
    }
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - damerau_levenshtein(a.as_bytes(), b.as_bytes(), work) as f64 / longest as f64
}

/// The Damerau-Levenshtein distance of two ASCII texts (Lowrance and Wagner's algorithm, with
/// transpositions across edits), computed in `work`.
fn damerau_levenshtein(a: &[u8], b: &[u8], work: &mut Vec<usize>) -> usize {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return n.max(m);
    }
    let width = m + 2;
    let far = n + m;
    work.clear();
    work.resize((n + 2) * width, 0);
    work[0] = far;
    for i in 0..=n {
        work[(i + 1) * width] = far;
        work[(i + 1) * width + 1] = i;
    }
    for j in 0..=m {
        work[j + 1] = far;
        work[width + j + 1] = j;
    }
    // The last row of `a` holding each byte.
    let mut last_row = [0usize; 128];
    for i in 1..=n {
        let mut last_col = 0;
        for j in 1..=m {
            let k = last_row[usize::from(b[j - 1] & 0x7f)];
            let l = last_col;
            let mut substitution = work[i * width + j] + 1;
            if a[i - 1] == b[j - 1] {
                last_col = j;
                substitution -= 1;
            }
            let insertion = work[i * width + j + 1] + 1;
            let deletion = work[(i + 1) * width + j] + 1;
            let transposition = work[k * width + l] + (i - k - 1) + 1 + (j - l - 1);
            work[(i + 1) * width + j + 1] =
                substitution.min(insertion).min(deletion).min(transposition);
        }
        last_row[usize::from(a[i - 1] & 0x7f)] = i;
    }
    work[(n + 1) * width + m + 1]
}

#[cfg(test)]
mod tests {
    #[test]
    fn similarity_agrees_with_strsim() {
        let mut work = Vec::new();
        let mut seed = 1u64;
        let mut text = |len: u64| -> String {
            (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                    ['a', 'b', 'c', 'd', ' '][(seed >> 60) as usize % 5]
                })
                .collect()
        };
        let mut pairs: Vec<(String, String)> = (0..3000)
            .map(|i| (text(i % 9), text((i / 9) % 11)))
            .collect();
        pairs.extend(
            [
                (
                    "senior therapy assistant ortthopaedics",
                    "senior therapy assistant",
                ),
                ("ca", "abc"),
                ("", ""),
                ("physio assistnat", "physio assistant"),
                ("café", "cafe"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string())),
        );
        for (a, b) in &pairs {
            let expected = strsim::normalized_damerau_levenshtein(a, b);
            assert_eq!(similarity(a, b, &mut work), expected, "{a:?} {b:?}");
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
