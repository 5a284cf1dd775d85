// A zoning proposed from the annuaire de l'éducation: the rectorat's own bassins de formation (columns
// code_bassin_formation / libelle_bassin_formation), so that the shipped zoning can be replaced by the official one.
// The annuaire places schools, not communes: a commune with schools goes to the bassin de formation of most of them;
// a commune without a school to the bassin de formation of most schools of its basin in the loaded zoning. The rows
// come out in the clee-bassins layout, checked by validateZoning like any zoning file.
import type { Database } from '../db/database.ts';
import { activeRows } from '../ingest/provenance.ts';
import { cogCommunes } from './cog.ts';
import { loadedZoning, majority, type ZoningRow } from './zoning-file.ts';

/** The rule, told with the proposal. */
const REGLE_PROPOSITION =
  "Bassins de formation de l'annuaire de l'éducation (code_bassin_formation). Une commune qui a des établissements " +
  'ouverts rejoint le bassin de formation de la majorité de ses établissements (à égalité, le plus petit code) ; ' +
  'une commune sans établissement rejoint le bassin de formation de la majorité des établissements de son bassin ' +
  'dans le zonage chargé (à égalité, le plus petit code). Une commune que ni l’une ni l’autre règle ne place reste ' +
  'hors du zonage proposé (commune absente à la validation).';

interface ZoningProposal {
  rows: ZoningRow[];
  regle: string;
  /** Open schools carrying a bassin de formation, and the bassins de formation found. */
  etablissements: number;
  bassins: number;
  /** Communes placed by their own schools, by their basin in the loaded zoning, and left out. */
  par_etablissements: number;
  par_zonage: number;
  non_placees: { code: string; nom: string }[];
  /** Schools whose commune is not a current commune of the académie (old code, other académie): not used. */
  etablissements_hors_communes: number;
}

interface SchoolCount {
  code_commune: string;
  code: string;
  libelle: string;
  n: number;
}

/** How many bassins de formation the loaded annuaire names (0 without the annuaire or its columns). */
export async function bassinsFormationCount(db: Database): Promise<number> {
  if (!(await db.tableExists('annuaire_education'))) return 0;
  const row = await db.one<{ n: number }>(
    `SELECT count(DISTINCT nullif(trim(code_bassin_formation), ''))::INTEGER AS n FROM annuaire_education
    WHERE ${activeRows()}`,
  );
  return row?.n ?? 0;
}

/** The official bassins de formation as a zoning, or null when the loaded annuaire does not carry them. */
export async function proposeZoningFromAnnuaire(db: Database): Promise<ZoningProposal | null> {
  if (!(await db.tableExists('annuaire_education'))) return null;
  const counts = await db.all<SchoolCount>(
    `SELECT code_commune, trim(code_bassin_formation) AS code, mode(trim(libelle_bassin_formation)) AS libelle,
      count(*)::INTEGER AS n
    FROM (
      SELECT *, row_number() OVER (PARTITION BY uai ORDER BY date_maj_ligne DESC NULLS LAST) AS k
      FROM annuaire_education WHERE ${activeRows()}
    )
    WHERE k = 1 AND (etat IS NULL OR upper(etat) <> 'FERME') AND nullif(trim(code_bassin_formation), '') IS NOT NULL
      AND code_commune IS NOT NULL
    GROUP BY ALL`,
  );
  if (!counts.length) return null;
  const communes = cogCommunes();
  const known = new Set(communes.map((c) => c.code));
  const libelles = new Map<string, Map<string, number>>();
  const bySchools = new Map<string, Map<string, number>>();
  let horsCommunes = 0;
  for (const c of counts) {
    if (!known.has(c.code_commune)) {
      horsCommunes += c.n;
      continue;
    }
    const names = libelles.get(c.code) ?? new Map<string, number>();
    if (c.libelle) names.set(c.libelle, (names.get(c.libelle) ?? 0) + c.n);
    libelles.set(c.code, names);
    const m = bySchools.get(c.code_commune) ?? new Map<string, number>();
    m.set(c.code, (m.get(c.code) ?? 0) + c.n);
    bySchools.set(c.code_commune, m);
  }
  // Schools of each basin of the loaded zoning, by bassin de formation: the rule for communes without a school.
  const zoning = await loadedZoning(db);
  const basinOf = new Map(zoning.map((z) => [z.code_commune, z.bassin_id]));
  const byBasin = new Map<string, Map<string, number>>();
  for (const [commune, m] of bySchools) {
    const basin = basinOf.get(commune);
    if (basin === undefined) continue;
    const total = byBasin.get(basin) ?? new Map<string, number>();
    for (const [code, n] of m) total.set(code, (total.get(code) ?? 0) + n);
    byBasin.set(basin, total);
  }
  const nomOf = (code: string) => majority(libelles.get(code) ?? new Map()) ?? `Bassin de formation ${code}`;
  const rows: ZoningRow[] = [];
  const nonPlacees: ZoningProposal['non_placees'] = [];
  let parEtablissements = 0;
  for (const c of communes) {
    const own = bySchools.get(c.code);
    const basin = basinOf.get(c.code);
    const code = own ? majority(own) : basin === undefined ? undefined : majority(byBasin.get(basin) ?? new Map());
    if (code === undefined) {
      nonPlacees.push({ code: c.code, nom: c.nom });
      continue;
    }
    if (own) parEtablissements += 1;
    rows.push({
      code_commune: c.code,
      nom_commune: c.nom,
      departement: c.departement,
      bassin_id: `bf-${code}`,
      bassin_nom: nomOf(code),
      ligne: null,
    });
  }
  rows.sort((a, b) => a.bassin_id.localeCompare(b.bassin_id) || a.code_commune.localeCompare(b.code_commune));
  return {
    rows,
    regle: REGLE_PROPOSITION,
    etablissements: counts.reduce((s, c) => s + c.n, 0),
    bassins: libelles.size,
    par_etablissements: parEtablissements,
    par_zonage: rows.length - parEtablissements,
    non_placees: nonPlacees,
    etablissements_hors_communes: horsCommunes,
  };
}
