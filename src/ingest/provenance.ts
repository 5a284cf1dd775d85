// The provenance table read and written in one place: which files are active, their ids, what is loaded per source,
// and the signature of the data state that caches key on. Every layer asks it rather than writing the SQL again.
import { listValue } from '@duckdb/node-api';
import { type Database, ident } from '../db/database.ts';
import { SOURCE_FORMATS } from './registry.ts';

/** Status of a file some of whose rows are in its raw table; « remplacé » once newer vintages took all its periods. */
const ACTIVE = 'actif';
const REPLACED = 'remplacé';

/**
 * SQL condition on a raw table: rows that count are those of a file whose provenance status is « actif ». The
 * loader deletes the rows of a replaced file anyway; rows written without a provenance row (fixtures, benchmarks)
 * count too. Only our own identifiers go in it.
 */
export function activeRows(alias?: string): string {
  return `${alias ? `${alias}.` : ''}file_id NOT IN (SELECT file_id FROM provenance WHERE status <> '${ACTIVE}')`;
}

/** SQL subquery: the provenance rows of the active files (for SQL that reads vintages, e.g. the Sirene year). */
export const ACTIVE_FILES_SQL = `(SELECT * FROM provenance WHERE status = '${ACTIVE}')`;

/** The id the next loaded file gets. */
export async function nextFileId(db: Database): Promise<number> {
  return (await db.one<{ id: number }>('SELECT coalesce(max(file_id), 0) + 1 AS id FROM provenance'))?.id ?? 1;
}

interface ActiveFile {
  file_id: number;
  vintage: string | null;
  periods: string[];
  rows: number;
}

/** Active files of a source, oldest first. */
export async function activeFiles(db: Database, source: string): Promise<ActiveFile[]> {
  return db.all<ActiveFile>(
    `SELECT file_id, vintage, periods, rows FROM provenance WHERE source = $source AND status = '${ACTIVE}'
     ORDER BY file_id`,
    { source },
  );
}

/** The active file of a source with this content (by SHA-256), if any: loading it again is a no-op. */
export async function activeFileWithHash(db: Database, source: string, sha256: string): Promise<ActiveFile | null> {
  return (
    (await db.one<ActiveFile>(
      `SELECT file_id, vintage, periods, rows FROM provenance
       WHERE source = $source AND sha256 = $sha256 AND status = '${ACTIVE}'`,
      { source, sha256 },
    )) ?? null
  );
}

/** True when an active file of this source has this size (only then can the file be one already loaded). */
export async function hasActiveFileOfSize(db: Database, source: string, bytes: number): Promise<boolean> {
  return !!(await db.one(
    `SELECT 1 AS x FROM provenance WHERE source = $source AND bytes = $bytes AND status = '${ACTIVE}'`,
    { source, bytes },
  ));
}

/** True when some file of this source is active. */
export async function isSourceLoaded(db: Database, source: string): Promise<boolean> {
  if (!(await db.tableExists('provenance'))) return false;
  return !!(await db.one(`SELECT 1 AS x FROM provenance WHERE source = $source AND status = '${ACTIVE}'`, { source }));
}

export async function markReplaced(db: Database, fileIds: readonly number[]): Promise<void> {
  if (fileIds.length === 0) return;
  await db.run(`UPDATE provenance SET status = '${REPLACED}' WHERE file_id IN (SELECT unnest($ids))`, {
    ids: listValue([...fileIds]),
  });
}

export async function setPeriods(db: Database, fileId: number, periods: readonly string[]): Promise<void> {
  await db.run('UPDATE provenance SET periods = $periods WHERE file_id = $id', {
    id: fileId,
    periods: listValue([...periods]),
  });
}

interface FileRecord {
  fileId: number;
  source: string;
  fileName: string;
  path: string;
  url: string | null;
  sha256: string;
  bytes: number;
  vintage: string | null;
  /** Periods whose rows this file provides; null for files without periods (contours). */
  periods: string[] | null;
  rows: number;
  encoding: string;
  delimiter: string | null;
}

/** Records a loaded file as active (inside the load's transaction). */
export async function recordFile(db: Database, f: FileRecord): Promise<void> {
  await db.run(
    `INSERT INTO provenance BY NAME SELECT $fileId AS file_id, $source AS source, $fileName AS file_name,
       $path AS path, $url AS url, $sha256 AS sha256, $bytes AS bytes, $vintage AS vintage, $periods AS periods,
       $rows AS rows, $encoding AS encoding, $delimiter AS delimiter, now()::TIMESTAMP AS loaded_at,
       '${ACTIVE}' AS status`,
    { ...f, periods: f.periods === null ? null : listValue(f.periods) },
  );
}

