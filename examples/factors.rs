//! Writes, for each title on standard input, the role the engine decides and the confidence
//! factors it met, as JSON lines, with no title held back by the thresholds (`accept` above 1,
//! `reject` 0): what `scripts/calibrate.py` fits the weights of `mappings/confidence.csv` on.
//! `cargo run --release --example factors < titles.txt`

use role_standardiser::{Config, Mappings, Matcher};
use std::io::{self, BufRead, Write};

fn main() -> io::Result<()> {
    let config = Config {
        accept: 2.0,
        reject: 0.0,
        ..Config::DEFAULT
    };
    let matcher = Matcher::new(Mappings::builtin(), config);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in io::stdin().lock().lines() {
        let r = matcher.match_title(&line?);
        let profession = r.role.as_ref().map(|r| r.profession.id());
        let row = serde_json::json!({
            "profession": profession,
            "decided": r.role.is_some(),
            "confidence": r.confidence,
            "factors": r.explanation.factors,
        });
        writeln!(out, "{row}")?;
    }
    out.flush()
}
