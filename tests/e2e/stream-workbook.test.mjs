// End-to-end test of a workbook too large for the page to open whole, cleaned as a stream in the
// worker (www/bulk-worker.js, `cleanWorkbook`): LibreOffice's staff.xlsx with its second sheet
// made a gigabyte of monthly bank shifts (tests/fixtures/make-large-workbook.py), so that its
// parts declare over the 1 GB a workbook is opened in while the file is about 100 MB. Its
// first sheet is cleaned and downloaded as the workbook and again as CSV, each byte for byte
// what the command line writes. About a minute: most of it writing the gigabyte.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, start, watchedPage } from './browser.mjs';
import { unzip } from './xlsx.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'target/release/role-standardiser');
const SHEET = 'xl/worksheets/sheet1.xml';

let env;
let dir;
let input;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rs-stream-workbook-'));
  input = join(dir, 'snapshots.xlsx');
  execFileSync('python3', [join(ROOT, 'tests/fixtures/make-large-workbook.py'), join(ROOT, 'tests/fixtures/staff.xlsx'), input, '1050']);
  env = await start();
});
after(async () => {
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the command line writes for `input` as `name` (its extension picks the format), with `args`. */
function cli(name, args = []) {
  const out = join(dir, name);
  execFileSync(CLI, ['clean', input, '--output', out, ...args], { stdio: 'ignore' });
  return readFileSync(out);
}

/** Waits for the streamed clean to finish, then downloads it: what it said, its name and bytes. */
async function cleaned(page) {
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'), null, { timeout: 300_000 });
  const status = await page.locator('#status').textContent();
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('#dl-streamed')]);
  return { status, name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('a workbook that inflates past what the page opens is cleaned as a stream, as the command line cleans it', async () => {
  const { page, offOrigin, errors } = await watchedPage(env.browser, env.origin);
  await page.goto(`${env.origin}/bulk.html`);
  await page.setInputFiles('#file', input);
  const workbook = await cleaned(page);
  assert.match(await page.locator('#streamed-lead').textContent(), /^snapshots\.xlsx is too large to be reviewed here \(its parts unpacked are over the 1 GB a workbook is opened in\), so its first sheet, Staff, was cleaned as a stream: .* written back into the workbook, everything else in it kept/);
  assert.match(await page.locator('#streamed-file').textContent(), /^snapshots\.xlsx \(XLSX, \d+(\.\d)? MB\)$/);
  assert.equal(await page.locator('#review-card').isHidden(), true, 'no review table for a streamed file');
  assert.match(workbook.status, /The cleaned workbook is ready to download\.$/);
  assert.deepEqual(await audit(page), []);
  if (process.env.SHOT) await page.locator('#streamed').screenshot({ path: `${process.env.SHOT}-streamed-workbook.png` });

  assert.equal(workbook.name, 'snapshots-standardised.xlsx');
  const want = cli('out.xlsx');
  assert.ok(workbook.bytes.equals(want), 'the page writes the workbook the command line writes');
  // Every part but the cleaned sheet is the input's, the gigabyte sheet among them.
  const before = unzip(readFileSync(input));
  const after = unzip(workbook.bytes);
  assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
  for (const [name, bytes] of before) {
    if (name !== SHEET) assert.ok(bytes.equals(after.get(name)), `${name} is byte-identical`);
  }
  assert.match(after.get(SHEET).toString('utf8'), /standard_role_id/);
  const rows = await page.locator('#streamed-rows').textContent();
  assert.equal(rows, String((after.get(SHEET).toString('utf8').match(/<row /g).length - 1)));

  // The same sheet as CSV.
  assert.equal(await page.locator('#again-streamed').textContent(), 'Clean it again as CSV');
  await page.evaluate(() => { document.getElementById('status').textContent = ''; });
  await page.click('#again-streamed');
  const csv = await cleaned(page);
  assert.match(csv.status, /The cleaned CSV is ready to download\.$/);
  assert.equal(csv.name, 'snapshots-standardised.csv');
  assert.ok(csv.bytes.equals(cli('out.csv')), 'the page writes the CSV the command line writes');
  assert.equal(await page.locator('#streamed-rows').textContent(), rows);
  assert.equal(await page.locator('#again-streamed').textContent(), 'Clean it again as a workbook');
  assert.match(await page.locator('#streamed-lead').textContent(), /written as CSV, the columns appended/);

  // The layout found is shown and can be changed: another title column cleans it again, as
  // --column does; the sheet is offered, the header row found.
  assert.equal(await page.locator('#streamed-pick option:checked').textContent(), 'Job Title');
  assert.equal(await page.locator('#streamed-header').inputValue(), '1');
  assert.equal(await page.locator('#streamed-sheet-field').isVisible(), true);
  assert.deepEqual(await page.locator('#streamed-sheet option').allTextContents(), ['Staff', 'Bank']);
  await page.evaluate(() => { document.getElementById('status').textContent = ''; });
  await page.selectOption('#streamed-pick', { label: 'Department' });
  const department = await cleaned(page);
  assert.ok(department.bytes.equals(cli('department.csv', ['--column', 'Department'])), 'another title column, as the command line cleans it');
  assert.equal(await page.locator('#streamed-column').textContent(), 'Department');
  assert.match(await page.locator('#streamed-reason').textContent(), /^`Department`: the column named/);
  // No header row: the title column is found again, by its cells, as --header-row none finds it.
  await page.evaluate(() => { document.getElementById('status').textContent = ''; });
  await page.selectOption('#streamed-header', 'none');
  const headless = await cleaned(page);
  assert.ok(headless.bytes.equals(cli('headless.csv', ['--header-row', 'none'])), 'no header row, as the command line cleans it');
  assert.equal(await page.locator('#streamed-header').inputValue(), 'none');
  assert.equal(await page.locator('#streamed-rows').textContent(), String(Number(rows) + 1), 'the header is a row of data');
  // A title column that does not exist is refused; the clean before is kept.
  await page.evaluate(() => {
    const pick = document.getElementById('streamed-pick');
    pick.append(new Option('column ZZ', '701'));
    pick.value = '701';
    pick.dispatchEvent(new Event('change'));
  });
  await page.locator('#alert').waitFor({ state: 'visible' });
  assert.match(await page.locator('#alert').textContent(), /column ZZ.*The last clean of snapshots\.xlsx is still ready to download\./s);
  assert.equal(await page.locator('#streamed').isVisible(), true);
  assert.deepEqual(await audit(page), []);
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});
