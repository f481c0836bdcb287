// End-to-end test of the npm package as a web admin uses it: packed, installed from the tarball,
// its www/ folder copied to /vendor/rs/ of a page served under a strict CSP, and driven in
// headless Chromium: node --test tests/e2e/ (after scripts/build-wasm.sh; it does not build).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { audit, CHROMIUM_ARGS, watchedPage } from './browser.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "(.+)"$/m)[1];
/** What a page needs, and the licences; nothing else (no bulk page, www/pkg-bulk/, src/, tests). */
const FILES = ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'package.json',
  'www/pkg/role_standardiser.d.ts', 'www/pkg/role_standardiser.js', 'www/pkg/role_standardiser_bg.wasm',
  'www/pkg/role_standardiser_bg.wasm.d.ts', 'www/role-standardiser.d.ts', 'www/role-standardiser.js'];
/** Only what the element needs: its script and wasm from the origin, fetches to it; no styles, no inline script. */
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; base-uri 'none'; form-action 'self'";
const PAGE = `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>New starter</title>
  <script type="module" src="/vendor/rs/role-standardiser.js"></script>
</head>
<body>
<main>
  <h1>New starter</h1>
  <form>
    <role-standardiser name="role" title-name="job_title" required></role-standardiser>
    <button type="submit">Save</button>
  </form>
</main>
</body>
</html>
`;
const PHYSIO = 'physiotherapy.senior-support-worker';

let scratch, packed, server, origin, browser;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'role-standardiser-package-'));
  [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch],
    { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const site = join(scratch, 'site');
  writeFileSync(join(scratch, 'package.json'), '{ "private": true }\n');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(scratch, packed.filename)],
    { cwd: scratch, stdio: ['ignore', 'ignore', 'inherit'] });
  cpSync(join(scratch, 'node_modules/role-standardiser/www'), join(site, 'vendor/rs'), { recursive: true });
  writeFileSync(join(site, 'index.html'), PAGE);
  server = await serve(site, 0);
  server.prependListener('request', (req, res) => res.setHeader('content-security-policy', CSP));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/**
 * Opens the page; returns the page, a check that nothing went wrong on it (no CSP violation,
 * console error, page error or request off the origin), and helpers on its one element.
 */
async function open() {
  const { page, offOrigin, errors } = await watchedPage(browser, origin);
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective}: ${e.blockedURI}`), true);
  });
  const response = await page.goto(`${origin}/`);
  assert.equal(response.headers()['content-security-policy'], CSP);
  await page.evaluate(() => {
    const el = document.querySelector('role-standardiser');
    window.selected = [];
    window.changes = 0;
    el.addEventListener('role-selected', (e) => window.selected.push(e.detail));
    el.addEventListener('change', () => { window.changes += 1; });
  });
  const clean = async () => {
    assert.deepEqual(await page.evaluate(() => window.violations), [], 'CSP violations');
    assert.deepEqual(errors, [], 'console and page errors');
    assert.deepEqual(offOrigin, [], 'requests off the origin');
  };
  const box = page.locator('role-standardiser').locator('input');
  const form = (field) => page.evaluate((f) => new FormData(document.querySelector('form')).get(f), field);
  const prop = (name) => page.evaluate((n) => document.querySelector('role-standardiser')[n], name);
  const valid = () => page.evaluate(() => document.querySelector('form').checkValidity());
  return { page, clean, box, form, prop, valid };
}

/** Types a title, waits for the suggestions and presses Enter; returns the role-selected detail. */
async function choose(page, box, title) {
  await box.pressSequentially(title, { delay: 20 });
  await page.locator('role-standardiser').locator('[role=option]').first().waitFor();
  await box.press('Enter');
  return page.evaluate(() => window.selected.at(-1));
}

test('the tarball holds what a page needs and nothing else', () => {
  assert.equal(packed.filename, `role-standardiser-${VERSION}.tgz`);
  assert.equal(packed.version, VERSION);
  assert.deepEqual(packed.files.map((f) => f.path).sort(), FILES);
});

test('installed from the tarball, in a folder of its own, under a strict CSP: type, choose, submit, edit, required', async () => {
  const { page, clean, box, form, prop, valid } = await open();
  assert.equal(await valid(), false, 'required, nothing chosen');
  assert.equal(await page.evaluate(() => document.querySelector('role-standardiser').validity.valueMissing), true);
  await box.pressSequentially('physio asst b3', { delay: 20 });
  await page.locator('role-standardiser').locator('[role=option]').first().waitFor();
  assert.deepEqual(await audit(page), [], 'axe, with the suggestions open');
  await box.press('Enter');
  const detail = await page.evaluate(() => window.selected.at(-1));
  assert.equal(detail.role.id, PHYSIO);
  assert.equal(await prop('value'), PHYSIO);
  assert.equal((await prop('result')).role.id, PHYSIO);
  assert.equal(await box.inputValue(), detail.role.title);
  assert.equal(await form('role'), PHYSIO, 'the role id under name');
  assert.equal(await valid(), true, 'required, a role chosen');

  await box.fill('Physio helper');
  assert.equal(await form('role'), '', 'text edited after a choice submits no role');
  assert.equal(await prop('value'), '');
  assert.equal(await valid(), false, 'required, the choice cleared');
  await clean();
  await page.close();
});

test('change fires when the user chooses the role and when an edit clears it', async () => {
  const { page, clean, box } = await open();
  await choose(page, box, 'physio asst b3');
  assert.equal(await page.evaluate(() => window.changes), 1, 'change on choosing');
  await box.fill('Physio helper');
  assert.equal(await page.evaluate(() => window.changes), 2, 'change on clearing');
  await clean();
  await page.close();
});

test('title-name: the title as typed is submitted beside the role; text is the field\'s text', async () => {
  const { page, clean, box, form, prop } = await open();
  await choose(page, box, 'physio asst b3');
  assert.equal(await form('job_title'), 'physio asst b3', 'the typed title under title-name, a role chosen');
  await box.fill('Physio helper');
  assert.equal(await prop('text'), 'Physio helper');
  assert.equal(await form('job_title'), 'Physio helper', 'the edited title under title-name, with no role');
  assert.equal(await form('role'), '');
  await clean();
  await page.close();
});

test('value set from script shows the role and submits it; an unknown id clears', async () => {
  const { page, clean, box, form, prop } = await open();
  await page.evaluate(() => { document.querySelector('role-standardiser').value = 'occupational-therapy.support-worker'; });
  await page.waitForFunction(() => document.querySelector('role-standardiser').shadowRoot.querySelector('input').value
    === 'Occupational Therapy Support Worker', null, { timeout: 5000 });
  assert.equal(await box.inputValue(), 'Occupational Therapy Support Worker');
  assert.equal(await prop('value'), 'occupational-therapy.support-worker');
  assert.equal(await form('role'), 'occupational-therapy.support-worker');

  await page.evaluate(() => { document.querySelector('role-standardiser').value = 'no-such.role'; });
  await page.waitForFunction(() => document.querySelector('role-standardiser').value === '', null, { timeout: 5000 });
  assert.equal(await form('role'), '');
  await clean();
  await page.close();
});
