// Accueil (/): what the tool offers, the basins by département, the API.
import { showSimulatedBanner } from './lib/sources.ts';
import { api } from './lib/api.ts';
import { departementLabel } from './lib/labels.ts';
import { app, clear, h, showError } from './lib/dom.ts';
import { formatCount } from './lib/format.ts';
import { apiUrl, pageUrl, staticSite } from './lib/site.ts';

const root = app();
void showSimulatedBanner();
main().catch((error) => showError(root, error));

async function main(): Promise<void> {
  const [bassins, indicateurs, labels] = await Promise.all([api.bassins(), api.indicateurs(), api.libelles()]);
  // The académie's départements in their order, then any other département a loaded zoning may hold.
  const order = labels.academie.departements.map((d) => d.code);
  const departements = [...new Set(bassins.map((b) => b.departement))].sort(
    (a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  clear(root);
  root.append(
    h('h1', null, 'Diagnostic territorial des CLEE'),
    h(
      'p',
      { class: 'lede' },
      `Comités Locaux École-Entreprise de l'académie de Grenoble : ${formatCount(bassins.length)} bassins, ` +
        `${formatCount(indicateurs.length)} indicateurs, une méthodologie commune. Les chiffres viennent des ` +
        `données publiques chargées dans la base.`,
    ),
    h(
      'div',
      { class: 'cards' },
      h(
        'a',
        { class: 'card', href: pageUrl('fiche', { bassin: bassins[0]?.id }) },
        h('div', { class: 'card-title' }, 'Fiche bassin'),
        h('p', null, 'Préparer le CLEE : chiffres clés, forces et faiblesses, actions proposées. Imprimable en PDF.'),
      ),
      h(
        'a',
        { class: 'card', href: pageUrl('comparaison') },
        h('div', { class: 'card-title' }, 'Comparaison des bassins'),
        h(
          'p',
          null,
          "Classements, croisements d'indicateurs, cartes et évolutions, par département ou pour l'académie. Export " +
            'CSV.',
        ),
      ),
      h(
        'a',
        { class: 'card', href: pageUrl('seminaire') },
        h('div', { class: 'card-title' }, 'Séminaire'),
        h('p', null, 'Diaporama plein écran du contexte socio-économique ; graphiques exportables en SVG et PNG.'),
      ),
      h(
        'a',
        { class: 'card', href: pageUrl('methodologie') },
        h('div', { class: 'card-title' }, 'Méthodologie'),
        h('p', null, 'Définitions, sources, seuils et règle de verdict.'),
      ),
    ),
    h('h2', null, 'Les bassins'),
    h(
      'div',
      { class: 'grid three' },
      departements.map((dep) =>
        h(
          'section',
          { class: 'panel' },
          h('h3', null, departementLabel(labels, dep)),
          h(
            'p',
            { class: 'small' },
            h('a', { href: pageUrl('comparaison', { departement: dep }) }, 'Comparer ces bassins'),
            ' · ',
            h('a', { href: pageUrl('seminaire', { territoire: dep }) }, 'Séminaire départemental'),
          ),
          h(
            'ul',
            { style: 'padding-left:1.1rem;margin:.25rem 0' },
            bassins
              .filter((b) => b.departement === dep)
              .map((b) =>
                h(
                  'li',
                  null,
                  h('a', { href: pageUrl('fiche', { bassin: b.id }) }, b.nom),
                  b.population ? h('span', { class: 'muted small' }, ` · ${formatCount(b.population)} hab.`) : null,
                ),
              ),
          ),
        ),
      ),
    ),
    h('h2', null, staticSite() ? 'Données ouvertes (fichiers publiés)' : 'Données ouvertes (API)'),
    h(
      'p',
      { class: 'small' },
      staticSite()
        ? 'Chaque fichier existe en JSON et en CSV pour tableur (séparateur point-virgule, virgule décimale).'
        : 'Chaque adresse existe en JSON, en CSV pour tableur (?format=csv : séparateur point-virgule, virgule ' +
            'décimale) et en Apache Arrow (?format=arrow).',
    ),
    h(
      'ul',
      { class: 'small' },
      [
        ['/api/bassins', 'les bassins'],
        ['/api/indicateurs', 'le registre des indicateurs'],
        [
          `/api/indicateurs/${indicateurs[0]?.id ?? 'ID'}/valeurs?niveau=bassin`,
          "les valeurs d'un indicateur (niveau=bassin|departement|academie, annee, departement)",
        ],
        [
          bassins[0] ? `/api/bassins/${encodeURIComponent(bassins[0].id)}/diagnostic` : '/api/bassins/ID/diagnostic',
          "le diagnostic d'un bassin",
        ],
        ['/api/methodologie', 'la méthodologie'],
        ['/api/sources', 'les sources et millésimes chargés'],
      ].map(([href, text]) =>
        h(
          'li',
          null,
          h('a', { href: apiUrl(href) }, apiUrl(href)),
          ` — ${text} (`,
          h('a', { href: apiUrl(`${href}${href.includes('?') ? '&' : '?'}format=csv`) }, 'CSV'),
          ')',
        ),
      ),
    ),
    h(
      'p',
      { class: 'small muted' },
      `Départements : ${labels.academie.departements.map((d) => d.libelle).join(', ')}.`,
    ),
  );
  document.body.dataset.ready = 'true';
}
