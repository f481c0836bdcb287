//! Writes the titles the engine itself knows as an `alias,role_id` CSV, the alias list that the
//! fuzzy matchers of `bench/peers.sh` index: `cargo run --release --example export_aliases [OUT.csv]`
//! (standard output without a path).

use role_standardiser::Matcher;

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn write_field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let matcher = Matcher::builtin();
    let mut csv = String::from("alias,role_id\n");
    for (alias, role) in matcher.aliases() {
        write_field(&mut csv, &alias);
        csv.push(',');
        write_field(&mut csv, &role.id);
        csv.push('\n');
    }
    match std::env::args().nth(1) {
        Some(path) => std::fs::write(path, csv)?,
        None => print!("{csv}"),
    }
    Ok(())
}
