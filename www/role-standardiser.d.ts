// Types for <role-standardiser> (www/role-standardiser.js). The engine's own types, the result
// shape included, are in ./pkg/role_standardiser.d.ts (the package's "./engine" export).
// The engine's classes declare [Symbol.dispose] (wasm-bindgen's output), so its types need the
// disposable lib even where a project's lib stops at es2022.
/// <reference lib="esnext.disposable" />

import type { MatchResult, Standardiser } from './pkg/role_standardiser.js';

export type { MatchResult, RoleRef, Standardiser } from './pkg/role_standardiser.js';

/** `detail` of `mappings-error`: the mappings URL that could not be used, and why. */
export interface MappingsErrorDetail {
  url: string;
  message: string;
}

/** The element's own events; both bubble and are composed. */
export interface RoleStandardiserEventMap {
  /** A role was chosen from the suggestions; `detail` is its result. */
  'role-selected': CustomEvent<MatchResult>;
  /** The `mappings` file could not be loaded or read; the built-in mappings are used instead. */
  'mappings-error': CustomEvent<MappingsErrorDetail>;
}

/**
 * `<role-standardiser>`: a form-associated combobox that reads a typed job title and offers
 * standard roles; the chosen role's id is submitted under `name`. Defined on import.
 *
 * Attributes: `label` (default "Job title"), `placeholder`, `mappings` (URL of a same-origin local
 * mappings CSV, `title,role_id[,band]`), `name`, `value` (initial role id), `title-name` (form
 * field name for the title as typed), `required`, `disabled`, `readonly`.
 *
 * Events: `role-selected`, `mappings-error` (see {@link RoleStandardiserEventMap}), and `change`
 * (a plain Event, bubbling) when the user chooses a role or an edit clears it.
 *
 * CSS custom properties: `--rs-font`, `--rs-accent`, `--rs-text`, `--rs-muted`, `--rs-bg`,
 * `--rs-border`, `--rs-focus`, `--rs-active-bg`, `--rs-review`, `--rs-review-bg`, `--rs-nomatch`,
 * `--rs-nomatch-bg`, `--rs-matched`, `--rs-matched-bg`, `--rs-radius`.
 *
 * Parts: `label`, `input`, `listbox`, `option` (also `matched` or `review`), `status`, `note`.
 */
export class RoleStandardiser extends HTMLElement {
  static readonly formAssociated: true;
  /** The chosen role id, '' if none. Setting an id the engine does not know clears the choice. */
  value: string;
  /** The chosen role's result, or null. */
  readonly result: MatchResult | null;
  /** The title typed (the local title): the field's text, or what was typed before a role was chosen. */
  readonly text: string;
  /** The form the element belongs to, or null. */
  readonly form: HTMLFormElement | null;
  /** The form field name of the role id (the `name` attribute). */
  readonly name: string | null;
  required: boolean;
  disabled: boolean;
  readOnly: boolean;
  readonly validity: ValidityState;
  readonly validationMessage: string;
  readonly willValidate: boolean;
  checkValidity(): boolean;
  reportValidity(): boolean;
}

/** One line on a result, as the element's status area says it. */
export function describe(r: MatchResult): string;

/**
 * The page's engine for a mappings URL ('' or none: the built-in mappings); the WebAssembly loads
 * once per page, however many engines and elements.
 */
export function engine(mappingsUrl?: string): Promise<Standardiser>;

declare global {
  interface HTMLElementTagNameMap {
    'role-standardiser': RoleStandardiser;
  }
  interface HTMLElementEventMap extends RoleStandardiserEventMap {}
  interface DocumentEventMap extends RoleStandardiserEventMap {}
}
