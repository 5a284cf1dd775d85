// Méthodologie (/methodologie): the methodology document and every indicator's definition, sources, unit, polarity,
// small-number threshold and attribution rule — all read from the registry through the API.
import { api, type Indicator, type Libelles } from './lib/api.ts';
import { app, clear, h, showError } from './lib/dom.ts';
import { formatCount } from './lib/format.ts';
import { domainLabel, domainsOf } from './lib/labels.ts';
import { markdownToHtml } from './lib/markdown.ts';
import { loadSources, type SourceInfo, showSimulatedBanner } from './lib/sources.ts';
import { apiUrl } from './lib/site.ts';

const root = app();
void showSimulatedBanner();
main().catch((error) => showError(root, error));

interface Section {
  title: string;
  body: string;
}

/** Level-2 sections of the document (its title line excluded). */
function sections(markdown: string): Section[] {
  const out: Section[] = [];
  for (const part of markdown.split(/^(?=## )/m)) {
    const match = /^## (.*)\n?([\s\S]*)$/.exec(part);
    if (match) out.push({ title: match[1].trim(), body: match[2] });
  }
  return out;
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

async function main(): Promise<void> {
  const [doc, labels, sources] = await Promise.all([api.methodologie(), api.libelles(), loadSources()]);
  clear(root);
  const domains = domainsOf(labels, doc.indicateurs);
  const domainTitles = new Set([...labels.domaines.map((d) => d.libelle), 'Indicateurs']);
  // The document's general sections are shown as prose; its per-indicator sections are replaced by the registry's
  // cards.
  const all = sections(doc.document);
  const before = all.slice(
    0,
    Math.max(
      0,
      all.findIndex((x) => domainTitles.has(x.title)),
    ),
  );
  const after = all.filter((x, i) => i >= before.length && !domainTitles.has(x.title));
  const prose = (list: Section[]) =>
    list.map((x) => {
      const el = h('section', { class: 'prose panel', id: slug(x.title) }, h('h2', { style: 'margin-top:0' }, x.title));
      const body = h('div');
      body.innerHTML = markdownToHtml(x.body);
      el.append(body);
      return el;
    });
  const toc = h(
    'nav',
    { class: 'toc', 'aria-label': 'Sommaire' },
    h('strong', null, 'Sommaire'),
    h(
      'ul',
      null,
      before.map((x) => h('li', null, h('a', { href: `#${slug(x.title)}` }, x.title))),
      h(
        'li',
        null,
        h('a', { href: '#indicateurs' }, 'Les indicateurs'),
        h(
          'ul',
          null,
          domains.map((d) => h('li', null, h('a', { href: `#domaine-${d}` }, domainLabel(labels, d)))),
        ),
      ),
      after.map((x) => h('li', null, h('a', { href: `#${slug(x.title)}` }, x.title))),
    ),
  );
  root.append(
    h('h1', null, "Méthodologie commune d'analyse"),
    h(
      'p',
      { class: 'lede' },
      'La même méthode pour tous les CLEE : des indicateurs déclarés, comparés aux moyennes du département et de ' +
        "l'académie, et une règle de verdict qui se lit à voix haute. Télécharger : ",
      h('a', { href: apiUrl('/api/methodologie?format=csv'), download: '' }, 'liste des indicateurs (CSV)'),
      ' · ',
      h(
        'a',
        { href: apiUrl('/api/methodologie?format=md'), download: 'methodologie.md' },
        'document complet (Markdown)',
      ),
      '.',
    ),
    h(
      'div',
      { class: 'with-toc' },
      toc,
      h(
        'div',
        { class: 'stack' },
        ...prose(before),
        h(
          'section',
          { id: 'indicateurs' },
          h('h2', null, `Les ${formatCount(doc.indicateurs.length)} indicateurs`),
          domains.map((d) =>
            h(
              'section',
              { id: `domaine-${d}` },
              h('h3', { style: 'margin-top:1.25rem' }, domainLabel(labels, d)),
              h(
                'div',
                { class: 'grid two' },
                doc.indicateurs.filter((i) => i.domaine === d).map((i) => indicatorCard(i, labels, sources)),
              ),
            ),
          ),
        ),
        ...prose(after),
      ),
    ),
  );
  document.body.dataset.ready = 'true';
}

function indicatorCard(i: Indicator, labels: Libelles, sources: SourceInfo[]): HTMLElement {
  const sourceText = i.sources.map((id) => {
    const s = sources.find((x) => x.id === id);
    return s
      ? `${s.editeur} — ${s.jeu_de_donnees}${s.millesime ? ` (millésime chargé : ${s.millesime_libelle})` : ''}`
      : id;
  });
  return h(
    'article',
    { class: 'indicator-card', id: `indicateur-${i.id}` },
    h('h3', null, i.libelle),
    h('p', { class: 'small', style: 'margin:.25rem 0' }, i.definition),
    h(
      'dl',
      null,
      h('dt', null, 'Identifiant'),
      h('dd', null, h('code', null, i.id)),
      i.formule ? [h('dt', null, 'Calcul'), h('dd', null, i.formule)] : null,
      h('dt', null, 'Nature'),
      h('dd', null, labels.natures.find((n) => n.id === i.nature)?.libelle ?? i.nature),
      h('dt', null, 'Unité'),
      h('dd', null, i.unite),
      h('dt', null, 'Sens'),
      h('dd', null, labels.polarites.find((p) => p.id === i.polarite)?.libelle ?? String(i.polarite)),
      h('dt', null, "Seuil d'effectif"),
      h(
        'dd',
        null,
        `${formatCount(i.seuil_effectif)}${i.denominateur_libelle ? ` ${i.denominateur_libelle}` : ''} — en ` +
          `dessous, la valeur est « non significatif »`,
      ),
      h('dt', null, 'Années'),
      h('dd', null, i.periodes?.length ? i.periodes.map((p) => p.periode).join(', ') : 'selon les données chargées'),
      h('dt', null, 'Sources'),
      h(
        'dd',
        null,
        sourceText.length
          ? h(
              'ul',
              { style: 'margin:0;padding-left:1rem' },
              sourceText.map((s) => h('li', null, s)),
            )
          : '—',
      ),
      h('dt', null, 'Attribution'),
      h('dd', null, i.attribution ?? 'somme des communes ou des établissements du bassin'),
      i.limites ? [h('dt', null, 'Limites'), h('dd', null, i.limites)] : null,
    ),
  );
}
