// What the loaded files give each basin, told rather than silent: commune codes re-coded to the zoning's geography
// or placed nowhere (per file), schools reaching no commune (per source, rentrée, département), bassin BMO codes
// the loaded composition does not know (their projects go to the whole département), and per source × basin
// whether the value is the basin's own, comes from a coarser level, or misses schools. Read by clee ingest,
// clee status (--couverture) and GET /api/couverture.
import type { Database } from '../db/database.ts';
import { activeRows, loadedFiles } from '../ingest/provenance.ts';
import type { SourceId } from '../ingest/registry.ts';
import { groupBy } from '../shared/group.ts';
import { ACADEMIE, departementNom } from '../territory/academie.ts';
import { geographyReport, prepareGeography, type GeographyReportRow } from '../territory/geography.ts';
import { computedState } from './compute.ts';
import { formatNumber } from './format.ts';
import { INDICATORS } from './indicators.ts';
import { alternativesOf } from './missing-sources.ts';
import { CANONICAL_VIEWS } from './views.ts';
import { unplacedSchoolSql } from '../territory/bassin-level.ts';

interface UnplacedSchools {
  source: string;
  annee: number;
  /** Département of the school: its commune's, else read from its UAI (0380001A → 38); null when unreadable. */
  departement: string | null;
  etablissements: number;
  /** Of which: UAI found neither in the annuaire nor in an IPS file (no commune at all). */
  uai_inconnus: number;
  exemples: string[];
}

interface UnknownBmoBassin {
  annee: number;
  departement: string;
  bassin_bmo: string;
  nom: string | null;
  projets: number | null;
}

interface AttributionWarnings {
  /** Per loaded file holding commune codes: rows re-coded and rows placed nowhere (only files with either). */
  fichiers: GeographyReportRow[];
  etablissements_non_rattaches: UnplacedSchools[];
  /** True when a BMO file is loaded without any bassins BMO composition (projects then spread per département). */
  bmo_sans_composition: boolean;
  bassins_bmo_inconnus: UnknownBmoBassin[];
}

/** School tables read by the indicators, with their source and year column. */
const SCHOOL_TABLES = [
  { table: 'effectifs_college', source: 'education-effectifs-college', annee: 'rentree' },
  { table: 'effectifs_lycee_gt', source: 'education-effectifs-lycee-gt', annee: 'rentree' },
  { table: 'effectifs_lycee_pro', source: 'education-effectifs-lycee-pro', annee: 'rentree' },
  { table: 'inserjeunes', source: 'education-inserjeunes-lycee-pro', annee: 'annee' },
] as const satisfies readonly { table: string; source: SourceId; annee: string }[];

const UAI_COMMUNE_SQL = CANONICAL_VIEWS.find((v) => v.nom === 'v_uai_commune')!.sql;

/** The warnings of the loaded data as a whole (independent of any indicator computation). */
export async function attributionWarnings(db: Database): Promise<AttributionWarnings> {
  await prepareGeography(db, 'clee');
  const fichiers = (await geographyReport(db)).filter((r) => r.recodees > 0 || r.non_placees > 0);
  return {
    fichiers,
    etablissements_non_rattaches: await unplacedSchools(db),
    ...(await bmoWarnings(db)),
  };
}

const academieList = `[${ACADEMIE.departements.map((d) => `'${d}'`).join(', ')}]`;

async function unplacedSchools(db: Database): Promise<UnplacedSchools[]> {
  const parts: string[] = [];
  for (const { table, source, annee } of SCHOOL_TABLES) {
    if (!(await db.tableExists(table))) continue;
    parts.push(`SELECT '${source}' AS source, uai, CAST(${annee} AS INTEGER) AS annee FROM ${table}
      WHERE ${activeRows()} AND uai IS NOT NULL AND ${annee} IS NOT NULL`);
  }
  if (!parts.length) return [];
  const zoned = (await db.tableExists('bassin_commune'))
    ? `SELECT DISTINCT code_commune AS codgeo FROM bassin_commune WHERE ${activeRows()} AND bassin_id IS NOT NULL`
    : 'SELECT NULL::VARCHAR AS codgeo WHERE false';
  // The engine's rule; without a zoning loaded, no commune is outside it: only schools without a commune count.
  const unplaced = unplacedSchoolSql({
    commune: 'g.codgeo',
    bassin: 'z.codgeo',
    departement: 'g.departement',
    deps: `CASE WHEN EXISTS (SELECT 1 FROM z) THEN ${academieList} ELSE []::VARCHAR[] END`,
  });
  return db.all<UnplacedSchools>(`WITH u AS (${UAI_COMMUNE_SQL()}), e AS (${parts.join(' UNION ALL ')}),
    z AS (${zoned}),
    s AS (
      SELECT e.source, e.annee, e.uai, u.uai IS NULL AS inconnu,
        coalesce(g.departement, CASE WHEN left(e.uai, 1) = '0' THEN substr(e.uai, 2, 2) END) AS departement
      FROM e LEFT JOIN u ON u.uai = e.uai LEFT JOIN clee_geo g ON g.code = u.codgeo LEFT JOIN z ON z.codgeo = g.codgeo
      WHERE ${unplaced}
    )
    SELECT source, annee, departement, count(DISTINCT uai)::INTEGER AS etablissements,
      count(DISTINCT uai) FILTER (WHERE inconnu)::INTEGER AS uai_inconnus,
      list(DISTINCT uai ORDER BY uai)[1:5] AS exemples
    FROM s GROUP BY ALL ORDER BY source, annee, departement NULLS LAST`);
}

