// Commune contours (GeoJSON of the administrative boundaries, Etalab / IGN Admin Express): checked and stored
// per commune. The basin outlines drawn from them are territory's (src/territory/contours.ts).
import { constants as bufferConstants } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { basename, resolve } from 'node:path';
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { IngestError } from './errors.ts';
import { formatBytes } from './fetch/download.ts';
import { checkGeometry } from './geometry.ts';
import { fileStart, gzipError, isGzip } from './sniff.ts';
import type { IngestOptions, IngestResult } from './result.ts';
import { ensureSchema } from './schema.ts';
import { activeFiles, activeFileWithHash, markReplaced, nextFileId, recordFile } from './provenance.ts';

/** Source id written in provenance for a contours file. */
export const CONTOURS_SOURCE = 'contours-communes';
export const CONTOURS_TABLE = 'commune_contour';

/** Property names accepted for the commune code and name (Etalab: code / nom; IGN Admin Express: INSEE_COM / NOM). */
const CODE_PROPERTIES = ['code', 'INSEE_COM', 'insee_com', 'codgeo', 'CODGEO'];
const NAME_PROPERTIES = ['nom', 'NOM', 'nom_com', 'NOM_COM', 'libelle'];
const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;
const SAMPLE_BYTES = 64 * 1024;
const INSERT_BATCH = 1000;
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

const CONTOURS_DDL = `CREATE TABLE IF NOT EXISTS ${CONTOURS_TABLE} (
  file_id INTEGER, code VARCHAR, nom VARCHAR, departement VARCHAR,
  -- GeoJSON geometry (Polygon or MultiPolygon, WGS 84) as text
  geometry VARCHAR)`;

/**
 * True when the file is a GeoJSON FeatureCollection (content only: `{` first, then "FeatureCollection"), plain or
 * gzip-compressed as Etalab publishes it (communes-100m.geojson.gz).
 */
