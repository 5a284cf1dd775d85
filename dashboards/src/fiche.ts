// Fiche bassin (/fiche/:id): key figures, the basin on the map, strengths and weaknesses with their sentences, every
// indicator against its département and académie references with its trend, the proposed actions. Printable (PDF).
import {
  type ActionsConcretesResult,
  api,
  type Bassin,
  type Diagnostic,
  type DiagnosticLine,
  type TerritoryValue,
} from './lib/api.ts';
import { referenceStrip, trendChart } from './lib/charts.ts';
import { app, clear, h, params, select, setParams, showError } from './lib/dom.ts';
import { tableHead } from './lib/table.ts';
import { chartFigure, verdictLegend } from './lib/figure.ts';
import { figureCard } from './lib/figure-card.ts';
import { formatCount, formatGap, formatValue, plural } from './lib/format.ts';
import { bassinMap, mapCaption } from './lib/map.ts';
import { COLORS } from './lib/palette.ts';
import { sourceLine, showSimulatedBanner } from './lib/sources.ts';
import { loadPageContext, type PageContext } from './lib/context.ts';
import { departementLabel, domainLabel, domainsOf } from './lib/labels.ts';
import { apiUrl, pageBassin, pageUrl, publishedFiche } from './lib/site.ts';
import { employeursSection } from './fiche/employeurs.ts';
import { etablissementsSection } from './fiche/etablissements.ts';
import { metiersSection } from './fiche/metiers.ts';

type Context = PageContext;

const root = app();
void showSimulatedBanner();
main().catch((error) => showError(root, error));

async function main(): Promise<void> {
  const ctx = await loadPageContext();
  const { bassins } = ctx;
  if (bassins.length === 0)
    throw new Error('Aucun bassin dans la base : chargez le zonage des bassins (clee ingest) ou lancez « npm start ».');
  const fromPath = pageBassin();
  const requested = fromPath || params().get('bassin') || '';
  const bassin = bassins.find((b) => b.id === requested) ?? bassins[0];
  const annee = params().get('annee') ?? undefined;
  if (bassin.id !== fromPath) history.replaceState(null, '', pageUrl('fiche', { bassin: bassin.id, annee }));
  await render(ctx, bassin, Number(annee) || undefined);
}

async function render(ctx: Context, bassin: Bassin, annee?: number): Promise<void> {
  document.body.dataset.ready = 'false';
  const [diagnostic, pdf] = await Promise.all([api.diagnostic(bassin.id, annee), publishedFiche(bassin.id)]);
  document.title = `Fiche bassin ${diagnostic.bassin.nom} — CLEE académie de Grenoble`;
  const listsHolder = h('p', { class: 'loading' }, 'Chargement des métiers, établissements et employeurs…');
  const actions = actionsSection(diagnostic, undefined);
  clear(root);
  root.append(
    header(ctx, bassin, diagnostic, annee ? null : pdf),
    keyFigures(diagnostic, bassin),
    h(
      'div',
      { class: 'grid three top' },
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'carte-titre' },
        h('h2', { id: 'carte-titre', class: 'sr-only' }, 'Situation du bassin'),
        mapFigure(ctx, bassin),
      ),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'forces-titre' },
        h(
          'h2',
          { id: 'forces-titre', class: 'panel-title' },
          h('span', { class: 'badge force' }, 'Forces'),
          ` ${diagnostic.forces.length}`,
        ),
        verdictList(diagnostic, 'force'),
      ),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'faiblesses-titre' },
        h(
          'h2',
          { id: 'faiblesses-titre', class: 'panel-title' },
          h('span', { class: 'badge faiblesse' }, 'Faiblesses'),
          ` ${diagnostic.faiblesses.length}`,
        ),
        verdictList(diagnostic, 'faiblesse'),
      ),
    ),
    indicatorSection(ctx, diagnostic),
    ...missingSection(diagnostic),
    comparablesSection(diagnostic),
    listsHolder,
    actions,
    h(
      'section',
      null,
      h('h2', null, 'Règle de lecture'),
      h(
        'p',
        { class: 'small' },
        diagnostic.regle_verdict,
        ' ',
        h('a', { href: pageUrl('methodologie') }, 'Méthodologie complète'),
        '.',
      ),
      h(
        'p',
        { class: 'small muted' },
        `Diagnostic généré le ${new Date(diagnostic.genere_le).toLocaleString('fr-FR')} à partir des données ` +
          `chargées dans la base.`,
      ),
    ),
  );
  // The diagnostic is drawn first; the lists and the concrete sentences follow as their answers come.
  await Promise.all([
    addDistributions(ctx, diagnostic),
    listSections(ctx, bassin).then((sections) => listsHolder.replaceWith(...sections)),
    api
      .actionsConcretes(bassin.id)
      .catch((error: unknown) => error)
      .then((concretes) => actions.replaceWith(actionsSection(diagnostic, concretes))),
  ]);
  document.body.dataset.ready = 'true';
}

