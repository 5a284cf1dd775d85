// What is loaded, read from the provenance table: one owner for the questions every layer asks about it.
import type { Database } from '../db/database.ts';
import { SOURCE_FORMATS } from './registry.ts';

export type SourceInfo = {
  id: string;
  famille: string;
  producteur: string;
  jeu_de_donnees: string;
  /** Latest vintage loaded in the database, null when nothing of this source is loaded. */
  millesime: string | null;
  fichiers: number;
  /** True when a loaded file of this source is simulated demo data (its name carries « simule », see datasets/demo/README.md). */
  simule: boolean;
};

/** The ingestion registry's source formats, with what of each is loaded (for the « Source : … » lines of charts). */
export async function sourcesInfo(db: Database): Promise<SourceInfo[]> {
  const loaded = new Map<string, { millesime: string | null; fichiers: number; simule: boolean }>();
  if (await db.tableExists('provenance')) {
    const rows = await db.all<{ source: string; millesime: string | null; fichiers: number; simule: boolean }>(
      `SELECT source, max(vintage) AS millesime, count(*) AS fichiers, bool_or(file_name ILIKE '%simule%') AS simule
       FROM provenance WHERE status = 'actif' GROUP BY source`,
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
    producteur: f.publisher,
    jeu_de_donnees: f.dataset,
    millesime: loaded.get(f.id)?.millesime ?? null,
    fichiers: loaded.get(f.id)?.fichiers ?? 0,
    simule: loaded.get(f.id)?.simule ?? false,
  }));
}
