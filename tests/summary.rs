//! The plain-English summary (`explanation.summary`): what a person reads in the widget, the bulk
//! page and `match --plain`. It says the answer and its doubts without ids or the engine's jargon.

use role_standardiser::{Matcher, Status};

/// Every title of the labelled corpus and the golden cases.
fn titles() -> Vec<String> {
    let corpus = include_str!("data/corpus.tsv");
    let cases = include_str!("data/cases.tsv");
    let from_corpus = corpus.lines().skip(1).filter_map(|l| l.split('\t').next());
    let from_cases = (cases.lines())
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(1));
    from_corpus.chain(from_cases).map(str::to_string).collect()
}

#[test]
fn summaries_name_no_ids_and_no_jargon() {
    let m = Matcher::builtin();
    let roles: Vec<String> = m.taxonomy().roles().iter().map(|r| r.id.clone()).collect();
    let jargon = [
        "`",
        "level ",
        "-support-worker",
        "multi-therapy",
        "healthcare-support",
        "no-profession",
        "unknown-word",
        "(typical)",
        "(stated)",
        " -> ",
        "similarity",
    ];
    for title in titles() {
        let mut r = m.match_title(&title);
        m.summarise(&mut r);
        let s = &r.explanation.summary;
        assert!(s.ends_with('.'), "{title}: {s}");
        assert!(
            s.chars().next().is_some_and(char::is_uppercase),
            "{title}: {s}"
        );
        for word in jargon
            .iter()
            .copied()
            .chain(roles.iter().map(String::as_str))
        {
            assert!(!s.contains(word), "{title}: `{word}` in {s}");
        }
        match r.status {
            Status::Matched | Status::Review => {
                let role = r.role.as_ref().expect("a role");
                assert!(s.contains(&role.title), "{title}: {s}");
                let band = r.band.expect("a band");
                assert!(s.contains(&format!("band {}", band.value)), "{title}: {s}");
                assert_eq!(
                    r.status == Status::Review,
                    s.starts_with("Needs a look: "),
                    "{title}: {s}"
                );
            }
            Status::NoMatch => assert!(!s.contains("band "), "{title}: {s}"),
        }
    }
}

#[test]
fn summaries_say_how_the_band_is_known_and_why_a_person_looks() {
    let m = Matcher::builtin();
    let say = |t: &str| {
        let mut r = m.match_title(t);
        m.summarise(&mut r);
        r.explanation.summary
    };
    assert_eq!(
        say("physio asst b3"),
        "Physiotherapy Senior Support Worker, band 3 as the title states."
    );
    assert_eq!(
        say("Support worker"),
        "Needs a look: the title names no profession; likeliest Healthcare Support Worker, usually band 2, sometimes 3."
    );
    assert_eq!(
        say("OTA"),
        "Occupational Therapy Senior Support Worker, band 3, the role's usual band."
    );
    assert_eq!(
        say("Ward manager"),
        "A management title: not an AHP support role."
    );
    assert_eq!(
        say("🙂🙂🙂"),
        "No words to read, only symbols, numbers or a band."
    );
    assert_eq!(say("  "), "The title is empty.");
    assert!(
        say("occupatinal therapy assistant").ends_with("(spelling corrected to “occupational”).")
    );
    assert!(say("Recovery Worker").contains("“recovery”"));
    let local = m
        .with_local_csv(
            "title,role_id\nRSW,multi-therapy.support-worker\n",
            "local.csv",
        )
        .expect("local mappings parse");
    let mut r = local.match_title("rsw");
    local.summarise(&mut r);
    assert!(
        r.explanation
            .summary
            .ends_with(": decided by your local mappings (line 2)."),
        "{}",
        r.explanation.summary
    );
}

#[test]
fn names_come_from_the_mapping_files() {
    let m = Matcher::builtin();
    let names = m.taxonomy().names();
    let name = |list: &[role_standardiser::Named<'_>], id: &str| {
        list.iter().find(|n| n.id == id).map(|n| n.name.to_string())
    };
    let multi = name(&names.professions, "multi-therapy");
    assert_eq!(
        multi.as_deref(),
        Some("Therapy and rehabilitation (multi-professional)")
    );
    let po = name(&names.professions, "prosthetics-orthotics");
    assert_eq!(po.as_deref(), Some("Prosthetics and orthotics"));
    let senior = name(&names.levels, "senior-support-worker");
    assert_eq!(senior.as_deref(), Some("Senior support worker"));
    assert_eq!(names.levels.len(), 5);
    assert_eq!(names.professions.len(), 16);
}
