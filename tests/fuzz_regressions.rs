//! Replays, on stable, every input the fuzzers (`fuzz/`, nightly only) found to break something:
//! `tests/fuzz-regressions/<target>/*` through the same checks the fuzz target runs
//! (`tests/common/checks.rs`). CI has no nightly, so this is how the fixes stay fixed.
//!
//! `FUZZ_REPLAY=<target>:<dir> cargo test --release --test fuzz_regressions` replays a whole
//! corpus (for example `sheet:fuzz/corpus/sheet`) the same way, without a nightly toolchain.
#![cfg(feature = "xlsx")]

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"));
    files.sort();
    files
}

fn check(target: &str) -> fn(&[u8]) {
    match target {
        "match_title" => common::checks::match_title,
        "local_mappings" => common::checks::local_mappings,
        "sheet" => common::checks::sheet,
        "xlsx_xml" => common::checks::xlsx_xml,
        other => panic!("no fuzz target `{other}`"),
    }
}

/// Runs every file of `dir` through `target`'s checks, each within `limit_ms` (inputs that once
/// hung must now finish quickly). Returns how many files ran.
fn replay(target: &str, dir: &Path, limit_ms: u128) -> usize {
    let files = inputs(dir);
    for file in &files {
        let data = std::fs::read(file).expect("readable");
        let start = Instant::now();
        let result = std::panic::catch_unwind(|| check(target)(&data));
        assert!(result.is_ok(), "{target}: {} broke a check", file.display());
        let ms = start.elapsed().as_millis();
        assert!(ms <= limit_ms, "{target}: {} took {ms} ms", file.display());
    }
    files.len()
}

const TARGETS: [&str; 4] = ["match_title", "local_mappings", "sheet", "xlsx_xml"];

#[test]
fn every_input_the_fuzzers_found_passes_the_checks_quickly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let total: usize = TARGETS
        .iter()
        .map(|target| replay(target, &root.join(target), 5_000))
        .sum();
    assert!(total > 0, "no inputs under {}", root.display());
}

#[test]
fn replay_a_corpus_named_by_the_environment() {
    if let Ok(spec) = std::env::var("FUZZ_REPLAY") {
        let (target, dir) = spec.split_once(':').expect("FUZZ_REPLAY=<target>:<dir>");
        let start = Instant::now();
        let n = replay(target, Path::new(dir), u128::MAX);
        eprintln!(
            "{target}: {n} inputs in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
}
