// The reviewer's decisions ("this local title is that standard role"), kept in the browser and
// exchanged as the local mappings CSV that the engine, the widget and the command line read:
// header `title,role_id,band`, band empty or 1 to 9, fields quoted per RFC 4180.
// Pure apart from the storage object handed in, so node --test runs it (tests/js/decisions.test.mjs).

import { parseCsv } from './bulk-table.js';

export const STORAGE_KEY = 'role-standardiser:decisions';

/** One CSV field, quoted when it holds a comma, quote, CR or LF, or starts or ends with a space. */
export function csvField(value) {
  const s = String(value ?? '');
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Decisions [{ title, roleId, band }] -> the local mappings CSV (LF line ends, header first). */
export function toMappingsCsv(decisions) {
  const lines = ['title,role_id,band'];
  for (const d of decisions) lines.push([d.title, d.roleId, d.band ?? ''].map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * A local mappings CSV -> [{ title, roleId, band }]. Throws an Error naming the line on a missing
 * header, a blank title or role id, a band other than 1 to 9, or (when `roleIds` is given) a role
 * id the taxonomy does not list. A later row for the same title wins.
 */
export function parseMappingsCsv(text, roleIds = null) {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const ti = header.indexOf('title');
  const ri = header.indexOf('role_id');
  const bi = header.indexOf('band');
  if (ti < 0 || ri < 0) {
    throw new Error('This is not a local mappings CSV: the first line must be the header title,role_id (and optionally ,band).');
  }
  const byTitle = new Map();
  // Line numbers count the lines a record spans (a quoted field may hold line breaks).
  let line = records[0].join(',').split('\n').length;
  for (const record of records.slice(1)) {
    line += 1;
    const span = record.join(',').split('\n').length - 1;
    if (record.length === 1 && record[0].trim() === '') { line += span; continue; }
    const title = (record[ti] ?? '').trim();
    const roleId = (record[ri] ?? '').trim();
    const band = bi < 0 ? '' : (record[bi] ?? '').trim();
    if (!title) throw new Error(`Line ${line}: the title is blank.`);
    if (!roleId) throw new Error(`Line ${line}: the role_id for “${title}” is blank.`);
    if (roleIds && !roleIds.has(roleId)) throw new Error(`Line ${line}: “${roleId}” is not a standard role id.`);
    if (band && !/^[1-9]$/.test(band)) throw new Error(`Line ${line}: the band “${band}” is not a number from 1 to 9.`);
    byTitle.set(title, { title, roleId, band });
    line += span;
  }
  return [...byTitle.values()];
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
  clear() { this.#items.clear(); this.#save(); }

  /** Adds or replaces each decision; returns how many there were. */
  merge(decisions) {
    for (const d of decisions) this.#items.set(d.title, { title: d.title, roleId: d.roleId, band: d.band ?? '' });
    this.#save();
    return decisions.length;
  }

  /** The local mappings CSV of every decision, or null when there are none (the engine's "no mappings"). */
  csv() { return this.#items.size ? toMappingsCsv(this.all()) : null; }

  #save() { this.#storage?.setItem(this.#key, JSON.stringify(this.all())); }
}
