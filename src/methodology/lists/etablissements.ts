// The schools of a territory: every collège, lycée (GT, professionnel, polyvalent, agricole), EREA and CFA of the
// annuaire, with enrolments by level (latest rentrée), IPS, the offer flags of the annuaire, InserJeunes.
import type { Database } from '../../db/database.ts';
import { activeRows } from '../../ingest/provenance.ts';
import { type ListScope, scopeCommunesSql, scopeParams } from './scope.ts';
import type { EtablissementLigne, EtablissementsResult } from './types.ts';

/** Type of a school from the annuaire's type and nature (the nature names the lycée's kind). */
const TYPE_SQL = `CASE
    WHEN upper(coalesce(libelle_nature, '')) LIKE '%APPRENTI%' THEN 'CFA'
    WHEN type = 'EREA' THEN 'EREA'
    WHEN lower(type) LIKE 'coll%' THEN 'collège'
    WHEN upper(coalesce(libelle_nature, '')) LIKE '%AGRICOLE%' THEN 'lycée agricole'
    WHEN upper(coalesce(libelle_nature, '')) LIKE '%PROFESSIONNEL%' THEN 'lycée professionnel'
    WHEN upper(coalesce(libelle_nature, '')) LIKE '%POLYVALENT%' THEN 'lycée polyvalent'
    WHEN lower(type) LIKE 'lyc%' AND voie_professionnelle = '1' AND (voie_generale = '1' OR voie_technologique = '1')
      THEN 'lycée polyvalent'
    WHEN lower(type) LIKE 'lyc%' AND voie_professionnelle = '1' THEN 'lycée professionnel'
    WHEN lower(type) LIKE 'lyc%' THEN 'lycée général et technologique'
  END`;

/** Offer flags of the annuaire and how a pilot reads them. */
const OFFRES = {
  voie_generale: 'voie générale',
  voie_technologique: 'voie technologique',
  voie_professionnelle: 'voie professionnelle',
  apprentissage: 'apprentissage',
  segpa: 'SEGPA',
  ulis: 'ULIS',
  lycee_des_metiers: 'lycée des métiers',
  lycee_agricole: 'lycée agricole',
  section_europeenne: 'section européenne',
  section_internationale: 'section internationale',
  section_sport: 'section sportive',
  section_arts: 'section arts',
  section_cinema: 'section cinéma',
  section_theatre: 'section théâtre',
  post_bac: 'post-bac',
} as const;

interface Row {
  uai: string;
  nom: string;
  type: string;
  statut: string | null;
  nom_commune: string | null;
  code_commune: string;
  education_prioritaire: string | null;
  nombre_eleves: number | null;
  latitude: number | null;
  longitude: number | null;
  offres: string[];
  c_rentree: number | null;
  c_eleves: number | null;
  nb_6e: number | null;
  nb_5e: number | null;
  nb_4e: number | null;
  nb_3e: number | null;
  nb_segpa: number | null;
  g_rentree: number | null;
  g_eleves: number | null;
  nb_2nde: number | null;
  nb_1ere: number | null;
  nb_terminale: number | null;
  p_rentree: number | null;
  p_eleves: number | null;
  nb_2nde_pro: number | null;
  nb_1ere_pro: number | null;
  nb_terminale_pro: number | null;
  nb_cap1: number | null;
  nb_cap2: number | null;
  ips: number | null;
  ips_rentree: number | null;
  ij_annee: number | null;
  taux_emploi_6m: number | null;
  taux_poursuite: number | null;
}

/** Latest row per UAI of a DEPP table, as SQL. */
const latest = (table: string, cols: string) =>
  `(SELECT uai, max(rentree) AS rentree, ${cols
    .split(',')
    .map((c) => `arg_max(${c.trim()}, rentree) AS ${c.trim()}`)
    .join(', ')}
    FROM ${table} WHERE ${activeRows()} GROUP BY uai)`;

