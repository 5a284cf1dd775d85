// The schematic map of the basins when no commune contours are loaded (the demo): one square tile per basin,
// hand-placed so that neighbouring basins are near and each département forms a block where it lies:
// Haute-Savoie in the north-east, Savoie below it, Isère in the middle, Drôme south of Isère, Ardèche west of
// Drôme. A basin missing from the table (another zoning) is put on a free cell of its département's block,
// so a map is always there.

interface TilePosition {
  col: number;
  row: number;
}

export interface Tile extends TilePosition {
  id: string;
  nom: string;
  departement: string;
}

interface TileBassin {
  id: string;
  nom: string;
  departement: string;
}

/**
 * Where each département's block starts and how wide it is (in tiles). The cell above each block's first
 * tile is left empty so that the département's name fits there.
 */
export const DEPARTEMENT_BLOCKS: Record<string, TilePosition & { width: number }> = {
  '74': { col: 4, row: 0, width: 3 },
  '73': { col: 4, row: 2, width: 2 },
  '38': { col: 1, row: 1, width: 3 },
  '26': { col: 2, row: 4, width: 2 },
  '07': { col: 0, row: 4, width: 2 },
};

/**
 * The basins of the default zoning (datasets/territories/bassins-academie-grenoble.csv), placed by hand.
 * Keys are `bassin_id`s of that file.
 */
export const TILE_LAYOUT: Record<string, TilePosition> = {
  // Haute-Savoie, west to east: Annecy and the Albanais, the Genevois and the Arve valley, the Chablais.
  '74-albanais-annecien': { col: 4, row: 0 },
  '74-genevois-arve': { col: 5, row: 0 },
  '74-chablais': { col: 6, row: 0 },
  // Savoie: Chambéry next to the Grésivaudan, Tarentaise to the east, Maurienne south of it.
  '73-chambery': { col: 4, row: 2 },
  '73-albertville-tarentaise': { col: 5, row: 2 },
  '73-maurienne': { col: 5, row: 3 },
  // Isère: Nord Isère on top, the Rhône side to the west, Voiron in the middle, Grésivaudan towards
  // Chambéry, Grenoble and the south of Isère below them.
  '38-nord-isere': { col: 2, row: 1 },
  '38-isere-rhodanienne': { col: 1, row: 2 },
  '38-voironnais-chartreuse': { col: 2, row: 2 },
  '38-gresivaudan': { col: 3, row: 2 },
  '38-grenoble': { col: 3, row: 3 },
  // Drôme, north to south, east of the Rhône.
  '26-drome-des-collines': { col: 2, row: 4 },
  '26-valence-royans': { col: 2, row: 5 },
  '26-drome-provencale': { col: 2, row: 6 },
  // Ardèche, north to south, west of the Rhône.
  '07-ardeche-verte': { col: 1, row: 4 },
  '07-centre-ardeche': { col: 1, row: 5 },
  '07-ardeche-meridionale': { col: 1, row: 6 },
};

/** Anchor of a département absent from DEPARTEMENT_BLOCKS: below everything, one block per département. */
function extraBlock(index: number): TilePosition & { width: number } {
  return { col: (index % 2) * 4, row: 8 + Math.floor(index / 2) * 3, width: 3 };
}

/**
 * Tiles for the given basins: the declared position when the basin is in TILE_LAYOUT, otherwise the first free
 * cell of its département's block (row by row, spilling downwards). Two basins never share a cell.
 */
export function schematicTileMap(
  basins: readonly TileBassin[],
  layout: Record<string, TilePosition> = TILE_LAYOUT,
): Tile[] {
  const taken = new Set<string>();
  const key = (p: TilePosition) => `${p.col},${p.row}`;
  const tiles = new Map<string, Tile>();
  const sorted = [...basins].sort(
    (a, b) =>
      a.departement.localeCompare(b.departement) || a.nom.localeCompare(b.nom, 'fr') || a.id.localeCompare(b.id),
  );
  for (const b of sorted) {
    const p = layout[b.id];
    if (p && !taken.has(key(p))) {
      tiles.set(b.id, { id: b.id, nom: b.nom, departement: b.departement, col: p.col, row: p.row });
      taken.add(key(p));
    }
  }
  const extras = [...new Set(sorted.map((b) => b.departement).filter((d) => !DEPARTEMENT_BLOCKS[d]))];
  for (const b of sorted) {
    if (tiles.has(b.id)) continue;
    const block = DEPARTEMENT_BLOCKS[b.departement] ?? extraBlock(extras.indexOf(b.departement));
    for (let i = 0; ; i++) {
      const cell = { col: block.col + (i % block.width), row: block.row + Math.floor(i / block.width) };
      if (!taken.has(key(cell))) {
        taken.add(key(cell));
        tiles.set(b.id, { id: b.id, nom: b.nom, departement: b.departement, ...cell });
        break;
      }
    }
  }
  return basins.map((b) => tiles.get(b.id)!);
}
