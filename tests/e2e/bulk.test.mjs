// End-to-end tests of the bulk page (www/bulk.html) in headless Chromium: node --test tests/e2e/
// They need both engines built (scripts/build-wasm.sh writes www/pkg/ and www/pkg-bulk/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, start, watchedPage, WWW } from './browser.mjs';
import { readXlsx, unzip } from './xlsx.mjs';
import { parseCsv } from './csv.mjs';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const CSV = new URL('staff.csv', FIXTURES).pathname;
const XLSX = new URL('staff.xlsx', FIXTURES).pathname;
const ESR = new URL('esr-export.csv', FIXTURES).pathname;
if (!existsSync(`${WWW}/pkg-bulk/role_standardiser_bulk.js`)) {
  throw new Error('www/pkg-bulk/ is not built: run scripts/build-wasm.sh first');
}

const APPENDED = ['standard_role_id', 'standard_role_title', 'profession', 'level', 'band', 'band_source', 'match_status', 'confidence',
  'nhs_occupation_code', 'soc2020', 'decided_by'];
/** The appended names after `width` original columns: the eleven, then code_check and context as the sheet has them. */
function assertAppended(header, width) {
  const tail = header.slice(width);
  assert.deepEqual(tail.slice(0, APPENDED.length), APPENDED);
  assert.ok(tail.slice(APPENDED.length).every((n) => ['code_check', 'context'].includes(n)), tail.join());
}
const GYM = 'exercise-rehabilitation.senior-support-worker';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function open() {
  const w = await watchedPage(env.browser, env.origin);
  await w.page.goto(`${env.origin}/bulk.html`);
  return w;
}

const text = (page, id) => page.locator(`#${id}`).textContent();

/** Waits up to 5 s for the alert to say `pattern`, then asserts it (so a miss shows what it said). */
async function assertAlert(page, pattern) {
  const said = () => page.locator('[role=alert]').textContent();
  for (let end = Date.now() + 5000; !pattern.test(await said()) && Date.now() < end;) await page.waitForTimeout(25);
  assert.match(await said(), pattern);
}

/** Chooses a file and waits for matching to finish (the status line says "Done"). */
async function load(page, file) {
  await page.setInputFiles('#file', file);
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'), null, { timeout: 30_000 });
}

async function summary(page) {
  return Object.fromEntries(await Promise.all(['n-rows', 'n-matched', 'n-review', 'n-nomatch'].map(async (id) => [id, await text(page, id)])));
}

/** The visible title rows of the review queue (not the out-of-scope group's) as { title, rows, status, role, band }. */
async function tableRows(page) {
  return page.locator('#titles tbody tr[data-title]').evaluateAll((trs) => trs.map((tr) => {
    const cells = [...tr.children].slice(1).map((c) => c.textContent.trim());
    return { title: cells[0], rows: Number(cells[1]), status: cells[2], role: cells[3], band: cells[4] };
  }));
}

/** Waits for the decisions made to be applied (the queue is no longer busy, and the status line says so). */
async function applied(page) {
  await page.waitForFunction(() => document.getElementById('review-card').getAttribute('aria-busy') === 'false'
    && document.getElementById('status').textContent.startsWith('Decisions applied:'), null, { timeout: 10_000 });
}

/** Clicks a button and returns the downloaded file's name and bytes. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

const cell = (c) => (c && typeof c === 'object' ? c.value : c ?? '');

/** How the CSV output writes a cell a spreadsheet would run as a formula (not a plain number). */
const neutralised = (c) => (/^[=+\-@\t\r]/.test(c) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(c) ? `'${c}` : c);

/**
 * Every original row, in order, with its original cells untouched (in CSV output, formula-like
 * cells neutralised), then the appended columns.
 */
function assertSameSheet(original, cleaned, { formulas = false, csv = false } = {}) {
  const width = original[0].length;
  assert.equal(cleaned.length, original.length, 'one row out per row in, header included');
  assert.deepEqual(cleaned[0].map(cell).slice(0, original[0].length), original[0].map(cell));
  assertAppended(cleaned[0].map(cell), original[0].length);
  for (let i = 1; i < original.length; i++) {
    for (let j = 0; j < width; j++) {
      const want = original[i][j];
      const got = cleaned[i][j];
      if (formulas && want && typeof want === 'object') {
        // A formula cell: kept as the formula, or as its value.
        assert.ok(got?.formula === want.formula || cell(got) === want.value, `row ${i} col ${j}: ${JSON.stringify(got)}`);
      } else {
        assert.equal(cell(got), csv ? neutralised(cell(want)) : cell(want), `row ${i} col ${j}`);
      }
    }
  }
}

/** Appended cells of the cleaned rows whose title (column 1) is `title`. */
const appendedFor = (rows, title) => rows.filter((r) => cell(r[1]) === title).map((r) => r.slice(4).map(cell));

