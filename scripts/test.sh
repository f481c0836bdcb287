#!/usr/bin/env bash
# Runs every test a new user can run: formatting, lints, Rust unit, integration and doc tests,
# the dev-title accuracy gate, and (when the browser component is present) the WebAssembly and
# browser end-to-end tests. Installs what is missing; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if ! command -v cargo >/dev/null; then
  echo "cargo is missing: install Rust from https://rustup.rs first" >&2
  exit 1
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native) -D warnings"
cargo clippy --all-targets --quiet -- -D warnings

step "cargo test (unit, integration, doc tests)"
cargo test --release --quiet

step "dev titles scored by tests/data/score.py"
cargo build --release --quiet
tail -n +2 tests/data/dev.tsv | cut -f1 | target/release/role-standardiser match > target/dev-predictions.jsonl
python3 tests/data/score.py tests/data/dev.tsv target/dev-predictions.jsonl

if [ -x scripts/test-web.sh ]; then
  step "browser: WebAssembly and end-to-end tests"
  scripts/test-web.sh
fi
echo
echo "All tests passed."
