//! The mapping files are validated when loaded: every error names its file and line.

use role_standardiser::{Mappings, Matcher, Sources};

fn error_of(sources: Sources<'_>) -> String {
    Mappings::parse(sources)
        .map(|_| ())
        .map_err(|e| e.to_string())
        .err()
        .unwrap_or_default()
}

fn with_cues(extra: &str) -> String {
    format!("{}{extra}", Sources::BUILTIN.cues)
}

#[test]
fn builtin_mappings_are_valid() {
    assert!(!Mappings::builtin().taxonomy().roles().is_empty());
}

#[test]
fn a_duplicate_role_id_names_both_lines() {
    let roles = format!(
        "{}physiotherapy.support-worker,Again,physiotherapy,support-worker,2,2,,,,\n",
        Sources::BUILTIN.roles
    );
    let lines = Sources::BUILTIN.roles.lines().count() + 1;
    let err = error_of(Sources {
        roles: &roles,
        ..Sources::BUILTIN
    });
    assert_eq!(
        err,
        format!("mappings/roles.csv line {lines}: `physiotherapy.support-worker` is already defined at line 2; remove one of the two rows")
    );
}

#[test]
fn an_unknown_profession_is_named() {
    let roles = format!(
        "{}nursing.support-worker,Nursing,nursing,support-worker,2,2,,,,\n",
        Sources::BUILTIN.roles
    );
    let err = error_of(Sources {
        roles: &roles,
        ..Sources::BUILTIN
    });
    assert!(err.starts_with("mappings/roles.csv line "), "{err}");
    assert!(err.ends_with("unknown profession `nursing`"), "{err}");
    let cues = with_cues("podology,profession,podology,,,test\n");
    let err = error_of(Sources {
        cues: &cues,
        ..Sources::BUILTIN
    });
    assert!(err.starts_with("mappings/cues.csv line "), "{err}");
    assert!(err.ends_with("unknown profession `podology`"), "{err}");
}

#[test]
fn a_cue_pointing_at_no_role_is_named() {
    let cues = with_cues("rehab tech,role,multi-therapy.technician,,,test\n");
    let lines = Sources::BUILTIN.cues.lines().count() + 1;
    let err = error_of(Sources {
        cues: &cues,
        ..Sources::BUILTIN
    });
    assert_eq!(
        err,
        format!("mappings/cues.csv line {lines}: unknown role id `multi-therapy.technician`; `role-standardiser roles` lists the valid ids")
    );
}

#[test]
fn an_abbreviation_expanding_to_unknown_words_is_named() {
    let abbreviations = format!("{}zz,zebra keeper,,test\n", Sources::BUILTIN.abbreviations);
    let lines = Sources::BUILTIN.abbreviations.lines().count() + 1;
    let err = error_of(Sources {
        abbreviations: &abbreviations,
        ..Sources::BUILTIN
    });
    assert!(
        err.starts_with(&format!(
            "mappings/abbreviations.csv line {lines}: the expansion `zebra keeper`"
        )),
        "{err}"
    );
}

#[test]
fn duplicate_phrases_and_abbreviations_are_named() {
    let cues = with_cues("PHYSIOTHERAPY,profession,physiotherapy,,,test\n");
    let err = error_of(Sources {
        cues: &cues,
        ..Sources::BUILTIN
    });
    assert!(
        err.contains("`PHYSIOTHERAPY` is already defined at line 2"),
        "{err}"
    );
    let abbreviations = format!(
        "{}OTA,occupational therapy assistant,,test\n",
        Sources::BUILTIN.abbreviations
    );
    let err = error_of(Sources {
        abbreviations: &abbreviations,
        ..Sources::BUILTIN
    });
    assert!(err.contains("`OTA` is already defined at line"), "{err}");
}

#[test]
fn unknown_kinds_levels_and_missing_columns_are_named() {
    let cues = with_cues("boss,overlord,,,,test\n");
    assert!(error_of(Sources {
        cues: &cues,
        ..Sources::BUILTIN
    })
    .ends_with("unknown cue kind `overlord`"));
    let cues = with_cues("boss,head,chief-worker,,,test\n");
    assert!(error_of(Sources {
        cues: &cues,
        ..Sources::BUILTIN
    })
    .ends_with("unknown level `chief-worker`"));
    let err = error_of(Sources {
        cues: "phrase,value\nx,y\n",
        ..Sources::BUILTIN
    });
    assert_eq!(
        err,
        "mappings/cues.csv line 1: the header has no `kind` column"
    );
    let err = error_of(Sources {
        professions: "",
        ..Sources::BUILTIN
    });
    assert_eq!(
        err,
        "mappings/professions.csv: the file is empty or has no header row"
    );
}

#[test]
fn local_mappings_are_validated_and_round_trip() {
    let matcher = Matcher::builtin();
    let err = matcher
        .clone()
        .with_local_csv(
            "title,role_id\nA,physiotherapy.support-worker\nB,nope\n",
            "mine.csv",
        )
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert_eq!(err, Err("mine.csv line 3: unknown role id `nope`; `role-standardiser roles` lists the valid ids".into()));
    let err = matcher
        .clone()
        .with_local_csv(
            "title,role_id,band\nOTA,occupational-therapy.support-worker,12\n",
            "mine.csv",
        )
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert_eq!(
        err,
        Err("mine.csv line 2: `12` in column `band` is not a band from 1 to 9".into())
    );
    let err = matcher
        .clone()
        .with_local_csv("title,role_id\nPhysio Asst,physiotherapy.support-worker\nPHYSIO ASSISTANT,podiatry.support-worker\n", "mine.csv")
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert_eq!(err, Err("mine.csv line 3: `PHYSIO ASSISTANT` is already defined at line 2; remove one of the two rows".into()));
    assert!(matcher
        .clone()
        .with_local_csv("role_id\nx\n", "mine.csv")
        .is_err());

    let csv = "title,role_id,band\n\"Rehab, Generic\",multi-therapy.support-worker,3\nOTA,occupational-therapy.support-worker,\n";
    let local = matcher
        .with_local_csv(csv, "mine.csv")
        .expect("valid local mappings");
    assert_eq!(local.local().to_csv(local.taxonomy()), csv);
}

