// The bulk page: choose or drop a CSV or workbook, watch it being matched in a worker (bulk-engine.js,
// bulk-worker.js), review the distinct titles, record decisions (decisions.js), see the summary
// (bulk-chart.js) and download the cleaned sheet. The page's state lives in one BulkPage; the
// render functions read it and the event handlers call its methods. All user text is set with
// textContent or DOM nodes, never as HTML; every file format is read and written by the engine.

import {
  GROUP_LABEL, MIME, SIZE_LIMIT, atOrAbove, bandLabel, facets, filterRows, foldOutOfScope, formatBytes, groupOf,
  outputName, pageOf, professionName, searchFor, settledByRows, sizeProblem, sortRows, useNames,
} from './bulk-table.js';
import { DecisionStore, STORAGE_KEY, openIndexedStorage } from './decisions.js';
import { WIDTH, renderChart, bandName } from './bulk-chart.js';
import { BulkEngine, CancelledError } from './bulk-engine.js';
import { el } from './dom.js';
import { rolePicker } from './role-picker.js';

const $ = (id) => document.getElementById(id);
const percent = (x) => `${Math.round(x * 100)}%`;
const count = (n) => Number(n).toLocaleString('en-GB');

function storage() {
  try { localStorage.setItem('role-standardiser:probe', '1'); localStorage.removeItem('role-standardiser:probe'); return localStorage; } catch { return null; }
}

/**
 * The page's state and its transitions. `loaded` is the file that opened last ({ file, sheet,
 * column, header }); `busy` the label of the work in flight (null when idle); `stale` is true once
 * matching of the loaded file was cancelled. Every request takes a ticket: a reply to an older
 * ticket (a file chosen again, Cancel pressed) changes nothing.
 */
class BulkPage {
  /** Empty until the saved decisions are read (`ready`). */
  store = new DecisionStore(null);
  /** Where the review view of the last file is kept (null where IndexedDB is unavailable). */
  views = null;
  ready = openIndexedStorage([STORAGE_KEY, VIEW_KEY], storage()).then((saved) => {
    this.store = new DecisionStore(saved ?? storage());
    this.views = saved;
    renderDecisions();
  });
  engine = new BulkEngine(new URL('./bulk-worker.js', import.meta.url), (text) => { this.#idle(); showError(text); });
  loaded = null;
  info = null;
  roleById = new Map();
  roleByLabel = new Map();
  rows = [];
  page = 0;
  busy = null;
  stale = false;
  /** Titles ticked in the queue. */
  selected = new Set();
  /** What each change undoes, newest last: { label, before } (see DecisionStore.put). */
  undos = [];
  /** Whether the out-of-scope group is open. */
  expandOutOfScope = false;
  /** The queue row to focus once the table is drawn again (a title, or the group's key). */
  focusKey = null;
  /** True while decisions wait to be applied. */
  pending = false;
  /** A file cleaned as a stream: { file, blob, report } (then nothing is loaded). */
  streamed = null;
  #ticket = 0;
  #applyTimer = 0;

  /** Starts a piece of work: its ticket. */
  #begin(label, { quiet = false } = {}) {
    this.busy = label;
    renderBusy({ quiet });
    return ++this.#ticket;
  }

  #current(ticket) { return ticket === this.#ticket; }

  #idle() {
    this.busy = null;
    renderBusy();
  }

  /**
   * Progress of the request with `ticket`: file facts once opened (`file` is then the one
   * loaded, matched or not), then titles matched.
   */
  #progress(ticket, file = null) {
    return (m) => {
      if (!this.#current(ticket)) return;
      if (m.opened) {
        if (file) this.loaded = { file, sheet: m.opened.sheet, column: m.opened.titleColumn, header: headerOf(m.opened), context: contextOf(m.opened) };
        this.info = m.opened;
        renderInfo();
      }
      if (m.roles) this.#setRoles(m.roles);
      if (m.names) useNames(m.names);
      if (m.setAside) renderSetAside(m.setAside);
      if (m.total !== undefined) renderProgress(m.done, m.total);
    };
  }

