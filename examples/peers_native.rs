//! The native engine's runner for the peer benchmark (`bench/peers.sh`), one title per input line:
//!
//! ```text
//! peers_native predict INPUT OUT.jsonl                       one result per line, for score.py
//! peers_native bench INPUT [--time-limit S] [--min-seconds S]  one JSON line of timings
//! ```
//!
//! Rows are matched as every runner of the benchmark matches them, like a bulk clean: a hash map
//! from title to a slot in the results, each distinct title matched once. `bench` repeats the whole
//! pass with a fresh cache until `--min-seconds` have passed (default 1), and stops matching new
//! titles after `--time-limit` seconds (default none), and reports the wall-clock and CPU seconds.
//! Single-threaded.

use role_standardiser::{MatchResult, Matcher};
use std::collections::HashMap;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::time::Instant;

/// Rows matched with the shared memoisation: the results of the distinct titles done, the slot of
/// each row done, and whether the time limit stopped it early.
struct Pass {
    results: Vec<MatchResult>,
    row_slots: Vec<u32>,
    time_boxed: bool,
}

fn memoised(matcher: &Matcher, rows: &[&str], limit: Option<f64>, start: Instant) -> Pass {
    let mut slots: HashMap<&str, u32> = HashMap::new();
    let mut results = Vec::new();
    let mut row_slots = Vec::with_capacity(rows.len());
    for &title in rows {
        let slot = match slots.get(title) {
            Some(&slot) => slot,
            None => {
                if limit.is_some_and(|l| start.elapsed().as_secs_f64() >= l) {
                    return Pass {
                        results,
                        row_slots,
                        time_boxed: true,
                    };
                }
                let slot = results.len() as u32;
                results.push(matcher.match_title(title));
                slots.insert(title, slot);
                slot
            }
        };
        row_slots.push(slot);
    }
    Pass {
        results,
        row_slots,
        time_boxed: false,
    }
}

/// Seconds this thread has run on a CPU (Linux `/proc/thread-self/schedstat`), if known.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn option(args: &[String], name: &str) -> Result<Option<f64>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .map(Some)
            .ok_or(format!("{name} needs a number of seconds")),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, input) = match args.as_slice() {
        [mode, input, ..] => (mode.as_str(), input.as_str()),
        _ => return Err("usage: peers_native predict|bench INPUT [OUT] [options]".into()),
    };
    let text = std::fs::read_to_string(input)?;
    let rows: Vec<&str> = text.lines().collect();
    let built = Instant::now();
    let matcher = Matcher::builtin();
    let build_s = built.elapsed().as_secs_f64();
    match mode {
        "predict" => {
            let out = args.get(2).ok_or("predict needs an output path")?;
            let pass = memoised(&matcher, &rows, None, Instant::now());
            let mut w = BufWriter::new(std::fs::File::create(out)?);
            for slot in pass.row_slots {
                serde_json::to_writer(&mut w, &pass.results[slot as usize])?;
                w.write_all(b"\n")?;
            }
            w.flush()?;
        }
        "bench" => {
            let limit = option(&args, "--time-limit")?;
            let min_seconds = option(&args, "--min-seconds")?.unwrap_or(1.0);
            let (mut done, mut distinct, mut passes, mut time_boxed) = (0, 0, 0, false);
            let (start, cpu) = (Instant::now(), cpu_seconds());
            while !time_boxed && (passes == 0 || start.elapsed().as_secs_f64() < min_seconds) {
                let pass = black_box(memoised(&matcher, &rows, limit, start));
                done += pass.row_slots.len();
                distinct += pass.results.len();
                time_boxed = pass.time_boxed;
                passes += 1;
            }
            let match_s = start.elapsed().as_secs_f64();
            let cpu_s = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
            println!(
                "{}",
                serde_json::json!({
                    "tool": "native", "config": null, "input": input, "rows": done,
                    "distinct": distinct, "passes": passes, "build_s": build_s,
                    "match_s": match_s, "cpu_s": cpu_s, "time_boxed": time_boxed,
                })
            );
        }
        _ => return Err(format!("unknown mode `{mode}`: predict or bench").into()),
    }
    Ok(())
}
