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

test('plain English: review, no-match, chosen; no red mid-word; the vague reading first; nonsense offers nothing', async () => {
  const { page, errors } = await open('index.html');
  const box = input(page);
  const widget = page.locator('role-standardiser');
  const status = widget.locator('[part=status]');
  const statusIs = (kind) => page.waitForFunction((k) => document.querySelector('role-standardiser').shadowRoot.querySelector('[part=status]').className === k, kind);
  await box.pressSequentially('Support worker', { delay: 10 });
  await widget.locator('[role=option].review').first().waitFor();
  assert.equal(await status.getAttribute('class'), 'review');
  assert.match(await status.textContent(), /Needs a look: the title names no profession; likeliest Healthcare Support Worker/);
  const options = await widget.locator('[role=option]').allTextContents();
  for (const text of options) assert.doesNotMatch(text, /healthcare-support|multi therapy|`|level /, text);
  await box.press('Enter');
  assert.match(await status.textContent(), /^Chosen: Healthcare Support Worker\. Needs a look: /);
  assert.doesNotMatch(await status.textContent(), /Selected|Needs review/);

  await box.fill('');
  await box.pressSequentially('Hospital porter', { delay: 10 });
  await statusIs('no-match');
  assert.match(await status.textContent(), /^A porter, domestic or ancillary title: not an AHP support role\.$/);
  assert.equal(await box.getAttribute('aria-expanded'), 'false');

  // Mid-word, an unknown start is not a failure yet; a finished word is.
  await box.fill('');
  await box.pressSequentially('hc', { delay: 30 });
  await page.waitForFunction(() => /keep typing/.test(document.querySelector('role-standardiser').shadowRoot.querySelector('[part=status]').textContent));
  assert.equal(await status.getAttribute('class'), '');
  await box.press('Space');
  await statusIs('no-match');

  await box.fill('');
  await box.pressSequentially('🙂🙂🙂');
  await box.press('Enter');
  await statusIs('no-match');
  assert.equal(await status.textContent(), 'No words to read, only symbols, numbers or a band.');

  // Nonsense with one letter after it: no suggestion flashes.
  await box.fill('');
  const shown = [];
  await page.exposeFunction('sawOptions', (n) => shown.push(n));
  await page.evaluate(() => {
    const list = document.querySelector('role-standardiser').shadowRoot.querySelector('[part=listbox]');
    new MutationObserver(() => { if (!list.hidden) window.sawOptions(list.children.length); }).observe(list, { attributes: true, childList: true });
  });
  await box.pressSequentially('xqzt p', { delay: 30 });
  await page.waitForTimeout(100);
  assert.deepEqual(shown, [], 'no suggestions for a letter after nonsense');

  // A vague title: the vague reading comes first, above any trainee or other reading.
  await box.fill('');
  await box.pressSequentially('assistant practitioner', { delay: 10 });
  const first = widget.locator('[role=option]').first();
  await first.waitFor();
  assert.match(await first.locator('.title').textContent(), /^Assistant Practitioner/);
  assert.equal(await first.getAttribute('class'), 'review');
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

test('profession names, not ids; options read as separate parts; the listbox is named', async () => {
  const { page, errors } = await open('index.html');
  const widget = page.locator('role-standardiser');
  await input(page).pressSequentially('Rehab SW', { delay: 10 });
  const first = widget.locator('[role=option]').first();
  await first.waitFor();
  assert.match(await first.locator('.meta').textContent(), /Therapy and rehabilitation \(multi-professional\)/);
  const name = await page.evaluate(() => {
    const option = document.querySelector('role-standardiser').shadowRoot.querySelector('[role=option]');
    return option.textContent;
  });
  assert.match(name, /Worker\. \d+% confident\. Band 2/, 'parts separated for a screen reader');
  assert.equal(await widget.locator('[role=listbox]').getAttribute('aria-label'), 'Suggested standard roles');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the open list hides neither the status nor the page, and stays in the window at 200% zoom', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 640, height: 400 }]) {
    const { page, errors } = await open('intranet.html');
    await page.setViewportSize(viewport);
    await input(page).pressSequentially('support worker', { delay: 10 });
    const widget = page.locator('role-standardiser');
    await widget.locator('[role=option]').first().waitFor();
    const geometry = await page.evaluate(() => {
      const root = document.querySelector('role-standardiser').shadowRoot;
      const list = root.querySelector('[part=listbox]').getBoundingClientRect();
      const status = root.querySelector('[part=status]').getBoundingClientRect();
      const save = document.querySelector('button[type=submit]').getBoundingClientRect();
      return { list: { top: list.top, bottom: list.bottom }, status: { bottom: status.bottom }, save: { top: save.top }, height: innerHeight };
    });
    assert.ok(geometry.status.bottom <= geometry.list.top, `status above the list: ${JSON.stringify(geometry)}`);
    assert.ok(geometry.save.top >= geometry.list.bottom, `the Save button below the list, not under it: ${JSON.stringify(geometry)}`);
    assert.ok(geometry.list.bottom <= geometry.height + 1, `the list within the window: ${JSON.stringify(geometry)}`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('dark scheme and forced colours', async () => {
  const { page, errors } = await open('index.html');
  await page.emulateMedia({ colorScheme: 'dark' });
  const bg = () => input(page).evaluate((i) => getComputedStyle(i).backgroundColor);
  assert.equal(await bg(), 'rgb(27, 37, 44)');
  await input(page).pressSequentially('Support worker', { delay: 10 });
  await page.locator('role-standardiser').locator('[role=option]').first().waitFor();
  assert.deepEqual(await audit(page), [], 'axe finds nothing in the dark scheme with the list open');
  await input(page).fill('');
  await page.emulateMedia({ colorScheme: 'dark', forcedColors: 'active' });
  await input(page).pressSequentially('OTA', { delay: 10 });
  await page.locator('role-standardiser').locator('[role=option]').first().waitFor();
  await input(page).press('ArrowDown');
  const active = await page.locator('role-standardiser').locator('[aria-selected=true]').evaluate((o) => {
    const probe = document.createElement('span');
    probe.style.backgroundColor = 'Highlight';
    document.body.append(probe);
    const highlight = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return { bg: getComputedStyle(o).backgroundColor, highlight };
  });
  assert.equal(active.bg, active.highlight, 'the active option takes the system highlight');
  await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
  assert.equal(await bg(), 'rgb(255, 255, 255)');
  assert.deepEqual(errors, []);
  await page.close();
});

test('value prefills and resets; disabled and readonly; form state restore', async () => {
  const { page, errors } = await open('index.html');
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', `<form id="f2"><fieldset id="fs">
      <role-standardiser id="w2" name="r2" value="dietetics.senior-support-worker"></role-standardiser></fieldset>
      <role-standardiser id="w3" name="r3" readonly value="podiatry.support-worker"></role-standardiser></form>`);
  });
  const w2 = page.locator('#w2');
  const data = () => page.evaluate(() => Object.fromEntries(new FormData(document.getElementById('f2'))));
  await page.waitForFunction(() => document.getElementById('w2').shadowRoot.querySelector('input').value !== '');
  assert.equal(await w2.locator('input').inputValue(), 'Dietetic Senior Support Worker');
  await page.waitForFunction(() => document.getElementById('w3').shadowRoot.querySelector('input').value !== '');
  assert.deepEqual(await data(), { r2: 'dietetics.senior-support-worker', r3: 'podiatry.support-worker' });

  // Edited, then reset: back to the attribute's role.
  await w2.locator('input').fill('OTA');
  assert.equal((await data()).r2, '');
  await page.evaluate(() => document.getElementById('f2').reset());
  await page.waitForFunction(() => document.getElementById('w2').shadowRoot.querySelector('input').value === 'Dietetic Senior Support Worker');
  assert.equal((await data()).r2, 'dietetics.senior-support-worker');

  // Readonly: shown and submitted, no suggestions.
  assert.equal(await page.locator('#w3').locator('input').evaluate((i) => i.readOnly), true);
  await page.locator('#w3').locator('input').press('ArrowDown');
  assert.equal(await page.locator('#w3').locator('input').getAttribute('aria-expanded'), 'false');

  // Disabled by its fieldset: the field is disabled and nothing is submitted.
  await page.evaluate(() => { document.getElementById('fs').disabled = true; });
  assert.equal(await w2.locator('input').evaluate((i) => i.disabled), true);
  assert.equal((await data()).r2, undefined);
  await page.evaluate(() => { document.getElementById('fs').disabled = false; document.getElementById('w3').disabled = true; });
  assert.equal(await page.locator('#w3').locator('input').evaluate((i) => i.disabled), true);
  assert.equal((await data()).r3, undefined);

  // State restore gives the element the id it saved.
  await page.evaluate(() => document.getElementById('w2').formStateRestoreCallback('ambulance.support-worker', 'restore'));
  await page.waitForFunction(() => document.getElementById('w2').value === 'ambulance.support-worker' && document.getElementById('w2').shadowRoot.querySelector('input').value !== 'Dietetic Senior Support Worker');
  assert.equal(await w2.locator('input').inputValue(), (await page.evaluate(() => document.getElementById('w2').result.role.title)));
  assert.deepEqual(errors, []);
  await page.close();
});

test('mappings that fail to load fall back to the built-in engine with a note and an event', async () => {
  const { page, errors } = await open('index.html');
  await page.evaluate(() => {
    window.mappingsErrors = [];
    document.addEventListener('mappings-error', (e) => window.mappingsErrors.push(e.detail));
    document.body.insertAdjacentHTML('beforeend', '<role-standardiser id="m" mappings="no-such-file.csv"></role-standardiser>');
  });
  const m = page.locator('#m');
  await page.waitForFunction(() => window.mappingsErrors.length === 1);
  const [detail] = await page.evaluate(() => window.mappingsErrors);
  assert.equal(detail.url, 'no-such-file.csv');
  assert.match(detail.message, /HTTP 404/);
  assert.match(await m.locator('[part=note]').textContent(), /could not be loaded, so the lookup uses the standard ones only/);
  assert.equal(await m.locator('[part=note]').getAttribute('role'), 'status');
  await m.locator('input').pressSequentially('physio asst b3', { delay: 10 });
  await m.locator('[role=option]').first().waitFor();
  // A 404 is logged by the browser itself; nothing else goes wrong.
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
  await page.close();
});

test('axe finds nothing on the demo and intranet pages with the list closed', async () => {
  for (const path of ['index.html', 'intranet.html']) {
    const { page, errors } = await open(path);
    await pick(page, 'OTA');
    assert.deepEqual(await audit(page), [], `axe on ${path}, a role chosen`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
