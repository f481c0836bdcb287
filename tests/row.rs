//! The whole row (`Matcher::match_row`): the title first, the row's other cells as evidence.

use role_standardiser::{BandSource, CodeCheck, MatchResult, Matcher, Row, Status};
use std::sync::OnceLock;

fn matcher() -> &'static Matcher {
    static M: OnceLock<Matcher> = OnceLock::new();
    M.get_or_init(Matcher::builtin)
}

fn role(r: &MatchResult) -> Option<&str> {
    r.role.as_ref().map(|r| r.id.as_str())
}

fn row(title: &str) -> Row<'_> {
    Row {
        title,
        ..Row::default()
    }
}

#[test]
fn a_row_with_only_a_title_reads_as_the_title() {
    for title in [
        "Physio Asst B3",
        "Support Worker",
        "Staff Nurse",
        "",
        "OTA | B3",
    ] {
        assert_eq!(
            matcher().match_row(&row(title)),
            matcher().match_title(title),
            "{title}"
        );
    }
}

#[test]
fn a_vague_title_is_settled_by_the_profession_its_row_names() {
    let cases = [
        (
            Row {
                area_of_work: "Physiotherapy",
                ..row("Support Worker")
            },
            "physiotherapy.support-worker",
            "Area of Work=Physiotherapy",
        ),
        (
            Row {
                area_of_work: "Speech and Language Therapy",
                ..row("Assistant Practitioner")
            },
            "speech-and-language-therapy.assistant-practitioner",
            "Area of Work=Speech and Language Therapy",
        ),
        (
            Row {
                department: "Radiology",
                ..row("Clinical Support Worker")
            },
            "diagnostic-radiography.support-worker",
            "Department=Radiology",
        ),
        (
            Row {
                occupation_code: "H2J",
                ..row("Support Worker")
            },
            "physiotherapy.support-worker",
            "Occupation Code=H2J",
        ),
        (
            Row {
                job_role: "Occupational Therapy Assistant",
                ..row("Therapy Assistant")
            },
            "occupational-therapy.senior-support-worker",
            "Job Role=Occupational Therapy Assistant",
        ),
    ];
    for (r, want, context) in cases {
        let got = matcher().match_row(&r);
        assert_eq!(role(&got), Some(want), "{r:?}");
        assert_eq!(
            got.status,
            Status::Matched,
            "{r:?}: {}",
            got.explanation.reason
        );
        assert_eq!(got.input, r.title);
        assert_eq!(got.context, [context], "{r:?}");
        assert!(
            got.explanation
                .reason
                .contains("the title names no profession"),
            "{}",
            got.explanation.reason
        );
    }
    // Cells that name two professions settle nothing, and say so.
    let split = matcher().match_row(&Row {
        occupation_code: "H2H",
        area_of_work: "Physiotherapy",
        ..row("Support Worker")
    });
    assert_eq!(role(&split), Some("healthcare-support.support-worker"));
    assert_eq!(split.status, Status::Review);
    assert!(split
        .explanation
        .reason
        .contains("names occupational-therapy and physiotherapy"));
    // A title that names its profession is not changed by its row's.
    let named = matcher().match_row(&Row {
        area_of_work: "Occupational Therapy",
        ..row("Physio Asst")
    });
    assert_eq!(role(&named), Some("physiotherapy.senior-support-worker"));
    assert!(named.context.is_empty());
}

