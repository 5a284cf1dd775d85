// Commune contours (GeoJSON of the administrative boundaries, Etalab / IGN Admin Express) and the outlines of
// the CLEE basins merged from them. Without contours (the demo), the pages draw the schematic tile map.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { listValue } from '@duckdb/node-api';
import { merge } from 'topojson-client';
import { topology } from 'topojson-server';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Database } from '../db/database.ts';
import { IngestError } from '../ingest/errors.ts';
import type { IngestOptions, IngestResult } from '../ingest/loader.ts';
import { ensureSchema } from '../ingest/schema.ts';

/** Source id written in provenance for a contours file. */
export const CONTOURS_SOURCE = 'contours-communes';
export const CONTOURS_TABLE = 'commune_contour';

/** Property names accepted for the commune code and name (Etalab: code / nom; IGN Admin Express: INSEE_COM / NOM). */
const CODE_PROPERTIES = ['code', 'INSEE_COM', 'insee_com', 'codgeo', 'CODGEO'];
const NAME_PROPERTIES = ['nom', 'NOM', 'nom_com', 'NOM_COM', 'libelle'];
const COMMUNE_CODE = /^(\d{5}|2[AB]\d{3})$/;
const SAMPLE_BYTES = 64 * 1024;
const INSERT_BATCH = 1000;

const CONTOURS_DDL = `CREATE TABLE IF NOT EXISTS ${CONTOURS_TABLE} (
  file_id INTEGER, code VARCHAR, nom VARCHAR, departement VARCHAR,
  -- GeoJSON geometry (Polygon or MultiPolygon, WGS 84) as text
  geometry VARCHAR)`;

/** True when the file is a GeoJSON FeatureCollection (content only: `{` first, then "FeatureCollection"). */
export async function looksLikeGeoJson(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    const text = buffer
      .subarray(0, bytesRead)
      .toString('utf-8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    return text.startsWith('{') && /"type"\s*:\s*"FeatureCollection"/.test(text);
  } finally {
    await handle.close();
  }
}

interface ContourRow {
  code: string;
  nom: string | null;
  departement: string;
  geometry: string;
}

/** Loads a commune contours GeoJSON in one transaction, with its provenance row. Throws IngestError. */
export async function ingestContours(
  db: Database,
  path: string,
  options: Pick<IngestOptions, 'url' | 'inOuterTransaction' | 'onProgress'> = {},
): Promise<IngestResult> {
  const file = resolve(path);
  const text = await readFile(file, 'utf-8');
  const rows = parseContours(file, text);
  options.onProgress?.({ file, phase: 'empreinte', fraction: 0 });
  const sha256 = await hashFile(file);
  await ensureSchema(db);
  await db.run(CONTOURS_DDL);
  const already = await db.one<{ file_id: number; rows: number }>(
    "SELECT file_id, rows FROM provenance WHERE source = $source AND sha256 = $sha256 AND status = 'actif'",
    { source: CONTOURS_SOURCE, sha256 },
  );
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
    const fileId = (await db.one<{ id: number }>('SELECT coalesce(max(file_id), 0) + 1 AS id FROM provenance'))!.id;
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
    const previous = await db.all<{ file_id: number }>(
      "SELECT file_id FROM provenance WHERE source = $source AND status = 'actif'",
      { source: CONTOURS_SOURCE },
    );
    const replaced = previous.map((p) => p.file_id);
    if (replaced.length) {
      await db.run(`DELETE FROM ${CONTOURS_TABLE} WHERE file_id IN (SELECT unnest($ids))`, {
        ids: listValue(replaced),
      });
      await db.run("UPDATE provenance SET status = 'remplacé' WHERE file_id IN (SELECT unnest($ids))", {
        ids: listValue(replaced),
      });
    }
    const hasBytes = (await db.columns('provenance')).some((c) => c.name === 'bytes');
    await db.run(
      `INSERT INTO provenance BY NAME SELECT $fileId AS file_id, $source AS source, $fileName AS file_name, $path AS path,
         $url AS url, $sha256 AS sha256, ${hasBytes ? '$bytes AS bytes, ' : ''}NULL AS vintage, $rows AS rows,
         'utf-8' AS encoding, NULL AS delimiter, now()::TIMESTAMP AS loaded_at, 'actif' AS status`,
      {
        fileId,
        source: CONTOURS_SOURCE,
        fileName: basename(file),
        path: file,
        url: options.url ?? null,
        sha256,
        bytes: (await stat(file)).size,
        rows: rows.length,
      },
    );
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
    };
  };
  return options.inOuterTransaction ? body() : db.transaction(body);
}

