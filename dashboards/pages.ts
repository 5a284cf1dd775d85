// The dashboard pages, declared once: the bundle step writes each page's HTML shell from this list.

export interface PageSpec {
  /** Entry module dashboards/src/<name>.ts, served as /assets/<name>.js. */
  name: 'accueil' | 'fiche' | 'comparaison' | 'seminaire' | 'methodologie';
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

export function pageHtml(page: PageSpec, pages: readonly PageSpec[] = PAGE_SPECS): string {
  const nav = pages
    .filter((p) => p.nav)
    .map(
      (p) =>
        `    <a href="${p.nav!.href}"${p.name === page.name ? ' aria-current="page"' : ''}>${escapeHtml(p.nav!.label)}</a>`,
    )
    .join('\n');
  const top = page.deck
    ? ''
    : `<header class="topbar">
  <a class="brand" href="/">CLEE · académie de Grenoble</a>
  <nav aria-label="Pages">
${nav}
  </nav>
</header>
`;
  const main = page.deck
    ? '<main id="app" class="deck-stage" aria-live="polite"><p class="loading" style="color:#fff">Chargement…</p></main>'
    : '<main id="app" class="page" aria-live="polite"><p class="loading">Chargement…</p></main>';
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} — CLEE académie de Grenoble</title>
<link rel="stylesheet" href="/assets/style.css">
<script type="module" src="/assets/${page.name}.js"></script>
</head>
<body${page.deck ? ' class="deck"' : ''}>
${top}${main}
</body>
</html>
`;
}
