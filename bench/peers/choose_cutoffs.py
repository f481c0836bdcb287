"""Chooses each peer's configuration and score cutoff on the dev titles, the same way for every peer.

  choose_cutoffs.py OUT_DIR

Reads OUT_DIR/pred/TOOL.CONFIG.dev-all.jsonl (every dev title's best alias and score, no cutoff),
and for every configuration and every cutoff between two observed scores scores the answers with
tests/data/score.py: matched when the score reaches the cutoff, else no-match. The choice maximises
profession accuracy + auto-accept precision + out-of-scope rejected (score.py's three figures for
an accept-or-reject matcher; a missing figure counts 0); among equals, the strictest cutoff. The
cutoff is the midpoint between the lowest score accepted and the next score below it. Writes
OUT_DIR/cutoffs.json (the choice, and every configuration tried) and OUT_DIR/cutoffs.tsv (tool,
config, cutoff).
"""
import csv, glob, importlib.util, json, os, sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
spec = importlib.util.spec_from_file_location("score", os.path.join(ROOT, "tests", "data", "score.py"))
score_py = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score_py)

OBJECTIVE = ("profession_accuracy", "auto_accept_precision", "out_of_scope_rejected")
REJECT_ALL = 1e9


def with_cutoff(preds, cutoff):
    """The answers as they are with the cutoff applied."""
    return [p if p["score"] is not None and p["score"] >= cutoff else {**p, "status": "no-match", "role": None, "band": None}
            for p in preds]


def best_cutoff(gold, preds):
    """(objective, cutoff, summary) of the best cutoff for one configuration's answers."""
    scores = sorted({p["score"] for p in preds if p["score"] is not None}, reverse=True)
    best = None
    for i, lowest in enumerate([REJECT_ALL] + scores):
        below = scores[i] if i < len(scores) else None
        cutoff = lowest if lowest == REJECT_ALL or below is None else (lowest + below) / 2
        summary, _ = score_py.score(gold, with_cutoff(preds, cutoff))
        objective = sum(summary[k] or 0 for k in OBJECTIVE)
        if best is None or objective > best[0]:
            best = (objective, cutoff, summary)
    return best


def main(out):
    with open(os.path.join(ROOT, "tests", "data", "dev.tsv")) as f:
        gold = list(csv.DictReader(f, delimiter="\t"))
    choices, tried = {}, {}
    for path in sorted(glob.glob(os.path.join(out, "pred", "*.dev-all.jsonl"))):
        tool, config = os.path.basename(path)[: -len(".dev-all.jsonl")].split(".", 1)
        with open(path) as f:
            preds = [json.loads(l) for l in f]
        objective, cutoff, summary = best_cutoff(gold, preds)
        print(f"{tool:10} {config:18} cutoff {cutoff:.4g}: {' + '.join(str(summary[k]) for k in OBJECTIVE)} = {objective:.1f}")
        tried.setdefault(tool, []).append({"config": config, "cutoff": cutoff, "objective": objective})
        if tool not in choices or objective > choices[tool]["objective"]:
            choices[tool] = {"config": config, "cutoff": cutoff, "objective": objective, "dev": summary}
    for tool in choices:
        choices[tool]["tried"] = tried[tool]
    with open(os.path.join(out, "cutoffs.json"), "w") as f:
        json.dump(choices, f, indent=2)
    with open(os.path.join(out, "cutoffs.tsv"), "w") as f:
        f.writelines(f"{tool}\t{c['config']}\t{c['cutoff']!r}\n" for tool, c in choices.items())
    for tool, c in choices.items():
        print(f"chosen: {tool} {c['config']} cutoff {c['cutoff']:.4g}")


if __name__ == "__main__":
    main(sys.argv[1])
