// Canonical views: every indicator is a numerator and a denominator over ONE of these views, each keyed
// by (codgeo, annee): commune code and the indicator's year (census year, rentrée, BMO year, year of the
// 4th quarter, Sirene stock year). Raw tables are read here only; indicators never touch them.
// Views are temporary tables (per connection), rebuilt for each computation: all materialised. Several are read
// by later views or more than once; and as plain views, even those the indicator query reads once only moved their
// work into that query (synthetic France: views 190 ms of CPU less, indicators 160 ms more; the France rows alike).
import type { Database } from '../db/database.ts';
import { exactAvg, exactSum } from '../db/exact.ts';
import { formatById } from '../ingest/registry.ts';
import { ACTIVE_FILES_SQL, activeRows } from '../ingest/provenance.ts';
import { SECTEUR_LIST, SECTEURS, secteurRangSql } from './naf.ts';

function defineViews<const T extends readonly CanonicalView[]>(views: T): T {
  return views;
}

export interface CanonicalView {
  nom: string;
  description: string;
  /** What `annee` means in this view. */
  annee: string;
  /**
   * What the engine reads besides (codgeo, annee) to tell how a value was attributed:
   * - `zones`: source_niveau ('ze', 'bmo', 'departement') and source_code, the zone each commune's value came from;
   * - `etablissements`: uai and uai_departement; rows of establishments matching no commune have codgeo NULL.
   */
  attribution?: 'zones' | 'etablissements';
  /** Without readers (the method's version, a view read alone), the view keeps every column it can. */
  sql: (readers?: readonly ViewReader[]) => string;
  /**
   * The France row of the view per year (codgeo 'FR', same columns), from the national sums `clee fetch` keeps
   * while it filters a national file (reference_nationale); created as `<nom>_france`. Absent: France is then the
   * sum of the loaded communes.
   */
  france?: (readers?: readonly ViewReader[]) => string;
  /**
   * Built on every DuckDB thread: the view reads a raw table of millions of rows (Sirene's establishments). The
   * others are built on one: their inputs and results are small (a row per commune × year at most), and DuckDB
   * writes a result smaller than a row group (122 880 rows) 2-3 times slower on two threads than on one
   * (70 000 rows × 26 columns: 93 ms against 36 ms, of CPU as of wall time).
   */
  parallele?: true;
}

/** What an indicator reads of a view: SQL expressions over its columns (indicators.ts, IndicatorSql). */
interface ViewReader {
  sql: { vue: string; numerateur: string; denominateur: string | null; filtre?: string };
}

/** Département of a school from its UAI (0380001A → 38), used only to tell which basins may miss an unmatched one. */
const UAI_DEPARTEMENT_SQL = (col: string) =>
  `CASE left(${col}, 3) WHEN '620' THEN '2A' WHEN '720' THEN '2B' ELSE
    CASE WHEN left(${col}, 1) = '0' THEN substr(${col}, 2, 2) ELSE left(${col}, 3) END END`;

/**
 * Quarterly series → one value per year: the 4th quarter (end-of-year stock for job seekers, CVS rate for
 * unemployment).
 */
export const QUARTER_RULE = {
  trimestre: 'T4',
  regle:
    "Séries trimestrielles : la valeur d'une année est celle du 4e trimestre (T4) ; une année sans T4 publié n'est " +
    "pas retenue, ce qui évite de comparer des trimestres de saisons différentes (les demandeurs d'emploi sont en " +
    'données brutes).',
};

/** Job seekers under 25: labels seen in DARES / France Travail files. */
export const MOINS_DE_25_SQL =
  "regexp_matches(lower(tranche_age), 'moins de 25|^ *< *25|^-25|^(15|16|18) ?(-|à|a) ?(24|25)')";

/**
 * Job seekers' rows to read: the long DARES layout also breaks counts down by sex, seniority and data type; only
 * the « Total » raw rows are read (the wide layouts have no such columns: NULL).
 */
