// The bulk page's worker (a module Worker): it holds the file's Bulk engine and does all the
// parsing, matching and writing, so the page never freezes. Messages in: open, column, mappings,
// download; out: opened, progress, matched, file, error (each carries the request id; an open
// that finds no title column also carries the file's columns).
// Cancelling is the page terminating this worker and starting a fresh one.

import init, { Bulk } from './pkg-bulk/role_standardiser_bulk.js';

/** Distinct titles matched between progress messages. */
const CHUNK = 2000;

let ready = null;
let bulk = null;

const load = () => (ready ??= init({ module_or_path: new URL('./pkg-bulk/role_standardiser_bulk_bg.wasm', import.meta.url) }));
const message = (e) => (e instanceof Error ? e.message : String(e));

/** What the page shows about the loaded file. */
function info(b) {
  const ragged = b.ragged();
  return {
    format: b.format, sheets: b.sheets(), sheet: b.sheet, header: b.header(), rows: b.rows,
    titleColumn: b.titleColumn, distinct: b.distinctCount, ragged: ragged.length, raggedLines: ragged.slice(0, 10),
  };
}

/** A result cut to what the table needs, so 100,000 titles cross to the page cheaply. */
function row({ title, rows, result }) {
  const role = result.role && { id: result.role.id, title: result.role.title, profession: result.role.profession, level: result.role.level };
  return {
    title, rows, status: result.status, confidence: result.confidence, role,
    band: result.band ? { value: result.band.value, source: result.band.source, ...(result.band.max ? { max: result.band.max } : {}) } : null,
    alternatives: (result.alternatives ?? []).map((a) => ({ id: a.role.id, title: a.role.title, confidence: a.confidence })),
    reason: result.explanation?.reason ?? '',
  };
}

/** Matches every distinct title in chunks, posting progress, then the table and the summary. */
function matchAll(id) {
  const total = bulk.distinctCount;
  let done = 0;
  postMessage({ type: 'progress', id, done, total });
  while (done < total) {
    const next = bulk.matchNext(CHUNK);
    if (next <= done) throw new Error(`matching stopped at ${done} of ${total} distinct titles`);
    done = next;
    postMessage({ type: 'progress', id, done, total });
  }
  postMessage({ type: 'matched', id, titles: bulk.titles().map(row), summary: bulk.summary() });
}

const handlers = {
  async open({ id, buffer, fileName, sheet, column, columnName, mappings }) {
    await load();
    // A failure leaves the previous file's engine in place: nothing already loaded is lost.
    const bytes = new Uint8Array(buffer);
    let next;
    try {
      next = new Bulk(bytes, fileName, sheet ?? null, mappings ?? null, columnName ?? null);
    } catch (e) {
      // No title column found by its name: send the columns, for the person to choose one.
      let columns = null;
      if (/title column/i.test(message(e))) {
        try { columns = Bulk.readHeader(bytes, fileName, sheet ?? null); } catch { /* the first message stands */ }
      }
      postMessage({ type: 'error', id, request: 'open', message: message(e), columns });
      return;
    }
    if (column != null && column !== next.titleColumn) next.titleColumn = column;
    bulk?.free();
    bulk = next;
    postMessage({ type: 'opened', id, info: info(bulk), roles: bulk.roles() });
    matchAll(id);
  },
  column({ id, column }) {
    bulk.titleColumn = column;
    postMessage({ type: 'opened', id, info: info(bulk) });
    matchAll(id);
  },
  mappings({ id, csv }) {
    bulk.setLocalMappings(csv);
    matchAll(id);
  },
  download({ id, format }) {
    const bytes = format === 'xlsx' ? bulk.toXlsx() : bulk.toCsv();
    postMessage({ type: 'file', id, format, bytes }, [bytes.buffer]);
  },
};

onmessage = async ({ data }) => {
  try {
    const handler = handlers[data.type];
    if (!handler) throw new Error(`unknown request ${data.type}`);
    if (data.type !== 'open' && !bulk) throw new Error('no file is loaded');
    await handler(data);
  } catch (e) {
    postMessage({ type: 'error', id: data.id, request: data.type, message: message(e) });
  }
};
