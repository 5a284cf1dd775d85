// Why an indicator has no value: the sources it reads none of whose files is loaded, said with the command that
// fetches each one (« il manque : … (clee fetch ID) »). Read by the engine, the diagnosis, the CLI and the pages.
import { sourceById } from '../ingest/fetch/manifest.ts';
import { formatById } from '../ingest/registry.ts';
import type { IndicatorRecord } from './indicators.ts';

/**
 * Sources that stand in for one another (the engine reads whichever is loaded): a zone d'emploi series or its
 * département series; the commune of a school from the annuaire or, failing it, from an IPS file.
 */
const SOURCE_ALTERNATIVES: readonly (readonly string[])[] = [
  ['insee-chomage-ze', 'insee-chomage-dep'],
  ['dares-defm-ze', 'dares-defm-dep', 'dares-defm-ze-long', 'dares-defm-dep-long'],
  ['education-annuaire', 'education-ips-college', 'education-ips-lycee'],
];

/** Sources that refine a value without being needed for it (without the BMO composition: by département). */
const OPTIONAL_SOURCES: readonly string[] = ['france-travail-bassins-bmo'];

export const alternativesOf = (id: string): readonly string[] =>
  SOURCE_ALTERNATIVES.find((g) => g.includes(id)) ?? [id];

/**
 * Source ids the indicator lacks: each needed source none of whose alternatives is loaded. Alternatives come
 * together (the indicator's own first, then the others), so that the text can say « A ou B ».
 */
export function missingSources(def: Pick<IndicatorRecord, 'sources'>, loaded: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const id of def.sources) {
    if (OPTIONAL_SOURCES.includes(id) || out.includes(id)) continue;
    const group = alternativesOf(id);
    if (group.some((g) => loaded.has(g))) continue;
    const own = group.filter((g) => def.sources.includes(g));
    out.push(...own.filter((g) => !out.includes(g)));
  }
  return out;
}

/** « Recensement … (clee fetch insee-rp-emploi) »; a source without a download (the zoning) says « clee ingest ». */
function describeSource(id: string): string {
  const record = sourceById(id);
  if (record) return `${record.dataset} (clee fetch ${id})`;
  const format = formatById(id);
  return `${format?.dataset ?? id} (clee ingest FICHIER, source ${id})`;
}

/**
 * The sentence shown next to an empty indicator: alternatives joined by « ou », needs by « ; ». When every source is
 * loaded yet gives nothing here (a file of another département or year, secret values), `sources` — the indicator's
 * own — are named all the same: the user must fetch the file that covers this territory.
 */
export function manqueText(ids: readonly string[], sources: readonly string[] = []): string {
  if (ids.length === 0) {
    const needed = sources.filter((id) => !OPTIONAL_SOURCES.includes(id));
    const loaded =
      'ses sources sont chargées, mais aucune ligne ne couvre ce territoire et cette période (fichier ' +
      "d'un autre territoire ou d'une autre année, ou valeurs secrètes)";
    return needed.length
      ? `${loaded} ; il faut les fichiers qui le couvrent : ${needed.map(describeSource).join(' ; ')}`
      : loaded;
  }
  const parts: string[] = [];
  const done = new Set<string>();
  for (const id of ids) {
    if (done.has(id)) continue;
    const group = alternativesOf(id).filter((g) => ids.includes(g));
    for (const g of group) done.add(g);
    parts.push(group.map(describeSource).join(' ou '));
  }
  return `il manque : ${parts.join(' ; ')}`;
}
