// Séminaire (/seminaire?territoire=academie|07|26|38|73|74): full-screen slides on the socio-economic context,
// keyboard navigation (←/→, Page précédente/suivante, Début/Fin), slide counter, every chart exportable (SVG, PNG).
import { api, type Bassin, type IndicatorDefinition, type Libelles, type TerritoryValue } from './lib/api.ts';
import { rankedBars, territoryTrend, unitNote, verdictMatrix } from './lib/charts.ts';
import { app, clear, h, params, showError } from './lib/dom.ts';
import { deckControls } from './lib/deck-controls.ts';
import { chartFigure, verdictLegend } from './lib/figure.ts';
import { ranking } from './lib/ranking.ts';
import { formatGap, formatNumber, formatValue } from './lib/format.ts';
import { lowerFirst } from '../../src/shared/text.ts';
import { departementLabel, departementName, domainLabel, domainsOf, isAcademieDepartement } from './lib/labels.ts';
import { loadSources, sourceLine, type SourceInfo, showSimulatedBanner } from './lib/sources.ts';
import { pageUrl } from './lib/site.ts';
import { fitCharts, fitted, slideScale } from './lib/slide-fit.ts';
import { tableHead } from './lib/table.ts';
import { metiersSlide } from './seminaire/metiers.ts';

const root = app();
void showSimulatedBanner();
main().catch((error) => {
  document.body.classList.remove('deck');
  root.className = 'page';
  showError(root, error);
});

interface Territory {
  /** '' for the académie. */
  departement: string;
  nom: string;
}

interface Ctx {
  /** Screen pixels per chart unit: charts are drawn at 1/scale of their box, so text is larger on a projected slide. */
  scale: number;
  territory: Territory;
  bassins: Bassin[];
  indicateurs: IndicatorDefinition[];
  libelles: Libelles;
  sources: SourceInfo[];
  width: number;
  height: number;
}

async function main(): Promise<void> {
  const requested = params().get('territoire') ?? 'academie';
  const [bassins, registry, libelles, sources] = await Promise.all([
    api.bassins(),
    api.indicateurs(),
    api.libelles(),
    loadSources(),
  ]);
  if (requested !== 'academie' && !isAcademieDepartement(libelles, requested)) {
    const codes = libelles.academie.departements.map((d) => d.code);
    throw new Error(`Territoire inconnu : « ${requested} ». Choisir academie, ${codes.join(', ')}.`);
  }
  const territory: Territory =
    requested === 'academie'
      ? { departement: '', nom: libelles.academie.nom }
      : { departement: requested, nom: departementLabel(libelles, requested) };
  document.title = `Séminaire — contexte socio-économique — ${territory.nom}`;
  // The speaker's choice of indicators (`indicateurs=ID,…`), kept in the shareable URL.
  const chosen = (params().get('indicateurs') ?? '').split(',').filter(Boolean);
  const unknown = chosen.filter((id) => !registry.some((i) => i.id === id));
  if (unknown.length) throw new Error(`Indicateur inconnu dans l'adresse : ${unknown.join(', ')}.`);
  const indicateurs = chosen.length ? registry.filter((i) => chosen.includes(i.id)) : registry;
  const ctx: Ctx = {
    scale: slideScale(),
    territory,
    bassins,
    indicateurs,
    libelles,
    sources,
    width: window.innerWidth,
    height: window.innerHeight,
  };
  const slides: HTMLElement[] = [titleSlide(ctx)];
  const domains = domainsOf(libelles, indicateurs);
  for (const domain of domains)
    slides.push(
      await domainSlide(
        ctx,
        domain,
        indicateurs.filter((i) => i.domaine === domain),
      ),
    );
  slides.push(...(await synthesisSlides(ctx)));
  const metiers = await metiersSlide(ctx.territory.departement, ctx.territory.nom, slide);
  if (metiers) slides.push(metiers);
  slides.push(sourcesSlide(ctx));
  // The speaker's choice of slides (`diapos=1,3,4`, positions in the full deck), kept in the shareable URL.
  const picked = (params().get('diapos') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= slides.length);
  mountDeck(picked.length ? picked.map((n) => slides[n - 1]) : slides, document.title, libelles);
  document.body.dataset.ready = 'true';
}

function slide(kicker: string, title: string, ...content: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: 'slide', 'aria-roledescription': 'diapositive', 'aria-label': title },
    h('div', { class: 'kicker' }, kicker),
    h('h2', null, title),
    ...content,
  );
}

