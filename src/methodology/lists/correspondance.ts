// The declared correspondence FAP-2009 domaine professionnel → NSF training fields (datasets/correspondances/).
import { packagePath } from '../../shared/paths.ts';
import { declaredReader, readDeclaredCsv } from '../declared-csv.ts';
import { SECTEURS, type Secteur } from '../naf.ts';

const CORRESPONDANCE_FILE = packagePath('datasets', 'correspondances', 'fap-domaines-formation.csv');
export const CORRESPONDANCE_SOURCE =
  'Correspondance déclarée du projet (datasets/correspondances/fap-domaines-formation.csv) entre les domaines ' +
  'professionnels FAP-2009 (DARES) et la Nomenclature des spécialités de formation (NSF, INSEE / CNIS), à faire ' +
  'valider.';

interface DomaineFormation {
  domaine_fap: string;
  libelle_domaine_fap: string;
  formations: { nsf: string | null; libelle: string }[];
}

/** Domain letter → its label and training fields; throws a French error naming the line of a bad row. */
export const readCorrespondance = declaredReader(CORRESPONDANCE_FILE, (path): Map<string, DomaineFormation> => {
  const parsed = readDeclaredCsv(path);
  const map = new Map<string, DomaineFormation>();
  parsed.data.forEach((row, i) => {
    const line = i + 2;
    const letter = row.domaine_fap?.trim() ?? '';
    if (!/^[A-Z]$/.test(letter))
      throw new Error(`${path}, ligne ${line} : domaine FAP « ${letter} » invalide (attendu : une lettre majuscule).`);
    if (!row.libelle_domaine_fap?.trim() || !row.libelle_formation?.trim())
      throw new Error(`${path}, ligne ${line} : libellé vide (libelle_domaine_fap, libelle_formation).`);
    const entry = map.get(letter) ?? {
      domaine_fap: letter,
      libelle_domaine_fap: row.libelle_domaine_fap.trim(),
      formations: [],
    };
    entry.formations.push({ nsf: row.nsf?.trim() || null, libelle: row.libelle_formation.trim() });
    map.set(letter, entry);
  });
  return map;
});

const SECTEURS_FILE = packagePath('datasets', 'correspondances', 'fap-domaines-secteurs.csv');

/** Domain letter → the broad sector employing most of its métiers; throws a French error naming a bad line. */
export const readSecteursFap = declaredReader(SECTEURS_FILE, (path): Map<string, Secteur> => {
  const parsed = readDeclaredCsv(path);
  const map = new Map<string, Secteur>();
  parsed.data.forEach((row, i) => {
    const letter = row.domaine_fap?.trim() ?? '';
    const secteur = row.secteur?.trim() ?? '';
    if (!/^[A-Z]$/.test(letter) || !Object.hasOwn(SECTEURS, secteur))
      throw new Error(
        `${path}, ligne ${i + 2} : « ${letter};${secteur} » invalide (attendu : une lettre majuscule ; un secteur ` +
          `parmi ${Object.keys(SECTEURS).join(', ')}).`,
      );
    map.set(letter, secteur as Secteur);
  });
  return map;
});
