// Pure helpers for the bulk page: the order, filters and pages of the distinct-title table, names
// and limits. No DOM here, so node --test exercises them directly (tests/js/bulk-table.test.mjs).
// Files are read only by the engine (bulk-worker.js).

/**
 * The largest file the page reads, in bytes (500 MB), checked before reading: the engine's
 * MAX_INPUT_BYTES (tests/e2e/bulk.test.mjs checks they agree).
 */
export const SIZE_LIMIT = 500_000_000;

/** Rows of the review table per page: a window, never one DOM row per distinct title. */
export const PAGE_SIZE = 50;

/** Rows that need a look come first. */
export const STATUS_ORDER = Object.freeze({ 'no-match': 0, review: 1, matched: 2 });

export const STATUS_LABEL = Object.freeze({ matched: 'Matched', review: 'Review', 'no-match': 'No match' });

/** "3", "2–3" or "" for a result's band object (or null). */
export function bandLabel(band) {
  if (!band) return '';
  return band.max ? `${band.value}–${band.max}` : String(band.value);
}

/** The filter key of a row's band: "3", "2–3" or "none". */
export const bandKey = (row) => bandLabel(row.band) || 'none';
/** The filter key of a row's profession: the id or "none". */
export const professionKey = (row) => row.role?.profession ?? 'none';

/** "occupational-therapy" -> "Occupational therapy"; "none" -> "None". */
export function professionName(id) {
  const words = String(id).replaceAll('-', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A new array of distinct-title rows ({ title, rows, status, ... }) in review order: no-match,
 * then review, then matched; within a status the most rows first; then by title, so the order is
 * stable whatever order the engine listed them in.
 */
export function sortForReview(rows) {
  return [...rows].sort((a, b) =>
    (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3)
    || b.rows - a.rows
    || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
}

/**
 * Rows passing every filter; an empty or missing filter value passes everything.
 * `filters`: { status, profession (id or "none"), band ("3", "2–3" or "none") }.
 */
export function filterRows(rows, { status = '', profession = '', band = '' } = {}) {
  return rows.filter((r) => (!status || r.status === status)
    && (!profession || professionKey(r) === profession)
    && (!band || bandKey(r) === band));
}

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
