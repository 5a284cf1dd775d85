// Seminar slide « Les métiers qui recrutent » for the académie or a département: the ten métiers with the most
// recruitment projects (bars, the share judged difficult written beside each) and the ten hardest to fill (table),
// from GET /api/metiers. A projected slide, exported to PowerPoint like the others (chart as image, table as table).
import * as Plot from '@observablehq/plot';
import { api, type MetierLigne, type MetiersResult } from '../lib/api.ts';
import { h } from '../lib/dom.ts';
import { chartFigure } from '../lib/figure.ts';
import { tableHead } from '../lib/table.ts';
import { formatValue, plural } from '../lib/format.ts';
import { COLORS, FONT } from '../lib/palette.ts';
import { fitted } from '../lib/slide-fit.ts';
import { metiersOf, pctCell, projetsText } from '../fiche/metiers.ts';

/** Horizontal bars of projects, labels wrapped on the left, « 1 286 · 72,6 % difficiles » at the end of each bar. */
function metierBars(rows: MetierLigne[], width: number, height: number): SVGSVGElement {
  const marginLeft = Math.round(width * 0.42);
  const max = Math.max(1, ...rows.map((m) => m.projets ?? 0));
  return Plot.plot({
    width,
    height: Math.max(160, height),
    marginLeft,
    marginRight: 150,
    marginTop: 8,
    marginBottom: 8,
    style: { fontFamily: FONT, fontSize: '12px', color: COLORS.ink, background: 'transparent' },
    x: { domain: [0, max], axis: null },
    y: { domain: rows.map((m) => m.code), axis: null, padding: 0.22 },
    marks: [
      Plot.barX(rows, {
        y: 'code',
        x: (m: MetierLigne) => m.projets ?? 0,
        fill: COLORS.force,
        title: (m: MetierLigne) =>
          `${m.libelle}\n${projetsText(m)} projets · ${formatValue(m.part_difficiles, '%')} difficiles`,
      }),
      Plot.text(rows, {
        y: 'code',
        x: 0,
        text: 'libelle',
        textAnchor: 'end',
        dx: -8,
        // lineWidth is in ems of the font size: the label column, less the gap before the bar.
        lineWidth: Math.max(8, (marginLeft - 14) / 11.5),
        fontSize: 11.5,
        fill: COLORS.ink,
      }),
      Plot.text(rows, {
        y: 'code',
        x: (m: MetierLigne) => m.projets ?? 0,
        text: (m: MetierLigne) => `${projetsText(m)} · ${formatValue(m.part_difficiles, '%')} difficiles`,
        textAnchor: 'start',
        dx: 6,
        fontSize: 11.5,
        fill: COLORS.inkSoft,
      }),
    ],
  }) as SVGSVGElement;
}

function tensionTable(r: MetiersResult): HTMLElement {
  return h(
    'table',
    { class: 'data' },
    tableHead(['Métier', { label: 'Projets', num: true }, { label: 'Difficiles', num: true }]),
    h(
      'tbody',
      null,
      metiersOf(r, r.top_tension).map((m) =>
        h(
          'tr',
          null,
          h('td', null, m.libelle),
          h('td', { class: 'num' }, projetsText(m)),
          h('td', { class: 'num' }, pctCell(m.part_difficiles)),
        ),
      ),
    ),
  );
}

/** The slide, or null when no BMO survey is loaded (the deck then simply has no such slide). */
export async function metiersSlide(
  departement: string,
  nom: string,
  slide: (kicker: string, title: string, ...content: (Node | null)[]) => HTMLElement,
): Promise<HTMLElement | null> {
  const r = await api.metiersTerritoire(departement || undefined);
  if (r.annee === null) return null;
  const top = metiersOf(r, r.top_projets);
  const caption =
    `Source : ${r.source}. ${plural(r.total.projets, 'projet')} de recrutement, ` +
    `${formatValue(r.total.part_difficiles, '%')} jugés difficiles.`;
  return slide(
    "Besoins en main-d'œuvre",
    `Les métiers qui recrutent — ${nom}`,
    h(
      'div',
      { class: 'slide-body metiers' },
      chartFigure({
        title: `Les ${top.length} métiers qui recrutent le plus (projets de recrutement)`,
        caption,
        chart: fitted((width, height) => metierBars(top, width, height), { width: 620, height: 420 }),
      }),
      h(
        'div',
        { class: 'tension' },
        h('div', { class: 'chart-title' }, `Les plus difficiles à pourvoir (au moins ${r.seuil_petit_nombre} projets)`),
        tensionTable(r),
        h('p', { class: 'small muted' }, r.notes.join(' ')),
      ),
    ),
  );
}
