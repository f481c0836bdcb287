// Unit tests of the bulk page's pure helpers: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SIZE_LIMIT, atOrAbove, bandLabel, facets, filterRows, foldOutOfScope, formatBytes, groupOf, outputName, pageOf,
  professionName, sizeProblem, sortRows,
} from '../../www/bulk-table.js';

const row = (title, rows, status, profession = null, band = null, extra = {}) => ({
  title, rows, status, confidence: 0.5, outOfScope: false, decidedByPerson: false, ...extra,
  role: profession ? { id: `${profession}.x`, title: 'X', profession, level: 'x' } : null,
  band: band === null ? null : (typeof band === 'object' ? band : { value: band, source: 'typical' }),
  alternatives: [], summary: '',
});

const sample = [
  row('OTA', 40, 'matched', 'occupational-therapy', 3),
  row('Porter', 2, 'no-match', null, null, { outOfScope: true }),
  row('Support worker', 9, 'review', 'healthcare-support', 2),
  row('Physio asst', 40, 'matched', 'physiotherapy', 3),
  row('Gym buddy', 7, 'no-match'),
  row('AP', 9, 'review', 'healthcare-support', 4),
  row('Band 2/3 HCA', 1, 'matched', 'healthcare-support', { value: 2, max: 3, source: 'stated' }),
];

test('the queue by need: review, not recognised, out of scope, matched, decided; most rows first; then title', () => {
  const decided = row('Helper', 90, 'matched', 'healthcare-support', 2, { decidedByPerson: true });
  const nurse = row('Nurse', 5, 'no-match', null, null, { outOfScope: true });
  const list = [...sample, decided, nurse];
  assert.deepEqual(sortRows(list).map((r) => r.title),
    ['AP', 'Support worker', 'Gym buddy', 'Nurse', 'Porter', 'OTA', 'Physio asst', 'Band 2/3 HCA', 'Helper']);
  assert.deepEqual(list.map(groupOf).slice(0, 3), ['matched', 'out-of-scope', 'review']);
  assert.equal(sample[0].title, 'OTA', 'the input is not reordered');
  assert.deepEqual(sortRows(sample, 'title').map((r) => r.title)[0], 'AP');
  assert.deepEqual(sortRows(sample, 'rows').map((r) => r.rows), [40, 40, 9, 9, 7, 2, 1]);
  // The out-of-scope titles fold into one entry where the first stood; expanded, they follow it.
  const folded = foldOutOfScope(sortRows(list));
  assert.deepEqual(folded.map((r) => r.group ?? r.title), ['AP', 'Support worker', 'Gym buddy', 'out-of-scope', 'OTA', 'Physio asst', 'Band 2/3 HCA', 'Helper']);
  assert.deepEqual([folded[3].rows, folded[3].titles.map((t) => t.title)], [7, ['Nurse', 'Porter']]);
  assert.deepEqual(foldOutOfScope(sortRows(list), true).map((r) => r.group ?? r.title).slice(3, 6), ['out-of-scope', 'Nurse', 'Porter']);
  assert.equal(foldOutOfScope(sample).length, sample.length, 'one out-of-scope title is not folded');
});

test('filters by group, profession, band and search words; empty filters pass all', () => {
  assert.equal(filterRows(sample, {}).length, sample.length);
  assert.deepEqual(filterRows(sample, { group: 'unrecognised' }).map((r) => r.title), ['Gym buddy']);
  assert.deepEqual(filterRows(sample, { group: 'out-of-scope' }).map((r) => r.title), ['Porter']);
  assert.deepEqual(filterRows(sample, { profession: 'healthcare-support' }).map((r) => r.title), ['Support worker', 'AP', 'Band 2/3 HCA']);
  assert.deepEqual(filterRows(sample, { profession: 'none' }).map((r) => r.title), ['Porter', 'Gym buddy']);
  assert.deepEqual(filterRows(sample, { band: '3' }).map((r) => r.title), ['OTA', 'Physio asst']);
  assert.deepEqual(filterRows(sample, { band: '2–3' }).map((r) => r.title), ['Band 2/3 HCA']);
  assert.deepEqual(filterRows(sample, { group: 'review', band: '4' }).map((r) => r.title), ['AP']);
  assert.deepEqual(filterRows(sample, { search: 'WORKER supp' }).map((r) => r.title), ['Support worker']);
  assert.deepEqual(filterRows(sample, { group: 'matched', profession: 'none' }), []);
});