/** Checks the FeatureCollection; errors name the feature (1-based, and its index in `features`) and the property. */
export function parseContours(file: string, text: string): ContourRow[] {
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
        reason: `${where} (commune ${code}) : propriété « geometry » ${geometry ? `de type « ${String(geometry.type)} »` : 'absente'}`,
        expected: 'une géométrie Polygon ou MultiPolygon',
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

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// ── Basins ─────────────────────────────────────────────────────────────────────────────────

export interface BasinSummary {
  id: string;
  nom: string;
  /** The département holding most of the basin's communes. */
  departement: string;
  communes: number;
}

/** The basins of the loaded CLEE zoning (table bassin_commune, format clee-bassins). */
export async function listBasins(db: Database): Promise<BasinSummary[]> {
  if (!(await db.tableExists('bassin_commune'))) return [];
  return db.all<BasinSummary>(
    `SELECT bassin_id AS id, min(bassin_nom) AS nom, mode(departement) AS departement, count(DISTINCT code_commune)::INTEGER AS communes
     FROM bassin_commune WHERE bassin_id IS NOT NULL GROUP BY bassin_id ORDER BY bassin_id`,
  );
}

export interface BasinOutlineProperties {
  id: string;
  nom: string;
  departement: string;
  /** Communes of the basin in the zoning. */
  communes: number;
  /** Of which without a contour (absent from the contours file, e.g. a commune created since). */
  communesSansContour: number;
}

export type BasinOutlines = GeoJSON.FeatureCollection<GeoJSON.MultiPolygon | GeoJSON.Polygon, BasinOutlineProperties>;

/**
 * One outline per basin: its communes' contours merged along their shared borders (topojson `merge`).
 * null when no contour of a basin commune is loaded.
 */
export async function basinOutlines(db: Database): Promise<BasinOutlines | null> {
  if (!(await db.tableExists(CONTOURS_TABLE)) || !(await db.tableExists('bassin_commune'))) return null;
  const rows = await db.all<{ code: string; geometry: string; bassin_id: string }>(
    `SELECT DISTINCT c.code, c.geometry, b.bassin_id
     FROM ${CONTOURS_TABLE} c JOIN bassin_commune b ON b.code_commune = c.code
     WHERE b.bassin_id IS NOT NULL ORDER BY b.bassin_id, c.code`,
  );
  if (rows.length === 0) return null;
  const basins = new Map((await listBasins(db)).map((b) => [b.id, b]));
  const communes: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      properties: { bassin: r.bassin_id, code: r.code },
      geometry: JSON.parse(r.geometry) as GeoJSON.Geometry,
    })),
  };
  const topo = topology({ communes }) as Topology<{ communes: GeometryCollection<{ bassin: string; code: string }> }>;
  const geometries = topo.objects.communes.geometries;
  const byBasin = new Map<string, typeof geometries>();
  for (const g of geometries) {
    const id = (g.properties as { bassin: string }).bassin;
    if (!byBasin.has(id)) byBasin.set(id, []);
    byBasin.get(id)!.push(g);
  }
  const features = [...byBasin].map(([id, parts]) => {
    const basin = basins.get(id);
    const total = basin?.communes ?? parts.length;
    return {
      type: 'Feature' as const,
      id,
      properties: {
        id,
        nom: basin?.nom ?? id,
        departement: basin?.departement ?? '',
        communes: total,
        communesSansContour: Math.max(0, total - parts.length),
      },
      geometry: merge(topo, parts as never) as GeoJSON.MultiPolygon,
    };
  });
  return { type: 'FeatureCollection', features };
}

/** [minLon, minLat, maxLon, maxLat] of a geometry (tests, map framing). */
export function bbox(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (const [x, y] of ring) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
  return box;
}
