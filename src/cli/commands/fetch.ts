// `clee fetch`: download the declared official sources into the cache and load them (see docs/sources.md).
import { existsSync } from 'node:fs';
import type { Database } from '../../db/database.ts';
import {
  DEFAULT_CACHE_DIR,
  fetchSource,
  FetchError,
  type FetchProgress,
  type FetchResult,
  type WithDatabase,
} from '../../ingest/fetch/fetch.ts';
import { formatBytes } from '../../ingest/fetch/download.ts';
import { type FilterError, parseDepartements } from '../../ingest/fetch/filter.ts';
import { SOURCES } from '../../ingest/fetch/manifest.ts';
import { ingestFile } from '../../ingest/loader.ts';
import { DEFAULT_ZONING_FILE } from '../../territory/zoning-file.ts';
import { choice, DB_OPTION, FORMAT_OPTION, UserError, type Command } from '../command.ts';
import { dbPathOf, withDatabase } from '../database.ts';
import { formatCount, textTable } from '../table.ts';
import { isSourceLoaded } from '../../ingest/provenance.ts';
import { shownPath } from '../../shared/paths.ts';

export const fetchCommand: Command = {
  name: 'fetch',
  summary:
    'télécharge les sources officielles déclarées (INSEE, DARES/France Travail, Éducation nationale, contours) et ' +
    'les charge',
  usage:
    'fetch [ID...] [--departements 07,26,38,73,74] [--url ADRESSE] [--cache DOSSIER] [--actualiser] [--db FICHIER] | ' +
    'fetch --liste [--format text|json]',
  details: [
    'Sans ID, toutes les sources qui ont une adresse de téléchargement direct sont récupérées.',
    'Les fichiers sont gardés dans le cache (défaut : data/cache) : une nouvelle exécution ne retélécharge pas',
    "(sauf --actualiser), et un téléchargement interrompu reprend là où il s'était arrêté.",
    "Une source en échec laisse le cache et la base tels qu'ils étaient. Proxy : variables HTTPS_PROXY / HTTP_PROXY " +
      '/ NO_PROXY.',
    '',
    'Exemples :',
    '  clee fetch --liste',
    '  clee fetch --departements 07,26,38,73,74',
    '  clee fetch insee-chomage-dep --url https://…/fichier.xlsx',
  ].join('\n'),
  options: [
    {
      name: 'liste',
      oldNames: ['list'],
      short: 'l',
      description: 'liste les sources déclarées (éditeur, licence, adresse) sans rien télécharger',
    },
    FORMAT_OPTION(['text', 'json']),
    {
      name: 'departements',
      short: 'd',
      value: 'CODES',
      description: 'ne garde que les lignes de ces départements (ex. 07,26,38,73,74)',
    },
    {
      name: 'url',
      value: 'ADRESSE',
      description: 'adresse de téléchargement à la place de celle du manifeste (avec un seul ID)',
    },
    { name: 'cache', value: 'DOSSIER', description: `dossier des téléchargements (défaut : ${DEFAULT_CACHE_DIR})` },
    {
      name: 'actualiser',
      oldNames: ['refresh'],
      description: 'retélécharge même si le cache contient déjà le fichier',
    },
    DB_OPTION,
    { name: 'silencieux', oldNames: ['quiet'], short: 'q', description: 'pas de progression' },
  ],
  async run({ positionals, values }) {
    const format = choice(values.format, ['text', 'json'] as const, 'format');
    if (values.liste) {
      printList(format);
      return 0;
    }
    const unknown = positionals.filter((id) => !SOURCES.some((s) => s.id === id));
    if (unknown.length) {
      throw new UserError(
        `source${unknown.length > 1 ? 's' : ''} inconnue${unknown.length > 1 ? 's' : ''} : ${unknown.join(', ')}. ` +
          `Voir « clee fetch --liste ».`,
        2,
      );
    }
    const url = values.url as string | undefined;
    if (url !== undefined && positionals.length !== 1) {
      throw new UserError(
        "--url s'utilise avec exactement une source (ex. « clee fetch insee-chomage-dep --url ADRESSE »).",
        2,
      );
    }
    let departements: string[] | undefined;
    if (values.departements !== undefined) {
      try {
        departements = parseDepartements(String(values.departements));
      } catch (error) {
        throw new UserError((error as FilterError).message, 2);
      }
    }
    const ids = positionals.length ? positionals : SOURCES.filter((s) => s.url).map((s) => s.id);
    const skipped = positionals.length ? [] : SOURCES.filter((s) => !s.url);
    const results: FetchResult[] = [];
    const failures: FetchError[] = [];
    // The write lock is taken for each load only (fetchSource opens the database once its file is ready): other
    // commands are not held up while sources download.
    const withWrite: WithDatabase = (load) => withDatabase(values, 'write', 'clee fetch', load);
    for (const id of ids) {
      const progress = progressLine(id, Boolean(values.silencieux));
      try {
        const result = await fetchSource(withWrite, id, {
          cacheDir: (values.cache as string | undefined) ?? DEFAULT_CACHE_DIR,
          departements,
          url,
          refresh: Boolean(values.actualiser),
          onProgress: progress.update,
        });
        progress.done();
        results.push(result);
        console.error(`✓ ${id} : ${describe(result)}`);
      } catch (error) {
        progress.done();
        const failure = error instanceof FetchError ? error : new FetchError(id, (error as Error).message);
        failures.push(failure);
        console.error(`✗ Échec — ${failure.message}`);
      }
    }
    if (results.length) await withWrite(ensureZoning);
    if (results.length) {
      console.log(
        textTable(
          ['source', 'état', 'lignes', 'téléchargé', 'fichier chargé'],
          results.map((r) => [
            r.source,
            r.ingest.status,
            formatCount(r.ingest.rows),
            r.downloaded ? 'oui' : 'cache',
            r.file,
          ]),
        ),
      );
    }
    for (const s of skipped)
      console.log(`— ${s.id} : pas d'adresse directe, ignorée (voir « clee fetch --liste » et docs/sources.md).`);
    console.log(
      `\n${results.length} source(s) chargée(s) ou à jour, ${failures.length} en ` +
        `échec${skipped.length ? `, ${skipped.length} sans adresse directe` : ''}. Base : ${dbPathOf(values)}`,
    );
    return failures.length ? 1 : 0;
  },
};

