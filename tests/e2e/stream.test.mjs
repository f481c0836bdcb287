// End-to-end test of a CSV over the page's 500 MB review limit, cleaned as a stream in the
// worker (www/bulk-worker.js, `cleanStream`): a generated ESR export of 510 MB, with a saved
// decision, is cleaned and downloaded; every row comes back in order with its bytes and the
// appended columns, the decision applied. About a minute: it reads and writes half a gigabyte.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, start, watchedPage } from './browser.mjs';
import { parseCsv } from './csv.mjs';

const ESR = new URL('../fixtures/esr-export.csv', import.meta.url).pathname;
const GYM = 'exercise-rehabilitation.senior-support-worker';
/** Over the page's 500 MB limit for a file it lays out whole. */
const SIZE = 510_000_000;

const [HEADER, ...ROWS] = readFileSync(ESR, 'utf8').split('\r\n').filter(Boolean);
/** Data line `i` of the generated file: the fixture's rows in turn, each with its own assignment number, and a title a decision maps. */
function line(i) {
  if (i % 97 === 0) return `${30000000 + i}-1,Gym Buddy,,,,Additional Clinical Services,,Cardiac Rehab,1.00`;
  return ROWS[i % ROWS.length].replace(/^[^,]*/, `${30000000 + i}-1`);
}

let env;
let dir;
let input;
let lines = 0;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rs-stream-'));
  input = join(dir, 'national.csv');
  const out = createWriteStream(input);
  let size = 0;
  let chunk = `${HEADER}\r\n`;
  while (size + chunk.length < SIZE || chunk) {
    if (chunk.length > 1 << 20 || size + chunk.length >= SIZE) {
      if (!out.write(chunk)) await once(out, 'drain');
      size += chunk.length;
      chunk = '';
      if (size >= SIZE) break;
    }
    chunk += `${line(lines)}\r\n`;
    lines += 1;
  }
  out.end();
  await once(out, 'finish');
  env = await start();
});
after(async () => {
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a CSV over 500 MB is cleaned as a stream with the saved decisions, every row in order with its bytes', async () => {
  const { page, offOrigin, errors } = await watchedPage(env.browser, env.origin);
  await page.goto(`${env.origin}/bulk.html`);
  await page.setInputFiles('#import', { name: 'ours.csv', mimeType: 'text/csv', buffer: Buffer.from(`title,role_id,band\nGym Buddy,${GYM},3\n`) });
  await page.locator('#decisions tbody tr').first().waitFor();
  await page.setInputFiles('#file', input);
  // Progress by bytes: the first pass measures, the second cleans.
  await page.waitForFunction(() => /^(Measuring|Cleaning) national\.csv/.test(document.getElementById('progress-label').textContent), null, { timeout: 60_000 });
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'), null, { timeout: 600_000 });
  assert.equal(await page.locator('#streamed-rows').textContent(), lines.toLocaleString('en-GB'));
  assert.equal(await page.locator('#streamed-column').textContent(), 'Position Name');
  assert.match(await page.locator('#streamed-reason').textContent(), /Also read: .*Grade \(Grade\)/);
  assert.equal(await page.locator('#n-rows').textContent(), lines.toLocaleString('en-GB'));
  assert.equal(await page.locator('#review-card').isHidden(), true, 'no review table for a streamed file');
  assert.deepEqual(await audit(page), []);

  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#dl-streamed')]);
  assert.equal(file.suggestedFilename(), 'national-standardised.csv');
  const output = join(dir, 'out.csv');
  await file.saveAs(output);
  const read = createInterface({ input: createReadStream(output), crlfDelay: Infinity });
  let i = -1;
  let gym = 0;
  for await (const got of read) {
    if (i === -1) {
      assert.ok(got.startsWith(`${HEADER},standard_role_id,standard_role_title,`), got);
    } else {
      const want = line(i);
      if (!got.startsWith(`${want},`)) assert.fail(`line ${i + 2}: ${got} does not start with ${want}`);
      if (i % 97 === 0) {
        const cells = parseCsv(`${got}\n`)[0];
        assert.equal(cells[9], GYM, got);
        assert.equal(cells[19], 'person', got);
        gym += 1;
      }
    }
    i += 1;
  }
  assert.equal(i, lines, 'every row comes back');
  assert.equal(gym, Math.ceil(lines / 97));

  // Its titles open in the review queue; decisions made there apply when it is cleaned again.
  if (process.env.SHOT) await page.locator('#streamed').screenshot({ path: `${process.env.SHOT}-streamed.png` });
  const distinct = await page.locator('#review-streamed').textContent();
  assert.match(distinct, /^Review its \d+ job titles$/);
  const cells = await page.locator('#streamed-distinct').textContent();
  assert.match(await page.locator('#review-streamed-note').textContent(), new RegExp(`^Opens the titles \\(its ${cells} distinct cells, as the engine read them\\) in the review queue`));
  await page.click('#review-streamed');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'), null, { timeout: 30_000 });
  assert.equal(await page.locator('#file-name').textContent().then((t) => t.startsWith('national-titles.csv')), true);
  assert.equal(await page.locator('#file-rows').textContent(), distinct.match(/\d+/)[0]);
  assert.equal(await page.locator('#streamed').isHidden(), true);
  assert.equal(await page.locator('#review-card').isVisible(), true);
  if (process.env.SHOT) await page.screenshot({ path: `${process.env.SHOT}-titles.png`, fullPage: true });
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});
