// NAF rév. 2: division (2 first digits of the activity code) → section → broad sector. A declared table:
// the SQL expressions are generated from it, and the methodology document prints it.

export type Secteur =
  | 'agriculture'
  | 'industrie'
  | 'construction'
  | 'commerce_transports_hebergement'
  | 'services_entreprises'
  | 'public_sante'
  | 'autres_services';

export const SECTEURS: Record<Secteur, string> = {
  agriculture: 'Agriculture, sylviculture et pêche',
  industrie: 'Industrie',
  construction: 'Construction',
  commerce_transports_hebergement: 'Commerce, transports, hébergement et restauration',
  services_entreprises:
    'Services marchands aux entreprises (information, finance, immobilier, activités scientifiques et techniques, ' +
    'services administratifs)',
  public_sante: 'Administration publique, enseignement, santé et action sociale',
  autres_services: 'Autres activités de services',
};

interface NafSection {
  section: string;
  libelle: string;
  divisions: [number, number];
  secteur: Secteur;
}

export const NAF_SECTIONS: readonly NafSection[] = [
  { section: 'A', libelle: 'Agriculture, sylviculture et pêche', divisions: [1, 3], secteur: 'agriculture' },
  { section: 'B', libelle: 'Industries extractives', divisions: [5, 9], secteur: 'industrie' },
  { section: 'C', libelle: 'Industrie manufacturière', divisions: [10, 33], secteur: 'industrie' },
  {
    section: 'D',
    libelle: "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
    divisions: [35, 35],
    secteur: 'industrie',
  },
  {
    section: 'E',
    libelle: "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
    divisions: [36, 39],
    secteur: 'industrie',
  },
  { section: 'F', libelle: 'Construction', divisions: [41, 43], secteur: 'construction' },
  {
    section: 'G',
    libelle: "Commerce ; réparation d'automobiles et de motocycles",
    divisions: [45, 47],
    secteur: 'commerce_transports_hebergement',
  },
  {
    section: 'H',
    libelle: 'Transports et entreposage',
    divisions: [49, 53],
    secteur: 'commerce_transports_hebergement',
  },
  {
    section: 'I',
    libelle: 'Hébergement et restauration',
    divisions: [55, 56],
    secteur: 'commerce_transports_hebergement',
  },
  { section: 'J', libelle: 'Information et communication', divisions: [58, 63], secteur: 'services_entreprises' },
  {
    section: 'K',
    libelle: "Activités financières et d'assurance",
    divisions: [64, 66],
    secteur: 'services_entreprises',
  },
  { section: 'L', libelle: 'Activités immobilières', divisions: [68, 68], secteur: 'services_entreprises' },
  {
    section: 'M',
    libelle: 'Activités spécialisées, scientifiques et techniques',
    divisions: [69, 75],
    secteur: 'services_entreprises',
  },
  {
    section: 'N',
    libelle: 'Activités de services administratifs et de soutien',
    divisions: [77, 82],
    secteur: 'services_entreprises',
  },
  { section: 'O', libelle: 'Administration publique', divisions: [84, 84], secteur: 'public_sante' },
  { section: 'P', libelle: 'Enseignement', divisions: [85, 85], secteur: 'public_sante' },
  { section: 'Q', libelle: 'Santé humaine et action sociale', divisions: [86, 88], secteur: 'public_sante' },
  {
    section: 'R',
    libelle: 'Arts, spectacles et activités récréatives',
    divisions: [90, 93],
    secteur: 'autres_services',
  },
  { section: 'S', libelle: 'Autres activités de services', divisions: [94, 96], secteur: 'autres_services' },
  {
    section: 'T',
    libelle: "Activités des ménages en tant qu'employeurs",
    divisions: [97, 98],
    secteur: 'autres_services',
  },
  { section: 'U', libelle: 'Activités extra-territoriales', divisions: [99, 99], secteur: 'autres_services' },
];

/** The broad sectors in their declared order (SECTEURS). */
export const SECTEUR_LIST = Object.keys(SECTEURS) as Secteur[];

/**
 * SQL expression: a constant list indexed by the NAF division of a code column (2 first characters as a number).
 * One list lookup per row instead of a CASE that casts the division again in each of its ~20 branches. The cast
 * goes to UTINYINT so that a negative « division » is unreadable (NULL) rather than counted from the list's end,
 * and division 0 (index 0) is NULL, as are the divisions no section covers.
 */
function byDivisionSql(column: string, value: (s: NafSection) => string): string {
  const list = Array.from({ length: 99 }, (_, i) => {
    const s = NAF_SECTIONS.find((n) => i + 1 >= n.divisions[0] && i + 1 <= n.divisions[1]);
    return s ? value(s) : 'NULL';
  });
  return `[${list.join(', ')}][TRY_CAST(left(${column}, 2) AS UTINYINT)]`;
}

/** SQL expression: broad sector of a NAF code column (« 62.01Z » → 'services_entreprises'), NULL if unreadable. */
export function secteurSql(column: string): string {
  return byDivisionSql(column, (s) => `'${s.secteur}'`);
}

/**
 * SQL expression: the 1-based position in SECTEUR_LIST of the broad sector of a NAF code column, NULL if
 * unreadable; counting per sector on it compares small integers rather than strings on every establishment.
 */
export function secteurRangSql(column: string): string {
  return byDivisionSql(column, (s) => String(SECTEUR_LIST.indexOf(s.secteur) + 1));
}
