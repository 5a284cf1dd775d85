// An unknown basin, indicator, year or département: a French message listing close valid names.
import { closestNames } from '../shared/names.ts';

type NameKind = 'bassin' | 'indicateur' | 'annee' | 'departement' | 'zonage' | 'etablissement' | 'secteur';

const LABELS: Record<NameKind, { inconnu: string; connus: string }> = {
  bassin: { inconnu: 'Bassin inconnu', connus: 'Bassins connus' },
  indicateur: { inconnu: 'Indicateur inconnu', connus: 'Indicateurs connus' },
  annee: { inconnu: 'Année indisponible', connus: 'Années disponibles' },
  departement: { inconnu: 'Département inconnu', connus: 'Départements connus' },
  zonage: { inconnu: 'Zonage inconnu', connus: 'Zonages connus' },
  etablissement: { inconnu: 'Établissement (UAI) inconnu', connus: 'Collèges et lycées du territoire' },
  secteur: { inconnu: 'Secteur inconnu', connus: 'Secteurs connus' },
};

export class UnknownNameError extends Error {
  readonly suggestions: string[];
  /**
   * @param valid names shown to the user; @param options.candidates names matched against the input
   * (default: valid), @param options.suggest maps a matched candidate to the valid name suggested (kept in
   * `suggestions`, e.g. a basin id) and @param options.show says how a suggestion is written in the message.
   */
  constructor(
    readonly kind: NameKind,
    readonly input: string,
    readonly valid: readonly string[],
    options: {
      context?: string;
      candidates?: readonly string[];
      suggest?: (candidate: string) => string;
      show?: (suggestion: string) => string;
    } = {},
  ) {
    const { context, candidates = valid, suggest = (c: string) => c, show = (s: string) => s } = options;
    const suggestions = [...new Set(closestNames(input, candidates, 3).map(suggest))];
    const label = LABELS[kind];
    const shown =
      valid.length > 40 ? `${valid.slice(0, 40).join(', ')}, … (${valid.length} au total)` : valid.join(', ');
    super(
      `${label.inconnu} : « ${input} »${context ? ` ${context}` : ''}.` +
        (suggestions.length ? ` Vouliez-vous dire : ${suggestions.map(show).join(', ')} ?` : '') +
        (valid.length
          ? ` ${label.connus} : ${shown}.`
          : ' Aucune valeur disponible : les données nécessaires sont-elles chargées (clee ingest) ?'),
    );
    this.name = 'UnknownNameError';
    this.suggestions = suggestions;
  }
}
