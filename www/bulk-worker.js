// The bulk page's worker (a module Worker): it holds the file's Bulk engine and does all the
// parsing, matching and writing, and reads and writes local mappings, so the page never freezes
// and never parses a format itself. Each request { id, type, ...args } gets one reply
// { id, type: 'result', value } or { id, type: 'error', message, columns? }, with
// { id, type: 'progress', done, total } between while it matches (and { opened, roles? } once a
// file, column or header row is opened, before matching). Requests: open, column, header,
// context, mappings, download (the cleaned sheet or the workforce summary), stream (a CSV over
// the limit, or a workbook too large to open whole, cleaned as a stream into a Blob), suggest
// (the role picker's type-ahead), parseMappings, mappingsCsv, limit. An open that finds such a
// workbook replies { type: 'error', stream: true }: the page streams it instead. Cancelling is
// the page terminating this worker.

import init, {
  Bulk, cleanStream, cleanWorkbook, localMappingsCsv, maxInputBytes, maxOpenedWorkbookBytes, parseLocalMappings,
  streamsAsCsv, streamsAsWorkbook,
} from './pkg-bulk/role_standardiser_bulk.js';
import { MIME } from './bulk-table.js';

/** Distinct titles matched between progress messages. */
const CHUNK = 2000;

let ready = null;
let bulk = null;
/** The WebAssembly's exports once loaded (its memory, for the benchmark). */
let wasm = null;

const load = () => (ready ??= init({ module_or_path: new URL('./pkg-bulk/role_standardiser_bulk_bg.wasm', import.meta.url) }).then((w) => { wasm = w; }));
const message = (e) => (e instanceof Error ? e.message : String(e));

/**
 * Gives `b` the page's decisions as local mappings: the rows the engine accepts are used, the
 * ones it refuses come back set aside ({ title, message }), so a bad saved decision never stops
 * a file opening. One reading of the mappings.
 */
function applyDecisions(b, decisions) {
  const csv = decisions?.length ? localMappingsCsv(decisions) : 'title,role_id,band\n';
  return b.applyLocalMappings(csv, 'your saved decisions');
}

/** What the page shows about the loaded file: its table, where the header and titles are and why. */
function info(b) {
  const ragged = b.ragged();
  return {
    format: b.format, workbookExtension: b.workbookExtension, keepsWorkbook: b.keepsWorkbook,
    encoding: b.encoding ?? null, delimiter: b.delimiter ?? null,
    sheets: b.sheets(), sheet: b.sheet, columns: b.columns(), rows: b.rows,
    headerRow: b.headerRow ?? null, firstRows: b.firstRows(), titleColumn: b.titleColumn, titleReason: b.titleReason,
    contextColumns: b.contextColumns, contextFields: Bulk.contextFields(), appendedNames: b.appendedNames,
    warnings: b.warnings(), distinct: b.distinctCount, ragged: ragged.length, raggedLines: ragged.slice(0, 10),
  };
}

/** A result cut to what the table needs, so 100,000 titles cross to the page cheaply. */
function row({ title, rows, uncomputed, outOfScope, decidedByPerson, rowStatus, summary, result }) {
  const role = result.role && { id: result.role.id, title: result.role.title, profession: result.role.profession, level: result.role.level };
  return {
    title, rows, uncomputed, outOfScope, decidedByPerson, rowStatus: rowStatus ?? null, status: result.status, confidence: result.confidence, role,
    band: result.band ? { value: result.band.value, source: result.band.source, ...(result.band.max ? { max: result.band.max } : {}) } : null,
    alternatives: (result.alternatives ?? []).map((a) => ({ id: a.role.id, title: a.role.title, confidence: a.confidence })),
    summary,
  };
}

/** Matches every distinct title in chunks, posting progress; the table and the summary. */
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
  return { info: info(bulk), titles: bulk.titles().map(row), summary: bulk.summary(), workforce: bulk.workforce() };
}

/** A failure to open that carries the file's columns, for the person to choose the title column. */
class NoTitleColumn extends Error {
  constructor(text, columns) { super(text); this.columns = columns; }
}

/** A workbook too large to open whole: the page cleans it as a stream instead. */
class StreamInstead extends Error {
  constructor() { super('this workbook is too large to open whole: it is cleaned as a stream'); this.stream = true; }
}

