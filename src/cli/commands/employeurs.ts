// `clee employeurs BASSIN [--etablissement UAI] [--rayon KM]`: employers for stages and visits, with the pupils who
// need a stage in the same area.
import { employeursOf, RAYON_DEFAUT_KM, RAYON_MAX_KM, scopeLabel } from '../../methodology/index.ts';
import { SECTEURS, type Secteur } from '../../methodology/naf.ts';
import { choice, DB_OPTION, FORMAT_OPTION, UserError, type Command } from '../command.ts';
import { ACADEMIE_OPTION, DEPARTEMENT_OPTION, n0, scopeOf } from '../lists-cli.ts';
import { printCsvRecords, ZONAGE_OPTION } from '../methodology-cli.ts';
import { withDatabase } from '../database.ts';
import { textTable } from '../table.ts';
import { EMPLOYEUR_COLUMNS, employeurRow } from '../../server/list-tables.ts';
import { formatNumber } from '../../methodology/format.ts';

/** Employers listed in the text output (the nearest first); --format csv gives them all. */
const SHOWN = 30;

export function parseRayon(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const km = Number(String(value).replace(',', '.'));
  if (!(km > 0 && km <= RAYON_MAX_KM))
    throw new UserError(
      `Rayon invalide : « ${String(value)} » (attendu : des kilomètres, plus de 0 et au plus ${RAYON_MAX_KM}, ex. 10).`,
      2,
    );
  return km;
}

function parseSecteur(value: unknown): Secteur | undefined {
  if (value === undefined) return undefined;
  return choice(value, Object.keys(SECTEURS) as Secteur[], 'secteur');
}

function parseSalaries(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UserError(`Nombre de salariés invalide : « ${String(value)} » (attendu : un entier, ex. 10).`, 2);
  return n;
}

export const employeursCommand: Command = {
  name: 'employeurs',
  summary: "les employeurs pour les stages et les visites : autour d'un collège ou d'un lycée, par secteur et taille",
  usage:
    'employeurs BASSIN [--departement DEP | --academie] [--etablissement UAI] [--rayon KM] [--secteur ID] ' +
    '[--salaries-min N] [--format text|json|csv] [--db FICHIER]',
  details: [
    'Établissements employeurs actifs (Sirene) du bassin (ou du département, de l’académie), ou à moins de ' +
      `--rayon km (défaut ${RAYON_DEFAUT_KM}, à vol d'oiseau) de l'établissement scolaire --etablissement, avec ` +
      `le nombre d'élèves de 3e et de 2nde GT`,
    'du même périmètre (la demande de stages). Nom : enseigne, sinon dénomination usuelle, sinon nom de ' +
      "l'unité légale (StockUniteLegale chargé) ; nom_origine dit lequel.",
    'Un établissement en diffusion partielle (le sien ou celui de son unité légale) est compté mais ni nommé ni ' +
      'situé',
    '(siret et nom vides). JSON : tableau {siret, nom, nom_origine, secteur, tranche_effectifs, commune, ' +
      'distance_km, …}.',
    `Secteurs : ${Object.keys(SECTEURS).join(', ')}.`,
    'Exemples :\n  clee employeurs grenoble --etablissement 0381461G --rayon 10 --salaries-min 10 --format csv > ' +
      'stages.csv',
  ].join('\n'),
  options: [
    DEPARTEMENT_OPTION,
    ACADEMIE_OPTION,
    { name: 'etablissement', value: 'UAI', description: 'UAI du collège ou du lycée (voir clee etablissements)' },
    { name: 'rayon', value: 'KM', description: `distance maximale en km (défaut : ${RAYON_DEFAUT_KM} ; 5, 10, 20…)` },
    { name: 'secteur', value: 'ID', description: 'un grand secteur seulement (ex. construction)' },
    { name: 'salaries-min', value: 'N', description: 'tranches d’effectif à partir de N salariés (ex. 10)' },
    FORMAT_OPTION(['text', 'json', 'csv']),
    ZONAGE_OPTION,
    DB_OPTION,
  ],
  async run(args) {
    const format = choice(args.values.format, ['text', 'json', 'csv'] as const, 'format');
    const uai = args.values.etablissement as string | undefined;
    const rayonKm = parseRayon(args.values.rayon);
    if (rayonKm !== undefined && !uai)
      throw new UserError('--rayon demande --etablissement UAI (le centre du cercle).', 2);
    const secteur = parseSecteur(args.values.secteur);
    const salariesMin = parseSalaries(args.values['salaries-min']);
    const { result, label } = await withDatabase(args.values, 'read', 'clee employeurs', async (db) => {
      const scope = await scopeOf(db, args, 'employeurs');
      return {
        // The text shows the 30 nearest; JSON and CSV carry the whole list.
        result: await employeursOf(db, scope, {
          uai,
          rayonKm,
          secteur,
          salariesMin,
          ...(format === 'text' ? { limite: SHOWN } : {}),
        }),
        label: scopeLabel(scope),
      };
    });
    if (format === 'json') {
      console.log(JSON.stringify(result.employeurs, null, 2));
      return 0;
    }
    if (format === 'csv') {
      printCsvRecords(EMPLOYEUR_COLUMNS, result.employeurs.map(employeurRow));
      return 0;
    }
    const where = result.etablissement
      ? `à moins de ${formatNumber(result.rayon_km!, 0)} km de ${result.etablissement.nom} ` +
        `(${result.etablissement.uai}, ${result.etablissement.commune ?? ''})`
      : label;
    const out = [`Employeurs ${where} — ${result.source}`];
    out.push(
      `${n0(result.total)} établissements employeurs (${n0(result.non_diffusibles)} en diffusion partielle) ; ` +
        `${n0(result.eleves.eleves_3e)} élèves de 3e et ${n0(result.eleves.eleves_2nde_gt)} de 2nde GT dans ` +
        `${result.eleves.etablissements} établissements scolaires du même périmètre` +
        (result.eleves.rentree ? ` (rentrée ${result.eleves.rentree})` : '') +
        '.',
    );
    out.push(
      '',
      textTable(
        ['secteur', 'établissements', '10 salariés et plus'],
        result.par_secteur.map((s) => [s.libelle, n0(s.nombre), n0(s.dix_salaries_et_plus)]),
      ),
    );
    out.push(
      '',
      textTable(
        ['SIRET', 'nom', 'secteur', 'effectif', 'commune', 'distance'],
        result.employeurs.map((e) => [
          e.siret ?? '(non diffusible)',
          e.nom ?? '',
          e.secteur_libelle ?? '',
          e.tranche_libelle ?? '',
          e.commune ?? '',
          e.distance_km === null ? '' : `${formatNumber(e.distance_km, 1)} km`,
        ]),
      ),
    );
    if (result.total > result.employeurs.length)
      out.push(`… ${n0(result.total - result.employeurs.length)} autres : --format csv pour la liste complète.`);
    out.push(`Règle : ${result.regle}`);
    out.push(...result.notes.map((n) => `Note : ${n}`));
    console.log(out.join('\n'));
    return 0;
  },
};
