// Shared helpers for the browser tests and benchmark: serve www/ and launch headless Chromium.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

export const WWW = fileURLToPath(new URL('../../www', import.meta.url));
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Starts the demo server (scripts/serve.mjs, in its own process as a user runs it, so that the
 * driver's work never delays a response) on a free port, and a browser. `www` is the folder
 * served (another build's, for a before-and-after benchmark). Returns { origin, browser, close }.
 */
export async function start({ www = WWW } = {}) {
  const server = spawn(process.execPath, [fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url)), www],
    { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let printed = '';
  server.stdout.setEncoding('utf8');
  for await (const chunk of server.stdout) {
    printed += chunk;
    if (printed.includes('\n')) break;
  }
  const origin = printed.match(/http:\/\/[\d.]+:\d+/)?.[0];
  if (!origin) { server.kill(); throw new Error(`the demo server did not start: ${printed}`); }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return { origin, browser, close: async () => { await browser.close(); server.kill(); await once(server, 'exit'); } };
}

/** A page that records off-origin requests and console errors. */
export async function watchedPage(browser, origin) {
  const page = await browser.newPage();
  const offOrigin = [];
  const errors = [];
  page.on('request', (r) => { if (!r.url().startsWith(origin + '/')) offOrigin.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, offOrigin, errors };
}

const AXE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

/**
 * Audits the page as it is now with axe-core (WCAG 2.1 A and AA, and best practice): the
 * violations, a line each (rule, what it asks, the first nodes at fault). axe is evaluated
 * through the driver, so the page's strict CSP is left as it is.
 */
export async function audit(page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
  });
  return violations;
}
