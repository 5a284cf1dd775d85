// `clee indicators`: the indicator registry (id, label, definition, sources, unit, polarity).
import { DOMAINES, INDICATORS, indicatorDefinitions, type IndicatorRecord } from '../../methodology/index.ts';
import { choice, DB_OPTION, FORMAT_OPTION, type Command } from '../command.ts';
import { databaseExists, dbPathOf, withDatabase } from '../database.ts';
import { textTable } from '../table.ts';

const POLARITE = { 1: '+1', 0: '0', [-1]: '−1' } as Record<number, string>;

export const indicatorsCommand: Command = {
  name: 'indicators',
  summary: 'liste les indicateurs du diagnostic (définition, sources, unité, polarité)',
  usage: 'indicators [--format text|json] [--db FICHIER]',
  details:
    'Avec une base existante (--db, $CLEE_DB ou data/clee.duckdb), indique aussi les années disponibles de chaque ' +
    'indicateur.',
  options: [FORMAT_OPTION(['text', 'json']), DB_OPTION],
  async run({ values }) {
    const format = choice(values.format, ['text', 'json'] as const, 'format');
    const defs: readonly IndicatorRecord[] = databaseExists(dbPathOf(values))
      ? await withDatabase(values, 'read', 'clee indicators', (db) => indicatorDefinitions(db))
      : INDICATORS;
    if (format === 'json') {
      console.log(
        JSON.stringify(
          defs.map((d) => ({
            id: d.id,
            libelle: d.libelle,
            domaine: d.domaine,
            definition: d.definition,
            formule: d.formule,
            sources: d.sources,
            unite: d.unite,
            polarite: d.polarite,
            seuil_effectif: d.seuil_effectif,
            ecart_minimal: d.ecart_minimal,
            ecart_minimal_relatif: d.ecart_minimal_relatif,
            verdict_possible: d.verdict_possible,
            sans_verdict: d.sans_verdict,
            reference_verdict: d.reference_verdict,
            annees: d.annees,
            attribution: d.attribution,
          })),
          null,
          2,
        ),
      );
      return 0;
    }
    for (const [domaine, titre] of Object.entries(DOMAINES)) {
      const rows = defs.filter((d) => d.domaine === domaine);
      console.log(`${titre}\n`);
      console.log(
        textTable(
          ['identifiant', 'indicateur', 'unité', 'polarité', 'années'],
          rows.map((d) => [
            d.id,
            d.libelle,
            d.unite,
            POLARITE[d.polarite],
            d.annees.length ? d.annees.join(', ') : '—',
          ]),
        ),
      );
      console.log('');
    }
    console.log(
      `${defs.length} indicateurs. Définitions et formules : clee methodology, ou clee indicators --format json.`,
    );
    return 0;
  },
};
