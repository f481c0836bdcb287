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
//! let matcher = Matcher::builtin()?;
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
//! # Ok::<(), role_standardiser::MappingError>(())
//! ```
//!
//! The data lives in `mappings/` as plain CSV with a source for every row. It is parsed and
//! validated when the crate is compiled (`build.rs`: a bad edit fails the build, naming file and
//! line), so building a [`Matcher`] only indexes ready tables (about 60 µs); matching a title then
//! takes microseconds.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod band;
mod builtin;
#[cfg(feature = "xlsx")]
pub mod bulk;
pub mod clean;
pub mod csv;
mod error;
mod fuzzy;
pub mod lexicon;
pub mod local;
pub mod mappings;
pub mod matcher;
pub mod normalise;
pub mod result;
#[cfg(feature = "xlsx")]
pub mod sheet;
pub mod suggest;
pub mod taxonomy;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
#[cfg(all(target_arch = "wasm32", feature = "bulk"))]
pub mod wasm_bulk;

pub use error::{ErrorKind, MappingError};
pub use local::LocalMappings;
pub use mappings::Mappings;
pub use matcher::{Config, Matcher};
pub use result::{Alternative, Band, BandSource, Explanation, MatchResult, RoleRef, Status};
pub use taxonomy::{Level, Profession, Role, Taxonomy};
