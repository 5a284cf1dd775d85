// `clee status`: what is loaded (provenance of the active files).
import { existsSync } from 'node:fs';
import { Database, resolveDbPath } from '../../db/database.ts';
import { loadedFiles } from '../../ingest/provenance.ts';
import { ensureSchema } from '../../ingest/schema.ts';
import { choice, DB_OPTION, FORMAT_OPTION, UserError, type Command } from '../command.ts';
import { formatCount, textTable } from '../table.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'affiche les fichiers chargés dans la base (source, fichier, empreinte, millésime, lignes)',
  usage: 'status [--db FICHIER] [--format text|json] [--json]',
  options: [DB_OPTION, FORMAT_OPTION(['text', 'json']), { name: 'json', description: 'raccourci pour --format json' }],
  async run({ values }) {
    const format = values.json ? 'json' : choice(values.format, ['text', 'json'] as const, 'format');
    const path = resolveDbPath(values.db as string | undefined);
    if (path !== ':memory:' && !existsSync(path))
      throw new UserError(
        `la base ${path} n'existe pas encore : chargez des fichiers avec « clee ingest » ou lancez « npm start ».`,
      );
    const db = await Database.open(path);
    try {
      await ensureSchema(db);
      const rows = await loadedFiles(db);
      if (format === 'json') {
        console.log(
          JSON.stringify(
            {
              sources: rows.map(({ source, file, sha256, vintage, rows: n }) => ({
                source,
                file,
                sha256,
                vintage,
                rows: n,
              })),
            },
            null,
            2,
          ),
        );
        return 0;
      }
      if (rows.length === 0) {
        console.log(`Aucun fichier chargé dans ${db.path}.`);
        return 0;
      }
      console.log(
        textTable(
          ['source', 'fichier', 'millésime', 'périodes', 'lignes', 'chargé le', 'sha256'],
          rows.map((r) => [
            r.source,
            r.file,
            r.vintage ?? '—',
            describePeriods(r.periods),
            formatCount(r.rows),
            r.loaded_at,
            r.sha256.slice(0, 12),
          ]),
        ),
      );
      console.log(`\n${rows.length} fichier(s) actif(s) dans ${db.path}.`);
      return 0;
    } finally {
      db.close();
    }
  },
};

/** « 2015, 2021 », « 2019-T1 … 2024-T2 (22) », « tout » for a snapshot. */
export function describePeriods(periods: string[] | null): string {
  if (!periods || periods.length === 0) return '—';
  if (periods.length === 1 && periods[0] === '*') return 'tout';
  return periods.length > 4 ? `${periods[0]} … ${periods.at(-1)} (${periods.length})` : periods.join(', ');
}
