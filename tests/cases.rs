//! The golden cases in `tests/data/cases.tsv`: each named row is one behaviour kept.

use role_standardiser::{BandSource, Matcher, Status};

fn status(id: &str) -> Status {
    match id {
        "matched" => Status::Matched,
        "review" => Status::Review,
        _ => Status::NoMatch,
    }
}

#[test]
fn golden_cases() {
    let matcher = Matcher::builtin();
    let text = include_str!("data/cases.tsv");
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 4, "malformed case row: {line}");
        let (name, title, want_status, want_role) = (cols[0], cols[1], cols[2], cols[3]);
        let want_band = cols.get(4).copied().unwrap_or("");
        let want_source = cols.get(5).copied().unwrap_or("");
        count += 1;
        let r = matcher.match_title(title);
        let role = r.role.as_ref().map_or("-", |r| r.id.as_str());
        let band = r.band.map(|b| b.value.to_string()).unwrap_or_default();
        let source = r.band.map_or("", |b| match b.source {
            BandSource::Stated => "stated",
            BandSource::Typical => "typical",
            BandSource::Local => "local",
            BandSource::Recorded => "recorded",
        });
        if r.status != status(want_status)
            || role != want_role
            || band != want_band
            || source != want_source
        {
            failures.push(format!(
                "{name}: `{title}` gave {} {role} band {band} {source} (confidence {}; {}), want {want_status} {want_role} band {want_band} {want_source}",
                r.status.id(),
                r.confidence,
                r.explanation.reason
            ));
        }
    }
    assert!(count > 100, "only {count} cases read");
    assert!(
        failures.is_empty(),
        "{} of {count} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn matched_results_meet_the_accept_threshold_and_review_ones_do_not() {
    let matcher = Matcher::builtin();
    let accept = matcher.config().accept;
    for title in [
        "OTA",
        "Assistant practitioner",
        "Physiotherapist",
        "Physio/OT Assistant",
    ] {
        let r = matcher.match_title(title);
        match r.status {
            Status::Matched => assert!(r.confidence >= accept, "{title}"),
            Status::Review => assert!(r.confidence < accept && r.role.is_some(), "{title}"),
            Status::NoMatch => assert!(r.role.is_none() && r.band.is_none(), "{title}"),
        }
    }
}

#[test]
fn vague_titles_offer_the_likeliest_roles_at_their_level() {
    let matcher = Matcher::builtin();
    let r = matcher.match_title("Band 4 Assistant Practitioner");
    assert_eq!(r.status, Status::Review);
    assert!(r.alternatives.len() >= 3);
    assert!(r
        .alternatives
        .iter()
        .all(|a| a.role.level == role_standardiser::Level::AssistantPractitioner));
    assert!(r
        .alternatives
        .windows(2)
        .all(|w| w[0].confidence >= w[1].confidence));
}

#[test]
fn explanation_reads_like_the_spec_example() {
    let matcher = Matcher::builtin();
    let r = matcher.match_title("Physio Asst - MSK - Band 3");
    assert_eq!(r.explanation.normalised, "physiotherapy assistant msk");
    assert_eq!(r.explanation.qualifiers, ["msk"]);
    assert_eq!(r.explanation.matched, "physiotherapy assistant");
    let r = matcher.match_title("Occupatonal Therapy Asst (Bank)");
    assert_eq!(r.explanation.corrected, ["occupational"]);
    assert!(r
        .qualifiers
        .iter()
        .any(|q| q.kind == "contract" && q.value == "bank"));
}

#[test]
fn matching_ignores_case_and_surrounding_space_and_is_deterministic() {
    let matcher = Matcher::builtin();
    for title in [
        "Physio Asst B3",
        "Senior Rehabilitation Assistant",
        "HCA",
        "Porter",
    ] {
        let a = matcher.match_title(title);
        let b = matcher.match_title(&format!("  {}\t", title.to_uppercase()));
        assert_eq!(
            (a.status, a.role, a.band, a.confidence),
            (b.status, b.role, b.band, b.confidence)
        );
    }
}

#[test]
fn match_many_keeps_order_and_repeats() {
    let matcher = Matcher::builtin();
    let titles = ["OTA", "Porter", "OTA", "", "HCA"];
    let results = matcher.match_many(&titles);
    assert_eq!(results.len(), 5);
    for (t, r) in titles.iter().zip(&results) {
        assert_eq!(&r.input, t);
    }
    assert_eq!(results[0], results[2]);
}