function header(ctx: Context, bassin: Bassin, diagnostic: Diagnostic, pdf: string | null): HTMLElement {
  const years = [...new Set(diagnostic.indicateurs.flatMap((l) => l.serie.map((p) => p.annee)))].sort((a, b) => b - a);
  const bassinSelect = select(
    ctx.bassins.map((b) => ({ value: b.id, label: b.nom, group: departementLabel(ctx.libelles, b.departement) })),
    bassin.id,
    (id) => {
      const next = ctx.bassins.find((b) => b.id === id) as Bassin;
      history.pushState(null, '', pageUrl('fiche', { bassin: id }));
      render(ctx, next).catch((error) => showError(root, error));
    },
    { id: 'choix-bassin', name: 'bassin' },
  );
  const yearSelect = select(
    [
      { value: '', label: `la plus récente${diagnostic.annee ? ` (${diagnostic.annee})` : ''}` },
      ...years.map((y) => ({ value: String(y), label: String(y) })),
    ],
    params().get('annee') ?? '',
    (value) => {
      setParams({ annee: value || undefined });
      render(ctx, bassin, Number(value) || undefined).catch((error) => showError(root, error));
    },
    { id: 'choix-annee', name: 'annee' },
  );
  return h(
    'header',
    null,
    h('h1', null, `Fiche bassin : ${diagnostic.bassin.nom}`),
    h(
      'p',
      { class: 'lede' },
      `${departementLabel(ctx.libelles, diagnostic.bassin.departement)} · ${plural(bassin.communes, 'commune')}`,
      diagnostic.annee ? ` · diagnostic ${diagnostic.annee}` : '',
      " · comparé à la moyenne de son département et de l'académie de Grenoble.",
    ),
    h(
      'div',
      { class: 'controls' },
      h('label', { for: 'choix-bassin' }, 'Bassin', bassinSelect),
      h('label', { for: 'choix-annee' }, 'Année', yearSelect),
      h('button', { type: 'button', onclick: () => window.print() }, 'Imprimer / PDF'),
      pdf ? h('a', { class: 'button', href: pdf, download: '' }, 'Fiche PDF') : null,
      h('a', { class: 'button', href: '#metiers' }, 'Métiers qui recrutent'),
      h('a', { class: 'button', href: '#etablissements' }, 'Établissements'),
      h('a', { class: 'button', href: '#employeurs' }, 'Employeurs'),
      h(
        'a',
        {
          class: 'button',
          href: apiUrl(
            `/api/bassins/${encodeURIComponent(bassin.id)}/diagnostic?format=csv` +
              (diagnostic.annee && params().get('annee') ? `&annee=${diagnostic.annee}` : ''),
          ),
          download: '',
        },
        'Données (CSV)',
      ),
    ),
  );
}

/** Key figures of the basin: population, then counts and rates read from the diagnostic lines, each with its period. */
function keyFigures(diagnostic: Diagnostic, bassin: Bassin): HTMLElement {
  const line = (id: string) => diagnostic.indicateurs.find((l) => l.id === id);
  const cards: HTMLElement[] = [];
  if (bassin.population)
    cards.push(figureCard(formatCount(bassin.population), 'habitants', plural(bassin.communes, 'commune')));
  const jeunes = line('part_15_24');
  if (jeunes?.numerateur != null)
    cards.push(
      figureCard(
        formatCount(jeunes.numerateur),
        'jeunes de 15 à 24 ans',
        `${formatValue(jeunes.valeur, jeunes.unite)} des 15-64 ans · ${jeunes.periode}`,
      ),
    );
  const college = line('eleves_college');
  if (college?.valeur != null)
    cards.push(figureCard(formatCount(college.valeur), 'collégiens', college.periode ?? null));
  // The lycéens of both tracks: the denominator the methodology computed for the vocational share.
  const voiePro = line('part_voie_pro');
  if (voiePro?.denominateur != null)
    cards.push(
      figureCard(
        formatCount(voiePro.denominateur),
        'lycéens',
        `${formatValue(voiePro.valeur, voiePro.unite)} en voie pro · ${voiePro.periode}`,
      ),
    );
  const chomage = line('chomage_15_24');
  if (chomage)
    cards.push(
      figureCard(
        formatValue(chomage.valeur, chomage.unite),
        'taux de chômage des 15-24 ans',
        `académie : ${formatValue(chomage.reference, chomage.unite)} · ${chomage.periode}`,
      ),
    );
  cards.push(
    figureCard(
      `${diagnostic.forces.length} / ${diagnostic.faiblesses.length}`,
      'forces / faiblesses',
      `sur ${plural(diagnostic.indicateurs.length, 'indicateur')}`,
    ),
  );
  return h('section', { class: 'figures', 'aria-label': 'Chiffres clés' }, cards);
}

