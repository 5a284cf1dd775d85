// Where an API answer lives in a published static site (`clee build`). One mapping, read by the builder that writes
// the files and by the pages that read them, so that both always agree. Plain string work: runs in Node and browsers.

/** How many employers the fiche lists around a collège (`limite` of /api/bassins/ID/employeurs): the fiche asks for
 *  it and a static site publishes exactly that answer. */
export const FICHE_EMPLOYEURS_LIMITE = 15;

/** Folder of the static site that holds the precomputed API answers. */
export const STATIC_DATA_DIR = 'donnees';

/** The file extension of each answer format the API serves (`?format=`); JSON when absent. */
const FORMAT_EXTENSIONS: Record<string, string> = { csv: 'csv', md: 'md', json: 'json' };

/**
 * Relative path, inside the site, of the answer to an API request: `/api/bassins/38-grenoble/diagnostic?annee=2021`
 * → `donnees/bassins/38-grenoble/diagnostic--annee-2021.json`. Query parameters are sorted (the same request always
 * gives the same file) and only characters every static server and file system keep as they are end up in a name.
 */
export function staticDataPath(apiPath: string): string {
  const [path = '', query = ''] = apiPath.split('?');
  if (!path.startsWith('/api/')) throw new Error(`Chemin d'API attendu (/api/…) : « ${apiPath} »`);
  const search = new URLSearchParams(query);
  const format = search.get('format') ?? 'json';
  search.delete('format');
  const extension = FORMAT_EXTENSIONS[format];
  if (!extension) throw new Error(`Format non publié dans le site statique : « ${format} »`);
  const segments = path
    .slice('/api/'.length)
    .split('/')
    .filter(Boolean)
    .map((s) => safeName(decodeURIComponent(s)));
  const suffix = [...search.entries()]
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `--${safeName(key)}-${safeName(value)}`)
    .join('');
  return `${STATIC_DATA_DIR}/${segments.join('/')}${suffix}.${extension}`;
}

/** Letters, digits, `-`, `_` and `.` stay (not a leading dot); any other character becomes `_` and its hex code. */
function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]|^\./g, (c) => `_${c.codePointAt(0)!.toString(16)}`);
}
