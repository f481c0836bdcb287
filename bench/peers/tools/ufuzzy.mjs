// uFuzzy over the alias list. It filters and ranks without a score: the benchmark's score is the
// share of the best alias's characters that the title matched (uFuzzy's `chars` over its length).
import uFuzzy from '@leeoniya/ufuzzy';

const typos = { intraMode: 1, intraIns: 1, intraSub: 1, intraTrn: 1, intraDel: 1 };

/** Configurations tried on the dev titles: uFuzzy's defaults, one typo per term, and terms in any order too. */
export const configs = {
  default: { options: {}, outOfOrder: 0 },
  typos: { options: typos, outOfOrder: 0 },
  'typos-any-order': { options: typos, outOfOrder: 3 },
};

/** A matcher over the aliases: title to the best `{ index, score }`, or null. */
export function build(aliases, config) {
  const { options, outOfOrder } = configs[config];
  const uf = new uFuzzy(options);
  const haystack = aliases.titles;
  return (title) => {
    const [idxs, info, order] = uf.search(haystack, title, outOfOrder, Infinity);
    if (!idxs?.length || !order?.length) return null;
    const top = order[0];
    const index = info.idx[top];
    return { index, score: info.chars[top] / haystack[index].length };
  };
}
