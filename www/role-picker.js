// A type-ahead picker of standard roles on the WAI-ARIA combobox pattern (list autocomplete):
// the title's own suggestions while the field is empty, the engine's type-ahead suggestions for
// what is typed, chosen with the arrow keys and Enter or a click. The list is a popover in the
// top layer, placed below the field (or above it when there is no room) within the viewport, so
// no scrolling container cuts it off. Nothing is chosen until a role is picked.

import { el } from './dom.js';

let pickers = 0;

/**
 * A picker field. `label` names it and `listLabel` its list; `initial()` gives the options
 * before anything is typed and `suggest(text)` resolves to the options for typed text, each
 * `{ role, meta }` (`meta` a short line under the role's title); `exact(text)` is the role whose
 * title is `text`, if any; `pick(role)` is told the role chosen, `leave(input)` that Escape left
 * an empty field and `say(text)` what to tell the person (no role matches). Returns the field.
 */
export function rolePicker({ label, listLabel, initial, suggest, exact, pick, leave, say }) {
  const id = `role-picker-${++pickers}`;
  const input = el('input', {
    type: 'text', class: 'role-pick', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false',
    'aria-controls': id, autocomplete: 'off', spellcheck: 'false', 'aria-label': label, placeholder: 'Choose a role…',
  });
  const list = el('ul', { role: 'listbox', id, class: 'role-options', 'aria-label': listLabel, popover: 'manual' });
  let options = [];
  let active = -1;
  let asked = 0;

  const isOpen = () => input.getAttribute('aria-expanded') === 'true';
  function close() {
    asked += 1;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    if (list.matches(':popover-open')) list.hidePopover();
    removeEventListener('scroll', place, true);
    removeEventListener('resize', place);
  }
  /** Below the field if the list fits there, else wherever there is more room; never off screen. */
  function place() {
    const box = input.getBoundingClientRect();
    const below = innerHeight - box.bottom - 8;
    const above = box.top - 8;
    const up = below < Math.min(list.scrollHeight, 240) && above > below;
    list.style.maxHeight = `${Math.max(96, up ? above : below)}px`;
    const width = Math.min(Math.max(box.width, 288), innerWidth - 16);
    list.style.width = `${width}px`;
    list.style.left = `${Math.max(8, Math.min(box.left, innerWidth - width - 8))}px`;
    list.style.top = up ? 'auto' : `${box.bottom + 2}px`;
    list.style.bottom = up ? `${innerHeight - box.top + 2}px` : 'auto';
  }
  /** The options for `text`; the role the arrow keys were on stays chosen if it is among them. */
  function show(next, text) {
    const was = options[active]?.role.id;
    options = next;
    active = -1;
    input.removeAttribute('aria-activedescendant');
    if (!options.length) {
      close();
      if (input.value.trim()) say(`No standard role matches “${input.value.trim()}”: try the profession or the band, such as “physio band 3”.`);
      return;
    }
    list.replaceChildren(...options.map(({ role, meta }, i) => {
      // The hidden comma keeps a screen reader from running the title into its line.
      const li = el('li', { role: 'option', id: `${id}-${i}`, 'aria-selected': 'false' },
        el('span', { class: 'role-title', text: role.title }), el('span', { class: 'visually-hidden', text: ', ' }),
        el('span', { class: 'role-meta', text: meta }));
      li.addEventListener('click', () => choose(i));
      return li;
    }));
    // The text the options are for, so a test can tell the list has caught up with the typing.
    list.dataset.for = text;
    if (!list.isConnected) input.after(list);
    if (!list.matches(':popover-open')) list.showPopover();
    input.setAttribute('aria-expanded', 'true');
    place();
    addEventListener('scroll', place, true);
    addEventListener('resize', place);
    const kept = options.findIndex((o) => o.role.id === was);
    if (was !== undefined && kept >= 0) move(kept);
  }
  async function refresh() {
    const text = input.value.trim();
    const ticket = ++asked;
    const next = text ? await suggest(text) : initial();
    if (ticket === asked && document.activeElement === input) show(next, text);
  }
  function move(to) {
    if (!options.length) return;
    active = (to + options.length) % options.length;
    for (const [i, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(i === active));
    input.setAttribute('aria-activedescendant', `${id}-${active}`);
    list.children[active].scrollIntoView({ block: 'nearest' });
  }
  function choose(i) {
    const { role } = options[i];
    input.value = role.title;
    close();
    pick(role);
  }

  // A press on the list keeps the focus in the field, so the click still finds the list open.
  list.addEventListener('mousedown', (e) => e.preventDefault());
  input.addEventListener('focus', refresh);
  input.addEventListener('input', refresh);
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (e) => {
    switch (e.key) {
      case 'ArrowDown': if (isOpen()) move(active + 1); else refresh(); break;
      case 'ArrowUp': if (isOpen()) move(active - 1); else refresh(); break;
      case 'Enter': {
        const role = exact(input.value.trim());
        if (isOpen() && active >= 0) choose(active);
        else if (role) { close(); pick(role); } else if (isOpen() && options.length === 1) choose(0);
        else if (input.value.trim()) say(`Choose a role from the list for “${input.value.trim()}”: the arrow keys move through it.`);
        break;
      }
      case 'Escape':
        if (isOpen()) close(); else { input.value = ''; leave(input); }
        break;
      case 'Tab': close(); return;
      default: return;
    }
    e.preventDefault();
    e.stopPropagation();
  });
  return input;
}
