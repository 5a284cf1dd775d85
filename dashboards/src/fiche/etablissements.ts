// Fiche bassin, « Établissements et formations »: the schools of the basin by type, on a map (the annuaire's
// coordinates) and in a table with their pupils, IPS, offer and InserJeunes results (GET
// /api/bassins/ID/etablissements).
import * as Plot from '@observablehq/plot';
import type { Bassin, Contours, EtablissementLigne, EtablissementsResult } from '../lib/api.ts';
import { h } from '../lib/dom.ts';
import { tableHead } from '../lib/table.ts';
import { chartFigure } from '../lib/figure.ts';
import { figureCard } from '../lib/figure-card.ts';
import { formatCount, formatNumber, formatValue, plural } from '../lib/format.ts';
import { featureId } from '../lib/map.ts';
import { CATEGORICAL, COLORS, FONT } from '../lib/palette.ts';

/** A colour per school type, in the order the API lists the types (par_type). */
function typeColors(r: EtablissementsResult): (type: string) => string {
  const colors = new Map(r.par_type.map((t, i) => [t.type, CATEGORICAL[i % CATEGORICAL.length]]));
  return (type) => colors.get(type) ?? COLORS.neutre;
}

function schoolMap(r: EtablissementsResult, bassin: Bassin, contours: Contours | null, width: number): SVGSVGElement {
  const color = typeColors(r);
  const placed = r.etablissements.filter((e) => e.latitude !== null && e.longitude !== null);
  const outline =
    contours?.type === 'outlines' ? contours.geojson.features.filter((f) => featureId(f) === bassin.id) : [];
  const points: GeoJSON.Feature[] = placed.map((e) => ({
    type: 'Feature',
    properties: {},
    geometry: { type: 'Point', coordinates: [e.longitude as number, e.latitude as number] },
  }));
  const domain = {
    type: 'FeatureCollection',
    features: outline.length ? outline : points,
  } as GeoJSON.FeatureCollection;
  return Plot.plot({
    width,
    height: Math.round(width * 0.7),
    style: { fontFamily: FONT, fontSize: '11px', background: 'transparent' },
    projection: { type: 'mercator', domain, inset: 14 },
    marks: [
      Plot.geo(outline, { fill: '#eef1f5', stroke: COLORS.inkSoft, strokeWidth: 1.2 }),
      Plot.dot(placed, {
        x: 'longitude',
        y: 'latitude',
        r: (e: EtablissementLigne) => 2.5 + Math.sqrt(e.eleves ?? 0) / 8,
        fill: (e: EtablissementLigne) => color(e.type),
        fillOpacity: 0.85,
        stroke: 'white',
        strokeWidth: 0.8,
        title: (e: EtablissementLigne) =>
          `${e.nom} (${e.type}, ${e.commune ?? e.code_commune}) : ${plural(e.eleves, 'élève')}`,
        tip: true,
      }),
    ],
  }) as SVGSVGElement;
}

function typeLegend(r: EtablissementsResult): HTMLElement {
  const color = typeColors(r);
  return h(
    'div',
    { class: 'legend' },
    r.par_type.map((t) =>
      h(
        'span',
        null,
        h('span', { class: 'swatch', style: `background:${color(t.type)};border-radius:50%` }),
        `${t.type} (${formatCount(t.nombre)})`,
      ),
    ),
    h('span', { class: 'muted' }, 'taille du point : nombre d’élèves'),
  );
}

function schoolRow(e: EtablissementLigne): HTMLElement {
  return h(
    'tr',
    { 'data-uai': e.uai },
    h('td', null, e.nom, h('div', { class: 'muted small' }, e.uai)),
    h('td', null, e.type, e.secteur ? h('div', { class: 'muted small' }, e.secteur) : null),
    h('td', null, e.commune ?? e.code_commune),
    h('td', { class: 'num' }, formatCount(e.eleves)),
    h(
      'td',
      { class: 'small' },
      Object.entries(e.niveaux)
        .filter(([, v]) => v !== null && v > 0)
        .map(([k, v]) => `${k} : ${formatCount(v)}`)
        .join(' · '),
    ),
    h('td', { class: 'num' }, e.ips === null ? '—' : formatNumber(e.ips, 'indice')),
    h('td', null, e.education_prioritaire ?? ''),
    h('td', { class: 'small' }, e.offres.join(', ')),
    h(
      'td',
      { class: 'num' },
      e.inserjeunes ? formatValue(e.inserjeunes.taux_emploi_6m, '%') : h('span', { class: 'muted' }, '—'),
    ),
  );
}

export function etablissementsSection(
  r: EtablissementsResult,
  bassin: Bassin,
  contours: Contours | null,
  csvHref: string,
): HTMLElement {
  const table = h(
    'table',
    { class: 'data etablissements' },
    h('caption', { class: 'sr-only' }, `Établissements scolaires du bassin ${bassin.nom}`),
    tableHead([
      'Établissement',
      'Type',
      'Commune',
      { label: 'Élèves', num: true },
      'Par niveau',
      { label: 'IPS', num: true },
      'Éduc. prioritaire',
      'Offre',
      { label: 'Emploi à 6 mois (InserJeunes)', num: true },
    ]),
    h('tbody', null, r.etablissements.map(schoolRow)),
  );
  return h(
    'section',
    { 'aria-labelledby': 'etablissements-titre', class: 'listes', id: 'etablissements' },
    h('h2', { id: 'etablissements-titre' }, 'Établissements et formations'),
    h(
      'div',
      { class: 'grid schools' },
      h(
        'div',
        { class: 'panel' },
        chartFigure({
          title: `Les ${formatCount(r.etablissements.length)} établissements du bassin`,
          caption: `Source : ${r.source}. Coordonnées de l'annuaire de l'éducation.`,
          chart: schoolMap(r, bassin, contours, 520),
          legend: typeLegend(r),
        }),
      ),
      h(
        'div',
        { class: 'figures' },
        r.par_type.map((t) =>
          figureCard(formatCount(t.nombre), t.type, plural(t.eleves, 'élève'), { 'data-type': t.type }),
        ),
      ),
    ),
    h('div', { class: 'table-wrap' }, table),
    h(
      'div',
      { class: 'small muted list-notes' },
      r.notes.map((n) => h('p', null, n)),
      h(
        'p',
        { class: 'no-print' },
        h('a', { class: 'button', href: csvHref, download: '' }, 'Les établissements (CSV)'),
      ),
    ),
  );
}
