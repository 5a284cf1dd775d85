// Commune contours: GeoJSON ingestion (one transaction, provenance, located errors), basin outlines merged with
// topojson, the schematic tile map when no contours are loaded, and GET /api/contours for both.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../src/ingest/errors.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import contoursRouter from '../src/server/routes/contours.ts';
import { looksLikeGeoJson } from '../src/ingest/contours.ts';
import { MAX_FEATURE_VERTICES } from '../src/ingest/geometry.ts';
import { bassinOutlines, bbox } from '../src/territory/contours.ts';
import { loadedBassins } from '../src/territory/zoning-file.ts';
import { DEPARTEMENT_BLOCKS, schematicTileMap, TILE_LAYOUT, type Tile } from '../src/territory/tilemap.ts';
import { freshDb, snapshot, tempDir, writeFixture } from './helpers/db.ts';
import { REAL } from './helpers/real.ts';

const square = (x: number, y: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + 1, y],
      [x + 1, y + 1],
      [x, y + 1],
      [x, y],
    ],
  ],
});
const withRing = (code: string, ring: unknown[]) => ({
  type: 'Feature',
  properties: { code },
  geometry: { type: 'Polygon', coordinates: [ring] },
});
/** A closed ring of n + 1 points on a circle (many vertices, for the cap and the simplification). */
const circle = (cx: number, cy: number, r: number, n: number) => {
  const ring = Array.from({ length: n }, (_, i) => [
    cx + r * Math.cos((2 * Math.PI * i) / n),
    cy + r * Math.sin((2 * Math.PI * i) / n),
  ]);
  return [...ring, ring[0]];
};
const feature = (code: string, nom: string, x: number, y: number) => ({
  type: 'Feature',
  properties: { code, nom, departement: code.slice(0, 2) },
  geometry: square(x, y),
});

/** 4 square communes (a 2 × 2 block from 5.0,45.0): the bottom row is one basin, the top row another. */
const COMMUNES = {
  type: 'FeatureCollection',
  features: [
    feature('38001', 'Alpha', 5, 45),
    feature('38002', 'Bêta', 6, 45),
    feature('38003', 'Gamma', 5, 46),
    feature('38004', 'Delta', 6, 46),
  ],
};
const ZONING =
  'code_commune;nom_commune;departement;bassin_id;bassin_nom\n' +
  '38001;Alpha;38;sud;Bassin du Sud\n38002;Bêta;38;sud;Bassin du Sud\n38003;Gamma;38;nord;Bassin du ' +
  'Nord\n38004;Delta;38;nord;Bassin du Nord\n' +
  '38005;Epsilon;38;nord;Bassin du Nord\n';

