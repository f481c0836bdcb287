// The peer benchmark's inputs, generated deterministically from a seed: titles as a real HR export
// holds them (the labelled dev and held-out titles, and variants of them in case, spacing, stated
// band, site or specialty, and typos).
//
//   node bench/peers/inputs.mjs OUT_DIR     writes dev.txt, export-100k.txt, export-1m.txt,
//                                           distinct-100k.txt and inputs.json (rows, distinct),
//                                           and holdout.txt (scored, not timed)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The seed of every input; change it to get other, equally valid inputs. */
export const SEED = 20240607;

/** A seeded generator of floats in [0, 1) (mulberry32). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** The first column of a labelled TSV (header skipped). */
export function labelledTitles(path) {
  return readFileSync(path, 'utf8').split('\n').slice(1).map((l) => l.split('\t')[0]).filter(Boolean);
}

const BANDS = ['Band {b}', 'B{b}', '- Band {b}', '(Band {b})', 'Bd {b}', 'AfC Band {b}', 'band {b}', '- B{b}'];
const PLACES = ['MSK', 'Community', 'Inpatients', 'Outpatients', 'Stroke Unit', 'Paediatrics', 'Neuro Rehab',
  'Acute', 'Elderly Care', 'Respiratory', 'Orthopaedics', 'Cardiac Rehab', 'Intermediate Care', 'Bank',
  'Rotational', 'Mental Health', 'Learning Disabilities', "St Mary's", 'Royal Infirmary', 'General Hospital',
  'North Locality', 'South Locality', 'Hospital at Home', 'Day Hospital', 'Trauma', 'Oncology'];
const KEYS = 'qwertyuiopasdfghjklzxcvbnm';

/** One word of the title (five letters or more) with a typo: letters swapped, dropped, doubled or mistyped. */
function typo(title, rand) {
  const words = title.split(' ');
  const long = words.map((w, i) => [w, i]).filter(([w]) => /^[A-Za-z]{5,}$/.test(w));
  if (!long.length) return title;
  const [w, i] = pick(rand, long);
  const at = 1 + Math.floor(rand() * (w.length - 2));
  const edits = [
    () => w.slice(0, at) + w[at + 1] + w[at] + w.slice(at + 2),
    () => w.slice(0, at) + w.slice(at + 1),
    () => w.slice(0, at) + w[at] + w.slice(at),
    () => w.slice(0, at) + pick(rand, KEYS) + w.slice(at + 1),
  ];
  words[i] = pick(rand, edits)();
  return words.join(' ');
}

/** A variant of a title as exports write it: each change taken at random, at least one. */
export function variant(title, rand) {
  let t = title;
  for (let changed = false; !changed || t === title;) {
    if (rand() < 0.3) { t = `${t} - ${pick(rand, PLACES)}`; changed = true; }
    if (rand() < 0.3) {
      if (rand() < 0.2) t = `${t} - Ward ${1 + Math.floor(rand() * 40)}`;
      else t = `${t} ${pick(rand, BANDS).replace('{b}', 2 + Math.floor(rand() * 4))}`;
      changed = true;
    }
    if (rand() < 0.2) { t = typo(t, rand); changed = true; }
    const c = rand();
    if (c < 0.15) { t = t.toUpperCase(); changed = true; }
    else if (c < 0.3) { t = t.toLowerCase(); changed = true; }
    const s = rand();
    if (s < 0.1) { t = t.replace(/ /g, '  '); changed = true; }
    else if (s < 0.2) { t = ` ${t} `; changed = true; }
    else if (s < 0.25) { t = t.replace(/ - /g, '-'); changed = true; }
  }
  return t;
}

/** `n` distinct titles: the base titles first (shuffled), then variants of them. */
export function distinctTitles(bases, n, seed) {
  const rand = random(seed);
  const unique = [...new Set(bases)];
  for (let i = unique.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [unique[i], unique[j]] = [unique[j], unique[i]];
  }
  const out = new Set(unique.slice(0, n));
  while (out.size < n) out.add(variant(pick(rand, unique), rand));
  return [...out];
}

/** `rows` titles drawn with repetition from `pool`, the k-th with weight 1/k^s (Zipf-like: a few titles fill most rows). */
export function exportRows(pool, rows, seed, s = 1.1) {
  const rand = random(seed);
  const cumulative = new Float64Array(pool.length);
  let sum = 0;
  pool.forEach((_, k) => { sum += 1 / (k + 1) ** s; cumulative[k] = sum; });
  const out = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const x = rand() * sum;
    let lo = 0;
    let hi = pool.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1; else hi = mid;
    }
    out[r] = pool[lo];
  }
  return out;
}

/** Every input of the benchmark, by name: its titles, one per row. */
export function inputs(devTitles, holdoutTitles, seed = SEED) {
  const bases = [...devTitles, ...holdoutTitles];
  const pool = distinctTitles(bases, 3000, seed);
  const distinct = distinctTitles(bases, 100_000, seed + 1);
  const shuffle = random(seed + 2);
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [distinct[i], distinct[j]] = [distinct[j], distinct[i]];
  }
  return {
    dev: devTitles,
    'export-100k': exportRows(pool, 100_000, seed + 3),
    'export-1m': exportRows(pool, 1_000_000, seed + 4),
    'distinct-100k': distinct,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node bench/peers/inputs.mjs OUT_DIR');
  const data = new URL('../../tests/data/', import.meta.url);
  const holdout = labelledTitles(new URL('holdout.tsv', data));
  const all = inputs(labelledTitles(new URL('dev.tsv', data)), holdout);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'holdout.txt'), `${holdout.join('\n')}\n`);
  const manifest = {};
  for (const [name, rows] of Object.entries(all)) {
    writeFileSync(join(out, `${name}.txt`), `${rows.join('\n')}\n`);
    manifest[name] = { file: `${name}.txt`, rows: rows.length, distinct: new Set(rows).size };
  }
  writeFileSync(join(out, 'inputs.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(Object.entries(manifest).map(([n, m]) => `${n}: ${m.rows} rows, ${m.distinct} distinct`).join('; '));
}
