// <role-standardiser>: a job-title lookup that runs entirely in the browser.
// One <script type="module" src=".../role-standardiser.js"> and the element is all a page needs.
// The engine (www/pkg/) loads relative to this file, once per page however many elements.

import init, { Standardiser } from './pkg/role_standardiser.js';

const SUGGESTIONS = 8;
let loaded = null;
const engines = new Map();

/** Loads the engine once per page (memoised), compiling the wasm as it streams in. */
function load() {
  loaded ??= (performance.mark('role-standardiser:start'),
  init({ module_or_path: new URL('./pkg/role_standardiser_bg.wasm', import.meta.url) })
    .then(() => performance.mark('role-standardiser:instantiated')));
  return loaded;
}

/** One Standardiser per mappings URL ('' = built-in), sharing the one engine. */
export function engine(mappingsUrl = '') {
  if (!engines.has(mappingsUrl)) {
    const engineLoaded = load();
    engines.set(mappingsUrl, mappingsUrl
      ? Promise.all([mappings(mappingsUrl), engineLoaded]).then(([csv]) => ready$(new Standardiser(csv)))
      : engineLoaded.then(() => ready$(new Standardiser())));
  }
  return engines.get(mappingsUrl);
}

/** The text of a same-origin local mappings CSV, fetched while the engine loads. */
async function mappings(mappingsUrl) {
  const url = new URL(mappingsUrl, document.baseURI);
  if (url.origin !== location.origin) throw new Error(`mappings must be same-origin: ${url}`);
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`cannot load mappings ${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * Texts that take the engine down each of its paths once: a corrected typo with completions, a
 * vague title with alternatives, abbreviations with a stated band and a band range, a half-typed
 * word that opens whole-title fuzzy matching (and builds its index), and two out-of-scope readings.
 */
const WARM_UP = ['occupatinal therapy as', 'Support worker', 'physio asst b3', 'occupatio',
  'Rehab SW band 3-4', 'Ward manager', 'Physiotherapist'];

/**
 * Marks the moment an engine is ready (performance mark `role-standardiser:ready`), then warms
 * it while the page is idle, one text per idle period: the browser compiles WebAssembly
 * functions on their first call (up to tens of milliseconds each here), and warming moves that
 * cost off the first keystrokes. `role-standardiser:warm` marks the end.
 */
function ready$(standardiser) {
  performance.mark('role-standardiser:ready');
  const idle = (step) => (typeof requestIdleCallback === 'function'
    ? requestIdleCallback(step, { timeout: 500 }) : setTimeout(step, 50));
  const warm = (i) => () => {
    if (i === WARM_UP.length) return performance.mark('role-standardiser:warm');
    standardiser.suggest(WARM_UP[i], SUGGESTIONS);
    idle(warm(i + 1));
  };
  idle(warm(0));
  return standardiser;
}


const sheet = new CSSStyleSheet();
sheet.replaceSync(`
:host {
  --rs-font: inherit; --rs-accent: #005eb8; --rs-text: #212b32; --rs-muted: #4c6272;
  --rs-bg: #fff; --rs-border: #4c6272; --rs-focus: #ffeb3b; --rs-active-bg: #e8f1fa;
  --rs-review: #8a5a00; --rs-review-bg: #fff4d6; --rs-nomatch: #a01c1c; --rs-nomatch-bg: #fde8e8;
  --rs-matched: #007f3b; --rs-radius: 6px;
  display: block; position: relative; font-family: var(--rs-font); color: var(--rs-text); max-width: 40rem;
}
[part=label] { display: block; font-weight: 600; margin-bottom: .35rem; }
[part=input] {
  box-sizing: border-box; width: 100%; font: inherit; font-size: 1.1rem; padding: .6rem .75rem;
  border: 2px solid var(--rs-border); border-radius: var(--rs-radius); background: var(--rs-bg); color: inherit;
}
[part=input]:focus { outline: 3px solid var(--rs-focus); outline-offset: 0; border-color: var(--rs-text); }
[part=listbox] {
  list-style: none; margin: .25rem 0 0; padding: .25rem; position: absolute; z-index: 10; left: 0; right: 0;
  background: var(--rs-bg); border: 1px solid var(--rs-border); border-radius: var(--rs-radius);
  box-shadow: 0 6px 20px rgb(0 0 0 / .15); max-height: 24rem; overflow-y: auto;
}
[part=listbox][hidden] { display: none; }
[part~=option] { padding: .5rem .6rem; border-radius: calc(var(--rs-radius) - 2px); cursor: pointer; display: grid; gap: .15rem; }
[part~=option][aria-selected=true] { background: var(--rs-active-bg); box-shadow: inset 4px 0 0 var(--rs-accent); }
.title { font-weight: 600; }
.meta, .why { font-size: .85rem; color: var(--rs-muted); }
.badge { font-size: .75rem; font-weight: 600; padding: .05rem .4rem; border-radius: 999px; margin-left: .4rem; }
.matched .badge { color: var(--rs-matched); border: 1px solid currentColor; }
.review .badge { color: var(--rs-review); background: var(--rs-review-bg); }
[part=status] { margin-top: .5rem; font-size: .95rem; min-height: 1.4em; }
[part=status].review { color: var(--rs-review); background: var(--rs-review-bg); padding: .4rem .6rem; border-radius: var(--rs-radius); }
[part=status].no-match { color: var(--rs-nomatch); background: var(--rs-nomatch-bg); padding: .4rem .6rem; border-radius: var(--rs-radius); }
[part=status].matched { color: var(--rs-matched); }
`);

let counter = 0;
const percent = (x) => `${Math.round(x * 100)}%`;
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
};

/** One line on a result, for the status area and screen readers. */
export function describe(r) {
  if (!r.role) return `No standard support role: ${r.explanation.reason}.`;
  const band = r.band ? `band ${r.band.value}${r.band.max ? `–${r.band.max}` : ''} (${r.band.source})` : 'no band';
  const head = `${r.role.title}, ${band}, ${percent(r.confidence)} confidence`;
  return r.status === 'review' ? `Needs review: ${head}. ${r.explanation.reason}.` : `${head}.`;
}

export class RoleStandardiser extends HTMLElement {
  static formAssociated = true;
  static observedAttributes = ['label', 'placeholder', 'mappings', 'required'];

  #internals = this.attachInternals();
  #results = [];
  #active = -1;
  #selected = null;
  #engine = null;

  constructor() {
    super();
    const id = `rs${++counter}`;
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    root.adoptedStyleSheets = [sheet];
    this.input = el('input', {
      part: 'input', id: `${id}-input`, type: 'text', role: 'combobox', autocomplete: 'off',
      spellcheck: 'false', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': `${id}-listbox`, 'aria-describedby': `${id}-status`,
    });
    this.labelEl = el('label', { part: 'label', for: `${id}-input` });
    this.listbox = el('ul', { part: 'listbox', id: `${id}-listbox`, role: 'listbox', hidden: '' });
    this.status = el('div', { part: 'status', id: `${id}-status`, role: 'status', 'aria-live': 'polite' });
    root.append(this.labelEl, this.input, this.listbox, this.status);
    this.input.addEventListener('input', () => this.#update());
    this.input.addEventListener('keydown', (e) => this.#key(e));
    this.input.addEventListener('blur', () => setTimeout(() => this.#close(), 150));
    this.listbox.addEventListener('mousedown', (e) => e.preventDefault());
    this.listbox.addEventListener('click', (e) => {
      const option = e.target.closest('[role=option]');
      if (option) this.#choose(Number(option.dataset.index));
    });
    this.#render();
  }

  // Start loading as soon as the element is on the page, so the first keystroke finds it ready.
  connectedCallback() { this.#validate(); this.#load().catch(() => {}); }

  attributeChangedCallback(name) {
    if (name === 'mappings') { this.#engine = null; if (this.isConnected && this.input.value) this.#update(); }
    if (name === 'required') this.#validate();
    this.#render();
  }

  /** The selected result (the SPEC result object), or null. */
  get result() { return this.#selected; }
  /** The selected role id, or ''. Submitted with the form under the element's name. */
  get value() { return this.#selected?.role?.id ?? ''; }
  get form() { return this.#internals.form; }
  get name() { return this.getAttribute('name'); }
  get validity() { return this.#internals.validity; }
  get validationMessage() { return this.#internals.validationMessage; }
  checkValidity() { return this.#internals.checkValidity(); }
  reportValidity() { return this.#internals.reportValidity(); }
  formResetCallback() { this.input.value = ''; this.#unselect(); this.#close(); this.status.textContent = ''; this.status.className = ''; }

  /** Forgets the chosen role, so the form never submits one the text no longer shows. */
  #unselect() {
    this.#selected = null;
    this.#internals.setFormValue('');
    this.#validate();
  }

  /** `required` with nothing chosen is invalid, with a message saying what to do. */
  #validate() {
    if (this.hasAttribute('required') && !this.#selected) {
      this.#internals.setValidity({ valueMissing: true }, 'Choose a standard role from the suggestions.', this.input);
    } else this.#internals.setValidity({});
  }

  #render() {
    this.labelEl.textContent = this.getAttribute('label') ?? 'Job title';
    this.input.placeholder = this.getAttribute('placeholder') ?? 'Type a job title, e.g. Physio Asst B3';
  }

  #load() {
    this.#engine ??= engine(this.getAttribute('mappings') ?? '').catch((error) => {
      this.#engine = null;
      this.#setStatus('no-match', `The lookup could not start: ${error.message}`);
      throw error;
    });
    return this.#engine;
  }

  async #update() {
    const text = this.input.value;
    if (this.#selected && text !== this.#selected.role.title) this.#unselect();
    let standardiser;
    try { standardiser = await this.#load(); } catch { return; }
    if (text !== this.input.value) return; // a later keystroke will render
    if (!text.trim()) { this.#results = []; this.#close(); this.#setStatus('', ''); return; }
    this.#results = standardiser.suggest(text, SUGGESTIONS);
    if (this.#results.length === 0) {
      this.#close();
      this.#setStatus('no-match', describe(standardiser.match(text)));
      return;
    }
    this.#setStatus(this.#results[0].status, `${this.#results.length} suggestion${this.#results.length > 1 ? 's' : ''}. ${describe(this.#results[0])}`);
    this.#open();
  }

  #option(r, i) {
    const band = r.band ? `Band ${r.band.value}${r.band.max ? `–${r.band.max}` : ''}${r.band.source === 'stated' ? ' (stated)' : ''}` : '';
    const profession = r.role.profession.replaceAll('-', ' ');
    const badge = r.status === 'review' ? 'review' : percent(r.confidence);
    const completes = r.input !== this.input.value ? ` · from “${r.input}”` : '';
    return el('li', { part: `option ${r.status}`, class: r.status, role: 'option', id: `${this.listbox.id}-${i}`, 'data-index': String(i), 'aria-selected': 'false' },
      el('span', { class: 'title' }, r.role.title, el('span', { class: 'badge' }, badge)),
      el('span', { class: 'meta' }, `${band} · ${profession} · ${percent(r.confidence)} confidence`),
      el('span', { class: 'why' }, `${r.explanation.reason}${completes}`));
  }

  #open() {
    this.listbox.replaceChildren(...this.#results.map((r, i) => this.#option(r, i)));
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.#activate(-1);
  }

  #close() {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.#activate(-1);
  }

  #activate(i) {
    this.#active = i;
    for (const option of this.listbox.children) {
      option.setAttribute('aria-selected', String(Number(option.dataset.index) === i));
    }
    if (i < 0) { this.input.removeAttribute('aria-activedescendant'); return; }
    const option = this.listbox.children[i];
    this.input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  }

  #key(e) {
    const open = !this.listbox.hidden;
    const last = this.#results.length - 1;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open) { if (this.#results.length) { this.#open(); this.#activate(0); } }
        else this.#activate(this.#active >= last ? 0 : this.#active + 1);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!open) { if (this.#results.length) { this.#open(); this.#activate(last); } }
        else this.#activate(this.#active <= 0 ? last : this.#active - 1);
        break;
      case 'Home': if (open) { e.preventDefault(); this.#activate(0); } break;
      case 'End': if (open) { e.preventDefault(); this.#activate(last); } break;
      case 'Enter':
        if (open && this.#active >= 0) { e.preventDefault(); this.#choose(this.#active); }
        else if (open && this.#results.length) { e.preventDefault(); this.#choose(0); }
        else if (!open) { e.preventDefault(); this.#internals.form?.requestSubmit(); }
        break;
      case 'Escape':
        if (open) { e.preventDefault(); this.#close(); }
        else if (this.input.value) { e.preventDefault(); this.input.value = ''; this.#update(); }
        break;
      default:
    }
  }

  #choose(i) {
    const result = this.#results[i];
    if (!result) return;
    this.#selected = result;
    this.input.value = result.role.title;
    this.#internals.setFormValue(result.role.id);
    this.#validate();
    this.#close();
    this.#setStatus(result.status, `Selected: ${describe(result)}`);
    this.dispatchEvent(new CustomEvent('role-selected', { detail: result, bubbles: true, composed: true }));
  }

  #setStatus(kind, text) {
    this.status.className = kind;
    this.status.textContent = text;
  }
}

if (!customElements.get('role-standardiser')) customElements.define('role-standardiser', RoleStandardiser);
