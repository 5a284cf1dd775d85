// « Les métiers qui recrutent » : BMO recruitment projects by métier and by family for a basin (attributed from
// the BMO basins by population, the rule of the BMO indicators), a département or the académie.
// Secret cells (`*`) stay unknown: a métier whose every contributing cell is secret has projets = null and
// secret = true; never 0.
import type { Database } from '../../db/database.ts';
import { groupBy } from '../../shared/group.ts';
import { departementSql } from '../../territory/academie.ts';
import { ATTRIBUTION_RULES } from '../../territory/attribution.ts';
import { activeRows } from '../../ingest/provenance.ts';
import { UnknownNameError } from '../errors.ts';
import { CORRESPONDANCE_SOURCE, readCorrespondance } from './correspondance.ts';
import { type ListScope, scopeCommunesSql, scopeParams } from './scope.ts';
import type { DomaineLigne, FamilleLigne, MetierLigne, MetiersResult } from './types.ts';

/** Below this many projects a share (difficult, seasonal) rests on too few answers: flagged « petit nombre ». */
const SEUIL_PETIT_NOMBRE_BMO = 20;
/** How many métiers the « top » lists name. */
const TOP_METIERS = 10;

interface Row {
  code: string;
  libelle: string;
  famille: string | null;
  libelle_famille: string | null;
  annee: number;
  projets: number | null;
  n_secret: number;
  n_connus: number;
  difficiles: number | null;
  base_difficiles: number | null;
  saisonniers: number | null;
  base_saisonniers: number | null;
}

const pct = (num: number | null, den: number | null) =>
  num === null || den === null || den <= 0 ? null : Math.round((1000 * num) / den) / 10;

/** Weighted BMO rows of the territory, per métier and year (weights: share of each BMO basin in the territory). */
function weightedSql(scope: ListScope): string {
  const weight =
    scope.niveau === 'bassin'
      ? `coalesce(wb.w, CASE WHEN wb.bassin_bmo IS NULL THEN wd.w END, 0)`
      : `CASE WHEN list_contains($scope_deps, b.departement) THEN 1.0 ELSE 0.0 END`;
  return `WITH sc AS (${scopeCommunesSql(scope)}),
    pop AS (
      SELECT codgeo, arg_max(p_pop, annee) AS pop FROM rp_population
      WHERE ${activeRows()} AND p_pop IS NOT NULL GROUP BY codgeo
    ),
    m AS (
      SELECT DISTINCT bassin_bmo, ${departementSql('codgeo')} AS dep, codgeo FROM commune_bassin_bmo
      WHERE ${activeRows()} AND bassin_bmo IS NOT NULL
    ),
    wb AS (
      SELECT m.bassin_bmo, m.dep,
        coalesce(sum(coalesce(p.pop, 0)) FILTER (WHERE m.codgeo IN (SELECT codgeo FROM sc)), 0)
          / nullif(sum(coalesce(p.pop, 0)), 0) AS w
      FROM m LEFT JOIN pop p ON p.codgeo = m.codgeo GROUP BY ALL
    ),
    wd AS (
      SELECT ${departementSql('codgeo')} AS dep,
        coalesce(sum(pop) FILTER (WHERE codgeo IN (SELECT codgeo FROM sc)), 0) / nullif(sum(pop), 0) AS w
      FROM pop GROUP BY ALL
    ),
    b AS (
      SELECT b.*, ${weight} AS w
      FROM (SELECT * FROM bmo WHERE ${activeRows()} AND annee IN ($annee, $annee_prec)) b
      LEFT JOIN wb ON wb.bassin_bmo = b.bassin_bmo AND wb.dep = b.departement
      LEFT JOIN wd ON wd.dep = b.departement
    )`;
}

