// `clee territories list|validate`: the loaded CLEE zoning, and checking a zoning against the COG.
import { existsSync } from 'node:fs';
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
import { choice, DB_OPTION, FORMAT_OPTION, UserError, type Command } from '../command.ts';
import { dbPathOf, withDatabase } from '../database.ts';
import { formatCount, textTable } from '../table.ts';
import { shownPath } from '../../shared/paths.ts';

export const territoriesCommand: Command = {
  name: 'territories',
  summary: "bassins du zonage chargé (list) ; contrôle d'un fichier de zonage contre le COG (validate)",
  usage: 'territories list|validate [FICHIER] [--format text|json] [--db FICHIER]',
  details: [
    'list      : bassins du zonage chargé dans la base (identifiant, nom, département, nombre de communes).',
    'validate  : vérifie un fichier de zonage (format clee-bassins), ou à défaut le zonage chargé : chaque commune ' +
      'des départements',
    "            07, 26, 38, 73 et 74 rattachée une et une seule fois, pas de code inconnu ni de commune d'un autre " +
      'département ;',
    '            un bassin à cheval sur deux départements est signalé. Code de sortie 1 si le zonage est invalide.',
    `Zonage livré : ${shownPath(DEFAULT_ZONING_FILE)} (à charger avec clee ingest).`,
  ].join('\n'),
  options: [FORMAT_OPTION(['text', 'json']), DB_OPTION],
  async run({ positionals, values }) {
    const [action, file, ...rest] = positionals;
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
        ? 'indiquez une action : clee territories list, ou clee territories validate [FICHIER].'
        : `action inconnue : « ${action} » (actions : list, validate).`,
      2,
    );
  },
};
