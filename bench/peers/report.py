"""The Markdown report of the peer benchmark, from what bench/peers.sh left in OUT_DIR.

  report.py OUT_DIR > bench/results/peers.md

Reads inputs.json, timings.jsonl, accuracy.json, cutoffs.json and machine.json. A run stopped by
the time limit is projected to the whole input from its mean time per distinct title.
"""
import json, os, sys

NAMES = {"native": "role-standardiser native", "wasm": "role-standardiser WebAssembly (Node)",
         "rapidfuzz": "RapidFuzz `extractOne`", "fuse": "Fuse.js", "ufuzzy": "uFuzzy"}
ACCURACY = [("profession_accuracy", "profession accuracy"), ("auto_accept_precision", "auto-accept precision"),
            ("auto_accept_coverage", "auto-accept coverage"), ("out_of_scope_rejected", "out of scope rejected"),
            ("band_accuracy_stated", "stated band"), ("band_accuracy_unstated", "unstated band")]
SETS = {"dev": "dev (126 titles)", "holdout": "held-out (272 titles)"}


def load(out, name):
    with open(os.path.join(out, name)) as f:
        return [json.loads(l) for l in f] if name.endswith(".jsonl") else json.load(f)


def rate(x):
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.1f} k" if x >= 1e3 else f"{x:.0f}"


def times(x):
    return f"{x:,.0f}x" if x >= 10 else f"{x:.1f}x"


def seconds(s):
    return f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.1f} s"


def rates(t, total):
    """(rows/s, distinct/s, note): projected over the whole input when the time limit stopped it."""
    distinct_s = t["distinct"] / t["match_s"]
    if not t["time_boxed"]:
        return t["rows"] / t["match_s"], distinct_s, ""
    projected = t["match_s"] / t["distinct"] * total["distinct"]
    return total["rows"] / projected, distinct_s, f"time-boxed: {t['distinct']:,} of {total['distinct']:,} distinct titles, projected"


def tool_label(tool, cutoffs):
    c = cutoffs.get(tool)
    return NAMES[tool] + (f" ({c['config']}, cutoff {c['cutoff']:.3g})" if c else "")


def main(out):
    inputs, timings = load(out, "inputs.json"), load(out, "timings.jsonl")
    accuracy, cutoffs, machine = load(out, "accuracy.json"), load(out, "cutoffs.json"), load(out, "machine.json")
    busy = max(float(machine["loadavg_before"].split()[0]), float(machine["loadavg_after"].split()[0])) > 1.0
    lines = ["# role-standardiser against fuzzy matchers", "",
             "Written by `bench/peers.sh` (README, \"Compared with fuzzy matchers\"). "
             f"{machine['cores']} cores; {machine['versions']}; load average {machine['loadavg_before']} before "
             f"and {machine['loadavg_after']} after the speed runs.", ""]
    if busy:
        lines += ["**Figures from a busy machine**: other work was running (load average above 1), so the rates "
                  "are noisy and likely low; re-run on a quiet machine for figures to quote.", ""]
    lines += ["## Speed", "",
              "Rows per second through the shared memoisation (each distinct title matched once, like a bulk "
              f"clean); build = ready to match from the alias list (the engine: from its compiled-in mappings). "
              f"A tool that spends over {machine['time_limit_s']} s on new titles of one input is stopped and its "
              "rate projected from its mean time per distinct title. Rates are per wall-clock second; CPU is the "
              "share of that time the tool ran on its core (near 100% on a quiet machine; lower means other work "
              "took the core and the rate is low).", "",
              "| input | tool | build | rows/s | distinct/s | native is | CPU | note |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, total in inputs.items():
        runs = [t for t in timings if os.path.basename(t["input"]) == total["file"]]
        native = next(rates(t, total)[0] for t in runs if t["tool"] == "native")
        label = f"{name} ({total['rows']:,} rows, {total['distinct']:,} distinct)"
        for t in runs:
            rows_s, distinct_s, note = rates(t, total)
            ratio = "" if t["tool"] == "native" else times(native / rows_s)
            cpu = "" if t.get("cpu_s") is None else f"{100 * t['cpu_s'] / t['match_s']:.0f}%"
            lines.append(f"| {label} | {tool_label(t['tool'], cutoffs)} | {seconds(t['build_s'])} | {rate(rows_s)} | "
                         f"{rate(distinct_s)} | {ratio} | {cpu} | {note} |")
            label = ""
    lines += ["", "## Accuracy", "",
              "Scored by `tests/data/score.py`. A peer answers with its best alias's role and that role's typical "
              "band (`mappings/roles.csv`), `matched` at or above its cutoff, else `no-match`; its configuration and "
              "cutoff are chosen on dev (`bench/peers/choose_cutoffs.py`: the most profession accuracy + auto-accept "
              "precision + out of scope rejected), so the held-out titles are unseen by the peers. They are no longer "
              "unseen by the engine, whose gaps on them were fixed (README, \"Accuracy\").", "",
              "Tried on dev (sum of the three figures at the best cutoff): " + "; ".join(
                  f"{NAMES[tool]} " + ", ".join(f"{t['config']} {t['objective']:.1f}" for t in c["tried"])
                  for tool, c in cutoffs.items()) + ".", ""]
    for key, title in SETS.items():
        lines += [f"| {title} | " + " | ".join(h for _, h in ACCURACY) + " |", "| --- " * (len(ACCURACY) + 1) + "|"]
        for tool in NAMES:
            s = accuracy[tool][key]
            cells = ["" if s[k] is None else f"{s[k]:.1f}%" for k, _ in ACCURACY]
            lines.append(f"| {tool_label(tool, cutoffs)} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["Checks: " + "; ".join(accuracy["checks"]) + ".", "", "## Targets", "",
              "| target | measured | met |", "| --- | --- | --- |"]
    by = {(t["tool"], os.path.basename(t["input"])): t for t in timings}
    export, distinct = inputs["export-1m"], inputs["distinct-100k"]
    native_export = rates(by["native", export["file"]], export)[0]
    native_distinct = rates(by["native", distinct["file"]], distinct)[1]
    targets = [("native >= 1M rows/s, repetitive export (export-1m)", native_export, 1e6, rate(native_export)),
               ("native >= 100k distinct/s (distinct-100k)", native_distinct, 1e5, rate(native_distinct))]
    for peer, want in (("rapidfuzz", 20), ("fuse", 100)):
        for total in (export, distinct):
            ratio = native_export if total is export else rates(by["native", total["file"]], total)[0]
            ratio /= rates(by[peer, total["file"]], total)[0]
            targets.append((f">= {want}x {NAMES[peer]} rows/s ({total['file'][:-4]})", ratio, want, times(ratio)))
    lines += [f"| {t} | {m} | {'yes' if v >= want else '**no**'} |" for t, v, want, m in targets]
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1])
