// What the fiche and the comparison pages both need before drawing: basins, indicators, labels, sources, map shapes.
import { api, type Bassin, type Contours, type Indicator, type Libelles } from './api.ts';
import { loadSources, type SourceInfo } from './sources.ts';

export interface PageContext {
  bassins: Bassin[];
  indicateurs: Indicator[];
  /** The methodology's labels: verdicts, domains, the académie's départements. */
  libelles: Libelles;
  sources: SourceInfo[];
  /** Basin outlines or the tile map; null when /api/contours is unavailable (the map then says so). */
  contours: Contours | null;
}

export async function loadPageContext(): Promise<PageContext> {
  const [bassins, indicateurs, libelles, sources, contours] = await Promise.all([
    api.bassins(),
    api.indicateurs(),
    api.libelles(),
    loadSources(),
    api.contours().catch(() => null),
  ]);
  return { bassins, indicateurs, libelles, sources, contours };
}
