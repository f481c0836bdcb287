//! Criterion benchmarks of the hot paths: normalisation, matching (warm, distinct titles, and
//! building the engine) and the bulk clean of a CSV. Run with `cargo bench --bench engine`;
//! `scripts/bench.sh` runs these and the comparison with other matchers.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use role_standardiser::{Bulk, Matcher, Options};
use std::hint::black_box;

const DEV: &str = include_str!("../tests/data/dev.tsv");

/// The dev titles (first column, quotes removed).
fn dev_titles() -> Vec<String> {
    DEV.lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(|t| t.trim_matches('"').to_string())
        .collect()
}

/// `n` distinct titles: dev titles with a site and a number, as a large export's would differ.
fn distinct_titles(n: usize) -> Vec<String> {
    const SITES: [&str; 6] = [
        " - MSK",
        " (Bank)",
        " - Community",
        " Nights",
        " - Stroke Unit",
        "",
    ];
    let dev = dev_titles();
    (0..n)
        .map(|i| format!("{}{} {}", dev[i % dev.len()], SITES[i % SITES.len()], i))
        .collect()
}

/// A CSV export of `rows` rows whose titles repeat, as an HR system's would.
fn repetitive_csv(rows: usize) -> Vec<u8> {
    let dev = dev_titles();
    let mut csv = String::from("Employee,Job Title,Ward\n");
    let mut seed = 7u64;
    for i in 0..rows {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let title = &dev[(seed >> 33) as usize % dev.len()];
        let title = if title.contains([',', '"']) {
            format!("\"{}\"", title.replace('"', "\"\""))
        } else {
            title.clone()
        };
        csv.push_str(&format!("E{i},{title},W{}\n", i % 40));
    }
    csv.into_bytes()
}

fn normalisation(c: &mut Criterion) {
    let titles = dev_titles();
    let matcher = Matcher::builtin();
    let mut g = c.benchmark_group("normalise");
    g.throughput(Throughput::Elements(titles.len() as u64));
    // Tokenising, the band taken out, words looked up, corrected, split and expanded, and the
    // words joined again: the reading step of matching, as local mappings are compared.
    g.bench_function("read dev titles", |b| {
        b.iter(|| {
            titles
                .iter()
                .map(|t| matcher.normalised(black_box(t)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

fn matching(c: &mut Criterion) {
    let matcher = Matcher::builtin();
    let dev = dev_titles();
    let distinct = distinct_titles(10_000);
    matcher.match_title("warm the lazy indexes");
    let mut g = c.benchmark_group("match");
    g.throughput(Throughput::Elements(dev.len() as u64));
    g.bench_function("dev titles", |b| {
        b.iter(|| {
            dev.iter()
                .map(|t| matcher.match_title(black_box(t)).confidence)
                .sum::<f64>()
        })
    });
    g.throughput(Throughput::Elements(distinct.len() as u64));
    g.sample_size(20);
    g.bench_function("10k distinct titles", |b| {
        b.iter(|| {
            distinct
                .iter()
                .map(|t| matcher.match_title(black_box(t)).confidence)
                .sum::<f64>()
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("build the engine", |b| b.iter(Matcher::builtin));
    g.bench_function("suggest (type-ahead)", |b| {
        b.iter(|| matcher.suggest(black_box("physio as"), 8).len())
    });
    g.finish();
}

/// An ESR-style export of `rows` rows: the rows of `tests/fixtures/esr-export.csv` (a title,
/// six context columns and an FTE) over and over.
fn esr_csv(rows: usize) -> Vec<u8> {
    let fixture = include_str!("../tests/fixtures/esr-export.csv");
    let mut lines = fixture.lines();
    let header = lines.next().unwrap_or_default();
    let body: Vec<&str> = lines.collect();
    let mut out = format!("{header}\n");
    for line in body.iter().cycle().take(rows) {
        out.push_str(line);
        out.push('\n');
    }
    out.into_bytes()
}

fn cleaning(c: &mut Criterion) {
    let staff = repetitive_csv(100_000);
    let esr = esr_csv(100_000);
    let matcher = Matcher::builtin();
    let mut g = c.benchmark_group("clean");
    g.throughput(Throughput::Elements(100_000));
    g.sample_size(10);
    // The same sheets read whole-row and by title only.
    for (name, csv, no_context) in [
        ("100k-row CSV, open + match + write", &staff, false),
        ("100k-row CSV, title only (--no-context)", &staff, true),
        (
            "100k-row ESR export, six context columns and FTE",
            &esr,
            false,
        ),
        ("100k-row ESR export, title only (--no-context)", &esr, true),
    ] {
        let options = Options {
            no_context,
            ..Options::default()
        };
        g.bench_function(name, |b| {
            b.iter_batched(
                || matcher.clone(),
                |m| {
                    let mut bulk =
                        Bulk::open(csv.clone(), "staff.csv", &options, m).expect("the CSV opens");
                    bulk.match_next(usize::MAX);
                    bulk.to_csv().expect("matching finished").len()
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, normalisation, matching, cleaning);
criterion_main!(benches);