const ETABLISSEMENTS_SQL = (scope: ListScope) => `WITH sc AS (${scopeCommunesSql(scope)}),
  a AS (
    SELECT *, ${TYPE_SQL} AS type_clee FROM (
      SELECT *, row_number() OVER (PARTITION BY uai ORDER BY date_maj_ligne DESC NULLS LAST) AS k
      FROM annuaire_education WHERE ${activeRows()}
    ) WHERE k = 1 AND (etat IS NULL OR upper(etat) <> 'FERME') AND code_commune IN (SELECT codgeo FROM sc)
  ),
  ips AS (
    SELECT uai, arg_max(ips, rentree) AS ips, max(rentree) AS rentree FROM (
      SELECT uai, rentree, ips FROM ips_college WHERE ${activeRows()} AND ips IS NOT NULL
      UNION ALL SELECT uai, rentree, ips_etab FROM ips_lycee WHERE ${activeRows()} AND ips_etab IS NOT NULL
    ) GROUP BY uai
  ),
  ij AS (
    SELECT uai, max(annee) AS annee, arg_max(taux_emploi_6m, annee) AS taux_emploi_6m,
      arg_max(taux_poursuite, annee) AS taux_poursuite
    FROM inserjeunes WHERE ${activeRows()} AND (population IS NULL OR lower(trim(population)) = 'ensemble') GROUP BY uai
  )
  SELECT a.uai, a.nom, a.type_clee AS type, a.statut, a.nom_commune, a.code_commune,
    nullif(trim(a.education_prioritaire), '') AS education_prioritaire, a.nombre_eleves, a.latitude, a.longitude,
    list_filter([${Object.keys(OFFRES)
      .map((k) => `CASE WHEN a.${k} IN ('1', 'oui', 'Oui', 'OUI') THEN '${k}' END`)
      .join(', ')}], x -> x IS NOT NULL) AS offres,
    c.rentree AS c_rentree, c.nb_eleves AS c_eleves, c.nb_6e, c.nb_5e, c.nb_4e, c.nb_3e, c.nb_segpa,
    g.rentree AS g_rentree, g.nb_eleves AS g_eleves, g.nb_2nde, g.nb_1ere, g.nb_terminale,
    p.rentree AS p_rentree, p.nb_eleves AS p_eleves, p.nb_2nde_pro, p.nb_1ere_pro, p.nb_terminale_pro, p.nb_cap1,
      p.nb_cap2,
    ips.ips, ips.rentree AS ips_rentree, ij.annee AS ij_annee, ij.taux_emploi_6m, ij.taux_poursuite
  FROM a
  LEFT JOIN ${latest('effectifs_college', 'nb_eleves, nb_6e, nb_5e, nb_4e, nb_3e, nb_segpa')} c ON c.uai = a.uai
  LEFT JOIN ${latest('effectifs_lycee_gt', 'nb_eleves, nb_2nde, nb_1ere, nb_terminale')} g ON g.uai = a.uai
  LEFT JOIN ${latest('effectifs_lycee_pro', 'nb_eleves, nb_2nde_pro, nb_1ere_pro, nb_terminale_pro, nb_cap1, nb_cap2')}
    p ON p.uai = a.uai
  LEFT JOIN ips ON ips.uai = a.uai
  LEFT JOIN ij ON ij.uai = a.uai
  WHERE a.type_clee IS NOT NULL`;

/** The school types of the lists, in display order. */
export const TYPE_ORDER = [
  'collège',
  'lycée général et technologique',
  'lycée polyvalent',
  'lycée professionnel',
  'lycée agricole',
  'EREA',
  'CFA',
];