async function bmoWarnings(
  db: Database,
): Promise<Pick<AttributionWarnings, 'bmo_sans_composition' | 'bassins_bmo_inconnus'>> {
  if (!(await db.tableExists('bmo'))) return { bmo_sans_composition: false, bassins_bmo_inconnus: [] };
  const bmo = `SELECT annee, departement, bassin_bmo, nom_bassin_bmo, projets FROM bmo
    WHERE ${activeRows()} AND bassin_bmo IS NOT NULL AND list_contains(${academieList}, departement)`;
  const hasBmo = (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${bmo})`))!.n > 0;
  const hasComposition =
    (await db.tableExists('commune_bassin_bmo')) &&
    (await db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM commune_bassin_bmo WHERE ${activeRows()} AND bassin_bmo IS NOT NULL`,
    ))!.n > 0;
  if (!hasBmo) return { bmo_sans_composition: false, bassins_bmo_inconnus: [] };
  if (!hasComposition) return { bmo_sans_composition: true, bassins_bmo_inconnus: [] };
  // The engine's key: a bassin BMO × département pair of the composition (départements read on clee_geo).
  const bassins = await db.all<UnknownBmoBassin>(`WITH k AS (
      SELECT DISTINCT c.bassin_bmo, g.departement FROM commune_bassin_bmo c JOIN clee_geo g ON g.code = c.codgeo
      WHERE ${activeRows('c')} AND c.bassin_bmo IS NOT NULL
    )
    SELECT CAST(b.annee AS INTEGER) AS annee, b.departement, b.bassin_bmo, any_value(b.nom_bassin_bmo) AS nom,
      sum(b.projets) AS projets
    FROM (${bmo}) b WHERE NOT EXISTS
      (SELECT 1 FROM k WHERE k.bassin_bmo = b.bassin_bmo AND k.departement = b.departement)
    GROUP BY ALL ORDER BY annee, departement, bassin_bmo`);
  return { bmo_sans_composition: false, bassins_bmo_inconnus: bassins };
}

/** The warnings as French lines (empty when there is nothing to tell). */
export function warningLines(w: AttributionWarnings): string[] {
  const lines: string[] = [];
  for (const f of w.fichiers) {
    const parts: string[] = [];
    if (f.recodees)
      parts.push(`${count(f.recodees)} ligne(s) de communes fusionnées ramenées à la commune actuelle du zonage`);
    if (f.non_placees)
      parts.push(
        `${count(f.non_placees)} ligne(s) au code commune inconnu, rattachées à aucun territoire ` +
          `(${f.exemples.join(', ')})`,
      );
    lines.push(`${f.file} (${f.source}) : ${parts.join(' ; ')}.`);
  }
  for (const [source, rows] of groupBy(w.etablissements_non_rattaches, (r) => r.source)) {
    const annee = Math.max(...rows.map((r) => r.annee));
    const latest = rows.filter((r) => r.annee === annee);
    const inAca = latest.filter((r) => r.departement && ACADEMIE.departements.includes(r.departement));
    const outside = latest.filter((r) => !inAca.includes(r)).reduce((s, r) => s + r.etablissements, 0);
    const total = latest.reduce((s, r) => s + r.etablissements, 0);
    const unknown = latest.reduce((s, r) => s + r.uai_inconnus, 0);
    const byDep = inAca.map((r) => `${departementNom(r.departement!)} ${count(r.etablissements)}`).join(', ');
    lines.push(
      `${source}, ${annee} : ${count(total)} établissement(s) rattaché(s) à aucune commune du zonage` +
        ` (${count(unknown)} UAI inconnus de l'annuaire et des fichiers IPS)` +
        `${byDep ? ` — dans l'académie : ${byDep}` : ''}${outside ? ` — hors académie : ${count(outside)}` : ''}` +
        ` ; exemples : ${latest
          .flatMap((r) => r.exemples)
          .slice(0, 5)
          .join(', ')}.` +
        `${inAca.length ? ' Les valeurs des bassins de ces départements ne sont jamais classées.' : ''}`,
    );
  }
  if (w.bmo_sans_composition)
    lines.push(
      'BMO sans composition communale des bassins BMO (clee fetch france-travail-bassins-bmo) : les projets sont ' +
        'répartis dans tout leur département, et les valeurs des bassins ne sont jamais classées.',
    );
  for (const [annee, rows] of groupBy(w.bassins_bmo_inconnus, (r) => String(r.annee)))
    lines.push(
      `BMO ${annee} : ${rows.length} bassin(s) BMO absent(s) de la composition chargée ` +
        `(${rows
          .map((r) => `${r.bassin_bmo}${r.nom ? ` ${r.nom}` : ''} en ${departementNom(r.departement)}`)
          .join(', ')}) : ` +
        'leurs projets sont répartis dans tout le département, et les valeurs des bassins concernés ne sont ' +
        'jamais classées.',
    );
  return lines;
}

