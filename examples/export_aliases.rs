//! Writes the titles the engine itself knows as an `alias,role_id` CSV, the alias list that the
//! fuzzy matchers of `bench/peers.sh` index: `cargo run --release --example export_aliases [OUT.csv]`
//! (standard output without a path).

use role_standardiser::csv::write_field;
use role_standardiser::Matcher;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let matcher = Matcher::builtin()?;
    let mut csv = String::from("alias,role_id\n");
    for (alias, role) in matcher.aliases() {
        write_field(&mut csv, &alias, b',');
        csv.push(',');
        write_field(&mut csv, &role.id, b',');
        csv.push('\n');
    }
    match std::env::args().nth(1) {
        Some(path) => std::fs::write(path, csv)?,
        None => print!("{csv}"),
    }
    Ok(())
}
