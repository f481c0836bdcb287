"""The RapidFuzz runner of the peer benchmark (bench/peers.sh), one title per input line.

  rapidfuzz_run.py predict INPUT OUT.jsonl [--config C] [--cutoff X] [--aliases A.csv]
  rapidfuzz_run.py bench INPUT [--config C] [--cutoff X] [--aliases A.csv] [--time-limit S] [--min-seconds S]
  rapidfuzz_run.py configs        the configurations tried on dev, one a line

process.extractOne over the alias list, with RapidFuzz's default_process (lower case, punctuation
folded) applied to the aliases once, when the index is built, and to each title. The cutoff is
passed as extractOne's score_cutoff, which returns the same best alias when it reaches the cutoff
and lets RapidFuzz skip the rest. Rows go through the same memoisation as every runner: a hash map
from title to a slot in the results, each distinct title matched once. Single-threaded.
"""
import argparse, csv, json, time
from rapidfuzz import fuzz, process, utils

# Configurations tried on the dev titles: the default scorer and two token scorers.
CONFIGS = {"WRatio": fuzz.WRatio, "token_set_ratio": fuzz.token_set_ratio, "token_sort_ratio": fuzz.token_sort_ratio}


def read_aliases(alias_csv, roles_csv):
    """The aliases, and for each the role {id, profession, band} it names."""
    with open(roles_csv, newline="") as f:
        roles = {r["id"]: {"id": r["id"], "profession": r["profession"], "band": int(r["band"])} for r in csv.DictReader(f)}
    with open(alias_csv, newline="") as f:
        pairs = [(r["alias"], roles[r["role_id"]]) for r in csv.DictReader(f)]
    return [a for a, _ in pairs], [r for _, r in pairs]


def build(titles, config, cutoff):
    """A matcher over the aliases: title to (index, score), or None."""
    choices = [utils.default_process(t) for t in titles]
    scorer = CONFIGS[config]

    def best(title):
        found = process.extractOne(utils.default_process(title), choices, scorer=scorer, processor=None, score_cutoff=cutoff)
        return None if found is None else (found[2], found[1])

    return best


def prediction(found, titles, roles, cutoff):
    """The answer in the result shape score.py reads (the same as bench/peers/aliases.mjs)."""
    if found is None or (cutoff is not None and found[1] < cutoff):
        return {"status": "no-match", "role": None, "band": None,
                "alias": titles[found[0]] if found else None, "score": found[1] if found else None}
    role = roles[found[0]]
    return {"status": "matched", "role": {"id": role["id"], "profession": role["profession"]},
            "band": {"value": role["band"], "source": "typical"}, "alias": titles[found[0]], "score": found[1]}


def memoised(rows, match, deadline=float("inf")):
    """Each distinct title matched once: (results, slot of each row done, stopped by the deadline)."""
    slots, results, row_slots = {}, [], []
    for title in rows:
        slot = slots.get(title)
        if slot is None:
            if time.perf_counter() >= deadline:
                return results, row_slots, True
            slot = len(results)
            results.append(match(title))
            slots[title] = slot
        row_slots.append(slot)
    return results, row_slots, False


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["predict", "bench", "configs"])
    p.add_argument("input", nargs="?")
    p.add_argument("out", nargs="?")
    p.add_argument("--config", default=next(iter(CONFIGS)), choices=list(CONFIGS))
    p.add_argument("--cutoff", type=float)
    p.add_argument("--aliases", default="target/bench-peers/aliases.csv")
    p.add_argument("--roles", default="mappings/roles.csv")
    p.add_argument("--time-limit", type=float, default=float("inf"))
    p.add_argument("--min-seconds", type=float, default=1.0)
    a = p.parse_args()
    if a.mode == "configs":
        print("\n".join(CONFIGS))
        return
    if a.input is None:
        p.error("predict and bench need an INPUT")
    with open(a.input, encoding="utf-8") as f:
        rows = f.read().split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    titles, roles = read_aliases(a.aliases, a.roles)
    built = time.perf_counter()
    best = build(titles, a.config, a.cutoff)
    build_s = time.perf_counter() - built
    match = lambda title: prediction(best(title), titles, roles, a.cutoff)
    if a.mode == "predict":
        results, row_slots, _ = memoised(rows, match)
        with open(a.out, "w") as f:
            f.writelines(json.dumps(results[s]) + "\n" for s in row_slots)
        return
    done = distinct = passes = 0
    boxed = False
    start, cpu = time.perf_counter(), time.process_time()
    while not boxed and (passes == 0 or time.perf_counter() - start < a.min_seconds):
        results, row_slots, boxed = memoised(rows, match, start + a.time_limit)
        done += len(row_slots)
        distinct += len(results)
        passes += 1
    print(json.dumps({"tool": "rapidfuzz", "config": a.config, "cutoff": a.cutoff, "input": a.input, "build_s": build_s,
                      "rows": done, "distinct": distinct, "passes": passes,
                      "match_s": time.perf_counter() - start, "cpu_s": time.process_time() - cpu, "time_boxed": boxed}))


if __name__ == "__main__":
    main()
