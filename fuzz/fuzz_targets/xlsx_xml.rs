//! Fuzz target `xlsx_xml`: see `tests/common/checks.rs`, whose checks it runs on every input
//! (and which `tests/fuzz_regressions.rs` replays on stable).
#![no_main]

#[path = "../../tests/common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::checks::xlsx_xml(data));
