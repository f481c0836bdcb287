//! Properties of matching and of the bulk clean, over generated input (proptest): any Unicode
//! text matches without panicking, deterministically and to a well-formed result; case and
//! surrounding whitespace change nothing; `match_many` is `match_title` over a list; and a clean
//! keeps every row, in order, with its original cells.
#![cfg(all(feature = "xlsx", not(target_arch = "wasm32")))]

mod common;

use common::checks::{
    check_result, check_shape, csv_record_starts, csv_records, matcher, neutralised,
};
use proptest::collection::vec;
use proptest::prelude::*;
use role_standardiser::{Bulk, MatchResult, Options};
use std::sync::OnceLock;

/// Words and phrases the engine knows (abbreviations and cue phrases from `mappings/`), so that
/// generated titles reach matched and review results, not only no-match.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = Vec::new();
        for text in [
            include_str!("../mappings/abbreviations.csv"),
            include_str!("../mappings/cues.csv"),
        ] {
            let records = csv_records(text, b',').expect("the mappings parse");
            words.extend(records.into_iter().skip(1).map(|mut r| r.swap_remove(0)));
        }
        words
    })
}

fn known_word() -> impl Strategy<Value = String> {
    (0..vocabulary().len()).prop_map(|i| vocabulary()[i].clone())
}

/// A title from pieces: known words, band spellings, ASCII junk, punctuation, and the awkward
/// Unicode of real exports (combining marks, right-to-left text and overrides, emoji, NUL,
/// byte order marks, non-breaking spaces).
fn title() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => known_word(),
        1 => prop::sample::select(vec!["Band 3", "B4", "bd 2", "AfC 5", "band 2/3", "XR03", "Band III"])
            .prop_map(String::from),
        1 => "[a-z0-9]{1,10}|[A-Z0-9]{1,10}",
        1 => prop::sample::select(vec![" - ", "(", ")", "/", ".", "&", "'", ",", "  "]).prop_map(String::from),
        1 => prop::sample::select(vec![
            "\u{301}", "\u{308}\u{308}\u{308}", "مساعد علاج طبيعي", "עוזר פיזיותרפיה", "\u{202E}",
            "\u{200F}", "\u{200D}", "💪", "👩\u{200D}⚕\u{FE0F}", "🇬🇧", "\0", "\u{FEFF}", "\u{A0}",
            "Ω", "ǅ", "ß", "İ",
        ])
        .prop_map(String::from),
    ];
    vec(piece, 0..8).prop_map(|pieces| pieces.join(" "))
}

/// The result without its input, to compare readings of different spellings.
fn verdict(mut r: MatchResult) -> MatchResult {
    r.input.clear();
    r
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_title_matches_deterministically_to_a_well_formed_result(t in title()) {
        let m = matcher();
        let r = m.match_title(&t);
        check_result(m, &t, &r);
        prop_assert_eq!(m.match_title(&t), r);
        for s in m.suggest(&t, 5) {
            check_shape(m, &s);
        }
    }

    #[test]
    fn any_unicode_string_matches_without_panicking(t in "\\PC*") {
        let m = matcher();
        let r = m.match_title(&t);
        check_result(m, &t, &r);
        prop_assert_eq!(m.match_title(&t), r);
    }

    #[test]
    fn any_chars_controls_and_nul_included_match_without_panicking(
        chars in vec(any::<char>(), 0..48)
    ) {
        let t: String = chars.into_iter().collect();
        let m = matcher();
        let r = m.match_title(&t);
        check_result(m, &t, &r);
        prop_assert_eq!(m.match_title(&t), r);
    }

    #[test]
    fn ascii_case_changes_nothing(t in title()) {
        let m = matcher();
        let upper = verdict(m.match_title(&t.to_ascii_uppercase()));
        let lower = verdict(m.match_title(&t.to_ascii_lowercase()));
        prop_assert_eq!(&upper, &lower);
        // Generated words are lower, upper or title case: no CamelCase for the engine to split.
        prop_assert_eq!(verdict(m.match_title(&t)), lower);
    }

    #[test]
    fn unicode_case_changes_nothing_where_the_engine_lowercases(
        words in vec(prop_oneof![known_word(), cased_word()], 1..6)
    ) {
        let m = matcher();
        let lower = words.join(" ");
        let upper: String = lower.chars().flat_map(char::to_uppercase).collect();
        prop_assert_eq!(verdict(m.match_title(&upper)), verdict(m.match_title(&lower)));
    }

    #[test]
    fn surrounding_whitespace_changes_nothing(
        t in title(),
        before in whitespace(),
        after in whitespace(),
    ) {
        let m = matcher();
        let padded = format!("{before}{t}{after}");
        prop_assert_eq!(verdict(m.match_title(&padded)), verdict(m.match_title(&t)));
    }

    #[test]
    fn match_many_is_match_title_over_the_list(
        titles in vec(prop_oneof![3 => known_word(), 1 => title()], 0..24),
        repeats in vec(any::<prop::sample::Index>(), 0..8),
    ) {
        // Repeat some titles, as a sheet does.
        let mut titles = titles;
        if !titles.is_empty() {
            for r in repeats {
                titles.push(r.get(&titles).clone());
            }
        }
        let m = matcher();
        let single: Vec<MatchResult> = titles.iter().map(|t| m.match_title(t)).collect();
        prop_assert_eq!(m.match_many(&titles), single);
    }
}