describe('contours des communes', () => {
  it('charge un GeoJSON (détecté par son contenu) en une transaction avec sa provenance', async () => {
    const db = await freshDb();
    const dir = tempDir();
    const file = writeFixture(dir, 'communes.json', JSON.stringify(COMMUNES));
    expect(await looksLikeGeoJson(file)).toBe(true);
    expect(await looksLikeGeoJson(writeFixture(dir, 'z.csv', ZONING))).toBe(false);
    const result = await ingestFile(db, file, { url: 'https://exemple.fr/communes-100m.geojson' });
    expect(result).toMatchObject({ source: 'contours-communes', status: 'chargé', rows: 4 });
    expect(await db.all('SELECT code, nom, departement FROM commune_contour ORDER BY code')).toEqual([
      { code: '38001', nom: 'Alpha', departement: '38' },
      { code: '38002', nom: 'Bêta', departement: '38' },
      { code: '38003', nom: 'Gamma', departement: '38' },
      { code: '38004', nom: 'Delta', departement: '38' },
    ]);
    expect(await db.one('SELECT source, file_name, url, sha256, rows, status FROM provenance')).toEqual({
      source: 'contours-communes',
      file_name: 'communes.json',
      url: 'https://exemple.fr/communes-100m.geojson',
      sha256: result.sha256,
      rows: 4,
      status: 'actif',
    });
    expect(await ingestFile(db, file)).toMatchObject({ status: 'déjà chargé', fileId: result.fileId });
    const newer = await ingestFile(
      db,
      writeFixture(
        dir,
        'communes-2026.geojson',
        JSON.stringify({ ...COMMUNES, features: COMMUNES.features.slice(0, 3) }),
      ),
    );
    // A newer file replaces only the communes it covers: Delta (38004) stays from the first file.
    expect(newer).toMatchObject({ status: 'chargé', rows: 3, replaced: [] });
    expect(newer.note).toBe(`remplace 3 commune(s) du fichier n° ${result.fileId}`);
    expect(await db.all('SELECT code, file_id FROM commune_contour ORDER BY code')).toEqual([
      { code: '38001', file_id: newer.fileId },
      { code: '38002', file_id: newer.fileId },
      { code: '38003', file_id: newer.fileId },
      { code: '38004', file_id: result.fileId },
    ]);
    expect(await db.all('SELECT status FROM provenance ORDER BY file_id')).toEqual([
      { status: 'actif' },
      { status: 'actif' },
    ]);
    // Once all of its communes are covered again, the first file is replaced.
    const last = await ingestFile(
      db,
      writeFixture(
        dir,
        'communes-38.geojson',
        JSON.stringify({ ...COMMUNES, features: [...COMMUNES.features].reverse() }),
      ),
    );
    expect(last).toMatchObject({ status: 'chargé', rows: 4, replaced: [result.fileId, newer.fileId] });
    expect(await db.one('SELECT count(*)::INTEGER AS n FROM commune_contour')).toEqual({ n: 4 });
    expect(await db.all('SELECT status FROM provenance ORDER BY file_id')).toEqual([
      { status: 'remplacé' },
      { status: 'remplacé' },
      { status: 'actif' },
    ]);
    db.close();
  });

  it(
    'charge le GeoJSON compressé tel que publié (communes-100m.geojson.gz) ; refuse une archive ' + 'tronquée',
    async () => {
      const db = await freshDb();
      try {
        const dir = tempDir();
        const packed = gzipSync(JSON.stringify(COMMUNES));
        const file = writeFixture(dir, 'communes-100m.geojson.gz', packed);
        expect(await looksLikeGeoJson(file)).toBe(true);
        expect(await ingestFile(db, file)).toMatchObject({ source: 'contours-communes', status: 'chargé', rows: 4 });
        expect(await db.all("SELECT nom FROM commune_contour WHERE code = '38002'")).toEqual([{ nom: 'Bêta' }]);
        const before = await snapshot(db);
        const cut = writeFixture(dir, 'tronque.geojson.gz', packed.subarray(0, packed.length - 12));
        const error = await ingestFile(db, cut).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(IngestError);
        expect((error as IngestError).message).toMatch(/^tronque\.geojson\.gz, ligne 1 : archive gzip tronquée/);
        expect(await snapshot(db)).toEqual(before);
      } finally {
        db.close();
      }
    },
  );

  it('des fichiers de départements différents s’additionnent', async () => {
    const db = await freshDb();
    const dir = tempDir();
    const isere = await ingestFile(db, writeFixture(dir, 'communes-38.geojson', JSON.stringify(COMMUNES)));
    const savoie = await ingestFile(
      db,
      writeFixture(
        dir,
        'communes-73.geojson',
        JSON.stringify({ type: 'FeatureCollection', features: [feature('73001', 'Aime', 7, 45)] }),
      ),
    );
    expect(savoie).toMatchObject({ status: 'chargé', rows: 1, replaced: [] });
    expect(savoie.note).toBeUndefined();
    expect(
      await db.all('SELECT departement, count(*)::INTEGER AS n FROM commune_contour GROUP BY 1 ORDER BY 1'),
    ).toEqual([
      { departement: '38', n: 4 },
      { departement: '73', n: 1 },
    ]);
    expect(await db.all("SELECT file_id FROM provenance WHERE status = 'actif' ORDER BY file_id")).toEqual([
      { file_id: isere.fileId },
      { file_id: savoie.fileId },
    ]);
    db.close();
  });

  it.skipIf(!existsSync(REAL))(
    'les 5 fichiers réels par département, chargés l’un après l’autre, s’additionnent',
    async () => {
      const db = await freshDb();
      const files = readdirSync(REAL)
        .filter((f) => /^communes-\d\d-.*\.geojson$/.test(f))
        .sort();
      expect(files).toHaveLength(5);
      let expected = 0;
      const counts: Record<string, number> = {};
      for (const name of files) {
        const features = (JSON.parse(readFileSync(join(REAL, name), 'utf-8')) as { features: unknown[] }).features;
        expected += features.length;
        counts[name.slice(9, 11)] = features.length;
        expect(await ingestFile(db, join(REAL, name))).toMatchObject({ status: 'chargé', rows: features.length });
      }
      expect(await db.one('SELECT count(*)::INTEGER AS n FROM commune_contour')).toEqual({ n: expected });
      const byDep = await db.all<{ departement: string; n: number }>(
        'SELECT departement, count(*)::INTEGER AS n FROM commune_contour GROUP BY 1 ORDER BY 1',
      );
      expect(Object.fromEntries(byDep.map((d) => [d.departement, d.n]))).toEqual(counts);
      expect(
        await db.one<{ n: number }>(
          "SELECT count(*)::INTEGER AS n FROM provenance WHERE source = 'contours-communes' AND status = 'actif'",
        ),
      ).toEqual({ n: 5 });
      // Hand-picked: Buissière (38062, before its 2019 merger) in the Isère file, Creysseilles (07074) in Ardèche.
      expect(
        await db.all("SELECT code, nom FROM commune_contour WHERE code IN ('38062', '07074') ORDER BY code"),
      ).toEqual([
        { code: '07074', nom: 'Creysseilles' },
        { code: '38062', nom: 'Buissière' },
      ]);
      db.close();
    },
  );

  it('refuse une entité fautive en nommant son numéro et la propriété, sans toucher la base', async () => {
    const db = await freshDb();
    const dir = tempDir();
    const before = await snapshot(db);
    const cases: [unknown[], RegExp][] = [
      [
        [COMMUNES.features[0], { type: 'Feature', properties: { nom: 'Sans code' }, geometry: square(0, 0) }],
        /entité n° 2 \(features\[1\]\) : propriété « code » absente/,
      ],
      [
        [COMMUNES.features[0], COMMUNES.features[1], { ...COMMUNES.features[2], properties: { code: 'Grenoble' } }],
        /entité n° 3 \(features\[2\]\) : propriété « code » invalide \("Grenoble"\)/,
      ],
      [
        [{ ...COMMUNES.features[0], geometry: { type: 'Point', coordinates: [5, 45] } }],
        /entité n° 1 \(features\[0\]\) \(commune 38001\) : propriété « geometry » de type « Point »/,
      ],
      [
        [COMMUNES.features[0], COMMUNES.features[0]],
        /entité n° 2 \(features\[1\]\) : code commune 38001 déjà présent à l'entité n° 1/,
      ],
      [
        [
          COMMUNES.features[0],
          withRing('38002', [
            [6, 45],
            [7, 45],
            ['7', 46],
            [6, 45],
          ]),
        ],
        /entité n° 2 \(features\[1\]\) \(commune 38002\) : anneau 1, point 3 : coordonnée non numérique \(\["7",46\]\)/,
      ],
      [
        [
          withRing('38001', [
            [5, 45],
            [6, 45],
            [null, 46],
            [5, 45],
          ]),
        ],
        /entité n° 1 \(features\[0\]\) \(commune 38001\) : anneau 1, point 3 : coordonnée non numérique/,
      ],
      [
        [
          COMMUNES.features[0],
          COMMUNES.features[1],
          withRing('38003', [
            [5, 46],
            [6, 46],
            [6, 47],
            [5, 47],
          ]),
        ],
        /entité n° 3 \(features\[2\]\) \(commune 38003\) : anneau 1 : anneau non fermé \(le dernier point \[5,47\] diffère du premier \[5,46\]\)/,
      ],
      [
        [
          withRing('38001', [
            [5, 45],
            [6, 45],
            [5, 45],
          ]),
        ],
        /entité n° 1 \(features\[0\]\) \(commune 38001\) : anneau 1 : 3 point\(s\)/,
      ],
      [
        [
          {
            ...COMMUNES.features[0],
            geometry: {
              type: 'MultiPolygon',
              coordinates: [
                square(5, 45).coordinates,
                [
                  [
                    [5, 45],
                    [6, 45],
                    [6, 46],
                    [5, 91],
                    [5, 45],
                  ],
                ],
              ],
            },
          },
        ],
        /entité n° 1 \(features\[0\]\) \(commune 38001\) : anneau 1 du polygone 2, point 4 : coordonnée hors des bornes WGS 84/,
      ],
      [
        // One commune of more vertices than the cap (a full-resolution export that should have been simplified).
        [withRing('38001', circle(5.5, 45.5, 0.4, MAX_FEATURE_VERTICES + 10))],
        /entité n° 1 \(features\[0\]\) \(commune 38001\) : plus de 200\s000 sommets pour une seule commune/,
      ],
    ];
    for (const [features, message] of cases) {
      const file = writeFixture(dir, 'faux.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
      const error = await ingestFile(db, file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IngestError);
      expect((error as Error).message).toMatch(/^faux\.geojson : /);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toMatch(/NaN|undefined/);
      expect(await snapshot(db)).toEqual(before);
    }
    const truncated = writeFixture(dir, 'coupe.geojson', JSON.stringify(COMMUNES).slice(0, 200));
    await expect(ingestFile(db, truncated)).rejects.toThrow(/coupe\.geojson : GeoJSON illisible/);
    expect(await snapshot(db)).toEqual(before);
    db.close();
  });

  it('simplifie les contours servis à l’échelle d’affichage (une commune de 50 000 sommets)', async () => {
    const db = await freshDb();
    const dir = tempDir();
    await ingestFile(db, writeFixture(dir, 'zonage.csv', ZONING));
    const dense = {
      type: 'FeatureCollection',
      features: [withRing('38001', circle(5.5, 45.5, 0.4, 50_000)), COMMUNES.features[2]],
    };
    await ingestFile(db, writeFixture(dir, 'dense.geojson', JSON.stringify(dense)));
    const outlines = await bassinOutlines(db);
    const sud = outlines!.features.find((f) => f.properties.id === 'sud')!;
    const points = (sud.geometry as GeoJSON.MultiPolygon).coordinates.flat(2).length;
    expect(points).toBeLessThan(2_000);
    expect(points).toBeGreaterThan(50);
    const [x0, y0, x1, y1] = bbox(sud.geometry);
    for (const [got, want] of [
      [x0, 5.1],
      [y0, 45.1],
      [x1, 5.9],
      [y1, 45.9],
    ])
      expect(Math.abs(got - want)).toBeLessThan(0.01);
    db.close();
  });

  it('fusionne les communes de chaque bassin en un contour (2 bassins, emprises exactes)', async () => {
    const db = await freshDb();
    const dir = tempDir();
    await ingestFile(db, writeFixture(dir, 'zonage.csv', ZONING));
    expect(await bassinOutlines(db)).toBeNull(); // zoning but no contours yet
    await ingestFile(db, writeFixture(dir, 'communes.geojson', JSON.stringify(COMMUNES)));
    const outlines = await bassinOutlines(db);
    expect(outlines).not.toBeNull();
    const byId = new Map(outlines!.features.map((f) => [f.properties.id, f]));
    expect([...byId.keys()].sort()).toEqual(['nord', 'sud']);
    expect(byId.get('sud')!.properties).toEqual({
      id: 'sud',
      nom: 'Bassin du Sud',
      departement: '38',
      communes: 2,
      communesSansContour: 0,
    });
    // Epsilon (38005) has no contour: counted, not drawn.
    expect(byId.get('nord')!.properties).toMatchObject({ communes: 3, communesSansContour: 1 });
    expect(bbox(byId.get('sud')!.geometry)).toEqual([5, 45, 7, 46]);
    expect(bbox(byId.get('nord')!.geometry)).toEqual([5, 46, 7, 47]);
    for (const f of outlines!.features) {
      // Merged along the shared border: one polygon with a single outer ring, no inner edge left.
      expect(f.geometry.type).toBe('MultiPolygon');
      const polygons = (f.geometry as GeoJSON.MultiPolygon).coordinates;
      expect(polygons).toHaveLength(1);
      expect(polygons[0]).toHaveLength(1);
      expect(ringArea(polygons[0][0])).toBeCloseTo(2);
    }
    db.close();
  });
});

describe('carte schématique (sans contours)', () => {
  it('couvre chaque bassin, sans superposition, y compris des bassins et départements inconnus', () => {
    const basins = [
      ...Object.keys(TILE_LAYOUT)
        .slice(0, 3)
        .map((id) => ({ id, nom: id, departement: '38' })),
      { id: 'inconnu-1', nom: 'Inconnu 1', departement: '38' },
      { id: 'inconnu-2', nom: 'Inconnu 2', departement: '38' },
      { id: 'savoie-x', nom: 'Savoie X', departement: '73' },
      { id: 'ailleurs', nom: 'Ailleurs', departement: '69' },
      { id: 'ailleurs-2', nom: 'Ailleurs 2', departement: '01' },
    ];
    const tiles = schematicTileMap(basins);
    expect(tiles.map((t) => t.id)).toEqual(basins.map((b) => b.id));
    expectNoOverlap(tiles);
    const savoie = tiles.find((t) => t.id === 'savoie-x')!;
    expect(savoie.col).toBeGreaterThanOrEqual(DEPARTEMENT_BLOCKS['73'].col);
    expect(savoie.row).toBeGreaterThanOrEqual(DEPARTEMENT_BLOCKS['73'].row);
    for (const t of tiles)
      expect(Number.isInteger(t.col) && Number.isInteger(t.row) && t.col >= 0 && t.row >= 0).toBe(true);
    // A declared position collides with nothing even when a layout entry is reused.
    expectNoOverlap(schematicTileMap(basins, { a: { col: 0, row: 0 }, b: { col: 0, row: 0 } }));
  });

  it('sans contours, le zonage chargé donne une tuile par bassin', async () => {
    const db = await freshDb();
    await ingestFile(db, writeFixture(tempDir(), 'zonage.csv', ZONING));
    expect(await bassinOutlines(db)).toBeNull();
    const basins = await loadedBassins(db);
    expect(basins).toEqual([
      { id: 'nord', nom: 'Bassin du Nord', departement: '38', communes: 3 },
      { id: 'sud', nom: 'Bassin du Sud', departement: '38', communes: 2 },
    ]);
    const tiles = schematicTileMap(basins);
    expect(tiles.map((t) => t.id)).toEqual(['nord', 'sud']);
    expectNoOverlap(tiles);
    db.close();
  });

  it('le zonage par défaut : chaque bassin a une place déclarée, les départements en blocs', async () => {
    const db = await freshDb();
    await ingestFile(db, 'datasets/territories/bassins-academie-grenoble.csv');
    const basins = await loadedBassins(db);
    expect(basins.length).toBeGreaterThan(10);
    expect(basins.filter((b) => !TILE_LAYOUT[b.id]).map((b) => b.id)).toEqual([]);
    const tiles = schematicTileMap(basins);
    expectNoOverlap(tiles);
    // Each declared tile sits inside its département's block rows.
    for (const t of tiles) {
      const block = DEPARTEMENT_BLOCKS[t.departement];
      expect(t.col - block.col, `${t.id}`).toBeGreaterThanOrEqual(0);
      expect(t.col - block.col, `${t.id}`).toBeLessThan(block.width);
      expect(t.row, `${t.id}`).toBeGreaterThanOrEqual(block.row);
    }
    db.close();
  });
});

describe('GET /api/contours', () => {
  it('renvoie la carte schématique, puis les contours une fois les communes chargées', async () => {
    const db = await freshDb();
    const dir = tempDir();
    await ingestFile(db, writeFixture(dir, 'zonage.csv', ZONING));
    const app = express();
    app.use(
      '/api/contours',
      contoursRouter(() => db),
    );
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/contours`;
    try {
      const tiles = (await (await fetch(url)).json()) as { type: string; tiles: Tile[] };
      expect(tiles.type).toBe('tiles');
      expect(tiles.tiles.map((t) => t.id).sort()).toEqual(['nord', 'sud']);
      expect(Object.keys(tiles.tiles[0]).sort()).toEqual(['col', 'departement', 'id', 'nom', 'row']);
      await ingestFile(db, writeFixture(dir, 'communes.geojson', JSON.stringify(COMMUNES)));
      const response = await fetch(url);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      const outlines = (await response.json()) as { type: string; geojson: GeoJSON.FeatureCollection };
      expect(outlines.type).toBe('outlines');
      expect(outlines.geojson.type).toBe('FeatureCollection');
      expect(outlines.geojson.features.map((f) => (f.properties as { id: string }).id).sort()).toEqual(['nord', 'sud']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    }
  });
});

function expectNoOverlap(tiles: Tile[]): void {
  const cells = tiles.map((t) => `${t.col},${t.row}`);
  expect(new Set(cells).size).toBe(cells.length);
}

function ringArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return Math.abs(sum) / 2;
}
