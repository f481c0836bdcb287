//! Accuracy over labelled titles, scored by the rules of `eval/score.py`, with the floors the
//! engine must keep. `dev.tsv` is the shared dev set; `holdout.tsv` (272 titles) was labelled
//! independently from SPEC.md alone, without sight of the engine. Its first score is in the README;
//! the vocabulary gaps it showed were then fixed, so it is no longer unseen. `corpus.tsv` is a
//! labelled draw of real NHS advert titles of every kind (see `tests/data/corpus.md`): the gate of
//! precision on whole-NHS exports, on its tune part and on the held-out fifth never tuned on.

use role_standardiser::{MatchResult, Matcher, Status};
use std::collections::HashSet;

#[derive(Debug, Default)]
struct Figures {
    in_scope: usize,
    profession_ok: usize,
    accepted: usize,
    accepted_ok: usize,
    out_of_scope: usize,
    rejected: usize,
    stated: usize,
    stated_ok: usize,
    /// Results with a role, by tenth of confidence: (count, right, sum of confidence).
    bins: [(usize, usize, f64); 10],
    misses: Vec<String>,
}

impl Figures {
    fn pct(a: usize, b: usize) -> f64 {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    }
    fn profession_accuracy(&self) -> f64 {
        Self::pct(self.profession_ok, self.in_scope)
    }
    fn precision(&self) -> f64 {
        Self::pct(self.accepted_ok, self.accepted)
    }
    fn coverage(&self) -> f64 {
        Self::pct(self.accepted, self.in_scope)
    }
    fn rejected(&self) -> f64 {
        Self::pct(self.rejected, self.out_of_scope)
    }
    fn band_stated(&self) -> f64 {
        Self::pct(self.stated_ok, self.stated)
    }
    /// Of every title `matched`, in scope or not, the share whose profession is right.
    fn precision_of_all_matched(&self) -> f64 {
        let out_of_scope_matched = self.out_of_scope - self.rejected;
        Self::pct(self.accepted_ok, self.accepted + out_of_scope_matched)
    }
    /// Expected calibration error over ten bins of the results with a role: the mean gap, weighted
    /// by count, between each bin's share of right results and its mean confidence.
    fn calibration_error(&self) -> f64 {
        let n: usize = self.bins.iter().map(|b| b.0).sum();
        self.bins
            .iter()
            .filter(|b| b.0 > 0)
            .map(|&(count, right, sum)| {
                let c = count as f64;
                c / n as f64 * (right as f64 / c - sum / c).abs()
            })
            .sum()
    }
    fn reliability(&self) -> String {
        let rows: Vec<String> = (self.bins.iter().enumerate())
            .filter(|(_, b)| b.0 > 0)
            .map(|(i, &(count, right, sum))| {
                let c = count as f64;
                format!(
                    "{:.1}-{:.1}: {count} results, {:.1}% right, mean confidence {:.2}",
                    i as f64 / 10.0,
                    (i + 1) as f64 / 10.0,
                    100.0 * right as f64 / c,
                    sum / c
                )
            })
            .collect();
        rows.join("\n")
    }
    fn summary(&self) -> String {
        format!(
            "profession {:.1}%, precision {:.1}%, coverage {:.1}%, out-of-scope rejected {:.1}%, stated band {:.1}% ({} in scope, {} out of scope, {} stated bands)",
            self.profession_accuracy(),
            self.precision(),
            self.coverage(),
            self.rejected(),
            self.band_stated(),
            self.in_scope,
            self.out_of_scope,
            self.stated
        )
    }
}

/// `\b(band|bd|b|afc)\s*[-:]?\s*[2-9]\b|\b[2-9]\s*/\s*[2-9]\b`, case-insensitive, as score.py.
fn states_band(title: &str) -> bool {
    let s: Vec<char> = title.to_lowercase().chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let boundary_before = |i: usize| i == 0 || !word(s[i - 1]);
    let boundary_after = |i: usize| i >= s.len() || !word(s[i]);
    let digit = |i: usize| s.get(i).is_some_and(|c| ('2'..='9').contains(c));
    let skip_space = |mut i: usize| {
        while s.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        i
    };
    for start in 0..s.len() {
        if !boundary_before(start) {
            continue;
        }
        for prefix in ["band", "bd", "b", "afc"] {
            let p: Vec<char> = prefix.chars().collect();
            if s[start..].starts_with(&p) {
                let mut i = skip_space(start + p.len());
                if matches!(s.get(i), Some('-' | ':')) {
                    i += 1;
                }
                i = skip_space(i);
                if digit(i) && boundary_after(i + 1) {
                    return true;
                }
            }
        }
        if digit(start) {
            let i = skip_space(start + 1);
            if s.get(i) == Some(&'/') {
                let j = skip_space(i + 1);
                if digit(j) && boundary_after(j + 1) {
                    return true;
                }
            }
        }
    }
    false
}

