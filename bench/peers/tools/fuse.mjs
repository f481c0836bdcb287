// Fuse.js over the alias list. Its score is 0 for a perfect match and 1 for none; the benchmark's
// score is 1 minus it, so that higher is better for every peer.
import Fuse from 'fuse.js';

/**
 * Configurations tried on the dev titles: Fuse's defaults (Bitap near the start of the alias),
 * Bitap anywhere in the alias, and token search (TF-IDF).
 */
export const configs = {
  default: {},
  bitap: { ignoreLocation: true },
  token: { useTokenSearch: true },
};

/** A matcher over the aliases: title to the best `{ index, score }`, or null. */
export function build(aliases, config) {
  const fuse = new Fuse(aliases.titles, { includeScore: true, shouldSort: true, ...configs[config] });
  return (title) => {
    const [best] = fuse.search(title, { limit: 1 });
    return best ? { index: best.refIndex, score: 1 - best.score } : null;
  };
}
