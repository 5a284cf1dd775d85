// `clee territories list|validate|propose`: the loaded CLEE zoning, checking a zoning against the COG, and a zoning
// proposed from the annuaire's bassins de formation.
import { existsSync, writeFileSync } from 'node:fs';
import { departementNom } from '../../territory/academie.ts';
import {
  formatZoningReport,
  loadedZoning,
  readZoningFile,
  summariseZoning,
  validateZoning,
  DEFAULT_ZONING_FILE,
  type ZoningRow,
} from '../../territory/zoning-file.ts';
import { proposeZoningFromAnnuaire } from '../../territory/zoning-proposal.ts';
import { csvRecords } from '../../shared/csv.ts';
import { choice, DB_OPTION, FORMAT_OPTION, UserError, type Command, type ParsedCommand } from '../command.ts';
import { dbPathOf, withDatabase } from '../database.ts';
import { formatCount, textTable } from '../table.ts';
import { shownPath } from '../../shared/paths.ts';

export const territoriesCommand: Command = {
  name: 'territories',
  summary:
    "bassins du zonage chargé (list) ; contrôle d'un fichier de zonage contre le COG (validate) ; zonage des " +
    "bassins de formation de l'annuaire (propose)",
  usage:
    'territories list|validate [FICHIER] [--format text|json] [--db FICHIER]\n' +
    '        clee territories propose --depuis annuaire [--sortie FICHIER] [--format text|json|csv] [--db FICHIER]',
  details: [
    'list      : bassins du zonage chargé dans la base (identifiant, nom, département, nombre de communes).',
    'validate  : vérifie un fichier de zonage (format clee-bassins), ou à défaut le zonage chargé : chaque commune ' +
      'des départements',
    "            07, 26, 38, 73 et 74 rattachée une et une seule fois, pas de code inconnu ni de commune d'un autre " +
      'département ;',
    '            un bassin à cheval sur deux départements est signalé. Code de sortie 1 si le zonage est invalide.',
    "propose   : les bassins de formation officiels de l'annuaire chargé (code_bassin_formation) en zonage : une " +
      'commune',
    '            rejoint le bassin de formation de la majorité de ses établissements ; sans établissement, celui de ' +
      'la',
    '            majorité des établissements de son bassin du zonage chargé. Le zonage proposé est validé comme ' +
      'ci-dessus ;',
    '            --sortie écrit le fichier (format clee-bassins) à charger avec clee ingest à la place du zonage ' +
      'livré.',
    `Zonage livré : ${shownPath(DEFAULT_ZONING_FILE)} (à charger avec clee ingest).`,
  ].join('\n'),
  options: [
    FORMAT_OPTION(['text', 'json', 'csv']),
    { name: 'depuis', value: 'SOURCE', description: 'propose : la source du zonage proposé (annuaire)' },
    { name: 'sortie', value: 'FICHIER', description: 'propose : fichier de zonage à écrire (format clee-bassins)' },
    DB_OPTION,
  ],
  async run({ positionals, values }) {
    const [action, file, ...rest] = positionals;
    if (action === 'propose') {
      if (file !== undefined)
        throw new UserError('« territories propose » ne prend pas de fichier : --sortie FICHIER.', 2);
      return propose(values);
    }
    const format = choice(values.format, ['text', 'json'] as const, 'format');
    if (action === 'list') {
      if (file !== undefined)
        throw new UserError('« territories list » ne prend pas de fichier (il lit le zonage chargé).', 2);
      const rows = await withDatabase(values, 'read', 'clee territories', (db) => loadedZoning(db));
      const bassins = summariseZoning(rows);
      if (format === 'json') {
        console.log(JSON.stringify(bassins, null, 2));
        return 0;
      }
      if (!bassins.length) {
        console.log(`Aucun zonage chargé. Chargez ${shownPath(DEFAULT_ZONING_FILE)} avec « clee ingest ».`);
        return 0;
      }
      console.log(
        textTable(
          ['identifiant', 'bassin', 'département', 'communes'],
          bassins.map((b) => [
            b.id,
            b.nom,
            `${b.departement} ${departementNom(b.departement)}`,
            formatCount(b.communes),
          ]),
        ),
      );
      console.log(`\n${bassins.length} bassins, ${formatCount(rows.length)} communes.`);
      return 0;
    }
    if (action === 'validate') {
      if (rest.length) throw new UserError('« territories validate » prend au plus un fichier.', 2);
      let rows: ZoningRow[];
      let source: string;
      let headerIssues: ReturnType<typeof validateZoning>['erreurs'] = [];
      if (file !== undefined) {
        if (!existsSync(file)) throw new UserError(`fichier introuvable : ${file}`);
        const read = await readZoningFile(file);
        rows = read.rows;
        headerIssues = read.issues;
        source = file;
      } else {
        const path = dbPathOf(values);
        rows = await withDatabase(values, 'read', 'clee territories', (db) => loadedZoning(db));
        source = `zonage chargé dans ${path}`;
        if (!rows.length)
          throw new UserError(
            `aucun zonage chargé dans ${path} : indiquez un fichier (clee territories validate ` +
              `${shownPath(DEFAULT_ZONING_FILE)}) ou chargez-le avec « clee ingest ».`,
          );
      }
      const report = validateZoning(rows, source);
      if (headerIssues.length) {
        report.erreurs.unshift(...headerIssues);
        report.valide = false;
      }
      if (format === 'json') console.log(JSON.stringify(report, null, 2));
      else console.log(formatZoningReport(report));
      return report.valide ? 0 : 1;
    }
    throw new UserError(
      action === undefined
        ? 'indiquez une action : clee territories list, clee territories validate [FICHIER], ou clee territories ' +
            'propose --depuis annuaire.'
        : `action inconnue : « ${action} » (actions : list, validate, propose).`,
      2,
    );
  },
};