fn score(gold: &str, matcher: &Matcher) -> Figures {
    let mut f = Figures::default();
    for line in gold.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (title, professions, bands) = (cols[0], cols[1], cols.get(2).copied().unwrap_or(""));
        let allowed: HashSet<&str> = professions.split('|').collect();
        let r: MatchResult = matcher.match_title(title);
        let profession = r.role.as_ref().map(|r| r.profession.id());
        let in_scope = !(allowed.len() == 1 && allowed.contains("none"));
        if let Some(p) = profession {
            let right = in_scope && (allowed.contains("*") || allowed.contains(p));
            let bin = &mut f.bins[((r.confidence * 10.0) as usize).min(9)];
            *bin = (bin.0 + 1, bin.1 + usize::from(right), bin.2 + r.confidence);
        }
        if allowed.len() == 1 && allowed.contains("none") {
            f.out_of_scope += 1;
            if r.status != Status::Matched {
                f.rejected += 1;
            } else {
                f.misses
                    .push(format!("false accept: {title} -> {profession:?}"));
            }
            continue;
        }
        f.in_scope += 1;
        let ok = r.status != Status::NoMatch
            && (allowed.contains("*") || profession.is_some_and(|p| allowed.contains(p)));
        if ok {
            f.profession_ok += 1;
        } else {
            f.misses.push(format!(
                "profession: {title} -> {profession:?} ({}) want {professions}",
                r.status.id()
            ));
        }
        if r.status == Status::Matched {
            f.accepted += 1;
            if ok {
                f.accepted_ok += 1;
            }
        }
        if !bands.is_empty() && states_band(title) {
            f.stated += 1;
            let want: HashSet<u8> = bands.split('|').filter_map(|b| b.parse().ok()).collect();
            if r.band.is_some_and(|b| want.contains(&b.value)) {
                f.stated_ok += 1;
            } else {
                f.misses.push(format!(
                    "band: {title} -> {:?} want {bands}",
                    r.band.map(|b| b.value)
                ));
            }
        }
    }
    f
}

#[test]
fn the_stated_band_rule_is_score_py_s() {
    for t in [
        "Band 3 x",
        "PHYSIO ASST B3",
        "bd-4",
        "AfC: 5",
        "band 2/3",
        "x 3 / 4",
    ] {
        assert!(states_band(t), "{t}");
    }
    for t in ["Band assistant", "B12", "xr03", "0.6 WTE", "Band 1"] {
        assert!(!states_band(t), "{t}");
    }
}

/// Fails when any figure falls below the floors of issue 2.
fn assert_floors(name: &str, gold: &str) {
    let matcher = Matcher::builtin();
    let f = score(gold, &matcher);
    println!("{name}: {}", f.summary());
    let ok = f.profession_accuracy() >= 95.0
        && f.precision() >= 98.0
        && f.coverage() >= 80.0
        && f.rejected() >= 95.0
        && f.band_stated() >= 98.0;
    assert!(ok, "{name}: {}\n{}", f.summary(), f.misses.join("\n"));
}

#[test]
fn dev_titles_meet_the_issue_floors() {
    assert_floors("dev", include_str!("data/dev.tsv"));
}

#[test]
fn holdout_titles_meet_the_issue_floors() {
    assert_floors("holdout", include_str!("data/holdout.tsv"));
}

/// The rows of `tests/data/corpus.tsv` in `part` (`tune` or `held-out`), header first.
fn corpus_part(part: &str) -> String {
    let corpus = include_str!("data/corpus.tsv");
    let mut lines = corpus.lines();
    let mut out = format!("{}\n", lines.next().unwrap_or_default());
    for line in lines.filter(|l| l.split('\t').nth(4) == Some(part)) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn the_labelled_corpus_meets_the_precision_gate() {
    let matcher = Matcher::builtin();
    for part in ["tune", "held-out"] {
        let f = score(&corpus_part(part), &matcher);
        println!(
            "corpus, {part} part: {}; precision of all matched {:.1}%; calibration error {:.3}\n{}",
            f.summary(),
            f.precision_of_all_matched(),
            f.calibration_error(),
            f.reliability()
        );
        assert!(
            f.in_scope > 30 && f.out_of_scope > 500,
            "{part}: too few rows"
        );
        let ok = f.precision() >= 99.5
            && f.rejected() >= 99.0
            && f.profession_accuracy() >= 97.0
            && f.band_stated() == 100.0;
        assert!(
            ok,
            "corpus, {part} part: {}\n{}",
            f.summary(),
            f.misses.join("\n")
        );
    }
}

#[test]
fn the_confidence_is_calibrated_on_the_corpus_it_was_fitted_on() {
    let f = score(&corpus_part("tune"), &Matcher::builtin());
    let error = f.calibration_error();
    assert!(
        error <= 0.05,
        "calibration error {error:.3}\n{}",
        f.reliability()
    );
}