/// A lower-case word of letters whose upper case is one letter that lowers back to it (é/É,
/// ω/Ω, д/Д), so upper and lower case spell the same word for the engine.
fn cased_word() -> impl Strategy<Value = String> {
    let letter = any::<char>().prop_filter("a letter with a one-to-one case pair", |&c| {
        let mut upper = c.to_uppercase();
        c.is_lowercase()
            && c.is_alphabetic()
            && matches!((upper.next(), upper.next()), (Some(u), None)
                if u != c && u.to_lowercase().eq(std::iter::once(c)))
    });
    vec(letter, 1..10).prop_map(|cs| cs.into_iter().collect())
}

fn whitespace() -> impl Strategy<Value = String> {
    vec(
        prop::sample::select(vec![
            ' ', '\t', '\n', '\r', '\u{A0}', '\u{2003}', '\u{3000}',
        ]),
        0..4,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

/// A generated CSV sheet: its delimiter and line ending, its header (the title column among
/// others) and its rows of 1 to 7 cells (ragged), as cells and as the bytes written.
#[derive(Debug, Clone)]
struct Sheet {
    encoding: Encoding,
    delimiter: u8,
    header: Vec<String>,
    title_column: usize,
    rows: Vec<Vec<String>>,
    bytes: Vec<u8>,
    /// Each record's text as written, without its line ending: the header's first.
    raws: Vec<String>,
}

/// The encodings a CSV comes in: UTF-8 with or without Excel's byte order mark, Windows-1252
/// (Excel's "CSV"), UTF-16 either way round with its mark (Excel's "Unicode Text").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    /// The mark a file in this encoding starts with.
    fn mark(self) -> &'static [u8] {
        match self {
            Encoding::Utf8 | Encoding::Windows1252 => b"",
            Encoding::Utf8Bom => b"\xef\xbb\xbf",
            Encoding::Utf16Le => b"\xff\xfe",
            Encoding::Utf16Be => b"\xfe\xff",
        }
    }

    /// Text as bytes in this encoding (no mark).
    fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => text.as_bytes().to_vec(),
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
            Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            Encoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        }
    }

    /// Bytes in this encoding (no mark) as text; `None` when they are not.
    fn decode(self, bytes: &[u8]) -> Option<String> {
        let units = |be: bool| -> Vec<u16> {
            let unit = |c: &[u8]| {
                if be {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            };
            bytes.chunks(2).map(unit).collect()
        };
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => String::from_utf8(bytes.to_vec()).ok(),
            Encoding::Windows1252 => Some(encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()),
            Encoding::Utf16Le => bytes
                .len()
                .is_multiple_of(2)
                .then(|| String::from_utf16(&units(false)).ok())
                .flatten(),
            Encoding::Utf16Be => bytes
                .len()
                .is_multiple_of(2)
                .then(|| String::from_utf16(&units(true)).ok())
                .flatten(),
        }
    }

    /// A cell as it can be written in this encoding: for Windows-1252, other characters become
    /// letters whose bytes start a UTF-8 sequence and never continue one (é ü Ä ß), so the file is
    /// never valid UTF-8 by chance and is read as Windows-1252, as Excel wrote it.
    fn fit(self, cell: String) -> String {
        if self != Encoding::Windows1252 {
            return cell;
        }
        cell.chars()
            .map(|c| {
                if c.is_ascii() {
                    c
                } else {
                    ['é', 'ü', 'Ä', 'ß'][c as usize % 4]
                }
            })
            .collect()
    }
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => known_word(),
        2 => "[ -~]{0,12}",
        1 => "\\PC{0,8}",
        1 => prop::sample::select(vec![
            "", "a,b", "a;b", "a\tb", "say \"hi\"", "\"", "\"\"", "two\nlines", "cr\r\nlf", "bare\rcr",
            "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "-3.5",
            "+44", "\t=1+2", "\r=1+2", " leading and trailing ", "مساعد", "💪",
        ])
        .prop_map(String::from),
    ]
}