function mapFigure(ctx: Context, bassin: Bassin): HTMLElement {
  const svg = bassinMap({
    contours: ctx.contours,
    bassins: ctx.bassins,
    departements: ctx.libelles.academie.departements,
    departement: bassin.departement,
    highlight: bassin.id,
    fill: (id) => (id === bassin.id ? COLORS.force : '#dfe3ea'),
    width: 340,
  });
  return chartFigure({
    title: `${bassin.nom} dans son département : ${departementLabel(ctx.libelles, bassin.departement)}`,
    caption: `${mapCaption(ctx.contours)}. Zonage : bassins de formation de l'académie de Grenoble.`,
    chart: svg,
  });
}

function lineFor(diagnostic: Diagnostic, item: string): DiagnosticLine | undefined {
  return diagnostic.indicateurs.find((l) => l.id === item || l.indicateur === item);
}

function verdictList(diagnostic: Diagnostic, kind: 'force' | 'faiblesse'): HTMLElement {
  const items = kind === 'force' ? diagnostic.forces : diagnostic.faiblesses;
  const entries = items.length ? items : diagnostic.indicateurs.filter((l) => l.verdict === kind).map((l) => l.id);
  if (entries.length === 0)
    return h(
      'p',
      { class: 'muted small' },
      kind === 'force'
        ? 'Aucune force nette au regard de la règle de verdict.'
        : 'Aucune faiblesse nette au regard de la règle de verdict.',
    );
  return h(
    'ul',
    { class: `verdict-list ${kind}` },
    entries.map((item) => {
      const line = lineFor(diagnostic, item);
      return line ? h('li', null, h('span', { class: 'what' }, line.libelle), line.explication) : h('li', null, item);
    }),
  );
}

function indicatorSection(ctx: Context, diagnostic: Diagnostic): HTMLElement {
  const domains = domainsOf(ctx.libelles, diagnostic.indicateurs);
  const has = (key: 'france' | 'comparables') => diagnostic.indicateurs.some((l) => l.references[key]);
  const sens = [...new Set(diagnostic.indicateurs.filter((l) => l.rang).map((l) => l.rang_sens))];
  return h(
    'section',
    { 'aria-labelledby': 'ind-titre' },
    h('h2', { id: 'ind-titre' }, 'Les indicateurs du bassin'),
    h(
      'p',
      { class: 'small muted' },
      "Chaque ligne : la valeur du bassin (point) et sa marge d'incertitude à 95 % (bande grise), les références " +
        `(${ctx.libelles.references
          .filter((r) => r.id !== 'france' || has('france'))
          .filter((r) => r.id !== 'comparables' || has('comparables'))
          .map((r) => r.libelle.toLowerCase())
          .join(', ')}) et les autres bassins de l'académie (points gris) ; à droite, l'évolution du bassin. ` +
        `Rangs : ${sens.map((s) => ctx.libelles.rangs[s]).join(' ; ')}. Survolez un point pour le détail.`,
    ),
    verdictLegend(ctx.libelles, {
      references: true,
      departement: true,
      intervalle: true,
      france: has('france'),
      comparables: has('comparables'),
    }),
    domains.map((domain) =>
      h(
        'div',
        { class: 'panel domain' },
        h('h3', null, domainLabel(ctx.libelles, domain)),
        diagnostic.indicateurs.filter((l) => l.domaine === domain).map((l) => indicatorRow(ctx, l)),
      ),
    ),
  );
}

