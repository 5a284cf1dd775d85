// The one lookup of basins and indicators by what people type: id or name, case- and accent-insensitive, with close
// names suggested in French when nothing matches. Used by the CLI (through the methodology's functions) and the API.
import { foldName } from '../shared/names.ts';
import { UnknownNameError } from './errors.ts';
import { INDICATORS, type IndicatorRecord } from './indicators.ts';

/** Basin by id, or by name (case-, accent- and punctuation-insensitive), or by a unique whole-word part of its name. */
export function resolveBassin<B extends { id: string; nom: string }>(bassins: readonly B[], input: string): B {
  const wanted = foldName(input);
  const found =
    bassins.find((b) => b.id === input) ??
    bassins.find((b) => foldName(b.id) === wanted) ??
    bassins.find((b) => foldName(b.nom) === wanted);
  if (found) return found;
  // A unique basin whose name contains the input as whole words (« grenoble » for « Grenoble et Sud Isère »).
  const partial = wanted ? bassins.filter((b) => ` ${foldName(b.nom)} `.includes(` ${wanted} `)) : [];
  if (partial.length === 1) return partial[0];
  // Suggestions from the ids, the names and the significant words of the names (« Gama » → « Bassin Gamma »).
  const idOf = new Map<string, string>();
  for (const b of bassins) {
    idOf.set(b.nom, b.id);
    idOf.set(b.id, b.id);
    for (const word of b.nom.split(/[\s,()'’-]+/)) if (word.length >= 4 && !idOf.has(word)) idOf.set(word, b.id);
  }
  const shown = (id: string) => {
    const b = bassins.find((x) => x.id === id);
    return b ? `${b.nom} (${b.id})` : id;
  };
  throw new UnknownNameError(
    'bassin',
    input,
    bassins.map((b) => shown(b.id)),
    { candidates: [...idOf.keys()], suggest: (c) => idOf.get(c) ?? c, show: shown },
  );
}

/** Indicator by id, or by its label (case- and accent-insensitive). */
export function resolveIndicator(input: string): IndicatorRecord {
  const def = INDICATORS.find((i) => i.id === input);
  if (def) return def;
  const byLabel = INDICATORS.find((i) => foldName(i.libelle) === foldName(input));
  if (byLabel) return byLabel;
  throw new UnknownNameError(
    'indicateur',
    input,
    INDICATORS.map((i) => i.id),
    {
      candidates: [...INDICATORS.map((i) => i.id), ...INDICATORS.map((i) => i.libelle)],
      suggest: (c) => INDICATORS.find((i) => i.libelle === c)?.id ?? c,
    },
  );
}