/** BMO projects of the territory for one year (default: the latest loaded), with the previous loaded year. */
export async function metiersOf(
  db: Database,
  scope: ListScope,
  options: { annee?: number } = {},
): Promise<MetiersResult> {
  const years = (
    await db.all<{ annee: number }>(
      `SELECT DISTINCT annee FROM bmo WHERE ${activeRows()} AND annee IS NOT NULL ORDER BY annee`,
    )
  ).map((r) => r.annee);
  const territoire = { niveau: scope.niveau, code: scope.code, nom: scope.nom };
  const empty: MetiersResult = {
    territoire,
    annee: null,
    annee_precedente: null,
    annees_disponibles: years,
    source: "France Travail, enquête Besoins en main-d'œuvre (BMO)",
    regle_attribution: scope.niveau === 'bassin' ? ATTRIBUTION_RULES.effectif_bmo.regle : null,
    bassins_bmo: [],
    seuil_petit_nombre: SEUIL_PETIT_NOMBRE_BMO,
    total: { projets: null, part_difficiles: null, part_saisonniers: null },
    metiers: [],
    familles: [],
    domaines: [],
    top_projets: [],
    top_tension: [],
    correspondance_source: CORRESPONDANCE_SOURCE,
    notes: [],
  };
  if (years.length === 0) {
    empty.notes.push(
      'Aucune enquête BMO chargée : chargez le fichier de France Travail (Base_open_data_BMO_AAAA.xlsx) avec « clee ' +
        'ingest ».',
    );
    return empty;
  }
  if (options.annee !== undefined && !years.includes(options.annee))
    throw new UnknownNameError('annee', String(options.annee), years.map(String), { context: "pour l'enquête BMO" });
  const annee = options.annee ?? years.at(-1)!;
  const anneePrec = years.filter((y) => y < annee).at(-1) ?? null;
  const params = { ...scopeParams(scope), annee, annee_prec: anneePrec ?? -1 };
  const base = weightedSql(scope);
  const rows = await db.all<Row>(
    `${base}
    SELECT code_metier AS code, any_value(nom_metier) AS libelle, any_value(famille_metier) AS famille,
      any_value(lib_famille_metier) AS libelle_famille, annee,
      sum(projets * w) AS projets,
      count(*) FILTER (WHERE projets IS NULL)::INTEGER AS n_secret,
      count(projets)::INTEGER AS n_connus,
      sum(projets_difficiles * w) AS difficiles,
        sum(projets * w) FILTER (WHERE projets_difficiles IS NOT NULL) AS base_difficiles,
      sum(projets_saisonniers * w) AS saisonniers,
        sum(projets * w) FILTER (WHERE projets_saisonniers IS NOT NULL) AS base_saisonniers
    FROM b WHERE w > 0 AND code_metier IS NOT NULL
    GROUP BY code_metier, annee`,
    params,
  );
  if (scope.niveau === 'bassin') {
    empty.bassins_bmo = await db.all(
      `${base}
      SELECT bassin_bmo AS code, any_value(nom_bassin_bmo) AS nom, departement,
        round(100 * any_value(w), 1) AS part_population
      FROM b WHERE w > 0 AND annee = $annee GROUP BY bassin_bmo, departement ORDER BY part_population DESC, code`,
      params,
    );
  }
  const current = rows.filter((r) => r.annee === annee);
  const previous = new Map(rows.filter((r) => r.annee === anneePrec).map((r) => [r.code, r]));
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  const metiers: MetierLigne[] = current.map((r) => {
    const projets = r.n_connus > 0 ? round(r.projets) : null;
    const prec = previous.get(r.code);
    const projetsPrec = prec && prec.n_connus > 0 ? round(prec.projets) : null;
    return {
      code: r.code,
      libelle: r.libelle,
      famille: r.famille,
      libelle_famille: r.libelle_famille,
      domaine_fap: r.code.charAt(0).toUpperCase(),
      projets,
      secret: r.n_secret > 0,
      part_difficiles: pct(r.difficiles, r.base_difficiles),
      part_saisonniers: pct(r.saisonniers, r.base_saisonniers),
      projets_annee_precedente: projetsPrec,
      // A change is only stated when neither year hides a secret cell.
      evolution:
        projets !== null && projetsPrec !== null && r.n_secret === 0 && prec?.n_secret === 0
          ? projets - projetsPrec
          : null,
      petit_nombre: projets === null || projets < SEUIL_PETIT_NOMBRE_BMO,
    };
  });
  metiers.sort(
    (a, b) =>
      (b.projets ?? -1) - (a.projets ?? -1) || a.libelle.localeCompare(b.libelle, 'fr') || a.code.localeCompare(b.code),
  );
  const sumOf = (list: Row[], key: keyof Row) => list.reduce((s, r) => s + ((r[key] as number | null) ?? 0), 0);
  const familles: FamilleLigne[] = [...groupBy(current, (r) => r.famille ?? '?')].map(([code, list]) => {
    const prec = [...previous.values()].filter((r) => (r.famille ?? '?') === code);
    const secret = list.some((r) => r.n_secret > 0);
    const known = list.some((r) => r.n_connus > 0);
    const projets = known ? Math.round(sumOf(list, 'projets')) : null;
    const projetsPrec = prec.some((r) => r.n_connus > 0) ? Math.round(sumOf(prec, 'projets')) : null;
    return {
      code,
      libelle: list[0].libelle_famille ?? code,
      projets,
      secret,
      part_difficiles: pct(sumOf(list, 'difficiles'), sumOf(list, 'base_difficiles')),
      part_saisonniers: pct(sumOf(list, 'saisonniers'), sumOf(list, 'base_saisonniers')),
      projets_annee_precedente: projetsPrec,
      evolution:
        projets !== null && projetsPrec !== null && !secret && !prec.some((r) => r.n_secret > 0)
          ? projets - projetsPrec
          : null,
      metiers: list.length,
    };
  });
  familles.sort((a, b) => (b.projets ?? -1) - (a.projets ?? -1) || a.code.localeCompare(b.code));
  const correspondance = readCorrespondance();
  const domaines: DomaineLigne[] = [...groupBy(current, (r) => r.code.charAt(0).toUpperCase())]
    .map(([letter, list]) => {
      const known = list.some((r) => r.n_connus > 0);
      const d = correspondance.get(letter);
      return {
        domaine_fap: letter,
        libelle: d?.libelle_domaine_fap ?? `Domaine ${letter} (absent de la correspondance)`,
        projets: known ? Math.round(sumOf(list, 'projets')) : null,
        part_difficiles: pct(sumOf(list, 'difficiles'), sumOf(list, 'base_difficiles')),
        formations: d?.formations ?? [],
      };
    })
    .sort((a, b) => (b.projets ?? -1) - (a.projets ?? -1) || a.domaine_fap.localeCompare(b.domaine_fap));
  const top_tension = metiers
    .filter((m) => !m.petit_nombre && m.part_difficiles !== null)
    .sort((a, b) => b.part_difficiles! - a.part_difficiles! || (b.projets ?? 0) - (a.projets ?? 0))
    .slice(0, TOP_METIERS)
    .map((m) => m.code);
  const notes: string[] = [];
  const secrets = metiers.filter((m) => m.secret).length;
  if (secrets)
    notes.push(
      `${secrets} métier(s) avec au moins une valeur secrète (« * » dans le fichier) : leur nombre de projets est ` +
        `un minimum, ou « secret » si aucune valeur n'est publiée.`,
    );
  if (scope.niveau === 'bassin' && empty.bassins_bmo.some((b) => b.part_population < 100))
    notes.push(
      'Les bassins BMO ne coïncident pas avec le bassin : les projets sont attribués au prorata de la population ' +
        '(valeurs arrondies).',
    );
  if (anneePrec === null) notes.push("Une seule enquête BMO chargée : pas d'évolution sur un an.");
  if (metiers.length === 0) notes.push(await whyEmpty(db, scope));
  const all = current;
  return {
    ...empty,
    annee,
    annee_precedente: anneePrec,
    total: {
      projets: all.some((r) => r.n_connus > 0) ? Math.round(sumOf(all, 'projets')) : null,
      part_difficiles: pct(sumOf(all, 'difficiles'), sumOf(all, 'base_difficiles')),
      part_saisonniers: pct(sumOf(all, 'saisonniers'), sumOf(all, 'base_saisonniers')),
    },
    source: `France Travail, enquête Besoins en main-d'œuvre (BMO) ${annee}`,
    metiers,
    familles,
    domaines,
    top_projets: metiers
      .filter((m) => m.projets !== null)
      .slice(0, TOP_METIERS)
      .map((m) => m.code),
    top_tension,
    notes,
  };
}

/** Why a territory gets no métier although a survey is loaded: said, never an empty list without a reason. */
async function whyEmpty(db: Database, scope: ListScope): Promise<string> {
  const pop = await db.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM rp_population WHERE ${activeRows()} AND p_pop IS NOT NULL`,
  );
  if (scope.niveau === 'bassin' && !pop?.n)
    return (
      'Aucun projet attribué au bassin : les projets publiés par bassin BMO se répartissent entre les bassins au ' +
      'prorata de la population communale, et il manque : la population du recensement (clee fetch ' +
      'insee-rp-population) ; la composition communale des bassins BMO (clee fetch france-travail-bassins-bmo) ' +
      'affine la répartition.'
    );
  return `Aucun projet de l'enquête BMO chargée pour ce territoire (${scope.nom}).`;
}
