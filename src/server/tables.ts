// Flat tables for CSV and Arrow: the columns and one row per object of the methodology, in the API's order.
import { indicatorById } from '../methodology/index.ts';
import type { Bassin, Diagnostic, IndicatorDefinition, TerritoryValue } from '../methodology/types.ts';
import type { FlatRow, Scalar } from './formats.ts';

export const SOURCE_COLUMNS = [
  'id',
  'famille',
  'editeur',
  'jeu_de_donnees',
  'millesime',
  'millesime_libelle',
  'fichiers',
  'simule',
];

export const BASSIN_COLUMNS = ['id', 'nom', 'departement', 'communes', 'population'];
export function bassinRow(b: Bassin): FlatRow {
  return { id: b.id, nom: b.nom, departement: b.departement, communes: b.communes, population: b.population ?? null };
}

export const INDICATOR_COLUMNS = [
  'id',
  'libelle',
  'domaine',
  'nature',
  'definition',
  'unite',
  'polarite',
  'seuil_effectif',
  'sources',
  'annees',
  'attribution',
  'formule',
  'limites',
];
export function indicatorRow(i: IndicatorDefinition & { formule?: string; limites?: string }): FlatRow {
  return {
    id: i.id,
    libelle: i.libelle,
    domaine: i.domaine,
    nature: i.nature,
    definition: i.definition,
    unite: i.unite,
    polarite: i.polarite,
    seuil_effectif: i.seuil_effectif,
    sources: i.sources.join(', '),
    annees: i.annees.join(', '),
    attribution: i.attribution,
    formule: i.formule ?? null,
    limites: i.limites ?? null,
  };
}

export const VALUE_COLUMNS = [
  'indicateur',
  'niveau',
  'code',
  'nom',
  'departement',
  'annee',
  'valeur',
  'numerateur',
  'denominateur',
  'significatif',
  'rang',
  'ecart_academie',
  'verdict',
];
export function valueRow(v: TerritoryValue): FlatRow {
  return {
    indicateur: v.indicateur,
    niveau: v.niveau,
    code: v.code,
    nom: v.nom,
    departement: v.departement,
    annee: v.annee,
    valeur: v.valeur,
    numerateur: v.numerateur,
    denominateur: v.denominateur,
    significatif: v.significatif,
    rang: v.rang ?? null,
    ecart_academie: v.ecart_academie ?? null,
    verdict: v.verdict ?? null,
  };
}

/**
 * A number as the pages show it: the indicator's decimals (one by default), none from 1 000 on, counts whole. The
 * CSV exports (API, `clee compare`, the pages' own) write these, so that a spreadsheet holds what was read on screen;
 * JSON and Arrow keep full precision.
 */
function shown(value: number | null | undefined, decimals: number): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const rounded = Number(value.toFixed(Math.abs(value) >= 1000 ? 0 : decimals));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** valueRow rounded as displayed, for CSV. */
export function csvValueRow(v: TerritoryValue): FlatRow {
  const decimals = indicatorById(v.indicateur)?.decimales ?? 1;
  return {
    ...valueRow(v),
    valeur: shown(v.valeur, decimals),
    ecart_academie: shown(v.ecart_academie, decimals),
    numerateur: shown(v.numerateur, 0),
    denominateur: shown(v.denominateur, 0),
  };
}

export const DIAGNOSTIC_COLUMNS = [
  'bassin',
  'bassin_nom',
  'departement',
  'indicateur',
  'libelle',
  'domaine',
  'unite',
  'polarite',
  'annee',
  'valeur',
  'numerateur',
  'denominateur',
  'significatif',
  'reference_departement',
  'reference_academie',
  'reference_france',
  'ecart_departement',
  'ecart_academie',
  'ecart_france',
  'rang',
  'nb_bassins',
  'score_z',
  'tendance_annee_debut',
  'tendance_valeur_debut',
  'tendance_evolution',
  'verdict',
  'explication',
  'attribution',
];
export function diagnosticRows(d: Diagnostic): FlatRow[] {
  return d.indicateurs.map((l) => {
    const ref = (k: 'departement' | 'academie' | 'france'): Scalar => l.references[k]?.valeur ?? null;
    const gap = (k: 'departement' | 'academie' | 'france'): Scalar => l.ecarts[k] ?? null;
    return {
      bassin: d.bassin.id,
      bassin_nom: d.bassin.nom,
      departement: d.bassin.departement,
      indicateur: l.id,
      libelle: l.libelle,
      domaine: l.domaine,
      unite: l.unite,
      polarite: l.polarite,
      annee: l.annee,
      valeur: l.valeur,
      numerateur: l.numerateur,
      denominateur: l.denominateur,
      significatif: l.significatif,
      reference_departement: ref('departement'),
      reference_academie: ref('academie'),
      reference_france: ref('france'),
      ecart_departement: gap('departement'),
      ecart_academie: gap('academie'),
      ecart_france: gap('france'),
      rang: l.rang,
      nb_bassins: l.nb_bassins,
      score_z: l.score_z,
      tendance_annee_debut: l.tendance?.annee_debut ?? null,
      tendance_valeur_debut: l.tendance?.valeur_debut ?? null,
      tendance_evolution: l.tendance?.evolution ?? null,
      verdict: l.verdict,
      explication: l.explication,
      attribution: l.attribution,
    };
  });
}
