// The demo server serves its root and nothing outside it (scripts/serve.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { serve } from '../../scripts/serve.mjs';

/** GETs a raw path (sent as written, not normalised by a URL parser): the status code. */
const get = (port, path) => new Promise((ok, fail) => {
  request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => { res.resume(); ok(res.statusCode); })
    .on('error', fail).end();
});

test('a path outside the root is refused, also beside it in a folder whose name starts alike', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-'));
  mkdirSync(join(dir, 'www'));
  mkdirSync(join(dir, 'www-private'));
  writeFileSync(join(dir, 'www', 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(dir, 'www', '..notes.txt'), 'inside');
  writeFileSync(join(dir, 'www-private', 'secret.txt'), 'secret');
  const server = await serve(join(dir, 'www'), 0);
  const { port } = server.address();
  try {
    assert.equal(await get(port, '/'), 200);
    assert.equal(await get(port, '/..notes.txt'), 200, 'a name starting with two dots is inside');
    for (const path of ['/..%2fwww-private/secret.txt', '/%2e%2e/www-private/secret.txt', '/../www-private/secret.txt', '/..%2f..%2fetc/passwd']) {
      assert.notEqual(await get(port, path), 200, path);
    }
    assert.equal(await get(port, '/%E0%A4%A'), 404, 'a malformed escape');
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
