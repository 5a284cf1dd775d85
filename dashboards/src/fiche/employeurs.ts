// Fiche bassin, « Employeurs près de chaque collège »: around a chosen collège or lycée, the employer establishments
// by sector and size band within a radius, and the pupils of 3e and 2nde GT of the same area (the demand for
// stages). Establishments under partial diffusion are counted, never named (GET /api/bassins/ID/employeurs).
import { api, type Bassin, type EmployeursResult, type EtablissementsResult, listQuery } from '../lib/api.ts';
import { clear, h, params, select, setParams, showError } from '../lib/dom.ts';
import { figureCard } from '../lib/figure-card.ts';
import { barCell, tableHead } from '../lib/table.ts';
import { FICHE_EMPLOYEURS_LIMITE as SHOWN } from '../../../src/shared/static-paths.ts';
import { apiUrl, staticSite } from '../lib/site.ts';
import { formatCount, formatNumber } from '../lib/format.ts';

/** « 10 km », « 7,5 km ». */
const km = (value: number) => `${Number.isInteger(value) ? formatCount(value) : formatNumber(value)}\u00a0km`;

function bars(rows: { libelle: string; nombre: number; extra?: number }[], extraLabel?: string): HTMLElement {
  const max = Math.max(1, ...rows.map((r) => r.nombre));
  return h(
    'table',
    { class: 'data compact' },
    tableHead(['', { label: 'Établissements', num: true }, extraLabel ? { label: extraLabel, num: true } : null]),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          null,
          h('td', null, r.libelle),
          h('td', { class: 'num' }, barCell(r.nombre, max)),
          extraLabel ? h('td', { class: 'num' }, formatCount(r.extra ?? 0)) : null,
        ),
      ),
    ),
  );
}

/** A labelled choice kept in the address (`?name=value`, removed when empty), so that the view is a shareable link. */
function choice(
  label: string,
  attrs: { id: string; name: string },
  options: { value: string; label: string; group?: string }[],
  value: string,
  pick: (value: string) => void,
): HTMLElement {
  const onChange = (chosen: string) => {
    setParams({ [attrs.name]: chosen });
    pick(chosen);
  };
  return h('label', { for: attrs.id }, label, select(options, value, onChange, attrs));
}

function resultView(r: EmployeursResult, csvHref: string): HTMLElement[] {
  const where = r.etablissement
    ? `à moins de ${km(r.rayon_km ?? 0)} de ${r.etablissement.nom} (${r.etablissement.commune ?? r.etablissement.uai})`
    : 'dans le bassin';
  const named = r.employeurs.filter((e) => e.siret !== null);
  return [
    h('p', { class: 'lede', 'data-role': 'perimetre' }, `Employeurs ${where}.`),
    h(
      'div',
      { class: 'figures' },
      figureCard(
        formatCount(r.total),
        'établissements employeurs',
        `dont ${formatCount(r.non_diffusibles)} non diffusibles`,
      ),
      figureCard(formatCount(r.dix_salaries_et_plus), 'de 10 salariés et plus', null),
      figureCard(formatCount(r.eleves.eleves_3e), 'élèves de 3e', r.eleves.periode),
      figureCard(formatCount(r.eleves.eleves_2nde_gt), 'élèves de 2nde GT', r.eleves.periode),
      figureCard(formatCount(r.eleves.etablissements), 'collèges et lycées dans ce rayon', null),
    ),
    h(
      'div',
      { class: 'grid two' },
      h(
        'div',
        { class: 'panel' },
        h('h3', null, 'Par secteur'),
        bars(
          r.par_secteur.map((s) => ({ libelle: s.libelle, nombre: s.nombre, extra: s.dix_salaries_et_plus })),
          '10 salariés et plus',
        ),
      ),
      h('div', { class: 'panel' }, h('h3', null, "Par tranche d'effectif"), bars(r.par_tranche)),
    ),
    h(
      'div',
      { class: 'panel' },
      h('h3', null, `Les ${formatCount(Math.min(SHOWN, named.length))} employeurs les plus proches`),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'data employeurs' },
          tableHead(['SIRET', 'Nom', 'Secteur', 'Effectif', 'Commune', { label: 'Distance', num: true }]),
          h(
            'tbody',
            null,
            named.map((e) =>
              h(
                'tr',
                null,
                h('td', { class: 'small' }, e.siret),
                h('td', null, e.nom ?? h('span', { class: 'muted' }, '—')),
                h('td', { class: 'small' }, e.secteur_libelle ?? ''),
                h('td', { class: 'small' }, e.tranche_libelle ?? ''),
                h('td', null, e.commune ?? ''),
                h('td', { class: 'num' }, e.distance_km === null ? '' : `${formatNumber(e.distance_km)}\u00a0km`),
              ),
            ),
          ),
        ),
      ),
      h(
        'p',
        { class: 'no-print' },
        h('a', { class: 'button', href: csvHref, download: '' }, `Les ${formatCount(r.total)} employeurs (CSV)`),
      ),
    ),
    h(
      'div',
      { class: 'small muted list-notes' },
      h('p', null, `${r.regle} Source : ${r.source}.`),
      r.notes.map((n) => h('p', null, n)),
    ),
  ];
}