#[test]
fn a_recorded_grade_gives_the_band_in_every_spelling() {
    for (grade, band) in [
        ("XR03", 3),
        ("Band 3", 3),
        ("AfC Band 4", 4),
        ("NHS|XR04|Review Body Band 4", 4),
        ("Band 2", 2),
    ] {
        let r = matcher().match_row(&Row {
            grade,
            ..row("Physio Asst")
        });
        let got = r.band.map(|b| (b.value, b.source));
        assert_eq!(got, Some((band, BandSource::Recorded)), "{grade}");
        assert_eq!(r.context, [format!("Grade={grade}")]);
    }
    // A band the title states that disagrees is said; the recorded one is used.
    let r = matcher().match_row(&Row {
        grade: "XR04",
        ..row("Physio Asst B3")
    });
    assert_eq!(
        r.band.map(|b| (b.value, b.source)),
        Some((4, BandSource::Recorded))
    );
    assert!(r
        .explanation
        .reason
        .contains("the title states band 3, the recorded grade band 4"));
    // A grade that is not a band, or a title out of scope, leaves the band alone.
    let r = matcher().match_row(&Row {
        grade: "Medical and Dental",
        ..row("Physio Asst")
    });
    assert_eq!(r.band.map(|b| b.source), Some(BandSource::Typical));
    let r = matcher().match_row(&Row {
        grade: "XR05",
        ..row("Staff Nurse")
    });
    assert_eq!((r.band, r.context.len()), (None, 0));
    // A local mapping's band stays.
    let local = Matcher::builtin()
        .with_local_csv(
            "title,role_id,band\nRehab Helper,multi-therapy.support-worker,2\n",
            "l.csv",
        )
        .expect("valid");
    let r = local.match_row(&Row {
        grade: "XR03",
        ..row("Rehab Helper")
    });
    assert_eq!(
        r.band.map(|b| (b.value, b.source)),
        Some((2, BandSource::Local))
    );
    assert!(r.explanation.reason.contains("the local mapping's kept"));
}

#[test]
fn the_recorded_code_is_checked_against_the_role_and_never_overrules_the_title() {
    let check = |title: &str, code: &str| {
        matcher().match_row(&Row {
            occupation_code: code,
            ..row(title)
        })
    };
    let agrees = check("Physio Asst B3", "S9E");
    assert_eq!(agrees.code_check, Some(CodeCheck::Agrees));
    // The support worker code of the same profession agrees too: the level is not checked.
    assert_eq!(
        check("Physio Asst B3", "h2j").code_check,
        Some(CodeCheck::Agrees)
    );
    // Another profession's code: the title's role stands, the disagreement is reported.
    let other = check("Physio Asst B3", "H2H");
    assert_eq!(role(&other), Some("physiotherapy.senior-support-worker"));
    assert_eq!(other.code_check, Some(CodeCheck::Differs));
    assert!(other
        .explanation
        .reason
        .contains("H2H (Support Worker in Occupational Therapy) is occupational-therapy"));
    // A registered post's code.
    let registered = check("Physio Asst B3", "S1E");
    assert_eq!(registered.code_check, Some(CodeCheck::Differs));
    assert!(registered
        .explanation
        .reason
        .contains("is a registered post"));
    // A role that names no profession agrees with any support code.
    assert_eq!(
        check("Healthcare Assistant", "H1J").code_check,
        Some(CodeCheck::Agrees)
    );
    // No role, no code, or a code not known: no check.
    assert_eq!(check("Staff Nurse", "S9E").code_check, None);
    assert_eq!(check("Physio Asst", "").code_check, None);
    let unknown = check("Physio Asst", "X1A");
    assert_eq!(unknown.code_check, None);
    assert!(unknown.explanation.reason.contains("X1A is not"));
    // Families of codes: nursing (N), medical and dental (three digits), healthcare science (U)
    // differ from any AHP support role; an H code outside the AHP areas is support to clinical
    // staff, which agrees with a healthcare support role and differs from a therapy one.
    for code in ["N1A", "101", "UAA"] {
        let r = check("Physio Asst", code);
        assert_eq!(r.code_check, Some(CodeCheck::Differs), "{code}");
        assert!(
            r.explanation.reason.contains("is another field's post"),
            "{}",
            r.explanation.reason
        );
    }
    assert_eq!(
        check("Healthcare Assistant", "H1A").code_check,
        Some(CodeCheck::Agrees)
    );
    assert_eq!(
        check("Physio Asst", "H1A").code_check,
        Some(CodeCheck::Differs)
    );
    // A family code settles no vague title: the area of work still does.
    let settled = matcher().match_row(&Row {
        occupation_code: "H1A",
        area_of_work: "Physiotherapy",
        ..row("Support Worker")
    });
    assert_eq!(role(&settled), Some("physiotherapy.support-worker"));
}

#[test]
fn a_registered_staff_group_sends_a_support_title_to_review() {
    let r = matcher().match_row(&Row {
        staff_group: "Allied Health Professionals",
        ..row("Physio Asst B3")
    });
    assert_eq!(r.status, Status::Review);
    assert_eq!(r.context, ["Staff Group=Allied Health Professionals"]);
    let r = matcher().match_row(&Row {
        staff_group: "Additional Clinical Services",
        ..row("Physio Asst B3")
    });
    assert_eq!((r.status, r.context.len()), (Status::Matched, 0));
}

