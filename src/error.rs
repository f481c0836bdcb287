//! The one error type for reading mapping files, local mappings and CSV input.

use std::fmt;

/// A problem in a mappings file or a CSV input, with the file and the 1-based line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError {
    /// The file name as the user knows it (for built-in data, `mappings/<name>.csv`).
    pub file: String,
    /// 1-based line of the record at fault; 0 when the problem is the file as a whole.
    pub line: usize,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// What is wrong, and by implication how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file has no header row, or is empty. Add the header the format needs.
    Empty,
    /// A required column is missing from the header. Add it (names are case-insensitive).
    MissingColumn(String),
    /// A required cell is blank. Fill it in or delete the row.
    BlankCell(String),
    /// Two rows claim the same key; each may appear once. Remove one of them.
    Duplicate {
        /// The repeated key.
        key: String,
        /// Where it first appears.
        first_line: usize,
    },
    /// A role id that is not in `mappings/roles.csv` (`role-standardiser roles` lists them).
    UnknownRole(String),
    /// A profession id that is not in the taxonomy vocabulary of SPEC.md.
    UnknownProfession(String),
    /// A level id that is not in the taxonomy vocabulary of SPEC.md.
    UnknownLevel(String),
    /// A cue kind other than those documented in `mappings/README.md`.
    UnknownKind(String),
    /// A band outside 1 to 9 or not a whole number.
    BadNumber {
        /// The column.
        column: String,
        /// The cell as written.
        value: String,
    },
    /// A quoted field never closes. Close the quote or remove the stray `"`.
    UnclosedQuote,
    /// The text is not a CSV this program can read.
    Malformed(String),
}

impl MappingError {
    pub(crate) fn new(file: &str, line: usize, kind: ErrorKind) -> Self {
        MappingError {
            file: file.to_string(),
            line,
            kind,
        }
    }
}

impl fmt::Display for MappingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{} line {}: ", self.file, self.line)?;
        } else {
            write!(f, "{}: ", self.file)?;
        }
        match &self.kind {
            ErrorKind::Empty => write!(f, "the file is empty or has no header row"),
            ErrorKind::MissingColumn(c) => write!(f, "the header has no `{c}` column"),
            ErrorKind::BlankCell(c) => write!(f, "the `{c}` cell is blank"),
            ErrorKind::Duplicate { key, first_line } => write!(
                f,
                "`{key}` is already defined at line {first_line}; remove one of the two rows"
            ),
            ErrorKind::UnknownRole(r) => write!(
                f,
                "unknown role id `{r}`; `role-standardiser roles` lists the valid ids"
            ),
            ErrorKind::UnknownProfession(p) => write!(f, "unknown profession `{p}`"),
            ErrorKind::UnknownLevel(l) => write!(f, "unknown level `{l}`"),
            ErrorKind::UnknownKind(k) => write!(f, "unknown cue kind `{k}`"),
            ErrorKind::BadNumber { column, value } => {
                write!(
                    f,
                    "`{value}` in column `{column}` is not a band from 1 to 9"
                )
            }
            ErrorKind::UnclosedQuote => write!(f, "a quoted field is never closed"),
            ErrorKind::Malformed(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for MappingError {}
