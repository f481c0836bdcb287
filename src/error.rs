//! The one error type: what went wrong ([`ErrorKind`], which a caller can match) and where (the
//! file, and the 1-based line when the problem is one record).

use std::fmt;

/// A problem reading a mapping file, a local mappings file or a spreadsheet, or writing a clean.
///
/// Opaque so that it can grow: match on [`Error::kind`], never on the message. The message
/// (`Display`) names the file and line and says how to fix it, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    file: String,
    line: usize,
    kind: ErrorKind,
}

/// What is wrong, and by implication how to fix it. The spreadsheet kinds exist with the `xlsx`
/// feature (the command line's and the bulk page's).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    // Mapping and local mapping files.
    /// The file has no header row, or is empty. Add the header the format needs.
    Empty,
    /// A required column is missing from the header. Add it (names are case-insensitive).
    MissingColumn(String),
    /// A required cell is blank. Fill it in or delete the row.
    BlankCell(String),
    /// A row the file must have is missing. Add it.
    MissingRow(String),
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
    /// An exclusion other than those documented in `mappings/README.md`.
    UnknownExclusion(String),
    /// A qualifier kind other than `contract`, `specialty` or `setting`.
    UnknownQualifier(String),
    /// A value a column does not take.
    UnknownValue {
        /// The column.
        column: String,
        /// The cell as written.
        value: String,
    },
    /// A role id that is not `<profession>.<level>` of its own row.
    BadRoleId {
        /// The id as written.
        id: String,
        /// The id the row's profession and level make.
        expected: String,
    },
    /// A profession of the vocabulary that a mapping file leaves out.
    MissingProfession {
        /// The profession id.
        profession: String,
        /// It has no row in `professions.csv` (else: no role in `roles.csv`).
        unlisted: bool,
    },
    /// A band outside 1 to 9 or not a whole number.
    BadNumber {
        /// The column.
        column: String,
        /// The cell as written.
        value: String,
    },
    /// A count that is not a whole number.
    NotANumber {
        /// The column.
        column: String,
        /// The cell as written.
        value: String,
    },
    /// An abbreviation expands to a word no cue knows. Add the cue or fix the spelling.
    UnknownExpansionWord {
        /// The expansion as written.
        expansion: String,
        /// The cue file that should know its words.
        cues_file: String,
    },
    /// A local mapping title with no words left after normalisation (only punctuation or a band).
    NoWords(String),
    /// A quoted field never closes. Close the quote or remove the stray `"`.
    UnclosedQuote,

    // Spreadsheets (with the `xlsx` feature).
    #[cfg(feature = "xlsx")]
    /// The file has no bytes.
    EmptyFile,
    #[cfg(feature = "xlsx")]
    /// The file is over the size the reader accepts.
    TooLarge {
        /// The file's size in bytes.
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },
    #[cfg(feature = "xlsx")]
    /// Neither CSV text nor a workbook (binary, an image, text with NUL bytes).
    NotASpreadsheet,
    #[cfg(feature = "xlsx")]
    /// A workbook encrypted with a password: save a copy without the password first.
    PasswordProtected,
    #[cfg(feature = "xlsx")]
    /// A workbook that cannot be read (a damaged zip or XML), with what the reader said.
    Damaged(String),
    #[cfg(feature = "xlsx")]
    /// A sheet of the workbook that cannot be read, with what the reader said.
    UnreadableSheet {
        /// The sheet.
        sheet: String,
        /// What the reader said.
        detail: String,
    },
    #[cfg(feature = "xlsx")]
    /// A workbook part that would inflate far more than real sheets do.
    ZipBomb {
        /// The part's declared ratio of inflated to compressed size.
        ratio: u64,
        /// The highest ratio allowed.
        limit: u64,
    },
    #[cfg(feature = "xlsx")]
    /// A workbook whose parts would inflate to more than the limit in all.
    InflatesTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    #[cfg(feature = "xlsx")]
    /// The decoded text of a CSV is too large to index (over 4 GB).
    TextTooLarge,
    /// A CSV record longer than any spreadsheet row (a stray quote, or not a table).
    RecordTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    #[cfg(feature = "xlsx")]
    /// A sheet was asked for in a CSV, which has none.
    SheetInCsv(String),
    #[cfg(feature = "xlsx")]
    /// No sheet of that name; `sheets` lists those there are.
    NoSuchSheet {
        /// The name asked for.
        name: String,
        /// The workbook's sheets.
        sheets: Vec<String>,
    },
    #[cfg(feature = "xlsx")]
    /// The workbook has no sheets.
    NoSheets,
    #[cfg(feature = "xlsx")]
    /// The sheet holds no cells.
    EmptySheet(String),
    #[cfg(feature = "xlsx")]
    /// The sheet's used range would lay out too many cells, or far more than hold a value.
    TooManyCells {
        /// The sheet.
        sheet: String,
        /// Rows of the used range.
        rows: u64,
        /// Columns of the used range.
        columns: u64,
        /// Cells holding a value.
        values: u64,
    },
    #[cfg(feature = "xlsx")]
    /// No column's header names the job title; `columns` lists the header.
    NoTitleColumn {
        /// The header cells.
        columns: Vec<String>,
    },
    #[cfg(feature = "xlsx")]
    /// No column has the name given; `columns` lists the header.
    NoSuchColumn {
        /// The name given.
        name: String,
        /// The header cells.
        columns: Vec<String>,
    },
    #[cfg(feature = "xlsx")]
    /// A header row outside the sheet's first rows, where a table's header may be.
    NoSuchHeaderRow {
        /// The row asked for, 1-based.
        row: usize,
        /// The first row it may be.
        first: usize,
        /// The last row it may be.
        last: usize,
    },
    #[cfg(feature = "xlsx")]
    /// A column number past the last column.
    ColumnOutOfRange {
        /// The 0-based column asked for.
        column: usize,
        /// Columns in the sheet.
        columns: usize,
    },
    #[cfg(feature = "xlsx")]
    /// A context column given a field there is no such thing as.
    UnknownField {
        /// The field asked for.
        name: String,
        /// The fields there are, comma-separated.
        fields: String,
    },
    #[cfg(feature = "xlsx")]
    /// More rows than an XLSX sheet holds.
    TooManyRows {
        /// Rows to write, the header and any rows above it included.
        rows: usize,
        /// Rows an XLSX sheet holds.
        limit: usize,
    },
    #[cfg(feature = "xlsx")]
    /// More columns than an XLSX sheet holds, the appended ones included.
    TooManyColumns {
        /// Columns in all.
        columns: usize,
        /// The appended ones among them.
        appended: usize,
        /// Columns an XLSX sheet holds.
        limit: usize,
    },
    #[cfg(feature = "xlsx")]
    /// The XLSX writer refused a cell or the workbook, with what it said.
    Unwritable(String),
    #[cfg(feature = "xlsx")]
    /// The output was asked for before every distinct title was matched.
    NotFinished {
        /// Distinct titles matched.
        done: usize,
        /// Distinct titles in all.
        total: usize,
    },
}