#[test]
fn an_esr_position_name_is_split_into_title_code_and_area_of_work() {
    let cell = "4362624|Physiotherapy Assistant|S9E|Physiotherapy|";
    let r = matcher().match_row(&row(cell));
    assert_eq!(r.input, cell);
    assert_eq!(role(&r), Some("physiotherapy.senior-support-worker"));
    assert_eq!(r.code_check, Some(CodeCheck::Agrees));
    // A vague title in one is settled by the area of work it carries.
    let r = matcher().match_row(&row("4362625|Support Worker||Physiotherapy|"));
    assert_eq!(role(&r), Some("physiotherapy.support-worker"));
    assert_eq!(r.context, ["Area of Work=Physiotherapy"]);
    // The row's own cells win over the position name's parts.
    let r = matcher().match_row(&Row {
        occupation_code: "H2H",
        ..row(cell)
    });
    assert_eq!(r.code_check, Some(CodeCheck::Differs));
}

/// `tests/fixtures/esr-export.csv` (from `make-esr.py`, built from its truth): cleaned as a
/// user would, each row's appended cells compared with `esr-export-truth.tsv`.
#[test]
fn an_esr_export_with_known_truth_is_read_whole_row() {
    use role_standardiser::{Bulk, Options};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
    let input = std::fs::read(format!("{dir}esr-export.csv")).expect("fixture");
    let truth = std::fs::read_to_string(format!("{dir}esr-export-truth.tsv")).expect("truth");
    let mut bulk = Bulk::open(
        input,
        "esr-export.csv",
        &Options::default(),
        Matcher::builtin(),
    )
    .expect("opens");
    assert_eq!(bulk.columns()[bulk.title_column()], "Position Name");
    let fields: Vec<&str> = bulk.context_columns().iter().map(|c| c.0).collect();
    assert_eq!(
        fields,
        [
            "Grade",
            "Occupation Code",
            "Area of Work",
            "Job Role",
            "Staff Group",
            "Department",
            "FTE"
        ]
    );
    assert!(bulk.row_statuses().is_empty(), "not matched yet");
    bulk.match_next(usize::MAX);
    // Row by row: every row of the vague titles settles by its columns, so none is left to review
    // although the titles alone would be; the counts add up to each title's rows.
    let statuses = bulk.row_statuses();
    assert_eq!(statuses.len(), bulk.titles().len());
    for (t, s) in bulk.titles().iter().zip(&statuses) {
        assert_eq!(s.iter().sum::<usize>(), t.rows, "{}", t.title);
    }
    let vague = (bulk.titles().iter().zip(bulk.results()))
        .position(|(t, r)| t.title == "Support Worker" && r.status == Status::Review)
        .expect("a vague title");
    assert_eq!(statuses[vague][1], 0, "{:?}", statuses[vague]);
    assert!(statuses.iter().all(|s| s[1] == 0));
    let out = bulk.to_csv().expect("csv");
    let mut reader = csv::Reader::from_reader(&out[..]);
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let want: std::collections::HashMap<&str, Vec<&str>> = truth
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            (cells[0], cells)
        })
        .collect();
    let vague = [
        "Support Worker",
        "Clinical Support Worker",
        "Healthcare Support Worker",
        "Senior Support Worker",
        "Assistant Practitioner",
        "Trainee Assistant Practitioner",
    ];
    let (mut roles, mut bands, mut resolved, mut rejected) = ((0, 0), (0, 0), (0, 0), (0, 0));
    let (mut flagged, mut right_flags, mut planted) = (0, 0, 0);
    for record in reader.records() {
        let r = record.expect("a record");
        let t = &want[&r[at("Assignment Number")]];
        let role = Some(&r[at("standard_role_id")])
            .filter(|s| !s.is_empty())
            .unwrap_or("none");
        let status = &r[at("match_status")];
        roles = (roles.0 + usize::from(role == t[1]), roles.1 + 1);
        if t[1] == "none" {
            rejected = (
                rejected.0 + usize::from(status == "no-match"),
                rejected.1 + 1,
            );
            continue;
        }
        if !t[2].is_empty() {
            let recorded = &r[at("band")] == t[2] && &r[at("band_source")] == "recorded";
            bands = (bands.0 + usize::from(recorded), bands.1 + 1);
        }
        let position = &r[at("Position Name")];
        let title = position.split('|').nth(1).unwrap_or(position);
        if vague.contains(&title) {
            let ok = role == t[1] && status == "matched";
            resolved = (resolved.0 + usize::from(ok), resolved.1 + 1);
        }
        let check = &r[at("code_check")];
        flagged += usize::from(check == "differs");
        planted += usize::from(t[3] == "differs");
        right_flags += usize::from(check == "differs" && t[3] == "differs");
    }
    let pct = |(a, b): (usize, usize)| 100.0 * a as f64 / b.max(1) as f64;
    eprintln!(
        "ESR export: role right {}/{} ({:.1}%); band right where recorded {}/{} ({:.1}%); vague titles resolved {}/{} ({:.1}%); out of scope rejected {}/{}; code_check differs: {right_flags} right of {flagged} flagged, {planted} planted",
        roles.0, roles.1, pct(roles), bands.0, bands.1, pct(bands), resolved.0, resolved.1, pct(resolved), rejected.0, rejected.1
    );
    assert_eq!(bands.0, bands.1, "band right wherever a grade is recorded");
    assert_eq!(rejected.0, rejected.1, "out-of-scope rows rejected");
    assert!(pct(resolved) >= 95.0, "vague titles resolved by their row");
    assert!(pct(roles) >= 95.0, "roles right");
    assert!(
        planted > 0 && right_flags == planted && flagged == planted,
        "code_check precision and recall"
    );
    // The workforce summary counts every row once, and its FTE is the column's sum.
    let workforce = bulk.workforce().expect("finished");
    let wte: f64 = csv::Reader::from_reader(&out[..])
        .records()
        .map(|r| {
            r.expect("a record")[at("Contracted WTE")]
                .parse::<f64>()
                .unwrap_or(0.0)
        })
        .sum();
    let total = &workforce.total;
    assert_eq!((total.headcount, total.code_differs), (360, planted));
    assert!(
        (total.fte - wte).abs() < 1e-6,
        "{} against {wte}",
        total.fte
    );
    let lines = &workforce.lines;
    assert_eq!(lines.iter().map(|l| l.headcount).sum::<usize>(), 360);
    assert_eq!(
        lines.iter().map(|l| l.matched).sum::<usize>(),
        total.matched
    );
    let none = lines.last().expect("lines");
    assert_eq!((none.role_id.as_deref(), none.no_match), (None, rejected.1));
}

