// Unit tests of the decision store: node --test tests/js/ (the local mappings CSV is the engine's,
// tested in tests/web_bulk.rs and the bulk page's end-to-end tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecisionStore, STORAGE_KEY } from '../../www/decisions.js';

class MemoryStorage {
  #m = new Map();
  getItem(k) { return this.#m.has(k) ? this.#m.get(k) : null; }
  setItem(k, v) { this.#m.set(k, String(v)); }
}

test('the store saves to storage, keeps order, replaces in place, survives a new instance', () => {
  const storage = new MemoryStorage();
  const store = new DecisionStore(storage);
  store.set('Gym Buddy', 'exercise-rehabilitation.senior-support-worker');
  store.set('Ward Helper', 'healthcare-support.support-worker', 2);
  store.set('Gym Buddy', 'multi-therapy.support-worker');
  assert.deepEqual(store.all().map((d) => [d.title, d.roleId, d.band]),
    [['Gym Buddy', 'multi-therapy.support-worker', ''], ['Ward Helper', 'healthcare-support.support-worker', '2']]);
  const again = new DecisionStore(storage);
  assert.deepEqual(again.all(), store.all());
  again.remove('Gym Buddy');
  assert.equal(new DecisionStore(storage).size, 1);
  again.put([{ title: 'A', decision: { roleId: 'a.b', band: '' } }]);
  assert.equal(new DecisionStore(storage).get('A').roleId, 'a.b');
  again.put(again.all().map((d) => ({ title: d.title, decision: null })));
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

test('put sets and removes many at once and returns what undoes it', () => {
  const storage = new MemoryStorage();
  const store = new DecisionStore(storage);
  store.set('A', 'a.b', '3');
  const before = store.put([{ title: 'A', decision: { roleId: 'none' } }, { title: 'B', decision: { roleId: 'c.d', band: 2 } }]);
  assert.deepEqual(new DecisionStore(storage).all().map((d) => [d.title, d.roleId, d.band]), [['A', 'none', ''], ['B', 'c.d', '2']]);
  assert.deepEqual(before, [{ title: 'A', decision: { title: 'A', roleId: 'a.b', band: '3' } }, { title: 'B', decision: null }]);
  store.put(before);
  assert.deepEqual(new DecisionStore(storage).all().map((d) => [d.title, d.roleId, d.band]), [['A', 'a.b', '3']]);
});