/** The comparable basins and the profile they were chosen on (served by the API with the diagnostic). */
function comparablesSection(diagnostic: Diagnostic): HTMLElement {
  const profil = diagnostic.profil_comparables;
  if (!profil || profil.bassins.length < 2) return h('div', { hidden: true });
  return h(
    'section',
    { class: 'panel comparables', 'aria-labelledby': 'comparables-titre', style: 'margin-top:1rem' },
    h('h2', { id: 'comparables-titre' }, 'Les bassins comparables'),
    h(
      'p',
      { class: 'small muted' },
      `Les ${profil.bassins.length - 1} bassins les plus proches de ${diagnostic.bassin.nom} par leur structure. ` +
        profil.regle,
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data' },
        tableHead(['Bassin', ...profil.variables.map((v) => v.libelle)]),
        h(
          'tbody',
          null,
          profil.bassins.map((b, i) =>
            h(
              'tr',
              i === 0 ? { class: 'highlight' } : null,
              h(
                'td',
                null,
                i === 0 ? h('strong', null, b.nom) : h('a', { href: pageUrl('fiche', { bassin: b.id }) }, b.nom),
              ),
              b.valeurs.map((v) => h('td', { class: 'num' }, v ?? '—')),
            ),
          ),
        ),
      ),
    ),
  );
}

function badge(line: DiagnosticLine): HTMLElement {
  return h('span', { class: `badge ${line.verdict}` }, line.verdict_libelle);
}

/** The API's badge for a value from a coarser level or missing schools (its explanation as the tooltip). */
function attributionBadge(line: DiagnosticLine): HTMLElement | null {
  const alerte = line.alerte_attribution;
  return alerte ? h('span', { class: 'badge attribution', title: alerte.explication }, alerte.libelle) : null;
}

/** Indicators without any value for the basin, each with what it lacks, as the API says it. */
function missingSection(diagnostic: Diagnostic): HTMLElement[] {
  if (!diagnostic.indisponibles.length) return [];
  return [
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'indisponibles-titre', 'data-indisponibles': '' },
      h('h2', { id: 'indisponibles-titre', class: 'panel-title' }, 'Indicateurs sans données'),
      h(
        'ul',
        { class: 'indisponibles' },
        diagnostic.indisponibles.map((i) =>
          h(
            'li',
            { 'data-indicateur': i.id },
            h('span', { class: 'what' }, i.libelle),
            ' — ',
            h('span', { class: 'manque' }, i.manque),
          ),
        ),
      ),
    ),
  ];
}

function indicatorRow(ctx: Context, line: DiagnosticLine): HTMLElement {
  const def = ctx.indicateurs.find((i) => i.id === line.id);
  const dep = line.references.departement;
  const acad = line.references.academie;
  // A count's département and académie « references » are totals: no reference ticks, no gap.
  const count = def?.nature === 'effectif';
  const strip = h(
    'div',
    { class: 'strip', 'data-indicateur': line.id },
    referenceStrip({ line, width: 400, references: !count }),
  );
  const gapText = (key: 'france' | 'comparables', label: string) => {
    const ref = line.references[key];
    return ref
      ? `${label} : ${formatValue(ref.valeur, line.unite)} (écart ${formatGap(line.ecarts[key], line.unite)})`
      : '';
  };
  const refs = count
    ? `Total ${dep?.nom ?? 'du département'} : ${formatValue(dep?.valeur, line.unite)} · total académique : ` +
      `${formatValue(acad?.valeur, line.unite)}`
    : [
        `${dep?.nom ?? 'Département'} : ${formatValue(dep?.valeur, line.unite)}`,
        `académie : ${formatValue(acad?.valeur ?? line.reference, line.unite)} ` +
          `(écart ${formatGap(line.ecart, line.unite)})`,
        gapText('france', 'France'),
        gapText('comparables', 'bassins comparables'),
      ]
        .filter(Boolean)
        .join(' · ');
  const interval = line.intervalle
    ? `marge à 95 % : ${formatValue(line.intervalle[0], line.unite)} à ${formatValue(line.intervalle[1], line.unite)}`
    : '';
  return h(
    'div',
    { class: 'indicator-row', 'data-indicateur': line.id },
    h(
      'div',
      { class: 'text' },
      h('div', { class: 'name' }, line.libelle, ' ', badge(line), attributionBadge(line)),
      h(
        'div',
        { class: 'value' },
        formatValue(line.valeur, line.unite),
        h('span', { class: 'period' }, ` ${line.periode ?? line.annee}`),
        interval ? h('span', { class: 'interval small muted' }, ` (${interval})`) : null,
      ),
      h('div', { class: 'meta' }, refs, line.rang_libelle ? ` · ${line.rang_libelle}` : ''),
      line.alerte_attribution
        ? h('div', { class: 'attribution-note small' }, line.alerte_attribution.explication)
        : null,
      line.manque ? h('div', { class: 'manque small' }, line.manque) : null,
    ),
    h('div', { class: 'sentence' }, line.explication),
    strip,
    h('div', { class: 'trend' }, trendChart(line, 230)),
    h(
      'div',
      { class: 'source' },
      def ? sourceLine(def, line.periode, ctx.sources) : `${line.periode ?? line.annee}.`,
      line.attribution ? ` ${line.attribution}` : '',
    ),
  );
}

