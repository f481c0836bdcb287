// Unit tests of the summary charts, drawn into a minimal DOM stand-in: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandName, chartModel, renderChart } from '../../www/bulk-chart.js';

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

const summary = {
  rows: 20, matched: 12, review: 3, noMatch: 5,
  byProfession: { physiotherapy: 3, 'occupational-therapy': 3, 'healthcare-support': 4, none: 5, dietetics: 1, podiatry: 0 },
  byBand: { 3: 9, 2: 3, 4: 3, none: 5 },
};

test('the model: status shares, professions most first, bands in order, none last, zeros dropped', () => {
  const m = chartModel(summary);
  assert.equal(m.total, 20);
  assert.deepEqual(m.status.map((s) => [s.key, s.value, s.share]), [['matched', 12, '60%'], ['review', 3, '15%'], ['no-match', 5, '25%']]);
  assert.deepEqual(m.professions.map((p) => [p.label, p.value]),
    [['Healthcare support', 4], ['Occupational therapy', 3], ['Physiotherapy', 3], ['Dietetics', 1], ['No profession (no match)', 5]]);
  assert.deepEqual(m.bands.map((b) => b.label), ['Band 2', 'Band 3', 'Band 4', 'No band']);
  assert.equal(bandName('2-3'), 'Band 2–3');
  assert.deepEqual(chartModel({ rows: 0, matched: 0, review: 0, noMatch: 0 }).status.map((s) => s.share), ['0%', '0%', '0%']);
});

test('rendered SVG: three labelled figures, bars scaled to the largest, accessible text', () => {
  const container = new Node('div');
  renderChart(doc, container, summary);
  const figures = container.children;
  assert.deepEqual(figures.map((f) => f.children[0].textContent),
    ['Rows by match status (20 rows)', 'Rows by profession', 'Rows by Agenda for Change band']);
  const svgs = container.all('svg');
  assert.equal(svgs.length, 3);
  for (const s of svgs) {
    assert.equal(s.ns, 'http://www.w3.org/2000/svg');
    assert.equal(s.getAttribute('role'), 'img');
    assert.ok(s.getAttribute('aria-label').length > 20);
    assert.equal(s.all('title')[0].textContent, s.getAttribute('aria-label'));
  }
  assert.equal(svgs[0].getAttribute('aria-label'), 'Rows by match status: Matched 12 (60%), Review 3 (15%), No match 5 (25%).');
  // Stacked bar: widths are shares of the full width and add up to it.
  const stacked = svgs[0].all('g').map((g) => Number(g.all('rect')[0].getAttribute('width')));
  assert.deepEqual(stacked, [384, 96, 160]);
  // Profession bars: the largest (5, no profession) is the longest; 4 is four fifths of it.
  const widths = svgs[1].all('rect').map((r) => Number(r.getAttribute('width')));
  assert.equal(Math.max(...widths), widths[4]);
  assert.ok(Math.abs(widths[0] / widths[4] - 4 / 5) < 0.01);
  assert.match(svgs[2].textContent, /Band 3.*9 · 45%/);
});

test('text from the data is set as text, never parsed as markup', () => {
  const container = new Node('div');
  renderChart(doc, container, { rows: 1, matched: 1, review: 0, noMatch: 0, byProfession: { '<img src=x onerror=alert(1)>': 1 }, byBand: {} });
  const labels = container.all('text').map((t) => t.text);
  assert.ok(labels.includes('<img src=x onerror=alert(1)>'));
});