function titleSlide(ctx: Ctx): HTMLElement {
  const bassins = ctx.territory.departement
    ? ctx.bassins.filter((b) => b.departement === ctx.territory.departement)
    : ctx.bassins;
  return h(
    'section',
    { class: 'slide title-slide', 'aria-roledescription': 'diapositive', 'aria-label': 'Titre' },
    h('div', { class: 'kicker', style: 'color:#cfe0f5' }, 'Séminaire des Comités Locaux École-Entreprise'),
    h('h1', null, `Le contexte socio-économique — ${ctx.territory.nom}`),
    h(
      'p',
      null,
      `${bassins.length} bassins de formation · ${ctx.libelles.domaines.map((d) => lowerFirst(d.libelle)).join(', ')}.`,
    ),
    h(
      'p',
      { style: 'font-size:1rem;opacity:.8' },
      "Navigation : flèches du clavier, Page précédente / suivante, Début / Fin. Chaque graphique s'exporte en SVG " +
        'ou PNG.',
    ),
  );
}

/** Values of the territory (département or académie) and of the académie for an indicator, latest year, series. */
async function territoryValues(
  ctx: Ctx,
  def: IndicatorDefinition,
): Promise<{ territory: TerritoryValue | null; academie: TerritoryValue | null }> {
  const academie = (await api.valeurs(def.id, { niveau: 'academie' }).catch(() => []))[0] ?? null;
  if (!ctx.territory.departement) return { territory: academie, academie };
  const dep =
    (await api.valeurs(def.id, { niveau: 'departement', departement: ctx.territory.departement }).catch(() => [])).find(
      (v) => v.code === ctx.territory.departement,
    ) ?? null;
  return { territory: dep, academie };
}

async function domainSlide(ctx: Ctx, domain: string, defs: IndicatorDefinition[]): Promise<HTMLElement> {
  const main = defs.find((d) => d.polarite !== 0) ?? defs[0];
  const headline = await Promise.all(
    defs.slice(0, 4).map(async (def) => ({ def, ...(await territoryValues(ctx, def)) })),
  );
  // Long units (« pour 100 actifs de 15-24 ans ») go under the number, not after it.
  const longUnit = (unite: string) => !['%', '‰', 'nombre', 'indice'].includes(unite);
  const cards = h(
    'div',
    { class: 'headline' },
    headline.map(({ def, territory, academie }) => {
      const gap = territory?.ecart_academie ?? null;
      const value = longUnit(def.unite)
        ? formatNumber(territory?.valeur, def.unite)
        : formatValue(territory?.valeur, def.unite);
      const ref = longUnit(def.unite)
        ? formatNumber(academie?.valeur, def.unite)
        : formatValue(academie?.valeur, def.unite);
      const gapText = longUnit(def.unite)
        ? gap === null
          ? '—'
          : `${gap > 0 ? '+' : ''}${formatNumber(gap, def.unite)}`
        : formatGap(gap, def.unite);
      // A count is not compared with the académie's count (a département is always smaller): its period only.
      const compared = ctx.territory.departement && def.nature !== 'effectif';
      return h(
        'div',
        { class: 'figure-card' },
        h('div', { class: 'value' }, value),
        h(
          'div',
          { class: 'label' },
          def.libelle,
          longUnit(def.unite) && !def.libelle.includes(def.unite) ? ` (${def.unite})` : '',
        ),
        h(
          'div',
          { class: 'ref' },
          compared ? `académie : ${ref} (${gapText}) · ${territory?.periode ?? ''}` : `${territory?.periode ?? ''}`,
        ),
      );
    }),
  );
  const bars = await barsFigure(ctx, main);
  // The trend of the main indicator; with a single year, the ranking of the domain's next indicator instead.
  const own = headline.find((x) => x.def.id === main.id) ?? { def: main, ...(await territoryValues(ctx, main)) };
  let second = trendFigure(ctx, own);
  const next = defs.find((d) => d.id !== main.id && d.polarite !== 0) ?? defs.find((d) => d.id !== main.id);
  if (!second.querySelector('svg') && next) second = await barsFigure(ctx, next);
  // The ranking takes the full height on the left (every basin on its own line); key figures and trend on the right.
  return slide(
    domainLabel(ctx.libelles, domain),
    main.libelle,
    h('div', { class: 'slide-body domain' }, bars, h('div', { class: 'side' }, cards, second)),
  );
}

async function barsFigure(ctx: Ctx, def: IndicatorDefinition): Promise<HTMLElement> {
  const departement = ctx.territory.departement || undefined;
  const comparison = await api.comparaison({ departement, indicateur: def.id });
  const shown = ranking(comparison, def, departement, ctx);
  const annee = shown.values[0]?.annee ?? null;
  const draw = (width: number, height: number) =>
    rankedBars(shown.values, { ...shown.bars, width, height, wrapLabels: true });
  return chartFigure({
    title: `${def.libelle} par bassin${unitNote(def.unite)}, ${shown.periode || annee || ''}`,
    caption: shown.caption,
    legend: shown.legend,
    chart: fitted(draw, { width: 560, height: 420 }),
  });
}

