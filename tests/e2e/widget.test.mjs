// End-to-end tests of <role-standardiser> in headless Chromium: node --test tests/e2e/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { audit, start, watchedPage } from './browser.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function open(path) {
  const w = await watchedPage(env.browser, env.origin);
  await w.page.goto(`${env.origin}/${path}`);
  await w.page.evaluate(() => {
    window.selected = [];
    document.addEventListener('role-selected', (e) => window.selected.push(e.detail));
  });
  return w;
}

const input = (page) => page.locator('role-standardiser').locator('input');

/** Types a title, waits for suggestions, picks one with the keyboard; returns the event detail. */
async function pick(page, title, downs = 1) {
  const box = input(page);
  await box.fill('');
  await box.pressSequentially(title, { delay: 20 });
  await page.locator('role-standardiser').locator('[role=option]').first().waitFor();
  for (let i = 0; i < downs; i++) await box.press('ArrowDown');
  await box.press('Enter');
  return page.evaluate(() => window.selected.at(-1));
}

const cases = [
  ['physio asst b3', 'physiotherapy.senior-support-worker', 3, 'stated'],
  ['OTA', 'occupational-therapy.senior-support-worker', 3, 'typical'],
  ['Rehab SW', 'multi-therapy.support-worker', 2, 'typical'],
];

for (const path of ['index.html', 'intranet.html']) {
  test(`${path}: messy titles picked with the keyboard`, async () => {
    const { page, offOrigin, errors } = await open(path);
    for (const [title, id, band, source] of cases) {
      const detail = await pick(page, title);
      assert.equal(detail.status, 'matched', title);
      assert.equal(detail.role.id, id, title);
      assert.equal(detail.band.value, band, title);
      assert.equal(detail.band.source, source, title);
      assert.equal(detail.input, title);
      const value = await page.evaluate(() => new FormData(document.querySelector('form')).get('role'));
      assert.equal(value, id, `FormData for ${title}`);
      assert.equal(await input(page).inputValue(), detail.role.title);
    }
    // With suggestions open, as a person sees the control mid-search.
    await input(page).fill('');
    await input(page).pressSequentially('support worker', { delay: 20 });
    await page.locator('role-standardiser').locator('[role=option]').first().waitFor();
    assert.deepEqual(await audit(page), [], `axe finds nothing on ${path}`);
    assert.deepEqual(offOrigin, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('the form submits only the role the field still shows; required; Enter submits with the list closed', async () => {
  const { page, errors } = await open('index.html');
  const role = () => page.evaluate(() => new FormData(document.querySelector('form')).get('role'));
  const valid = () => page.evaluate(() => document.querySelector('form').checkValidity());
  await pick(page, 'physio asst b3');
  assert.equal(await role(), 'physiotherapy.senior-support-worker');
  await input(page).fill('Physiotherapist');
  assert.equal(await role(), '', 'text changed after a choice submits no role');
  await pick(page, 'OTA');
  assert.equal(await role(), 'occupational-therapy.senior-support-worker');
  await input(page).press('Escape');
  assert.equal(await input(page).inputValue(), '');
  assert.equal(await role(), '', 'Escape clears the choice with the text');

  await page.evaluate(() => document.querySelector('role-standardiser').setAttribute('required', ''));
  assert.equal(await valid(), false, 'required with nothing chosen');
  assert.match(await page.evaluate(() => document.querySelector('role-standardiser').validationMessage), /Choose a standard role/);
  await pick(page, 'OTA');
  assert.equal(await valid(), true);

  await page.evaluate(() => document.querySelector('form').addEventListener('submit', (e) => {
    window.submittedRole = new FormData(e.target).get('role');
  }, { once: true }));
  await input(page).press('Enter');
  await page.waitForFunction(() => window.submittedRole !== undefined);
  assert.equal(await page.evaluate(() => window.submittedRole), 'occupational-therapy.senior-support-worker');
  assert.deepEqual(errors, []);
  await page.close();
});

test('combobox ARIA and keys: Down, Up, Home, End, Escape', async () => {
  const { page, errors } = await open('index.html');
  const box = input(page);
  await box.pressSequentially('support worker', { delay: 10 });
  const options = page.locator('role-standardiser').locator('[role=option]');
  await options.first().waitFor();
  const count = await options.count();
  assert.ok(count >= 3);
  assert.equal(await box.getAttribute('role'), 'combobox');
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  const listId = await box.getAttribute('aria-controls');
  assert.equal(await page.locator('role-standardiser').locator(`#${listId}`).getAttribute('role'), 'listbox');
  const active = () => box.getAttribute('aria-activedescendant');
  const selectedId = () => page.locator('role-standardiser').locator('[aria-selected=true]').getAttribute('id');
  await box.press('ArrowDown');
  assert.equal(await active(), await options.nth(0).getAttribute('id'));
  await box.press('End');
  assert.equal(await active(), await options.nth(count - 1).getAttribute('id'));
  assert.equal(await selectedId(), await active());
  await box.press('Home');
  assert.equal(await active(), await options.nth(0).getAttribute('id'));
  await box.press('ArrowUp');
  assert.equal(await active(), await options.nth(count - 1).getAttribute('id'));
  await box.press('Escape');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.equal(await box.getAttribute('aria-activedescendant'), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test('review and no-match states are shown', async () => {
  const { page, errors } = await open('index.html');
  const box = input(page);
  const status = page.locator('role-standardiser').locator('[part=status]');
  await box.pressSequentially('Support worker', { delay: 10 });
  await page.locator('role-standardiser').locator('[role=option].review').first().waitFor();
  assert.equal(await status.getAttribute('class'), 'review');
  assert.match(await status.textContent(), /review/i);
  await box.fill('');
  await box.pressSequentially('Hospital porter', { delay: 10 });
  await page.waitForFunction(() => document.querySelector('role-standardiser').shadowRoot.querySelector('[part=status]').className === 'no-match');
  assert.match(await status.textContent(), /No standard support role/);
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  assert.deepEqual(errors, []);
  await page.close();
});

test('local mappings from the mappings attribute win', async () => {
  const { page, offOrigin, errors } = await open('intranet.html');
  const detail = await pick(page, 'ward therapy helper');
  assert.equal(detail.role.id, 'multi-therapy.support-worker');
  assert.equal(detail.band.source, 'local');
  assert.deepEqual(offOrigin, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the wasm loads once for many elements', async () => {
  const { page, errors } = await watchedPage(env.browser, env.origin);
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  await page.goto(`${env.origin}/index.html`);
  await page.evaluate(() => {
    for (let i = 0; i < 3; i++) document.body.append(document.createElement('role-standardiser'));
  });
  const boxes = page.locator('role-standardiser').locator('input');
  for (let i = 0; i < 4; i++) await boxes.nth(i).pressSequentially('OTA');
  await page.locator('role-standardiser').nth(3).locator('[role=option]').first().waitFor();
  assert.equal(wasm.length, 1, `wasm requests: ${wasm}`);
  assert.deepEqual(errors, []);
  await page.close();
});
