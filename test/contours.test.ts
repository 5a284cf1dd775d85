// Commune contours: GeoJSON ingestion (one transaction, provenance, located errors), basin outlines merged with
// topojson, the schematic tile map when no contours are loaded, and GET /api/contours for both.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../src/ingest/errors.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import contoursRouter from '../src/server/routes/contours.ts';
import { looksLikeGeoJson } from '../src/ingest/contours.ts';
import { basinOutlines, bbox, listBasins } from '../src/territory/contours.ts';
import { DEPARTEMENT_BLOCKS, schematicTileMap, TILE_LAYOUT, type Tile } from '../src/territory/tilemap.ts';
import { freshDb, snapshot, tempDir, writeFixture } from './helpers/db.ts';

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
  '38001;Alpha;38;sud;Bassin du Sud\n38002;Bêta;38;sud;Bassin du Sud\n38003;Gamma;38;nord;Bassin du Nord\n38004;Delta;38;nord;Bassin du Nord\n' +
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
    expect(newer).toMatchObject({ status: 'chargé', rows: 3, replaced: [result.fileId] });
    expect(await db.one('SELECT count(*)::INTEGER AS n FROM commune_contour')).toEqual({ n: 3 });
    expect(await db.all('SELECT status FROM provenance ORDER BY file_id')).toEqual([
      { status: 'remplacé' },
      { status: 'actif' },
    ]);
    db.close();
  });

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
      expect(await snapshot(db)).toEqual(before);
    }
    const truncated = writeFixture(dir, 'coupe.geojson', JSON.stringify(COMMUNES).slice(0, 200));
    await expect(ingestFile(db, truncated)).rejects.toThrow(/coupe\.geojson : GeoJSON illisible/);
    expect(await snapshot(db)).toEqual(before);
    db.close();
  });

  it('fusionne les communes de chaque bassin en un contour (2 bassins, emprises exactes)', async () => {
    const db = await freshDb();
    const dir = tempDir();
    await ingestFile(db, writeFixture(dir, 'zonage.csv', ZONING));
    expect(await basinOutlines(db)).toBeNull(); // zoning but no contours yet
    await ingestFile(db, writeFixture(dir, 'communes.geojson', JSON.stringify(COMMUNES)));
    const outlines = await basinOutlines(db);
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
    expect(await basinOutlines(db)).toBeNull();
    const basins = await listBasins(db);
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
    const basins = await listBasins(db);
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
    app.use('/api/contours', contoursRouter(db));
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
