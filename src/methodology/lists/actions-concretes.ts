// Concrete action sentences: each catalogue action may declare a sentence (column `concret` of
// datasets/actions/catalogue.csv) whose {placeholders} are the facts below, read from the basin's lists — the
// métiers that recrute (BMO), the collèges (annuaire, IPS) and the employers around one of them (Sirene). A sentence
// whose facts are missing is not written; the missing facts are named instead.
import type { Database } from '../../db/database.ts';
import { lowerFirst } from '../../shared/text.ts';
import { readCatalogue } from '../actions.ts';
import { formatNumber, formatValue } from '../format.ts';
import { SECTEURS } from '../naf.ts';
import { readSecteursFap } from './correspondance.ts';
import { employeursAutourEtTerritoire, employeursOf, RAYON_DEFAUT_KM } from './employeurs.ts';
import { etablissementsOf } from './etablissements.ts';
import { metiersOf } from './metiers.ts';
import type { ListScope } from './scope.ts';
import type {
  ActionConcrete,
  ActionsConcretesResult,
  EtablissementsResult,
  MetierLigne,
  MetiersResult,
} from './types.ts';

/** Lists already computed for the same territory (the API's cache): not computed again. */
interface ListsGiven {
  metiers?: MetiersResult;
  etablissements?: EtablissementsResult;
}

/** The facts a concrete sentence may name, and what each one is (the methodology document and tests read this). */
export const FAITS = {
  metier_tension: 'le métier le plus difficile à pourvoir du bassin (part de projets difficiles, au moins 20 projets)',
  part_difficiles_tension: 'sa part de projets jugés difficiles',
  metiers_tension: 'les trois métiers les plus difficiles à pourvoir',
  metiers_recrutent: 'les trois métiers qui comptent le plus de projets de recrutement',
  metiers_saisonniers: 'les trois métiers dont la part de projets saisonniers est la plus forte (au moins 20 projets)',
  secteur_tension:
    'le grand secteur qui emploie le plus le métier en tension (datasets/correspondances/fap-domaines-secteurs.csv)',
  domaine_recrute: 'le domaine professionnel qui compte le plus de projets',
  projets_domaine: 'ses projets de recrutement',
  formations_domaine: 'les spécialités de formation qui y mènent (fap-domaines-formation.csv)',
  domaine_tension: 'le domaine professionnel le plus difficile à pourvoir (au moins 20 projets)',
  part_difficiles_domaine: 'sa part de projets difficiles',
  formations_domaine_tension: 'les spécialités de formation qui y mènent',
  college: "le collège du bassin à l'IPS le plus faible (priorité aux élèves sans réseau familial)",
  commune_college: 'sa commune',
  rayon: 'la distance par défaut autour du collège',
  employeurs_secteur_10: 'les établissements employeurs de 10 salariés et plus du secteur en tension dans ce rayon',
  employeurs_secteur_10_bassin: 'les établissements employeurs de 10 salariés et plus du secteur en tension du bassin',
  eleves_3e: 'les élèves de 3e des collèges situés dans ce rayon',
} as const;
type Fait = keyof typeof FAITS;

const PLACEHOLDER = /\{([a-z0-9_]+)\}/g;
// Métier labels hold commas (« chaudronniers, tôliers, soudeurs »): lists of them are separated by « ; ».
const names = (list: MetierLigne[]) => list.map((m) => lowerFirst(m.libelle)).join(' ; ');
const pct = (v: number) => formatValue(v, '%');

/** The placeholders of a template; an unknown one is an error of the catalogue, named with its action. */
export function placeholders(id: string, template: string): Fait[] {
  return [...template.matchAll(PLACEHOLDER)].map(([, name]) => {
    if (!Object.hasOwn(FAITS, name))
      throw new Error(
        `Catalogue des actions, action « ${id} » : fait inconnu « {${name}} » dans la phrase concrète (faits connus ` +
          `: ${Object.keys(FAITS).join(', ')}).`,
      );
    return name as Fait;
  });
}