interface LoadedFile {
  source: string;
  file: string;
  sha256: string;
  vintage: string | null;
  periods: string[] | null;
  rows: number;
  loaded_at: string;
  url: string | null;
}

/** The active files, by source then load order (`clee status`). */
export async function loadedFiles(db: Database): Promise<LoadedFile[]> {
  return db.all<LoadedFile>(
    `SELECT source, file_name AS file, sha256, vintage, periods, rows,
       strftime(loaded_at, '%Y-%m-%d %H:%M:%S') AS loaded_at, url
     FROM provenance WHERE status = '${ACTIVE}' ORDER BY source, file_id`,
  );
}

/**
 * The state of the loaded files as a string that changes whenever a file is loaded, replaced or trimmed: caches of
 * computed results key on it. Empty when nothing was ever loaded.
 */
export async function provenanceSignature(db: Database): Promise<string> {
  if (!(await db.tableExists('provenance'))) return '';
  const row = await db.one<{ p: string | null }>(
    `SELECT string_agg(file_id::VARCHAR || status || coalesce(array_to_string(periods, '/'), ''), ',' ORDER BY file_id)
       AS p FROM provenance`,
  );
  return row?.p ?? '';
}

type SourceInfo = {
  id: string;
  famille: string;
  editeur: string;
  jeu_de_donnees: string;
  /** Latest vintage loaded in the database, null when nothing of this source is loaded. */
  millesime: string | null;
  /** The vintage as a reader writes it: « 28 décembre 2024 » for a snapshot's date, « T4 2024 » for a quarter. */
  millesime_libelle: string | null;
  fichiers: number;
  /** True when a loaded file of this source is simulated demo data (its name carries « simule »). */
  simule: boolean;
};

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** A stored vintage in words: dates (snapshots such as Sirene) and quarters read as people write them. */
function vintageLabel(vintage: string | null): string | null {
  if (vintage === null) return null;
  const date = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(vintage);
  if (date) return `${Number(date[3])}${date[3] === '01' ? 'er' : ''} ${MONTHS[Number(date[2]) - 1]} ${date[1]}`;
  const quarter = /^(\d{4})-T([1-4])$/.exec(vintage);
  if (quarter) return `T${quarter[2]} ${quarter[1]}`;
  return vintage;
}

/** The ingestion registry's source formats, with what of each is loaded (for the « Source : … » lines of charts). */
export async function sourcesInfo(db: Database): Promise<SourceInfo[]> {
  const loaded = new Map<string, { millesime: string | null; fichiers: number; simule: boolean }>();
  if (await db.tableExists('provenance')) {
    const rows = await db.all<{ source: string; millesime: string | null; fichiers: number; simule: boolean }>(
      `SELECT source, max(vintage) AS millesime, count(*) AS fichiers, bool_or(file_name ILIKE '%simule%') AS simule
       FROM provenance WHERE status = '${ACTIVE}' GROUP BY source`,
    );
    for (const r of rows)
      loaded.set(r.source, {
        millesime: r.millesime === null ? null : String(r.millesime),
        fichiers: r.fichiers,
        simule: r.simule,
      });
  }
  return SOURCE_FORMATS.map((f) => ({
    id: f.id,
    famille: f.family,
    editeur: f.editeur,
    jeu_de_donnees: f.dataset,
    millesime: loaded.get(f.id)?.millesime ?? null,
    millesime_libelle: vintageLabel(loaded.get(f.id)?.millesime ?? null),
    fichiers: loaded.get(f.id)?.fichiers ?? 0,
    simule: loaded.get(f.id)?.simule ?? false,
  }));
}

/**
 * Source ids with an active file, plus those whose raw table holds rows written without a file (fixtures,
 * benchmarks): what an indicator's missing sources are measured against.
 */
export async function loadedSourceIds(db: Database): Promise<string[]> {
  const active = await db.all<{ source: string }>(`SELECT DISTINCT source FROM provenance WHERE status = '${ACTIVE}'`);
  const ids = new Set(active.map((r) => r.source));
  // Only the tables some of whose sources have no active file can add any: scanning the others changes nothing.
  const tables = [...new Set(SOURCE_FORMATS.filter((f) => !ids.has(f.id)).map((f) => f.table))];
  const orphans = tables
    .map(
      (t) =>
        `SELECT '${t}' AS t WHERE EXISTS (SELECT 1 FROM ${ident(t)} WHERE file_id IS NULL OR file_id NOT IN (SELECT ` +
        `file_id FROM provenance))`,
    )
    .join(' UNION ALL ');
  const withRows = new Set(tables.length ? (await db.all<{ t: string }>(orphans)).map((r) => r.t) : []);
  for (const f of SOURCE_FORMATS) if (withRows.has(f.table)) ids.add(f.id);
  return [...ids].sort();
}
