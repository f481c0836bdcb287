// Unit tests of the summary charts, drawn into a minimal DOM stand-in: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandName, chartModel, renderChart, segmentWidths } from '../../www/bulk-chart.js';

/** Just enough of a DOM: elements with attributes, children and textContent (no innerHTML at all). */
class Node {
  constructor(name, ns = null) { this.name = name; this.ns = ns; this.attrs = {}; this.children = []; this.text = ''; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  getAttribute(k) { return this.attrs[k] ?? null; }
  append(...nodes) { this.children.push(...nodes); }
  replaceChildren(...nodes) { this.children = nodes; }
  set textContent(t) { this.text = String(t); this.children = []; }
  get textContent() { return this.text + this.children.map((c) => c.textContent).join(''); }
  all(name) { return this.children.flatMap((c) => [...(c.name === name ? [c] : []), ...c.all(name)]); }
}
const doc = { createElement: (n) => new Node(n), createElementNS: (ns, n) => new Node(n, ns) };

/** A workforce summary as the engine writes it: lines by role and band, then the total. */
const line = (profession, band, headcount, { matched = headcount, review = 0, noMatch = 0, fte = 0 } = {}) => ({
  roleId: profession && `${profession}.x`, roleTitle: null, profession, level: null, band, headcount, fte, matched, review, noMatch, codeAgrees: 0, codeDiffers: 0,
});
const workforce = {
  lines: [
    line('physiotherapy', 3, 3), line('occupational-therapy', 2, 3), line('healthcare-support', 3, 4, { matched: 1, review: 3 }),
    line('dietetics', 4, 1), line('dietetics', 3, 0), line('podiatry', 4, 2), line(null, null, 5, { matched: 0, noMatch: 5 }),
  ],
  total: { ...line(null, null, 18, { matched: 10, review: 3, noMatch: 5 }), roleTitle: 'All rows' },
  hasFte: false,
  hasCode: false,
};

test('the model: status shares, professions most first, bands in order, none last, zeros dropped', () => {
  const m = chartModel(workforce);
  assert.equal(m.total, 18);
  assert.deepEqual(m.status.map((s) => [s.key, s.value, s.share]), [['matched', 10, '56%'], ['review', 3, '17%'], ['no-match', 5, '28%']]);
  assert.deepEqual(m.professions.map((p) => [p.label, p.value]),
    [['Healthcare support', 4], ['Occupational therapy', 3], ['Physiotherapy', 3], ['Podiatry', 2], ['Dietetics', 1], ['No standard role', 5]]);
  assert.deepEqual(m.bands.map((b) => [b.label, b.value]), [['Band 2', 3], ['Band 3', 7], ['Band 4', 3], ['No band', 5]]);
  assert.equal(bandName('2-3'), 'Band 2–3');
  assert.deepEqual(chartModel({ lines: [], total: { headcount: 0 } }).status.map((s) => s.share), ['0%', '0%', '0%']);
  assert.deepEqual(m.codes, []);
  assert.equal(m.fte, undefined);
});

test('with FTE and occupation codes: FTE beside each bar, and a chart of what the codes say', () => {
  const w = {
    lines: [line('physiotherapy', 3, 2, { fte: 1.8 }), line('physiotherapy', 2, 1, { fte: 0.5 }), line(null, null, 1, { matched: 0, noMatch: 1, fte: 1 })],
    total: { ...line(null, null, 4, { matched: 3, noMatch: 1, fte: 3.3 }), codeAgrees: 2, codeDiffers: 1 },
    hasFte: true,
    hasCode: true,
  };
  const m = chartModel(w);
  assert.deepEqual(m.professions.map((p) => [p.label, p.value, p.fte]), [['Physiotherapy', 3, 2.3], ['No standard role', 1, 1]]);
  assert.deepEqual(m.codes.map((c) => [c.key, c.value]), [['agrees', 2], ['differs', 1], ['none', 1]]);
  const container = new Node('div');
  renderChart(doc, container, w);
  assert.deepEqual(container.children.map((f) => f.children[0].textContent),
    ['Rows by match status (4 rows, 3.3 FTE)', 'Rows by profession', 'Rows by Agenda for Change band', 'Rows by recorded occupation code']);
  assert.match(container.all('svg')[1].textContent, /Physiotherapy3 · 75% · 2\.3 FTE/);
  assert.match(container.all('svg')[3].getAttribute('aria-label'), /Code differs from the role 1 \(25%\)/);
});

test('rendered SVG: three labelled figures, bars scaled to the largest, accessible text', () => {
  const container = new Node('div');
  renderChart(doc, container, workforce);
  const figures = container.children;
  assert.deepEqual(figures.map((f) => f.children[0].textContent),
    ['Rows by match status (18 rows)', 'Rows by profession', 'Rows by Agenda for Change band']);
  const svgs = container.all('svg');
  assert.equal(svgs.length, 3);
  for (const s of svgs) {
    assert.equal(s.ns, 'http://www.w3.org/2000/svg');
    assert.equal(s.getAttribute('role'), 'img');
    assert.ok(s.getAttribute('aria-label').length > 20);
    assert.equal(s.all('title')[0].textContent, s.getAttribute('aria-label'));
  }
  assert.equal(svgs[0].getAttribute('aria-label'), 'Rows by match status: Matched 10 (56%), Review 3 (17%), No match 5 (28%).');
  // Stacked bar: widths are shares of the full width and add up to it.
  const stacked = svgs[0].all('g').map((g) => Number(g.all('rect')[0].getAttribute('width')));
  assert.deepEqual(stacked.map(Math.round), [356, 107, 178]);
  // Profession bars: the largest (5, no role) is the longest; 4 is four fifths of it.
  const widths = svgs[1].all('rect').map((r) => Number(r.getAttribute('width')));
  assert.equal(Math.max(...widths), widths[5]);
  assert.ok(Math.abs(widths[0] / widths[5] - 4 / 5) < 0.01);
  assert.match(svgs[2].textContent, /Band 3.*7 · 39%/);
});

test('text from the data is set as text, never parsed as markup', () => {
  const container = new Node('div');
  renderChart(doc, container, { lines: [line('<img src=x onerror=alert(1)>', 3, 1)], total: line(null, null, 1) });
  const labels = container.all('text').map((t) => t.text);
  assert.ok(labels.includes('<img src=x onerror=alert(1)>'));
});

test('small counts stay visible and say <1%; a narrow chart puts labels above the bars', () => {
  const workforce = { lines: [line('physiotherapy', 5, 4), line('podiatry', 3, 996)], total: { ...line(null, null, 1000), matched: 996, review: 4, noMatch: 0 } };
  const m = chartModel(workforce);
  assert.deepEqual(m.status.map((s) => s.share), ['100%', '<1%', '0%']);
  const widths = segmentWidths([996, 4, 0], 640);
  assert.equal(widths[1], 4, 'a segment of 4 rows in 1,000 is still 4 units wide');
  assert.equal(widths[2], 0);
  assert.ok(Math.abs(widths.reduce((a, b) => a + b, 0) - 640) < 1e-9);
  const container = new Node('div');
  renderChart(doc, container, workforce, 358);
  const svgs = container.all('svg');
  assert.equal(svgs[0].getAttribute('width'), '358');
  const labels = svgs[1].all('text').filter((t) => t.getAttribute('class') === 'label');
  assert.ok(labels.every((t) => t.getAttribute('x') === '0'), 'labels start at the left, above their bars');
});