export async function looksLikeGeoJson(path: string): Promise<boolean> {
  let start = await fileStart(path, SAMPLE_BYTES);
  if (isGzip(start)) {
    try {
      // The start of the inflated text is enough (a sample cut mid-stream is expected).
      start = gunzipSync(start, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return false;
    }
  }
  const text = start
    .toString('utf-8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('{') && /"type"\s*:\s*"FeatureCollection"/.test(text);
}

interface ContourRow {
  code: string;
  nom: string | null;
  departement: string;
  geometry: string;
}

/**
 * The text of a GeoJSON file, gzip-compressed or not, refused in French when it is longer than the longest string
 * JavaScript can hold (about 512 Mio: « Invalid string length » otherwise) or when the archive is damaged.
 */
export function contoursText(file: string, raw: Buffer, maxBytes = MAX_STRING_LENGTH): string {
  const tooBig = (size: string) =>
    new IngestError({
      file,
      reason: `fichier de contours trop grand pour être lu d'un bloc (${size})`,
      expected:
        `au plus ${formatBytes(maxBytes)} de GeoJSON : chargez un fichier par département ` +
        '(les fichiers de contours s’additionnent) ou les contours simplifiés (communes-100m)',
    });
  if (!isGzip(raw)) {
    if (raw.length > maxBytes) throw tooBig(formatBytes(raw.length));
    return raw.toString('utf-8');
  }
  let inflated: Buffer;
  try {
    inflated = gunzipSync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw tooBig(`plus de ${formatBytes(maxBytes)} une fois décompressé`);
    throw gzipError(file, 0, error);
  }
  return inflated.toString('utf-8');
}

/** Loads a commune contours GeoJSON in one transaction, with its provenance row. Throws IngestError. */
export async function ingestContours(
  db: Database,
  path: string,
  options: Pick<IngestOptions, 'url' | 'inOuterTransaction' | 'onProgress'> = {},
): Promise<IngestResult> {
  const file = resolve(path);
  const raw = await readFile(file);
  const rows = parseContours(file, contoursText(file, raw));
  options.onProgress?.({ file, phase: 'empreinte', fraction: 0 });
  // The bytes are in memory already: hashed and measured there rather than read from disk twice more.
  const sha256 = createHash('sha256').update(raw).digest('hex');
  await ensureSchema(db);
  await db.run(CONTOURS_DDL);
  const already = await activeFileWithHash(db, CONTOURS_SOURCE, sha256);
  if (already) {
    return {
      file,
      source: CONTOURS_SOURCE,
      status: 'déjà chargé',
      rows: already.rows,
      vintage: null,
      sha256,
      fileId: already.file_id,
      replaced: [],
    };
  }
  const body = async (): Promise<IngestResult> => {
    const fileId = await nextFileId(db);
    options.onProgress?.({ file, phase: 'lecture', fraction: 0 });
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH);
      await db.run(
        `INSERT INTO ${CONTOURS_TABLE} (file_id, code, nom, departement, geometry)
         SELECT $fileId, unnest($codes), unnest($noms), unnest($deps), unnest($geoms)`,
        {
          fileId,
          codes: listValue(batch.map((r) => r.code)),
          noms: listValue(batch.map((r) => r.nom)),
          deps: listValue(batch.map((r) => r.departement)),
          geoms: listValue(batch.map((r) => r.geometry)),
        },
      );
      options.onProgress?.({ file, phase: 'lecture', fraction: Math.min(1, (i + batch.length) / rows.length) });
    }
    // Files add up (one per département, say): a newer file replaces only the communes it covers, and an older file
    // is marked replaced once none of its communes is left.
    const previous = await activeFiles(db, CONTOURS_SOURCE);
    const replaced: number[] = [];
    const notes: string[] = [];
    if (previous.length) {
      const ids = listValue(previous.map((p) => p.file_id));
      const covered = await db.all<{ file_id: number; n: number }>(
        `SELECT o.file_id, count(*)::INTEGER AS n FROM ${CONTOURS_TABLE} o
         WHERE o.file_id IN (SELECT unnest($ids)) AND o.code IN
           (SELECT code FROM ${CONTOURS_TABLE} WHERE file_id = $fileId)
         GROUP BY o.file_id ORDER BY o.file_id`,
        { ids, fileId },
      );
      await db.run(
        `DELETE FROM ${CONTOURS_TABLE} WHERE file_id IN (SELECT unnest($ids))
         AND code IN (SELECT code FROM ${CONTOURS_TABLE} WHERE file_id = $fileId)`,
        { ids, fileId },
      );
      const left = await db.all<{ file_id: number }>(
        `SELECT DISTINCT file_id FROM ${CONTOURS_TABLE} WHERE file_id IN (SELECT unnest($ids))`,
        { ids },
      );
      const kept = new Set(left.map((l) => l.file_id));
      for (const c of covered) {
        if (kept.has(c.file_id)) notes.push(`remplace ${c.n} commune(s) du fichier n° ${c.file_id}`);
        else replaced.push(c.file_id);
      }
      // A file whose communes were all replaced earlier (or that had none) is not active any more.
      for (const p of previous) if (!kept.has(p.file_id) && !replaced.includes(p.file_id)) replaced.push(p.file_id);
      await markReplaced(db, replaced);
    }
    await recordFile(db, {
      fileId,
      source: CONTOURS_SOURCE,
      fileName: basename(file),
      path: file,
      url: options.url ?? null,
      sha256,
      bytes: raw.length,
      vintage: null,
      periods: null,
      rows: rows.length,
      encoding: 'utf-8',
      delimiter: null,
    });
    options.onProgress?.({ file, phase: 'validation', fraction: 1 });
    return {
      file,
      source: CONTOURS_SOURCE,
      status: 'chargé',
      rows: rows.length,
      vintage: null,
      sha256,
      fileId,
      replaced,
      ...(notes.length ? { note: notes.join(' ; ') } : {}),
    };
  };
  return options.inOuterTransaction ? body() : db.transaction(body);
}

/** Checks the FeatureCollection; errors name the feature (1-based, and its index in `features`) and the property. */
function parseContours(file: string, text: string): ContourRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new IngestError({
      file,
      reason: `GeoJSON illisible (${(error as Error).message})`,
      expected: 'un document JSON valide',
    });
  }
  const collection = data as { type?: unknown; features?: unknown };
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new IngestError({
      file,
      reason: "ce GeoJSON n'est pas une FeatureCollection",
      expected: '{"type": "FeatureCollection", "features": [...]}',
    });
  }
  if (collection.features.length === 0) {
    throw new IngestError({ file, reason: 'aucune entité (features vide)', expected: 'une entité par commune' });
  }
  const seen = new Map<string, number>();
  return collection.features.map((raw, i) => {
    const where = `entité n° ${i + 1} (features[${i}])`;
    const feature = raw as {
      type?: unknown;
      properties?: Record<string, unknown> | null;
      geometry?: { type?: unknown; coordinates?: unknown } | null;
    };
    if (feature?.type !== 'Feature') {
      throw new IngestError({
        file,
        reason: `${where} : type « ${String(feature?.type)} » au lieu de « Feature »`,
        expected: 'des entités GeoJSON',
      });
    }
    const properties = feature.properties ?? {};
    const codeKey = CODE_PROPERTIES.find((k) => k in properties);
    if (!codeKey) {
      throw new IngestError({
        file,
        reason: `${where} : propriété « code » absente`,
        expected: `le code commune INSEE dans l'une des propriétés ${CODE_PROPERTIES.join(', ')}`,
      });
    }
    const value = properties[codeKey];
    const code =
      typeof value === 'number'
        ? String(value).padStart(5, '0')
        : typeof value === 'string'
          ? value.trim().toUpperCase()
          : '';
    if (!COMMUNE_CODE.test(code)) {
      throw new IngestError({
        file,
        reason: `${where} : propriété « ${codeKey} » invalide (${JSON.stringify(value)})`,
        expected: 'un code commune INSEE à 5 caractères (ex. 38185, 2A004)',
      });
    }
    const first = seen.get(code);
    if (first !== undefined) {
      throw new IngestError({
        file,
        reason: `${where} : code commune ${code} déjà présent à l'entité n° ${first + 1}`,
        expected: 'une entité par commune',
      });
    }
    seen.set(code, i);
    const nameKey = NAME_PROPERTIES.find((k) => k in properties);
    const nom = nameKey === undefined || properties[nameKey] === null ? null : properties[nameKey];
    if (nom !== null && typeof nom !== 'string') {
      throw new IngestError({
        file,
        reason: `${where} : propriété « ${nameKey} » n'est pas un texte (${JSON.stringify(nom)})`,
        expected: 'le nom de la commune',
      });
    }
    const geometry = feature.geometry;
    if (
      !geometry ||
      (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') ||
      !Array.isArray(geometry.coordinates)
    ) {
      throw new IngestError({
        file,
        reason:
          `${where} (commune ${code}) : propriété « geometry » ` +
          `${geometry ? `de type « ${String(geometry.type)} »` : 'absente'}`,
        expected: 'une géométrie Polygon ou MultiPolygon',
      });
    }
    const problem = checkGeometry(geometry.type, geometry.coordinates);
    if (problem) {
      throw new IngestError({
        file,
        reason: `${where} (commune ${code}) : ${problem.reason}`,
        expected: problem.expected,
      });
    }
    const departement = code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
    return {
      code,
      nom,
      departement,
      geometry: JSON.stringify({ type: geometry.type, coordinates: geometry.coordinates }),
    };
  });
}
