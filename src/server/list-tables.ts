// Flat tables of the lists a CLEE acts on (métiers, établissements, employeurs): the columns and one row per object,
// shared by the API's CSV / Arrow and the CLI's CSV so that both give the same columns.
import type { ActionConcrete, EmployeurLigne, EtablissementLigne, MetierLigne } from '../methodology/index.ts';
import type { FlatRow } from './formats.ts';

export const METIER_COLUMNS = [
  'code',
  'libelle',
  'famille',
  'libelle_famille',
  'domaine_fap',
  'projets',
  'secret',
  'part_difficiles',
  'part_saisonniers',
  'projets_annee_precedente',
  'evolution',
  'petit_nombre',
] as const satisfies readonly (keyof MetierLigne)[];

export function metierRow(m: MetierLigne): FlatRow {
  return Object.fromEntries(METIER_COLUMNS.map((c) => [c, m[c]]));
}

export const ETABLISSEMENT_COLUMNS = [
  'uai',
  'nom',
  'type',
  'secteur',
  'commune',
  'code_commune',
  'education_prioritaire',
  'eleves',
  'eleves_source',
  'rentree',
  'niveaux',
  'ips',
  'ips_rentree',
  'offres',
  'inserjeunes_annee',
  'taux_emploi_6m',
  'taux_poursuite',
  'latitude',
  'longitude',
] as const;

/** One flat row per school (levels and offer as text). */
export function etablissementRow(
  e: EtablissementLigne,
): Record<(typeof ETABLISSEMENT_COLUMNS)[number], string | number | null> {
  return {
    uai: e.uai,
    nom: e.nom,
    type: e.type,
    secteur: e.secteur,
    commune: e.commune,
    code_commune: e.code_commune,
    education_prioritaire: e.education_prioritaire,
    eleves: e.eleves,
    eleves_source: e.eleves_source,
    rentree: e.rentree,
    niveaux: Object.entries(e.niveaux)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k} : ${v}`)
      .join(', '),
    ips: e.ips,
    ips_rentree: e.ips_rentree,
    offres: e.offres.join(', '),
    inserjeunes_annee: e.inserjeunes?.annee ?? null,
    taux_emploi_6m: e.inserjeunes?.taux_emploi_6m ?? null,
    taux_poursuite: e.inserjeunes?.taux_poursuite ?? null,
    latitude: e.latitude,
    longitude: e.longitude,
  };
}

export const EMPLOYEUR_COLUMNS = [
  'siret',
  'nom',
  'nom_origine',
  'secteur',
  'secteur_libelle',
  'naf',
  'tranche_effectifs',
  'tranche_libelle',
  'commune',
  'code_commune',
  'distance_km',
] as const satisfies readonly (keyof EmployeurLigne)[];

export function employeurRow(e: EmployeurLigne): FlatRow {
  return Object.fromEntries(EMPLOYEUR_COLUMNS.map((c) => [c, e[c]]));
}

export const ACTION_CONCRETE_COLUMNS = ['id', 'libelle', 'concret', 'manque'] as const;

export function actionConcreteRow(a: ActionConcrete): FlatRow {
  return { id: a.id, libelle: a.libelle, concret: a.concret, manque: a.manque.join(', ') };
}