export const DEFM_TOTAL_SQL =
  "coalesce(lower(trim(sexe)) IN ('total', 'ensemble'), true)" +
  " AND coalesce(lower(trim(anciennete)) IN ('total', 'ensemble'), true)" +
  " AND coalesce(lower(trim(type_donnees)) LIKE 'brut%', true)";

/** Census variables whose evolution between two censuses is an indicator. */
const EVOLUTION_VARIABLES = ['p_pop1529', 'c_emplt', 'c_emplt_indus', 'c_emplt_const', 'c_emplt_cts'] as const;

/**
 * An establishment is an employer when Sirene says so, or, lacking the flag, when its size band is not « NN » / « 00 ».
 */
export const EMPLOYEUR_SQL = `coalesce(caractere_employeur = 'O', tranche_effectifs NOT IN ('NN', '00'), false)`;

/** At least one employee: a size band other than « NN » / « 00 » (lacking the band, the employer flag). */
const AVEC_SALARIE_SQL = `coalesce(tranche_effectifs NOT IN ('NN', '00'), caractere_employeur = 'O', false)`;

/** Rentrée from which 2de GT pupils also need an observation stage (the stage de seconde of June 2024). */
export const STAGE_SECONDE_DEPUIS = 2023;

/**
 * The census variables of each file (a variable in two files is read from the first). With readers, only those
 * something reads: named in the SQL of the indicators over v_recensement, or read by v_recensement_evolution.
 * Writing the ~70 variables of the three files took most of the view's time, and indicators read ~25.
 */
function censusColumns(readers?: readonly ViewReader[]): { table: string; variables: string[] }[] {
  const taken = new Set<string>();
  const read = readers && new Set<string>(EVOLUTION_VARIABLES);
  for (const { sql } of (readers ?? []).filter((r) => r.sql.vue === 'v_recensement')) {
    for (const expression of [sql.numerateur, sql.denominateur, sql.filtre]) {
      for (const name of expression?.match(/\w+/g) ?? []) read?.add(name.toLowerCase());
    }
  }
  return ['insee-rp-emploi', 'insee-rp-diplomes', 'insee-rp-population'].map((id) => {
    const f = formatById(id)!;
    const vars = f.wide?.kind === 'year-prefixed' ? f.wide.expected.filter((v) => !taken.has(v)) : [];
    vars.forEach((v) => taken.add(v));
    return { table: f.table, variables: vars.filter((v) => !read || read.has(v)) };
  });
}

const active = (table: string) => `(SELECT * FROM ${table} WHERE ${activeRows()})`;

/**
 * France rows from the national sums: one row per year, each column the national sum of a variable of a source
 * (null when that source's national file was not summed), the other columns null.
 * Pivoted through one map per year rather than one `sum(...) FILTER (...)` per column: DuckDB's cost grows faster
 * than the number of filtered aggregates (the census's ~70 took 22 ms over 200 rows, the map 5 ms).
 */
function nationalRows(columns: { name: string; source?: string; variable?: string }[], period = 'annee'): string {
  const cols = columns.map((c) =>
    c.source ? `m['${c.source}|${c.variable ?? c.name}'] AS ${c.name}` : `NULL AS ${c.name}`,
  );
  const sources = [...new Set(columns.filter((c) => c.source).map((c) => `'${c.source}'`))];
  return `WITH g AS (
      SELECT annee, source_nationale || '|' || variable AS k, ${exactSum('somme_nationale')} AS s
      FROM ${active('reference_nationale')} WHERE source_nationale IN (${sources.join(', ')}) GROUP BY ALL
    ), p AS (SELECT annee, map_from_entries(list((k, s))) AS m FROM g GROUP BY annee)
    SELECT 'FR' AS codgeo, annee AS ${period}, ${cols.join(', ')} FROM p`;
}