fn sheet() -> impl Strategy<Value = Sheet> {
    (
        prop::sample::select(vec![b',', b';', b'\t']),
        prop::sample::select(vec!["\n", "\r\n"]),
        2usize..6,
        any::<prop::sample::Index>(),
        vec(vec(cell(), 1..8), 0..20),
        vec(any::<bool>(), 8),
        prop::sample::select(vec![
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Windows1252,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ]),
    )
        .prop_map(
            |(delimiter, eol, columns, title, rows, quote_all, encoding)| {
                let rows: Vec<Vec<String>> = rows
                    .into_iter()
                    .map(|r| r.into_iter().map(|c| encoding.fit(c)).collect())
                    .collect();
                let title_column = title.index(columns);
                let header: Vec<String> = (0..columns)
                    .map(|i| {
                        if i == title_column {
                            "Job Title".to_string()
                        } else {
                            format!("Field {i}")
                        }
                    })
                    .collect();
                let mut text = String::new();
                let mut raws = Vec::new();
                for (n, row) in std::iter::once(&header).chain(&rows).enumerate() {
                    let start = text.len();
                    for (i, cell) in row.iter().enumerate() {
                        if i > 0 {
                            text.push(char::from(delimiter));
                        }
                        let needs = cell.starts_with('"')
                            || cell
                                .bytes()
                                .any(|b| matches!(b, b'"' | b'\n' | b'\r') || b == delimiter);
                        if needs || quote_all[n % 8] {
                            text.push('"');
                            text.push_str(&cell.replace('"', "\"\""));
                            text.push('"');
                        } else {
                            text.push_str(cell);
                        }
                    }
                    raws.push(text[start..].to_string());
                    text.push_str(eol);
                }
                let mut bytes = encoding.mark().to_vec();
                bytes.extend(encoding.encode(&text));
                Sheet {
                    encoding,
                    delimiter,
                    header,
                    title_column,
                    rows,
                    bytes,
                    raws,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_clean_keeps_every_row_in_order_with_its_cells(s in sheet()) {
        let m = matcher();
        let mut bulk = Bulk::open(s.bytes.clone(), "staff.csv", &Options::default(), m.clone()).expect("opens");
        prop_assert_eq!(bulk.header(), &s.header[..]);
        prop_assert_eq!(bulk.title_column(), s.title_column);
        prop_assert_eq!(bulk.rows(), s.rows.len());
        let ragged = s.rows.iter().filter(|r| r.len() != s.header.len()).count();
        prop_assert_eq!(bulk.ragged().len(), ragged);
        let title_of = |row: &Vec<String>| row.get(s.title_column).cloned().unwrap_or_default();
        let mut first_seen: Vec<(String, usize)> = Vec::new();
        for row in &s.rows {
            let t = title_of(row);
            match first_seen.iter_mut().find(|(seen, _)| *seen == t) {
                Some((_, n)) => *n += 1,
                None => first_seen.push((t, 1)),
            }
        }
        let titles: Vec<(String, usize)> =
            bulk.titles().iter().map(|t| (t.title.clone(), t.rows)).collect();
        prop_assert_eq!(titles, first_seen);

        bulk.match_next(usize::MAX);
        let bytes = bulk.to_csv().expect("csv");
        // Written in the input's encoding, after the input's byte order mark.
        let mark = s.encoding.mark();
        prop_assert!(bytes.starts_with(mark), "the mark kept");
        let out = s.encoding.decode(&bytes[mark.len()..]);
        prop_assert!(out.is_some(), "the output is in the input's encoding");
        let out = out.unwrap_or_default();
        let records = csv_records(&out, s.delimiter).expect("the output reads back");
        let starts = csv_record_starts(&out, s.delimiter);
        prop_assert_eq!(records.len(), s.rows.len() + 1);
        let width = s.rows.iter().map(Vec::len).chain([s.header.len()]).max().unwrap_or(0);
        for (n, row) in std::iter::once(&s.header).chain(&s.rows).enumerate() {
            let fields = &records[n];
            prop_assert_eq!(fields.len(), width + 11, "record {}", n);
            for (j, got) in fields[..width].iter().enumerate() {
                let want = row.get(j).map_or(String::new(), |c| neutralised(c));
                prop_assert_eq!(got, &want, "record {} field {}", n, j);
            }
            if n > 0 {
                let r = m.match_title(&title_of(row));
                prop_assert_eq!(&fields[width + 6], r.status.id());
                prop_assert_eq!(&fields[width + 7], &format!("{:.2}", r.confidence));
                prop_assert_eq!(&fields[width], &r.role.map(|r| r.id).unwrap_or_default());
            }
            // A record with no formula-like cell is copied byte for byte, in its encoding.
            if row.iter().all(|c| neutralised(c) == *c) {
                prop_assert!(out[starts[n]..].starts_with(&s.raws[n]), "record {} copied", n);
                let raw = s.encoding.encode(&s.raws[n]);
                prop_assert!(raw.is_empty() || bytes.windows(raw.len()).any(|w| w == raw), "record {} bytes", n);
            }
        }
    }
}