/** The territory and the académie over the years: the series the API sent with their latest values. */
function trendFigure(
  ctx: Ctx,
  {
    def,
    territory,
    academie,
  }: { def: IndicatorDefinition; territory: TerritoryValue | null; academie: TerritoryValue | null },
): HTMLElement {
  const departement = ctx.territory.departement;
  const series: { nom: string; annee: number; valeur: number | null; reference?: boolean }[] = [
    ...(departement && territory
      ? (territory.serie ?? []).map((p) => ({ nom: departementName(ctx.libelles, departement), ...p }))
      : []),
    ...(academie?.serie ?? []).map((p) => ({ nom: 'Académie', ...p, reference: Boolean(departement) })),
  ];
  const years = [...new Set(series.filter((p) => p.valeur !== null).map((p) => p.annee))].sort((a, b) => a - b);
  if (years.length < 2) {
    return h(
      'figure',
      { class: 'chart' },
      h('div', { class: 'chart-title' }, `Évolution : ${lowerFirst(def.libelle)}`),
      h('p', { class: 'muted' }, "Une seule année disponible : pas d'évolution à montrer."),
    );
  }
  const draw = (width: number, height: number) =>
    territoryTrend(series, { unite: def.unite, libelle: def.libelle, width, height });
  return chartFigure({
    title: `Évolution : ${lowerFirst(def.libelle)}${unitNote(def.unite)}`,
    caption: `${sourceLine(def, null, ctx.sources)} Années ${years[0]}–${years[years.length - 1]}.`,
    chart: fitted(draw, { width: 480, height: 260 }),
  });
}

/** At most this many indicators per synthesis slide: each row stays tall enough to read on a projector. */
const SYNTHESIS_ROWS = 12;

/** Indicators grouped by domain, whole domains per slide while they fit, a long domain split in even parts. */
function synthesisGroups(ctx: Ctx, defs: IndicatorDefinition[]): IndicatorDefinition[][] {
  const groups: IndicatorDefinition[][] = [];
  for (const domain of domainsOf(ctx.libelles, defs)) {
    const own = defs.filter((d) => d.domaine === domain);
    const parts = Math.ceil(own.length / SYNTHESIS_ROWS);
    const size = Math.ceil(own.length / parts);
    for (let i = 0; i < own.length; i += size) {
      const part = own.slice(i, i + size);
      const last = groups[groups.length - 1];
      if (last && parts === 1 && last.length + part.length <= SYNTHESIS_ROWS) last.push(...part);
      else groups.push(part);
    }
  }
  return groups;
}

async function synthesisSlides(ctx: Ctx): Promise<HTMLElement[]> {
  const departement = ctx.territory.departement || undefined;
  const defs = ctx.indicateurs.filter((i) => i.polarite !== 0);
  // One call: every indicator's basins, each at its latest year.
  const { bassins } = await api.comparaison({ departement });
  const groups = synthesisGroups(ctx, defs);
  return groups.map((group, i) => {
    const values = group.flatMap((def) =>
      bassins
        .filter((v) => v.indicateur === def.id && (!departement || v.departement === departement))
        .map((v) => ({ ...v, libelle: def.libelle })),
    );
    const basins = [...new Set(values.map((v) => v.nom))].sort((a, b) => a.localeCompare(b, 'fr'));
    const annees = [...new Set(values.map((v) => v.annee))].sort();
    const part = groups.length > 1 ? ` (${i + 1}/${groups.length})` : '';
    const domains = domainsOf(ctx.libelles, group).map((d) => lowerFirst(domainLabel(ctx.libelles, d)));
    const draw = (width: number, height: number) =>
      verdictMatrix(values, { basins, indicators: group.map((d) => d.libelle), width, height });
    return slide(
      `Synthèse${part}`,
      `Forces et faiblesses des bassins — ${ctx.territory.nom}`,
      h(
        'div',
        { class: 'slide-body cols-1' },
        chartFigure({
          title: `Verdict de chaque indicateur, par bassin : ${domains.join(', ')}`,
          caption:
            `${sourceLine(group, null, ctx.sources)} Dernière année de chaque indicateur ` +
            `(${annees.join(', ')}). Règle de verdict : page Méthodologie.`,
          legend: verdictLegend(ctx.libelles),
          chart: fitted(draw, { width: 960, height: 420 }),
        }),
      ),
    );
  });
}

