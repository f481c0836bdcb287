// The JavaScript runners of the peer benchmark (bench/peers.sh): the role-standardiser WebAssembly,
// Fuse.js and uFuzzy, one title per input line.
//
//   node bench/peers/run.mjs TOOL predict INPUT OUT.jsonl [--config C] [--cutoff X] [--aliases A.csv]
//   node bench/peers/run.mjs TOOL bench INPUT [--config C] [--cutoff X] [--aliases A.csv]
//                                              [--time-limit S] [--min-seconds S]
//   node bench/peers/run.mjs TOOL configs      the configurations tried on dev, one a line
//
// TOOL is wasm, fuse or ufuzzy. `predict` writes one result per line for score.py (a peer's with
// its alias and score; every candidate is matched when no cutoff is given); `bench` prints one JSON
// line of timings. Both match through the shared memoisation (memo.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { prediction, readAliases } from './aliases.mjs';
import { memoised, timePasses } from './memo.mjs';

const TOOLS = { wasm: './tools/wasm.mjs', fuse: './tools/fuse.mjs', ufuzzy: './tools/ufuzzy.mjs' };

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    config: { type: 'string' },
    cutoff: { type: 'string' },
    aliases: { type: 'string', default: 'target/bench-peers/aliases.csv' },
    roles: { type: 'string', default: 'mappings/roles.csv' },
    'time-limit': { type: 'string' },
    'min-seconds': { type: 'string', default: '1' },
  },
});
const [toolName, mode, input, out] = positionals;
if (!TOOLS[toolName] || !['predict', 'bench', 'configs'].includes(mode) || (!input && mode !== 'configs')) {
  throw new Error('usage: run.mjs wasm|fuse|ufuzzy predict|bench INPUT [OUT] [options], or run.mjs TOOL configs');
}
const tool = await import(TOOLS[toolName]);
if (mode === 'configs') {
  console.log(Object.keys(tool.configs).join('\n'));
  process.exit(0);
}
const config = values.config ?? Object.keys(tool.configs)[0];
if (!tool.configs[config]) throw new Error(`${toolName} has no configuration "${config}"`);
const cutoff = values.cutoff == null ? null : Number(values.cutoff);
const rows = readFileSync(input, 'utf8').split('\n');
if (rows.at(-1) === '') rows.pop();

const aliases = tool.engine ? null : readAliases(values.aliases, values.roles);
const built = performance.now();
const best = tool.build(aliases, config);
const match = tool.engine ? best : (title) => prediction(best(title), aliases, cutoff);
const buildSeconds = (performance.now() - built) / 1000;

if (mode === 'predict') {
  if (!out) throw new Error('predict needs an output path');
  const { results, rowSlots } = memoised(rows, match);
  writeFileSync(out, Array.from(rowSlots, (s) => `${JSON.stringify(results[s])}\n`).join(''));
} else {
  const timeLimit = values['time-limit'] == null ? Infinity : Number(values['time-limit']);
  const timing = timePasses(rows, match, { minSeconds: Number(values['min-seconds']), timeLimit });
  console.log(JSON.stringify({ tool: toolName, config: tool.engine ? null : config, cutoff, input, build_s: buildSeconds, ...timing }));
}
