//! Turns a raw title into lower-case word tokens.
//!
//! Case, punctuation and spacing are folded; dotted initials (`O.T.`) close up; CamelCase splits
//! (`TherapyAssistant`); apostrophes vanish (`children's` is `childrens`). `&` is kept inside a
//! token (`s&lt`) for the abbreviation table and stands alone as `and`. Each token remembers the
//! punctuation before it, so that band ranges such as `2/3` can be told from `2 3`, and whether it
//! starts a new part of the title: a segment after a comma, bracket, colon or a dash between
//! spaces (`Physiotherapist - Community Support Team`), or another role of a list after a slash
//! (`Social Worker/OT`).

/// One word of a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-case text.
    pub text: String,
    /// The last non-space separator before the token (`' '` when only spaces or nothing).
    pub sep: char,
    /// What the separators before the token say about where it stands.
    pub brk: Break,
}

/// Where a token stands against the one before it, weakest first (so `max` is the stronger).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Break {
    /// In the same phrase (spaces, a hyphen inside a word, an apostrophe).
    #[default]
    None,
    /// Another role of a list (`/`).
    Alternative,
    /// Another part of the title (`,`, `(`, `)`, `[`, `]`, `:`, `;`, `|`, or a dash with a space
    /// on either side).
    Segment,
}

/// Splits a title into tokens (`O.T. Asst - MSK (Band 3)` is `ot asst msk band 3`): one pass,
/// one allocation per token.
pub fn tokenise(title: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut sep = ' ';
    // The separators since the last token: a break, and whether a space was among them.
    let mut brk = Break::None;
    let mut spaced = false;
    // The two characters before `c` and the one after: all the context the rules look at.
    let (mut before2, mut before1) = (None::<char>, None::<char>);
    let mut chars = title.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '&' {
            if camel_boundary(before2, before1, c, chars.peek().copied()) && !current.is_empty() {
                tokens.push(finish(&mut current, &mut sep, &mut brk));
            }
            if current.is_empty() {
                // A dash between words is a break only with a space beside it ("X-ray" is one phrase).
                if brk == Break::None && spaced && matches!(sep, '-' | '\u{2013}' | '\u{2014}') {
                    brk = Break::Segment;
                }
                spaced = false;
            }
            if c.is_ascii() {
                current.push(c.to_ascii_lowercase());
            } else {
                current.extend(c.to_lowercase());
            }
        } else if c == '\'' || c == '\u{2019}' || c == '`' {
            // Apostrophes join: "children's" -> "childrens".
        } else if c == '.' && is_initial(before2, before1) {
            // "O.T." closes up to "ot".
        } else {
            if !current.is_empty() {
                tokens.push(finish(&mut current, &mut sep, &mut brk));
            }
            if c.is_whitespace() {
                spaced = true;
            } else {
                sep = c;
                brk = brk.max(match c {
                    ',' | '(' | ')' | '[' | ']' | ':' | ';' | '|' => Break::Segment,
                    '/' | '\\' | '+' => Break::Alternative,
                    _ => Break::None,
                });
            }
        }
        (before2, before1) = (before1, Some(c));
    }
    if !current.is_empty() {
        tokens.push(finish(&mut current, &mut sep, &mut brk));
    }
    // A lone "&" is the word "and"; "&" at either end of a token is punctuation.
    tokens.retain_mut(|t| {
        if t.text == "&" {
            t.text = "and".into();
        } else if t.text.starts_with('&') || t.text.ends_with('&') {
            t.text = t.text.trim_matches('&').to_string();
        }
        !t.text.is_empty()
    });
    tokens
}

fn finish(current: &mut String, sep: &mut char, brk: &mut Break) -> Token {
    let token = Token {
        text: std::mem::replace(current, String::with_capacity(16)),
        sep: *sep,
        brk: *brk,
    };
    *sep = ' ';
    *brk = Break::None;
    token
}

/// A '.' right after a lone letter that starts a word: the dot of an initial.
fn is_initial(before2: Option<char>, before1: Option<char>) -> bool {
    before1.is_some_and(char::is_alphabetic) && !before2.is_some_and(char::is_alphanumeric)
}

/// A lower-case letter followed by an upper-case one that starts a lower-case word.
fn camel_boundary(
    before2: Option<char>,
    before1: Option<char>,
    c: char,
    next: Option<char>,
) -> bool {
    c.is_uppercase()
        && before1.is_some_and(char::is_lowercase)
        && before2.is_some_and(char::is_lowercase)
        && next.is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenise(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn folds_case_punctuation_and_spacing() {
        assert_eq!(words("  PHYSIO   Asst,B3 "), ["physio", "asst", "b3"]);
        assert_eq!(
            words("O.T. Asst - MSK (Band 3)"),
            ["ot", "asst", "msk", "band", "3"]
        );
        assert_eq!(
            words("Therapy Assistant–Band 3"),
            ["therapy", "assistant", "band", "3"]
        );
    }

    #[test]
    fn closes_up_initials_but_not_sentences() {
        assert_eq!(words("O.T. Support Worker"), ["ot", "support", "worker"]);
        assert_eq!(words("S.L.T. asst"), ["slt", "asst"]);
        assert_eq!(words("Physio.Assistant"), ["physio", "assistant"]);
        assert_eq!(words("0.6 WTE"), ["0", "6", "wte"]);
    }

    #[test]
    fn splits_camel_case_and_joins_apostrophes() {
        assert_eq!(words("TherapyAssistant"), ["therapy", "assistant"]);
        assert_eq!(words("Children's OT"), ["childrens", "ot"]);
        assert_eq!(words("NHS HCA"), ["nhs", "hca"]);
    }

    #[test]
    fn ampersand_inside_and_alone() {
        assert_eq!(words("S&LT Assistant"), ["s&lt", "assistant"]);
        assert_eq!(
            words("Nutrition & Dietetics"),
            ["nutrition", "and", "dietetics"]
        );
        assert_eq!(words("Theatres&"), ["theatres"]);
        assert_eq!(words("Physio && OT"), ["physio", "ot"]);
    }

    #[test]
    fn marks_the_breaks_between_parts_and_roles() {
        let breaks = |s: &str| -> Vec<(String, Break)> {
            tokenise(s).into_iter().map(|t| (t.text, t.brk)).collect()
        };
        let b = |t: &str, k| (t.to_string(), k);
        use Break::{Alternative as A, None as N, Segment as S};
        assert_eq!(
            breaks("Physiotherapist - Community Support"),
            [b("physiotherapist", N), b("community", S), b("support", N)]
        );
        assert_eq!(breaks("X-Ray Asst"), [b("x", N), b("ray", N), b("asst", N)]);
        assert_eq!(
            breaks("Staff Nurse -RA"),
            [b("staff", N), b("nurse", N), b("ra", S)]
        );
        assert_eq!(
            breaks("Social Worker/OT (Bank)"),
            [b("social", N), b("worker", N), b("ot", A), b("bank", S)]
        );
        assert_eq!(breaks("Dietitian, Home"), [b("dietitian", N), b("home", S)]);
        assert_eq!(breaks("Nurse / OT"), [b("nurse", N), b("ot", A)]);
    }

    #[test]
    fn remembers_separators() {
        let t = tokenise("band 2/3");
        assert_eq!(t[2].sep, '/');
        assert_eq!(t[1].sep, ' ');
    }

    #[test]
    fn empty_and_symbol_only_titles() {
        assert!(tokenise("").is_empty());
        assert!(tokenise(" -- / ").is_empty());
    }
}
