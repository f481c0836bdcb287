// The workforce summary (the engine's `Bulk.workforce()`, the same table the summary download
// holds) as SVG bar charts drawn here (no charting library): rows by match status (one stacked
// bar), by profession, by band and, with an occupation code column, by what the code says
// (horizontal bars; FTE beside headcount when the sheet has it). `chartModel` is pure; `renderChart`
// builds DOM nodes with createElementNS and textContent only, from any `document`, so both run
// under node --test (tests/js/bulk-chart.test.mjs) and the page's strict CSP (no inline style:
// colours come from classes in bulk.css).

import { professionName } from './bulk-table.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The width the charts are drawn at unless the page says otherwise (its container's). */
export const WIDTH = 640;
/** Below this width a bar's label goes above the bar rather than beside it. */
const NARROW = 480;
/** The least width of a bar or segment that has any rows: small counts stay visible. */
const MIN_BAR = 4;
const LABEL_W = 230;
const BAR_H = 22;
const GAP = 8;

const STATUSES = [['matched', 'Matched'], ['review', 'Review'], ['no-match', 'No match']];

const noneKey = (k) => k === '' || k === 'none' || k === 'null' || k == null;

/** "3" -> "Band 3"; "2-3" -> "Band 2–3"; ""/"none" -> "No band". */
export function bandName(key) {
  return noneKey(key) ? 'No band' : `Band ${String(key).replace('-', '–')}`;
}

/** A share as a whole percent; a share that is not nothing but rounds to it is "<1%". */
const pct = (value, total) => {
  if (!total) return '0%';
  const p = Math.round((value / total) * 100);
  return p === 0 && value > 0 ? '<1%' : `${p}%`;
};

/** The sum of `key` over `lines`, grouped by `group(line)`: [[group, { rows, fte }]]. */
function sums(lines, group) {
  const out = new Map();
  for (const line of lines) {
    const key = group(line);
    const sum = out.get(key) ?? { rows: 0, fte: 0 };
    sum.rows += line.headcount;
    sum.fte += line.fte;
    out.set(key, sum);
  }
  return [...out];
}

/**
 * The numbers the charts show, from the engine's workforce summary ({ lines, total, hasFte,
 * hasCode }, lines by role and band): { total, fte, status, professions, bands, codes } where
 * each bar is { key, label, value, share, fte? }; professions are most rows first and bands in
 * band order, "none" last; codes is empty without an occupation code column.
 */
export function chartModel(workforce) {
  const lines = workforce?.lines ?? [];
  const t = workforce?.total ?? {};
  const total = Number(t.headcount) || 0;
  const hasFte = Boolean(workforce?.hasFte);
  const bar = (key, label, value, fte) => ({ key, label, value, share: pct(value, total), ...(hasFte && fte !== undefined ? { fte } : {}) });
  const counts = { matched: t.matched ?? 0, review: t.review ?? 0, 'no-match': t.noMatch ?? 0 };
  const status = STATUSES.map(([key, label]) => bar(key, label, counts[key]));
  const professions = sums(lines, (l) => l.profession ?? 'none')
    .filter(([, v]) => v.rows > 0)
    .map(([key, v]) => bar(key, noneKey(key) ? 'No standard role' : professionName(key), v.rows, v.fte))
    .sort((a, b) => noneKey(a.key) - noneKey(b.key) || b.value - a.value || a.label.localeCompare(b.label));
  const bands = sums(lines, (l) => (l.band == null ? 'none' : String(l.band)))
    .filter(([, v]) => v.rows > 0)
    .map(([key, v]) => bar(key, bandName(key), v.rows, v.fte))
    .sort((a, b) => noneKey(a.key) - noneKey(b.key) || parseFloat(a.key) - parseFloat(b.key) || a.key.localeCompare(b.key));
  const unchecked = total - (t.codeAgrees ?? 0) - (t.codeDiffers ?? 0);
  const codes = workforce?.hasCode
    ? [bar('agrees', 'Code agrees with the role', t.codeAgrees ?? 0), bar('differs', 'Code differs from the role', t.codeDiffers ?? 0),
      bar('none', 'Not checked (no code or no role)', unchecked)]
    : [];
  return { total, fte: hasFte ? t.fte : undefined, status, professions, bands, codes };
}

/** One sentence per chart, for aria-label and the caption. */
export function describeChart(title, bars) {
  return `${title}: ${bars.map((b) => `${b.label} ${b.value.toLocaleString('en-GB')} (${b.share}${b.fte !== undefined ? `, ${fteText(b.fte)}` : ''})`).join(', ') || 'none'}.`;
}

/** 25.4 -> "25.4 FTE". */
const fteText = (fte) => `${Number(fte).toLocaleString('en-GB', { maximumFractionDigits: 2 })} FTE`;