test('the bulk page loads under the strict CSP, linked from the demo, with no errors', async () => {
  const { page, offOrigin, errors } = await watchedPage(env.browser, env.origin);
  await page.goto(`${env.origin}/index.html`);
  await page.click('header nav a[href="bulk.html"]');
  await page.waitForURL(/bulk\.html$/);
  const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /style-src 'self'/);
  assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
  assert.equal(await page.locator('[style]').count(), 0, 'no inline style');
  assert.match(await text(page, 'limit'), /500 MB/);
  // The page's limit is the engine's.
  const engineLimit = await page.evaluate(async () => {
    const m = await import('./pkg-bulk/role_standardiser_bulk.js');
    await m.default({ module_or_path: new URL('./pkg-bulk/role_standardiser_bulk_bg.wasm', location.href) });
    return m.maxInputBytes();
  });
  const { SIZE_LIMIT } = await import('../../www/bulk-table.js');
  assert.equal(engineLimit, SIZE_LIMIT);
  for (const id of ['file', 'f-search', 'f-group', 'f-profession', 'f-band', 'f-sort', 'min-confidence', 'd-search', 'import']) {
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `label for #${id}`);
  }
  assert.equal(await page.locator('[role=status][aria-live=polite]').count(), 1);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.tagName) !== 'BODY', 'keyboard reaches the controls');
  assert.deepEqual(await audit(page), [], 'axe finds nothing on the empty page');
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an empty file is refused with a clear message, before any reading', async () => {
  const { page, offOrigin, errors } = await open();
  await page.setInputFiles('#file', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await assertAlert(page, /empty\.csv: The file is empty/);
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('decisions: import a mappings CSV, edit, export it, and keep it over a reload', async () => {
  const { page, offOrigin, errors } = await open();
  await page.setInputFiles('#import', { name: 'ours.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`title,role_id,band\n"Gym Buddy, Cardiac",${GYM},\nWard Helper,healthcare-support.support-worker,2\n`) });
  await page.locator('#decisions tbody tr').nth(1).waitFor();
  assert.deepEqual(await page.locator('#decisions tbody th').allTextContents(), ['Gym Buddy, Cardiac', 'Ward Helper']);
  assert.equal(await page.locator('#decisions-notice').isVisible(), true, 'the import is confirmed on the page');
  assert.equal(await text(page, 'decisions-notice'), 'Imported 2 decisions from ours.csv.');
  await page.selectOption('select[aria-label="Band for Gym Buddy, Cardiac"]', '3');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('saved'));
  await page.waitForTimeout(200); // Chromium commits localStorage to disk asynchronously
  await page.reload();
  await page.locator('#decisions tbody tr').nth(1).waitFor();
  assert.equal(await page.locator('select[aria-label="Band for Gym Buddy, Cardiac"]').inputValue(), '3');
  const { name, bytes } = await download(page, '#export');
  assert.equal(name, 'local-mappings.csv');
  assert.equal(bytes.toString('utf8'), `title,role_id,band\n"Gym Buddy, Cardiac",${GYM},3\nWard Helper,healthcare-support.support-worker,2\n`);
  await page.click('button[aria-label="Remove the decision for Ward Helper"]');
  assert.equal(await page.locator('#decisions tbody tr').count(), 1);
  // Refused as the command line refuses it (the engine reads the file), naming the line.
  await page.setInputFiles('#import', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('name,role\nA,b\n') });
  await assertAlert(page, /bad\.csv line 1: the header has no `title` column/);
  assert.equal(await page.locator('#decisions tbody tr').count(), 1, 'a bad import changes nothing');
  await page.setInputFiles('#import', { name: 'twice.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`title,role_id\nOTA,occupational-therapy.senior-support-worker\nOTA,${GYM}\n`) });
  await assertAlert(page, /twice\.csv line 3: `OTA` is already defined at line 2; remove one of the two rows/);
  assert.equal(await page.locator('#decisions tbody tr').count(), 1, 'a refused import changes nothing');
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('CSV: summary, filter, a decision for every row of a title, reload, export, downloads, bad files', async () => {
  const { page, offOrigin, errors } = await open();
  await load(page, CSV);
  assert.deepEqual(await summary(page), { 'n-rows': '20', 'n-matched': '12', 'n-review': '3', 'n-nomatch': '5' });
  assert.equal(await text(page, 'file-distinct'), '15');
  assert.equal(await page.locator('#column').inputValue(), '1');
  assert.match(await page.locator('#charts svg').first().getAttribute('aria-label'), /Matched 12 \(60%\), Review 3 \(15%\), No match 5 \(25%\)/);

  // Review first, then the title not recognised, then the out-of-scope titles folded into one group, then matched.
  const all = await tableRows(page);
  assert.equal(all.length, 13);
  assert.deepEqual(all.slice(0, 4).map((r) => [r.title, r.rows, r.status]),
    [['Assistant practitioner', 1, 'Needs review'], ['Support worker', 1, 'Needs review'], ['Trainee AP', 1, 'Needs review'], ['Gym Buddy', 3, 'Not recognised']]);
  assert.match(await page.locator('#titles tbody tr.group').textContent(), /2 titles the engine read as other jobs \(2 rows\), such as Hospital porter, Physiotherapist/);
  assert.deepEqual(all[4], { title: 'Physio Asst B3', rows: 3, status: 'Matched', role: 'Physiotherapy Senior Support Worker', band: '3 (stated)' });

  await page.selectOption('#f-group', 'review');
  assert.deepEqual((await tableRows(page)).map((r) => r.title), ['Assistant practitioner', 'Support worker', 'Trainee AP']);
  await page.selectOption('#f-group', 'out-of-scope');
  assert.deepEqual((await tableRows(page)).map((r) => r.title), ['Hospital porter', 'Physiotherapist'], 'a filter lists the group\'s titles');
  await page.selectOption('#f-group', '');

  // Pick a role for the title not recognised with the type-ahead: it applies at once, to all three rows.
  await page.fill('input[aria-label="Choose a role for Gym Buddy"]', 'Exercise Rehabilitation Assistant');
  await page.press('input[aria-label="Choose a role for Gym Buddy"]', 'Enter');
  await page.selectOption('select[aria-label="Band for Gym Buddy"]', '4');
  await page.waitForFunction(() => document.getElementById('n-matched').textContent === '15');
  await applied(page);
  assert.deepEqual(await summary(page), { 'n-rows': '20', 'n-matched': '15', 'n-review': '3', 'n-nomatch': '2' });
  const gym = (await tableRows(page)).find((r) => r.title === 'Gym Buddy');
  assert.deepEqual(gym, { title: 'Gym Buddy', rows: 3, status: 'Your decision', role: 'Exercise Rehabilitation Assistant', band: '4 (local)' });

  // The decision survives a reload and applies as soon as the file is loaded again.
  await page.reload();
  // The saved decisions are listed once IndexedDB has opened, a moment after the page loads.
  await page.locator('#decisions tbody th').first().waitFor();
  assert.deepEqual(await page.locator('#decisions tbody th').allTextContents(), ['Gym Buddy']);
  const exported = await download(page, '#export');
  assert.equal(exported.bytes.toString('utf8'), `title,role_id,band\nGym Buddy,${GYM},4\n`);
  await load(page, CSV);
  assert.equal(await text(page, 'n-matched'), '15');

  // The cleaned CSV: every row and column as it was, the appended columns after them.
  const original = parseCsv(readFileSync(CSV, 'utf8').trimEnd());
  const csv = await download(page, '#dl-csv');
  assert.equal(csv.name, 'staff-standardised.csv');
  const cleaned = parseCsv(csv.bytes.toString('utf8').replace(/\r?\n$/, ''));
  assertSameSheet(original, cleaned, { csv: true });
  assert.equal(cleaned[4][3], "'=1+1", 'a formula-like cell is neutralised in the CSV');
  assert.equal(cleaned[2][3], 'Works across two sites,\nnorth and south');
  assert.deepEqual(appendedFor(cleaned, 'Gym Buddy').map((r) => [r[0], r[4], r[5], r[6], r[10]]), Array(3).fill([GYM, '4', 'local', 'matched', 'person']));
  assert.deepEqual(appendedFor(cleaned, 'Physio Asst B3').map((r) => r.slice(0, 7)),
    Array(3).fill(['physiotherapy.senior-support-worker', 'Physiotherapy Senior Support Worker', 'physiotherapy', 'senior-support-worker', '3', 'stated', 'matched']));
  assert.deepEqual(appendedFor(cleaned, 'Hospital porter').map((r) => r.slice(0, 7)), [['', '', '', '', '', '', 'no-match']]);

  const xlsx = await download(page, '#dl-xlsx');
  assert.equal(xlsx.name, 'staff-standardised.xlsx');
  const book = readXlsx(xlsx.bytes);
  assertSameSheet(original, book.sheets[0].rows);
  assert.deepEqual(appendedFor(book.sheets[0].rows, 'Gym Buddy').map((r) => r[0]), Array(3).fill(GYM));

  // Bad files: a clear message, and the loaded file stays loaded.
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63fcff9fa10e0005fe02fea7d6a4f30000000049454e44ae426082', 'hex');
  await page.setInputFiles('#file', { name: 'photo.csv', mimeType: 'text/csv', buffer: png });
  await assertAlert(page, /photo\.csv: .+staff\.csv is still loaded/s);
  assert.match(await text(page, 'file-name'), /^staff\.csv/);
  assert.equal(await text(page, 'n-rows'), '20');
  await page.setInputFiles('#file', { name: 'nothing.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
  await assertAlert(page, /nothing\.csv: .*empty/s);
  assert.match(await text(page, 'file-name'), /^staff\.csv/);
  const again = await download(page, '#dl-csv');
  assert.deepEqual(again.bytes, csv.bytes, 'downloads still work on the loaded file');

  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('XLSX from Calc: sheets, the same numbers, downloads cell by cell, another sheet', async () => {
  const { page, offOrigin, errors } = await open();
  await load(page, XLSX);
  assert.match(await text(page, 'file-name'), /^staff\.xlsx \(XLSX/);
  assert.equal(await page.locator('#sheet-field').isVisible(), true);
  assert.deepEqual(await page.locator('#sheet option').allTextContents(), ['Staff', 'Bank']);
  assert.deepEqual(await summary(page), { 'n-rows': '20', 'n-matched': '12', 'n-review': '3', 'n-nomatch': '5' });

  const original = readXlsx(readFileSync(XLSX)).sheets[0].rows;
  const xlsx = await download(page, '#dl-xlsx');
  assert.equal(xlsx.name, 'staff-standardised.xlsx');
  const rows = readXlsx(xlsx.bytes).sheets[0].rows;
  assertSameSheet(original, rows, { formulas: true });
  assert.deepEqual(appendedFor(rows, 'SLT Assistant Band 4').map((r) => r.slice(0, 7)),
    [['speech-and-language-therapy.assistant-practitioner', 'Speech and Language Therapy Assistant Practitioner', 'speech-and-language-therapy', 'assistant-practitioner', '4', 'stated', 'matched']]);

  const csv = await download(page, '#dl-csv');
  assert.equal(csv.name, 'staff-standardised.csv');
  const cleaned = parseCsv(csv.bytes.toString('utf8').replace(/\r?\n$/, ''));
  assert.equal(cleaned.length, 21);
  assert.deepEqual(cleaned[2].slice(0, 4), ['1002', 'OTA', 'Community Therapy', 'Works across two sites,\nnorth and south']);

  // The second sheet, without choosing the file again.
  await page.selectOption('#sheet', 'Bank');
  await page.waitForFunction(() => document.getElementById('n-rows').textContent === '4');
  assert.equal(await page.locator('#column option:checked').textContent(), 'Position Title');
  assert.deepEqual((await tableRows(page)).map((r) => r.title).sort(), ['Ambulance Care Assistant', 'Gym Buddy', 'Physio Asst B3', 'Support worker']);

  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the title column can be changed, and Cancel keeps the file loaded', async () => {
  const { page, errors } = await open();
  await load(page, CSV);
  await page.selectOption('#column', '2'); // Department: every title is now a department name
  await page.waitForFunction(() => [...document.querySelectorAll('#titles tbody th')].some((th) => th.textContent === 'MSK Outpatients'));
  assert.equal(await text(page, 'file-distinct'), '17');
  await page.selectOption('#column', '1');
  await page.waitForFunction(() => [...document.querySelectorAll('#titles tbody th')].some((th) => th.textContent === 'Gym Buddy'));
  // Cancel whatever runs next; the file stays and can be matched again.
  await page.selectOption('#column', '3');
  await page.click('#cancel', { timeout: 2000 }).catch(() => {}); // may already have finished
  if (await page.locator('#resume-row').isVisible()) {
    await page.click('#resume');
  }
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'));
  assert.match(await text(page, 'file-name'), /^staff\.csv/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a title column not found is chosen from the file\'s columns; one found by its content says why', async () => {
  const { page, offOrigin, errors } = await open();
  const codes = 'Name,Code,Ward\nAda,K01,7\nBo,K02,8\nCy,K03,9\n';
  await page.setInputFiles('#file', { name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from(codes) });
  const pick = page.locator('#pick-column');
  await pick.waitFor();
  await assertAlert(page, /codes\.csv: no job title column found/);
  assert.deepEqual(await pick.locator('option').allTextContents(), ['Name', 'Code', 'Ward']);
  await pick.selectOption('Code');
  await page.click('#use-column');
  await page.waitForFunction(() => document.getElementById('n-rows').textContent === '3');
  assert.equal(await page.locator('#column').inputValue(), '1');
  assert.match(await text(page, 'column-reason'), /“Code”: the column named/);

  // No title header, but one column's cells read as job titles: taken, and the page says why.
  const posts = 'Name,Post held,Ward\nAda,Physio Asst B3,7\nBo,OTA,8\nCy,Hospital porter,9\n';
  await load(page, { name: 'posts.csv', mimeType: 'text/csv', buffer: Buffer.from(posts) });
  assert.deepEqual(await summary(page), { 'n-rows': '3', 'n-matched': '2', 'n-review': '0', 'n-nomatch': '1' });
  assert.equal(await page.locator('#column').inputValue(), '1');
  assert.match(await text(page, 'column-reason'), /“Post held”: 100% of its first 3 cells read as job titles/);
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a header below report rows is found; the header row can be changed, or none', async () => {
  const { page, offOrigin, errors } = await open();
  const csv = 'sep=;\r\nStaff list;;\r\nRun 01/11/2026;;\r\nTitle;Position Title;Job Role\r\nMrs;OTA;Therapies\r\nMr;Porter;Estates\r\n';
  await load(page, { name: 'report.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
  assert.match(await text(page, 'file-name'), /^report\.csv \(CSV, semicolon separated, UTF-8/);
  assert.equal(await page.locator('#header-row').inputValue(), '3');
  assert.equal(await page.locator('#column option:checked').textContent(), 'Position Title');
  assert.match(await text(page, 'column-reason'), /“Position Title”: its header names the job title/);
  assert.equal(await text(page, 'n-rows'), '2');
  assert.deepEqual((await page.locator('#header-row option').allTextContents()).slice(0, 3),
    ['Row 1: Staff list', 'Row 2: Run 01/11/2026', 'Row 3: Title · Position Title · Job Role']);

  // The CSV comes back with its sep= line, report rows and line ends as they were.
  const out = (await download(page, '#dl-csv')).bytes.toString('latin1');
  assert.ok(out.startsWith('sep=;\r\nStaff list;;\r\nRun 01/11/2026;;\r\nTitle;Position Title;Job Role;standard_role_id;'), out);
  assert.match(out, /\r\nMrs;OTA;Therapies;occupational-therapy\.senior-support-worker;/);

  // No header: every row is data, and the page says so.
  await page.selectOption('#header-row', 'none');
  await page.waitForFunction(() => document.getElementById('n-rows').textContent === '5');
  assert.match(await text(page, 'file-warnings'), /The sheet has no header row/);
  assert.equal(await page.locator('#column option').first().textContent(), 'column A');
  await page.selectOption('#header-row', '3');
  await page.waitForFunction(() => document.getElementById('n-rows').textContent === '2');
  assert.equal(await page.locator('#file-warnings').isVisible(), false);
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Cancel stops matching a large sheet; the file stays loaded and can be matched again', async () => {
  const { page, errors } = await open();
  // 120,000 distinct titles: long enough to cancel part way through.
  const lines = ['Job Title,Ref'];
  for (let i = 0; i < 120_000; i++) lines.push(`Physio Asst ${i},${i}`);
  await page.setInputFiles('#file', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  await page.waitForFunction(() => Number(document.getElementById('progress').value) > 0, null, { timeout: 30_000, polling: 10 });
  await page.click('#cancel');
  await page.locator('#resume-row').waitFor();
  assert.match(await text(page, 'status'), /Cancelled\. big\.csv is still loaded/);
  assert.equal(await page.locator('#work').isVisible(), false, 'the progress bar is gone');
  assert.match(await text(page, 'file-name'), /^big\.csv/);
  await page.click('#resume');
  await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'), null, { timeout: 60_000 });
  assert.equal(await text(page, 'n-rows'), '120,000');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a large styled workbook downloads as its own package: 300,000 rows, other parts byte-identical', async () => {
  // Written as an Excel-like writer does (examples/workbook.rs: formats, formulas, a chart, two sheets).
  const dir = mkdtempSync(join(tmpdir(), 'bulk-e2e-'));
  const path = join(dir, 'staff-300k.xlsx');
  const root = new URL('../..', import.meta.url).pathname;
  execFileSync('cargo', ['run', '--release', '--quiet', '--example', 'workbook', '--', path, '300000'], { cwd: root, stdio: 'inherit' });
  const { page, errors } = await open();
  try {
    await page.setInputFiles('#file', path);
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'), null, { timeout: 180_000 });
    assert.equal(await text(page, 'n-rows'), '300,000');
    assert.equal(await page.locator('#column option:checked').textContent(), 'Position Title');
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click('#dl-xlsx')]);
    assert.equal(file.suggestedFilename(), 'staff-300k-standardised.xlsx');
    const input = readFileSync(path);
    const output = readFileSync(await file.path());
    const before = unzip(input);
    const after = unzip(output);
    const sheet = 'xl/worksheets/sheet1.xml';
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    for (const [name, bytes] of before) {
      if (name !== sheet) assert.ok(bytes.equals(after.get(name)), `${name} is byte-identical`);
    }
    // Every row, in order, with its cells as they were and the appended ones after them.
    const original = readXlsx(input).sheets[0].rows;
    const cleaned = readXlsx(output).sheets[0].rows;
    assert.equal(cleaned.length, 300_001);
    assertAppended(cleaned[0].map(cell), 10);
    for (let i = 0; i < original.length; i++) {
      const want = original[i];
      const got = cleaned[i].slice(0, want.length);
      if (JSON.stringify(got) !== JSON.stringify(want)) assert.deepEqual(got, want, `row ${i + 1}`);
      if (i > 0) assert.ok(['matched', 'review', 'no-match'].includes(cell(cleaned[i][10 + APPENDED.indexOf('match_status')])), `row ${i + 1} status`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an ESR export: the columns read beside the title are shown and can be changed; the workforce summary downloads', async () => {
  const { page, offOrigin, errors } = await open();
  await load(page, ESR);
  assert.match(await text(page, 'context-columns'), /Also read beside the title: Grade \(grade\), Occupation Code \(occupation code\).*Contracted WTE \(FTE\)/);
  // The queue is row by row, as the summary is: vague titles whose every row its columns settled need no look.
  assert.equal(await text(page, 'n-review'), '0');
  await page.selectOption('#f-group', 'review');
  assert.deepEqual(await tableRows(page), [], 'no title is left to review');
  await page.selectOption('#f-group', '');
  const vague = page.locator('#titles tbody tr[data-title="Support Worker"]');
  assert.equal(await vague.locator('td').nth(2).textContent(), 'Matched');
  assert.match(await vague.locator('.why').textContent(), /^Every row is settled by its other columns/);
  const header = readFileSync(ESR, 'utf8').split(/\r?\n/)[0].split(',');
  const select = (field) => page.locator(`#context-fields select[data-field="${field}"]`);
  assert.equal(await select('Grade').inputValue(), String(header.indexOf('Grade')));
  assert.equal(await select('FTE').inputValue(), String(header.indexOf('Contracted WTE')));
  // The title column is not offered as context.
  assert.equal(await select('Department').locator('option', { hasText: /^Position Name$/ }).count(), 0);
  assert.deepEqual(await summary(page), { 'n-rows': '360', 'n-matched': '304', 'n-review': '0', 'n-nomatch': '56' });
  assert.equal(await page.locator('#charts figure').count(), 4, 'with a code column, a chart of what the codes say');
  assert.match(await page.locator('#charts figcaption').first().textContent(), /360 rows, 281\.4 FTE/);
  await page.click('#context-details summary');
  assert.deepEqual(await audit(page), [], 'axe finds nothing on the loaded page');

  // The summary, as the command line writes it.
  const summaryCsv = await download(page, '#dl-summary-csv');
  assert.equal(summaryCsv.name, 'esr-export-workforce-summary.csv');
  const lines = parseCsv(summaryCsv.bytes.toString('utf8').replace(/\r?\n$/, ''));
  assert.deepEqual(lines[0], ['standard_role_id', 'standard_role_title', 'profession', 'level', 'band', 'headcount', 'fte', 'matched', 'review', 'no_match', 'decided_by_person', 'code_agrees', 'code_differs']);
  assert.deepEqual(lines.at(-1), ['', 'All rows', '', '', '', '360', '281.40', '304', '0', '56', '0', '186', '20']);
  const dir = mkdtempSync(join(tmpdir(), 'role-standardiser-'));
  execFileSync(new URL('../../target/release/role-standardiser', import.meta.url).pathname,
    ['clean', ESR, '--output', join(dir, 'out.csv'), '--summary', join(dir, 'summary.csv')], { stdio: 'ignore' });
  assert.deepEqual(summaryCsv.bytes, readFileSync(join(dir, 'summary.csv')), 'the page and the command line write the same summary');
  rmSync(dir, { recursive: true });
  const summaryXlsx = await download(page, '#dl-summary-xlsx');
  assert.equal(summaryXlsx.name, 'esr-export-workforce-summary.xlsx');
  const book = readXlsx(summaryXlsx.bytes);
  assert.equal(book.sheets[0].name, 'Workforce');
  assert.deepEqual(book.sheets[0].rows.at(-1).map(cell).slice(1, 7), ['All rows', '', '', '', '360', '281.4']);

  // No occupation code, no area of work, no job role, no department: the vague titles go to review.
  /** Chooses `value` for `field` and waits for the matching it starts to finish. */
  const choose = async (field, value) => {
    await page.evaluate(() => { document.getElementById('status').textContent = ''; });
    await select(field).selectOption(value);
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Done:'), null, { timeout: 30_000 });
  };
  for (const field of ['Occupation Code', 'Area of Work', 'Job Role', 'Department', 'Staff Group']) await choose(field, '');
  assert.doesNotMatch(await text(page, 'context-columns'), /Occupation Code/);
  assert.equal(await text(page, 'n-review'), '124', 'vague titles without their row are for review, as with clean --no-context --band-column Grade');
  assert.equal(await page.locator('#charts figure').count(), 3);
  const cleaned = parseCsv((await download(page, '#dl-csv')).bytes.toString('utf8').replace(/\r?\n$/, ''));
  assert.ok(!cleaned[0].includes('code_check'), 'no code column read, no code_check');
  assert.equal(cleaned[0].at(-1), 'context');
  // Read the department column as the area of work instead.
  await choose('Area of Work', String(header.indexOf('Org L5')));
  assert.match(await text(page, 'context-columns'), /Org L5 \(area of work\)/);

  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('saved decisions the engine refuses are set aside, named and removable: the file still opens', async () => {
  const { page, offOrigin, errors } = await open();
  // As an older page or a hand-edited store could have left them: a blank title, an unknown role.
  await page.evaluate((gym) => localStorage.setItem('role-standardiser:decisions', JSON.stringify([
    { title: 'Gym Buddy', roleId: gym, band: '4' },
    { title: '', roleId: 'physiotherapy.support-worker', band: '' },
    { title: 'Hospital porter', roleId: 'no-such-role', band: '' },
  ])), GYM);
  await page.reload();
  await load(page, CSV);
  // The good decision is applied; the two bad ones are listed with why, not fatal.
  assert.equal(await text(page, 'n-matched'), '15');
  assert.equal(await page.locator('#set-aside').isVisible(), true);
  const items = page.locator('#set-aside-list li');
  assert.equal(await items.count(), 2);
  assert.match(await items.nth(1).textContent(), /“Hospital porter”: unknown role id “no-such-role”: remove it, then choose its role again/);
  assert.doesNotMatch(await items.nth(1).textContent(), /your saved decisions line/);
  await items.nth(1).getByRole('button', { name: /Remove/ }).click();
  assert.equal(await items.count(), 1);
  assert.deepEqual(await page.locator('#decisions tbody th').allTextContents(), ['Gym Buddy', '(a blank title)']);
  assert.deepEqual(await audit(page), [], 'axe finds nothing with decisions set aside');
  await page.evaluate(() => localStorage.clear());
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the queue: keys to accept, set out of scope and undo; accept above a confidence; the group; decisions apply at once; Clear all asks and undoes', async () => {
  const { page, offOrigin, errors } = await open();
  await page.evaluate(() => localStorage.clear());
  await load(page, CSV);
  const row = (title) => page.locator(`#titles tbody tr[data-title="${title}"]`);
  // The queue is one stop in the Tab order (the current row and its controls), not one a control.
  await page.focus('#f-search');
  let tabs = 0;
  while (tabs < 100 && !(await page.evaluate(() => document.activeElement.id === 'dl-csv'))) { await page.keyboard.press('Tab'); tabs += 1; }
  assert.ok(tabs <= 20, `${tabs} Tab presses from the search to Download CSV`);
  // Keyboard alone: the first row, A accepts and moves on, O marks out of scope, U undoes.
  await page.locator('#titles tbody tr').first().focus();
  await page.keyboard.press('a');
  await applied(page);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.title), 'Support worker', 'the queue moves to the next title');
  assert.deepEqual(await summary(page), { 'n-rows': '20', 'n-matched': '13', 'n-review': '2', 'n-nomatch': '5' });
  await page.keyboard.press('o');
  await applied(page);
  assert.equal(await row('Support worker').locator('td').nth(2).textContent(), 'Your decision');
  assert.match(await row('Support worker').locator('.why').textContent(), /Your decision: not an AHP support role/);
  assert.equal(await text(page, 'n-nomatch'), '6');
  await page.keyboard.press('u');
  await applied(page);
  assert.equal(await row('Support worker').locator('td').nth(2).textContent(), 'Needs review');
  assert.match(await text(page, 'queue-notice'), /^Undone: “Support worker” confirmed out of scope\./);
  assert.deepEqual(await page.locator('#decisions tbody th').allTextContents(), ['Assistant practitioner']);

  // Every remaining suggestion at or above 40%, at once.
  await page.selectOption('#min-confidence', '0.4');
  assert.equal(await text(page, 'accept-above'), 'Accept 2 suggestions');
  await page.click('#accept-above');
  await applied(page);
  assert.equal(await text(page, 'n-review'), '0');

  // The out-of-scope titles are one group, confirmed in one go; they are then listed as decided.
  await page.click('#titles tbody tr.group button[aria-expanded]');
  assert.deepEqual((await tableRows(page)).slice(1, 3).map((r) => r.title), ['Hospital porter', 'Physiotherapist'], 'the group opens');
  assert.deepEqual(await audit(page), [], 'axe finds nothing with a file loaded, the queue and its group open and the chart shown');
  await page.getByRole('button', { name: 'Confirm all 2 as out of scope' }).click();
  await applied(page);
  assert.equal(await page.locator('#titles tbody tr.group').count(), 0);
  assert.equal(await page.locator('#decisions tbody tr').count(), 5);
  assert.match(await page.locator('#decisions tbody tr', { hasText: 'Hospital porter' }).textContent(), /Out of scope/);

  // A matched title is correctable too; the downloads have every decision at once, no apply step.
  await page.locator('#titles tbody tr[data-title="HCA"] button', { hasText: 'Out of scope' }).click();
  const csv = await download(page, '#dl-csv');
  const cleaned = parseCsv(csv.bytes.toString('utf8').replace(/\r?\n$/, ''));
  const of = (title) => appendedFor(cleaned, title).map((r) => [r[0], r[6], r[10]]);
  assert.deepEqual(of('HCA'), [['', 'no-match', 'person']]);
  assert.deepEqual(of('Trainee AP'), [['healthcare-support.trainee-assistant-practitioner', 'matched', 'person']]);
  assert.deepEqual(of('Hospital porter'), [['', 'no-match', 'person']]);
  assert.deepEqual(of('OTA'), Array(2).fill(['occupational-therapy.senior-support-worker', 'matched', 'engine']));

  // Search and sort.
  await page.fill('#f-search', 'physio');
  assert.deepEqual((await tableRows(page)).map((r) => r.title), ['Physio Asst B3', 'Physiotherapist']);
  await page.fill('#f-search', '');
  await page.selectOption('#f-sort', 'title');
  const titles = (await tableRows(page)).map((r) => r.title);
  assert.deepEqual(titles, [...titles].sort());
  await page.selectOption('#f-sort', 'rows');
  assert.deepEqual((await tableRows(page)).slice(0, 3).map((r) => [r.title, r.rows]), [['Gym Buddy', 3], ['Physio Asst B3', 3], ['OTA', 2]]);

  // Clear all asks first, and can be undone.
  await page.click('#clear');
  assert.match(await text(page, 'clear-question'), /^Clear all 6 decisions\?/);
  await page.click('#clear-no');
  assert.equal(await page.locator('#decisions tbody tr').count(), 6);
  await page.click('#clear');
  await page.click('#clear-yes');
  await applied(page);
  assert.equal(await page.locator('#decisions').isVisible(), false);
  assert.equal(await text(page, 'n-matched'), '12');
  await page.click('#undo-clear');
  await applied(page);
  assert.equal(await page.locator('#decisions tbody tr').count(), 6);
  assert.equal(await text(page, 'n-review'), '0');
  await page.evaluate(() => localStorage.clear());
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the role picker: the title\'s suggestions, then the engine\'s for what is typed, chosen from the keyboard; the list stays on screen', async () => {
  const { page, offOrigin, errors } = await open();
  await page.evaluate(() => localStorage.clear());
  await load(page, CSV);
  const field = (title) => page.locator(`input[aria-label="Choose a role for ${title}"]`);
  const listOf = async (input) => page.locator(`#${await input.getAttribute('aria-controls')}`);
  const options = (list) => list.locator('[role=option] .role-title').allTextContents();

  // C on a row opens its picker on the title's own suggestions.
  await page.locator('#titles tbody tr[data-title="Support worker"]').focus();
  await page.keyboard.press('c');
  const support = field('Support worker');
  const list = await listOf(support);
  await list.waitFor();
  assert.equal(await support.getAttribute('aria-expanded'), 'true');
  assert.equal(await list.getAttribute('aria-label'), 'Standard roles for Support worker');
  const offered = await list.locator('[role=option]').allTextContents();
  assert.ok(offered.length >= 1 && offered.every((t) => /suggested/.test(t)), offered.join(' | '));
  assert.deepEqual(await audit(page), [], 'axe finds nothing with the role list open');

  // Typed shorthand gets the engine's suggestions, which a filter on the roles' names would miss.
  await page.keyboard.type('physio asst');
  // The list for the whole text (a reply for fewer letters may come first).
  await page.waitForFunction((id) => document.getElementById(id).dataset.for === 'physio asst', await support.getAttribute('aria-controls'));
  await page.waitForFunction((id) => [...document.getElementById(id).querySelectorAll('.role-title')]
    .some((t) => t.textContent === 'Physiotherapy Senior Support Worker'), await support.getAttribute('aria-controls'));
  const typed = await options(list);
  assert.ok(typed.length <= 8 && typed.every((t) => !/suggested/.test(t)), typed.join(' | '));
  const at = typed.indexOf('Physiotherapy Senior Support Worker');
  for (let i = 0; i <= at; i += 1) await page.keyboard.press('ArrowDown');
  assert.equal(await support.getAttribute('aria-activedescendant'), `${await support.getAttribute('aria-controls')}-${at}`);
  assert.equal(await list.locator('[aria-selected=true] .role-title').textContent(), 'Physiotherapy Senior Support Worker');
  await page.keyboard.press('Enter');
  await applied(page);
  const decided = (await tableRows(page)).find((r) => r.title === 'Support worker');
  assert.deepEqual([decided.status, decided.role], ['Your decision', 'Physiotherapy Senior Support Worker']);

  // A click chooses too; text no role matches says so, and Escape clears the field and goes back to the row.
  const trainee = field('Trainee AP');
  await trainee.fill('zzqx');
  await page.waitForFunction(() => /No standard role matches “zzqx”/.test(document.getElementById('queue-notice').textContent));
  assert.equal(await trainee.getAttribute('aria-expanded'), 'false');
  await trainee.press('Escape');
  assert.equal(await trainee.inputValue(), '');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.title), 'Trainee AP');
  await trainee.fill('occupational therapy');
  const traineeList = await listOf(trainee);
  await traineeList.locator('[role=option]').first().waitFor();
  const clicked = await traineeList.locator('[role=option] .role-title').first().textContent();
  await traineeList.locator('[role=option]').first().click();
  await applied(page);
  assert.equal((await tableRows(page)).find((r) => r.title === 'Trainee AP').role, clicked);

  // At the foot of a phone's screen the list opens above the field, inside the screen.
  await page.setViewportSize({ width: 390, height: 700 });
  const last = page.locator('#titles tbody tr input.role-pick').last();
  await last.evaluate((input) => input.scrollIntoView({ block: 'end' }));
  await last.focus();
  const lastList = await listOf(last);
  await lastList.waitFor();
  const [box, fieldBox] = [await lastList.boundingBox(), await last.boundingBox()];
  assert.ok(box.y >= 0 && box.y + box.height <= 700 && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
  assert.ok(box.y + box.height <= fieldBox.y + 1, 'the list is above the field');
  assert.deepEqual(await audit(page), [], 'axe finds nothing on a phone with the role list open');
  await page.evaluate(() => localStorage.clear());
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a phone the queue is cards and nothing is wider than the screen', async () => {
  const { page, errors } = await open();
  await page.setViewportSize({ width: 390, height: 844 });
  await load(page, CSV);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390);
  assert.equal(await page.locator('#titles tbody tr').first().evaluate((tr) => getComputedStyle(tr).display), 'block');
  assert.equal(await page.getByRole('button', { name: 'Accept Assistant Practitioner for Assistant practitioner' }).isVisible(), true);
  assert.deepEqual(await audit(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('races: the latest file wins, Cancel while reading wins, a failed sheet switch restores the sheet', async () => {
  const { page, errors } = await open();
  // A second file chosen 20 ms after the first: the second is the one loaded.
  await page.setInputFiles('#file', XLSX);
  await page.waitForTimeout(20);
  await load(page, CSV);
  await page.waitForTimeout(500);
  assert.match(await text(page, 'file-name'), /^staff\.csv/);
  assert.equal(await text(page, 'n-rows'), '20');

  // Cancel while a large file is read and opened: nothing opens after it.
  const dir = mkdtempSync(join(tmpdir(), 'bulk-race-'));
  try {
    const big = join(dir, 'big.csv');
    execFileSync('python3', ['-c', `import sys\nw=open(sys.argv[1],'w')\nw.write('Job Title,Team\\n')\nfor i in range(600000): w.write('Physio Asst B3,Team %d\\n' % i)`, big]);
    await page.setInputFiles('#file', big);
    await page.click('#cancel');
    await page.waitForTimeout(3000);
    assert.match(await text(page, 'file-name'), /^staff\.csv/, 'the cancelled file never opens');
    assert.equal(await text(page, 'n-rows'), '20');
    assert.equal(await page.locator('#work').isVisible(), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // A sheet with no title column: the choice goes back to the sheet still loaded; the message is the page's.
  await load(page, new URL('xlsxwriter.xlsx', FIXTURES).pathname);
  await page.selectOption('#sheet', 'Notes');
  await assertAlert(page, /xlsxwriter\.xlsx: no job title column found.*xlsxwriter\.xlsx is still loaded/s);
  assert.doesNotMatch(await page.locator('#alert').textContent(), /--column|xlsxwriter\.xlsx: xlsxwriter\.xlsx/);
  assert.equal(await page.locator('#sheet').inputValue(), 'Staff');
  assert.equal(await page.locator('#pick-column').isVisible(), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the dark colour scheme and forced colours: axe finds nothing, the focused row is marked', async () => {
  const { page, errors } = await open();
  await page.emulateMedia({ colorScheme: 'dark' });
  await load(page, ESR);
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(17, 26, 32)');
  await page.locator('#titles tbody tr').first().focus();
  assert.deepEqual(await audit(page), [], 'axe finds nothing in the dark scheme with a file loaded');
  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' });
  const outline = await page.locator('#titles tbody tr').first().evaluate((tr) => getComputedStyle(tr).outlineStyle);
  assert.equal(outline, 'solid', 'the focused row keeps a visible outline in forced colours');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the queue comes back as it was left after a reload of the same file: filters, order, search, page', async () => {
  const { page, errors } = await open();
  await load(page, CSV);
  await page.selectOption('#f-group', 'matched');
  await page.selectOption('#f-sort', 'title');
  await page.fill('#f-search', 'a');
  await page.waitForTimeout(300); // the IndexedDB write commits
  await page.reload();
  await load(page, CSV);
  assert.deepEqual([await page.locator('#f-group').inputValue(), await page.locator('#f-sort').inputValue(), await page.locator('#f-search').inputValue()],
    ['matched', 'title', 'a']);
  const titles = (await tableRows(page)).map((r) => r.title);
  assert.deepEqual(titles, [...titles].sort());
  assert.ok(titles.length > 0 && (await tableRows(page)).every((r) => r.status === 'Matched'));
  // Another file: the view kept is not its own, so the controls stay as they are.
  await load(page, XLSX);
  assert.equal(await page.locator('#f-group').inputValue(), 'matched', 'a filter chosen stays while the page is open');
  assert.deepEqual(errors, []);
  await page.close();
});
