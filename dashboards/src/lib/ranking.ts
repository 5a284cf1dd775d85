// One indicator's basins from GET /api/comparaison as the ranking figure shows them (comparison page, seminar deck):
// the values of the chosen département or all, the references the API sent (académie, département, France), the
// legend, and the source line with the API's note on ranks. The page only picks the title and the size.
import type { IndicatorDefinition, Libelles, TerritoryValue } from './api.ts';
import { rankedBarsLegend } from './figure.ts';
import { periodsOf } from './format.ts';
import { type SourceInfo, sourceLine } from './sources.ts';

interface Ranking {
  values: TerritoryValue[];
  academie: TerritoryValue | null;
  departement: TerritoryValue | null;
  france: TerritoryValue | null;
  /** The period of the values as the API gives it (« RP 2021 »), empty when it gives none. */
  periode: string;
  /** How the ranks read, in the API's words (`libelles.rangs`); empty when the values are not ranked. */
  rangNote: string;
  /** The source line of the values (« Source : … — RP 2021. »). */
  source: string;
  /** The source line followed by the rank note: the ranking's caption. */
  caption: string;
  legend: HTMLElement;
  /** The references as rankedBars takes them. */
  bars: {
    unite: string;
    libelle: string;
    academie: number | null;
    departement: { nom: string; valeur: number | null } | null;
    france: number | null;
  };
}

export function ranking(
  comparison: { reference: TerritoryValue[]; bassins: TerritoryValue[] },
  def: IndicatorDefinition,
  departement: string | undefined,
  ctx: { libelles: Libelles; sources: SourceInfo[] },
): Ranking {
  const values = comparison.bassins.filter(
    (v) => v.indicateur === def.id && (!departement || v.departement === departement),
  );
  const reference = (niveau: string) =>
    comparison.reference.find((r) => r.niveau === niveau && r.indicateur === def.id) ?? null;
  const academie = reference('academie');
  const dep = departement ? reference('departement') : null;
  const france = reference('france');
  const periode = periodsOf(values.slice(0, 1));
  const rangNote = values[0]?.rang_sens ? ctx.libelles.rangs[values[0].rang_sens] : '';
  const source = sourceLine(def, periode, ctx.sources);
  return {
    values,
    academie,
    departement: dep,
    france,
    periode,
    rangNote,
    source,
    caption: rangNote ? `${source} Rangs : ${rangNote}.` : source,
    legend: rankedBarsLegend(ctx.libelles, values, { departement: dep, france }),
    bars: {
      unite: def.unite,
      libelle: def.libelle,
      academie: academie?.valeur ?? null,
      departement: dep ? { nom: dep.nom, valeur: dep.valeur } : null,
      france: france?.valeur ?? null,
    },
  };
}
