// An unknown basin, indicator, year or département: a French message listing close valid names.
import { closestNames } from '../cli/suggest.ts';

export type NameKind = 'bassin' | 'indicateur' | 'annee' | 'departement' | 'zonage';

const LABELS: Record<NameKind, { inconnu: string; connus: string }> = {
  bassin: { inconnu: 'Bassin inconnu', connus: 'Bassins connus' },
  indicateur: { inconnu: 'Indicateur inconnu', connus: 'Indicateurs connus' },
  annee: { inconnu: 'Année indisponible', connus: 'Années disponibles' },
  departement: { inconnu: 'Département inconnu', connus: 'Départements connus' },
  zonage: { inconnu: 'Zonage inconnu', connus: 'Zonages connus' },
};

export class UnknownNameError extends Error {
  readonly suggestions: string[];
  /**
   * @param valid names shown to the user; @param options.candidates names matched against the input
   * (default: valid) and @param options.suggest maps a matched candidate to what is suggested.
   */
  constructor(
    readonly kind: NameKind,
    readonly input: string,
    readonly valid: readonly string[],
    options: { context?: string; candidates?: readonly string[]; suggest?: (candidate: string) => string } = {},
  ) {
    const { context, candidates = valid, suggest = (c: string) => c } = options;
    const suggestions = [...new Set(closestNames(input, candidates, 3).map(suggest))];
    const label = LABELS[kind];
    const shown =
      valid.length > 40 ? `${valid.slice(0, 40).join(', ')}, … (${valid.length} au total)` : valid.join(', ');
    super(
      `${label.inconnu} : « ${input} »${context ? ` ${context}` : ''}.` +
        (suggestions.length ? ` Vouliez-vous dire : ${suggestions.join(', ')} ?` : '') +
        (valid.length
          ? ` ${label.connus} : ${shown}.`
          : ' Aucune valeur disponible : les données nécessaires sont-elles chargées (clee ingest) ?'),
    );
    this.name = 'UnknownNameError';
    this.suggestions = suggestions;
  }
}
