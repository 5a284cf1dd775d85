// `clee metiers BASSIN`: the métiers that recruit (BMO) in a basin, a département or the académie.
import { metiersOf, scopeLabel, type MetierLigne, type MetiersResult } from '../../methodology/index.ts';
import { choice, DB_OPTION, FORMAT_OPTION, type Command } from '../command.ts';
import { ACADEMIE_OPTION, DEPARTEMENT_OPTION, n0, pct, scopeOf, signed } from '../lists-cli.ts';
import { parseYear, printCsvRecords, ZONAGE_OPTION } from '../methodology-cli.ts';
import { withDatabase } from '../database.ts';
import { textTable } from '../table.ts';
import { METIER_COLUMNS, metierRow as metierRecord } from '../../server/list-tables.ts';

const projets = (m: { projets: number | null; secret: boolean }) =>
  m.projets === null ? 'secret' : `${m.secret ? '≥ ' : ''}${n0(m.projets)}`;

function metierRow(m: MetierLigne): (string | number)[] {
  return [
    `${m.libelle} (${m.code})`,
    projets(m),
    pct(m.part_difficiles),
    pct(m.part_saisonniers),
    signed(m.evolution),
    m.petit_nombre ? 'petit nombre' : '',
  ];
}

function metiersText(r: MetiersResult, label: string): string {
  const out = [`Métiers qui recrutent — ${label} — ${r.source}`];
  if (r.annee === null) return [...out, '', ...r.notes].join('\n');
  if (r.bassins_bmo.length)
    out.push(
      `Bassins BMO : ${r.bassins_bmo
        .map(
          (b) =>
            `${b.nom ?? b.code} (${b.code}, ${b.departement}) ` +
            `${n0(b.part_population)} % de sa population dans le bassin`,
        )
        .join(' ; ')}.`,
    );
  out.push(
    `Total : ${n0(r.total.projets)} projets de recrutement, ${pct(r.total.part_difficiles)} jugés difficiles, ` +
      `${pct(r.total.part_saisonniers)} saisonniers.`,
  );
  const headers = ['métier', 'projets', 'difficiles', 'saisonniers', `évol. ${r.annee_precedente ?? ''}`.trim(), ''];
  const byCode = new Map(r.metiers.map((m) => [m.code, m]));
  out.push('', `Les ${r.top_projets.length} métiers qui recrutent le plus`);
  out.push(
    textTable(
      headers,
      r.top_projets.map((c) => metierRow(byCode.get(c)!)),
    ),
  );
  out.push(
    '',
    `Les ${r.top_tension.length} métiers les plus difficiles à pourvoir (au moins ${r.seuil_petit_nombre} projets)`,
  );
  out.push(
    textTable(
      headers,
      r.top_tension.map((c) => metierRow(byCode.get(c)!)),
    ),
  );
  out.push('', 'Par famille de métiers');
  out.push(
    textTable(
      ['famille', 'projets', 'difficiles', 'saisonniers', 'évolution', 'métiers'],
      r.familles.map((f) => [
        `${f.libelle} (${f.code})`,
        projets(f),
        pct(f.part_difficiles),
        pct(f.part_saisonniers),
        signed(f.evolution),
        f.metiers,
      ]),
    ),
  );
  out.push('', 'Où l’on recrute, vers quelles formations (domaines professionnels FAP → spécialités de formation NSF)');
  out.push(
    textTable(
      ['domaine professionnel', 'projets', 'difficiles', 'formations'],
      r.domaines.map((d) => [
        `${d.libelle} (${d.domaine_fap})`,
        n0(d.projets),
        pct(d.part_difficiles),
        d.formations.map((f) => (f.nsf ? `${f.libelle} (NSF ${f.nsf})` : f.libelle)).join(' ; '),
      ]),
    ),
  );
  out.push('', `Tous les métiers : clee metiers … --format csv (${r.metiers.length} métiers).`);
  if (r.regle_attribution) out.push(`Attribution : ${r.regle_attribution}`);
  out.push(`Correspondance : ${r.correspondance_source}`);
  out.push(...r.notes.map((n) => `Note : ${n}`));
  return out.join('\n');
}

export const metiersCommand: Command = {
  name: 'metiers',
  summary: 'les métiers qui recrutent (enquête BMO) : projets, part difficile, part saisonnière, évolution sur un an',
  usage:
    'metiers BASSIN [--departement DEP | --academie] [--annee ANNÉE] [--format text|json|csv] [--zonage ' +
    'clee|ze2020] [--db FICHIER]',
  details: [
    'Projets de recrutement par métier et par famille de métiers, les dix métiers qui recrutent le plus et les dix ' +
      'plus',
    'difficiles à pourvoir. Une valeur secrète (« * » dans le fichier) reste « secret », jamais 0 ; moins de 20 ' +
      'projets :',
    '« petit nombre ». JSON : tableau des métiers triés par projets {code, libelle, projets, part_difficiles, ' +
      'part_saisonniers, …}.',
    'Exemples :\n  clee metiers grenoble\n  clee metiers --departement 38 --format csv > metiers-isere.csv',
  ].join('\n'),
  options: [
    DEPARTEMENT_OPTION,
    ACADEMIE_OPTION,
    {
      name: 'annee',
      oldNames: ['year'],
      value: 'ANNÉE',
      description: "année de l'enquête BMO (défaut : la plus récente chargée)",
    },
    FORMAT_OPTION(['text', 'json', 'csv']),
    ZONAGE_OPTION,
    DB_OPTION,
  ],
  async run(args) {
    const format = choice(args.values.format, ['text', 'json', 'csv'] as const, 'format');
    const annee = parseYear(args.values.annee);
    const { result, label } = await withDatabase(args.values, 'read', 'clee metiers', async (db) => {
      const scope = await scopeOf(db, args, 'metiers');
      return { result: await metiersOf(db, scope, annee === undefined ? {} : { annee }), label: scopeLabel(scope) };
    });
    if (format === 'json') console.log(JSON.stringify(result.metiers, null, 2));
    else if (format === 'csv') printCsvRecords(METIER_COLUMNS, result.metiers.map(metierRecord));
    else console.log(metiersText(result, label));
    return 0;
  },
};