#[test]
fn the_context_columns_can_be_set_by_field_and_column() {
    use role_standardiser::{Bulk, Options};
    let csv = "Position Title,Team,Grade,Hours FTE\nSupport Worker,Physiotherapy,XR03,0.5\n";
    let open = || {
        Bulk::open(
            csv.as_bytes().to_vec(),
            "t.csv",
            &Options::default(),
            Matcher::builtin(),
        )
    };
    let mut bulk = open().expect("opens");
    assert_eq!(
        bulk.context_columns(),
        [("Grade", "Grade"), ("Department", "Team")]
    );
    assert_eq!(Bulk::context_fields().len(), 7);
    // Team read as the area of work, the FTE from a header the finder does not know.
    bulk.set_context_columns(&[("area of work", 1), ("FTE", 3)])
        .expect("set");
    assert_eq!(
        bulk.context_columns(),
        [("Area of Work", "Team"), ("FTE", "Hours FTE")]
    );
    assert_eq!(
        bulk.context_column_indexes(),
        [("Area of Work", 1), ("FTE", 3)]
    );
    bulk.match_next(usize::MAX);
    let workforce = bulk.workforce().expect("done");
    assert_eq!(
        (workforce.total.fte, workforce.has_fte, workforce.has_code),
        (0.5, true, false)
    );
    let line = &workforce.lines[0];
    assert_eq!(
        (line.role_id.as_deref(), line.band),
        (Some("physiotherapy.support-worker"), Some(2))
    );
    // None at all: the title alone.
    bulk.set_context_columns(&[]).expect("set");
    assert!(bulk.context_columns().is_empty());
    assert!(bulk.workforce().is_err(), "matching starts over");
    for (field, column, says) in [
        ("Salary", 1, "`Salary` is not a column"),
        ("Grade", 9, "out of range"),
    ] {
        let e = bulk
            .set_context_columns(&[(field, column)])
            .expect_err("refused");
        assert!(e.to_string().contains(says), "{e}");
    }
}

