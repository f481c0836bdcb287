#!/usr/bin/env bash
# The main job: builds role-standardiser and shows it working. With the browser component present
# it builds the WebAssembly and serves the demo page; otherwise it builds the command line program
# and matches a few messy titles. Installs what is missing; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/serve-demo.sh ]; then
  exec scripts/serve-demo.sh "$@"
fi
cargo build --release --quiet
printf '%s\n' "PHYSIO ASST B3" "OTA" "Rehab SW" "Trainee AP" "Assistant practitioner" "Physiotherapist" |
  target/release/role-standardiser match
