#!/usr/bin/env bash
# Builds the optimised WebAssembly engine into www/pkg/ and the bulk page's engine (with XLSX
# reading and writing) into www/pkg-bulk/, and prints their sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
WASM_BINDGEN_VERSION=0.2.130

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The lookup engine, without the spreadsheet code (the xlsx feature) of the bulk page.
cargo build --quiet --lib --target wasm32-unknown-unknown --profile wasm-release --no-default-features
wasm-bindgen --target web --out-dir www/pkg --out-name role_standardiser \
  target/wasm32-unknown-unknown/wasm-release/role_standardiser.wasm
node_modules/.bin/wasm-opt -O3 --one-caller-inline-max-function-size=1000 --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  www/pkg/role_standardiser_bg.wasm -o www/pkg/role_standardiser_bg.wasm
raw=$(wc -c < www/pkg/role_standardiser_bg.wasm)
gz=$(gzip -9 -c www/pkg/role_standardiser_bg.wasm | wc -c)
echo "www/pkg/role_standardiser_bg.wasm: $((raw / 1024)) KB, $((gz / 1024)) KB gzipped (budget 150 KB)"
if [ "$gz" -gt $((150 * 1024)) ]; then
  echo "error: the gzipped wasm is over the 150 KB budget" >&2
  exit 1
fi

# The bulk page's engine. Both builds write the same .wasm path, so bind each right after its build.
cargo build --quiet --lib --target wasm32-unknown-unknown --profile wasm-release --features bulk
wasm-bindgen --target web --out-dir www/pkg-bulk --out-name role_standardiser_bulk \
  target/wasm32-unknown-unknown/wasm-release/role_standardiser.wasm
node_modules/.bin/wasm-opt -O3 --one-caller-inline-max-function-size=1000 --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  www/pkg-bulk/role_standardiser_bulk_bg.wasm -o www/pkg-bulk/role_standardiser_bulk_bg.wasm
raw=$(wc -c < www/pkg-bulk/role_standardiser_bulk_bg.wasm)
gz=$(gzip -9 -c www/pkg-bulk/role_standardiser_bulk_bg.wasm | wc -c)
echo "www/pkg-bulk/role_standardiser_bulk_bg.wasm: $((raw / 1024)) KB, $((gz / 1024)) KB gzipped (no budget)"
