#!/usr/bin/env bash
# role-standardiser (native and WebAssembly in Node) against the fuzzy matchers RapidFuzz, Fuse.js
# and uFuzzy, side by side in one run: accuracy on the dev and held-out titles (scored by
# tests/data/score.py) and titles per second on the same inputs. Prints a Markdown table and writes
# it to bench/results/peers.md. Installs what is missing; safe to run again.
#
#   bench/peers.sh              TIME_LIMIT=20 (seconds a tool may spend on one input's new titles)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench-peers
TIME_LIMIT=${TIME_LIMIT:-20}
VENV=bench/.venv
PY=$VENV/bin/python
SPEED_INPUTS="dev export-100k export-1m distinct-100k"
# Every tool runs on one and the same core.
CORE="taskset -c $(($(nproc) - 1))"
command -v taskset >/dev/null || CORE=""

step() { printf '\n== %s\n' "$*" >&2; }

step "tools"
if [ ! -d node_modules/fuse.js ] || [ ! -d node_modules/@leeoniya/ufuzzy ] || [ ! -x node_modules/.bin/wasm-opt ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if ! "$PY" -m pip freeze 2>/dev/null | grep -qxFf bench/peers/requirements.txt; then
  python3 -m venv "$VENV"
  "$PY" -m pip install --quiet -r bench/peers/requirements.txt
fi
if [ ! -f www/pkg/role_standardiser_bg.wasm ] ||
  [ -n "$(find src mappings Cargo.toml Cargo.lock -newer www/pkg/role_standardiser_bg.wasm | head -1)" ]; then
  bash scripts/build-wasm.sh
fi
cargo build --release --quiet --example peers_native --example export_aliases
NATIVE=target/release/examples/peers_native

# Runs TOOL's runner with the rest of the arguments.
runner() {
  local tool=$1
  shift
  case $tool in
    native) $CORE "$NATIVE" "$@" ;;
    rapidfuzz) $CORE "$PY" bench/peers/rapidfuzz_run.py "$@" ;;
    *) $CORE node bench/peers/run.mjs "$tool" "$@" ;;
  esac
}

step "alias list and inputs"
rm -rf "$OUT/pred"
mkdir -p "$OUT/pred"
target/release/examples/export_aliases "$OUT/aliases.csv"
echo "$(($(wc -l < "$OUT/aliases.csv") - 1)) aliases" >&2
node bench/peers/inputs.mjs "$OUT" >&2

step "accuracy: each peer's configuration and cutoff chosen on dev"
for tool in rapidfuzz fuse ufuzzy; do
  for config in $(runner "$tool" configs); do
    runner "$tool" predict "$OUT/dev.txt" "$OUT/pred/$tool.$config.dev-all.jsonl" --config "$config"
  done
done
"$PY" bench/peers/choose_cutoffs.py "$OUT" >&2

step "accuracy: dev and held-out, scored by tests/data/score.py"
for set in dev holdout; do
  runner native predict "$OUT/$set.txt" "$OUT/pred/native.$set.jsonl"
  runner wasm predict "$OUT/$set.txt" "$OUT/pred/wasm.$set.jsonl"
  while IFS=$'\t' read -r tool config cutoff; do
    runner "$tool" predict "$OUT/$set.txt" "$OUT/pred/$tool.$set.jsonl" --config "$config" --cutoff "$cutoff"
  done < "$OUT/cutoffs.tsv"
done
"$PY" bench/peers/score_tools.py "$OUT" native wasm rapidfuzz fuse ufuzzy >&2

step "speed: one core each, time-boxed at ${TIME_LIMIT} s of new titles per input"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: > "$OUT/timings.jsonl"
for input in $SPEED_INPUTS; do
  runner native bench "$OUT/$input.txt" --time-limit "$TIME_LIMIT" | tee -a "$OUT/timings.jsonl" >&2
  runner wasm bench "$OUT/$input.txt" --time-limit "$TIME_LIMIT" | tee -a "$OUT/timings.jsonl" >&2
  while IFS=$'\t' read -r tool config cutoff; do
    runner "$tool" bench "$OUT/$input.txt" --config "$config" --cutoff "$cutoff" --time-limit "$TIME_LIMIT" |
      tee -a "$OUT/timings.jsonl" >&2
  done < "$OUT/cutoffs.tsv"
done
printf '{"cores": %s, "loadavg_before": "%s", "loadavg_after": "%s", "time_limit_s": %s, "versions": "%s; %s; node %s; %s"}\n' \
  "$(nproc)" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "$TIME_LIMIT" "$(rustc --version | cut -d' ' -f1-2)" \
  "$("$PY" --version)" "$(node --version)" "$(command -v taskset >/dev/null && echo 'one core each (taskset)' || echo 'taskset missing: not pinned')" \
  > "$OUT/machine.json"

step "report"
mkdir -p bench/results
"$PY" bench/peers/report.py "$OUT" > bench/results/peers.md
cat bench/results/peers.md