/** The census variables and the source each comes from (the France row of v_recensement). */
function censusNational(readers?: readonly ViewReader[]): { name: string; source: string }[] {
  const sources = ['insee-rp-emploi', 'insee-rp-diplomes', 'insee-rp-population'];
  return censusColumns(readers).flatMap((t, i) => t.variables.map((name) => ({ name, source: sources[i] })));
}

/** v_recensement_evolution over a census view (the communes', or the France row's). */
function evolutionSql(census: string): string {
  return `WITH y AS (SELECT DISTINCT annee FROM ${census}),
        pairs AS (SELECT a.annee, max(b.annee) AS annee_prec FROM y a JOIN y b ON b.annee < a.annee GROUP BY a.annee)
      SELECT c.codgeo, c.annee, pairs.annee_prec,
        ${EVOLUTION_VARIABLES.map((v) => `c.${v}, p.${v} AS ${v}_prec`).join(', ')}
      FROM ${census} c JOIN pairs ON pairs.annee = c.annee
      JOIN ${census} p ON p.codgeo = c.codgeo AND p.annee = pairs.annee_prec`;
}

/** v_lycees over two lycée views (the schools', or the France rows'). */
function lyceesSql(gt: string, pro: string): string {
  return `WITH r AS (SELECT annee FROM ${gt} INTERSECT SELECT annee FROM ${pro})
      SELECT codgeo, annee, uai, uai_departement, nb_eleves AS eleves_gt, 0 AS eleves_pro FROM ${gt}
      WHERE annee IN (SELECT annee FROM r)
      UNION ALL
      SELECT codgeo, annee, uai, uai_departement, 0, nb_eleves FROM ${pro} WHERE annee IN (SELECT annee FROM r)`;
}

const SCHOOL_NATIONAL = [{ name: 'uai' }, { name: 'uai_departement' }];
const COLLEGE_NATIONAL = [
  ...SCHOOL_NATIONAL,
  ...['nb_eleves', 'nb_6e', 'nb_5e', 'nb_4e', 'nb_3e'].map((name) => ({ name, source: 'education-effectifs-college' })),
  { name: 'ips' },
];
const LYCEE_GT_NATIONAL = [
  ...SCHOOL_NATIONAL,
  ...['nb_eleves', 'nb_2nde'].map((name) => ({ name, source: 'education-effectifs-lycee-gt' })),
];
const LYCEE_PRO_NATIONAL = [
  ...SCHOOL_NATIONAL,
  ...['nb_eleves', 'nb_2nde_pro'].map((name) => ({ name, source: 'education-effectifs-lycee-pro' })),
];

