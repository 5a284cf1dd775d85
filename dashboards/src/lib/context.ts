// What the fiche and the comparison pages both need before drawing: basins, indicators, sources, map shapes.
import { api, type Bassin, type Contours, type Indicator } from './api.ts';
import { loadSources, type SourceInfo } from './sources.ts';

export interface PageContext {
  bassins: Bassin[];
  indicateurs: Indicator[];
  sources: SourceInfo[];
  /** Basin outlines or the tile map; null when /api/contours is unavailable (the map then says so). */
  contours: Contours | null;
}

export async function loadPageContext(): Promise<PageContext> {
  const [bassins, indicateurs, sources, contours] = await Promise.all([
    api.bassins(),
    api.indicateurs(),
    loadSources(),
    api.contours().catch(() => null),
  ]);
  return { bassins, indicateurs, sources, contours };
}
