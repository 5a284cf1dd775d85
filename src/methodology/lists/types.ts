// The lists' result shapes, free of any database or Node import: the API sends them and the pages read them.
import type { Secteur } from '../naf.ts';

export type ScopeNiveau = 'bassin' | 'departement' | 'academie';

export interface ListTerritoire {
  niveau: ScopeNiveau;
  code: string;
  nom: string;
}

/** The BMO figures a métier or a family of métiers reads with. */
interface ProjetsBmo {
  code: string;
  libelle: string;
  /** Projects attributed to the territory (rounded); null when every contributing cell is secret. */
  projets: number | null;
  /** At least one contributing cell is secret (`*`): projets is then a lower bound, or null. */
  secret: boolean;
  /** Share of projects judged difficult, in % (over the projects whose difficulty is published). */
  part_difficiles: number | null;
  part_saisonniers: number | null;
  projets_annee_precedente: number | null;
  evolution: number | null;
}

export interface MetierLigne extends ProjetsBmo {
  famille: string | null;
  libelle_famille: string | null;
  domaine_fap: string;
  /** Fewer than SEUIL_PETIT_NOMBRE_BMO projects (or unknown): shares to read with caution. */
  petit_nombre: boolean;
}

export interface FamilleLigne extends ProjetsBmo {
  metiers: number;
}

export interface DomaineLigne {
  domaine_fap: string;
  libelle: string;
  projets: number | null;
  part_difficiles: number | null;
  formations: { nsf: string | null; libelle: string }[];
}

export interface MetiersResult {
  territoire: ListTerritoire;
  annee: number | null;
  annee_precedente: number | null;
  annees_disponibles: number[];
  source: string;
  regle_attribution: string | null;
  bassins_bmo: { code: string; nom: string | null; departement: string; part_population: number }[];
  seuil_petit_nombre: number;
  total: { projets: number | null; part_difficiles: number | null; part_saisonniers: number | null };
  metiers: MetierLigne[];
  familles: FamilleLigne[];
  domaines: DomaineLigne[];
  top_projets: string[];
  top_tension: string[];
  correspondance_source: string;
  notes: string[];
}

export interface EtablissementLigne {
  uai: string;
  nom: string;
  type: string;
  secteur: string | null;
  commune: string | null;
  code_commune: string;
  education_prioritaire: string | null;
  /** Pupils of the latest rentrée in the DEPP files, else the annuaire's count (eleves_source says which). */
  eleves: number | null;
  eleves_source: 'effectifs' | 'annuaire' | null;
  rentree: number | null;
  niveaux: Record<string, number | null>;
  ips: number | null;
  ips_rentree: number | null;
  offres: string[];
  inserjeunes: { annee: number; taux_emploi_6m: number | null; taux_poursuite: number | null } | null;
  latitude: number | null;
  longitude: number | null;
}

export interface EtablissementsResult {
  territoire: ListTerritoire;
  source: string;
  etablissements: EtablissementLigne[];
  par_type: { type: string; nombre: number; eleves: number }[];
  /** The schools around which employers are listed for stages: collèges (stage de 3e) then lycées (stage de seconde),
   *  by UAI; the first is the one the fiche opens on. */
  choix_employeurs: string[];
  notes: string[];
}

/** The Sirene field an employer's name comes from: its enseigne, its dénomination usuelle, its legal unit's name. */
export type NomOrigine = 'enseigne' | 'denomination_usuelle' | 'unite_legale';

export interface EmployeurLigne {
  siret: string | null;
  nom: string | null;
  nom_origine: NomOrigine | null;
  secteur: Secteur | null;
  secteur_libelle: string | null;
  naf: string | null;
  tranche_effectifs: string | null;
  tranche_libelle: string | null;
  commune: string | null;
  code_commune: string | null;
  distance_km: number | null;
}

export interface EmployeursResult {
  territoire: ListTerritoire;
  etablissement: { uai: string; nom: string; commune: string | null; type: string | null } | null;
  rayon_km: number | null;
  regle: string;
  source: string;
  filtres: { secteur: Secteur | null; salaries_min: number | null };
  total: number;
  diffusibles: number;
  non_diffusibles: number;
  /** Establishments without coordinates: placed at their commune's centre (mean of its located establishments). */
  localises_a_la_commune: number;
  par_secteur: { secteur: Secteur | 'inconnu'; libelle: string; nombre: number; dix_salaries_et_plus: number }[];
  par_tranche: { tranche: string; libelle: string; nombre: number }[];
  eleves: {
    eleves_3e: number;
    eleves_2nde_gt: number;
    rentree: number | null;
    /** « rentrée 2024 » (the period label of the methodology), null without enrolments. */
    periode: string | null;
    etablissements: number;
  };
  /** The distances offered to a pilot (km). */
  rayons_proposes: number[];
  /** Establishments of 10 employees and more among `total`. */
  dix_salaries_et_plus: number;
  /** The filters offered to a pilot: broad sectors, smallest headcounts. */
  filtres_proposes: {
    secteurs: { id: Secteur; libelle: string }[];
    salaries_min: { valeur: number; libelle: string }[];
  };
  employeurs: EmployeurLigne[];
  notes: string[];
}

export interface ActionConcrete {
  id: string;
  libelle: string;
  /** The catalogue's sentence with the basin's facts, or null when one is missing (named in `manque`). */
  concret: string | null;
  manque: string[];
}

export interface ActionsConcretesResult {
  territoire: ListTerritoire;
  actions: ActionConcrete[];
  /** The facts the sentences name, by placeholder. */
  faits: Record<string, string>;
  sources: string[];
  notes: string[];
}
