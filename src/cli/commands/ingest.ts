// `clee ingest PATH...`: detect each file's format from its header and load it, one transaction per file.
import { basename } from 'node:path';
import { expandPaths, FOLDER_EXTENSIONS, ingestFiles } from '../../ingest/batch.ts';
import { bassinsFormationCount } from '../../territory/zoning-proposal.ts';
import { attributionWarnings, warningLines, warningsForSources } from '../../methodology/coverage.ts';
import { checkZoningFile } from '../../territory/zoning-check.ts';
import { DB_OPTION, UserError, type Command } from '../command.ts';
import { withDatabase } from '../database.ts';
import { progressReporter } from '../progress.ts';
import { formatCount, textTable } from '../table.ts';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'charge des fichiers publiés (INSEE, DARES/France Travail, Éducation nationale, référentiels) dans la base',
  usage: 'ingest CHEMIN... [--db FICHIER] [--tout-ou-rien] [--silencieux]',
  details: [
    "Chaque fichier est reconnu par sa ligne d'en-tête (jamais par son nom) ; « clee sources » liste les formats " +
      'connus.',
    `Un dossier est parcouru récursivement (fichiers ${[...FOLDER_EXTENSIONS].join(', ')}) ; un CSV compressé gzip ` +
      `est lu tel quel.`,
    "Un fichier = une transaction : en cas d'erreur, le fichier est refusé en entier et la base reste inchangée.",
    "Recharger le même fichier ne fait rien ; un millésime plus récent d'une source remplace l'ancien.",
    'Après le chargement, le résumé signale ce qui ne rejoint aucun bassin ou le rejoint depuis un niveau plus large :',
    'codes de communes fusionnées ramenés à la commune actuelle, codes inconnus, établissements rattachés à aucune',
    'commune du zonage, bassins BMO absents de la composition chargée (le détail : « clee status --couverture »).',
    '',
    'Exemples :',
    '  clee ingest datasets/demo',
    '  clee ingest base-cc-emploi-pop-active-2021.CSV --tout-ou-rien',
  ].join('\n'),
  options: [
    DB_OPTION,
    {
      name: 'tout-ou-rien',
      oldNames: ['all-or-nothing'],
      description: "tout charger ou rien : au premier fichier refusé, aucun fichier de la commande n'est gardé",
    },
    { name: 'silencieux', oldNames: ['quiet'], short: 'q', description: 'pas de barre de progression' },
  ],
  async run({ positionals, values }) {
    if (positionals.length === 0)
      throw new UserError('indiquez au moins un fichier ou un dossier à charger (voir « clee ingest --help »).', 2);
    const files = await expandPaths(positionals);
    if (files.length === 0)
      throw new UserError(
        `aucun fichier lisible (${[...FOLDER_EXTENSIONS].join(', ')}) dans : ${positionals.join(', ')}`,
      );
    return withDatabase(values, 'write', 'clee ingest', async (db) => {
      const progress = progressReporter(process.stderr, Boolean(values.silencieux));
      const outcome = await ingestFiles(db, files, {
        allOrNothing: Boolean(values['tout-ou-rien']),
        onProgress: progress.onProgress,
        checkFile: checkZoningFile,
      });
      progress.done();
      const rows = [
        ...outcome.results.map((r) => [
          basename(r.file),
          r.source,
          r.status + (r.replaced.length ? ' (remplace un millésime)' : ''),
          formatCount(r.rows),
          r.vintage ?? '—',
        ]),
        ...outcome.rolledBack.map((f) => [basename(f), '', 'annulé (tout ou rien)', '', '']),
        ...outcome.failures.map((f) => [basename(f.file), '', 'refusé', '', '']),
      ];
      console.log(textTable(['fichier', 'source', 'état', 'lignes', 'millésime'], rows));
      for (const r of outcome.results.filter((x) => x.note)) console.log(`Note — ${basename(r.file)} : ${r.note}.`);
      for (const f of outcome.failures) console.error(`\nFichier refusé : ${f.error.message}`);
      const loadedResults = outcome.results.filter((r) => r.status === 'chargé');
      const loaded = loadedResults.length;
      if (loaded > 0) {
        const sources = new Set(loadedResults.map((r) => r.source));
        const lines = warningLines(warningsForSources(await attributionWarnings(db), sources));
        if (lines.length) console.log(`\nRattachement aux bassins :\n${lines.map((l) => `  - ${l}`).join('\n')}`);
        // The rectorat's own bassins de formation arrive with the annuaire: say that they can replace the zoning.
        const formation = sources.has('education-annuaire') ? await bassinsFormationCount(db) : 0;
        if (formation)
          console.log(
            `\nL'annuaire chargé nomme ${formation} bassin(s) de formation : « clee territories propose --depuis ` +
              'annuaire » les propose comme zonage (à la place du zonage livré).',
          );
      }
      console.log(
        `\n${loaded} fichier(s) chargé(s), ${outcome.results.length - loaded} inchangé(s), ` +
          `${outcome.failures.length} ` +
          `refusé(s)${outcome.rolledBack.length ? `, ${outcome.rolledBack.length} annulé(s)` : ''}. Base : ${db.path}`,
      );
      return outcome.failures.length > 0 ? 1 : 0;
    });
  },
};