#[test]
fn a_typical_band_of_a_role_that_spans_bands_is_said_to_be_typical_not_certain() {
    let m = matcher();
    let note = |r: &MatchResult| r.explanation.band_note.clone();
    let r = m.match_title("Physiotherapy Support Worker");
    assert_eq!(
        r.band.map(|b| (b.value, b.source)),
        Some((2, BandSource::Typical))
    );
    assert_eq!(
        note(&r).as_deref(),
        Some("band 2 is typical, not certain: posts of this role are advertised at bands 2 to 3")
    );
    // A stated or recorded band is no guess; a role whose posts are at one band has no note.
    assert_eq!(
        note(&m.match_title("Physiotherapy Support Worker Band 3")),
        None
    );
    let recorded = Row {
        grade: "XR03",
        ..row("Physiotherapy Support Worker")
    };
    assert_eq!(note(&m.match_row(&recorded)), None);
    assert_eq!(note(&m.match_title("Physio Assistant")), None);
    let trainee = m.match_title("Trainee Assistant Practitioner Physiotherapy");
    assert!(note(&trainee).is_some_and(|n| n.contains("bands 3 to 4")));
}

#[test]
fn rows_whose_cells_would_join_alike_keep_their_own_context() {
    use role_standardiser::{Bulk, Options};
    // Joined with a unit separator (U+001F) between them, both rows' cells would read alike.
    let csv = "Position Title,Grade,Area of Work\nSupport Worker,XR03\u{1f},Physiotherapy\nSupport Worker,XR03,\u{1f}Physiotherapy\n";
    // Enough ordinary rows that two control characters do not make it read as binary.
    let csv = format!("{csv}{}", "Porter,XR02,Estates\n".repeat(200));
    let options = Options::default();
    let mut bulk =
        Bulk::open(csv.into_bytes(), "t.csv", &options, Matcher::builtin()).expect("opens");
    bulk.match_next(usize::MAX);
    let out = String::from_utf8(bulk.to_csv().expect("csv")).unwrap_or_default();
    let context: Vec<&str> = out
        .lines()
        .skip(1)
        .take(2)
        .map(|l| l.rsplit(',').next().unwrap_or(""))
        .collect();
    assert_eq!(context.len(), 2);
    assert_ne!(context[0], context[1], "{context:?}");
}

#[test]
fn grade_and_code_columns_no_header_names_are_found_by_their_content() {
    use role_standardiser::{Bulk, Options};
    let mut csv = String::from("Post,Pay,Occ,Cost Centre\n");
    for i in 0..12 {
        let (title, code) = if i % 2 == 0 {
            ("Support Worker", "H2J")
        } else {
            ("Physio Asst", "S9E")
        };
        csv.push_str(&format!("{title},XR0{},{code},{}\n", 2 + i % 2, 101 + i));
    }
    let open = |options: &Options| {
        Bulk::open(
            csv.clone().into_bytes(),
            "t.csv",
            options,
            Matcher::builtin(),
        )
    };
    let bulk = open(&Options::default()).expect("opens");
    // The cost centres (three digits, which the medical family fits) are read as a department,
    // not taken for codes.
    assert_eq!(
        bulk.context_columns(),
        [
            ("Department", "Cost Centre"),
            ("Grade", "Pay"),
            ("Occupation Code", "Occ")
        ]
    );
    assert!(bulk.appended_names().contains(&"code_check"));
    // Dropped or named, a field is not looked for.
    let dropped = Options {
        band_column: role_standardiser::Pick::None,
        ..Options::default()
    };
    assert_eq!(
        open(&dropped).expect("opens").context_columns(),
        [("Department", "Cost Centre"), ("Occupation Code", "Occ")]
    );
    let off = Options {
        no_context: true,
        ..Options::default()
    };
    assert!(open(&off).expect("opens").context_columns().is_empty());
}
