// The role-standardiser WebAssembly (www/pkg, built by scripts/build-wasm.sh) in Node: the engine
// itself, so its answer is its own result, not an alias.
import { readFileSync } from 'node:fs';
import { initSync, Standardiser } from '../../../www/pkg/role_standardiser.js';

export const engine = true;
export const configs = { engine: {} };

/** Compiles and instantiates the module, builds the engine: title to the engine's result. */
export function build() {
  initSync({ module: readFileSync(new URL('../../../www/pkg/role_standardiser_bg.wasm', import.meta.url)) });
  const standardiser = new Standardiser();
  return (title) => standardiser.match(title);
}