export const CANONICAL_VIEWS = defineViews([
  {
    nom: 'v_recensement',
    description:
      'Bases communales du recensement (emploi – population active, diplômes – formation, évolution et structure de ' +
      'la population), une ligne par commune et année de recensement ; seules les variables que lisent les ' +
      'indicateurs sont gardées.',
    annee: 'année du recensement (millésime des variables P21_…, C21_…)',
    sql: (readers) => {
      const [e, d, p] = censusColumns(readers);
      const cols = [
        ...e.variables.map((v) => `e.${v}`),
        ...d.variables.map((v) => `d.${v}`),
        ...p.variables.map((v) => `p.${v}`),
      ];
      const names = [...e.variables, ...d.variables, ...p.variables];
      // Codes of merged communes are summed into the commune of the zoning's geography (clee_geo). Only the
      // (commune, year) pairs reached by several rows are summed: grouping every row on ~70 sums costs more than
      // the rest of the view, and a sum of one value is that value.
      return `WITH r AS MATERIALIZED (SELECT coalesce(g.codgeo, r0.codgeo) AS codgeo, r0.annee,
          ${names.map((v) => `r0.${v}`).join(', ')}
        FROM (SELECT coalesce(e.codgeo, d.codgeo, p.codgeo) AS codgeo,
          coalesce(e.annee, d.annee, p.annee) AS annee, ${cols.join(', ')}
        FROM ${active(e.table)} e
        FULL OUTER JOIN ${active(d.table)} d ON d.codgeo = e.codgeo AND d.annee = e.annee
        FULL OUTER JOIN ${active(p.table)} p ON p.codgeo = coalesce(e.codgeo, d.codgeo) AND p.annee =
          coalesce(e.annee, d.annee)) r0
        LEFT JOIN clee_geo g ON g.code = r0.codgeo
      ), multiple AS (SELECT codgeo, annee FROM r GROUP BY ALL HAVING count(*) > 1)
        SELECT * FROM r ANTI JOIN multiple m ON m.codgeo IS NOT DISTINCT FROM r.codgeo
          AND m.annee IS NOT DISTINCT FROM r.annee
        UNION ALL
        SELECT r.codgeo, r.annee, ${names.map((v) => `${exactSum(`r.${v}`)} AS ${v}`).join(', ')}
        FROM r SEMI JOIN multiple m ON m.codgeo IS NOT DISTINCT FROM r.codgeo AND m.annee IS NOT DISTINCT FROM r.annee
        GROUP BY ALL`;
    },
    france: (readers) => nationalRows(censusNational(readers)),
  },
  {
    nom: 'v_recensement_evolution',
    description:
      `Variables du recensement à deux dates : pour chaque année de recensement, la valeur ` +
      `(${EVOLUTION_VARIABLES.join(', ')}) et celle du recensement précédent disponible (suffixe _prec).`,
    annee: 'année du recensement le plus récent des deux',
    sql: () => evolutionSql('v_recensement'),
    france: () => evolutionSql('v_recensement_france'),
  },
  {
    nom: 'v_uai_commune',
    description:
      "Commune de chaque établissement scolaire : annuaire de l'éducation, à défaut la commune indiquée dans les " +
      'fichiers IPS.',
    annee: '(sans objet)',
    sql: () => `WITH a AS (
        SELECT uai, arg_max(code_commune, coalesce(date_maj_ligne, '')) AS codgeo FROM ${active('annuaire_education')}
        WHERE code_commune IS NOT NULL GROUP BY uai
      ), i AS (
        SELECT uai, arg_max(code_commune, rentree) AS codgeo FROM (
          SELECT uai, code_commune, rentree FROM ${active('ips_college')} UNION ALL SELECT uai, code_commune,
            rentree FROM ${active('ips_lycee')}
        ) WHERE code_commune IS NOT NULL GROUP BY uai
      )
      SELECT uai, codgeo FROM a
      UNION ALL SELECT uai, codgeo FROM i WHERE uai NOT IN (SELECT uai FROM a)`,
  },
  {
    nom: 'v_college',
    description:
      'Effectifs des collèges par niveau et IPS du collège (même rentrée), une ligne par collège et rentrée, ' +
      'rattachée à la commune du collège.',
    annee: 'rentrée scolaire (année de septembre)',
    attribution: 'etablissements',
    sql: () => `SELECT u.codgeo, e.rentree AS annee, e.uai, ${UAI_DEPARTEMENT_SQL('e.uai')} AS uai_departement,
        e.nb_eleves, e.nb_6e, e.nb_5e, e.nb_4e, e.nb_3e, i.ips
      FROM ${active('effectifs_college')} e
      LEFT JOIN v_uai_commune u ON u.uai = e.uai
      LEFT JOIN (SELECT uai, rentree, ${exactAvg('ips')} AS ips FROM ${active('ips_college')} GROUP BY ALL) i
        ON i.uai = e.uai AND i.rentree = e.rentree`,
    // An IPS is a mean: it has no national sum, so France has no IPS here.
    france: () => nationalRows(COLLEGE_NATIONAL),
  },
  {
    nom: 'v_lycee_gt',
    description: 'Effectifs des lycées généraux et technologiques (voie GT), une ligne par lycée et rentrée.',
    annee: 'rentrée scolaire',
    attribution: 'etablissements',
    sql: () => `SELECT u.codgeo, e.rentree AS annee, e.uai, ${UAI_DEPARTEMENT_SQL('e.uai')} AS uai_departement,
        e.nb_eleves, e.nb_2nde
      FROM ${active('effectifs_lycee_gt')} e LEFT JOIN v_uai_commune u ON u.uai = e.uai`,
    france: () => nationalRows(LYCEE_GT_NATIONAL),
  },
  {
    nom: 'v_lycee_pro',
    description: 'Effectifs de la voie professionnelle des lycées, une ligne par lycée et rentrée.',
    annee: 'rentrée scolaire',
    attribution: 'etablissements',
    sql: () => `SELECT u.codgeo, e.rentree AS annee, e.uai, ${UAI_DEPARTEMENT_SQL('e.uai')} AS uai_departement,
        e.nb_eleves, e.nb_2nde_pro
      FROM ${active('effectifs_lycee_pro')} e LEFT JOIN v_uai_commune u ON u.uai = e.uai`,
    france: () => nationalRows(LYCEE_PRO_NATIONAL),
  },
  {
    nom: 'v_lycees',
    description:
      'Lycéens des deux voies (GT et professionnelle) ; seules les rentrées publiées dans les deux fichiers sont ' +
      'retenues.',
    annee: 'rentrée scolaire',
    attribution: 'etablissements',
    sql: () => lyceesSql('v_lycee_gt', 'v_lycee_pro'),
    france: () => lyceesSql('v_lycee_gt_france', 'v_lycee_pro_france'),
  },
  {
    nom: 'v_inserjeunes',
    description:
      "InserJeunes (lycées professionnels) : taux d'emploi à 6 mois et de poursuite d'études de la population « " +
      'ensemble » (les lignes de sous-populations sont écartées), pondérés par le nombre de sortants ; les fichiers ' +
      'publiés ne le donnant pas, à défaut par les élèves de dernière année de la voie professionnelle du lycée ' +
      "(terminales professionnelles et 2e années de CAP) à la rentrée précédant l'année de sortie (ou la plus " +
      'récente avant), et en dernier recours 1 par lycée.',
    annee: 'dernière année des deux cohortes cumulées',
    // The leaver cohort of year N left the final classes of rentrée N − 1: the latest such rentrée weighs the rates.
    attribution: 'etablissements',
    sql: () => `SELECT u.codgeo, i.annee, i.uai, ${UAI_DEPARTEMENT_SQL('i.uai')} AS uai_departement,
        i.taux_emploi_6m, i.taux_poursuite,
        coalesce(i.effectif_sortants, t.derniere_annee, 1) AS poids
      FROM ${active('inserjeunes')} i
      LEFT JOIN v_uai_commune u ON u.uai = i.uai
      ASOF LEFT JOIN (
        SELECT uai, rentree, NULLIF(coalesce(nb_terminale_pro, 0) + coalesce(nb_cap2, 0), 0) AS derniere_annee
        FROM ${active('effectifs_lycee_pro')}
      ) t ON t.uai = i.uai AND t.rentree <= i.annee - 1
      WHERE i.population IS NULL OR lower(trim(i.population)) = 'ensemble'`,
  },
  {
    nom: 'v_sirene',
    description:
      `Établissements actifs employeurs du répertoire Sirene, comptés par commune et par grand secteur ` +
      `(${Object.keys(SECTEURS).join(', ')}), avec la population communale.`,
    annee: 'année du stock Sirene (date de dernier traitement la plus récente)',
    parallele: true,
    // Establishments are counted per code of their file first, then those counts are summed over the zoning's
    // geography (clee_geo): joining and grouping 35 000 communes rather than every establishment. The files' dates
    // are scanned only when no vintage of the Sirene file is known. count_if rather than count(*) FILTER: ~13 % less
    // CPU for the view on the synthetic France (2 M establishments).
    sql: () => `WITH v AS (
          SELECT max(TRY_CAST(left(vintage, 4) AS INTEGER)) AS annee FROM ${ACTIVE_FILES_SQL}
          WHERE source = 'insee-sirene-etablissements'
        ), y AS (
          SELECT coalesce((SELECT annee FROM v),
            (SELECT max(TRY_CAST(left(date_dernier_traitement, 4) AS INTEGER)) FROM sirene_etablissement
              WHERE (SELECT annee FROM v) IS NULL),
            year(current_date)) AS annee
        ), c AS (
          SELECT code_commune, count(*) AS employeurs, count_if(avec_salarie) AS employeurs_salaries,
            ${SECTEUR_LIST.map((s, i) => `count_if(secteur = ${i + 1}) AS employeurs_${s}`).join(', ')}
          FROM (SELECT code_commune, ${secteurRangSql('activite_principale')} AS secteur,
              ${AVEC_SALARIE_SQL} AS avec_salarie
            FROM ${active('sirene_etablissement')}
            WHERE etat_administratif = 'A' AND ${EMPLOYEUR_SQL} AND code_commune IS NOT NULL)
          GROUP BY code_commune
        ), e AS (
          SELECT coalesce(g.codgeo, c.code_commune) AS codgeo,
            ${['employeurs', 'employeurs_salaries', ...SECTEUR_LIST.map((s) => `employeurs_${s}`)]
              .map((n) => `sum(${n})::BIGINT AS ${n}`)
              .join(', ')}
          FROM c LEFT JOIN clee_geo g ON g.code = c.code_commune GROUP BY 1
        )
        SELECT coalesce(e.codgeo, p.codgeo) AS codgeo, y.annee, coalesce(e.employeurs, 0) AS employeurs,
          coalesce(e.employeurs_salaries, 0) AS employeurs_salaries,
          ${SECTEUR_LIST.map((s) => `coalesce(e.employeurs_${s}, 0) AS employeurs_${s}`).join(', ')},
          coalesce(p.pop, 0) AS population
        FROM e FULL OUTER JOIN clee_commune_pop p ON p.codgeo = e.codgeo
        CROSS JOIN y
        WHERE EXISTS (SELECT 1 FROM e)`,
  },
  {
    nom: 'v_stage',
    description:
      `Stages d'observation : élèves qui doivent trouver un stage (3e des collèges ; 2de GT des lycées à ` +
      `partir de la rentrée ${STAGE_SECONDE_DEPUIS}) et établissements employeurs d'au moins un salarié (stock ` +
      `Sirene), par commune et rentrée.`,
    annee: 'rentrée scolaire des élèves',
    // From the stage de seconde on, a rentrée counts only when the lycées' figures are loaded: never a silent half.
    sql: () => `WITH gt AS (SELECT DISTINCT annee FROM v_lycee_gt),
        r AS (SELECT DISTINCT annee FROM v_college WHERE annee < ${STAGE_SECONDE_DEPUIS} OR annee IN
          (SELECT annee FROM gt)),
        el AS (
          SELECT codgeo, annee, nb_3e AS n FROM v_college WHERE nb_3e IS NOT NULL
          UNION ALL SELECT codgeo, annee,
            nb_2nde FROM v_lycee_gt WHERE nb_2nde IS NOT NULL AND annee >= ${STAGE_SECONDE_DEPUIS}
        ),
        c AS (SELECT codgeo, annee, sum(n) AS eleves_stage FROM el WHERE annee IN (SELECT annee FROM r) GROUP BY ALL),
        e AS (SELECT r.annee, s.codgeo,
          s.employeurs_salaries FROM v_sirene s CROSS JOIN r WHERE s.employeurs_salaries > 0)
      SELECT coalesce(c.codgeo, e.codgeo) AS codgeo, coalesce(c.annee, e.annee) AS annee,
        coalesce(e.employeurs_salaries, 0) AS employeurs_salaries, coalesce(c.eleves_stage, 0) AS eleves_stage
      FROM e FULL OUTER JOIN c ON c.codgeo = e.codgeo AND c.annee = e.annee
      WHERE EXISTS (SELECT 1 FROM v_sirene)`,
  },
  {
    nom: 'v_bmo',
    description:
      "Projets de recrutement de l'enquête BMO (tous métiers ; projets_base_difficiles et projets_base_saisonniers " +
      ': projets des lignes où la part difficile ou saisonnière est publiée), répartis entre communes au prorata de ' +
      'la population, avec les actifs 15-64 ans du dernier recensement.',
    annee: "année de l'enquête BMO",
    attribution: 'zones',
    sql: () => `WITH b AS (
          SELECT annee, bassin_bmo, departement, ${exactSum('projets')} AS projets,
            ${exactSum('projets_difficiles')} AS difficiles,
              ${exactSum('CASE WHEN projets_difficiles IS NOT NULL THEN projets END')} AS base_difficiles,
            ${exactSum('projets_saisonniers')} AS saisonniers,
              ${exactSum('CASE WHEN projets_saisonniers IS NOT NULL THEN projets END')} AS base_saisonniers
          FROM ${active('bmo')} WHERE annee IS NOT NULL GROUP BY ALL
        ), known AS (SELECT DISTINCT code FROM clee_zone_commune WHERE niveau = 'bmo'),
        z AS (
          SELECT b.annee,
            CASE WHEN k.code IS NULL THEN 'departement' ELSE 'bmo' END AS niveau,
            CASE WHEN k.code IS NULL THEN b.departement ELSE k.code END AS code,
            ${['projets', 'difficiles', 'base_difficiles', 'saisonniers', 'base_saisonniers']
              .map((c) => `${exactSum(c)} AS ${c}`)
              .join(', ')}
          FROM b LEFT JOIN known k ON k.code = b.bassin_bmo || '|' || b.departement
          GROUP BY ALL
        )
      SELECT zc.codgeo, z.annee, ${exactSum('z.projets * zc.part')} AS projets,
        ${exactSum('z.difficiles * zc.part')} AS projets_difficiles,
        ${exactSum('z.base_difficiles * zc.part')} AS projets_base_difficiles,
        ${exactSum('z.saisonniers * zc.part')} AS projets_saisonniers,
        ${exactSum('z.base_saisonniers * zc.part')} AS projets_base_saisonniers,
        any_value(r.actifs_1564) AS actifs,
        CASE WHEN bool_or(z.niveau = 'departement') THEN 'departement' ELSE 'bmo' END AS source_niveau,
        coalesce(any_value(z.code) FILTER (WHERE z.niveau = 'departement'), any_value(z.code)) AS source_code
      FROM z JOIN clee_zone_commune zc ON zc.niveau = z.niveau AND zc.code = z.code
      LEFT JOIN clee_recensement_recent r ON r.codgeo = zc.codgeo
      GROUP BY zc.codgeo, z.annee`,
  },
  {
    nom: 'v_demandeurs',
    description:
      "Demandeurs d'emploi de moins de 25 ans en catégorie A au 4e trimestre (et un an plus tôt), répartis entre " +
      'communes au prorata de la population, avec les actifs 15-24 ans du dernier recensement.',
    annee: 'année du 4e trimestre',
    attribution: 'zones',
    sql: () => `WITH d AS (
          SELECT niveau, code, CAST(left(periode, 4) AS INTEGER) AS annee, ${exactSum('valeur')} AS valeur
          FROM ${active('demandeurs_emploi')}
          WHERE right(periode, 2) = '${QUARTER_RULE.trimestre}' AND upper(trim(categorie)) = 'A' AND ${MOINS_DE_25_SQL}
            AND ${DEFM_TOTAL_SQL}
          GROUP BY ALL
        ), lvl AS (
          SELECT annee,
            CASE WHEN bool_or(niveau = 'ze') THEN 'ze' ELSE 'departement' END AS niveau FROM d GROUP BY annee
        ), z AS (
          SELECT d.niveau, d.code, d.annee, d.valeur, p.valeur AS valeur_prec
          FROM d JOIN lvl ON lvl.annee = d.annee AND lvl.niveau = d.niveau
          LEFT JOIN d p ON p.niveau = d.niveau AND p.code = d.code AND p.annee = d.annee - 1
        )
      SELECT zc.codgeo, z.annee, ${exactSum('z.valeur * zc.part')} AS demandeurs,
        ${exactSum('z.valeur_prec * zc.part')} AS demandeurs_prec,
        any_value(r.actifs_1524) AS actifs_1524, any_value(z.niveau) AS source_niveau, any_value(z.code) AS source_code
      FROM z JOIN clee_zone_commune zc ON zc.niveau = z.niveau AND zc.code = z.code
      LEFT JOIN clee_recensement_recent r ON r.codgeo = zc.codgeo
      GROUP BY zc.codgeo, z.annee`,
  },
  {
    nom: 'v_chomage_localise',
    description:
      "Taux de chômage localisé (CVS) au 4e trimestre de la zone d'emploi de chaque commune (à défaut, de son " +
      'département), avec la population communale comme poids.',
    annee: 'année du 4e trimestre',
    attribution: 'zones',
    sql: () => `WITH t AS (
          SELECT niveau, code, CAST(left(periode, 4) AS INTEGER) AS annee, ${exactAvg('valeur')} AS taux
          FROM ${active('chomage_localise')} WHERE right(periode, 2) = '${QUARTER_RULE.trimestre}' AND valeur IS NOT
            NULL GROUP BY ALL
        ), ze AS (SELECT codgeo, any_value(code) AS code FROM clee_zone_commune WHERE niveau = 'ze' GROUP BY codgeo)
      SELECT p.codgeo, y.annee, coalesce(tz.taux, td.taux) AS taux, p.pop AS population,
        CASE WHEN tz.taux IS NOT NULL THEN 'ze' WHEN td.taux IS NOT NULL THEN 'departement' END AS source_niveau,
        CASE WHEN tz.taux IS NOT NULL THEN ze.code WHEN td.taux IS NOT NULL THEN p.departement END AS source_code
      FROM clee_commune_pop p CROSS JOIN (SELECT DISTINCT annee FROM t) y
      LEFT JOIN ze ON ze.codgeo = p.codgeo
      LEFT JOIN t tz ON tz.niveau = 'ze' AND tz.code = ze.code AND tz.annee = y.annee
      LEFT JOIN t td ON td.niveau = 'departement' AND td.code = p.departement AND td.annee = y.annee`,
  },
]);

/** Name of a canonical view: an indicator's `vue` is checked by the compiler. */
export type ViewName = (typeof CANONICAL_VIEWS)[number]['nom'];

/**
 * (Re)creates every canonical view as a temporary table, in order (later views read earlier ones), with the
 * columns the readers (the indicators) need: the `parallele` ones on `threads` DuckDB threads (null: all), the
 * others on one; the thread setting changes only between groups (restarting threads costs ~20 ms).
 */
export async function createCanonicalViews(
  db: Database,
  readers: readonly ViewReader[],
  threads: number | null,
): Promise<void> {
  for (const v of CANONICAL_VIEWS as readonly CanonicalView[]) {
    await db.useThreads(v.parallele === true ? threads : 1);
    await db.run(`CREATE OR REPLACE TEMP TABLE ${v.nom} AS ${v.sql(readers)}`);
    if (v.france) await db.run(`CREATE OR REPLACE TEMP TABLE ${v.nom}_france AS ${v.france(readers)}`);
  }
}
