// Employers for stages and visits: active employer establishments of Sirene around a school (straight-line
// distance on the Lambert 93 coordinates Sirene publishes) or in a territory, by sector and size band, with the
// pupils who need a stage (3e, 2nde GT) in the same area. An establishment is named by its enseigne, else its
// dénomination usuelle, else (StockUniteLegale loaded) its company's name: most establishments carry neither of
// their own. Establishments under partial diffusion, theirs or their company's (statutDiffusionEtablissement or
// statutDiffusionUniteLegale ≠ « O »), are counted but never named nor located.
import proj4 from 'proj4';
import type { Database } from '../../db/database.ts';
import { activeRows } from '../../ingest/provenance.ts';
import type { SourceId } from '../../ingest/registry.ts';
import { UnknownNameError } from '../errors.ts';
import { periodeLibelle } from '../indicators.ts';
import { SECTEURS, type Secteur, secteurSql } from '../naf.ts';
import { manqueText } from '../missing-sources.ts';
import { EMPLOYEUR_SQL } from '../views.ts';
import { type ListScope, scopeCommunesSql, scopeLabel, scopeParams } from './scope.ts';
import type { EmployeurLigne, EmployeursResult, NomOrigine } from './types.ts';

/** Declared distances offered to a pilot (km); any radius up to RAYON_MAX_KM is accepted. */
const RAYONS_KM = [5, 10, 20] as const;
/** Smallest headcounts offered as filters (each the lower bound of a Sirene size band). */
const SEUILS_SALARIES = [1, 10, 50, 250] as const;
/** « des communes du bassin », of the département, of the académie. */
const SCOPE_DE: Record<ListScope['niveau'], string> = {
  bassin: 'du bassin',
  departement: 'du département',
  academie: "de l'académie",
};
/** Default distance (km). */
export const RAYON_DEFAUT_KM = 10;
export const RAYON_MAX_KM = 50;

/** Sirene size bands (trancheEffectifsEtablissement) and the smallest headcount of each. */
const TRANCHES: Record<string, { libelle: string; min: number }> = {
  NN: { libelle: 'effectif non renseigné', min: 0 },
  '00': { libelle: '0 salarié', min: 0 },
  '01': { libelle: '1 ou 2 salariés', min: 1 },
  '02': { libelle: '3 à 5 salariés', min: 3 },
  '03': { libelle: '6 à 9 salariés', min: 6 },
  '11': { libelle: '10 à 19 salariés', min: 10 },
  '12': { libelle: '20 à 49 salariés', min: 20 },
  '21': { libelle: '50 à 99 salariés', min: 50 },
  '22': { libelle: '100 à 199 salariés', min: 100 },
  '31': { libelle: '200 à 249 salariés', min: 200 },
  '32': { libelle: '250 à 499 salariés', min: 250 },
  '41': { libelle: '500 à 999 salariés', min: 500 },
  '42': { libelle: '1 000 à 1 999 salariés', min: 1000 },
  '51': { libelle: '2 000 à 4 999 salariés', min: 2000 },
  '52': { libelle: '5 000 à 9 999 salariés', min: 5000 },
  '53': { libelle: '10 000 salariés et plus', min: 10000 },
};

const LAMBERT93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 ' +
  '+units=m +no_defs';

/** WGS84 degrees → Lambert 93 metres (the annuaire gives latitude / longitude; Sirene gives Lambert 93). */
function toLambert93(latitude: number, longitude: number): [number, number] {
  const [x, y] = proj4('WGS84', LAMBERT93, [longitude, latitude]);
  return [x, y];
}

interface EmployeursOptions {
  uai?: string;
  rayonKm?: number;
  secteur?: Secteur;
  /** Smallest headcount (e.g. 10: bands from « 10 à 19 salariés »). */
  salariesMin?: number;
  /** Only the first N employers in `employeurs` (a page's table); totals and counts stay those of the whole list. */
  limite?: number;
}

