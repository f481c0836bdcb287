// The bulk page: choose or drop a CSV/XLSX, watch it being matched in a worker (bulk-worker.js),
// review the distinct titles, record decisions (decisions.js), see the summary (bulk-chart.js) and
// download the cleaned sheet. All user text is set with textContent or DOM nodes, never as HTML.

import {
  SIZE_LIMIT, STATUS_LABEL, bandLabel, facets, filterRows, formatBytes, outputName,
  pageOf, professionName, sizeProblem, sortForReview,
} from './bulk-table.js';
import { DecisionStore, parseMappingsCsv, toMappingsCsv } from './decisions.js';
import { renderChart, bandName } from './bulk-chart.js';

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
const store = new DecisionStore(storage());

// --- state ------------------------------------------------------------------------------------
let worker = null;
let seq = 0;
let current = null;  // the last file that opened: { file, sheet, column }
let pending = null;  // the request in flight: { id, type, file?, sheet?, column? }
let info = null;
let roles = [];
let roleById = new Map();
let rows = [];       // distinct titles in review order
let page = 0;

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

// --- the worker -------------------------------------------------------------------------------
function ensureWorker() {
  if (worker) return worker;
  worker = new Worker(new URL('./bulk-worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => onWorkerMessage(data);
  worker.onerror = (e) => {
    e.preventDefault();
    stopWorker();
    setBusy(null);
    showError('The bulk engine could not start in this browser (www/pkg-bulk/ is missing or failed to load).');
  };
  return worker;
}

function stopWorker() {
  worker?.terminate();
  worker = null;
}

/** Posts a request to the worker; `local` (kept here, not sent) is remembered with it. */
function send(request, transfer = [], local = {}) {
  const id = ++seq;
  pending = { id, type: request.type, ...local };
  ensureWorker().postMessage({ id, ...request }, transfer);
  return id;
}

function onWorkerMessage(data) {
  if (!pending || data.id !== pending.id) return; // from a request that was replaced
  switch (data.type) {
    case 'opened': {
      if (pending.type === 'open') current = { file: pending.file, sheet: data.info.sheet, column: data.info.titleColumn };
      else current.column = data.info.titleColumn;
      info = data.info;
      if (data.roles) { roles = data.roles; roleById = new Map(roles.map((r) => [r.id, r])); }
      clearError();
      renderInfo();
      break;
    }
    case 'progress': {
      const bar = $('progress');
      bar.max = Math.max(1, data.total);
      bar.value = data.done;
      $('progress-label').textContent = `Matching distinct titles: ${count(data.done)} of ${count(data.total)}`;
      break;
    }
    case 'matched': {
      pending = null;
      rows = sortForReview(data.titles);
      page = 0;
      setBusy(null);
      renderSummary(data.summary);
      renderFacets();
      renderTable();
      renderDecisions();
      $('download-card').hidden = false;
      $('resume-row').hidden = true;
      const s = data.summary;
      announce(`Done: ${count(s.rows)} rows, ${count(rows.length)} distinct titles. ${count(s.matched)} matched, ${count(s.review)} to review, ${count(s.noMatch)} no match.`);
      break;
    }
    case 'file': {
      pending = null;
      setBusy(null);
      const type = data.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
      save(new Blob([data.bytes], { type }), outputName(current.file.name, data.format));
      announce(`Downloaded ${outputName(current.file.name, data.format)}.`);
      break;
    }
    case 'error': {
      const request = pending;
      pending = null;
      setBusy(null);
      if (request.type === 'open') return openFailed(request, data.message, data.columns);
      showError(data.message);
      break;
    }
    default:
  }
}

// --- loading ----------------------------------------------------------------------------------
async function openFile(file, { sheet = null, column = null, columnName = null } = {}) {
  const problem = sizeProblem(file.size);
  if (problem) { showError(`${file.name}: ${problem}`); announce(problem); return; }
  if (pending) cancel({ quiet: true });
  setBusy(`Reading ${file.name}…`);
  let buffer;
  try {
    buffer = await file.arrayBuffer();
  } catch (e) {
    setBusy(null);
    showError(`${file.name} could not be read: ${e.message}`);
    return;
  }
  $('progress-label').textContent = `Opening ${file.name} (${formatBytes(file.size)})…`;
  send({ type: 'open', buffer, fileName: file.name, sheet, column, columnName, mappings: store.csv() }, [buffer], { file, sheet });
}

function openFailed(request, message, columns) {
  const { file } = request;
  let text = `${file.name}: ${message}`;
  if (current) text += ` ${current.file.name} is still loaded.`;
  showError(text);
  announce(text);
  // No title column found by its name: the person says which column holds the job titles.
  const named = (columns ?? []).map((name, i) => ({ name, i })).filter((c) => c.name.trim());
  if (!named.length) return;
  const select = el('select', { id: 'pick-column' }, ...named.map((c) => el('option', { value: c.name, text: c.name })));
  const use = el('button', { type: 'button', id: 'use-column', text: 'Use this column' });
  use.addEventListener('click', () => openFile(file, { sheet: request.sheet ?? null, columnName: select.value }));
  $('alert').append(el('p', { class: 'pick' },
    el('label', { for: 'pick-column', text: `Which column of ${file.name} holds the job titles? ` }), select, ' ', use));
  select.focus();
}

function cancel({ quiet = false } = {}) {
  stopWorker();
  pending = null;
  setBusy(null);
  if (current) {
    $('download-card').hidden = true;
    $('resume-row').hidden = false;
  }
  if (!quiet) announce(current ? `Cancelled. ${current.file.name} is still loaded: choose Match again to finish.` : 'Cancelled.');
}

function rematch(request) {
  if (!current) return;
  if (worker) {
    setBusy('Matching…');
    send(request);
  } else {
    openFile(current.file, { sheet: current.sheet, column: request.type === 'column' ? request.column : current.column });
  }
}

function setBusy(label) {
  const busy = label !== null;
  $('work').hidden = !busy;
  if (busy) {
    $('progress').removeAttribute('value');
    $('progress-label').textContent = label;
    announce(label);
  }
  for (const id of ['apply', 'dl-csv', 'dl-xlsx', 'sheet', 'column', 'resume']) $(id).disabled = busy;
  if (!busy) $('apply').disabled = store.size === 0 || !current;
}

// --- rendering --------------------------------------------------------------------------------
function renderInfo() {
  $('loaded').hidden = false;
  $('file-name').textContent = `${current.file.name} (${info.format.toUpperCase()}, ${formatBytes(current.file.size)})`;
  $('file-rows').textContent = count(info.rows);
  $('file-distinct').textContent = count(info.distinct);
  $('file-ragged').textContent = info.ragged
    ? `${count(info.ragged)} (lines ${info.raggedLines.join(', ')}${info.ragged > info.raggedLines.length ? ', …' : ''}): kept, short rows padded`
    : 'none';
  const sheet = $('sheet');
  sheet.replaceChildren(...info.sheets.map((name) => el('option', { value: name, text: name })));
  sheet.value = info.sheet;
  $('sheet-field').hidden = info.sheets.length < 2;
  const column = $('column');
  column.replaceChildren(...info.header.map((name, i) => el('option', { value: String(i), text: name || `Column ${i + 1}` })));
  column.value = String(info.titleColumn);
  $('column-field').hidden = false;
}

function renderSummary(summary) {
  $('summary-card').hidden = false;
  $('n-rows').textContent = count(summary.rows);
  $('n-matched').textContent = count(summary.matched);
  $('n-review').textContent = count(summary.review);
  $('n-nomatch').textContent = count(summary.noMatch);
  renderChart(document, $('charts'), summary);
}

function fillSelect(select, values, label) {
  const keep = select.value;
  select.replaceChildren(el('option', { value: '', text: 'All' }), ...values.map((v) => el('option', { value: v, text: label(v) })));
  select.value = values.includes(keep) ? keep : '';
}

function renderFacets() {
  const f = facets(rows);
  fillSelect($('f-profession'), f.professions, (p) => (p === 'none' ? 'None (no match)' : professionName(p)));
  fillSelect($('f-band'), f.bands, (b) => bandName(b));
  $('review-card').hidden = false;
}

const filters = () => ({ status: $('f-status').value, profession: $('f-profession').value, band: $('f-band').value });

function renderTable() {
  const shown = filterRows(rows, filters());
  const view = pageOf(shown, page);
  page = view.page;
  $('titles').tBodies[0].replaceChildren(...view.items.map(titleRow));
  $('shown').textContent = shown.length
    ? `Showing ${count(view.first)}–${count(view.last)} of ${count(shown.length)} titles${shown.length < rows.length ? ` (${count(rows.length)} in all)` : ''}.`
    : 'No titles match these filters.';
  $('page-info').textContent = `Page ${view.page + 1} of ${view.pages}`;
  $('prev').disabled = view.page === 0;
  $('next').disabled = view.page >= view.pages - 1;
}

function titleRow(r) {
  const band = r.band ? `${bandLabel(r.band)} (${r.band.source})` : '';
  const decided = store.get(r.title);
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
  for (const role of roles) {
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
  select.addEventListener('change', () => decide(r.title, select.value));
  const wrap = el('div', { class: 'decision-cell' }, select);
  if (decided) wrap.append(el('span', { class: 'saved', text: 'saved' }));
  return wrap;
}

function decide(title, roleId) {
  if (roleId) {
    store.set(title, roleId, store.get(title)?.band ?? '');
    announce(`Decision saved: “${title}” is ${roleById.get(roleId)?.title ?? roleId}. Apply your decisions to re-match.`);
  } else {
    store.remove(title);
    announce(`Decision for “${title}” removed. Apply your decisions to re-match.`);
  }
  renderDecisions();
  // Re-render in place so the "saved" mark follows; focus returns to the same control.
  const focused = document.activeElement?.getAttribute('aria-label');
  renderTable();
  if (focused) [...document.querySelectorAll('select.decision')].find((s) => s.getAttribute('aria-label') === focused)?.focus();
}

function renderDecisions() {
  const all = store.all();
  $('decisions-empty').hidden = all.length > 0;
  $('decisions').hidden = all.length === 0;
  $('export').disabled = all.length === 0;
  $('clear').disabled = all.length === 0;
  $('apply').disabled = all.length === 0 || !current || Boolean(pending);
  $('decisions').tBodies[0].replaceChildren(...all.map((d) => {
    const band = el('select', { 'aria-label': `Band for ${d.title}` },
      el('option', { value: '', text: 'From the title or typical' }),
      ...['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((b) => el('option', { value: b, text: `Band ${b}` })));
    band.value = d.band;
    band.addEventListener('change', () => { store.set(d.title, d.roleId, band.value); announce(`Band for “${d.title}” saved.`); });
    const remove = el('button', { type: 'button', class: 'secondary small', 'aria-label': `Remove the decision for ${d.title}`, text: 'Remove' });
    remove.addEventListener('click', () => { store.remove(d.title); renderDecisions(); renderTable(); announce(`Decision for “${d.title}” removed.`); });
    return el('tr', {},
      el('th', { scope: 'row', text: d.title }),
      el('td', { text: roleById.get(d.roleId)?.title ?? d.roleId }),
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
  if (file) openFile(file);
});

const drop = $('drop');
for (const type of ['dragover', 'drop']) document.addEventListener(type, (e) => e.preventDefault());
drop.addEventListener('dragenter', () => drop.classList.add('over'));
drop.addEventListener('dragover', (e) => { e.dataTransfer.dropEffect = 'copy'; drop.classList.add('over'); });
drop.addEventListener('dragleave', (e) => { if (!drop.contains(e.relatedTarget)) drop.classList.remove('over'); });
drop.addEventListener('drop', (e) => {
  drop.classList.remove('over');
  const file = e.dataTransfer.files?.[0];
  if (file) openFile(file);
});

$('cancel').addEventListener('click', () => cancel());
$('resume').addEventListener('click', () => current && openFile(current.file, { sheet: current.sheet, column: current.column }));
$('sheet').addEventListener('change', (e) => current && openFile(current.file, { sheet: e.target.value }));
$('column').addEventListener('change', (e) => rematch({ type: 'column', column: Number(e.target.value) }));

for (const id of ['f-status', 'f-profession', 'f-band']) $(id).addEventListener('change', () => { page = 0; renderTable(); });
$('prev').addEventListener('click', () => { page -= 1; renderTable(); });
$('next').addEventListener('click', () => { page += 1; renderTable(); });

$('apply').addEventListener('click', () => rematch({ type: 'mappings', csv: store.csv() ?? 'title,role_id,band\n' }));
$('export').addEventListener('click', () => {
  save(new Blob([toMappingsCsv(store.all())], { type: 'text/csv' }), 'local-mappings.csv');
  announce(`Exported ${count(store.size)} decisions as local-mappings.csv.`);
});
$('import').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  e.target.value = '';
  if (!file) return;
  try {
    const decisions = parseMappingsCsv(await file.text(), roles.length ? new Set(roles.map((r) => r.id)) : null);
    store.merge(decisions);
    clearError();
    renderDecisions();
    if (rows.length) renderTable();
    announce(`Imported ${count(decisions.length)} decisions from ${file.name}. Apply your decisions to re-match.`);
  } catch (error) {
    showError(`${file.name}: ${error.message}`);
  }
});
$('clear').addEventListener('click', () => {
  store.clear();
  renderDecisions();
  if (rows.length) renderTable();
  announce('All decisions cleared. Apply to re-match without them.');
  $('apply').disabled = !current;
});

$('dl-csv').addEventListener('click', () => { setBusy('Writing the CSV…'); send({ type: 'download', format: 'csv' }); });
$('dl-xlsx').addEventListener('click', () => { setBusy('Writing the XLSX…'); send({ type: 'download', format: 'xlsx' }); });

renderDecisions();
