// Bulk-clean benchmark in headless Chromium: a workforce export of 100k and 1M rows (titles sampled
// with repetition from the labelled titles) dropped on www/bulk.html, matched, and downloaded as CSV.
// Run after scripts/build-wasm.sh: node bench/bulk-bench.mjs [ROWS ...]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../tests/e2e/browser.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const ROWS = sizes.length ? sizes : [100_000, 1_000_000];
const titles = readFileSync(new URL('../tests/data/dev.tsv', import.meta.url), 'utf8')
  .split('\n').slice(1).map((l) => l.split('\t')[0]).filter(Boolean);

/** A CSV like an ESR export: id, title, department, FTE; titles drawn with a skew (a few very common). */
function exportCsv(rows) {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const lines = ['Employee Number,Job Title,Department,FTE'];
  for (let i = 0; i < rows; i++) {
    const t = titles[Math.floor(titles.length * rand() ** 2)];
    lines.push(`${100000 + i},"${t.replaceAll('"', '""')}",Therapies ${i % 37},${(0.5 + (i % 6) / 10).toFixed(1)}`);
  }
  return `${lines.join('\n')}\n`;
}

const dir = mkdtempSync(join(tmpdir(), 'bulk-bench-'));
const env = await start();
try {
  for (const rows of ROWS) {
    const path = join(dir, `export-${rows}.csv`);
    writeFileSync(path, exportCsv(rows));
    const page = await env.browser.newPage();
    await page.goto(`${env.origin}/bulk.html`);
    const t0 = Date.now();
    await page.setInputFiles('#file', path);
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'), null, { timeout: 600_000, polling: 50 });
    const matched = Date.now() - t0;
    const t1 = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 600_000 }), page.click('#dl-csv')]);
    const out = await download.path();
    const written = Date.now() - t1;
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean).length - 1;
    const memory = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
    console.log(`${rows.toLocaleString('en-GB')} rows: read and matched ${(matched / 1000).toFixed(2)} s, CSV written and downloaded ${(written / 1000).toFixed(2)} s, total ${((matched + written) / 1000).toFixed(2)} s; ${lines.toLocaleString('en-GB')} rows out; page JS heap ${(memory / 2 ** 20).toFixed(0)} MB`);
    if (lines !== rows) throw new Error(`rows in ${rows}, rows out ${lines}`);
    await page.close();
  }
} finally {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
}