interface EmployerRow {
  siret: string;
  nom: string | null;
  nom_origine: NomOrigine | null;
  secteur: Secteur | null;
  naf: string | null;
  tranche_effectifs: string | null;
  code_commune: string | null;
  commune: string | null;
  diffusible: boolean;
  a_la_commune: boolean;
  distance_km: number | null;
}

/** Employers counted by sector, size band, diffusion, placement and missing name (the counts' one table). */
interface EmployerGroup {
  secteur: Secteur | null;
  tranche_effectifs: string | null;
  diffusible: boolean;
  a_la_commune: boolean;
  sans_nom: boolean;
  /** Named after their legal unit (the company's name, not necessarily the site's). */
  nom_unite_legale: boolean;
  n: number;
}

interface SchoolXY {
  uai: string;
  nom: string;
  type: string | null;
  nom_commune: string | null;
  code_commune: string;
  x: number | null;
  y: number | null;
  epsg: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** Lambert 93 position of a school: the annuaire's own X/Y when in EPSG:2154, else its latitude / longitude. */
function schoolPosition(s: SchoolXY): [number, number] | null {
  if (s.x !== null && s.y !== null && /2154/.test(s.epsg ?? '')) return [s.x, s.y];
  if (s.latitude !== null && s.longitude !== null) return toLambert93(s.latitude, s.longitude);
  return null;
}

const SCHOOLS_SQL = `SELECT uai, any_value(nom) AS nom, any_value(type) AS type, any_value(nom_commune) AS nom_commune,
    any_value(code_commune) AS code_commune, any_value(coordonnee_x) AS x, any_value(coordonnee_y) AS y,
    any_value(epsg) AS epsg, any_value(latitude) AS latitude, any_value(longitude) AS longitude
  FROM annuaire_education WHERE ${activeRows()}`;

const text = (column: string) => `nullif(trim(${column}), '')`;
/** A legal unit's name: its dénomination, else for a sole trader « NOM D'USAGE (else NOM) PRÉNOM ». */
const UNITE_LEGALE_NOM = `coalesce(${text('u.denomination')}, CASE WHEN coalesce(${text('u.nom_usage')},
  ${text('u.nom')}) IS NOT NULL THEN concat_ws(' ', coalesce(${text('u.nom_usage')}, ${text('u.nom')}),
  ${text('u.prenom')}) END)`;

/**
 * Employer establishments with their name (and which field gives it), position (own, else their commune's centre)
 * and diffusion flag. The legal units are read only for the SIREN of these establishments (one row each, the
 * latest file's, should two files be active).
 */
const EMPLOYERS_CTE = `b AS (
    SELECT * FROM sirene_etablissement WHERE ${activeRows()} AND etat_administratif = 'A' AND ${EMPLOYEUR_SQL}
  ), ul AS (
    SELECT * FROM sirene_unite_legale WHERE ${activeRows()} AND siren IN (SELECT siren FROM b)
    QUALIFY row_number() OVER (PARTITION BY siren ORDER BY file_id DESC) = 1
  ), e AS (
    SELECT b.siret, coalesce(${text('b.enseigne')}, ${text('b.denomination_usuelle')}, ${UNITE_LEGALE_NOM}) AS nom,
      CASE WHEN ${text('b.enseigne')} IS NOT NULL THEN 'enseigne'
        WHEN ${text('b.denomination_usuelle')} IS NOT NULL THEN 'denomination_usuelle'
        WHEN ${UNITE_LEGALE_NOM} IS NOT NULL THEN 'unite_legale' END AS nom_origine,
      ${secteurSql('b.activite_principale')} AS secteur, b.activite_principale AS naf, b.tranche_effectifs,
      b.code_commune, b.libelle_commune, b.lambert_x, b.lambert_y,
      coalesce(b.statut_diffusion, 'O') = 'O' AND coalesce(u.statut_diffusion, 'O') = 'O' AS diffusible
    FROM b LEFT JOIN ul u ON u.siren = b.siren
  ), centre AS (
    SELECT code_commune, avg(lambert_x) AS cx, avg(lambert_y) AS cy, any_value(libelle_commune) AS libelle
    FROM e WHERE lambert_x IS NOT NULL AND diffusible GROUP BY code_commune
  ), p AS (
    SELECT e.*, coalesce(CASE WHEN e.diffusible THEN e.lambert_x END, c.cx) AS px,
      coalesce(CASE WHEN e.diffusible THEN e.lambert_y END, c.cy) AS py,
      (e.lambert_x IS NULL OR NOT e.diffusible) AS a_la_commune, coalesce(e.libelle_commune, c.libelle) AS commune
    FROM e LEFT JOIN centre c ON c.code_commune = e.code_commune
  )`;

/** A school by its UAI; an unknown one is a French error listing the territory's collèges and lycées. */
async function schoolOf(db: Database, scope: ListScope, input: string): Promise<SchoolXY> {
  const uai = input.trim().toUpperCase();
  const school = await db.one<SchoolXY>(`${SCHOOLS_SQL} AND upper(uai) = $uai GROUP BY uai`, { uai });
  if (school) return school;
  const inScope = await db.all<{ uai: string; nom: string }>(
    `SELECT uai, any_value(nom) AS nom FROM annuaire_education
     WHERE ${activeRows()} AND code_commune IN (${scopeCommunesSql(scope)})
     AND (lower(type) LIKE 'coll%' OR lower(type) LIKE 'lyc%') GROUP BY uai ORDER BY uai`,
    scopeParams(scope),
  );
  throw new UnknownNameError(
    'etablissement',
    input,
    inScope.map((r) => `${r.uai} (${r.nom})`),
    { candidates: inScope.map((r) => r.uai), context: `(${scopeLabel(scope)})` },
  );
}

/** Within the radius of a school (a bounding box first, cheap, then the distance). */
const AROUND_SQL =
  'px BETWEEN $x - $r AND $x + $r AND py BETWEEN $y - $r AND $y + $r AND ' +
  'sqrt((px - $x) ^ 2 + (py - $y) ^ 2) <= $r';
const aroundParams = (position: [number, number], rayon: number) => ({
  x: position[0],
  y: position[1],
  r: rayon * 1000,
});

/** The sector and headcount filters: their conditions pushed on `where`, their parameters returned. */
function filterParams(where: string[], options: EmployeursOptions): Record<string, string> {
  const params: Record<string, string> = {};
  if (options.secteur) {
    where.push('secteur = $secteur');
    params.secteur = options.secteur;
  }
  if (options.salariesMin !== undefined) {
    const bands = Object.entries(TRANCHES)
      .filter(([, t]) => t.min >= options.salariesMin!)
      .map(([k]) => k);
    where.push(`list_contains(string_split($bands, ','), tranche_effectifs)`);
    params.bands = bands.join(',');
  }
  return params;
}

export async function employeursOf(
  db: Database,
  scope: ListScope,
  options: EmployeursOptions = {},
): Promise<EmployeursResult> {
  const rayon = options.uai ? (options.rayonKm ?? RAYON_DEFAUT_KM) : null;
  if (rayon !== null && !(rayon > 0 && rayon <= RAYON_MAX_KM))
    throw new RangeError(
      `rayon invalide : ${rayon} km (attendu : un nombre de kilomètres entre 0 et ${RAYON_MAX_KM}).`,
    );
  const school = options.uai ? await schoolOf(db, scope, options.uai) : undefined;
  const position = school ? schoolPosition(school) : null;
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (position && rayon !== null) {
    where.push(AROUND_SQL);
    Object.assign(params, aroundParams(position, rayon));
  } else {
    where.push(`code_commune IN (${scopeCommunesSql(scope)})`);
    Object.assign(params, scopeParams(scope));
  }
  Object.assign(params, filterParams(where, options));
  const distance = position ? 'round(sqrt((px - $x) ^ 2 + (py - $y) ^ 2) / 1000, 2)' : 'NULL';
  // Diffusible establishments first (by distance); the others, counted, come last without name nor place.
  const order = 'NOT diffusible, distance_km NULLS LAST, secteur, tranche_effectifs DESC, siret';
  // One scan of Sirene gives both the counts (a small grouped table) and only the rows a page shows: turning the
  // thousands of employers of a basin into objects took most of an answer's time. The CSV asks for every row.
  const both = await db.allByColumn<(EmployerRow & { rang: number }) | (EmployerGroup & { rang: null })>(
    `WITH ${EMPLOYERS_CTE}, f AS MATERIALIZED (
      SELECT siret, nom, nom_origine, secteur, naf, tranche_effectifs, code_commune, commune, diffusible, a_la_commune,
        ${distance} AS distance_km
      FROM p WHERE ${where.join(' AND ')}
    ), lignes AS (
      SELECT *, row_number() OVER (ORDER BY ${order}) AS rang
      FROM (SELECT * FROM f ORDER BY ${order} ${options.limite === undefined ? '' : 'LIMIT $limite'})
    ), comptes AS (
      SELECT secteur, tranche_effectifs, diffusible, a_la_commune, diffusible AND nom IS NULL AS sans_nom,
        coalesce(diffusible AND nom_origine = 'unite_legale', false) AS nom_unite_legale,
        count(*)::INTEGER AS n
      FROM f GROUP BY ALL
    )
    SELECT * FROM comptes UNION ALL BY NAME SELECT * FROM lignes ORDER BY rang NULLS FIRST`,
    (options.limite === undefined ? params : { ...params, limite: options.limite }) as never,
  );
  const groups = both.filter((r): r is EmployerGroup & { rang: null } => r.rang === null);
  const rows = both.filter((r): r is EmployerRow & { rang: number } => r.rang !== null);
  const employeurs: EmployeurLigne[] = rows.map((r) => ({
    siret: r.diffusible ? r.siret : null,
    nom: r.diffusible ? r.nom : null,
    nom_origine: r.diffusible ? r.nom_origine : null,
    secteur: r.secteur,
    secteur_libelle: r.secteur ? SECTEURS[r.secteur] : null,
    naf: r.naf,
    tranche_effectifs: r.tranche_effectifs,
    tranche_libelle: r.tranche_effectifs ? (TRANCHES[r.tranche_effectifs]?.libelle ?? null) : null,
    commune: r.diffusible ? r.commune : null,
    code_commune: r.diffusible ? r.code_commune : null,
    distance_km: r.diffusible ? r.distance_km : null,
  }));
  const count = (keep: (g: EmployerGroup) => boolean) => groups.filter(keep).reduce((s, g) => s + g.n, 0);
  const dixPlus = (g: EmployerGroup) => (g.tranche_effectifs ? (TRANCHES[g.tranche_effectifs]?.min ?? 0) >= 10 : false);
  const par_secteur = [...(Object.keys(SECTEURS) as Secteur[]), 'inconnu' as const]
    .map((s) => {
      const inSector = (g: EmployerGroup) => (g.secteur ?? 'inconnu') === s;
      return {
        secteur: s,
        libelle: s === 'inconnu' ? 'Activité non renseignée' : SECTEURS[s],
        nombre: count(inSector),
        dix_salaries_et_plus: count((g) => inSector(g) && dixPlus(g)),
      };
    })
    .filter((s) => s.nombre > 0);
  // Smallest band first (object keys such as « 11 » would otherwise come before « 01 »), « non renseigné » last.
  const par_tranche = Object.entries(TRANCHES)
    .sort(([a, x], [b, y]) => Number(a === 'NN') - Number(b === 'NN') || x.min - y.min || a.localeCompare(b))
    .map(([tranche, t]) => ({ tranche, libelle: t.libelle, nombre: count((g) => g.tranche_effectifs === tranche) }))
    .filter((t) => t.nombre > 0);
  const total = count(() => true);
  const eleves = await pupilsNeedingStage(db, scope, position, rayon);
  const notes: string[] = [];
  const unitesLegales = await uniteLegaleLoaded(db);
  const nonDiffusibles = count((g) => !g.diffusible);
  if (nonDiffusibles)
    notes.push(
      `${nonDiffusibles} établissement(s) en diffusion partielle (statutDiffusionEtablissement` +
        `${unitesLegales ? ' ou statutDiffusionUniteLegale' : ''} ≠ O) : comptés, mais ni nommés ni localisés.`,
    );
  const sansNom = count((g) => g.sans_nom);
  if (sansNom)
    notes.push(
      unitesLegales
        ? `${sansNom} établissement(s) sans nom : ni enseigne ni dénomination usuelle, et leur unité légale (SIREN) ` +
            `n'est pas nommée dans le fichier StockUniteLegale chargé.`
        : `${sansNom} établissement(s) sans enseigne ni dénomination usuelle : non nommés, le nom de l'entreprise ` +
            `est dans le fichier des unités légales ; ${manqueText([UNITES_LEGALES])}.`,
    );
  const nomUniteLegale = count((g) => g.nom_unite_legale);
  if (nomUniteLegale)
    notes.push(
      `${nomUniteLegale} établissement(s) sans enseigne ni dénomination usuelle nommés d'après leur unité légale ` +
        `(StockUniteLegale) : le nom de l'entreprise, pas forcément celui du site (nom_origine « unite_legale »).`,
    );
  const aLaCommune = count((g) => g.a_la_commune);
  if (position && aLaCommune)
    notes.push(
      `${aLaCommune} établissement(s) sans coordonnées publiées placés au centre de leur commune (moyenne des ` +
        `établissements localisés).`,
    );
  if (options.uai && !position)
    notes.push("L'annuaire ne donne pas de coordonnées pour cet établissement : aucune distance calculable.");
  return {
    territoire: { niveau: scope.niveau, code: scope.code, nom: scope.nom },
    etablissement: school ? { uai: school.uai, nom: school.nom, commune: school.nom_commune, type: school.type } : null,
    rayon_km: rayon,
    rayons_proposes: [...RAYONS_KM],
    dix_salaries_et_plus: count(dixPlus),
    filtres_proposes: {
      secteurs: (Object.keys(SECTEURS) as Secteur[]).map((id) => ({ id, libelle: SECTEURS[id] })),
      salaries_min: SEUILS_SALARIES.map((valeur) => ({
        valeur,
        libelle: `${valeur} salarié${valeur > 1 ? 's' : ''} et plus`,
      })),
    },
    regle: position
      ? `Distance à vol d'oiseau entre l'établissement scolaire (annuaire de l'éducation) et chaque établissement ` +
        `employeur (coordonnées Lambert 93 de Sirene), au plus ${rayon} km ; établissements actifs employeurs.`
      : `Établissements actifs employeurs des communes ${SCOPE_DE[scope.niveau]}.`,
    source: `INSEE, base Sirene des établissements (StockEtablissement${unitesLegales ? ', StockUniteLegale' : ''})`,
    filtres: { secteur: options.secteur ?? null, salaries_min: options.salariesMin ?? null },
    total,
    diffusibles: total - nonDiffusibles,
    non_diffusibles: nonDiffusibles,
    localises_a_la_commune: position ? aLaCommune : 0,
    par_secteur,
    par_tranche,
    eleves,
    employeurs,
    notes,
  };
}

/**
 * The employers under the same filters within the default radius of a school and in the whole territory, with the
 * pupils around the school (the concrete sentences' facts): both counts from one read of Sirene. Without the
 * school's coordinates, « around » is the territory, as in employeursOf.
 */
export async function employeursAutourEtTerritoire(
  db: Database,
  scope: ListScope,
  uai: string,
  options: Pick<EmployeursOptions, 'secteur' | 'salariesMin'>,
): Promise<{ autour: number; territoire: number; eleves: EmployeursResult['eleves'] }> {
  const position = schoolPosition(await schoolOf(db, scope, uai));
  const territoire = `code_commune IN (${scopeCommunesSql(scope)})`;
  const where: string[] = [];
  const params = {
    ...scopeParams(scope),
    ...(position ? aroundParams(position, RAYON_DEFAUT_KM) : {}),
    ...filterParams(where, options),
  };
  const counts = await db.one<{ autour: number; territoire: number }>(
    `WITH ${EMPLOYERS_CTE}
    SELECT count(*) FILTER (WHERE ${position ? AROUND_SQL : territoire})::INTEGER AS autour,
      count(*) FILTER (WHERE ${territoire})::INTEGER AS territoire
    FROM p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params as never,
  );
  return { ...counts!, eleves: await pupilsNeedingStage(db, scope, position, RAYON_DEFAUT_KM) };
}

const UNITES_LEGALES = 'insee-sirene-unites-legales' satisfies SourceId;

/** True when a StockUniteLegale file is active (its names complete the establishments'). */
async function uniteLegaleLoaded(db: Database): Promise<boolean> {
  const row = await db.one<{ n: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM sirene_unite_legale WHERE ${activeRows()}) AS n`,
  );
  return row?.n === true;
}

/** Pupils of 3e (collèges) and 2nde GT (lycées) of the latest rentrée, in the same area as the employers. */
async function pupilsNeedingStage(
  db: Database,
  scope: ListScope,
  position: [number, number] | null,
  rayon: number | null,
): Promise<EmployeursResult['eleves']> {
  const rows = await db.all<
    SchoolXY & { eleves_3e: number | null; eleves_2nde: number | null; rentree: number | null }
  >(
    `WITH s AS (${SCHOOLS_SQL} GROUP BY uai),
      c AS (SELECT uai, max(rentree) AS rentree,
        arg_max(nb_3e, rentree) AS n FROM effectifs_college WHERE ${activeRows()} GROUP BY uai),
      g AS (SELECT uai, max(rentree) AS rentree,
        arg_max(nb_2nde, rentree) AS n FROM effectifs_lycee_gt WHERE ${activeRows()} GROUP BY uai)
    SELECT s.*, c.n AS eleves_3e, g.n AS eleves_2nde, greatest(c.rentree, g.rentree) AS rentree
    FROM s LEFT JOIN c ON c.uai = s.uai LEFT JOIN g ON g.uai = s.uai
    WHERE (c.n IS NOT NULL OR g.n IS NOT NULL)
      ${position ? '' : `AND s.code_commune IN (${scopeCommunesSql(scope)})`}`,
    position ? {} : scopeParams(scope),
  );
  let eleves_3e = 0;
  let eleves_2nde_gt = 0;
  let rentree: number | null = null;
  let etablissements = 0;
  for (const r of rows) {
    if (position && rayon !== null) {
      const p = schoolPosition(r);
      if (!p || Math.hypot(p[0] - position[0], p[1] - position[1]) > rayon * 1000) continue;
    }
    etablissements += 1;
    eleves_3e += r.eleves_3e ?? 0;
    eleves_2nde_gt += r.eleves_2nde ?? 0;
    if (r.rentree !== null) rentree = Math.max(rentree ?? r.rentree, r.rentree);
  }
  const periode = rentree === null ? null : periodeLibelle('rentree', rentree);
  return { eleves_3e, eleves_2nde_gt, rentree, periode, etablissements };
}
