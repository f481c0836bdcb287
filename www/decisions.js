// The reviewer's decisions ("this local title is that standard role"), kept in the browser's
// IndexedDB (no quota trouble at 100,000 decisions, unlike localStorage). They are exchanged as
// the local mappings CSV that the engine, the widget and the command line read, which only the
// engine reads and writes (bulk-worker.js: parseMappings, mappingsCsv). The store is pure apart
// from the storage object handed in, so node --test runs it (tests/js/decisions.test.mjs).

export const STORAGE_KEY = 'role-standardiser:decisions';

const DB_NAME = 'role-standardiser';
const DB_STORE = 'kv';

/** A request's result as a promise. */
const done = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

/**
 * A Storage-like object over one IndexedDB value per key of `keys`, read in one transaction when
 * it opens (`getItem` answers from what was read; `setItem` writes in the background, the last
 * write winning), or null where IndexedDB is unavailable. Values an older page kept in
 * `fallback` (localStorage) move over, and leave it once written.
 */
export async function openIndexedStorage(keys = [STORAGE_KEY], fallback = null, idb = globalThis.indexedDB) {
  if (!idb) return null;
  try {
    const open = idb.open(DB_NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(DB_STORE);
    const db = await done(open);
    const store = db.transaction(DB_STORE).objectStore(DB_STORE);
    const read = await Promise.all(keys.map((k) => done(store.get(k))));
    const values = new Map(keys.map((k, i) => [k, typeof read[i] === 'string' ? read[i] : null]));
    const write = (k, v) => {
      values.set(k, v);
      const tx = db.transaction(DB_STORE, 'readwrite');
      tx.objectStore(DB_STORE).put(v, k);
      return tx;
    };
    for (const k of keys) {
      const old = fallback?.getItem(k);
      // The old copy goes only once the new one is written.
      if (values.get(k) == null && old != null) write(k, old).oncomplete = () => fallback.removeItem?.(k);
    }
    return { getItem: (k) => values.get(k) ?? null, setItem: (k, v) => { write(k, v); } };
  } catch {
    return null;
  }
}

/**
 * Decisions saved under one key of a Storage (localStorage in the page; anything with getItem and
 * setItem in tests). Kept in the order they were made; setting a title again replaces it in place.
 */
export class DecisionStore {
  #storage;
  #key;
  #items;

  constructor(storage, key = STORAGE_KEY) {
    this.#storage = storage;
    this.#key = key;
    this.#items = new Map();
    try {
      const saved = JSON.parse(storage?.getItem(key) ?? '[]');
      for (const d of Array.isArray(saved) ? saved : []) {
        if (d && typeof d.title === 'string' && typeof d.roleId === 'string') {
          this.#items.set(d.title, { title: d.title, roleId: d.roleId, band: typeof d.band === 'string' ? d.band : '' });
        }
      }
    } catch { /* unreadable saved state: start empty rather than fail the page */ }
  }

  /** All decisions, in the order made. */
  all() { return [...this.#items.values()]; }
  get size() { return this.#items.size; }
  get(title) { return this.#items.get(title) ?? null; }

  set(title, roleId, band = '') {
    this.#items.set(title, { title, roleId, band: band ? String(band) : '' });
    this.#save();
  }

  remove(title) { if (this.#items.delete(title)) this.#save(); }

  /**
   * Sets each title to its decision, or removes it where the decision is null, saving once; returns
   * the decisions they had before, in the same shape, so that `put` of those undoes it.
   */
  put(changes) {
    const before = changes.map(({ title }) => ({ title, decision: this.get(title) }));
    for (const { title, decision } of changes) {
      if (decision) this.#items.set(title, { title, roleId: decision.roleId, band: decision.band ? String(decision.band) : '' });
      else this.#items.delete(title);
    }
    this.#save();
    return before;
  }

  /** Writes every decision (one value). Cost: O(n) for n decisions. */
  #save() { this.#storage?.setItem(this.#key, JSON.stringify(this.all())); }
}