/** `clee territories propose --depuis annuaire`: the proposal, its validation, and the file when asked. */
async function propose(values: ParsedCommand['values']): Promise<number> {
  const format = choice(values.format, ['text', 'json', 'csv'] as const, 'format');
  if (values.depuis !== 'annuaire')
    throw new UserError(
      values.depuis === undefined
        ? 'indiquez la source du zonage proposé : --depuis annuaire.'
        : `source inconnue : « ${String(values.depuis)} » (sources : annuaire).`,
      2,
    );
  const sortie = values.sortie as string | undefined;
  const proposal = await withDatabase(values, 'read', 'clee territories', (db) => proposeZoningFromAnnuaire(db));
  if (!proposal)
    throw new UserError(
      `aucun bassin de formation dans ${dbPathOf(values)} : chargez l'annuaire de l'éducation avec ses colonnes ` +
        'code_bassin_formation et libelle_bassin_formation (clee ingest FICHIER).',
    );
  const columns = ['code_commune', 'nom_commune', 'departement', 'bassin_id', 'bassin_nom'] as const;
  const csv = csvRecords(columns, proposal.rows);
  if (sortie) writeFileSync(sortie, csv);
  const report = validateZoning(proposal.rows, sortie ?? "zonage proposé depuis l'annuaire");
  if (format === 'csv') {
    if (!sortie) process.stdout.write(csv);
  } else if (format === 'json') {
    const { rows, ...summary } = proposal;
    console.log(JSON.stringify({ ...summary, communes: rows.length, validation: report }, null, 2));
  } else {
    const out = [
      `Zonage proposé : ${formatCount(proposal.bassins)} bassins de formation de l'annuaire ` +
        `(${formatCount(proposal.etablissements)} établissements ouverts qui en portent un).`,
      `Règle : ${proposal.regle}`,
      `${formatCount(proposal.par_etablissements)} communes placées par leurs établissements, ` +
        `${formatCount(proposal.par_zonage)} par leur bassin du zonage chargé, ` +
        `${formatCount(proposal.non_placees.length)} non placées.`,
    ];
    if (proposal.etablissements_hors_communes)
      out.push(
        `${formatCount(proposal.etablissements_hors_communes)} établissements d'une commune hors de l'académie ou ` +
          'absente du COG (ancien code) ne sont pas utilisés.',
      );
    out.push('', formatZoningReport(report), '');
    out.push(
      sortie
        ? `Fichier écrit : ${sortie}. Pour remplacer le zonage livré : clee ingest ${sortie}`
        : 'Pour écrire le fichier : --sortie FICHIER (puis clee ingest FICHIER).',
    );
    console.log(out.join('\n'));
  }
  return report.valide ? 0 : 1;
}
