//! A generated ESR extract and a workforce summary's headcounts, shared by the stream tests.

/// An ESR staff-in-post extract as `scripts/make-extract.py` writes one, smaller: real advert
/// titles as position names (`number|title||area|`), each row's number its own, with grades,
/// codes, areas, staff groups, departments and FTEs beside them.
pub fn extract(rows: usize) -> Vec<u8> {
    let corpus = include_str!("../data/corpus.tsv");
    let titles: Vec<&str> = (corpus.lines().skip(1))
        .filter_map(|l| l.split('\t').next())
        .take(900)
        .collect();
    let areas = [
        "Physiotherapy",
        "Occupational Therapy",
        "Podiatry",
        "Nursing",
        "",
    ];
    let grades = ["NHS|XR03|Review Body Band 3", "Band 4", "XR02", ""];
    let codes = ["S9E", "H2J", "G2A", ""];
    let groups = [
        "Additional Clinical Services",
        "Allied Health Professionals",
    ];
    let mut out = String::from(
        "Assignment Number,Position Name,Occupation Code,Area of Work,Staff Group,Grade,Org L6,Contracted WTE\r\n",
    );
    // A linear congruential generator: the same extract every run.
    let mut state: u64 = 16;
    let mut pick = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    for i in 0..rows {
        let title = titles[pick(titles.len())].replace('"', "\"\"");
        let area = areas[pick(areas.len())];
        out.push_str(&format!(
            "{}-1,\"{}|{title}||{area}|\",{},{},{},\"{}\",Team {},{}\r\n",
            20000000 + i,
            4300000 + i,
            codes[pick(codes.len())],
            areas[pick(areas.len())],
            groups[pick(groups.len())],
            grades[pick(grades.len())],
            pick(40),
            ["1.00", "0.60", "0.50"][pick(3)],
        ));
    }
    out.into_bytes()
}

/// The workforce summary's lines as `role band headcount matched review` (FTE sums may differ
/// in their last bits, added up in another order).
pub fn headcounts(w: &role_standardiser::Workforce) -> String {
    let line = |l: &role_standardiser::Line| {
        format!(
            "{:?} {:?} {} {} {} {}",
            l.role_id, l.band, l.headcount, l.matched, l.review, l.code_differs
        )
    };
    w.lines
        .iter()
        .chain([&w.total])
        .map(line)
        .collect::<Vec<_>>()
        .join("\n")
}
