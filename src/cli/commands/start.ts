// `clee start` (npm start): the main job on the embedded demo data — load it into the database when empty,
// then print a summary.
import { resolve } from 'node:path';
import { Database, resolveDbPath } from '../../db/database.ts';
import { expandPaths, ingestFiles } from '../../ingest/batch.ts';
import { ensureSchema } from '../../ingest/schema.ts';
import { DB_OPTION, UserError, type Command } from '../command.ts';
import { progressReporter } from '../progress.ts';
import { formatCount, textTable } from '../table.ts';
import { loadedSources } from './status.ts';

export const DEMO_PATHS = ['datasets/territories', 'datasets/demo'];

export const startCommand: Command = {
  name: 'start',
  summary: 'charge les données de démonstration si la base est vide et affiche un résumé',
  usage: 'start [--db FICHIER] [--data DOSSIER]',
  details: 'Les données de démonstration (datasets/) sont SIMULÉES : elles montrent le fonctionnement de l\'outil, pas la réalité d\'un territoire.',
  options: [DB_OPTION, { name: 'data', value: 'DOSSIER', description: 'dossier(s) à charger si la base est vide (défaut : datasets/territories et datasets/demo)', multiple: true }],
  async run({ values }) {
    const db = await Database.open(resolveDbPath(values.db as string | undefined));
    try {
      await ensureSchema(db);
      const before = await loadedSources(db);
      if (before.length === 0) {
        const paths = (values.data as string[] | undefined) ?? DEMO_PATHS.map((p) => resolve(p));
        console.log(`Base vide : chargement des données de démonstration (valeurs simulées) dans ${db.path}…`);
        const progress = progressReporter();
        const outcome = await ingestFiles(db, await expandPaths(paths), { onProgress: progress.onProgress });
        progress.done();
        for (const f of outcome.failures) console.error(`Fichier refusé : ${f.error.message}`);
        if (outcome.failures.length > 0) throw new UserError(`${outcome.failures.length} fichier(s) de démonstration refusé(s).`);
      }
      const rows = await loadedSources(db);
      console.log(textTable(['source', 'fichier', 'millésime', 'lignes'], rows.map((r) => [r.source, r.file, r.vintage ?? '—', formatCount(r.rows)])));
      console.log(`\n${rows.length} fichier(s) chargé(s) dans ${db.path}.`);
      return 0;
    } finally {
      db.close();
    }
  },
};