function sourcesSlide(ctx: Ctx): HTMLElement {
  const used = new Set(ctx.indicateurs.flatMap((i) => i.sources));
  const rows = ctx.sources.filter((s) => used.has(s.id));
  return slide(
    'Sources et méthode',
    "D'où viennent ces chiffres",
    h(
      'div',
      { class: 'slide-body cols-1', style: 'overflow:auto' },
      h(
        'div',
        null,
        h(
          'table',
          { class: 'data' },
          tableHead(['Producteur', 'Jeu de données', 'Millésime chargé']),
          h(
            'tbody',
            null,
            rows.map((s) =>
              h(
                'tr',
                null,
                h('td', null, s.editeur),
                h('td', null, s.jeu_de_donnees),
                h('td', null, s.millesime_libelle ?? '—'),
              ),
            ),
          ),
        ),
        h(
          'p',
          null,
          "Les valeurs publiées par zone d'emploi ou par département sont rapportées aux bassins selon une règle " +
            'déclarée pour chaque indicateur. Une valeur calculée sur un effectif trop faible est marquée « non ' +
            "significatif » et n'est jamais classée en force ou en faiblesse. ",
          h('a', { href: pageUrl('methodologie') }, 'Méthodologie complète'),
          '.',
        ),
      ),
    ),
  );
}

function mountDeck(slides: HTMLElement[], title: string, labels: Libelles): void {
  clear(root);
  const controls = deckControls(slides, title);
  const counter = h('span', { class: 'counter', 'aria-live': 'polite', id: 'compteur' });
  let current = Math.min(slides.length - 1, Math.max(0, Number(location.hash.slice(1)) - 1 || 0));
  const show = (index: number) => {
    current = Math.min(slides.length - 1, Math.max(0, index));
    slides.forEach((s, i) => s.classList.toggle('active', i === current));
    counter.textContent = `${current + 1} / ${slides.length}`;
    controls.onShow(current);
    history.replaceState(null, '', `${location.pathname}${location.search}#${current + 1}`);
  };
  const territorySelect = h(
    'select',
    { 'aria-label': 'Territoire', id: 'choix-territoire' },
    [['academie', labels.academie.nom], ...labels.academie.departements.map((d) => [d.code, d.libelle])].map(
      ([value, label]) => {
        const option = h('option', { value }, label);
        if ((params().get('territoire') ?? 'academie') === value) option.selected = true;
        return option;
      },
    ),
  );
  territorySelect.addEventListener('change', () => {
    const query = new URLSearchParams(location.search);
    query.set('territoire', territorySelect.value);
    query.delete('notes'); // notes were written for the slides of the other territory
    location.search = query.toString();
  });
  const bar = h(
    'div',
    { class: 'deck-bar' },
    h('div', { class: 'nav' }, h('a', { href: pageUrl('accueil'), class: 'small' }, 'Accueil'), territorySelect),
    h(
      'div',
      { class: 'nav' },
      h(
        'button',
        { type: 'button', 'aria-label': 'Diapositive précédente', onclick: () => show(current - 1) },
        arrow(-1),
      ),
      counter,
      h('button', { type: 'button', 'aria-label': 'Diapositive suivante', onclick: () => show(current + 1) }, arrow(1)),
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            (document.fullscreenElement
              ? document.exitFullscreen()
              : document.documentElement.requestFullscreen()
            ).catch(() => undefined),
        },
        'Plein écran',
      ),
      ...controls.buttons,
    ),
  );
  root.append(...slides, controls.panel, bar);
  // Charts drawn to the boxes the slides give them, again when the window changes size (projector, full screen).
  fitCharts(slides, slideScale());
  let resizing: number | undefined;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = window.setTimeout(() => fitCharts(slides, slideScale()), 150);
  });
  document.addEventListener('keydown', (event) => {
    if (
      event.target instanceof HTMLSelectElement ||
      event.target instanceof HTMLTextAreaElement ||
      event.altKey ||
      event.ctrlKey ||
      event.metaKey
    )
      return;
    const actions: Record<string, () => void> = {
      ArrowRight: () => show(current + 1),
      ArrowDown: () => show(current + 1),
      PageDown: () => show(current + 1),
      ' ': () => show(current + 1),
      ArrowLeft: () => show(current - 1),
      ArrowUp: () => show(current - 1),
      PageUp: () => show(current - 1),
      Home: () => show(0),
      End: () => show(slides.length - 1),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
  show(current);
}

/** A chevron drawn in SVG: arrow characters are missing from some fonts (projector PCs, minimal systems). */
function arrow(direction: -1 | 1): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', direction < 0 ? 'M10 3 5 8l5 5' : 'M6 3l5 5-5 5');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  svg.append(path);
  return svg;
}