const handlers = {
  open({ id, buffer, fileName, sheet, column, columnName, header, context, decisions }) {
    // A failure leaves the previous file's engine in place: nothing already loaded is lost.
    const bytes = new Uint8Array(buffer);
    let next;
    try {
      next = new Bulk(bytes, fileName, sheet ?? null, null, columnName ?? null, header ?? null);
    } catch (e) {
      // Asked only once the open fails, so that a file that opens is copied into the engine once.
      if (streamsAsWorkbook(bytes)) throw new StreamInstead();
      if (!/title column/i.test(message(e))) throw e;
      let columns = null;
      try { columns = Bulk.readColumns(bytes, fileName, sheet ?? null, header ?? null); } catch { /* the first message stands */ }
      throw new NoTitleColumn(message(e), columns);
    }
    if (column != null && column !== next.titleColumn) next.titleColumn = column;
    if (context) next.setContextColumns(context);
    const setAside = applyDecisions(next, decisions);
    bulk?.free();
    bulk = next;
    postMessage({ type: 'progress', id, opened: info(bulk), roles: bulk.roles(), names: bulk.names(), setAside });
    return matchAll(id);
  },
  column({ id, column }) {
    bulk.titleColumn = column;
    postMessage({ type: 'progress', id, opened: info(bulk) });
    return matchAll(id);
  },
  header({ id, header }) {
    bulk.setHeader(header ?? null);
    postMessage({ type: 'progress', id, opened: info(bulk) });
    return matchAll(id);
  },
  context({ id, columns }) {
    bulk.setContextColumns(columns);
    postMessage({ type: 'progress', id, opened: info(bulk) });
    return matchAll(id);
  },
  mappings({ id, decisions }) {
    const setAside = applyDecisions(bulk, decisions);
    postMessage({ type: 'progress', id, setAside });
    return matchAll(id);
  },
  /**
   * Cleans a file as a stream (the command line's `clean`), read a slice at a time with
   * FileReaderSync (so the engine pulls the bytes it needs), matched with the decisions, written
   * into Blob parts (held by the browser, not this heap): a CSV of any size, with { read, total }
   * progress in bytes over its two passes; an XLSX or XLSM workbook (`asCsv`: its sheet as CSV),
   * with { rows, total } progress; `layout` chooses the sheet, header row and title column. The
   * file loaded before is let go.
   */
  stream({ id, file, decisions, asCsv = false, layout = {} }) {
    bulk?.free();
    bulk = null;
    const reader = new FileReaderSync();
    const read = (start, end) => new Uint8Array(reader.readAsArrayBuffer(file.slice(start, end)));
    const csvFile = streamsAsCsv(read(0, 1 << 16));
    if (!csvFile && file.size > maxInputBytes()) {
      throw new Error(`the file is ${Math.round(file.size / 1e6)} MB, over the ${Math.round(maxInputBytes() / 1e6)} MB a workbook (or a UTF-16 text file) can be read in: save it as CSV (UTF-8), which is cleaned as a stream whatever its size`);
    }
    const parts = [];
    const unit = csvFile ? 'read' : 'rows';
    let shown = 0;
    const io = {
      read,
      write: (bytes) => { parts.push(new Blob([bytes])); },
      progress: (done, total) => {
        const now = Date.now();
        if (now - shown < 100 && done < total) return;
        shown = now;
        postMessage({ type: 'progress', id, [unit]: done, total });
      },
    };
    const csv = decisions?.length ? localMappingsCsv(decisions) : null;
    const started = performance.now();
    const report = csvFile
      ? cleanStream(io, file.size, file.name, csv, layout)
      : cleanWorkbook(io, file.size, file.name, csv, asCsv, layout);
    const blob = new Blob(parts, { type: MIME[report.extension] });
    // For bench/bulk-bench.mjs: the clean's time, and the WebAssembly memory it grew to.
    globalThis.streamStats = { ms: performance.now() - started, wasmBytes: wasm?.memory.buffer.byteLength ?? null };
    return { report, blob, openedLimit: maxOpenedWorkbookBytes() };
  },
  download({ format }) {
    const summary = format.startsWith('summary-');
    const xlsx = format.endsWith('xlsx');
    const bytes = summary ? bulk.workforceFile(xlsx) : xlsx ? bulk.toXlsx() : bulk.toCsv();
    const ext = xlsx ? (summary ? 'xlsx' : bulk.workbookExtension) : 'csv';
    return { value: { format, ext, bytes }, transfer: [bytes.buffer] };
  },
  suggest({ text, k }) { return bulk.suggestRoles(text, k); },
  limit() { return maxInputBytes(); },
  parseMappings({ csv, fileName }) { return parseLocalMappings(csv, fileName); },
  mappingsCsv({ decisions }) { return localMappingsCsv(decisions); },
};

/** Requests that need a loaded file. */
const NEEDS_FILE = new Set(['column', 'header', 'context', 'mappings', 'download', 'suggest']);

onmessage = async ({ data }) => {
  const { id, type } = data;
  try {
    const handler = handlers[type];
    if (!handler) throw new Error(`unknown request ${type}`);
    await load();
    if (NEEDS_FILE.has(type) && !bulk) throw new Error('no file is loaded');
    const out = handler(data);
    const { value, transfer } = out && out.transfer ? out : { value: out, transfer: [] };
    postMessage({ id, type: 'result', value }, transfer);
  } catch (e) {
    postMessage({ id, type: 'error', message: message(e), columns: e.columns ?? null, stream: e.stream ?? false });
  }
};
