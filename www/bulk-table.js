// Pure helpers for the bulk page: the order, filters and pages of the distinct-title table, names
// and limits. No DOM here, so node --test exercises them directly (tests/js/bulk-table.test.mjs).
// Files are read only by the engine (bulk-worker.js).

/**
 * The largest file the page reads, in bytes (500 MB), checked before reading: the engine's
 * MAX_INPUT_BYTES (tests/e2e/bulk.test.mjs checks they agree).
 */
export const SIZE_LIMIT = 500_000_000;

/** The media types of the files the page writes, by extension. */
export const MIME = Object.freeze({
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xlsm: 'application/vnd.ms-excel.sheet.macroEnabled.12',
});

/** Rows of the review table per page: a window, never one DOM row per distinct title. */
export const PAGE_SIZE = 50;

/**
 * The queue's groups, in the order a person works them: titles that need a look, titles the
 * engine did not recognise (a person might map them), titles it read as other jobs (out of scope,
 * collapsed into one group), titles it matched, and titles a person has decided.
 */
export const GROUPS = Object.freeze(['review', 'unrecognised', 'out-of-scope', 'matched', 'decided']);

export const GROUP_LABEL = Object.freeze({
  review: 'Needs review', unrecognised: 'Not recognised', 'out-of-scope': 'Out of scope', matched: 'Matched', decided: 'Your decision',
});

/** "3", "2–3" or "" for a result's band object (or null). */
export function bandLabel(band) {
  if (!band) return '';
  return band.max ? `${band.value}–${band.max}` : String(band.value);
}

/** The filter key of a row's band: "3", "2–3" or "none". */
export const bandKey = (row) => bandLabel(row.band) || 'none';
/** The filter key of a row's profession: the id or "none". */
export const professionKey = (row) => row.role?.profession ?? 'none';

/** Profession names by id, from the engine (`mappings/professions.csv`), once a file is open. */
const professionNames = new Map();

/** Takes the engine's display names ({ professions: [{ id, name }] }). */
export function useNames(names) {
  for (const { id, name } of names.professions) professionNames.set(id, name);
}