#[test]
fn a_local_mapping_key_holds_the_stated_band_and_none_confirms_out_of_scope() {
    use role_standardiser::{BandSource, Status};
    let csv = "title,role_id,band\n\
               Support Worker B2,physiotherapy.support-worker,\n\
               Support Worker B3,physiotherapy.senior-support-worker,\n\
               Therapy Assistant,multi-therapy.senior-support-worker,\n\
               Gym Buddy,none,\n";
    let m = Matcher::builtin()
        .with_local_csv(csv, "mine.csv")
        .expect("B2 and B3 are two titles, not a duplicate");
    let role = |t: &str| m.match_title(t).role.map(|r| r.id);
    assert_eq!(
        role("Support Worker B2").as_deref(),
        Some("physiotherapy.support-worker")
    );
    assert_eq!(
        role("support worker band 3").as_deref(),
        Some("physiotherapy.senior-support-worker")
    );
    // A band no mapping names is not a person's decision: the title is read as usual.
    let b4 = m.match_title("Support Worker B4");
    assert!(
        !b4.explanation.reason.starts_with("local mapping"),
        "{}",
        b4.explanation.reason
    );
    // A mapping written without a band matches any band, keeping the band the title states.
    let any = m.match_title("Therapy Assistant Band 4");
    assert_eq!(
        any.role.map(|r| r.id).as_deref(),
        Some("multi-therapy.senior-support-worker")
    );
    assert_eq!(
        any.band.map(|b| (b.value, b.source)),
        Some((4, BandSource::Stated))
    );
    // `none`: confirmed out of scope by a person.
    let gym = m.match_title("GYM BUDDY");
    assert_eq!((gym.status, gym.role.is_none()), (Status::NoMatch, true));
    assert!(
        gym.explanation.reason.contains("confirmed by a person"),
        "{}",
        gym.explanation.reason
    );
    // Written back as read; the same title and band twice with another role is still refused.
    assert_eq!(m.local().to_csv(m.taxonomy()), csv);
    let twice = "title,role_id\nSupport Worker B3,podiatry.support-worker\nsupport worker band 3,dietetics.senior-support-worker\n";
    let err = Matcher::builtin()
        .with_local_csv(twice, "mine.csv")
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert_eq!(err, Err("mine.csv line 3: `support worker band 3` is already defined at line 2; remove one of the two rows".into()));
}

#[test]
fn a_title_that_would_run_as_a_formula_is_written_neutralised_and_read_back_the_same() {
    let m = Matcher::builtin();
    let csv = "title,role_id,band\n\"'=HYPERLINK(\"\"x\"\")\",physiotherapy.support-worker,\n'-Podiatry helper,podiatry.support-worker,\n";
    let local = m.with_local_csv(csv, "mine.csv").expect("valid");
    // The `'` is taken off on reading: the decision is for the title as the sheet has it.
    let r = local.match_title("=HYPERLINK(\"x\")");
    assert_eq!(
        r.role.map(|r| r.id).as_deref(),
        Some("physiotherapy.support-worker")
    );
    assert!(local
        .match_title("-Podiatry helper")
        .explanation
        .reason
        .starts_with("local mapping"));
    // Written back with it, so the file round-trips.
    assert_eq!(local.local().to_csv(local.taxonomy()), csv);
}

#[test]
fn saved_decisions_the_format_refuses_are_set_aside_not_fatal() {
    let csv = "title,role_id,band\n\
               Gym Buddy,exercise-rehabilitation.senior-support-worker,4\n\
               ,physiotherapy.support-worker,\n\
               Rehab Navigator,no-such-role,\n\
               Physio Asst B3,physiotherapy.senior-support-worker,\n\
               physio assistant band 3,podiatry.support-worker,\n";
    let (m, refused) = Matcher::builtin()
        .with_local_csv_setting_aside(csv, "your decisions")
        .expect("a table");
    let said: Vec<String> = refused.iter().map(|e| e.to_string()).collect();
    assert_eq!(said.len(), 3, "{said:?}");
    assert!(said[0].starts_with("your decisions line 3:"), "{}", said[0]);
    assert!(
        said[1].contains("unknown role id `no-such-role`"),
        "{}",
        said[1]
    );
    assert!(
        said[2].contains("line 6: `physio assistant band 3` is already defined at line 5"),
        "{}",
        said[2]
    );
    // The rows accepted are in force.
    assert_eq!(m.local().len(), 2);
    let gym = m.match_title("Gym Buddy");
    assert_eq!(
        gym.role.map(|r| r.id).as_deref(),
        Some("exercise-rehabilitation.senior-support-worker")
    );
    // The strict reader refuses the same file at its first bad line.
    let strict = Matcher::builtin()
        .with_local_csv(csv, "your decisions")
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert_eq!(strict.err().as_deref(), Some(said[0].as_str()));
    assert!(Matcher::builtin()
        .with_local_csv_setting_aside("role_id\nx\n", "f")
        .is_err());
}
