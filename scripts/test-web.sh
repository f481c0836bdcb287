#!/usr/bin/env bash
# Browser tests: builds the wasm, runs the wasm-bindgen tests and the Playwright end-to-end tests
# in headless Chromium. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium chromium-driver
fi
if [ ! -d node_modules/playwright-core ] || [ ! -x node_modules/.bin/wasm-opt ] ||
  [ ! -d node_modules/fuse.js ] || [ ! -d node_modules/@leeoniya/ufuzzy ] || [ ! -d node_modules/axe-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

bash scripts/build-wasm.sh

echo "== cargo clippy (wasm32) -D warnings"
cargo clippy --target wasm32-unknown-unknown --lib --quiet --no-default-features -- -D warnings
cargo clippy --target wasm32-unknown-unknown --lib --quiet --features bulk -- -D warnings

echo "== wasm-bindgen-test (headless Chromium)"
CHROMEDRIVER="$(command -v chromedriver)" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test web

echo "== wasm-bindgen-test, bulk API (headless Chromium)"
CHROMEDRIVER="$(command -v chromedriver)" \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --features bulk --test web_bulk

echo "== JavaScript unit tests (bulk page helpers, peer benchmark harness)"
node --test tests/js/

echo "== Playwright end-to-end tests, with axe-core audits"
# The command line too: a page test compares its downloads with the command line's output.
cargo build --release --quiet
CHROMIUM="$(command -v chromium)" node --test tests/e2e/