/** "multi-therapy" -> "Therapy and rehabilitation (multi-professional)"; "none" -> "None". */
export function professionName(id) {
  if (professionNames.has(id)) return professionNames.get(id);
  const words = String(id).replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The queue group of a distinct-title row ({ status, outOfScope, decidedByPerson, rowStatus? }).
 * With `rowStatus` (its rows by status once each row's other columns are read) the rows decide:
 * a vague title whose every row an area of work or a code settled is matched, and a matched
 * title with rows sent to review (a registered staff group) needs review.
 */
export function groupOf(row) {
  if (row.decidedByPerson) return 'decided';
  const rs = row.rowStatus;
  if (rs && rs.review + rs.matched + rs.noMatch > 0) {
    if (rs.review > 0 || (rs.matched > 0 && rs.noMatch > 0)) return 'review';
    if (rs.matched > 0) return 'matched';
    return row.outOfScope ? 'out-of-scope' : 'unrecognised';
  }
  if (row.status === 'review') return 'review';
  if (row.status === 'no-match') return row.outOfScope ? 'out-of-scope' : 'unrecognised';
  return 'matched';
}

/** Whether the title alone would need a person, but every row was settled by its other columns. */
export const settledByRows = (row) => row.status !== 'matched' && groupOf(row) === 'matched';

const byTitle = (a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);

/** The orders the queue can be sorted in: by need (the default), rows, confidence or title. */
export const SORTS = Object.freeze({
  need: (a, b) => GROUPS.indexOf(groupOf(a)) - GROUPS.indexOf(groupOf(b)) || b.rows - a.rows || byTitle(a, b),
  rows: (a, b) => b.rows - a.rows || byTitle(a, b),
  'confidence-low': (a, b) => a.confidence - b.confidence || b.rows - a.rows || byTitle(a, b),
  'confidence-high': (a, b) => b.confidence - a.confidence || b.rows - a.rows || byTitle(a, b),
  title: (a, b) => byTitle(a, b),
});

/**
 * A new array of distinct-title rows in the order `sort` names (a key of SORTS, `need` by
 * default): stable whatever order the engine listed them in. Cost: O(n log n).
 */
export function sortRows(rows, sort = 'need') {
  return [...rows].sort(SORTS[sort] ?? SORTS.need);
}

/**
 * Rows passing every filter; an empty or missing filter value passes everything.
 * `filters`: { group (a GROUPS value), profession (id or "none"), band ("3", "2–3" or "none"),
 * search (words every one of which the title contains, in any case) }.
 */
export function filterRows(rows, { group = '', profession = '', band = '', search = '' } = {}) {
  const found = searchFor(search);
  return rows.filter((r) => (!group || groupOf(r) === group)
    && (!profession || professionKey(r) === profession)
    && (!band || bandKey(r) === band)
    && found(r.title));
}

/** A test of a text for a search: true when it contains every word searched for, in any case (always, for no words). */
export function searchFor(search) {
  const words = String(search).toLowerCase().split(/\s+/).filter(Boolean);
  return words.length ? (text) => { const t = text.toLowerCase(); return words.every((w) => t.includes(w)); } : () => true;
}

/**
 * The queue as shown: the rows in order, with the out-of-scope titles gathered under one group
 * entry ({ group: 'out-of-scope', titles, rows }) where the first of them stood, and left out
 * after it unless `expand`.
 */
export function foldOutOfScope(rows, expand = false) {
  const members = rows.filter((r) => groupOf(r) === 'out-of-scope');
  if (members.length < 2) return rows;
  const out = [];
  for (const r of rows) {
    if (r === members[0]) out.push({ group: 'out-of-scope', titles: members, rows: members.reduce((n, t) => n + t.rows, 0) });
    if (groupOf(r) !== 'out-of-scope' || expand) out.push(r);
  }
  return out;
}

/** The rows whose suggestion a person can accept: in review (so not yet decided), a role offered. */
export const acceptable = (row) => row.role != null && groupOf(row) === 'review';

/** The acceptable rows at or above confidence `min` (0 to 1). */
export const atOrAbove = (rows, min) => rows.filter((r) => acceptable(r) && r.confidence >= min);

/** The profession and band values present, for the filter selects, sorted ("none" last). */
export function facets(rows) {
  const professions = new Set();
  const bands = new Set();
  for (const r of rows) { professions.add(professionKey(r)); bands.add(bandKey(r)); }
  const last = (a, b) => (a === 'none') - (b === 'none');
  return {
    professions: [...professions].sort((a, b) => last(a, b) || a.localeCompare(b)),
    bands: [...bands].sort((a, b) => last(a, b) || parseFloat(a) - parseFloat(b) || a.localeCompare(b)),
  };
}

/** One page of rows: { items, page (clamped, 0-based), pages (at least 1), first, last (1-based, inclusive) }. */
export function pageOf(rows, page, size = PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(0, Math.trunc(page) || 0), pages - 1);
  const items = rows.slice(p * size, p * size + size);
  return { items, page: p, pages, first: items.length ? p * size + 1 : 0, last: p * size + items.length };
}

/** "staff.xlsx" -> "staff-standardised.csv" (the extension of the original is dropped); `what` names another file of it ("workforce-summary"). */
export function outputName(fileName, ext, what = 'standardised') {
  const base = String(fileName).replace(/\.[^./\\]*$/, '') || 'titles';
  return `${base}-${what}.${ext}`;
}

/** A message when a file cannot be read, else null: too big or empty, before reading it. */
export function sizeProblem(size, limit = SIZE_LIMIT) {
  if (size === 0) return 'The file is empty: choose a CSV or workbook export with job titles.';
  if (size > limit) {
    return `The file is ${formatBytes(size)}, over the ${formatBytes(limit)} limit (the command line's too). Split it into smaller files.`;
  }
  return null;
}

/** Sizes in decimal units, as the command line and README give them: 1500 -> "1.5 KB"; 500000000 -> "500 MB". */
export function formatBytes(n) {
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${i === 0 ? v : Number(v.toFixed(v < 10 ? 1 : 0))} ${units[i]}`;
}
