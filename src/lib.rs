//! # role-standardiser
//!
//! Turns the many local job titles of NHS allied health professional (AHP) support workers
//! ("Physio Asst B3", "Rehab Support Worker", "OTA", "Trainee AP") into one standard role and
//! Agenda for Change band, entirely on the user's machine.
//!
//! The title is *read*, not only compared: case, punctuation and spacing are folded,
//! abbreviations expanded, typos corrected, the stated band pulled out, and the cues that remain
//! (profession, role noun, level, trainee, registered or out-of-scope titles, qualifiers) decide
//! the role. Doubt lowers the confidence and sends the title to a person as `review`.
//!
//! ```
//! use role_standardiser::{Matcher, Status};
//!
//! let matcher = Matcher::builtin();
//! let r = matcher.match_title("Snr Therapy Asst");
//! assert_eq!(r.status, Status::Matched);
//! assert_eq!(r.role.as_ref().map(|r| r.id.as_str()), Some("multi-therapy.senior-support-worker"));
//!
//! // Vague is said, not guessed.
//! let r = matcher.match_title("Assistant practitioner");
//! assert_eq!(r.status, Status::Review);
//! assert_eq!(r.band.map(|b| b.value), Some(4));
//!
//! // Registered professionals are out of scope.
//! assert_eq!(matcher.match_title("Physiotherapist").status, Status::NoMatch);
//!
//! // Local mappings win over the built-in reading.
//! let matcher = matcher.with_local_csv("title,role_id\nRSW,multi-therapy.support-worker\n", "local.csv")?;
//! assert_eq!(matcher.match_title("rsw").role.map(|r| r.id).as_deref(), Some("multi-therapy.support-worker"));
//! # Ok::<(), role_standardiser::Error>(())
//! ```
//!
//! ## The flow, and where it lives
//! - `vocab/`: the taxonomy and vocabulary of `mappings/` and local mappings. The data is
//!   parsed and validated when the crate is compiled (`build.rs`: a bad edit fails the build,
//!   naming file and line), so building a [`Matcher`] only indexes ready tables (about 60 µs).
//! - `matcher/`: a title is read, its evidence weighed, a role decided (microseconds a title).
//! - `bulk/` (feature `xlsx`): a spreadsheet opened, its title column found, each distinct
//!   title matched once and the sheet written back whole with the standard columns ([`Bulk`]).
//! - `wasm/` (WebAssembly only): the JavaScript bindings over the same engine.
//!
//! Failures are one [`Error`] whose [`ErrorKind`] a caller can match.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod builtin;
#[cfg(feature = "xlsx")]
mod bulk;
mod csv;
mod error;
mod matcher;
mod result;
mod summary;
mod vocab;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(feature = "xlsx")]
pub use bulk::{
    clean_stream, clean_workbook, decode, streams, too_large_to_hold, workbook_streams, Bulk,
    Format, Header, Line, Options, Pick, SheetOut, Stopped, Streamed, Summary, Title, Workforce,
    MAX_INPUT_BYTES, MAX_RECORD_BYTES, MAX_UNCOMPRESSED_BYTES, RUN_ROWS, SEGMENT_BYTES,
    TITLES_KEPT,
};
pub use error::{Error, ErrorKind};
pub use matcher::{Config, Matcher, Row, MAX_TITLE_BYTES};
pub use result::{
    Alternative, Band, BandSource, CodeCheck, Explanation, MatchResult, Qualifier, RoleRef, Status,
};
pub use vocab::{
    Level, LocalMappings, Mappings, Named, Names, Profession, Role, Sources, Taxonomy,
};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
