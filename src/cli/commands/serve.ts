// `clee serve`: the dashboards and the API on a local port (loopback by default).
import { SnapshotReader } from '../../db/snapshot.ts';
import { startServer } from '../../server/app.ts';
import { normaliseBase } from '../../server/base-path.ts';
import { ServedDatabase } from '../../server/served-db.ts';
import { DB_OPTION, UserError, type Command, type OptionSpec } from '../command.ts';
import { dbPathOf, requireDatabase } from '../database.ts';

/** `--chemin /clee/`: the sub-path a reverse proxy publishes the pages under (serve and start). */
export const BASE_OPTION: OptionSpec = {
  name: 'chemin',
  value: 'CHEMIN',
  description: 'sous-chemin sous lequel un proxy inverse publie les pages, par exemple /clee/ (défaut : /)',
};

export const serveCommand: Command = {
  name: 'serve',
  summary: "sert les tableaux de bord (fiche bassin, comparaison, séminaire, méthodologie) et l'API",
  usage: 'serve [--port 3000] [--hote 127.0.0.1] [--chemin /clee/] [--db FICHIER]',
  details: [
    "Par défaut le serveur n'écoute que sur cette machine (127.0.0.1). --hote 0.0.0.0 l'ouvre au réseau local.",
    'API : /api/bassins, /api/bassins/ID/diagnostic, /api/indicateurs, ' +
      '/api/indicateurs/ID/valeurs?niveau=bassin&annee=2021,',
    '/api/methodologie ; chacune aussi en ?format=csv (Excel) ou ?format=arrow.',
    'Le serveur lit une copie de la base : « clee ingest » et les autres commandes restent possibles pendant ce',
    'temps, et les tableaux de bord montrent les nouvelles données dès la fin du chargement.',
    'Derrière un proxy inverse qui publie les pages sous un sous-chemin (https://intranet…/clee/), donnez ce chemin',
    "avec --chemin /clee/ (ou faites envoyer par le proxy l'en-tête X-Forwarded-Prefix) : toutes les adresses des",
    'pages commencent alors par lui, que le proxy le retire ou non avant de transmettre la requête.',
  ].join('\n'),
  options: [
    { name: 'port', short: 'p', value: 'PORT', description: "port d'écoute (défaut : 3000 ; 0 = un port libre)" },
    { name: 'hote', oldNames: ['host'], value: 'ADRESSE', description: "adresse d'écoute (défaut : 127.0.0.1)" },
    BASE_OPTION,
    DB_OPTION,
  ],
  async run({ values }) {
    const port = portOption(values.port);
    const host = (values.hote as string | undefined) ?? '127.0.0.1';
    const base = baseOption(values.chemin);
    const path = dbPathOf(values);
    requireDatabase(path);
    return serveUntilStopped(path, port, host, base);
  },
};

export function baseOption(value: unknown): string {
  if (value === undefined) return '/';
  const base = normaliseBase(String(value));
  if (base === null)
    throw new UserError(
      `Chemin invalide : « ${String(value)} » (attendu : un chemin d'adresse comme /clee/ ou /outils/clee/, fait de ` +
        'lettres sans accent, chiffres, « - », « _ », « . » ou « ~ »).',
      2,
    );
  return base;
}

export function portOption(value: unknown): number {
  if (value === undefined) return 3000;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw new UserError(`Port invalide : « ${text} » (attendu : un entier entre 0 et 65535).`, 2);
  return Number(text);
}

/**
 * Serves a copy of the database at `path` (a new copy after each change of the file), prints the address, and
 * resolves with exit code 0 on Ctrl+C / SIGTERM.
 */
export async function serveUntilStopped(path: string, port: number, host: string, base = '/'): Promise<number> {
  if (path === ':memory:')
    throw new UserError(
      "une base en mémoire (:memory:) ne peut pas être servie : le serveur lit une copie d'un fichier. Indiquez un " +
        'fichier avec --db (par exemple data/clee.duckdb).',
      2,
    );
  const reader = await SnapshotReader.open(path);
  const served = new ServedDatabase(reader.db);
  let started: Awaited<ReturnType<typeof startServer>>;
  try {
    started = await startServer({ db: served, port, host, base, log: (m) => console.log(m) });
  } catch (error) {
    reader.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError(`le port ${port} est déjà utilisé : choisissez-en un autre avec --port.`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UserError(`adresse d'écoute invalide : ${host}.`);
    throw error;
  }
  console.log(`Tableaux de bord disponibles sur ${started.url}`);
  if (base !== '/')
    console.log(
      `Derrière le proxy inverse, les pages sont publiées sous ${base} (aussi servi ici : ` +
        `${started.url}${base.slice(1)}).`,
    );
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1')
    console.log(
      [
        `Attention : --hote ${host} ouvre les tableaux de bord et l'API à d'autres machines, sans identification ni`,
        "chiffrement. Pour les publier, placez ce serveur derrière le proxy inverse (HTTPS) de l'académie : voir le",
        'README, « Servir au-delà de ce poste ».',
        ...(started.exposed.length
          ? ['Adresses sur le réseau :', ...started.exposed.map((u) => `  ${u}`)]
          : ['Aucune adresse réseau trouvée sur cette machine.']),
      ].join('\n'),
    );
  console.log(
    `  fiche bassin : ${started.url}fiche   comparaison : ${started.url}comparaison   séminaire : ` +
      `${started.url}seminaire`,
  );
  console.log('Arrêt : Ctrl+C.');
  reader.watch(
    (next, previous) => {
      served.swap(next.db, previous.dispose);
      console.log(`Données mises à jour : nouvelle copie de ${path} servie.`);
    },
    1000,
    (error) => console.error(`La nouvelle version de ${path} n'a pas pu être lue (${error.message}) ; réessai.`),
  );
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
  served.retireAll();
  reader.close();
  console.log('Serveur arrêté.');
  return 0;
}
