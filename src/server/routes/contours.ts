// GET /api/contours: the basins' outlines merged from the commune contours when they are loaded
// (`{type: 'outlines', geojson}`), otherwise the schematic tile map (`{type: 'tiles', tiles}`).
import { Router } from 'express';
import type { Database } from '../../db/database.ts';
import { bassinOutlines, type BassinOutlines } from '../../territory/contours.ts';
import { loadedBassins } from '../../territory/zoning-file.ts';
import { schematicTileMap, type Tile } from '../../territory/tilemap.ts';
import { provenanceSignature } from '../../ingest/provenance.ts';

export type ContoursPayload = { type: 'outlines'; geojson: BassinOutlines } | { type: 'tiles'; tiles: Tile[] };

export async function contoursPayload(db: Database): Promise<ContoursPayload> {
  const geojson = await bassinOutlines(db);
  if (geojson) return { type: 'outlines', geojson };
  return { type: 'tiles', tiles: schematicTileMap(await loadedBassins(db)) };
}

export default function contoursRouter(current: () => Database): Router {
  const router = Router();
  // Merging thousands of communes takes a moment: computed and serialised once per state of the loaded files.
  let cached: { key: string; payload: Promise<string> } | undefined;
  router.get('/', async (_req, res) => {
    const db = current();
    const key = await provenanceSignature(db);
    if (!cached || cached.key !== key) {
      const payload = contoursPayload(db).then((p) => JSON.stringify(p));
      cached = { key, payload };
      payload.catch(() => {
        if (cached?.payload === payload) cached = undefined;
      });
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('application/json').send(await cached.payload);
  });
  return router;
}
