// The alias list every peer indexes (`alias,role_id`, from examples/export_aliases.rs) and what a
// peer's answer implies: the alias's role, its profession and its typical band (mappings/roles.csv).
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../tests/e2e/csv.mjs';

/** Records of a CSV file with a header, as objects keyed by the header's names. */
function records(path) {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8').trimEnd());
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** `{ titles, roles }`: the aliases, and for each the role `{ id, profession, band }` it names. */
export function readAliases(aliasCsv, rolesCsv) {
  const roles = new Map(records(rolesCsv).map((r) => [r.id, { id: r.id, profession: r.profession, band: Number(r.band) }]));
  const titles = [];
  const aliasRoles = [];
  for (const { alias, role_id: id } of records(aliasCsv)) {
    const role = roles.get(id);
    if (!role) throw new Error(`${aliasCsv}: alias "${alias}" names no role "${id}" of ${rolesCsv}`);
    titles.push(alias);
    aliasRoles.push(role);
  }
  return { titles, roles: aliasRoles };
}

/**
 * A peer's answer in the result shape score.py reads: the best alias's role with its typical band
 * when the score reaches the cutoff (every candidate when the cutoff is null), else no-match.
 */
export function prediction(best, aliases, cutoff) {
  if (!best || (cutoff != null && best.score < cutoff)) {
    return { status: 'no-match', role: null, band: null, alias: best ? aliases.titles[best.index] : null, score: best?.score ?? null };
  }
  const role = aliases.roles[best.index];
  return {
    status: 'matched',
    role: { id: role.id, profession: role.profession },
    band: { value: role.band, source: 'typical' },
    alias: aliases.titles[best.index],
    score: best.score,
  };
}
