// The dashboard pages, declared once: the bundle step writes each page's HTML shell from this list.

export type PageName = 'accueil' | 'fiche' | 'comparaison' | 'seminaire' | 'methodologie';

interface PageSpec {
  /** Entry module dashboards/src/<name>.ts, served as /assets/<name>.js. */
  name: PageName;
  title: string;
  /** Link of the page in the top navigation; absent for the home page (reached through the brand). */
  nav?: { href: string; label: string };
  /** Full-screen pages (the seminar deck) have no top bar. */
  deck?: boolean;
}

export const PAGE_SPECS: readonly PageSpec[] = [
  { name: 'accueil', title: 'Accueil' },
  { name: 'fiche', title: 'Fiche bassin', nav: { href: '/fiche', label: 'Fiche bassin' } },
  {
    name: 'comparaison',
    title: 'Comparaison des bassins',
    nav: { href: '/comparaison', label: 'Comparaison des bassins' },
  },
  {
    name: 'seminaire',
    title: 'Séminaire — contexte socio-économique',
    nav: { href: '/seminaire', label: 'Séminaire' },
    deck: true,
  },
  { name: 'methodologie', title: 'Méthodologie', nav: { href: '/methodologie', label: 'Méthodologie' } },
];

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** How a page shell links to the others: behind `clee serve` (absolute paths) or in a static site (relative files). */
type SiteMode = 'serveur' | 'statique';

const pageHref = (page: PageSpec, mode: SiteMode, base: string) =>
  mode === 'statique'
    ? `${page.name === 'accueil' ? 'index' : page.name}.html`
    : `${base}${(page.nav?.href ?? '/').replace(/^\//, '')}`;

/**
 * The HTML shell of a page. Behind `clee serve`, every address starts with `base` (`/`, or `/clee/` behind a reverse
 * proxy that publishes the pages under a sub-path), written in a meta for the page code (dashboards/src/lib/site.ts).
 */
export function pageHtml(
  page: PageSpec,
  pages: readonly PageSpec[] = PAGE_SPECS,
  mode: SiteMode = 'serveur',
  base = '/',
): string {
  const assets = mode === 'statique' ? 'assets/' : `${base}assets/`;
  const nav = pages
    .filter((p) => p.nav)
    .map(
      (p) =>
        `    <a href="${escapeHtml(pageHref(p, mode, base))}"${p.name === page.name ? ' aria-current="page"' : ''}>` +
        `${escapeHtml(p.nav!.label)}</a>`,
    )
    .join('\n');
  const home = mode === 'statique' ? 'index.html' : base;
  const baseMeta = mode === 'serveur' ? `<meta name="clee-base" content="${escapeHtml(base)}">\n` : '';
  const top = page.deck
    ? ''
    : `<header class="topbar">
  <a class="brand" href="${escapeHtml(home)}">CLEE · académie de Grenoble</a>
  <nav aria-label="Pages">
${nav}
  </nav>
</header>
`;
  const main = page.deck
    ? '<main id="app" class="deck-stage" aria-live="polite"><p class="loading" ' +
      'style="color:#fff">Chargement…</p></main>'
    : '<main id="app" class="page" aria-live="polite"><p class="loading">Chargement…</p></main>';
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="clee-site" content="${mode}">
${baseMeta}<title>${escapeHtml(page.title)} — CLEE académie de Grenoble</title>
<link rel="stylesheet" href="${escapeHtml(assets)}style.css">
<script type="module" src="${escapeHtml(assets)}${page.name}.js"></script>
</head>
<body${page.deck ? ' class="deck"' : ''}>
${top}${main}
</body>
</html>
`;
}