impl Error {
    /// An error at a 1-based `line` of `file`; line 0 means the file as a whole.
    pub(crate) fn new(file: &str, line: usize, kind: ErrorKind) -> Self {
        Error(Box::new(Inner {
            file: file.to_string(),
            line,
            kind,
        }))
    }

    /// What is wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The file as the user knows it (for built-in data, `mappings/<name>.csv`).
    pub fn file(&self) -> &str {
        &self.0.file
    }

    /// The 1-based line of the record at fault, if the problem is one record.
    pub fn line(&self) -> Option<usize> {
        (self.0.line > 0).then_some(self.0.line)
    }
}

#[cfg(feature = "xlsx")]
const MB: u64 = 1_000_000;

/// A value from the user's file as a message shows it: cut to 100 characters.
fn cut(s: &str) -> String {
    match s.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// A list of names from the user's file as a message shows it: each cut, at most 20, then how
/// many more (a 100,000-column header is not a 2 MB line).
#[cfg(feature = "xlsx")]
fn list(items: &[String]) -> String {
    let mut out: Vec<String> = items.iter().take(20).map(|s| cut(s)).collect();
    if items.len() > 20 {
        out.push(format!("and {} more", items.len() - 20));
    }
    out.join(", ")
}

/// One line, whatever the file held: control characters (line breaks, terminal escapes) are
/// written as escapes (`\n`, `\u{1b}`).
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut message = match self.line() {
            Some(line) => format!("{} line {line}: ", cut(self.file())),
            None => format!("{}: ", cut(self.file())),
        };
        fmt::write(&mut message, format_args!("{}", Kind(self.kind())))?;
        f.write_str(&one_line(&message))
    }
}

