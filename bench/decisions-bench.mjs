// Decisions benchmark in headless Chromium, on www/bulk.html: how long importing a local
// mappings CSV of 10,000 and 100,000 decisions takes (until the page confirms it), how long a
// reload takes to show them again (from navigation to the decisions table), and, with a file
// loaded, how long the import takes to apply to it. Median of 3 runs each. Run after
// scripts/build-wasm.sh:   node bench/decisions-bench.mjs [COUNT ...]   (default: 10000 100000)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../tests/e2e/browser.mjs';

const counts = process.argv.slice(2).map(Number).filter(Boolean);
if (!counts.length) counts.push(10_000, 100_000);
const ROLES = ['physiotherapy.support-worker', 'occupational-therapy.senior-support-worker', 'none', 'podiatry.assistant-practitioner'];
const FILE = new URL('../tests/fixtures/esr-export.csv', import.meta.url).pathname;
/** A distinct word for each number (digits would be read as bands): 0 -> "ba", 1 -> "be", ... */
const word = (i) => { let w = ''; do { w += 'bcdfghjklmnpqrstvwxz'[i % 20] + 'aeiou'[Math.floor(i / 20) % 5]; i = Math.floor(i / 100); } while (i > 0); return w; };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const env = await start();
try {
  for (const n of counts) {
    const lines = ['title,role_id,band'];
    for (let i = 0; i < n; i++) lines.push(`Local ${word(i)} helper,${ROLES[i % ROLES.length]},${i % 5 === 0 ? 3 : ''}`);
    // A file on disk, as a user chooses one (a buffer would time the driver's copy of it).
    const dir = mkdtempSync(join(tmpdir(), 'decisions-bench-'));
    const csv = join(dir, 'mappings.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const times = { import: [], reload: [], applied: [] };
    for (let run = 0; run < 3; run++) {
      const page = await env.browser.newPage();
      await page.goto(`${env.origin}/bulk.html`);
      let t = Date.now();
      await page.setInputFiles('#import', csv);
      await page.waitForFunction(() => /^Imported/.test(document.getElementById('decisions-notice').textContent), null, { timeout: 60_000 });
      times.import.push(Date.now() - t);
      await page.waitForTimeout(500); // the IndexedDB write commits
      t = Date.now();
      await page.reload();
      await page.waitForFunction(() => /^Showing 1–50 of [\d,]+ decisions/.test(document.getElementById('d-shown').textContent), null, { timeout: 60_000 });
      times.reload.push(Date.now() - t);
      // With a file loaded, the same import applied to it.
      await page.setInputFiles('#file', FILE);
      await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'), null, { timeout: 60_000 });
      t = Date.now();
      await page.setInputFiles('#import', csv);
      await page.waitForFunction(() => document.getElementById('review-card').getAttribute('aria-busy') === 'false'
        && document.getElementById('status').textContent.startsWith('Decisions applied:'), null, { timeout: 60_000 });
      times.applied.push(Date.now() - t);
      await page.close();
    }
    rmSync(dir, { recursive: true, force: true });
    console.log(`${n.toLocaleString('en-GB')} decisions: import ${median(times.import)} ms, reload ${median(times.reload)} ms, import applied to a loaded file (360 rows) ${median(times.applied)} ms (median of 3)`);
  }
} finally {
  await env.close();
}