/** Grey dots of the other basins: one request for every indicator (each at the diagnostic's year for it). */
async function addDistributions(ctx: Context, diagnostic: Diagnostic): Promise<void> {
  let all: TerritoryValue[];
  try {
    all = (await api.comparaison(diagnostic.annee ? { annee: diagnostic.annee } : {})).bassins;
  } catch {
    return;
  }
  for (const line of diagnostic.indicateurs) {
    const values = all.filter((v) => v.indicateur === line.id && v.annee === line.annee);
    const holder = root.querySelector(`.strip[data-indicateur="${CSS.escape(line.id)}"]`);
    if (!holder) continue;
    clear(holder);
    holder.append(
      referenceStrip({
        line,
        distribution: values,
        width: 400,
        references: ctx.indicateurs.find((i) => i.id === line.id)?.nature !== 'effectif',
      }),
    );
  }
}

/** The lists a CLEE acts on; a list the API cannot give is said in its place, the others are still drawn. */
async function listSections(ctx: Context, bassin: Bassin): Promise<HTMLElement[]> {
  const base = `/api/bassins/${encodeURIComponent(bassin.id)}`;
  const failed = (id: string, title: string) => (error: unknown) =>
    h(
      'section',
      { class: 'listes', id },
      h('h2', null, title),
      h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)),
    );
  const [metiers, etablissements] = await Promise.allSettled([api.metiers(bassin.id), api.etablissements(bassin.id)]);
  return [
    metiers.status === 'fulfilled'
      ? metiersSection(metiers.value, apiUrl(`${base}/metiers?format=csv`))
      : failed('metiers', 'Les métiers qui recrutent')(metiers.reason),
    etablissements.status === 'fulfilled'
      ? etablissementsSection(etablissements.value, bassin, ctx.contours, apiUrl(`${base}/etablissements?format=csv`))
      : failed('etablissements', 'Établissements et formations')(etablissements.reason),
    etablissements.status === 'fulfilled'
      ? await employeursSection(bassin, etablissements.value).catch(
          failed('employeurs', 'Employeurs près de chaque collège'),
        )
      : failed('employeurs', 'Employeurs près de chaque collège')(etablissements.reason),
  ];
}

/** The proposed actions, each with what the basin's lists make of it (« Concrètement : … ») when its facts exist. */
/** `concretes` undefined: the sentences are still coming (nothing said yet). */
function actionsSection(diagnostic: Diagnostic, concretes: ActionsConcretesResult | unknown): HTMLElement {
  const list =
    concretes && typeof concretes === 'object' && 'actions' in concretes ? (concretes as ActionsConcretesResult) : null;
  const concret = new Map(list?.actions.map((a) => [a.id, a]) ?? []);
  return h(
    'section',
    { 'aria-labelledby': 'actions-titre' },
    h('h2', { id: 'actions-titre' }, 'Actions proposées'),
    diagnostic.actions.length === 0
      ? h(
          'p',
          { class: 'muted' },
          'Aucune action ciblée : le bassin ne présente pas de faiblesse nette. Le catalogue commun reste disponible.',
        )
      : h(
          'div',
          { class: 'actions' },
          diagnostic.actions.map((a) =>
            h(
              'article',
              { class: 'action', 'data-action': a.id },
              h('h3', null, a.libelle),
              h('p', null, a.description),
              concret.get(a.id)?.concret
                ? h('p', { class: 'concret' }, h('strong', null, 'Concrètement : '), concret.get(a.id)!.concret)
                : null,
              h('p', { class: 'why' }, h('strong', null, 'Pourquoi : '), a.raison),
            ),
          ),
        ),
    concretes === undefined
      ? null
      : list === null
        ? h(
            'p',
            { class: 'notice' },
            `Phrases concrètes indisponibles : ${concretes instanceof Error ? concretes.message : String(concretes)}`,
          )
        : list.notes.map((n) => h('p', { class: 'small muted' }, n)),
  );
}

window.addEventListener('popstate', () => location.reload());
