// Smoke tests of the peer benchmark's harness (bench/peers.sh runs the benchmark itself):
// node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distinctTitles, exportRows, inputs, labelledTitles, variant, random } from '../../bench/peers/inputs.mjs';
import { prediction, readAliases } from '../../bench/peers/aliases.mjs';
import { memoised, timePasses } from '../../bench/peers/memo.mjs';
import * as fuse from '../../bench/peers/tools/fuse.mjs';
import * as ufuzzy from '../../bench/peers/tools/ufuzzy.mjs';

const dev = labelledTitles(new URL('../data/dev.tsv', import.meta.url));
const holdout = labelledTitles(new URL('../data/holdout.tsv', import.meta.url));

test('the inputs have the requested counts and are the same on every run', () => {
  const a = inputs(dev, holdout);
  assert.deepEqual(Object.keys(a), ['dev', 'export-100k', 'export-1m', 'distinct-100k']);
  assert.deepEqual(a.dev, dev);
  assert.equal(a['export-100k'].length, 100_000);
  assert.equal(a['export-1m'].length, 1_000_000);
  assert.equal(new Set(a['export-1m']).size <= 3000, true);
  assert.equal(a['distinct-100k'].length, 100_000);
  assert.equal(new Set(a['distinct-100k']).size, 100_000);
  const b = inputs(dev, holdout);
  for (const name of Object.keys(a)) assert.deepEqual(a[name], b[name], name);
  assert.notDeepEqual(exportRows(dev, 100, 1), exportRows(dev, 100, 2), 'another seed, other rows');
});

test('variants differ from their title; distinct titles are distinct and start with the labelled ones', () => {
  const rand = random(7);
  for (const t of dev) assert.notEqual(variant(t, rand), t);
  const pool = distinctTitles(dev, 500, 3);
  assert.equal(new Set(pool).size, 500);
  assert.deepEqual(new Set(pool.slice(0, new Set(dev).size)), new Set(dev));
});

test('export rows come from the pool, the first titles most often', () => {
  const pool = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const rows = exportRows(pool, 10_000, 5);
  const count = (t) => rows.filter((r) => r === t).length;
  assert.equal(rows.length, 10_000);
  assert.ok(rows.every((r) => pool.includes(r)));
  assert.ok(count('a') > count('b') && count('b') > count('h'));
});

test('memoisation matches each distinct title once and keeps every row', () => {
  const seen = [];
  const { results, rowSlots, timeBoxed } = memoised(['x', 'y', 'x', 'x', 'z'], (t) => { seen.push(t); return t.toUpperCase(); });
  assert.deepEqual(seen, ['x', 'y', 'z']);
  assert.deepEqual(Array.from(rowSlots, (s) => results[s]), ['X', 'Y', 'X', 'X', 'Z']);
  assert.equal(timeBoxed, false);
  const stopped = memoised(['x', 'y'], (t) => t, performance.now() - 1);
  assert.deepEqual([stopped.results.length, stopped.rowSlots.length, stopped.timeBoxed], [0, 0, true]);
  const timing = timePasses(['x', 'x', 'y'], (t) => t, { minSeconds: 0 });
  assert.deepEqual([timing.rows, timing.distinct, timing.passes, timing.time_boxed], [3, 2, 1, false]);
});

test('the peers find the alias of a plain title, and the cutoff decides matched or no-match', () => {
  const dir = mkdtempSync(join(tmpdir(), 'peers-'));
  try {
    writeFileSync(join(dir, 'aliases.csv'), 'alias,role_id\nphysiotherapy assistant,physiotherapy.senior-support-worker\n' +
      'occupational therapy assistant,occupational-therapy.senior-support-worker\nporter,nowhere.role\n');
    writeFileSync(join(dir, 'roles.csv'), 'id,title,profession,level,band\n' +
      'physiotherapy.senior-support-worker,P,physiotherapy,senior-support-worker,3\n' +
      'occupational-therapy.senior-support-worker,O,occupational-therapy,senior-support-worker,3\n');
    assert.throws(() => readAliases(join(dir, 'aliases.csv'), join(dir, 'roles.csv')), /names no role "nowhere.role"/);
    writeFileSync(join(dir, 'aliases.csv'), 'alias,role_id\nphysiotherapy assistant,physiotherapy.senior-support-worker\n' +
      'occupational therapy assistant,occupational-therapy.senior-support-worker\n');
    const aliases = readAliases(join(dir, 'aliases.csv'), join(dir, 'roles.csv'));
    for (const tool of [fuse, ufuzzy]) {
      for (const config of Object.keys(tool.configs)) {
        const best = tool.build(aliases, config)('Physiotherapy Assistant');
        assert.equal(best?.index, 0, `${config}: ${JSON.stringify(best)}`);
        const p = prediction(best, aliases, best.score);
        assert.deepEqual([p.status, p.role.profession, p.band], ['matched', 'physiotherapy', { value: 3, source: 'typical' }]);
        assert.equal(prediction(best, aliases, best.score + 0.01).status, 'no-match');
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
