//! The row's other columns (SPEC.md, "The whole row"): which hold the grade, the occupation
//! code, the area of work, the job role, the staff group, the department and the FTE, found
//! from their headers (ESR's and the usual HR names) or named by the user, and read beside the
//! title. The FTE is counted in the workforce summary, never read as evidence.

use super::columns::{column_name, fold};
use crate::error::{Error, ErrorKind};

/// A column given as the user says: found from its header, named (a header or a letter), or
/// not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Pick {
    /// Found from the headers.
    #[default]
    Find,
    /// This column, by its header or letter.
    Named(String),
    /// Not read.
    None,
}

/// What a context column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Grade,
    Code,
    Area,
    JobRole,
    StaffGroup,
    Department,
    Fte,
}

impl Field {
    pub(super) const ALL: [Field; 7] = [
        Field::Grade,
        Field::Code,
        Field::Area,
        Field::JobRole,
        Field::StaffGroup,
        Field::Department,
        Field::Fte,
    ];

    /// The field's name, as the `context` column writes it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Field::Grade => "Grade",
            Field::Code => "Occupation Code",
            Field::Area => "Area of Work",
            Field::JobRole => "Job Role",
            Field::StaffGroup => "Staff Group",
            Field::Department => "Department",
            Field::Fte => "FTE",
        }
    }

    /// The field of a name as [`Field::name`] gives it (any case).
    pub(super) fn of_name(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// Headers that say a column holds this field (folded: lower case, words only), in the
    /// order they are preferred when several columns have one.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Grade => &[
                "grade",
                "pay band",
                "afc band",
                "agenda for change band",
                "band",
                "payscale",
                "pay scale",
                "pay grade",
                "grade code",
            ],
            Field::Code => &["occupation code", "nhs occupation code", "occ code"],
            Field::Area => &["area of work", "area"],
            Field::JobRole => &["job role"],
            Field::StaffGroup => &["staff group"],
            Field::Department => &[
                "department",
                "dept",
                "team",
                "ward",
                "service",
                "org l7",
                "org l6",
                "org l5",
                "org l4",
                "org l3",
                "directorate",
                "cost centre",
            ],
            Field::Fte => &[
                "fte",
                "contracted fte",
                "contracted wte",
                "wte",
                "assignment fte",
                "fte contracted",
                "whole time equivalent",
                "full time equivalent",
            ],
        }
    }

    /// The field a header names, if any.
    fn of_header(header: &str) -> Option<Field> {
        let folded = fold(header);
        Field::ALL
            .into_iter()
            .find(|f| f.headers().contains(&folded.as_str()))
    }
}

/// The context columns in use, 0-based, with each one's label for the `context` column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ContextColumns {
    /// (field, column, label), at most one column a field; never the FTE.
    pub(super) columns: Vec<(Field, usize, String)>,
    /// The FTE column and its label.
    pub(super) fte: Option<(usize, String)>,
}

/// How to choose the context columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ContextChoice<'a> {
    pub(super) band: &'a Pick,
    pub(super) code: &'a Pick,
    pub(super) fte: &'a Pick,
    pub(super) extra: &'a [String],
    pub(super) off: bool,
    /// Exactly these columns, each read as its field (a person chose them on the page):
    /// everything above is then ignored.
    pub(super) set: Option<&'a [(Field, usize)]>,
}

static FIND: Pick = Pick::Find;

impl Default for ContextChoice<'_> {
    fn default() -> Self {
        ContextChoice {
            band: &FIND,
            code: &FIND,
            fte: &FIND,
            extra: &[],
            off: false,
            set: None,
        }
    }
}

/// The column a person names, by header or letter.
fn named(headers: &[String], labels: &[String], name: &str, file: &str) -> Result<usize, Error> {
    let want = fold(name);
    let letter = name.trim();
    (0..headers.len())
        .find(|&c| !want.is_empty() && fold(&headers[c]) == want)
        .or_else(|| (0..headers.len()).find(|&c| column_name(c).eq_ignore_ascii_case(letter)))
        .ok_or_else(|| {
            let kind = ErrorKind::NoSuchColumn {
                name: name.to_string(),
                columns: labels.to_vec(),
            };
            Error::new(file, 0, kind)
        })
}

