// The page's side of the bulk worker (bulk-worker.js): one request at a time in flight per
// caller, each a promise of the worker's reply, with progress reported on the way. Cancelling
// terminates the worker (the only way to stop WebAssembly mid-loop) and rejects what was in
// flight with a CancelledError; the next request starts a fresh worker, which has no file loaded.

/** The rejection of a request whose worker was stopped. */
export class CancelledError extends Error {
  constructor() { super('cancelled'); this.name = 'CancelledError'; }
}

/**
 * The rejection of a request the engine refused: its message, the file's columns if it found no
 * title column, and whether the file is to be cleaned as a stream instead (a workbook too large
 * to open whole).
 */
export class EngineError extends Error {
  constructor(message, columns, stream) {
    super(message);
    this.name = 'EngineError';
    this.columns = columns ?? null;
    this.stream = Boolean(stream);
  }
}

export class BulkEngine {
  #worker = null;
  #seq = 0;
  /** id -> { resolve, reject, onProgress } */
  #pending = new Map();
  #url;
  #onCrash;

  /** `onCrash(message)` is told when the worker cannot start or dies. */
  constructor(url, onCrash = () => {}) {
    this.#url = url;
    this.#onCrash = onCrash;
  }

  /** True when a worker is running, which then holds the last file opened. */
  get running() { return this.#worker !== null; }

  /**
   * Sends a request; resolves with the worker's result, rejects with an EngineError (or a
   * CancelledError). `onProgress(message)` receives progress messages while it runs.
   */
  request(type, args = {}, { transfer = [], onProgress = () => {} } = {}) {
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#ensure().postMessage({ id, type, ...args }, transfer);
    });
  }

  /** Stops the worker and everything in flight. */
  cancel() {
    this.#worker?.terminate();
    this.#worker = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(new CancelledError());
  }

  #ensure() {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#url, { type: 'module' });
    worker.onmessage = ({ data }) => this.#reply(data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.cancel();
      this.#onCrash('The bulk engine could not start in this browser (www/pkg-bulk/ is missing or failed to load).');
    };
    this.#worker = worker;
    return worker;
  }

  #reply(data) {
    const p = this.#pending.get(data.id);
    if (!p) return;
    if (data.type === 'progress') return p.onProgress(data);
    this.#pending.delete(data.id);
    if (data.type === 'result') p.resolve(data.value);
    else p.reject(new EngineError(data.message, data.columns, data.stream));
  }
}