  #setRoles(roles) {
    this.roleById = new Map(roles.map((r) => [r.id, r]));
    this.roleByLabel = new Map(roles.map((r) => [r.title.toLowerCase(), r]));
  }

  /**
   * Matching finished: the table, the summary and the downloads show it. After decisions were
   * applied (`applied`) the queue keeps its page and focus.
   */
  #matched(result, { applied = false } = {}) {
    this.info = result.info;
    this.rows = result.titles;
    if (!applied) { this.page = 0; this.selected.clear(); this.expandOutOfScope = false; }
    this.stale = false;
    this.#idle();
    renderInfo();
    renderSummary(result.workforce);
    renderFacets();
    if (!applied) restoreView();
    renderTable();
    renderDecisions();
    const s = result.summary;
    const counts = `${count(s.matched)} matched, ${count(s.review)} to review, ${count(s.noMatch)} no match.`;
    announce(applied ? `Decisions applied: ${counts}` : `Done: ${count(s.rows)} rows, ${count(this.rows.length)} distinct titles. ${counts}`);
  }

  /**
   * Cleans a file as a stream in the worker (a CSV over the size a file can be reviewed in, or a
   * workbook too large to open whole; `asCsv` writes a workbook's sheet as CSV; `layout` chooses
   * the sheet, header row and title column as { sheet, header, titleColumn }): every row
   * matched with the saved decisions and written as it is read, the download a Blob. No review
   * table: the file loaded before is put away.
   */
  async stream(file, { asCsv = false, layout = {} } = {}) {
    if (this.busy) this.cancel({ quiet: true });
    const ticket = this.#begin(`Reading ${file.name} (${formatBytes(file.size)})…`);
    await this.ready;
    this.loaded = null;
    this.info = null;
    this.rows = [];
    const previous = this.streamed;
    this.streamed = null;
    renderStreamed();
    try {
      const done = await this.engine.request('stream', { file, decisions: this.store.all(), asCsv, layout },
        { onProgress: (m) => { if (this.#current(ticket)) renderStreamProgress(file, m); } });
      if (!this.#current(ticket)) return;
      this.#idle();
      clearError();
      this.streamed = { file, layout, ...done };
      renderStreamed();
      if (done.report.setAside.length) renderSetAside(done.report.setAside);
      const s = done.report.summary;
      announce(`Done: ${count(s.rows)} rows cleaned as a stream. ${count(s.matched)} matched, ${count(s.review)} to review, ${count(s.noMatch)} no match. The cleaned ${done.report.extension === 'csv' ? 'CSV' : 'workbook'} is ready to download.`);
    } catch (e) {
      if (!this.#current(ticket) || e instanceof CancelledError) return;
      this.#idle();
      // A layout that fails (a header row with no title column under it) loses no clean done.
      this.streamed = previous;
      renderStreamed();
      showError(`${file.name}: ${e.message}${previous ? ` The last clean of ${previous.file.name} is still ready to download.` : ''}`);
    }
  }

  /** Reads a file and opens it in the engine with the saved decisions; matches it. */
  async open(file, { sheet = null, column = null, columnName = null, header = null, context = null } = {}) {
    if (file.size > SIZE_LIMIT) return this.stream(file);
    if (this.streamed) { this.streamed = null; renderStreamed(); }
    const problem = sizeProblem(file.size);
    if (problem) { showError(`${file.name}: ${problem}`); announce(problem); return; }
    if (this.busy) this.cancel({ quiet: true });
    const ticket = this.#begin(`Reading ${file.name}…`);
    await this.ready;
    let buffer;
    try {
      buffer = await file.arrayBuffer();
    } catch (e) {
      if (this.#current(ticket)) { this.#idle(); showError(`${file.name} could not be read: ${e.message}`); }
      return;
    }
    if (!this.#current(ticket)) return;
    $('progress-label').textContent = `Opening ${file.name} (${formatBytes(file.size)})…`;
    try {
      const result = await this.engine.request('open',
        { buffer, fileName: file.name, sheet, column, columnName, header, context, decisions: this.store.all() },
        { transfer: [buffer], onProgress: this.#progress(ticket, file) });
      if (!this.#current(ticket)) return;
      clearError();
      this.#matched(result);
    } catch (e) {
      if (!this.#current(ticket) || e instanceof CancelledError) return;
      // A workbook too large to open whole is cleaned as a stream.
      if (e.stream) return this.stream(file);
      this.#idle();
      // Whatever was loaded before is still loaded: say so, and restore its controls.
      if (this.loaded) renderInfo();
      openFailed(file, sheet, e.message, e.columns);
    }
  }

  /** Matches the loaded file again after a change (`column`, `header` or `mappings`), in the worker that holds it. */
  async rematch(type, args) {
    if (!this.loaded) return;
    if (!this.engine.running || this.stale) {
      // The worker was stopped: open the file again, with the change.
      const header = type === 'header' ? args.header : this.loaded.header;
      const column = type === 'column' ? args.column : type === 'header' ? null : this.loaded.column;
      const context = type === 'context' ? args.columns : type === 'header' ? null : this.loaded.context;
      return this.open(this.loaded.file, { sheet: this.loaded.sheet, column, header, context });
    }
    const applied = type === 'mappings';
    const ticket = this.#begin(applied ? 'Applying your decisions…' : 'Matching…', { quiet: applied });
    try {
      const result = await this.engine.request(type, args, { onProgress: this.#progress(ticket) });
      if (!this.#current(ticket)) return;
      this.loaded.column = result.info.titleColumn;
      this.loaded.header = headerOf(result.info);
      this.loaded.context = contextOf(result.info);
      this.#matched(result, { applied });
    } catch (e) {
      if (!this.#current(ticket) || e instanceof CancelledError) return;
      this.#idle();
      showError(e.message);
    }
  }

  /** Stops the work in flight; a loaded file stays loaded. */
  cancel({ quiet = false } = {}) {
    this.#ticket += 1;
    this.engine.cancel();
    this.#idle();
    if (this.loaded) this.stale = true;
    renderStale();
    if (!quiet) announce(this.loaded ? `Cancelled. ${this.loaded.file.name} is still loaded: choose Match again to finish.` : 'Cancelled.');
  }

  /** The ids of up to `k` roles the engine suggests for `text` (none when no file is loaded). */
  suggest(text, k) {
    return this.engine.request('suggest', { text, k }).catch(() => []);
  }

  /** Reads a local mappings file with the engine and adds its mappings to the decisions. */
  async importMappings(file) {
    await this.ready;
    try {
      const decisions = await this.engine.request('parseMappings', { csv: await file.text(), fileName: file.name });
      const before = this.store.put(decisions.map((d) => ({ title: d.title, decision: d })));
      this.undos.push({ label: `the import of ${file.name}`, before });
      clearError();
      renderDecisions();
      this.apply();
      notice('decisions-notice', `Imported ${count(decisions.length)} ${decisions.length === 1 ? 'decision' : 'decisions'} from ${file.name}${this.loaded ? '; they apply to the loaded file now' : ''}.`);
    } catch (e) {
      if (!(e instanceof CancelledError)) showError(e.message);
    }
  }

  /** The decisions as a local mappings CSV, written by the engine. */
  async exportMappings() {
    try {
      const csv = await this.engine.request('mappingsCsv', { decisions: this.store.all() });
      save(new Blob([csv], { type: 'text/csv' }), 'local-mappings.csv');
      announce(`Exported ${count(this.store.size)} decisions as local-mappings.csv.`);
    } catch (e) {
      if (!(e instanceof CancelledError)) showError(e.message);
    }
  }

  /** Downloads the cleaned sheet (`csv`, `xlsx`) or the workforce summary (`summary-csv`, `summary-xlsx`). */
  async download(format) {
    if (!this.loaded) return;
    const summary = format.startsWith('summary-');
    const ticket = this.#begin(summary ? 'Writing the workforce summary…' : format === 'xlsx' ? 'Writing the workbook…' : 'Writing the CSV…');
    try {
      const { bytes, ext } = await this.engine.request('download', { format });
      if (!this.#current(ticket)) return;
      this.#idle();
      const type = MIME[ext] ?? 'application/octet-stream';
      const name = outputName(this.loaded.file.name, ext, summary ? 'workforce-summary' : undefined);
      save(new Blob([bytes], { type }), name);
      announce(`Downloaded ${name}.`);
    } catch (e) {
      if (!this.#current(ticket) || e instanceof CancelledError) return;
      this.#idle();
      showError(e.message);
    }
  }

  /**
   * Records decisions ([{ title, decision }], a null decision removing it), validated by the
   * engine as they apply; `label` says what they were, for the notice and for Undo.
   */
  change(changes, label) {
    if (!changes.length) return;
    this.undos.push({ label, before: this.store.put(changes) });
    renderDecisions();
    renderTable();
    this.apply();
    notice('queue-notice', `${label.charAt(0).toUpperCase()}${label.slice(1)}. Undo with U or the Undo button.`);
  }

  /** Takes back the last change (a decision, an import, Clear all). */
  undo() {
    const last = this.undos.pop();
    if (!last) return;
    this.store.put(last.before);
    renderDecisions();
    renderTable();
    this.apply();
    const text = `Undone: ${last.label}.`;
    notice('queue-notice', text);
    notice('decisions-notice', text);
  }

  /**
   * Applies the decisions to the loaded file soon (changes made within 150 ms go together):
   * until then the downloads wait, so none is ever of the old values.
   */
  apply() {
    if (!this.loaded) return;
    clearTimeout(this.#applyTimer);
    this.pending = true;
    renderBusy({ quiet: true });
    this.#applyTimer = setTimeout(() => {
      this.pending = false;
      this.rematch('mappings', { decisions: this.store.all() });
    }, 150);
  }
}

/** The key under which the review view of the last file is kept. */
const VIEW_KEY = 'role-standardiser:view';

/** A file as the view remembers it: the same name, size and date is the same file. */
const fileKey = (file) => `${file.name}|${file.size}|${file.lastModified}`;

const VIEW_CONTROLS = ['f-group', 'f-profession', 'f-band', 'f-sort', 'f-search', 'min-confidence'];

/** Keeps the queue's filters, order, search and page for the loaded file, so a reload comes back to them (written only when they change). */
function saveView() {
  if (!state.loaded || !state.views) return;
  const controls = Object.fromEntries(VIEW_CONTROLS.map((id) => [id, $(id).value]));
  const view = JSON.stringify({ file: fileKey(state.loaded.file), controls, page: state.page, expand: state.expandOutOfScope });
  if (view !== state.views.getItem(VIEW_KEY)) state.views.setItem(VIEW_KEY, view);
}

/** Puts back the view kept for this file, if it is the file the view was of. */
function restoreView() {
  let view;
  try { view = JSON.parse(state.views?.getItem(VIEW_KEY) ?? 'null'); } catch { view = null; }
  if (!view || !state.loaded || view.file !== fileKey(state.loaded.file)) return;
  for (const id of VIEW_CONTROLS) {
    const value = view.controls?.[id];
    const control = $(id);
    if (typeof value !== 'string') continue;
    if (control.tagName === 'SELECT' && ![...control.options].some((o) => o.value === value)) continue;
    control.value = value;
  }
  state.page = Number(view.page) || 0;
  state.expandOutOfScope = Boolean(view.expand);
}

/** The header choice of an opened file as the engine takes it again: its row number, or "none". */
const headerOf = (info) => info.headerRow ?? 'none';

/** The context columns of an opened file as the engine takes them again: [{ field, column }]. */
const contextOf = (info) => (info.contextColumns ?? []).map(({ field, column }) => ({ field, column }));

/** How the page names what a context column holds (the engine's field names are the values). */
const FIELD_LABEL = Object.freeze({
  Grade: 'Grade or pay band',
  'Occupation Code': 'Occupation code',
  'Area of Work': 'Area of work',
  'Job Role': 'Job role',
  'Staff Group': 'Staff group',
  Department: 'Department, team or ward',
  FTE: 'FTE (whole-time equivalent)',
});

const state = new BulkPage();

// --- messages ---------------------------------------------------------------------------------
function announce(text) {
  // Clear first so the same sentence twice is still read out.
  $('status').textContent = '';
  requestAnimationFrame(() => { $('status').textContent = text; });
}

function showError(text) {
  const alert = $('alert');
  alert.replaceChildren(el('strong', { text: 'Could not do that. ' }), text);
  alert.hidden = false;
  alert.scrollIntoView({ block: 'nearest' });
}
function clearError() { $('alert').hidden = true; $('alert').replaceChildren(); }

function openFailed(file, sheet, message, columns) {
  // The engine's command-line hint becomes what to do here: the column picker below.
  const said = message.replace(/; name it with --column \(the columns are: .*\)$/s, '');
  let text = said.startsWith(`${file.name}`) ? said : `${file.name}: ${said}`;
  if (state.loaded) text += ` ${state.loaded.file.name} is still loaded.`;
  showError(text);
  announce(text);
  // No title column found by its name: the person says which column holds the job titles.
  const named = (columns ?? []).map((name, i) => ({ name, i })).filter((c) => c.name.trim());
  if (!named.length) return;
  const select = el('select', { id: 'pick-column' }, ...named.map((c) => el('option', { value: c.name, text: c.name })));
  const use = el('button', { type: 'button', id: 'use-column', text: 'Use this column' });
  use.addEventListener('click', () => state.open(file, { sheet, columnName: select.value }));
  $('alert').append(el('p', { class: 'pick' },
    el('label', { for: 'pick-column', text: `Which column of ${file.name} holds the job titles? ` }), select, ' ', use));
  select.focus();
}

// --- rendering --------------------------------------------------------------------------------
function renderBusy({ quiet = false } = {}) {
  const busy = state.busy !== null;
  $('work').hidden = !busy;
  if (busy) {
    $('progress').removeAttribute('value');
    $('progress-label').textContent = state.busy;
    if (!quiet) announce(state.busy);
  }
  // No download while decisions wait to be applied: none is ever of the old values.
  for (const id of ['dl-csv', 'dl-xlsx', 'dl-summary-csv', 'dl-summary-xlsx']) $(id).disabled = busy || state.pending;
  $('review-card').setAttribute('aria-busy', String(busy || state.pending));
  for (const id of ['sheet', 'header-row', 'column', 'resume']) $(id).disabled = busy;
  for (const select of $('context-fields').querySelectorAll('select')) select.disabled = busy;
  renderStale();
}

/** A visible message in one of the page's notice lines (also read out: they are status regions). */
function notice(id, text) {
  const line = $(id);
  line.textContent = text;
  line.hidden = false;
}

function renderStale() {
  $('download-card').hidden = !state.loaded || state.stale || !state.rows.length;
  $('resume-row').hidden = !(state.loaded && state.stale);
}

function renderProgress(done, total) {
  const bar = $('progress');
  bar.max = Math.max(1, total);
  bar.value = done;
  $('progress-label').textContent = `Matching distinct titles: ${count(done)} of ${count(total)}`;
}

/**
 * Progress of a streamed clean: a CSV's `read` bytes of its two passes' `total` (the file
 * twice), or a workbook's `rows` of its sheet's `total`.
 */
function renderStreamProgress(file, { read, rows, total }) {
  const bar = $('progress');
  bar.max = Math.max(1, total);
  bar.value = rows ?? read;
  const size = total / 2;
  $('progress-label').textContent = rows != null
    ? `Cleaning ${file.name} as a stream: ${count(rows)} of ${count(total)} rows`
    : read < size
      ? `Measuring ${file.name}: ${formatBytes(read)} of ${formatBytes(size)} read`
      : `Cleaning ${file.name} as a stream: ${formatBytes(read - size)} of ${formatBytes(size)}`;
}

/** Header rows offered for a streamed file: the rows the engine looks for a header in. */
const HEADER_CHOICES = 30;

/** A file cleaned as a stream: what was found, the summary and the download. */
function renderStreamed() {
  const s = state.streamed;
  $('streamed').hidden = !s;
  for (const id of ['dl-summary-csv', 'dl-summary-xlsx']) $(id).hidden = Boolean(s);
  if (!s) return;
  for (const id of ['loaded', 'review-card', 'download-card', 'resume-row']) $(id).hidden = true;
  const { report, file, blob, openedLimit } = s;
  const workbook = report.format !== 'csv';
  $('streamed-lead').textContent = workbook
    ? `${file.name} is too large to be reviewed here (its parts unpacked are over the ${formatBytes(openedLimit)} a workbook is opened in), so its ${report.sheets[0] === report.sheet ? `first sheet, ${report.sheet},` : `sheet ${report.sheet}`} was cleaned as a stream: every row read, matched with your saved decisions and written ${report.extension === 'csv' ? 'as CSV' : 'back into the workbook, everything else in it kept'}, the columns appended.`
    : `${file.name} is over the ${formatBytes(SIZE_LIMIT)} a file can be reviewed in here, so it was cleaned as a stream: every row read, matched with your saved decisions and written with its own bytes, the columns appended.`;
  $('streamed-file').textContent = `${file.name} (${report.format.toUpperCase()}, ${formatBytes(file.size)})`;
  $('streamed-rows').textContent = count(report.summary.rows);
  $('streamed-distinct').textContent = count(report.distinct);
  $('streamed-column').textContent = report.column;
  const sheets = $('streamed-sheet');
  sheets.replaceChildren(...report.sheets.map((name) => el('option', { value: name, text: name })));
  sheets.value = report.sheet;
  $('streamed-sheet-field').hidden = !workbook || report.sheets.length < 2;
  // The first rows a header may be on (the page holds none of a streamed file's rows to show).
  const header = $('streamed-header');
  const last = Math.max(HEADER_CHOICES, report.headerRow ?? 0);
  header.replaceChildren(el('option', { value: 'none', text: 'None: the first row is data' }),
    ...Array.from({ length: last }, (_, i) => el('option', { value: String(i + 1), text: `Row ${i + 1}` })));
  header.value = report.headerRow == null ? 'none' : String(report.headerRow);
  const pick = $('streamed-pick');
  pick.replaceChildren(...report.columns.map((name, i) => el('option', { value: String(i), text: name })));
  pick.value = String(report.titleColumn);
  const beside = report.contextColumns.map((c) => `${c.label} (${c.field})`).join(', ');
  $('streamed-reason').textContent = `${report.titleReason}.${beside ? ` Also read: ${beside}.` : ''}`;
  const warnings = $('streamed-warnings');
  warnings.replaceChildren(...report.warnings.map((w) => el('li', { text: w })));
  warnings.hidden = !report.warnings.length;
  $('dl-streamed').textContent = `Download the cleaned ${report.extension === 'csv' ? 'CSV' : 'workbook'} (${formatBytes(blob.size)})`;
  // A workbook's sheet can be cleaned again, as CSV (or back as the workbook).
  const again = $('again-streamed');
  again.hidden = !workbook;
  again.textContent = report.extension === 'csv' ? 'Clean it again as a workbook' : 'Clean it again as CSV';
  $('review-streamed').textContent = `Review its ${count(report.titles)} job titles`;
  const read = report.titles === report.distinct ? '' : ` (its ${count(report.distinct)} distinct cells, as the engine read them)`;
  const left = report.rowsLeftOut ? `, the first ${count(report.titles)} (${count(report.rowsLeftOut)} rows have titles after them)` : '';
  $('review-streamed-note').textContent = `Opens the titles${read}${left} in the review queue as a small CSV, each with its rows in a column. Your decisions are saved in this browser: clean ${file.name} again and they apply to every row.`;
  renderSummary(report.workforce);
}

function renderInfo() {
  const { loaded, info } = state;
  if (!info) return;
  $('loaded').hidden = false;
  const file = loaded?.file;
  const kind = info.format === 'csv'
    ? `CSV, ${DELIMITER_NAME[info.delimiter] ?? `“${info.delimiter}”`} separated, ${info.encoding}`
    : info.format.toUpperCase();
  if (file) $('file-name').textContent = `${file.name} (${kind}, ${formatBytes(file.size)})`;
  $('file-rows').textContent = count(info.rows);
  $('file-distinct').textContent = count(info.distinct);
  $('file-ragged').textContent = info.ragged
    ? `${count(info.ragged)} (lines ${info.raggedLines.join(', ')}${info.ragged > info.raggedLines.length ? ', …' : ''}): kept, short rows padded`
    : 'none';
  const sheet = $('sheet');
  sheet.replaceChildren(...info.sheets.map((name) => el('option', { value: name, text: name })));
  sheet.value = info.sheet;
  $('sheet-field').hidden = info.sheets.length < 2;
  const header = $('header-row');
  header.replaceChildren(
    ...info.firstRows.map(({ row, cells }) => el('option', { value: String(row), text: `Row ${row}: ${preview(cells)}` })),
    el('option', { value: 'none', text: 'No header row: the first row is data' }));
  header.value = info.headerRow == null ? 'none' : String(info.headerRow);
  $('header-field').hidden = false;
  const column = $('column');
  column.replaceChildren(...info.columns.map((name, i) => el('option', { value: String(i), text: name })));
  column.value = String(info.titleColumn);
  $('column-field').hidden = false;
  $('column-reason').textContent = `Why this column: ${quoted(info.titleReason)}.`;
  const read = info.contextColumns ?? [];
  $('context-columns').textContent = read.length
    ? `Also read beside the title: ${read.map((c) => `${c.label} (${c.field === 'FTE' ? 'FTE' : c.field.toLowerCase()})`).join(', ')}. A recorded grade gives the band; an occupation code, area of work or department settles a title that names no profession.`
    : 'No other column is read beside the title: the title alone decides.';
  $('context-columns').hidden = false;
  renderContextFields(info);
  $('appended-names').replaceChildren(...(info.appendedNames ?? []).flatMap((n, i, all) => {
    const code = document.createElement('code');
    code.textContent = n;
    return i === 0 ? [code] : [i === all.length - 1 ? ' and ' : ', ', code];
  }));
  const warnings = $('file-warnings');
  warnings.replaceChildren(...info.warnings.map((w) => el('li', { text: `${w.charAt(0).toUpperCase()}${w.slice(1)}.` })));
  warnings.hidden = info.warnings.length === 0;
  $('note-csv').textContent = info.format === 'csv'
    ? `The CSV keeps your file's own bytes, encoding (${info.encoding}) and separator; only the new columns are added.`
    : 'The CSV has the sheet\'s values, comma-separated in UTF-8.';
  $('note-xlsx').textContent = info.keepsWorkbook
    ? `The ${info.workbookExtension.toUpperCase()} is your own workbook: every sheet, formula, style and chart kept, the new columns added to “${info.sheet}”.`
    : `The XLSX is a new workbook of the sheet's values: ${info.format === 'csv' ? 'numbers stay numbers' : `the formatting of an .${info.format} file cannot be kept`}.`;
  $('dl-xlsx').textContent = `Download ${info.workbookExtension.toUpperCase()}`;
}

/** The engine's `name` quoting as a sentence on the page writes it: “name”. */
const quoted = (text) => text.replace(/`([^`]*)`/g, '“$1”');

/** The separators a CSV may have, by name. */
const DELIMITER_NAME = Object.freeze({ ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'bar' });

/** A row's first cells for the header choice: up to four, each cut, joined. */
function preview(cells) {
  const shown = cells.filter((c) => c.trim()).slice(0, 4).map((c) => (c.length > 24 ? `${c.slice(0, 23)}…` : c));
  return shown.length ? shown.join(' · ') : '(blank)';
}

/** One select a field, each offering every column but the title's (or none), its column chosen. */
function renderContextFields(info) {
  const chosen = new Map((info.contextColumns ?? []).map((c) => [c.field, c.column]));
  const fields = (info.contextFields ?? []).map((field, i) => {
    const id = `context-${i}`;
    const select = el('select', { id, 'data-field': field },
      el('option', { value: '', text: 'Not read' }),
      ...info.columns.map((name, c) => (c === info.titleColumn ? null : el('option', { value: String(c), text: name }))).filter(Boolean));
    select.value = chosen.has(field) ? String(chosen.get(field)) : '';
    select.disabled = state.busy !== null;
    select.addEventListener('change', () => {
      const columns = [...$('context-fields').querySelectorAll('select')]
        .filter((s) => s.value !== '')
        .map((s) => ({ field: s.dataset.field, column: Number(s.value) }));
      const label = FIELD_LABEL[field] ?? field;
      announce(select.value === '' ? `${label}: not read. Matching again…` : `${label}: ${select.selectedOptions[0].textContent}. Matching again…`);
      state.rematch('context', { columns });
    });
    return el('div', { class: 'field' }, el('label', { for: id, text: FIELD_LABEL[field] ?? field }), select);
  });
  $('context-fields').replaceChildren(...fields);
  $('context-details').hidden = fields.length === 0;
}

/** The workforce summary: the tiles, the charts and what the download holds. */
function renderSummary(workforce) {
  const t = workforce.total;
  $('summary-card').hidden = false;
  $('n-rows').textContent = count(t.headcount);
  $('n-matched').textContent = count(t.matched);
  $('n-review').textContent = count(t.review);
  $('n-nomatch').textContent = count(t.noMatch);
  chartWorkforce = workforce;
  drawCharts();
  $('workforce-note').textContent = `The workforce summary: headcount${workforce.hasFte ? ' and FTE' : ''} by standard role and band, with rows by match status${workforce.hasCode ? ' and by whether the recorded occupation code agrees' : ''}, and a total. It is the record of the support workforce the HASKE evaluation asks trusts to keep.`;
}

/** The workforce the charts show, drawn again at the container's width when it changes. */
let chartWorkforce = null;
function drawCharts() {
  if (chartWorkforce) renderChart(document, $('charts'), chartWorkforce, Math.min(WIDTH, Math.floor($('charts').clientWidth) || WIDTH));
}
let chartWidth = 0;
new ResizeObserver(([entry]) => {
  const w = Math.floor(entry.contentRect.width);
  if (w !== chartWidth) { chartWidth = w; drawCharts(); }
}).observe($('charts'));

function fillSelect(select, values, label) {
  const keep = select.value;
  select.replaceChildren(el('option', { value: '', text: 'All' }), ...values.map((v) => el('option', { value: v, text: label(v) })));
  select.value = values.includes(keep) ? keep : '';
}

function renderFacets() {
  const f = facets(state.rows);
  fillSelect($('f-profession'), f.professions, (p) => (p === 'none' ? 'None (no match)' : professionName(p)));
  fillSelect($('f-band'), f.bands, (b) => bandName(b));
  $('review-card').hidden = false;
}

const filters = () => ({ group: $('f-group').value, profession: $('f-profession').value, band: $('f-band').value, search: $('f-search').value });

/** The titles the filters pass, in the chosen order. */
const shownRows = () => sortRows(filterRows(state.rows, filters()), $('f-sort').value);

/**
 * The queue is one stop in the Tab order (a roving tabindex): only the current row and its
 * controls can be tabbed to; the arrow keys move between rows.
 */
function makeCurrent(tr) {
  for (const old of $('titles').tBodies[0].querySelectorAll('[tabindex="0"]')) old.tabIndex = -1;
  if (!tr) return;
  tr.tabIndex = 0;
  for (const c of tr.querySelectorAll('button, input')) c.tabIndex = 0;
}

/** The key of a queue entry: its title, or the out-of-scope group's. */
const keyOf = (item) => (item.group ? '\u0000out-of-scope' : item.title);

function renderTable() {
  if (!state.rows.length) return;
  const shown = shownRows();
  // The out-of-scope titles fold into one group in the queue's own order, unless asked for.
  const fold = $('f-sort').value === 'need' && !$('f-group').value && !$('f-search').value.trim();
  const items = fold ? foldOutOfScope(shown, state.expandOutOfScope) : shown;
  const view = pageOf(items, state.page);
  state.page = view.page;
  const refocus = $('titles').contains(document.activeElement) && !document.activeElement.matches('input.role-pick');
  const key = state.focusKey;
  const trs = view.items.map((item) => (item.group ? groupRow(item) : titleRow(item)));
  const current = trs.find((tr) => tr.dataset.key === key) ?? trs[0];
  $('titles').tBodies[0].replaceChildren(...trs);
  makeCurrent(current);
  if (refocus && current) current.focus();
  $('shown').textContent = shown.length
    ? `Showing ${count(view.first)}–${count(view.last)} of ${count(items.length)} ${items.length === shown.length ? 'titles' : 'entries'}${shown.length < state.rows.length ? ` (${count(shown.length)} of ${count(state.rows.length)} titles pass the filters)` : ''}.`
    : 'No titles match these filters.';
  $('page-info').textContent = `Page ${view.page + 1} of ${view.pages}`;
  $('prev').disabled = view.page === 0;
  $('next').disabled = view.page >= view.pages - 1;
  renderBulkBar(shown, view.items);
  saveView();
}

/** The bulk controls: how many suggestions the threshold accepts, the selection, Undo. */
function renderBulkBar(shown, pageItems) {
  const above = atOrAbove(shown, Number($('min-confidence').value));
  $('accept-above').textContent = above.length === 1 ? 'Accept 1 suggestion' : `Accept ${count(above.length)} suggestions`;
  $('accept-above').disabled = above.length === 0;
  const n = state.selected.size;
  $('selected-info').textContent = n ? `${count(n)} selected` : 'None selected';
  $('accept-selected').disabled = n === 0;
  $('oos-selected').disabled = n === 0;
  const onPage = pageItems.filter((i) => !i.group);
  const ticked = onPage.filter((r) => state.selected.has(r.title)).length;
  $('select-page').checked = onPage.length > 0 && ticked === onPage.length;
  $('select-page').indeterminate = ticked > 0 && ticked < onPage.length;
  const last = state.undos.at(-1);
  $('undo').disabled = !last;
  $('undo').textContent = last ? `Undo ${last.label}` : 'Undo';
}

function titleRow(r) {
  const band = r.band ? `${bandLabel(r.band)} (${r.band.source})` : '';
  const group = groupOf(r);
  const decided = state.store.get(r.title);
  const pick = el('input', { type: 'checkbox', 'aria-label': `Select ${r.title}` });
  pick.checked = state.selected.has(r.title);
  pick.addEventListener('change', () => {
    if (pick.checked) state.selected.add(r.title); else state.selected.delete(r.title);
    renderTable();
  });
  const why = r.decidedByPerson
    ? (r.role ? `Your decision: ${r.role.title}.` : 'Your decision: not an AHP support role.')
    : settledByRows(r) ? `Every row is settled by its other columns (area of work, code, grade). The title alone: ${r.summary}` : r.summary;
  const tr = el('tr', { class: `${r.status} ${group}`, 'data-title': r.title, 'data-key': keyOf(r), tabindex: '-1' },
    el('td', { class: 'pick' }, pick),
    el('th', { scope: 'row', class: 'title-cell', text: r.title }),
    el('td', { class: 'num', 'data-label': 'Rows', text: count(r.rows) }),
    el('td', { 'data-label': 'Status' }, el('span', { class: `badge ${r.status} ${group}`, text: GROUP_LABEL[group] })),
    el('td', { 'data-label': 'Standard role', text: r.role?.title ?? '—' }),
    el('td', { 'data-label': 'Band', text: band }),
    el('td', { class: 'num', 'data-label': 'Confidence', text: percent(r.confidence) }),
    el('td', { class: 'why', 'data-label': 'Why', text: why }),
    el('td', { class: 'decision' }, el('div', { class: 'decision-cell' }, ...decisionControls(r, decided))));
  tr.setAttribute('aria-label', `${r.title}: ${GROUP_LABEL[group]}${r.role ? `, ${r.role.title}` : ''}`);
  for (const c of tr.querySelectorAll('button, input')) c.tabIndex = -1;
  return tr;
}

/** The folded out-of-scope titles: one row, to confirm them all or open the group. */
function groupRow(g) {
  const confirm = el('button', { type: 'button', class: 'secondary small', text: `Confirm all ${count(g.titles.length)} as out of scope` });
  confirm.addEventListener('click', () => confirmOutOfScope(g.titles));
  const toggle = el('button', { type: 'button', class: 'secondary small', 'aria-expanded': String(state.expandOutOfScope), text: state.expandOutOfScope ? 'Hide them' : 'Show them' });
  toggle.addEventListener('click', () => { state.expandOutOfScope = !state.expandOutOfScope; state.focusKey = keyOf(g); renderTable(); });
  const examples = g.titles.slice(0, 3).map((t) => t.title).join(', ');
  const tr = el('tr', { class: 'group out-of-scope', 'data-key': keyOf(g), tabindex: '-1' },
    el('td', { class: 'pick' }),
    el('th', { scope: 'row', colspan: '7' },
      el('span', { class: 'badge out-of-scope', text: GROUP_LABEL['out-of-scope'] }), ' ',
      `${count(g.titles.length)} titles the engine read as other jobs (${count(g.rows)} rows), such as ${examples}`),
    el('td', { class: 'decision' }, el('div', { class: 'decision-cell' }, confirm, toggle)));
  tr.setAttribute('aria-label', `${count(g.titles.length)} titles read as other jobs, out of scope`);
  for (const c of tr.querySelectorAll('button, input')) c.tabIndex = -1;
  return tr;
}

/** The row's decision controls: accept the suggestion, choose any role, out of scope, or take the decision back. */
function decisionControls(r, decided) {
  const out = [];
  if (decided) {
    const role = decided.roleId === 'none' ? 'out of scope' : state.roleById.get(decided.roleId)?.title ?? decided.roleId;
    out.push(el('span', { class: 'saved', text: `Your decision: ${role}` }));
    const remove = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Remove the decision for ${r.title}`, text: 'Remove' });
    remove.addEventListener('click', () => decide(r, null));
    out.push(remove);
    return out;
  }
  if (r.role && r.status !== 'matched') {
    const accept = el('button', { type: 'button', class: 'small', 'aria-label': `Accept ${r.role.title} for ${r.title}`, text: 'Accept' });
    accept.addEventListener('click', () => decide(r, { roleId: r.role.id }));
    out.push(accept);
  }
  const none = el('button', { type: 'button', class: 'secondary small', 'aria-label': `${r.title} is out of scope`, text: 'Out of scope' });
  none.addEventListener('click', () => decide(r, { roleId: 'none' }));
  out.push(none);
  out.push(roleField(r));
  return out;
}

/** How many roles the picker offers for typed text. */
const PICKS = 8;

/**
 * A type-ahead field for any standard role: the title's own suggestions while it is empty, the
 * engine's suggestions (as in `<role-standardiser>`) for what is typed. Nothing is saved until
 * a role is chosen.
 */
function roleField(r) {
  const meta = (role, note = '') => `${note}${professionName(role.profession)}, band ${role.band}`;
  const known = (ids) => ids.map((id) => state.roleById.get(id)).filter(Boolean);
  return rolePicker({
    label: `Choose a role for ${r.title}`,
    listLabel: `Standard roles for ${r.title}`,
    initial: () => {
      const ids = [...new Set([r.role?.id, ...r.alternatives.map((a) => a.id)].filter(Boolean))];
      return known(ids).map((role) => ({ role, meta: meta(role, 'suggested · ') }));
    },
    suggest: (text) => state.suggest(text, PICKS).then((ids) => known(ids).map((role) => ({ role, meta: meta(role) }))),
    exact: (text) => state.roleByLabel.get(text.toLowerCase()),
    // The field is only offered for a title without a decision, so any role chosen is a change.
    pick: (role) => decide(r, { roleId: role.id }),
    leave: (input) => input.closest('tr')?.focus(),
    say: (text) => notice('queue-notice', text),
  });
}

/** Records one title's decision (null removes it) and moves the queue to the next title. */
function decide(r, decision) {
  const items = $('titles').tBodies[0].rows;
  const at = [...items].findIndex((tr) => tr.dataset.key === r.title);
  state.focusKey = items[at + 1]?.dataset.key ?? items[at - 1]?.dataset.key ?? null;
  const what = !decision ? `removed the decision for “${r.title}”`
    : decision.roleId === 'none' ? `“${r.title}” confirmed out of scope`
      : `“${r.title}” is ${state.roleById.get(decision.roleId)?.title ?? decision.roleId}`;
  state.change([{ title: r.title, decision: decision && { roleId: decision.roleId, band: state.store.get(r.title)?.band ?? '' } }], what);
}

function confirmOutOfScope(titles) {
  state.change(titles.filter((t) => !state.store.get(t.title)).map((t) => ({ title: t.title, decision: { roleId: 'none' } })),
    `${count(titles.length)} titles confirmed out of scope`);
}

/** The rows of the titles ticked. */
const selectedRows = () => state.rows.filter((r) => state.selected.has(r.title));

function acceptRows(rows, label) {
  const changes = rows.filter((r) => r.role && !r.decidedByPerson).map((r) => ({ title: r.title, decision: { roleId: r.role.id } }));
  state.change(changes, `accepted ${count(changes.length)} ${changes.length === 1 ? 'suggestion' : 'suggestions'}${label}`);
}

/** The queue's keys, on a focused row: move, accept, out of scope, choose, select, undo. */
function queueKey(e) {
  if (e.altKey || e.ctrlKey || e.metaKey) return;
  const tr = e.target;
  if (!(tr instanceof HTMLTableRowElement)) {
    if (e.key.toLowerCase() === 'u' && e.target.tagName !== 'INPUT') { e.preventDefault(); state.undo(); }
    return;
  }
  const rows = [...$('titles').tBodies[0].rows];
  const at = rows.indexOf(tr);
  const item = tr.dataset.title != null ? state.rows.find((r) => r.title === tr.dataset.title) : null;
  const go = (i) => {
    const next = rows[i];
    if (!next) return false;
    makeCurrent(next);
    next.focus();
    state.focusKey = next.dataset.key;
    return true;
  };
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  switch (key) {
    case 'ArrowDown': case 'j':
      if (!go(at + 1) && !$('next').disabled) { state.page += 1; state.focusKey = null; renderTable(); $('titles').tBodies[0].rows[0]?.focus(); }
      break;
    case 'ArrowUp': case 'k':
      if (!go(at - 1) && !$('prev').disabled) { state.page -= 1; state.focusKey = null; renderTable(); [...$('titles').tBodies[0].rows].at(-1)?.focus(); }
      break;
    case 'Home': go(0); break;
    case 'End': go(rows.length - 1); break;
    case 'a':
      if (item?.role && !state.store.get(item.title)) decide(item, { roleId: item.role.id });
      break;
    case 'o':
      if (item && !state.store.get(item.title)) decide(item, { roleId: 'none' });
      else if (!item) tr.querySelector('button')?.click();
      break;
    case 'c': tr.querySelector('input.role-pick')?.focus(); break;
    case 'x': case ' ':
      if (item) { tr.querySelector('td.pick input')?.click(); tr.focus(); }
      break;
    case 'u': state.undo(); break;
    case 'Enter':
      if (!item) tr.querySelector('button[aria-expanded]')?.click();
      else tr.querySelector('input.role-pick')?.focus();
      break;
    default: return;
  }
  e.preventDefault();
}

/** The saved decisions the engine set aside, each with why and a Remove button. */
function renderSetAside(setAside) {
  const list = $('set-aside-list');
  list.replaceChildren(...setAside.map(({ title, message }) => {
    // The engine's words, as the page says them: quoted “so”, and what to do here.
    const why = quoted(message.replace(/^your saved decisions line \d+: /, '')
      .replace(/; `role-standardiser roles` lists the valid ids$/, ': remove it, then choose its role again in the table'));
    const remove = el('button', { type: 'button', class: 'secondary small', text: 'Remove' });
    remove.setAttribute('aria-label', `Remove the set-aside decision for ${title || 'a blank title'}`);
    remove.addEventListener('click', () => {
      state.store.remove(title);
      li.remove();
      $('set-aside').hidden = list.children.length === 0;
      renderDecisions();
      announce(`Decision for “${title}” removed.`);
    });
    const li = el('li', {}, el('strong', { text: title ? `“${title}”` : 'A blank title' }), `: ${why} `, remove);
    return li;
  }));
  $('set-aside').hidden = setAside.length === 0;
}

/** Decisions table rows per page. */
const DECISIONS_PAGE = 50;
let decisionsPage = 0;

function renderDecisions() {
  const { store } = state;
  const all = store.all();
  $('decisions-empty').hidden = all.length > 0;
  $('decisions').hidden = all.length === 0;
  $('decisions-tools').hidden = all.length === 0;
  $('export').disabled = all.length === 0;
  $('clear').disabled = all.length === 0;
  const found = searchFor($('d-search').value);
  const shown = all.filter((d) => found(d.title));
  const view = pageOf(shown, decisionsPage, DECISIONS_PAGE);
  decisionsPage = view.page;
  $('d-shown').textContent = shown.length
    ? `Showing ${count(view.first)}–${count(view.last)} of ${count(shown.length)} decisions${shown.length < all.length ? ` (${count(all.length)} in all)` : ''}.`
    : 'No decision matches this search.';
  $('d-pager').hidden = view.pages < 2;
  $('d-page-info').textContent = `Page ${view.page + 1} of ${view.pages}`;
  $('d-prev').disabled = view.page === 0;
  $('d-next').disabled = view.page >= view.pages - 1;
  $('decisions').tBodies[0].replaceChildren(...view.items.map((d) => {
    const band = el('select', { 'aria-label': `Band for ${d.title}` },
      el('option', { value: '', text: 'From the title or typical' }),
      ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((b) => el('option', { value: b, text: `Band ${b}` })));
    band.value = d.band;
    band.disabled = d.roleId === 'none';
    band.addEventListener('change', () => {
      state.change([{ title: d.title, decision: { roleId: d.roleId, band: band.value } }], `band ${band.value || 'from the title'} for “${d.title}”`);
      announce(`Band for “${d.title}” saved.`);
    });
    const remove = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Remove the decision for ${d.title}`, text: 'Remove' });
    remove.addEventListener('click', () => { state.change([{ title: d.title, decision: null }], `removed the decision for “${d.title}”`); announce(`Decision for “${d.title}” removed.`); });
    return el('tr', {},
      el('th', { scope: 'row', text: d.title || '(a blank title)' }),
      el('td', { text: d.roleId === 'none' ? 'Out of scope (not an AHP support role)' : state.roleById.get(d.roleId)?.title ?? d.roleId }),
      el('td', {}, band),
      el('td', {}, remove));
  }));
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// --- wiring -----------------------------------------------------------------------------------
$('limit').textContent = formatBytes(SIZE_LIMIT);
$('review-streamed').addEventListener('click', () => {
  const s = state.streamed;
  if (!s) return;
  state.open(new File([s.report.titlesCsv], outputName(s.file.name, 'csv', 'titles'), { type: 'text/csv' }));
});
/** Cleans the streamed file again with a change of its layout (a sheet, header row or title column). */
function restream(change) {
  const s = state.streamed;
  if (s) state.stream(s.file, { asCsv: s.report.extension === 'csv', layout: change(s.layout) });
}
// Another sheet, or another header row, finds its title column again.
$('streamed-sheet').addEventListener('change', (e) => restream(() => ({ sheet: e.target.value })));
$('streamed-header').addEventListener('change', (e) => restream((l) => ({ sheet: l.sheet, header: e.target.value === 'none' ? 'none' : Number(e.target.value) })));
$('streamed-pick').addEventListener('change', (e) => restream((l) => ({ ...l, titleColumn: Number(e.target.value) })));
$('again-streamed').addEventListener('click', () => {
  const s = state.streamed;
  if (s) state.stream(s.file, { asCsv: s.report.extension !== 'csv', layout: s.layout });
});
$('dl-streamed').addEventListener('click', () => {
  const s = state.streamed;
  if (!s) return;
  const name = outputName(s.file.name, s.report.extension);
  save(s.blob, name);
  announce(`Downloaded ${name}.`);
});

$('file').addEventListener('change', (e) => {
  const file = e.target.files?.[0];
  e.target.value = ''; // choosing the same file again still fires change
  if (file) state.open(file);
});

const drop = $('drop');
for (const type of ['dragover', 'drop']) document.addEventListener(type, (e) => e.preventDefault());
drop.addEventListener('dragenter', () => drop.classList.add('over'));
drop.addEventListener('dragover', (e) => { e.dataTransfer.dropEffect = 'copy'; drop.classList.add('over'); });
drop.addEventListener('dragleave', (e) => { if (!drop.contains(e.relatedTarget)) drop.classList.remove('over'); });
drop.addEventListener('drop', (e) => {
  drop.classList.remove('over');
  const file = e.dataTransfer.files?.[0];
  if (file) state.open(file);
});

$('cancel').addEventListener('click', () => state.cancel());
$('resume').addEventListener('click', () => state.loaded && state.open(state.loaded.file, { sheet: state.loaded.sheet, column: state.loaded.column, header: state.loaded.header, context: state.loaded.context }));
$('sheet').addEventListener('change', (e) => state.loaded && state.open(state.loaded.file, { sheet: e.target.value }));
$('column').addEventListener('change', (e) => state.rematch('column', { column: Number(e.target.value) }));
$('header-row').addEventListener('change', (e) => {
  const value = e.target.value;
  state.rematch('header', { header: value === 'none' ? 'none' : Number(value) });
});

for (const id of ['f-group', 'f-profession', 'f-band', 'f-sort']) $(id).addEventListener('change', () => { state.page = 0; renderTable(); });
$('f-search').addEventListener('input', () => { state.page = 0; renderTable(); });
$('min-confidence').addEventListener('change', () => renderTable());
$('prev').addEventListener('click', () => { state.page -= 1; renderTable(); });
$('next').addEventListener('click', () => { state.page += 1; renderTable(); });
$('titles').tBodies[0].addEventListener('keydown', queueKey);
$('titles').tBodies[0].addEventListener('focusin', (e) => {
  const tr = e.target.closest('tr');
  if (!tr?.dataset.key) return;
  state.focusKey = tr.dataset.key;
  if (tr.tabIndex !== 0) makeCurrent(tr);
});
$('select-page').addEventListener('change', (e) => {
  for (const tr of $('titles').tBodies[0].rows) {
    if (tr.dataset.title == null) continue;
    if (e.target.checked) state.selected.add(tr.dataset.title); else state.selected.delete(tr.dataset.title);
  }
  renderTable();
});
$('accept-above').addEventListener('click', () => {
  const min = Number($('min-confidence').value);
  acceptRows(atOrAbove(shownRows(), min), ` at or above ${percent(min)}`);
});
// The selection is cleared before the change, which draws the queue again.
$('accept-selected').addEventListener('click', () => {
  const rows = selectedRows();
  state.selected.clear();
  acceptRows(rows, ' of the selected titles');
});
$('oos-selected').addEventListener('click', () => {
  const rows = selectedRows();
  state.selected.clear();
  state.change(rows.map((r) => ({ title: r.title, decision: { roleId: 'none' } })), `${count(rows.length)} selected ${rows.length === 1 ? 'title' : 'titles'} confirmed out of scope`);
});
$('undo').addEventListener('click', () => state.undo());

$('d-search').addEventListener('input', () => { decisionsPage = 0; renderDecisions(); });
$('d-prev').addEventListener('click', () => { decisionsPage -= 1; renderDecisions(); });
$('d-next').addEventListener('click', () => { decisionsPage += 1; renderDecisions(); });
$('export').addEventListener('click', () => state.exportMappings());
$('import').addEventListener('change', (e) => {
  const file = e.target.files?.[0];
  e.target.value = '';
  if (file) state.importMappings(file);
});
// Clear all asks first, and can be undone.
$('clear').addEventListener('click', () => {
  $('clear-question').textContent = `Clear all ${count(state.store.size)} decisions? Every file cleaned here is matched without them.`;
  $('clear-confirm').hidden = false;
  $('clear-no').focus();
});
$('clear-no').addEventListener('click', () => { $('clear-confirm').hidden = true; $('clear').focus(); });
$('clear-yes').addEventListener('click', () => {
  const n = state.store.size;
  $('clear-confirm').hidden = true;
  state.change(state.store.all().map((d) => ({ title: d.title, decision: null })), `cleared all ${count(n)} decisions`);
  notice('decisions-notice', `Cleared all ${count(n)} decisions. Undo brings them back.`);
  $('undo-clear').hidden = false;
  $('undo-clear').focus();
});
$('undo-clear').addEventListener('click', () => { $('undo-clear').hidden = true; state.undo(); });

$('dl-csv').addEventListener('click', () => state.download('csv'));
$('dl-summary-csv').addEventListener('click', () => state.download('summary-csv'));
$('dl-summary-xlsx').addEventListener('click', () => state.download('summary-xlsx'));
$('dl-xlsx').addEventListener('click', () => state.download('xlsx'));

renderDecisions();
// Start the engine while the page is idle, so that the first file or import does not wait for it.
(globalThis.requestIdleCallback ?? setTimeout)(() => state.engine.request('limit').catch(() => {}));
