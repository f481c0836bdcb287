// Unit tests of the decision store and the local mappings CSV: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecisionStore, STORAGE_KEY, csvField, parseMappingsCsv, toMappingsCsv } from '../../www/decisions.js';
import { parseCsv } from '../../www/bulk-table.js';

class MemoryStorage {
  #m = new Map();
  getItem(k) { return this.#m.has(k) ? this.#m.get(k) : null; }
  setItem(k, v) { this.#m.set(k, String(v)); }
}

test('fields are quoted per RFC 4180 only when needed', () => {
  assert.equal(csvField('Gym Buddy'), 'Gym Buddy');
  assert.equal(csvField('Asst, MSK'), '"Asst, MSK"');
  assert.equal(csvField('The "new" role'), '"The ""new"" role"');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(' padded'), '" padded"');
  assert.equal(csvField(''), '');
});

test('export: header title,role_id,band and one row per decision; the band may be empty', () => {
  const csv = toMappingsCsv([
    { title: 'Gym Buddy', roleId: 'exercise-rehabilitation.senior-support-worker', band: '' },
    { title: 'Asst, "MSK"', roleId: 'physiotherapy.senior-support-worker', band: '3' },
  ]);
  assert.equal(csv, 'title,role_id,band\nGym Buddy,exercise-rehabilitation.senior-support-worker,\n"Asst, ""MSK""",physiotherapy.senior-support-worker,3\n');
  assert.deepEqual(parseCsv(csv.trimEnd()), [['title', 'role_id', 'band'],
    ['Gym Buddy', 'exercise-rehabilitation.senior-support-worker', ''], ['Asst, "MSK"', 'physiotherapy.senior-support-worker', '3']]);
});

test('import reads what export writes, with or without the band column, BOM and CRLF', () => {
  const decisions = [{ title: 'Two\nline title', roleId: 'a.b', band: '4' }, { title: 'X', roleId: 'c.d', band: '' }];
  assert.deepEqual(parseMappingsCsv(toMappingsCsv(decisions)), decisions);
  assert.deepEqual(parseMappingsCsv('\uFEFFtitle,role_id\r\nRSW,multi-therapy.support-worker\r\n\r\n'),
    [{ title: 'RSW', roleId: 'multi-therapy.support-worker', band: '' }]);
  assert.deepEqual(parseMappingsCsv('role_id,title,band\nr.x,Later wins,2\nr.y,Later wins,\n'),
    [{ title: 'Later wins', roleId: 'r.y', band: '' }]);
});

test('import errors name the line and say what is wrong', () => {
  assert.throws(() => parseMappingsCsv('name,role\nA,b'), /header title,role_id/);
  assert.throws(() => parseMappingsCsv('title,role_id\nA,\n'), /Line 2: the role_id for “A” is blank/);
  assert.throws(() => parseMappingsCsv('title,role_id\n"multi\nline",a.b\n,a.b\n'), /Line 4: the title is blank/);
  assert.throws(() => parseMappingsCsv('title,role_id,band\nA,a.b,10\n'), /Line 2: the band “10”/);
  assert.throws(() => parseMappingsCsv('title,role_id\nA,nope\n', new Set(['a.b'])), /Line 2: “nope” is not a standard role id/);
  assert.doesNotThrow(() => parseMappingsCsv('title,role_id\nA,a.b\n', new Set(['a.b'])));
});

test('the store saves to storage, keeps order, replaces in place, survives a new instance', () => {
  const storage = new MemoryStorage();
  const store = new DecisionStore(storage);
  assert.equal(store.csv(), null);
  store.set('Gym Buddy', 'exercise-rehabilitation.senior-support-worker');
  store.set('Ward Helper', 'healthcare-support.support-worker', 2);
  store.set('Gym Buddy', 'multi-therapy.support-worker');
  assert.deepEqual(store.all().map((d) => [d.title, d.roleId, d.band]),
    [['Gym Buddy', 'multi-therapy.support-worker', ''], ['Ward Helper', 'healthcare-support.support-worker', '2']]);
  const again = new DecisionStore(storage);
  assert.deepEqual(again.all(), store.all());
  assert.equal(again.csv(), 'title,role_id,band\nGym Buddy,multi-therapy.support-worker,\nWard Helper,healthcare-support.support-worker,2\n');
  again.remove('Gym Buddy');
  assert.equal(new DecisionStore(storage).size, 1);
  assert.equal(again.merge([{ title: 'A', roleId: 'a.b', band: '' }]), 1);
  assert.equal(new DecisionStore(storage).get('A').roleId, 'a.b');
  again.clear();
  assert.equal(new DecisionStore(storage).size, 0);
});

test('unreadable saved state starts empty instead of failing', () => {
  const storage = new MemoryStorage();
  storage.setItem(STORAGE_KEY, '{not json');
  assert.equal(new DecisionStore(storage).size, 0);
  storage.setItem(STORAGE_KEY, JSON.stringify([{ title: 'ok', roleId: 'a.b' }, { title: 3 }, null]));
  assert.deepEqual(new DecisionStore(storage).all(), [{ title: 'ok', roleId: 'a.b', band: '' }]);
  assert.equal(new DecisionStore(null).size, 0);
});