/// The sentence of an error kind.
struct Kind<'a>(&'a ErrorKind);

impl fmt::Display for Kind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ErrorKind::Empty => write!(f, "the file is empty or has no header row"),
            ErrorKind::MissingColumn(c) => write!(f, "the header has no `{}` column", cut(c)),
            ErrorKind::BlankCell(c) => write!(f, "the `{}` cell is blank", cut(c)),
            ErrorKind::MissingRow(r) => write!(f, "there is no row for `{}`; add one", cut(r)),
            ErrorKind::Duplicate { key, first_line } => write!(
                f,
                "`{}` is already defined at line {first_line}; remove one of the two rows",
                cut(key)
            ),
            ErrorKind::UnknownRole(r) => write!(
                f,
                "unknown role id `{}`; `role-standardiser roles` lists the valid ids",
                cut(r)
            ),
            ErrorKind::UnknownProfession(p) => write!(f, "unknown profession `{p}`"),
            ErrorKind::UnknownLevel(l) => write!(f, "unknown level `{l}`"),
            ErrorKind::UnknownKind(k) => write!(f, "unknown cue kind `{k}`"),
            ErrorKind::UnknownExclusion(x) => write!(f, "unknown exclusion `{x}`"),
            ErrorKind::UnknownQualifier(q) => write!(f, "unknown qualifier kind `{q}`"),
            ErrorKind::UnknownValue { column, value } => {
                write!(f, "`{}` is not a value of column `{column}`", cut(value))
            }
            ErrorKind::BadRoleId { id, expected } => {
                write!(f, "role id `{}` must be `{expected}` (profession.level)", cut(id))
            }
            ErrorKind::MissingProfession {
                profession,
                unlisted: true,
            } => write!(f, "profession `{profession}` is not listed"),
            ErrorKind::MissingProfession { profession, .. } => {
                write!(f, "profession `{profession}` has no role")
            }
            ErrorKind::BadNumber { column, value } => {
                write!(f, "`{}` in column `{column}` is not a band from 1 to 9", cut(value))
            }
            ErrorKind::NotANumber { column, value } => {
                write!(f, "`{}` in {column} is not a number", cut(value))
            }
            ErrorKind::UnknownExpansionWord {
                expansion,
                cues_file,
            } => write!(
                f,
                "the expansion `{expansion}` uses a word that no cue in {cues_file} knows; add the cue or fix the spelling"
            ),
            ErrorKind::NoWords(title) => {
                write!(f, "the title `{}` has no words to match", cut(title))
            }
            ErrorKind::UnclosedQuote => write!(f, "a quoted field is never closed"),
            #[cfg(feature = "xlsx")]
            ErrorKind::EmptyFile => write!(f, "the file is empty"),
            #[cfg(feature = "xlsx")]
            ErrorKind::TooLarge { bytes, limit } => write!(
                f,
                "the file is {} MB, over the limit of {} MB; split it into smaller files",
                bytes / MB,
                limit / MB
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::NotASpreadsheet => write!(
                f,
                "this is not a spreadsheet: neither CSV text nor an Excel (.xlsx, .xlsm, .xls, .xlsb) or OpenDocument (.ods) workbook"
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::PasswordProtected => write!(
                f,
                "this workbook is protected with a password; save a copy without the password and open that"
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::Damaged(detail) => {
                write!(f, "this workbook is damaged and cannot be read: {detail}")
            }
            #[cfg(feature = "xlsx")]
            ErrorKind::UnreadableSheet { sheet, detail } => {
                write!(f, "cannot read sheet `{}`: {detail}", cut(sheet))
            }
            #[cfg(feature = "xlsx")]
            ErrorKind::ZipBomb { ratio, limit } => write!(
                f,
                "this workbook looks like a zip bomb: a part would inflate {ratio}:1 (the limit is {limit}:1)"
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::InflatesTooLarge { limit } => write!(
                f,
                "this workbook would inflate to more than {} MB, over the limit; save it as CSV or split it",
                limit / MB
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::TextTooLarge => write!(f, "the decoded text is over 4 GB; split the file"),
            ErrorKind::RecordTooLarge { limit } => write!(
                f,
                "a record is over {} MB: no spreadsheet row is so long; look for a quote that is never closed",
                limit >> 20
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::SheetInCsv(name) => write!(
                f,
                "a CSV file has no sheets, so --sheet `{}` does not apply",
                cut(name)
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::NoSuchSheet { name, sheets } => write!(
                f,
                "no sheet named `{}`; the sheets are: {}",
                cut(name),
                list(sheets)
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::NoSheets => write!(f, "the workbook has no sheets"),
            #[cfg(feature = "xlsx")]
            ErrorKind::EmptySheet(sheet) => write!(f, "sheet `{}` is empty", cut(sheet)),
            #[cfg(feature = "xlsx")]
            ErrorKind::TooManyCells {
                sheet,
                rows,
                columns,
                values,
            } => write!(
                f,
                "sheet `{}` spans {rows} rows by {columns} columns, {} cells, for {values} values; delete the cells far from the data or save the sheet as CSV",
                cut(sheet),
                rows * columns
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::NoTitleColumn { columns } => write!(
                f,
                "no job title column found; name it with --column (the columns are: {})",
                list(columns)
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::NoSuchColumn { name, columns } => write!(
                f,
                "no column named `{}`; the columns are: {}",
                cut(name),
                list(columns)
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::NoSuchHeaderRow { row, first, last } => write!(
                f,
                "row {row} cannot be the header row: it must be one of rows {first} to {last}"
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::ColumnOutOfRange { column, columns } => write!(
                f,
                "column {column} is out of range: the sheet has {columns} columns (0 to {})",
                columns.saturating_sub(1)
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::UnknownField { name, fields } => {
                write!(f, "`{name}` is not a column a row can be read for: use one of {fields}")
            }
            #[cfg(feature = "xlsx")]
            ErrorKind::TooManyRows { rows, limit } => write!(
                f,
                "{rows} rows do not fit in an XLSX sheet (at most {limit}); write CSV instead"
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::TooManyColumns {
                columns,
                appended,
                limit,
            } => write!(
                f,
                "{columns} columns do not fit in an XLSX sheet (at most {limit}, with the {appended} appended); write CSV instead"
            ),
            #[cfg(feature = "xlsx")]
            ErrorKind::Unwritable(detail) => write!(f, "cannot write the XLSX workbook: {detail}"),
            #[cfg(feature = "xlsx")]
            ErrorKind::NotFinished { done, total } => write!(
                f,
                "matching is not finished: {done} of {total} distinct titles matched"
            ),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_file_and_line_and_the_kind_is_matchable() {
        let e = Error::new("local.csv", 3, ErrorKind::UnknownRole("physio".into()));
        assert_eq!(
            e.to_string(),
            "local.csv line 3: unknown role id `physio`; `role-standardiser roles` lists the valid ids"
        );
        assert_eq!((e.file(), e.line()), ("local.csv", Some(3)));
        assert!(matches!(e.kind(), ErrorKind::UnknownRole(r) if r == "physio"));
        let whole = Error::new("local.csv", 0, ErrorKind::Empty);
        assert_eq!(whole.line(), None);
        assert!(whole.to_string().starts_with("local.csv: "));
    }
}