/** The section, drawn once the first answer is in; choosing a school or a radius draws it again. */
export async function employeursSection(bassin: Bassin, etabs: EtablissementsResult): Promise<HTMLElement> {
  // The schools the API offers (collèges, then lycées), the fiche opening on the first; a static site publishes the
  // first one only.
  const byUai = new Map(etabs.etablissements.map((e) => [e.uai, e]));
  const all = etabs.choix_employeurs.flatMap((uai) => byUai.get(uai) ?? []);
  const schools = staticSite() ? all.slice(0, 1) : all;
  const body = h('div', { 'aria-live': 'polite' });
  const section = h(
    'section',
    { 'aria-labelledby': 'employeurs-titre', class: 'listes', id: 'employeurs' },
    h('h2', { id: 'employeurs-titre' }, 'Employeurs près de chaque collège'),
  );
  if (schools.length === 0) {
    section.append(h('p', { class: 'notice' }, 'Aucun collège ni lycée dans la liste des établissements du bassin.'));
    return section;
  }
  const wanted = params().get('college');
  let uai = schools.find((s) => s.uai === wanted)?.uai ?? schools[0].uai;
  let rayon = Number(params().get('rayon')) || undefined;
  let secteur = params().get('secteur') ?? undefined;
  let salaries = Number(params().get('salaries_min')) || undefined;
  const controls = h('div', { class: 'controls' });
  let shownRayon = 0;
  const draw = async () => {
    section.dataset.ready = 'false';
    // The radius is sent only once chosen: the default answer is the one a static site publishes.
    const query = { etablissement: uai, rayon, secteur, salaries_min: salaries };
    const r = await api.employeurs(bassin.id, { ...query, limite: SHOWN });
    const csvHref = apiUrl(
      `/api/bassins/${encodeURIComponent(bassin.id)}/employeurs${listQuery({ ...query, format: 'csv' })}`,
    );
    // A static site publishes the default radius only.
    shownRayon = r.rayon_km ?? 0;
    const rayons = staticSite() ? [shownRayon] : r.rayons_proposes;
    clear(controls);
    controls.append(
      choice(
        'Collège ou lycée',
        { id: 'choix-college', name: 'college' },
        schools.map((s) => ({ value: s.uai, label: `${s.nom} (${s.commune ?? s.uai})`, group: s.type })),
        uai,
        (value) => {
          uai = value;
          redraw();
        },
      ),
      choice(
        'Rayon',
        { id: 'choix-rayon', name: 'rayon' },
        rayons.map((value) => ({ value: String(value), label: km(value) })),
        String(r.rayon_km),
        (value) => {
          rayon = Number(value);
          redraw();
        },
      ),
    );
    // Sector and size filters: behind the server only (a static site publishes the unfiltered answer).
    if (!staticSite())
      controls.append(
        choice(
          'Secteur',
          { id: 'choix-secteur', name: 'secteur' },
          [
            { value: '', label: 'tous' },
            ...r.filtres_proposes.secteurs.map((x) => ({ value: x.id, label: x.libelle })),
          ],
          secteur ?? '',
          (value) => {
            secteur = value || undefined;
            redraw();
          },
        ),
        choice(
          'Taille',
          { id: 'choix-taille', name: 'salaries_min' },
          [
            { value: '', label: 'toutes' },
            ...r.filtres_proposes.salaries_min.map((x) => ({ value: String(x.valeur), label: x.libelle })),
          ],
          salaries ? String(salaries) : '',
          (value) => {
            salaries = Number(value) || undefined;
            redraw();
          },
        ),
      );
    clear(body);
    body.append(...resultView(r, csvHref));
    section.dataset.ready = 'true';
  };
  const redraw = () => {
    draw().catch((error) => showError(body, error));
  };
  await draw();
  section.append(controls, body);
  if (wanted && !schools.some((x) => x.uai === wanted))
    section.insertBefore(
      h(
        'p',
        { class: 'notice' },
        `« ${wanted} » n'est pas parmi les collèges et lycées proposés pour ce bassin : les employeurs sont comptés ` +
          `autour de ${schools[0].nom}.`,
      ),
      controls,
    );
  if (staticSite() && all.length > 1)
    section.append(
      h(
        'p',
        { class: 'notice' },
        `Site publié : les employeurs sont donnés autour du premier collège du bassin, à ${km(shownRayon)}. ` +
          `Pour les ${formatCount(all.length - 1)} autres collèges et lycées et les autres distances : clee serve, ` +
          `ou ` +
          `clee employeurs ${bassin.id} --etablissement UAI --rayon KM.`,
      ),
    );
  return section;
}
