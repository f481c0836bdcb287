// Shared helpers for the browser tests and benchmark: serve www/ and launch headless Chromium.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';

export const WWW = fileURLToPath(new URL('../../www', import.meta.url));
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts a server on a free port and a browser; returns { origin, browser, close }. */
export async function start() {
  const server = await serve(WWW, 0);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return { origin, browser, close: async () => { await browser.close(); server.close(); } };
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
