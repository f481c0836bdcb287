"""Scores every tool's answers with tests/data/score.py, run as it is, and checks the harness.

  score_tools.py OUT_DIR TOOL...

Reads OUT_DIR/pred/TOOL.dev.jsonl and TOOL.holdout.jsonl and writes OUT_DIR/accuracy.json:
{tool: {dev: summary, holdout: summary}, "checks": [...]}. The checks: the WebAssembly engine
gives the native engine's answers (status, role, band), and a peer's answers with its cutoff
given to the tool are its dev answers with the cutoff applied afterwards (OUT_DIR/cutoffs.json).
Exits non-zero when a check fails.
"""
import json, os, subprocess, sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SETS = {"dev": "tests/data/dev.tsv", "holdout": "tests/data/holdout.tsv"}


def read(path):
    with open(path) as f:
        return [json.loads(l) for l in f]


def answer(p):
    """What is scored: status, role id and band value."""
    return p["status"], (p.get("role") or {}).get("id"), (p.get("band") or {}).get("value")


def main(out, tools):
    accuracy = {}
    for tool in tools:
        accuracy[tool] = {}
        for name, gold in SETS.items():
            pred = os.path.join(out, "pred", f"{tool}.{name}.jsonl")
            run = subprocess.run([sys.executable, os.path.join(ROOT, "tests/data/score.py"), os.path.join(ROOT, gold), pred],
                                 capture_output=True, text=True, check=True)
            accuracy[tool][name] = json.loads(run.stdout.strip().splitlines()[-1])
    checks, failed = [], False
    if {"native", "wasm"} <= set(tools):
        for name in SETS:
            native, wasm = (read(os.path.join(out, "pred", f"{t}.{name}.jsonl")) for t in ("native", "wasm"))
            differ = sum(answer(a) != answer(b) for a, b in zip(native, wasm)) + abs(len(native) - len(wasm))
            checks.append(f"{name}: WebAssembly and native answers differ on {differ} of {len(native)} titles")
            failed |= differ > 0
    with open(os.path.join(out, "cutoffs.json")) as f:
        cutoffs = json.load(f)
    for tool, c in cutoffs.items():
        if tool not in tools:
            continue
        given = read(os.path.join(out, "pred", f"{tool}.dev.jsonl"))
        after = read(os.path.join(out, "pred", f"{tool}.{c['config']}.dev-all.jsonl"))
        after = [p if p["score"] is not None and p["score"] >= c["cutoff"] else {**p, "status": "no-match", "role": None, "band": None}
                 for p in after]
        differ = sum(answer(a) != answer(b) for a, b in zip(given, after))
        checks.append(f"dev: {tool} with its cutoff given to the tool differs from the cutoff applied afterwards on {differ} titles")
        failed |= differ > 0
    accuracy["checks"] = checks
    with open(os.path.join(out, "accuracy.json"), "w") as f:
        json.dump(accuracy, f, indent=2)
    print("\n".join(checks))
    if failed:
        sys.exit("score_tools: a check failed")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
