// `clee compare`: the basins of the académie (or of one département) ranked on one indicator, or a
// summary of every indicator, with the académie (and département, France) references.
import { compare, indicatorById, INDICATORS, periodeLibelle, type TerritoryValue } from '../../methodology/index.ts';
import { formatNumber, formatSignedGap, formatValue } from '../../methodology/format.ts';
import { departementNom } from '../../territory/academie.ts';
import { choice, DB_OPTION, FORMAT_OPTION, type Command } from '../command.ts';
import { parseYear, parseZonage, printCsvRecords, YEAR_OPTION, ZONAGE_OPTION } from '../methodology-cli.ts';
import { withDatabase } from '../database.ts';
import { textTable } from '../table.ts';
import { csvValueRow, VALUE_COLUMNS } from '../../server/tables.ts';

const VERDICTS: Record<string, string> = {
  force: 'force',
  faiblesse: 'faiblesse',
  neutre: 'neutre',
  non_significatif: 'non significatif',
};

function fmt(indicateur: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  const def = indicatorById(indicateur)!;
  return def.unite.startsWith('pour ')
    ? formatNumber(v, def.decimales, def.signe)
    : formatValue(v, def.unite, def.decimales, def.signe);
}

function rankedText(rows: TerritoryValue[], refs: TerritoryValue[]): string {
  const def = indicatorById(rows[0]?.indicateur ?? refs[0].indicateur)!;
  const annee = rows[0]?.annee ?? refs[0].annee;
  const lines = [`${def.libelle} — ${rows[0]?.periode ?? periodeLibelle(def.axe, annee)}`, ''];
  lines.push(
    textTable(
      ['rang', 'bassin', 'dép.', 'valeur', "écart à l'académie", 'verdict'],
      rows.map((r) => [
        r.rang ?? '—',
        `${r.nom} (${r.code})`,
        r.departement,
        fmt(def.id, r.valeur),
        r.ecart_academie === null || r.ecart_academie === undefined
          ? '—'
          : formatSignedGap(r.ecart_academie, def.unite, def.decimales),
        r.verdict ? VERDICTS[r.verdict] : '—',
      ]),
    ),
  );
  lines.push('', `Références : ${refs.map((r) => `${r.nom} ${fmt(def.id, r.valeur)}`).join(' ; ')}.`);
  return lines.join('\n');
}

function summaryText(bassins: TerritoryValue[], refs: TerritoryValue[], departement?: string): string {
  const rows = INDICATORS.filter((d) => bassins.some((b) => b.indicateur === d.id)).map((d) => {
    const own = bassins.filter((b) => b.indicateur === d.id);
    const valued = own.filter((b) => b.valeur !== null);
    const max = valued[0];
    const min = valued.at(-1);
    const ref = (niveau: string) => refs.find((r) => r.indicateur === d.id && r.niveau === niveau)?.valeur;
    return [
      d.libelle,
      own[0].periode ?? periodeLibelle(d.axe, own[0].annee),
      fmt(d.id, ref('academie')),
      ...(departement ? [fmt(d.id, ref('departement'))] : []),
      max ? `${fmt(d.id, max.valeur)} (${max.nom})` : '—',
      min ? `${fmt(d.id, min.valeur)} (${min.nom})` : '—',
      own.filter((b) => b.verdict === 'force').length,
      own.filter((b) => b.verdict === 'faiblesse').length,
    ];
  });
  const headers = [
    'indicateur',
    'période',
    'académie',
    ...(departement ? [departementNom(departement)] : []),
    'maximum',
    'minimum',
    'forces',
    'faiblesses',
  ];
  return textTable(headers, rows);
}

export const compareCommand: Command = {
  name: 'compare',
  summary:
    "compare les bassins (de l'académie ou d'un département) : classement sur un indicateur, ou synthèse de tous",
  usage:
    'compare [--departement DEP] [--indicateur ID] [--annee ANNÉE] [--format text|csv|json] [--zonage clee|ze2020] ' +
    '[--db FICHIER]',
  details:
    'Exemples :\n  clee compare --departement 38 --indicateur chomage_15_24\n  clee compare --format csv > ' +
    'comparaison.csv\nIdentifiants des indicateurs : clee indicators.',
  options: [
    {
      name: 'departement',
      value: 'DEP',
      description: "code du département (07, 26, 38, 73, 74) ; défaut : toute l'académie",
    },
    {
      name: 'indicateur',
      oldNames: ['indicator'],
      value: 'ID',
      description: "identifiant de l'indicateur ; sans lui : synthèse de tous les indicateurs",
    },
    YEAR_OPTION,
    FORMAT_OPTION(['text', 'csv', 'json']),
    ZONAGE_OPTION,
    DB_OPTION,
  ],
  async run({ values }) {
    const format = choice(values.format, ['text', 'csv', 'json'] as const, 'format');
    const departement = values.departement as string | undefined;
    const indicateur = values.indicateur as string | undefined;
    const annee = parseYear(values.annee);
    const zonage = parseZonage(values.zonage);
    const result = await withDatabase(values, 'read', 'clee compare', (db) =>
      compare(db, { departement, indicateur, annee, zonage }),
    );
    if (format === 'json') {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    if (format === 'csv') {
      // The API's columns and rows (/api/comparaison?format=csv): the same query gives the same file.
      printCsvRecords(VALUE_COLUMNS, [...result.reference, ...result.bassins].map(csvValueRow));
      return 0;
    }
    if (result.bassins.length === 0) {
      console.log('Aucune valeur : les données nécessaires sont-elles chargées (clee status) ?');
      return 0;
    }
    console.log(
      indicateur
        ? rankedText(result.bassins, result.reference)
        : summaryText(result.bassins, result.reference, departement),
    );
    return 0;
  },
};
