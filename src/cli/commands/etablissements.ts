// `clee etablissements BASSIN`: the collèges, lycées (and CFA when loaded) of a basin with their enrolments,
// IPS, offer (voies, sections) and InserJeunes results.
import { etablissementsOf, scopeLabel } from '../../methodology/index.ts';
import { choice, DB_OPTION, FORMAT_OPTION, type Command } from '../command.ts';
import { ACADEMIE_OPTION, DEPARTEMENT_OPTION, n0, pct, scopeOf } from '../lists-cli.ts';
import { printCsvRecords, ZONAGE_OPTION } from '../methodology-cli.ts';
import { withDatabase } from '../database.ts';
import { textTable } from '../table.ts';
import { ETABLISSEMENT_COLUMNS, etablissementRow } from '../../server/list-tables.ts';
import { formatNumber } from '../../methodology/format.ts';

export const etablissementsCommand: Command = {
  name: 'etablissements',
  summary: 'les collèges, lycées et CFA du bassin : effectifs par niveau, IPS, voies et sections, InserJeunes',
  usage:
    'etablissements BASSIN [--departement DEP | --academie] [--type TYPE] [--format text|json|csv] [--zonage ' +
    'clee|ze2020] [--db FICHIER]',
  details: [
    "Établissements de l'annuaire de l'éducation situés dans les communes du bassin, avec les effectifs de la dernière",
    'rentrée publiée (DEPP), l’IPS, l’offre déclarée dans l’annuaire (voie professionnelle, apprentissage, SEGPA, ' +
      'lycée des',
    'métiers, sections…) et les taux InserJeunes. JSON : tableau {uai, nom, type, commune, eleves, …}.',
    'Exemples :\n  clee etablissements grenoble\n  clee etablissements grenoble --type collège --format csv > ' +
      'colleges.csv',
  ].join('\n'),
  options: [
    DEPARTEMENT_OPTION,
    ACADEMIE_OPTION,
    { name: 'type', value: 'TYPE', description: 'un type seulement (collège, lycée professionnel, …)' },
    FORMAT_OPTION(['text', 'json', 'csv']),
    ZONAGE_OPTION,
    DB_OPTION,
  ],
  async run(args) {
    const format = choice(args.values.format, ['text', 'json', 'csv'] as const, 'format');
    const { result, label } = await withDatabase(args.values, 'read', 'clee etablissements', async (db) => {
      const scope = await scopeOf(db, args, 'etablissements');
      return { result: await etablissementsOf(db, scope), label: scopeLabel(scope) };
    });
    const type = args.values.type as string | undefined;
    const list = type
      ? result.etablissements.filter((e) => e.type === type.toLowerCase() || e.type === type)
      : result.etablissements;
    if (format === 'json') {
      console.log(JSON.stringify(list, null, 2));
      return 0;
    }
    if (format === 'csv') {
      printCsvRecords(ETABLISSEMENT_COLUMNS, list.map(etablissementRow));
      return 0;
    }
    const out = [`Établissements — ${label} — ${result.source}`];
    out.push(result.par_type.map((t) => `${t.nombre} ${t.type} (${n0(t.eleves)} élèves)`).join(' ; '));
    out.push(
      '',
      textTable(
        ['UAI', 'établissement', 'type', 'secteur', 'commune', 'élèves', 'IPS', 'EP', 'offre', 'emploi 6 mois'],
        list.map((e) => [
          e.uai,
          e.nom,
          e.type,
          e.secteur ?? '',
          e.commune ?? e.code_commune,
          n0(e.eleves),
          e.ips === null ? '—' : formatNumber(e.ips, 1),
          e.education_prioritaire ?? '',
          e.offres.join(', '),
          e.inserjeunes ? pct(e.inserjeunes.taux_emploi_6m) : '',
        ]),
      ),
    );
    out.push(...result.notes.map((n) => `Note : ${n}`));
    console.log(out.join('\n'));
    return 0;
  },
};