async function factsOf(
  db: Database,
  scope: ListScope,
  given: ListsGiven,
): Promise<{ faits: Partial<Record<Fait, string>>; notes: string[] }> {
  const faits: Partial<Record<Fait, string>> = {};
  const notes: string[] = [];
  const metiers = given.metiers ?? (await metiersOf(db, scope));
  notes.push(...metiers.notes.filter((n) => /Aucune enquête BMO/.test(n)));
  const byCode = new Map(metiers.metiers.map((m) => [m.code, m]));
  const tension = metiers.top_tension.map((c) => byCode.get(c)!);
  const top = metiers.top_projets.map((c) => byCode.get(c)!);
  const saison = metiers.metiers
    .filter((m) => !m.petit_nombre && m.part_saisonniers !== null)
    .sort((a, b) => b.part_saisonniers! - a.part_saisonniers! || (b.projets ?? 0) - (a.projets ?? 0))
    .slice(0, 3);
  // The broad sector of the first métier in tension: named, and its employers counted near the collège and in all.
  const secteur = tension.length ? readSecteursFap().get(tension[0].domaine_fap) : undefined;
  if (tension.length) {
    faits.metier_tension = lowerFirst(tension[0].libelle);
    faits.part_difficiles_tension = pct(tension[0].part_difficiles!);
    faits.metiers_tension = names(tension.slice(0, 3));
    if (secteur) faits.secteur_tension = lowerFirst(SECTEURS[secteur]);
  }
  if (top.length) faits.metiers_recrutent = names(top.slice(0, 3));
  if (saison.length)
    faits.metiers_saisonniers = saison.map((m) => `${lowerFirst(m.libelle)} (${pct(m.part_saisonniers!)})`).join(' ; ');
  const domaine = metiers.domaines.find((d) => d.projets !== null && d.formations.length);
  if (domaine) {
    faits.domaine_recrute = domaine.libelle;
    faits.projets_domaine = formatNumber(domaine.projets!, 0);
    faits.formations_domaine = domaine.formations.map((f) => lowerFirst(f.libelle)).join(' ; ');
  }
  const dur = metiers.domaines
    .filter((d) => (d.projets ?? 0) >= metiers.seuil_petit_nombre && d.part_difficiles !== null && d.formations.length)
    .sort((a, b) => b.part_difficiles! - a.part_difficiles!)[0];
  if (dur) {
    faits.domaine_tension = dur.libelle;
    faits.part_difficiles_domaine = pct(dur.part_difficiles!);
    faits.formations_domaine_tension = dur.formations.map((f) => lowerFirst(f.libelle)).join(' ; ');
  }
  const colleges = (given.etablissements ?? (await etablissementsOf(db, scope))).etablissements.filter(
    (e) => e.type === 'collège' && e.ips !== null && e.latitude !== null,
  );
  const college = colleges.sort((a, b) => a.ips! - b.ips! || a.uai.localeCompare(b.uai))[0];
  if (college) {
    faits.college = lowerFirst(college.nom);
    faits.commune_college = college.commune ?? college.code_commune;
    faits.rayon = `${formatNumber(RAYON_DEFAUT_KM, 0)} km`;
    const around = await employeursAutourEtTerritoire(db, scope, college.uai, {
      salariesMin: 10,
      ...(secteur ? { secteur } : {}),
    });
    faits.eleves_3e = formatNumber(around.eleves.eleves_3e, 0);
    if (secteur) {
      faits.employeurs_secteur_10 = formatNumber(around.autour, 0);
      faits.employeurs_secteur_10_bassin = formatNumber(around.territoire, 0);
    }
  } else if (secteur) {
    const basin = await employeursOf(db, scope, { salariesMin: 10, secteur, limite: 0 });
    faits.employeurs_secteur_10_bassin = formatNumber(basin.total, 0);
  }
  return { faits, notes };
}

/** The catalogue's concrete sentences for a territory (every action that declares one, proposed or not). */
export async function actionsConcretes(
  db: Database,
  scope: ListScope,
  given: ListsGiven = {},
): Promise<ActionsConcretesResult> {
  const catalogue = readCatalogue().filter((a) => a.concret);
  const { faits, notes } = await factsOf(db, scope, given);
  const actions = catalogue.map((a): ActionConcrete => {
    const wanted = placeholders(a.id, a.concret!);
    const manque: Fait[] = [...new Set(wanted.filter((f) => faits[f] === undefined))];
    return {
      id: a.id,
      libelle: a.libelle,
      concret: manque.length ? null : a.concret!.replace(PLACEHOLDER, (_, f: Fait) => faits[f]!),
      manque,
    };
  });
  const missing = [...new Set(actions.flatMap((a) => a.manque as Fait[]))];
  if (missing.length)
    notes.push(
      `Phrases concrètes non écrites faute de : ${missing.map((f) => FAITS[f]).join(' ; ')} (données non chargées ` +
        `ou trop peu nombreuses).`,
    );
  return {
    territoire: { niveau: scope.niveau, code: scope.code, nom: scope.nom },
    actions,
    faits,
    sources: [
      "France Travail, enquête Besoins en main-d'œuvre (BMO)",
      "Annuaire de l'éducation ; DEPP (IPS, effectifs)",
      'INSEE, base Sirene des établissements',
    ],
    notes,
  };
}
