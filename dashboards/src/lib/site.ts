// The pages run in two places with one code path: behind `clee serve` (answers from /api, pages at /fiche/ID…) or in
// a published static site (`clee build`: answers precomputed as files, pages as fiche.html?bassin=ID). The page shell
// says which (`<meta name="clee-site" content="statique">`); only this module reads it. Behind the server, the shell
// also gives the path the pages are published under (`<meta name="clee-base" content="/clee/">` behind a reverse
// proxy, `/` otherwise): every address below starts with it, so that no request leaves that path.
import { STATIC_DATA_DIR, staticDataPath } from '../../../src/shared/static-paths.ts';
import type { PageName } from '../../pages.ts';

const isStatic = (): boolean =>
  document.querySelector('meta[name="clee-site"]')?.getAttribute('content') === 'statique';

/** The base path of the server's pages, always ending with `/`. */
const base = (): string => {
  const content = document.querySelector('meta[name="clee-base"]')?.getAttribute('content') ?? '/';
  return content.endsWith('/') ? content : `${content}/`;
};

/** A server path (`/api/…`, `/fiche/…`) under the base path. */
const underBase = (path: string): string => `${base()}${path.replace(/^\//, '')}`;

/** The address to read an API answer from: the API itself, or its precomputed file in a static site. */
export function apiUrl(path: string): string {
  return isStatic() ? staticDataPath(path) : underBase(path);
}

/** True when the page is read from a static site: it can only show what was published. */
export function staticSite(): boolean {
  return isStatic();
}

/** A link to a page, with its query parameters; the basin of the fiche goes in the path or in `?bassin=`. */
export function pageUrl(name: PageName, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams();
  const { bassin, ...rest } = query;
  if (isStatic() && bassin) search.set('bassin', bassin);
  for (const [key, value] of Object.entries(rest)) if (value) search.set(key, value);
  const q = search.toString() ? `?${search}` : '';
  if (isStatic()) return `${name === 'accueil' ? 'index' : name}.html${q}`;
  const path = name === 'accueil' ? '/' : `/${name}`;
  return underBase(`${path}${name === 'fiche' && bassin ? `/${encodeURIComponent(bassin)}` : ''}${q}`);
}

/** The basin a fiche was opened for: `/fiche/ID` behind the server, `fiche.html?bassin=ID` in a static site. */
export function pageBassin(): string {
  if (isStatic()) return new URLSearchParams(location.search).get('bassin') ?? '';
  const path = location.pathname.startsWith(base()) ? location.pathname.slice(base().length) : location.pathname;
  return decodeURIComponent(path.replace(/^\/?fiche\/?/, '').replace(/\/$/, ''));
}

let manifest: Promise<{ fiches_pdf?: Record<string, string> }> | undefined;

/** In a static site, the published PDF fiche of a basin (written by `clee build`), if there is one. */
export async function publishedFiche(bassin: string): Promise<string | null> {
  if (!isStatic()) return null;
  manifest ??= fetch(`${STATIC_DATA_DIR}/site.json`)
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  return (await manifest).fiches_pdf?.[bassin] ?? null;
}
