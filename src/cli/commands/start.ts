import { expandPaths, ingestFiles } from '../../ingest/batch.ts';
import { DB_OPTION, UserError, type Command } from '../command.ts';
import { databaseExists, dbPathOf, withDatabase } from '../database.ts';
import { progressReporter } from '../progress.ts';
import { formatCount, textTable } from '../table.ts';
import { loadedFiles } from '../../ingest/provenance.ts';
import { BASE_OPTION, baseOption, portOption, serveUntilStopped } from './serve.ts';
import { packagePath } from '../../shared/paths.ts';

/** The default zoning and the demo territory, shipped with the package (absolute paths). */
export const DEMO_PATHS = [packagePath('datasets', 'territories'), packagePath('datasets', 'demo')];

export const startCommand: Command = {
  name: 'start',
  summary: 'charge les données de démonstration si la base est vide, affiche un résumé et sert les tableaux de bord',
  usage: 'start [--db FICHIER] [--donnees DOSSIER] [--port 3000] [--hote 127.0.0.1] [--chemin /clee/] [--sans-serveur]',
  details:
    "Les données de démonstration (datasets/) sont SIMULÉES : elles montrent le fonctionnement de l'outil, pas la " +
    "réalité d'un territoire.",
  options: [
    DB_OPTION,
    {
      name: 'donnees',
      oldNames: ['data'],
      value: 'DOSSIER',
      description: 'dossier(s) à charger si la base est vide (défaut : datasets/territories et datasets/demo)',
      multiple: true,
    },
    { name: 'port', short: 'p', value: 'PORT', description: 'port des tableaux de bord (défaut : 3000)' },
    {
      name: 'hote',
      oldNames: ['host'],
      value: 'ADRESSE',
      description: "adresse d'écoute (défaut : 127.0.0.1, cette machine seulement)",
    },
    BASE_OPTION,
    {
      name: 'sans-serveur',
      oldNames: ['no-serve'],
      description: "s'arrête après le résumé, sans servir les tableaux de bord",
    },
  ],
  async run({ values }) {
    const serve = !values['sans-serveur'];
    const port = portOption(values.port);
    const base = baseOption(values.chemin);
    const path = dbPathOf(values);
    // Refused before loading anything (the server could not read a database held in memory).
    if (serve && path === ':memory:') return serveUntilStopped(path, port, '127.0.0.1');
    // The demo is loaded under the write lock only when the base is empty (the summary then comes from that same
    // opening); otherwise it is read like any reader's. The server reads its own copy (see serve), so other commands
    // can use the base meanwhile.
    let rows = databaseExists(path) ? await withDatabase(values, 'read', 'clee start', (db) => loadedFiles(db)) : [];
    if (rows.length === 0) {
      rows = await withDatabase(values, 'write', 'clee start', async (db) => {
        const loaded = await loadedFiles(db);
        if (loaded.length > 0) return loaded;
        const paths = (values.donnees as string[] | undefined) ?? DEMO_PATHS;
        console.log(`Base vide : chargement des données de démonstration (valeurs simulées) dans ${db.path}…`);
        const progress = progressReporter();
        const outcome = await ingestFiles(db, await expandPaths(paths), { onProgress: progress.onProgress });
        progress.done();
        for (const f of outcome.failures) console.error(`Fichier refusé : ${f.error.message}`);
        if (outcome.failures.length > 0)
          throw new UserError(`${outcome.failures.length} fichier(s) de démonstration refusé(s).`);
        return loadedFiles(db);
      });
    }
    console.log(
      textTable(
        ['source', 'fichier', 'millésime', 'lignes'],
        rows.map((r) => [r.source, r.file, r.vintage ?? '—', formatCount(r.rows)]),
      ),
    );
    console.log(`\n${rows.length} fichier(s) chargé(s) dans ${path}.`);
    if (!serve) return 0;
    console.log('');
    return serveUntilStopped(path, port, (values.hote as string | undefined) ?? '127.0.0.1', base);
  },
};
