// The bulk page: choose or drop a CSV or workbook, watch it being matched in a worker (bulk-engine.js,
// bulk-worker.js), review the distinct titles, record decisions (decisions.js), see the summary
// (bulk-chart.js) and download the cleaned sheet. The page's state lives in one BulkPage; the
// render functions read it and the event handlers call its methods. All user text is set with
// textContent or DOM nodes, never as HTML; every file format is read and written by the engine.

import {
  SIZE_LIMIT, STATUS_LABEL, bandLabel, facets, filterRows, formatBytes, outputName,
  pageOf, professionName, sizeProblem, sortForReview,
} from './bulk-table.js';
import { DecisionStore } from './decisions.js';
import { renderChart, bandName } from './bulk-chart.js';
import { BulkEngine, CancelledError } from './bulk-engine.js';

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
};
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
  store = new DecisionStore(storage());
  engine = new BulkEngine(new URL('./bulk-worker.js', import.meta.url), (text) => { this.#idle(); showError(text); });
  loaded = null;
  info = null;
  roles = [];
  roleById = new Map();
  rows = [];
  page = 0;
  busy = null;
  stale = false;
  #ticket = 0;

  /** Starts a piece of work: its ticket. */
  #begin(label) {
    this.busy = label;
    renderBusy();
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
      if (m.setAside) renderSetAside(m.setAside);
      if (m.total !== undefined) renderProgress(m.done, m.total);
    };
  }

  #setRoles(roles) {
    this.roles = roles;
    this.roleById = new Map(roles.map((r) => [r.id, r]));
  }

  /** Matching finished: the table, the summary and the downloads show it. */
  #matched(result) {
    this.info = result.info;
    this.rows = sortForReview(result.titles);
    this.page = 0;
    this.stale = false;
    this.#idle();
    renderInfo();
    renderSummary(result.workforce);
    renderFacets();
    renderTable();
    renderDecisions();
    const s = result.summary;
    announce(`Done: ${count(s.rows)} rows, ${count(this.rows.length)} distinct titles. ${count(s.matched)} matched, ${count(s.review)} to review, ${count(s.noMatch)} no match.`);
  }

  /** Reads a file and opens it in the engine with the saved decisions; matches it. */
  async open(file, { sheet = null, column = null, columnName = null, header = null, context = null } = {}) {
    const problem = sizeProblem(file.size);
    if (problem) { showError(`${file.name}: ${problem}`); announce(problem); return; }
    if (this.busy) this.cancel({ quiet: true });
    const ticket = this.#begin(`Reading ${file.name}…`);
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
    const ticket = this.#begin('Matching…');
    try {
      const result = await this.engine.request(type, args, { onProgress: this.#progress(ticket) });
      if (!this.#current(ticket)) return;
      this.loaded.column = result.info.titleColumn;
      this.loaded.header = headerOf(result.info);
      this.loaded.context = contextOf(result.info);
      this.#matched(result);
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

  /** Reads a local mappings file with the engine and adds its mappings to the decisions. */
  async importMappings(file) {
    try {
      const decisions = await this.engine.request('parseMappings', { csv: await file.text(), fileName: file.name });
      this.store.merge(decisions);
      clearError();
      renderDecisions();
      if (this.rows.length) renderTable();
      announce(`Imported ${count(decisions.length)} decisions from ${file.name}. Apply your decisions to re-match.`);
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

  decide(title, roleId) {
    if (roleId) {
      this.store.set(title, roleId, this.store.get(title)?.band ?? '');
      announce(`Decision saved: “${title}” is ${this.roleById.get(roleId)?.title ?? roleId}. Apply your decisions to re-match.`);
    } else {
      this.store.remove(title);
      announce(`Decision for “${title}” removed. Apply your decisions to re-match.`);
    }
    renderDecisions();
  }
}

/** The media types of the files the page writes. */
const MIME = Object.freeze({
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xlsm: 'application/vnd.ms-excel.sheet.macroEnabled.12',
});

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
  let text = message.startsWith(`${file.name}`) ? message : `${file.name}: ${message}`;
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
function renderBusy() {
  const busy = state.busy !== null;
  $('work').hidden = !busy;
  if (busy) {
    $('progress').removeAttribute('value');
    $('progress-label').textContent = state.busy;
    announce(state.busy);
  }
  for (const id of ['dl-csv', 'dl-xlsx', 'dl-summary-csv', 'dl-summary-xlsx', 'sheet', 'header-row', 'column', 'resume']) $(id).disabled = busy;
  for (const select of $('context-fields').querySelectorAll('select')) select.disabled = busy;
  $('apply').disabled = busy || state.store.size === 0 || !state.loaded;
  renderStale();
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
  renderChart(document, $('charts'), workforce);
  $('workforce-note').textContent = `The workforce summary: headcount${workforce.hasFte ? ' and FTE' : ''} by standard role and band, with rows by match status${workforce.hasCode ? ' and by whether the recorded occupation code agrees' : ''}, and a total. It is the record of the support workforce the HASKE evaluation asks trusts to keep.`;
}

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

const filters = () => ({ status: $('f-status').value, profession: $('f-profession').value, band: $('f-band').value });

function renderTable() {
  const shown = filterRows(state.rows, filters());
  const view = pageOf(shown, state.page);
  state.page = view.page;
  $('titles').tBodies[0].replaceChildren(...view.items.map(titleRow));
  $('shown').textContent = shown.length
    ? `Showing ${count(view.first)}–${count(view.last)} of ${count(shown.length)} titles${shown.length < state.rows.length ? ` (${count(state.rows.length)} in all)` : ''}.`
    : 'No titles match these filters.';
  $('page-info').textContent = `Page ${view.page + 1} of ${view.pages}`;
  $('prev').disabled = view.page === 0;
  $('next').disabled = view.page >= view.pages - 1;
}

function titleRow(r) {
  const band = r.band ? `${bandLabel(r.band)} (${r.band.source})` : '';
  const decided = state.store.get(r.title);
  return el('tr', { class: r.status, 'data-title': r.title },
    el('th', { scope: 'row', class: 'title-cell', text: r.title }),
    el('td', { class: 'num', text: count(r.rows) }),
    el('td', {}, el('span', { class: `badge ${r.status}`, text: STATUS_LABEL[r.status] ?? r.status })),
    el('td', { text: r.role?.title ?? '—' }),
    el('td', { text: band }),
    el('td', { text: r.role ? professionName(r.role.profession) : '' }),
    el('td', { class: 'num', text: percent(r.confidence) }),
    el('td', { class: 'why', text: r.reason }),
    el('td', {}, r.status !== 'matched' || decided ? decisionControl(r, decided) : ''));
}

/** A select: leave it, accept the suggestion or an alternative, or any standard role. */
function decisionControl(r, decided) {
  const select = el('select', { 'aria-label': `Decision for ${r.title}`, class: 'decision' });
  select.append(el('option', { value: '', text: decided ? 'Remove decision' : 'Leave as is' }));
  const suggested = [];
  if (r.role) suggested.push([r.role.id, `Accept: ${r.role.title} (${percent(r.confidence)})`]);
  for (const a of r.alternatives) if (a.id !== r.role?.id) suggested.push([a.id, `${a.title} (${percent(a.confidence)})`]);
  if (suggested.length) {
    select.append(el('optgroup', { label: 'Suggested' }, ...suggested.map(([value, text]) => el('option', { value, text }))));
  }
  const byProfession = new Map();
  for (const role of state.roles) {
    if (!byProfession.has(role.profession)) byProfession.set(role.profession, []);
    byProfession.get(role.profession).push(role);
  }
  for (const [profession, list] of byProfession) {
    select.append(el('optgroup', { label: professionName(profession) },
      ...list.map((role) => el('option', { value: role.id, text: `${role.title} (band ${role.band})` }))));
  }
  if (decided) {
    // The first option with this value (a suggestion if it is one), so the select shows the decision.
    const option = [...select.options].find((o) => o.value === decided.roleId);
    if (option) option.selected = true;
  }
  select.addEventListener('change', () => {
    state.decide(r.title, select.value);
    // Re-render in place so the "saved" mark follows; focus returns to the same control.
    const label = select.getAttribute('aria-label');
    renderTable();
    [...document.querySelectorAll('select.decision')].find((s) => s.getAttribute('aria-label') === label)?.focus();
  });
  const wrap = el('div', { class: 'decision-cell' }, select);
  if (decided) wrap.append(el('span', { class: 'saved', text: 'saved' }));
  return wrap;
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

function renderDecisions() {
  const { store } = state;
  const all = store.all();
  $('decisions-empty').hidden = all.length > 0;
  $('decisions').hidden = all.length === 0;
  $('export').disabled = all.length === 0;
  $('clear').disabled = all.length === 0;
  $('apply').disabled = all.length === 0 || !state.loaded || state.busy !== null;
  $('decisions').tBodies[0].replaceChildren(...all.map((d) => {
    const band = el('select', { 'aria-label': `Band for ${d.title}` },
      el('option', { value: '', text: 'From the title or typical' }),
      ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((b) => el('option', { value: b, text: `Band ${b}` })));
    band.value = d.band;
    band.addEventListener('change', () => { store.set(d.title, d.roleId, band.value); announce(`Band for “${d.title}” saved.`); });
    const remove = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Remove the decision for ${d.title}`, text: 'Remove' });
    remove.addEventListener('click', () => { store.remove(d.title); renderDecisions(); renderTable(); announce(`Decision for “${d.title}” removed.`); });
    return el('tr', {},
      el('th', { scope: 'row', text: d.title || '(a blank title)' }),
      el('td', { text: state.roleById.get(d.roleId)?.title ?? d.roleId }),
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

for (const id of ['f-status', 'f-profession', 'f-band']) $(id).addEventListener('change', () => { state.page = 0; renderTable(); });
$('prev').addEventListener('click', () => { state.page -= 1; renderTable(); });
$('next').addEventListener('click', () => { state.page += 1; renderTable(); });

$('apply').addEventListener('click', () => state.rematch('mappings', { decisions: state.store.all() }));
$('export').addEventListener('click', () => state.exportMappings());
$('import').addEventListener('change', (e) => {
  const file = e.target.files?.[0];
  e.target.value = '';
  if (file) state.importMappings(file);
});
$('clear').addEventListener('click', () => {
  state.store.clear();
  renderDecisions();
  if (state.rows.length) renderTable();
  announce('All decisions cleared. Apply to re-match without them.');
  $('apply').disabled = !state.loaded;
});

$('dl-csv').addEventListener('click', () => state.download('csv'));
$('dl-summary-csv').addEventListener('click', () => state.download('summary-csv'));
$('dl-summary-xlsx').addEventListener('click', () => state.download('summary-xlsx'));
$('dl-xlsx').addEventListener('click', () => state.download('xlsx'));

renderDecisions();
