// INSEE layouts: census commune bases (year-prefixed columns), localised unemployment rates
// (wide by quarter), and the Sirene establishments stock (one row per establishment).
import { COMMON_SECRET_MARKERS, type SourceFormat, type PeriodColumns } from '../types.ts';

const CENSUS_PATTERN = /^([pc])(\d{2})_(.+)$/;
const codgeo = { name: 'codgeo', headers: ['codgeo'], type: 'code', description: 'Code officiel géographique de la commune' } as const;
const libgeo = { name: 'libgeo', headers: ['libgeo'], type: 'text', required: false, description: 'Nom de la commune' } as const;

/** Quarter headers as INSEE and DARES write them: `2023-T1`, `2023T1`, `T1 2023`, `T1_2023`. */
export const QUARTER_COLUMNS: PeriodColumns = {
  kind: 'period-wide',
  pattern: /^(?:(\d{4})_?t([1-4])|t([1-4])_?(\d{4}))$/,
  period: (header) => {
    const m = /^(?:(\d{4})_?t([1-4])|t([1-4])_?(\d{4}))$/.exec(header)!;
    return m[1] ? `${m[1]}-T${m[2]}` : `${m[4]}-T${m[3]}`;
  },
  valueType: 'double',
};

export const inseeFormats: SourceFormat[] = [
  {
    id: 'insee-rp-emploi',
    family: 'insee',
    publisher: 'INSEE',
    dataset: 'Recensement de la population, base communale « Emploi – population active » (base-cc-emploi-pop-active)',
    detect: ['codgeo', /^p\d{2}_act1564$/, /^p\d{2}_chom1564$/],
    columns: [codgeo, libgeo],
    wide: {
      kind: 'year-prefixed',
      pattern: CENSUS_PATTERN,
      expected: [
        'p_pop1564', 'p_pop1524', 'p_pop2554', 'p_pop5564',
        'p_act1564', 'p_act1524', 'p_act2554', 'p_act5564',
        'p_actocc1564', 'p_actocc1524', 'p_chom1564', 'p_chom1524', 'p_chom2554', 'p_chom5564',
        'p_inact1564', 'p_etud1564', 'p_retr1564', 'p_ainact1564',
        'p_sal15p', 'p_sal15p_cdi', 'p_sal15p_cdd', 'p_sal15p_interim', 'p_sal15p_empaid', 'p_sal15p_appr',
        'p_emplt', 'c_emplt', 'c_emplt_agri', 'c_emplt_indus', 'c_emplt_const', 'c_emplt_cts', 'c_emplt_apesas',
        'c_act1564', 'c_actocc1564',
        'c_actocc1564_cs1', 'c_actocc1564_cs2', 'c_actocc1564_cs3', 'c_actocc1564_cs4', 'c_actocc1564_cs5', 'c_actocc1564_cs6',
      ],
    },
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'rp_emploi',
    vintage: { kind: 'prefix-year' },
  },
  {
    id: 'insee-rp-diplomes',
    family: 'insee',
    publisher: 'INSEE',
    dataset: 'Recensement de la population, base communale « Diplômes – formation » (base-cc-diplomes-formation)',
    detect: ['codgeo', /^p\d{2}_nscol15p$/, /^p\d{2}_scol1824$/],
    columns: [codgeo, libgeo],
    wide: {
      kind: 'year-prefixed',
      pattern: CENSUS_PATTERN,
      expected: [
        'p_pop0205', 'p_pop0610', 'p_pop1114', 'p_pop1517', 'p_pop1824', 'p_pop2529', 'p_pop30p',
        'p_scol0205', 'p_scol0610', 'p_scol1114', 'p_scol1517', 'p_scol1824', 'p_scol2529', 'p_scol30p',
        'p_nscol15p', 'p_nscol15p_diplmin', 'p_nscol15p_bepc', 'p_nscol15p_capbep', 'p_nscol15p_bac',
        'p_nscol15p_sup2', 'p_nscol15p_sup34', 'p_nscol15p_sup5',
      ],
    },
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'rp_diplomes',
    vintage: { kind: 'prefix-year' },
  },
  {
    id: 'insee-rp-population',
    family: 'insee',
    publisher: 'INSEE',
    dataset: 'Recensement de la population, base communale « Évolution et structure de la population » (base-cc-evol-struct-pop)',
    detect: ['codgeo', /^p\d{2}_pop$/, /^p\d{2}_pop1529$/],
    columns: [codgeo, libgeo],
    wide: {
      kind: 'year-prefixed',
      pattern: CENSUS_PATTERN,
      expected: [
        'p_pop', 'p_pop0014', 'p_pop1529', 'p_pop3044', 'p_pop4559', 'p_pop6074', 'p_pop7589', 'p_pop90p',
        'p_poph', 'p_popf', 'p_pop15p',
      ],
    },
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'rp_population',
    vintage: { kind: 'prefix-year' },
  },
  {
    id: 'insee-chomage-ze',
    family: 'insee',
    publisher: 'INSEE',
    dataset: 'Taux de chômage localisés par zone d\'emploi 2020 (trimestriels, CVS)',
    detect: ['ze2020', 'libze2020', QUARTER_COLUMNS.pattern],
    columns: [
      { name: 'code', headers: ['ze2020'], type: 'code', description: 'Code de la zone d\'emploi 2020' },
      { name: 'libelle', headers: ['libze2020'], type: 'text' },
    ],
    constants: { niveau: 'ze' },
    wide: QUARTER_COLUMNS,
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'chomage_localise',
    vintage: { kind: 'latest-period' },
  },
  {
    id: 'insee-chomage-dep',
    family: 'insee',
    publisher: 'INSEE',
    dataset: 'Taux de chômage localisés par département (trimestriels, CVS)',
    detect: ['dep', 'libdep', QUARTER_COLUMNS.pattern],
    columns: [
      { name: 'code', headers: ['dep'], type: 'code', description: 'Code du département' },
      { name: 'libelle', headers: ['libdep'], type: 'text' },
    ],
    constants: { niveau: 'departement' },
    wide: QUARTER_COLUMNS,
    secretMarkers: COMMON_SECRET_MARKERS,
    table: 'chomage_localise',
    vintage: { kind: 'latest-period' },
  },
  {
    id: 'insee-sirene-etablissements',
    family: 'insee',
    publisher: 'INSEE',
    dataset: 'Base Sirene des entreprises et de leurs établissements, fichier StockEtablissement (extrait)',
    detect: ['siret', 'codecommuneetablissement', 'activiteprincipaleetablissement', 'trancheeffectifsetablissement'],
    columns: [
      { name: 'siren', headers: ['siren'], type: 'code' },
      { name: 'nic', headers: ['nic'], type: 'code' },
      { name: 'siret', headers: ['siret'], type: 'code' },
      { name: 'date_creation', headers: ['datecreationetablissement'], type: 'text', required: false },
      { name: 'tranche_effectifs', headers: ['trancheeffectifsetablissement'], type: 'code', description: 'Tranche d\'effectif salarié (codes Sirene : NN, 00, 01, 02, 03, 11, 12, 21, 22, 31, 32, 41, 42, 51, 52, 53)' },
      { name: 'date_dernier_traitement', headers: ['datederniertraitementetablissement'], type: 'text', required: false },
      { name: 'etablissement_siege', headers: ['etablissementsiege'], type: 'text', required: false },
      { name: 'code_commune', headers: ['codecommuneetablissement'], type: 'code' },
      { name: 'etat_administratif', headers: ['etatadministratifetablissement'], type: 'code', description: 'A = actif, F = fermé' },
      { name: 'activite_principale', headers: ['activiteprincipaleetablissement'], type: 'code', description: 'Code NAF rév. 2 (ex. 62.01Z)' },
      { name: 'caractere_employeur', headers: ['caractereemployeuretablissement'], type: 'code', required: false, description: 'O = employeur, N = non employeur' },
    ],
    secretMarkers: [],
    table: 'sirene_etablissement',
    vintage: { kind: 'snapshot', column: 'date_dernier_traitement' },
  },
];