export async function etablissementsOf(db: Database, scope: ListScope): Promise<EtablissementsResult> {
  const rows = await db.all<Row>(ETABLISSEMENTS_SQL(scope), scopeParams(scope));
  const etablissements = rows.map((r): EtablissementLigne => {
    const rentrees = [r.c_rentree, r.g_rentree, r.p_rentree].filter((x): x is number => x !== null);
    const rentree = rentrees.length ? Math.max(...rentrees) : null;
    // The lycée's two voies are added only when published for the same (latest) rentrée.
    const fromEffectifs = [
      r.c_rentree === rentree ? r.c_eleves : null,
      r.g_rentree === rentree ? r.g_eleves : null,
      r.p_rentree === rentree ? r.p_eleves : null,
    ].filter((x): x is number => x !== null);
    const eleves = fromEffectifs.length ? fromEffectifs.reduce((s, x) => s + x, 0) : r.nombre_eleves;
    const niveaux: Record<string, number | null> = {};
    if (r.c_rentree === rentree && rentree !== null)
      Object.assign(niveaux, { '6e': r.nb_6e, '5e': r.nb_5e, '4e': r.nb_4e, '3e': r.nb_3e, segpa: r.nb_segpa });
    if (r.g_rentree === rentree && rentree !== null)
      Object.assign(niveaux, { '2nde GT': r.nb_2nde, '1re GT': r.nb_1ere, 'terminale GT': r.nb_terminale });
    if (r.p_rentree === rentree && rentree !== null)
      Object.assign(niveaux, {
        '2nde pro': r.nb_2nde_pro,
        '1re pro': r.nb_1ere_pro,
        'terminale pro': r.nb_terminale_pro,
        'CAP 1re année': r.nb_cap1,
        'CAP 2e année': r.nb_cap2,
      });
    return {
      uai: r.uai,
      nom: r.nom,
      type: r.type,
      secteur: r.statut,
      commune: r.nom_commune,
      code_commune: r.code_commune,
      education_prioritaire: r.education_prioritaire,
      eleves,
      eleves_source: fromEffectifs.length ? 'effectifs' : r.nombre_eleves !== null ? 'annuaire' : null,
      rentree: fromEffectifs.length ? rentree : null,
      niveaux,
      ips: r.ips === null ? null : Math.round(r.ips * 10) / 10,
      ips_rentree: r.ips_rentree,
      offres: r.offres.map((k) => OFFRES[k as keyof typeof OFFRES]),
      inserjeunes:
        r.ij_annee === null
          ? null
          : { annee: r.ij_annee, taux_emploi_6m: r.taux_emploi_6m, taux_poursuite: r.taux_poursuite },
      latitude: r.latitude,
      longitude: r.longitude,
    };
  });
  etablissements.sort(
    (a, b) =>
      TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) ||
      (a.commune ?? '').localeCompare(b.commune ?? '', 'fr') ||
      a.nom.localeCompare(b.nom, 'fr'),
  );
  const par_type = TYPE_ORDER.map((type) => {
    const list = etablissements.filter((e) => e.type === type);
    return { type, nombre: list.length, eleves: list.reduce((s, e) => s + (e.eleves ?? 0), 0) };
  }).filter((t) => t.nombre > 0);
  const notes: string[] = [];
  const annuaire = await db.one<{ n: number }>(`SELECT count(*) AS n FROM annuaire_education WHERE ${activeRows()}`);
  if (!annuaire?.n)
    notes.push(
      "Annuaire de l'éducation non chargé : la liste des établissements en dépend (clee fetch education-annuaire, " +
        'ou clee ingest).',
    );
  const sansEffectifs = etablissements.filter((e) => e.eleves_source !== 'effectifs').length;
  if (sansEffectifs)
    notes.push(
      `${sansEffectifs} établissement(s) sans effectifs par niveau dans les fichiers de la DEPP chargés (effectif ` +
        `de l'annuaire quand il est publié).`,
    );
  if (!etablissements.some((e) => e.type === 'CFA'))
    notes.push(
      "Aucun CFA dans l'annuaire chargé pour ce territoire (les CFA hors Éducation nationale n'y figurent pas " +
        'toujours).',
    );
  return {
    territoire: { niveau: scope.niveau, code: scope.code, nom: scope.nom },
    source: "Annuaire de l'éducation ; DEPP (effectifs par niveau, IPS) ; InserJeunes (DEPP, DARES)",
    etablissements,
    par_type,
    choix_employeurs: [
      ...etablissements.filter((e) => e.type === 'collège'),
      ...etablissements.filter((e) => e.type.startsWith('lycée')),
    ].map((e) => e.uai),
    notes,
  };
}
