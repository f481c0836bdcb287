// The reviewer's decisions ("this local title is that standard role"), kept in the browser. They
// are exchanged as the local mappings CSV that the engine, the widget and the command line read,
// which only the engine reads and writes (bulk-worker.js: parseMappings, mappingsCsv). Pure apart
// from the storage object handed in, so node --test runs it (tests/js/decisions.test.mjs).

export const STORAGE_KEY = 'role-standardiser:decisions';

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
  clear() { this.#items.clear(); this.#save(); }

  /** Adds or replaces each decision; returns how many there were. */
  merge(decisions) {
    for (const d of decisions) this.#items.set(d.title, { title: d.title, roleId: d.roleId, band: d.band ?? '' });
    this.#save();
    return decisions.length;
  }

  #save() { this.#storage?.setItem(this.#key, JSON.stringify(this.all())); }
}