/// The context columns: each field's best column by header (the title column never), unless
/// `choice` names or drops one, plus the columns it names (each read as the field its header
/// names, else as a department). Fails on a named column the sheet does not have.
pub(super) fn find(
    headers: &[String],
    labels: &[String],
    title: usize,
    choice: &ContextChoice<'_>,
    file: &str,
) -> Result<ContextColumns, Error> {
    let mut columns: Vec<(Field, usize, String)> = Vec::new();
    let mut add = |field: Field, c: usize| {
        if c != title && c < labels.len() && !columns.iter().any(|(f, k, _)| *f == field || *k == c)
        {
            columns.push((field, c, labels[c].clone()));
        }
    };
    if let Some(set) = choice.set {
        set.iter().for_each(|&(field, c)| add(field, c));
        return Ok(ContextColumns::of(columns));
    }
    let picks = [
        (Field::Grade, choice.band),
        (Field::Code, choice.code),
        (Field::Fte, choice.fte),
    ];
    for (field, pick) in picks {
        if let Pick::Named(name) = pick {
            add(field, named(headers, labels, name, file)?);
        }
    }
    for name in choice.extra {
        let c = named(headers, labels, name, file)?;
        add(
            Field::of_header(&headers[c]).unwrap_or(Field::Department),
            c,
        );
    }
    if !choice.off {
        for field in Field::ALL {
            let dropped = match field {
                Field::Grade => choice.band != &Pick::Find,
                Field::Code => choice.code != &Pick::Find,
                Field::Fte => choice.fte != &Pick::Find,
                _ => false,
            };
            if dropped {
                continue;
            }
            let found = field
                .headers()
                .iter()
                .find_map(|h| (0..headers.len()).find(|&c| c != title && fold(&headers[c]) == *h));
            if let Some(c) = found {
                add(field, c);
            }
        }
    }
    Ok(ContextColumns::of(columns))
}

/// A test of a cell's content.
type Reads<'a> = dyn Fn(&str) -> bool + 'a;