test('accept at or above a confidence takes undecided review titles with a role only', () => {
  const list = [row('A', 1, 'review', 'x', 2), { ...row('B', 1, 'review', 'x', 2), confidence: 0.8 }, row('C', 1, 'matched', 'x', 2),
    row('D', 1, 'no-match'), row('E', 1, 'review', 'x', 2, { decidedByPerson: true })];
  assert.deepEqual(atOrAbove(list, 0.5).map((r) => r.title), ['A', 'B']);
  assert.deepEqual(atOrAbove(list, 0.6).map((r) => r.title), ['B']);
});

test('facets list the values present, sorted, none last', () => {
  assert.deepEqual(facets(sample), {
    professions: ['healthcare-support', 'occupational-therapy', 'physiotherapy', 'none'],
    bands: ['2', '2–3', '3', '4', 'none'],
  });
});

test('pages are windows of at most the page size, clamped', () => {
  const many = Array.from({ length: 100_000 }, (_, i) => i);
  const p = pageOf(many, 3, 50);
  assert.equal(p.items.length, 50);
  assert.deepEqual([p.page, p.pages, p.first, p.last, p.items[0]], [3, 2000, 151, 200, 150]);
  assert.deepEqual(pageOf(many, 99_999, 50).page, 1999);
  assert.deepEqual(pageOf(many, -4, 50).page, 0);
  const last = pageOf([1, 2, 3], 0, 2);
  assert.deepEqual([pageOf([1, 2, 3], 1, 2).items, last.pages], [[3], 2]);
  assert.deepEqual(pageOf([], 0, 50), { items: [], page: 0, pages: 1, first: 0, last: 0 });
});

test('band labels and profession names', () => {
  assert.equal(bandLabel(null), '');
  assert.equal(bandLabel({ value: 3, source: 'stated' }), '3');
  assert.equal(bandLabel({ value: 2, max: 3, source: 'stated' }), '2–3');
  assert.equal(professionName('speech-and-language-therapy'), 'Speech and language therapy');
});

test('output names and size limits', () => {
  assert.equal(outputName('staff.xlsx', 'csv'), 'staff-standardised.csv');
  assert.equal(outputName('ESR export.2024.csv', 'xlsx'), 'ESR export.2024-standardised.xlsx');
  assert.equal(outputName('noext', 'csv'), 'noext-standardised.csv');
  assert.equal(SIZE_LIMIT, 500_000_000);
  assert.equal(formatBytes(SIZE_LIMIT), '500 MB');
  assert.equal(formatBytes(1500), '1.5 KB');
  assert.equal(formatBytes(999), '999 bytes');
  assert.equal(sizeProblem(1000), null);
  assert.equal(sizeProblem(SIZE_LIMIT), null);
  assert.match(sizeProblem(SIZE_LIMIT + 1), /over the 500 MB limit/);
  assert.match(sizeProblem(0), /empty/);
});

test('with row statuses the rows decide the group: settled by their columns, or sent to review', () => {
  const vague = row('Support worker', 30, 'review', 'healthcare-support', 2, { rowStatus: { matched: 30, review: 0, noMatch: 0 } });
  const sent = row('Physio asst', 4, 'matched', 'physiotherapy', 3, { rowStatus: { matched: 3, review: 1, noMatch: 0 } });
  const mixed = row('Assistant', 4, 'review', 'healthcare-support', 2, { rowStatus: { matched: 2, review: 0, noMatch: 2 } });
  const none = row('Porter', 2, 'no-match', null, null, { outOfScope: true, rowStatus: { matched: 0, review: 0, noMatch: 2 } });
  assert.deepEqual([vague, sent, mixed, none].map(groupOf), ['matched', 'review', 'review', 'out-of-scope']);
  assert.deepEqual(atOrAbove([vague, sent, mixed], 0), [sent, mixed], 'a title its rows settled is not offered to accept');
});
