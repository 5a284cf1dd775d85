// `clee status`: what is loaded (provenance of the active files).
import { loadedFiles } from '../../ingest/provenance.ts';
import { choice, DB_OPTION, FORMAT_OPTION, type Command } from '../command.ts';
import { withDatabase } from '../database.ts';
import { formatCount, textTable } from '../table.ts';

export const statusCommand: Command = {
  name: 'status',
  summary: 'affiche les fichiers chargés dans la base (source, fichier, empreinte, millésime, lignes)',
  usage: 'status [--db FICHIER] [--format text|json] [--json]',
  options: [DB_OPTION, FORMAT_OPTION(['text', 'json']), { name: 'json', description: 'raccourci pour --format json' }],
  async run({ values }) {
    const format = values.json ? 'json' : choice(values.format, ['text', 'json'] as const, 'format');
    return withDatabase(values, 'read', 'clee status', async (db) => {
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
    });
  },
};

/** « 2015, 2021 », « 2019-T1 … 2024-T2 (22) », « tout » for a snapshot. */
function describePeriods(periods: string[] | null): string {
  if (!periods || periods.length === 0) return '—';
  if (periods.length === 1 && periods[0] === '*') return 'tout';
  return periods.length > 4 ? `${periods[0]} … ${periods.at(-1)} (${periods.length})` : periods.join(', ');
}
