// Fiche bassin, « Les métiers qui recrutent »: the ten métiers with the most projects and the ten hardest to fill
// (BMO), then where the basin recruits beside the training fields leading there (« lien emploi/formation »).
// Everything comes from GET /api/bassins/ID/metiers; secret values stay « secret », small numbers are flagged.
import type { MetierLigne, MetiersResult } from '../lib/api.ts';
import { h } from '../lib/dom.ts';
import { formatCount, formatValue, plural } from '../lib/format.ts';
import { barCell, tableHead } from '../lib/table.ts';

/** Projects as a pilot reads them: « secret » when unpublished, « ≥ n » when part of it is secret. */
export function projetsText(m: { projets: number | null; secret: boolean }): string {
  if (m.projets === null) return m.secret ? 'secret' : '—';
  return `${m.secret ? '≥\u00a0' : ''}${formatCount(m.projets)}`;
}

/** A share in a table cell: « — » when not published (the column says what it is). */
export const pctCell = (v: number | null) => (v === null ? '—' : formatValue(v, '%'));

const signedCount = (v: number | null) =>
  v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '\u2212' : ''}${formatCount(Math.abs(v))}`;

/** The lines of the listed métiers (top_projets, top_tension), in the list's order. */
export function metiersOf(r: MetiersResult, codes: string[]): MetierLigne[] {
  const byCode = new Map(r.metiers.map((m) => [m.code, m]));
  return codes.map((c) => byCode.get(c)).filter((m): m is MetierLigne => m !== undefined);
}

function metierTable(r: MetiersResult, codes: string[], caption: string): HTMLElement {
  const rows = metiersOf(r, codes);
  return h(
    'table',
    { class: 'data metiers' },
    h('caption', { class: 'sr-only' }, caption),
    tableHead([
      'Métier',
      { label: 'Projets', num: true },
      { label: 'Difficiles', num: true },
      { label: 'Saisonniers', num: true },
      { label: r.annee_precedente ? `Évol. / ${r.annee_precedente}` : 'Évol.', num: true },
    ]),
    h(
      'tbody',
      null,
      rows.map((m) =>
        h(
          'tr',
          { 'data-metier': m.code },
          h('td', null, m.libelle),
          h(
            'td',
            { class: `num${m.projets === null ? ' secret' : ''}` },
            projetsText(m),
            m.petit_nombre
              ? h('span', { class: 'flag', title: `moins de ${r.seuil_petit_nombre} projets` }, 'petit nombre')
              : null,
          ),
          h('td', { class: 'num' }, pctCell(m.part_difficiles)),
          h('td', { class: 'num' }, pctCell(m.part_saisonniers)),
          h('td', { class: 'num' }, signedCount(m.evolution)),
        ),
      ),
    ),
  );
}

function liensTable(r: MetiersResult): HTMLElement {
  const max = Math.max(1, ...r.domaines.map((d) => d.projets ?? 0));
  return h(
    'table',
    { class: 'data liens' },
    h('caption', { class: 'sr-only' }, 'Domaines professionnels qui recrutent et formations qui y mènent'),
    tableHead([
      'Où le bassin recrute (domaine professionnel)',
      { label: 'Projets', num: true },
      { label: 'Difficiles', num: true },
      'Formations qui y mènent (spécialités NSF)',
    ]),
    h(
      'tbody',
      null,
      r.domaines.map((d) =>
        h(
          'tr',
          { 'data-domaine': d.domaine_fap },
          h('td', null, d.libelle),
          h('td', { class: 'num' }, barCell(d.projets, max)),
          h('td', { class: 'num' }, pctCell(d.part_difficiles)),
          h(
            'td',
            null,
            d.formations.length
              ? d.formations.map((f) => (f.nsf ? `${f.libelle} (${f.nsf})` : f.libelle)).join(' ; ')
              : h('span', { class: 'muted' }, 'aucune formation dans la correspondance'),
          ),
        ),
      ),
    ),
  );
}

export function metiersSection(r: MetiersResult, csvHref: string): HTMLElement {
  const head = h('h2', { id: 'metiers-titre' }, 'Les métiers qui recrutent');
  if (r.annee === null || r.metiers.length === 0)
    return h(
      'section',
      { 'aria-labelledby': 'metiers-titre', class: 'listes', id: 'metiers' },
      head,
      r.notes.map((n) => h('p', { class: 'notice' }, n)),
    );
  return h(
    'section',
    { 'aria-labelledby': 'metiers-titre', class: 'listes', id: 'metiers' },
    head,
    h(
      'p',
      { class: 'lede' },
      `${plural(r.total.projets, 'projet')} de recrutement, dont ${formatValue(r.total.part_difficiles, '%')} ` +
        `jugés difficiles et ${formatValue(r.total.part_saisonniers, '%')} saisonniers. `,
      h('span', { class: 'small muted' }, `Source : ${r.source}.`),
    ),
    h(
      'div',
      { class: 'grid two' },
      h(
        'div',
        { class: 'panel' },
        h('h3', null, `Les ${r.top_projets.length} métiers qui recrutent le plus`),
        h('div', { class: 'table-scroll' }, metierTable(r, r.top_projets, 'Métiers qui recrutent le plus')),
      ),
      h(
        'div',
        { class: 'panel' },
        h('h3', null, `Les ${r.top_tension.length} métiers les plus difficiles à pourvoir`),
        h('p', { class: 'small muted' }, `Parmi les métiers d'au moins ${r.seuil_petit_nombre} projets.`),
        h('div', { class: 'table-scroll' }, metierTable(r, r.top_tension, 'Métiers les plus difficiles à pourvoir')),
      ),
    ),
    h(
      'div',
      { class: 'panel lien-emploi-formation' },
      h('h3', null, 'Lien emploi/formation : où le bassin recrute, vers quelles formations'),
      h('div', { class: 'table-scroll' }, liensTable(r)),
      h('p', { class: 'small muted' }, r.correspondance_source),
    ),
    h(
      'div',
      { class: 'small muted list-notes' },
      r.regle_attribution ? h('p', null, `Attribution au bassin : ${r.regle_attribution}`) : null,
      r.notes.map((n) => h('p', null, n)),
      h(
        'p',
        { class: 'no-print' },
        h('a', { class: 'button', href: csvHref, download: '' }, `Les ${formatCount(r.metiers.length)} métiers (CSV)`),
      ),
    ),
  );
}