function node(doc, name, attrs = {}, text) {
  const n = doc.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

function svg(doc, title, height, width) {
  const s = node(doc, 'svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'chart' });
  s.append(node(doc, 'title', {}, title));
  return s;
}

/**
 * The widths of stacked segments of `values` filling `width`: in proportion, except that a
 * segment with any rows is at least MIN_BAR wide (taken from the others in proportion).
 */
export function segmentWidths(values, width) {
  const total = values.reduce((a, b) => a + b, 0);
  if (!total) return values.map(() => 0);
  const raw = values.map((v) => (v / total) * width);
  const small = raw.map((w, i) => values[i] > 0 && w < MIN_BAR);
  const fixed = small.filter(Boolean).length * MIN_BAR;
  const rest = raw.reduce((a, w, i) => a + (small[i] ? 0 : w), 0);
  return raw.map((w, i) => (small[i] ? MIN_BAR : rest ? (w / rest) * (width - fixed) : 0));
}

/** A stacked bar of rows by status, with a legend under it (one line, or one a status when narrow). */
export function statusChart(doc, model, width = WIDTH) {
  const description = describeChart('Rows by match status', model.status);
  const narrow = width < NARROW;
  const s = svg(doc, description, narrow ? 42 + 22 * model.status.length : 64, width);
  s.setAttribute('aria-label', description);
  let x = 0;
  const widths = segmentWidths(model.status.map((p) => p.value), width);
  for (const [i, part] of model.status.entries()) {
    const w = widths[i];
    if (w > 0) {
      const g = node(doc, 'g', { class: `bar status-${part.key}` });
      g.append(node(doc, 'rect', { x: x.toFixed(2), y: 0, width: w.toFixed(2), height: 30 }));
      if (w > 60) g.append(node(doc, 'text', { x: (x + 8).toFixed(2), y: 20, class: 'inbar' }, part.share));
      s.append(g);
    }
    x += w;
  }
  model.status.forEach((part, i) => {
    const [lx, ly] = narrow ? [0, 42 + 22 * i] : [i * Math.min(200, width / 3), 42];
    s.append(node(doc, 'rect', { x: lx, y: ly, width: 14, height: 14, class: `status-${part.key}` }));
    s.append(node(doc, 'text', { x: lx + 20, y: ly + 12, class: 'legend' }, `${part.label}: ${part.value.toLocaleString('en-GB')}`));
  });
  return s;
}

/** Horizontal bars, one per entry, scaled to the largest. */
export function barChart(doc, title, bars, kind, width = WIDTH) {
  // Narrow: each label on its own line above its bar, so that text keeps its size on a phone.
  const narrow = width < NARROW;
  const labelW = narrow ? 0 : LABEL_W;
  const step = narrow ? BAR_H + GAP + 18 : BAR_H + GAP;
  const height = Math.max(1, bars.length) * step;
  const description = describeChart(title, bars);
  const s = svg(doc, description, height, width);
  s.setAttribute('aria-label', description);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const room = width - labelW - (bars.some((b) => b.fte !== undefined) ? 170 : 90);
  bars.forEach((b, i) => {
    const top = i * step;
    const y = narrow ? top + 18 : top;
    const w = Math.max(MIN_BAR, (b.value / max) * room);
    const g = node(doc, 'g', { class: `bar ${kind} ${kind}-${b.key}${b.key === 'none' || b.key === '' ? ' none' : ''}` });
    g.append(narrow
      ? node(doc, 'text', { x: 0, y: top + 13, class: 'label' }, b.label)
      : node(doc, 'text', { x: LABEL_W - 8, y: y + 16, 'text-anchor': 'end', class: 'label' }, b.label));
    g.append(node(doc, 'rect', { x: labelW, y, width: w.toFixed(2), height: BAR_H, rx: 3 }));
    const value = `${b.value.toLocaleString('en-GB')} · ${b.share}${b.fte !== undefined ? ` · ${fteText(b.fte)}` : ''}`;
    g.append(node(doc, 'text', { x: (labelW + w + 6).toFixed(2), y: y + 16, class: 'value' }, value));
    s.append(g);
  });
  return s;
}

/**
 * The charts (three, four with an occupation code column), `width` wide (the container's, so
 * text is drawn at its size), each in a <figure> with a visible <figcaption> heading, put in
 * `container` (its previous content replaced). Returns the model drawn.
 */
export function renderChart(doc, container, workforce, width = WIDTH) {
  const model = chartModel(workforce);
  const figure = (caption, chart) => {
    const f = doc.createElement('figure');
    const c = doc.createElement('figcaption');
    c.textContent = caption;
    f.append(c, chart);
    return f;
  };
  const fte = model.fte !== undefined ? `, ${fteText(model.fte)}` : '';
  container.replaceChildren(
    figure(`Rows by match status (${model.total.toLocaleString('en-GB')} rows${fte})`, statusChart(doc, model, width)),
    figure('Rows by profession', barChart(doc, 'Rows by profession', model.professions, 'profession', width)),
    figure('Rows by Agenda for Change band', barChart(doc, 'Rows by band', model.bands, 'band', width)),
    ...(model.codes.length
      ? [figure('Rows by recorded occupation code', barChart(doc, 'Rows by recorded occupation code', model.codes, 'code', width))]
      : []),
  );
  return model;
}