export type CoverageState = 'bassin' | 'niveau_plus_large' | 'etablissements_non_rattaches' | 'sans_donnees';

interface CoverageCell {
  bassin: string;
  nom: string;
  departement: string;
  /** Latest year with a value for any indicator of the source (null: none). */
  annee: number | null;
  etat: CoverageState;
  /** The coarser level (« département Isère (38) », « bassin BMO 8412 (Isère) »…) or the unplaced schools. */
  detail: string | null;
}

interface LoadedSourceFile {
  source: string;
  fichier: string;
  /** Periods the file provides (« 2015, 2021 », « 2019-T1 »…; « * » for a snapshot). */
  periodes: string[];
  /** Simulated demo data (its name carries « simule »). */
  simule: boolean;
}

export interface SourceCoverage {
  source: string;
  /** Indicators whose data this source gives (its first declared source). */
  indicateurs: string[];
  /** The loaded files of this source or of a source standing in for it (none: the source is missing). */
  fichiers: LoadedSourceFile[];
  bassins: CoverageCell[];
}

/**
 * Per data source (the first source of an indicator) and per basin of the académie: is the latest value the
 * basin's own, from a coarser level, or built while some schools of its département reach no commune?
 */
export async function sourceCoverage(db: Database): Promise<SourceCoverage[]> {
  const state = await computedState(db);
  const bassins = state.bassins.filter((b) => b.academie);
  const files = (await loadedFiles(db)).map(
    (f): LoadedSourceFile => ({
      source: f.source,
      fichier: f.file,
      periodes: f.periods ?? [],
      simule: /simule/i.test(f.file),
    }),
  );
  // The académie's basins' values, grouped once rather than the whole result list scanned per source × basin.
  const valuesOf = groupBy(
    state.results.filter((r) => r.valeur !== null),
    (r) => r.bassin,
  );
  const out: SourceCoverage[] = [];
  for (const [source, defs] of groupBy(INDICATORS, (d) => d.sources[0])) {
    const ids = new Set(defs.map((d) => d.id));
    const cells = bassins.map((b): CoverageCell => {
      const withValue = (valuesOf.get(b.id) ?? []).filter((r) => ids.has(r.indicateur));
      const annee = withValue.length ? Math.max(...withValue.map((r) => r.annee)) : null;
      const latest = withValue.filter((r) => r.annee === annee);
      const coarse = latest.find((r) => r.niveau_attribution);
      const unplaced = Math.max(0, ...latest.map((r) => r.etablissements_non_rattaches ?? 0));
      const base = { bassin: b.id, nom: b.nom, departement: b.departement, annee };
      if (annee === null) return { ...base, etat: 'sans_donnees', detail: null };
      if (coarse) return { ...base, etat: 'niveau_plus_large', detail: coarse.niveau_attribution!.libelle };
      if (unplaced > 0)
        return {
          ...base,
          etat: 'etablissements_non_rattaches',
          detail: `${count(unplaced)} établissement(s) du département rattaché(s) à aucune commune`,
        };
      return { ...base, etat: 'bassin', detail: null };
    });
    const group = alternativesOf(source);
    out.push({
      source,
      indicateurs: [...ids],
      fichiers: files.filter((f) => group.includes(f.source)),
      bassins: cells,
    });
  }
  return out;
}

const count = (n: number) => formatNumber(n, 0);

/** Sources whose load changes where every other file's rows go: then every warning concerns the load. */
const GEOGRAPHY_SOURCES = new Set(['clee-bassins', 'insee-cog-communes']);

/** The warnings a load of these sources brings into view (clee ingest prints them after its summary). */
export function warningsForSources(w: AttributionWarnings, sources: ReadonlySet<string>): AttributionWarnings {
  if ([...sources].some((s) => GEOGRAPHY_SOURCES.has(s))) return w;
  const bmo = sources.has('france-travail-bmo') || sources.has('france-travail-bassins-bmo');
  return {
    fichiers: w.fichiers.filter((f) => sources.has(f.source)),
    etablissements_non_rattaches: w.etablissements_non_rattaches.filter(
      (r) =>
        sources.has(r.source) ||
        sources.has('education-annuaire') ||
        sources.has('education-ips-college') ||
        sources.has('education-ips-lycee'),
    ),
    bmo_sans_composition: bmo && w.bmo_sans_composition,
    bassins_bmo_inconnus: bmo ? w.bassins_bmo_inconnus : [],
  };
}
