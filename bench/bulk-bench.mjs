// Bulk-clean benchmark in headless Chromium, as a user drops a file on www/bulk.html: it is read,
// matched and downloaded. Two workloads:
// - CSV: a workforce export of 100k and 1M rows (titles sampled with repetition from the
//   labelled titles), downloaded as CSV;
// - XLSX: a styled workbook of 1M rows (examples/workbook.rs: formats, formulas, a chart, two
//   sheets), downloaded as XLSX (the user's own package, edited);
// - stream: a national ESR extract (scripts/make-extract.py; 1.94M rows are 730 MB), over the
//   page's 500 MB review limit, so cleaned as a stream and downloaded as CSV;
// - xlsx-stream: the same extract as a workbook (examples/extract_xlsx.rs, up to Excel's
//   1,048,575 rows, whose sheet XML is 1,100 MB), over the 1,000 MB a workbook is opened in, so
//   cleaned as a stream and downloaded as the workbook.
// Reports time, the page's largest JavaScript heap and the peak memory of Chromium's processes
// (resident, summed; both polled every 100 ms; Linux). Run after scripts/build-wasm.sh:
//   node bench/bulk-bench.mjs [csv ROWS ...] [xlsx ROWS ...] [stream ROWS ...] [xlsx-stream ROWS ...]
//   (default: csv 100000 1000000 xlsx 1000000)
// BENCH_WWW=other/www serves another build's pages (a before-and-after comparison).
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { start } from '../tests/e2e/browser.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const runs = [];
let kind = 'csv';
for (const a of args) {
  if (['csv', 'xlsx', 'stream', 'xlsx-stream'].includes(a)) kind = a;
  else if (Number(a)) runs.push({ kind, rows: Number(a) });
}
if (!runs.length) runs.push({ kind: 'csv', rows: 100_000 }, { kind: 'csv', rows: 1_000_000 }, { kind: 'xlsx', rows: 1_000_000 });

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

/** Resident memory of Chromium's processes among this process's descendants, in bytes (Linux /proc). */
function chromiumRss(pid = process.pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* gone */ }
  }
  let total = 0;
  for (const queue = [pid]; queue.length;) {
    const p = queue.pop();
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const rss = status.match(/VmRSS:\s+(\d+) kB/);
      if (/^Name:\s+chrom/m.test(status) && rss) total += Number(rss[1]) * 1024;
    } catch { /* gone */ }
    queue.push(...(children.get(p) ?? []));
  }
  return total;
}

const MB = (b) => `${(b / 1e6).toFixed(0)} MB`;

/** Line ends in a file, counted as it streams (a string cannot hold 700 MB). */
async function lineEnds(path) {
  let n = 0;
  for await (const chunk of createReadStream(path)) for (const b of chunk) if (b === 10) n += 1;
  return n;
}
const dir = mkdtempSync(join(tmpdir(), 'bulk-bench-'));
const env = await start({ www: process.env.BENCH_WWW || undefined });
try {
  for (const { kind: k, rows } of runs) {
    let path = join(dir, `export-${rows}.${k}`);
    if (k === 'csv') writeFileSync(path, exportCsv(rows));
    else if (k === 'stream') {
      path = join(dir, `extract-${rows}.csv`);
      execFileSync('python3', [join(ROOT, 'scripts/make-extract.py'), String(rows), path], { stdio: 'inherit' });
    } else if (k === 'xlsx-stream') {
      const csv = join(dir, `extract-${rows}.csv`);
      path = join(dir, `extract-${rows}.xlsx`);
      execFileSync('python3', [join(ROOT, 'scripts/make-extract.py'), String(rows), csv], { stdio: 'inherit' });
      execFileSync('cargo', ['run', '--release', '--quiet', '--example', 'extract_xlsx', '--', csv, path], { cwd: ROOT, stdio: 'inherit' });
      rmSync(csv);
    } else {
      path = join(dir, `export-${rows}.xlsx`);
      execFileSync('cargo', ['run', '--release', '--quiet', '--example', 'workbook', '--', path, String(rows)], { cwd: ROOT, stdio: 'inherit' });
    }
    const page = await env.browser.newPage();
    await page.goto(`${env.origin}/bulk.html`);
    const base = chromiumRss();
    let peak = base;
    // The page's JavaScript heap (performance.memory, Chromium's; a worker does not report it).
    let heap = 0;
    const poll = setInterval(() => {
      peak = Math.max(peak, chromiumRss());
      page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0).then((h) => { heap = Math.max(heap, h); }, () => {});
    }, 100);
    const t0 = Date.now();
    await page.setInputFiles('#file', path);
    await page.waitForFunction(() => /^(Done:|Could not)/.test(document.getElementById('status').textContent) || !document.getElementById('alert').hidden,
      null, { timeout: 900_000, polling: 100 });
    const failed = await page.evaluate(() => !document.getElementById('alert').hidden && document.getElementById('alert').textContent);
    if (failed) throw new Error(`${k} ${rows}: ${failed}`);
    const matched = Date.now() - t0;
    // A streamed clean: the worker's WebAssembly memory and JavaScript heap at the end.
    const worker = k.endsWith('stream') ? page.workers()[0] : null;
    const inWorker = worker && await worker.evaluate(() => ({ ...globalThis.streamStats, heap: performance.memory?.usedJSHeapSize ?? null }));
    const t1 = Date.now();
    const button = { csv: '#dl-csv', xlsx: '#dl-xlsx', stream: '#dl-streamed', 'xlsx-stream': '#dl-streamed' }[k];
    const outcome = await Promise.race([
      Promise.all([page.waitForEvent('download', { timeout: 900_000 }), page.click(button)]).then(([d]) => d),
      page.waitForFunction(() => !document.getElementById('alert').hidden, null, { timeout: 900_000, polling: 100 })
        .then(async () => { throw new Error(`${k} ${rows} download: ${await page.locator('#alert').textContent()}`); }),
    ]);
    const out = await outcome.path();
    const written = Date.now() - t1;
    clearInterval(poll);
    const size = statSync(out).size;
    let check = '';
    if (k === 'csv' || k === 'stream') {
      const lines = (await lineEnds(out)) - 1;
      if (lines !== rows) throw new Error(`rows in ${rows}, rows out ${lines}`);
      check = `${lines.toLocaleString('en-GB')} rows out`;
    } else {
      const head = readFileSync(out).subarray(0, 4).toString('latin1');
      if (head !== 'PK\x03\x04') throw new Error('the download is not a workbook');
      check = `${MB(size)} workbook out`;
    }
    console.log(`${k.toUpperCase()} ${rows.toLocaleString('en-GB')} rows (${MB(statSync(path).size)}): read and matched ${(matched / 1000).toFixed(1)} s, ${k.toUpperCase()} written and downloaded ${(written / 1000).toFixed(1)} s; ${check}; Chromium peak ${MB(peak)} (${MB(peak - base)} over the empty page); the page's JS heap at most ${MB(heap)}${inWorker ? `; the worker's WebAssembly memory ${MB(inWorker.wasmBytes)}, its JS heap ${inWorker.heap === null ? 'not reported' : MB(inWorker.heap)}` : ''}`);
    await page.close();
  }
} finally {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
}
