// `clee serve`: the dashboards and the API on a local port (loopback by default).
import { existsSync } from 'node:fs';
import { Database, resolveDbPath } from '../../db/database.ts';
import { startServer } from '../../server/app.ts';
import { DB_OPTION, UserError, type Command } from '../command.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: "sert les tableaux de bord (fiche bassin, comparaison, séminaire, méthodologie) et l'API",
  usage: 'serve [--port 3000] [--host 127.0.0.1] [--db FICHIER]',
  details: [
    "Par défaut le serveur n'écoute que sur cette machine (127.0.0.1). --host 0.0.0.0 l'ouvre au réseau local.",
    'API : /api/bassins, /api/bassins/ID/diagnostic, /api/indicateurs, /api/indicateurs/ID/valeurs?niveau=bassin&annee=2021,',
    '/api/methodologie ; chacune aussi en ?format=csv (Excel) ou ?format=arrow.',
  ].join('\n'),
  options: [
    { name: 'port', short: 'p', value: 'PORT', description: "port d'écoute (défaut : 3000 ; 0 = un port libre)" },
    { name: 'host', value: 'ADRESSE', description: "adresse d'écoute (défaut : 127.0.0.1)" },
    DB_OPTION,
  ],
  async run({ values }) {
    const port = portOption(values.port);
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const path = resolveDbPath(values.db as string | undefined);
    if (path !== ':memory:' && !existsSync(path)) {
      throw new UserError(
        `la base ${path} n'existe pas encore : chargez des données avec « clee ingest » ou lancez « npm start ».`,
      );
    }
    const db = await Database.open(path);
    const served = await serveUntilStopped(db, port, host);
    return served;
  },
};

export function portOption(value: unknown): number {
  if (value === undefined) return 3000;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw new UserError(`Port invalide : « ${text} » (attendu : un entier entre 0 et 65535).`, 2);
  return Number(text);
}

/** Starts the server, prints its address, and resolves with exit code 0 on Ctrl+C / SIGTERM. */
export async function serveUntilStopped(db: Database, port: number, host: string): Promise<number> {
  let started: Awaited<ReturnType<typeof startServer>>;
  try {
    started = await startServer({ db, port, host, log: (m) => console.log(m) });
  } catch (error) {
    db.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError(`le port ${port} est déjà utilisé : choisissez-en un autre avec --port.`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`adresse d'écoute invalide : ${host}.`);
    throw error;
  }
  console.log(`Tableaux de bord disponibles sur ${started.url}`);
  console.log(
    `  fiche bassin : ${started.url}fiche   comparaison : ${started.url}comparaison   séminaire : ${started.url}seminaire`,
  );
  console.log('Arrêt : Ctrl+C.');
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await started.close();
  db.close();
  console.log('Serveur arrêté.');
  return 0;
}