/**
 * The basins are the project's own zoning (datasets/territories), not a download: loaded here when the database
 * has none yet, so that `clee fetch` then `npm start` shows the basins (start loads the demo only when empty).
 */
async function ensureZoning(db: Database): Promise<void> {
  const loaded = await isSourceLoaded(db, 'clee-bassins');
  if (loaded || !existsSync(DEFAULT_ZONING_FILE)) return;
  const result = await ingestFile(db, DEFAULT_ZONING_FILE);
  console.error(
    `✓ zonage des bassins (${shownPath(DEFAULT_ZONING_FILE)}) : ${result.status}, ${formatCount(result.rows)} communes`,
  );
}

function printList(format: 'text' | 'json'): void {
  if (format === 'json') {
    console.log(
      JSON.stringify(
        SOURCES.map((s) => ({
          id: s.id,
          editeur: s.editeur,
          jeu_de_donnees: s.dataset,
          url: s.url,
          edition: s.edition,
          licence: s.licence,
          format: s.format,
        })),
        null,
        2,
      ),
    );
    return;
  }
  for (const s of SOURCES) {
    console.log(
      `${s.id}  [${s.editeur}]\n  ${s.dataset}\n  licence : ${s.licence} ; mise à jour : ${s.frequence}\n  page : ` +
        `${s.page}\n  adresse : ${s.url ?? '(aucune adresse directe : utilisez --url)'}\n  ` +
        `édition servie : ${s.edition}${s.note ? `\n  note : ${s.note}` : ''}\n`,
    );
  }
  console.log(
    `${SOURCES.length} sources déclarées (${SOURCES.filter((s) => s.url).length} téléchargeables directement).`,
  );
}

function describe(r: FetchResult): string {
  const parts = [`${r.ingest.status}, ${formatCount(r.ingest.rows)} lignes`];
  if (r.filter)
    parts.push(
      `${formatCount(r.filter.kept)} lignes gardées sur ${formatCount(r.filter.read)} (colonne ${r.filter.column})`,
    );
  if (r.filterNote) parts.push(r.filterNote);
  if (r.nationale)
    parts.push(
      `référence France : ${r.nationale.variables} variables sommées sur les ${formatCount(r.nationale.rows)} lignes ` +
        `du fichier national (${r.nationale.periods.join(', ')}), ${r.nationale.ingest.status}`,
    );
  if (!r.downloaded) parts.push('fichier repris du cache');
  return parts.join(' ; ');
}

/** Progress on stderr: a redrawn bar on a terminal, a line every 5 s otherwise. */
function progressLine(id: string, quiet: boolean, stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let last = 0;
  let drawn = false;
  const write = (text: string, force = false) => {
    const now = Date.now();
    if (tty) {
      stream.write(`\r\x1b[2K${text}`);
      drawn = true;
    } else if (force || now - last > 5000) {
      stream.write(`${text}\n`);
      last = now;
    }
  };
  return {
    update(event: FetchProgress) {
      if (quiet) return;
      if (event.phase === 'téléchargement') {
        const fraction = event.total ? event.received / event.total : undefined;
        const amount = `${formatBytes(event.received)}${event.total ? ` / ${formatBytes(event.total)}` : ''}`;
        const retry = event.attempt > 1 ? ` (tentative ${event.attempt})` : '';
        if (tty && fraction !== undefined) {
          const width = 24;
          const filled = Math.round(fraction * width);
          write(
            `[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${`${Math.round(fraction * 100)} %`.padStart(5)} ` +
              `${id} — ${amount}${retry}`,
          );
        } else {
          write(
            `… ${id} — téléchargement ` +
              `${amount}${fraction !== undefined ? ` (${Math.round(fraction * 100)} %)` : ''}${retry}`,
          );
        }
      } else if (event.phase === 'préparation') {
        write(`… ${id} — ${event.message}`, true);
      } else {
        const pct = event.detail.fraction === undefined ? '' : ` ${Math.round(event.detail.fraction * 100)} %`;
        write(`… ${id} — chargement (${event.detail.phase})${pct}`);
      }
    },
    done() {
      if (tty && drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
