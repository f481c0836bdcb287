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
  --rs-matched: #00703c; --rs-matched-bg: #e6f4ea; --rs-radius: 6px;
  display: block; font-family: var(--rs-font); max-width: 40rem;
}
@media (prefers-color-scheme: dark) {
  :host {
    --rs-accent: #7cb8f2; --rs-text: #e8edf1; --rs-muted: #b3c0c9; --rs-bg: #1b252c; --rs-border: #8a9ba6;
    --rs-focus: #ffdd00; --rs-active-bg: #213b52; --rs-review: #ffd27a; --rs-review-bg: #3a2d10;
    --rs-nomatch: #ffaaa5; --rs-nomatch-bg: #3d1a1a; --rs-matched: #7fdc9f; --rs-matched-bg: #12321f;
  }
}
/* The label and the note take the page's own text colour; whatever the element draws text on
   (the field, the list, a status) has its own background, so a dark scheme on a light page (or
   the reverse) stays readable. */
:host([hidden]) { display: none; }
[part=label] { display: block; font-weight: 600; margin-bottom: .35rem; }
[part=input] {
  box-sizing: border-box; width: 100%; font: inherit; font-size: 1.1rem; padding: .6rem .75rem;
  border: 2px solid var(--rs-border); border-radius: var(--rs-radius); background: var(--rs-bg); color: var(--rs-text);
}
[part=input]:focus { outline: 3px solid var(--rs-focus); outline-offset: 0; border-color: var(--rs-text); }
[part=input]:disabled { opacity: .6; cursor: not-allowed; }
[part=input]:read-only { border-style: dashed; }
[part=listbox] {
  list-style: none; margin: .25rem 0 0; padding: .25rem;
  background: var(--rs-bg); color: var(--rs-text); border: 1px solid var(--rs-border); border-radius: var(--rs-radius);
  box-shadow: 0 4px 12px rgb(0 0 0 / .12); max-height: min(24rem, 55vh); overflow-y: auto;
}
[part=listbox][hidden] { display: none; }
[part~=option] { padding: .5rem .6rem; border-radius: calc(var(--rs-radius) - 2px); cursor: pointer; display: grid; gap: .15rem; }
[part~=option][aria-selected=true] { background: var(--rs-active-bg); box-shadow: inset 4px 0 0 var(--rs-accent); }
.title { font-weight: 600; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.meta, .why { font-size: .85rem; color: var(--rs-muted); }
.badge { font-size: .75rem; font-weight: 600; padding: .05rem .4rem; border-radius: 999px; margin-left: .4rem; white-space: nowrap; }
.matched .badge { color: var(--rs-matched); border: 1px solid currentColor; }
.review .badge { color: var(--rs-review); background: var(--rs-review-bg); }
[part=status] { margin-top: .5rem; font-size: .95rem; min-height: 1.4em; }
[part=status].review { color: var(--rs-review); background: var(--rs-review-bg); padding: .4rem .6rem; border-radius: var(--rs-radius); }
[part=status].no-match { color: var(--rs-nomatch); background: var(--rs-nomatch-bg); padding: .4rem .6rem; border-radius: var(--rs-radius); }
[part=status].matched { color: var(--rs-matched); background: var(--rs-matched-bg); padding: .4rem .6rem; border-radius: var(--rs-radius); }
[part=note] { margin-top: .35rem; font-size: .85rem; }
[part=note]:empty { display: none; }
@media (forced-colors: active) {
  [part~=option][aria-selected=true] { forced-color-adjust: none; background: Highlight; color: HighlightText; box-shadow: none; }
  [part~=option][aria-selected=true] .meta, [part~=option][aria-selected=true] .why,
  [part~=option][aria-selected=true] .badge { color: HighlightText; }
  [part=listbox] { border-color: CanvasText; }
}
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

/** One line on a result, for the status area and screen readers: the engine's plain English. */
export const describe = (r) => r.explanation.summary;

/** "Band 3", "Band 2–3" for a result's band, as the suggestions show it. */
const bandText = (b) => (b ? `Band ${b.value}${b.max ? `–${b.max}` : ''}` : '');

export class RoleStandardiser extends HTMLElement {
  static formAssociated = true;
  static observedAttributes = ['label', 'placeholder', 'mappings', 'required', 'disabled', 'readonly', 'value', 'title-name'];

  #internals = this.attachInternals();
  #results = [];
  #active = -1;
  #selected = null;
  /** The text typed before the role was chosen: the local title. */
  #typed = '';
  /** A role id set (attribute, property, restored state) before the engine could show it. */
  #pending = null;
  #engine = null;
  /** Profession names by id, from the engine (`mappings/professions.csv`). */
  #names = null;

  constructor() {
    super();
    const id = `rs${++counter}`;
    const root = this.attachShadow({ mode: 'open', delegatesFocus: true });
    root.adoptedStyleSheets = [sheet];
    this.input = el('input', {
      part: 'input', id: `${id}-input`, type: 'text', role: 'combobox', autocomplete: 'off',
      spellcheck: 'false', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
      'aria-controls': `${id}-listbox`, 'aria-describedby': `${id}-status ${id}-note`,
    });
    this.labelEl = el('label', { part: 'label', for: `${id}-input` });
    this.listbox = el('ul', { part: 'listbox', id: `${id}-listbox`, role: 'listbox', 'aria-label': 'Suggested standard roles', hidden: '' });
    this.status = el('div', { part: 'status', id: `${id}-status`, role: 'status', 'aria-live': 'polite' });
    this.note = el('div', { part: 'note', id: `${id}-note`, role: 'status', 'aria-live': 'polite' });
    // The status sits under the field and above the list, so an open list hides neither it nor
    // the page: the list takes its place in the flow, at most about half the window high.
    root.append(this.labelEl, this.input, this.status, this.listbox, this.note);
    this.input.addEventListener('input', () => this.#update());
    this.input.addEventListener('change', () => this.#update({ final: true }));
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
  connectedCallback() {
    this.#validate();
    this.#load().then(() => this.#showPending()).catch(() => {});
  }

  attributeChangedCallback(name, old, value) {
    if (name === 'mappings') { this.#engine = null; this.note.textContent = ''; if (this.isConnected) this.#load().then(() => this.input.value && !this.#selected && this.#update()).catch(() => {}); }
    if (name === 'required') this.#validate();
    if (name === 'value' && value !== old) this.value = value ?? '';
    if (name === 'title-name') this.#submit();
    this.#render();
  }

  /** The selected result (the SPEC result object), or null. */
  get result() { return this.#selected; }
  /** The chosen role id, or ''. Submitted with the form under the element's `name`. */
  get value() { return this.#pending ?? this.#selected?.role?.id ?? ''; }
  /**
   * Chooses a role by id, as a saved form is prefilled: the field shows the role's title once
   * the engine is loaded. An id that is not a standard role clears the choice.
   */
  set value(id) {
    this.#pending = String(id ?? '');
    if (!this.#pending) { this.#pending = null; this.input.value = ''; this.#unselect(); this.#setStatus('', ''); return; }
    this.#showPending();
  }
  /** The title typed (the local title): the field's text, or what was typed before choosing. */
  get text() { return this.#selected ? this.#typed : this.input.value; }
  get form() { return this.#internals.form; }
  get name() { return this.getAttribute('name'); }
  get type() { return this.localName; }
  get required() { return this.hasAttribute('required'); }
  set required(on) { this.toggleAttribute('required', Boolean(on)); }
  get disabled() { return this.hasAttribute('disabled'); }
  set disabled(on) { this.toggleAttribute('disabled', Boolean(on)); }
  get readOnly() { return this.hasAttribute('readonly'); }
  set readOnly(on) { this.toggleAttribute('readonly', Boolean(on)); }
  get validity() { return this.#internals.validity; }
  get validationMessage() { return this.#internals.validationMessage; }
  get willValidate() { return this.#internals.willValidate; }
  checkValidity() { return this.#internals.checkValidity(); }
  reportValidity() { return this.#internals.reportValidity(); }

  formResetCallback() {
    this.input.value = '';
    this.#pending = null;
    this.#unselect();
    this.#close();
    this.#setStatus('', '');
    if (this.hasAttribute('value')) this.value = this.getAttribute('value');
  }
  formDisabledCallback(disabled) { this.input.disabled = disabled; if (disabled) this.#close(); }
  /** Back/forward and autofill give the state saved with the form value: the role id. */
  formStateRestoreCallback(state) { if (typeof state === 'string') this.value = state; }

  /** Shows a role set by id once the engine is there: its title in the field, chosen. */
  async #showPending() {
    const id = this.#pending;
    if (id === null) return;
    let standardiser;
    try { standardiser = await this.#load(); } catch { return; }
    if (id !== this.#pending) return; // set again meanwhile
    this.#pending = null;
    const result = standardiser.forRole(id);
    if (!result) { this.input.value = ''; this.#unselect(); return; }
    this.#typed = result.role.title;
    this.input.value = result.role.title;
    this.#selected = result;
    this.#submit();
    this.#validate();
    this.#setStatus('matched', describe(result));
  }

  /** Forgets the chosen role, so the form never submits one the text no longer shows. */
  #unselect() {
    const had = Boolean(this.#selected);
    this.#selected = null;
    this.#submit();
    this.#validate();
    return had;
  }

  /** The form value: the role id under `name`, and the typed title under `title-name`. */
  #submit() {
    const id = this.#selected?.role?.id ?? '';
    const titleName = this.getAttribute('title-name');
    if (!titleName) { this.#internals.setFormValue(id, id); return; }
    const data = new FormData();
    if (this.name) data.append(this.name, id);
    data.append(titleName, this.text);
    this.#internals.setFormValue(data, id);
  }

  /** `required` with nothing chosen is invalid, with a message saying what to do. */
  #validate() {
    if (this.hasAttribute('required') && !this.#selected && this.#pending === null) {
      this.#internals.setValidity({ valueMissing: true }, 'Choose a standard role from the suggestions.', this.input);
    } else this.#internals.setValidity({});
  }

  #render() {
    this.labelEl.textContent = this.getAttribute('label') ?? 'Job title';
    this.input.placeholder = this.getAttribute('placeholder') ?? 'Type a job title, e.g. Physio Asst B3';
    this.input.disabled = this.disabled || this.matches(':disabled');
    this.input.readOnly = this.readOnly;
    if (this.input.disabled || this.input.readOnly) this.#close();
  }

  /**
   * The engine for the `mappings` attribute. Mappings that fail to load or do not parse fall
   * back to the built-in engine, with a polite note and a `mappings-error` event.
   */
  #load() {
    const url = this.getAttribute('mappings') ?? '';
    this.#engine ??= engine(url).catch((error) => {
      if (!url) throw error;
      this.note.textContent = `Your organisation's own titles could not be loaded, so the lookup uses the standard ones only (${error.message}).`;
      this.dispatchEvent(new CustomEvent('mappings-error', { detail: { url, message: error.message }, bubbles: true, composed: true }));
      return engine('');
    }).then((standardiser) => {
      this.#names ??= new Map(standardiser.names().professions.map((p) => [p.id, p.name]));
      return standardiser;
    }, (error) => {
      this.#engine = null;
      this.#setStatus('no-match', `The lookup could not start: ${error.message}`);
      throw error;
    });
    return this.#engine;
  }

  /**
   * Suggestions for the text. Mid-word (no space typed yet) a text with no suggestion is not
   * called a failure: the red no-match state waits for a finished word, Enter or leaving the field.
   */
  async #update({ final = false } = {}) {
    const text = this.input.value;
    if (this.#selected && text !== this.#selected.role.title) {
      if (this.#unselect()) this.dispatchEvent(new Event('change', { bubbles: true }));
    } else if (this.getAttribute('title-name') && !this.#selected) this.#submit();
    if (this.#selected || this.input.readOnly) return;
    let standardiser;
    try { standardiser = await this.#load(); } catch { return; }
    if (text !== this.input.value) return; // a later keystroke will render
    if (!text.trim()) { this.#results = []; this.#close(); this.#setStatus('', ''); return; }
    this.#results = standardiser.suggest(text, SUGGESTIONS);
    if (this.#results.length === 0) {
      this.#close();
      const result = standardiser.match(text);
      const last = text.trim().split(/\s+/).at(-1).toLowerCase();
      const midWord = !/\s$/.test(text) && (last.length < 2 || result.explanation.unrecognised?.includes(last));
      if (final || !midWord) this.#setStatus('no-match', describe(result));
      else this.#setStatus('', 'No suggestion yet: keep typing.');
      return;
    }
    const n = this.#results.length;
    this.#setStatus(this.#results[0].status, `${n} suggestion${n > 1 ? 's' : ''}. ${describe(this.#results[0])}`);
    if (!final) this.#open();
  }

  #option(r, i) {
    const profession = this.#names?.get(r.role.profession) ?? r.role.profession;
    const review = r.status === 'review';
    const from = r.input !== this.input.value ? `from “${r.input}”` : '';
    const meta = [bandText(r.band), profession, review ? `${percent(r.confidence)} confidence` : '', from].filter(Boolean).join(' · ');
    // Hidden full stops part the title, badge, details and doubts for a screen reader, which
    // would otherwise read them run together ("…Worker98% Band 3").
    const stop = () => el('span', { class: 'sr' }, '. ');
    const option = el('li', {
      part: `option ${r.status}`, class: r.status, role: 'option', id: `${this.listbox.id}-${i}`,
      'data-index': String(i), 'aria-selected': 'false',
    },
    el('span', { class: 'title' }, r.role.title, stop(), el('span', { class: 'badge' }, review ? 'needs a look' : `${percent(r.confidence)} confident`), stop()),
    el('span', { class: 'meta' }, meta));
    if (review) option.append(el('span', { class: 'why' }, stop(), describe(r)));
    return option;
  }

  #open() {
    const wasHidden = this.listbox.hidden;
    this.listbox.replaceChildren(...this.#results.map((r, i) => this.#option(r, i)));
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.#activate(-1);
    // Bring the list into the window when it opens below the fold (a field low on the page,
    // or a zoomed page).
    if (wasHidden && this.listbox.getBoundingClientRect().bottom > innerHeight) this.listbox.scrollIntoView({ block: 'nearest' });
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
    if (this.input.readOnly) return;
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
        else if (!open) { e.preventDefault(); this.#update({ final: true }); this.#internals.form?.requestSubmit(); }
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
    this.#pending = null;
    this.#typed = this.input.value;
    this.input.value = result.role.title;
    this.#submit();
    this.#validate();
    this.#close();
    this.#setStatus(result.status, result.status === 'review'
      ? `Chosen: ${result.role.title}. ${describe(result)}`
      : `Chosen: ${describe(result)}`);
    this.dispatchEvent(new CustomEvent('role-selected', { detail: result, bubbles: true, composed: true }));
    this.dispatchEvent(new Event('change', { bubbles: true }));
  }

  #setStatus(kind, text) {
    this.status.className = kind;
    this.status.textContent = text;
  }
}

if (!customElements.get('role-standardiser')) customElements.define('role-standardiser', RoleStandardiser);
