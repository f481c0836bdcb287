"""Fits the weights of mappings/confidence.csv on labelled real titles, so that of the results
given a confidence near c, about c are right, and prints the reliability table and the precision
of `matched` at each accept threshold.

    python3 scripts/calibrate.py [--write]

It runs `examples/factors.rs` (every title's decided role and the confidence factors it met, no
threshold applied) on the tune part of tests/data/corpus.tsv (never on its held-out part): a
whole-NHS mix of real titles, the population the confidence should mean something on. It fits a
logistic model: a result is right when its profession is one the label accepts (the rule of
tests/data/score.py). The reliability table is printed for the fitted part and, as a check, for
the dev and held-out label sets of tests/data. The fit
is a maximum of the likelihood with a Gaussian prior on each weight (centred on the weight in the
file, strength LAMBDA), solved by Newton's method: stable from one fit to the next, and firm for
factors the data has few examples of. With --write, mappings/confidence.csv is rewritten.
Maintainers run it after changing the rules or the labels; the tests check its claims.
"""
import csv, datetime, json, math, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WEIGHTS = os.path.join(ROOT, 'mappings', 'confidence.csv')
LAMBDA = 2.0


def gold_sets():
    """(name, rows) of the labelled sets: the fitting set first, then the check sets."""
    out = []
    with open(os.path.join(ROOT, 'tests/data/corpus.tsv'), newline='') as f:
        rows = [r for r in csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE) if r['part'] == 'tune']
        out.append(('corpus (tune part)', rows))
    for name in ('dev', 'holdout'):
        with open(os.path.join(ROOT, f'tests/data/{name}.tsv'), newline='') as f:
            out.append((name, list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))))
    return out


def decide(titles):
    subprocess.run(['cargo', 'build', '--release', '--quiet', '--example', 'factors'], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, 'target', 'release', 'examples', 'factors')
    res = subprocess.run([exe], input='\n'.join(titles) + '\n', capture_output=True, text=True, check=True)
    return [json.loads(l) for l in res.stdout.splitlines()]


def read_weights():
    with open(WEIGHTS, newline='') as f:
        return [(r['factor'], float(r['weight'])) for r in csv.DictReader(f)]


def solve(a, b):
    """Gaussian elimination with partial pivoting: a x = b."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c]:
                k = m[r][c] / m[c][c]
                for j in range(c, n + 1):
                    m[r][j] -= k * m[c][j]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(xs, ys, prior):
    w = prior[:]
    for _ in range(50):
        grad = [-LAMBDA * (w[j] - prior[j]) for j in range(len(w))]
        hess = [[(LAMBDA if i == j else 0.0) for j in range(len(w))] for i in range(len(w))]
        for x, y in zip(xs, ys):
            p = 1 / (1 + math.exp(-sum(wj * xj for wj, xj in zip(w, x))))
            for j, xj in enumerate(x):
                if xj:
                    grad[j] += (y - p) * xj
                    for k, xk in enumerate(x):
                        if xk:
                            hess[j][k] += p * (1 - p) * xj * xk
        step = solve(hess, grad)
        w = [wj + sj for wj, sj in zip(w, step)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return w


def confidence(w, x):
    return round(1 / (1 + math.exp(-sum(wj * xj for wj, xj in zip(w, x)))), 2)


def reliability(pairs):
    bins = [[0, 0, 0.0] for _ in range(10)]
    for c, y in pairs:
        b = bins[min(9, int(c * 10))]
        b[0] += 1; b[1] += y; b[2] += c
    n = sum(b[0] for b in bins)
    ece = sum(b[0] / n * abs(b[1] / b[0] - b[2] / b[0]) for b in bins if b[0])
    return bins, ece


def main():
    names = [f for f, _ in read_weights()]
    prior = [w for _, w in read_weights()]
    data = {}
    for name, rows in gold_sets():
        xs, ys = [], []
        for g, r in zip(rows, decide([g['title'] for g in rows])):
            if not r['decided']:
                continue
            allowed = set(g['profession'].split('|'))
            y = int(allowed != {'none'} and ('*' in allowed or r['profession'] in allowed))
            counts = {f: 0 for f in names}
            counts['base'] = 1
            for f in r['factors']:
                counts[f] += 1
            xs.append([counts[f] for f in names]); ys.append(y)
        data[name] = (xs, ys)
    fit_name = 'corpus (tune part)'
    xs, ys = data[fit_name]
    w = fit(xs, ys, prior)
    for name, (xs2, ys2) in data.items():
        pairs = [(confidence(w, x), y) for x, y in zip(xs2, ys2)]
        bins, ece = reliability(pairs)
        print(f'{name}: {len(xs2)} decided results ({sum(ys2)} right); expected calibration error {ece:.4f}')
        print('  bin        count  accuracy  mean confidence')
        for i, (n, ok, cs) in enumerate(bins):
            if n:
                print(f'  {i/10:.1f}-{(i+1)/10:.1f}  {n:7d}  {ok/n:8.3f}  {cs/n:15.3f}')
    pairs = [(confidence(w, x), y) for name in data for x, y in zip(*data[name])]
    print('accept at  matched  precision (all sets)')
    for t in [x / 100 for x in range(50, 100, 5)]:
        sel = [y for c, y in pairs if c >= t]
        if sel:
            print(f'{t:9.2f}  {len(sel):7d}  {100*sum(sel)/len(sel):9.2f}')
    for f, a, b in zip(names, prior, w):
        print(f'  {f:20s} {a:8.3f} -> {b:8.3f}')
    if '--write' in sys.argv:
        today = datetime.date.today().isoformat()
        src = f'fitted by scripts/calibrate.py on {len(xs)} decided titles of tests/data/corpus.tsv (tune part), {today}'
        with open(WEIGHTS, 'w', newline='') as f:
            f.write('factor,weight,source\n')
            for name, weight in zip(names, w):
                f.write(f'{name},{weight:.3f},{src}\n')
        print('wrote', WEIGHTS)


if __name__ == '__main__':
    main()