/// Adds the grade and occupation code columns that no header names, found by their content
/// when `find` found none for that field: a column (not the title's, not one in use) whose
/// first data cells are nearly all (90%, ten at least) grades (`grade`) or listed occupation
/// codes (`code`). `want` says which fields may be found so (neither named nor dropped).
pub(super) fn find_by_content(
    found: &mut ContextColumns,
    data: &[Vec<String>],
    labels: &[String],
    title: usize,
    want: (bool, bool),
    grade: impl Fn(&str) -> bool,
    code: impl Fn(&str) -> bool,
) {
    let has = |found: &ContextColumns, field: Field| found.columns.iter().any(|c| c.0 == field);
    let checks: [(Field, bool, &Reads<'_>); 2] =
        [(Field::Grade, want.0, &grade), (Field::Code, want.1, &code)];
    for (field, wanted, reads) in checks {
        if !wanted || has(found, field) {
            continue;
        }
        let in_use = |c: usize| {
            c == title
                || found.columns.iter().any(|u| u.1 == c)
                || found.fte.as_ref().is_some_and(|f| f.0 == c)
        };
        let column = (0..labels.len()).filter(|&c| !in_use(c)).find(|&c| {
            let cells = data.iter().filter_map(|r| r.get(c)).map(|s| s.trim());
            let cells: Vec<&str> = cells.filter(|s| !s.is_empty()).collect();
            let hits = cells.iter().filter(|s| reads(s)).count();
            cells.len() >= 10 && hits * 10 >= cells.len() * 9
        });
        if let Some(c) = column {
            found.columns.push((field, c, labels[c].clone()));
        }
    }
}

impl ContextColumns {
    /// The evidence columns and the FTE column, told apart.
    fn of(mut columns: Vec<(Field, usize, String)>) -> ContextColumns {
        let fte = columns.iter().position(|(f, _, _)| *f == Field::Fte);
        let fte = fte
            .map(|i| columns.remove(i))
            .map(|(_, c, label)| (c, label));
        ContextColumns { columns, fte }
    }

    /// Whether the occupation code column is read (the `code_check` column is written).
    pub(super) fn code(&self) -> bool {
        self.columns.iter().any(|(f, _, _)| *f == Field::Code)
    }
}

/// An FTE cell's value: a number from 0 to 10 (`1`, `0.8`, `1.00`); anything else is not an
/// FTE and counts nothing.
pub(super) fn fte(cell: &str) -> Option<f64> {
    let n: f64 = cell.trim().parse().ok()?;
    (n.is_finite() && (0.0..=10.0).contains(&n)).then_some(n)
}

/// [`fte`] of a cell's bytes: the usual `1`, `0.8`, `1.00` read by hand (a few steps a digit;
/// one division of exact integers, so the same number as parsing), anything else as text.
pub(super) fn fte_bytes(cell: &[u8]) -> Option<f64> {
    let cell = cell.trim_ascii();
    let (int, frac) = match cell.iter().position(|&b| b == b'.') {
        Some(at) => (&cell[..at], &cell[at + 1..]),
        None => (cell, &[][..]),
    };
    let digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
    if (1..=2).contains(&int.len()) && frac.len() <= 4 && digits(int) && digits(frac) {
        let n = cell
            .iter()
            .filter(|b| b.is_ascii_digit())
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
        let n = f64::from(n) / [1.0, 10.0, 100.0, 1_000.0, 10_000.0][frac.len()];
        return (n <= 10.0).then_some(n);
    }
    fte(std::str::from_utf8(cell).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fte_cells_are_numbers_from_0_to_10() {
        for cell in [
            "1", "0.8", "1.00", " 0.6667 ", "10", "0.", "2.5e-1", "00.50", "1.23456",
        ] {
            assert_eq!(fte_bytes(cell.as_bytes()), fte(cell), "{cell}");
        }
        assert_eq!(fte_bytes(b"11.0"), None);
        assert_eq!(fte(" 0.8 "), Some(0.8));
        assert_eq!(fte("1"), Some(1.0));
        for not in ["", "full time", "37.5", "-1", "NaN"] {
            assert_eq!(fte(not), None, "{not}");
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn esr_columns_are_found_by_header_and_can_be_named_or_dropped() {
        let headers = strings(&[
            "Assignment Number",
            "Position Title",
            "Job Role",
            "Occupation Code",
            "Area of Work",
            "Staff Group",
            "Grade",
            "Org L5",
            "Org L3",
            "Contracted WTE",
        ]);
        let fields = |c: &ContextColumns| -> Vec<(Field, usize)> {
            c.columns.iter().map(|(f, k, _)| (*f, *k)).collect()
        };
        let found = find(&headers, &headers, 1, &ContextChoice::default(), "f").expect("ok");
        assert_eq!(
            fields(&found),
            [
                (Field::Grade, 6),
                (Field::Code, 3),
                (Field::Area, 4),
                (Field::JobRole, 2),
                (Field::StaffGroup, 5),
                (Field::Department, 7)
            ]
        );
        assert!(found.code());
        assert_eq!(found.fte, Some((9, "Contracted WTE".to_string())));
        // The title column is never context: with Job Role as the title, it is not read again.
        let as_title = find(&headers, &headers, 2, &ContextChoice::default(), "f").expect("ok");
        assert!(!fields(&as_title).contains(&(Field::JobRole, 2)));
        // Named, dropped, or none at all.
        let named = [String::from("Org L3")];
        let choice = ContextChoice {
            band: &Pick::None,
            code: &Pick::Named("D".into()),
            extra: &named,
            off: true,
            ..ContextChoice::default()
        };
        let picked = find(&headers, &headers, 1, &choice, "f").expect("ok");
        assert_eq!(fields(&picked), [(Field::Code, 3), (Field::Department, 8)]);
        assert_eq!(picked.fte, None);
        // Set by a person: each column read as the field chosen, the title column never.
        let set = [(Field::Area, 8), (Field::Fte, 0), (Field::Grade, 1)];
        let chosen = ContextChoice {
            set: Some(&set),
            ..ContextChoice::default()
        };
        let picked = find(&headers, &headers, 1, &chosen, "f").expect("ok");
        assert_eq!(fields(&picked), [(Field::Area, 8)]);
        assert_eq!(picked.fte, Some((0, "Assignment Number".to_string())));
        assert!(!picked.code());
        let missing = ContextChoice {
            band: &Pick::Named("Pay Band".into()),
            ..ContextChoice::default()
        };
        assert!(find(&headers, &headers, 1, &missing, "f").is_err());
    }
}
