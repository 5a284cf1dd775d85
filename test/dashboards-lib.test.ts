// The pages' chart and format helpers (dashboards/src/lib) on their own, in a linkedom document: French numbers, and
// the SVG each chart function returns for fixed data (snapshots: a change in a chart shows up in review).
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticLine, TerritoryValue } from '../dashboards/src/lib/api.ts';
import { lowerFirst } from '../src/shared/text.ts';

type Charts = typeof import('../dashboards/src/lib/charts.ts');
type Format = typeof import('../dashboards/src/lib/format.ts');
let charts: Charts;
let format: Format;

beforeAll(async () => {
  const window = parseHTML('<!doctype html><html><head></head><body></body></html>');
  // The helpers use the page's globals: give them linkedom's (SVGSVGElement is an SVGElement there).
  Object.assign(globalThis, {
    window,
    document: window.document,
    Element: window.Element,
    HTMLElement: window.HTMLElement,
    SVGElement: window.SVGElement,
    SVGSVGElement: window.SVGElement,
    Node: window.Node,
  });
  format = await import('../dashboards/src/lib/format.ts');
  charts = await import('../dashboards/src/lib/charts.ts');
  format.registerUnits([
    { unite: '%', decimales: 1 },
    { unite: 'élèves', decimales: 0 },
  ]);
});

describe('format helpers', () => {
  it('writes numbers the French way: decimal comma, narrow no-break space for thousands, true minus', () => {
    expect(format.formatNumber(1234567.891, 'élèves')).toBe('1\u202f234\u202f568');
    expect(format.formatNumber(12.345, '%')).toBe('12,3');
    expect(format.formatNumber(-0.456)).toBe('\u22120,46');
    expect(format.formatNumber(null)).toBe('—');
    expect(format.formatNumber(Number.NaN)).toBe('—');
  });

  it('puts the unit after the value, a gap in points for rates', () => {
    expect(format.formatValue(19.74, '%')).toBe('19,7\u202f%');
    expect(format.formatValue(4537, 'élèves')).toBe('4\u202f537\u00a0élèves');
    expect(format.formatValue(101.43, 'indice')).toBe('101,4');
    expect(format.formatValue(null, '%')).toBe('non disponible');
    expect(format.formatGap(-6.5, '%')).toBe('\u22126,5\u00a0pts');
    expect(format.formatGap(1.2, '%')).toBe('+1,2\u00a0pt');
    expect(format.formatGap(2500, 'élèves')).toBe('+2\u202f500\u00a0élèves');
    expect(format.formatGap(undefined, '%')).toBe('—');
  });

  it('counts, ticks, plurals, periods and sentence case', () => {
    expect(format.formatCount(160)).toBe('160');
    expect(format.tickFormat('%')(12.5)).toBe('12,5');
    expect(format.tickFormat('élèves')(12500)).toBe('12\u202f500');
    expect(format.plural(1, 'bassin')).toBe('1 bassin');
    expect(format.plural(17, 'bassin')).toBe('17 bassins');
    expect(format.plural(0, 'élève')).toBe('0 élève');
    expect(format.plural(null, 'élève')).toBe('— élèves');
    expect(lowerFirst('Taux de chômage')).toBe('taux de chômage');
    expect(lowerFirst('IPS moyen des collèges')).toBe('IPS moyen des collèges');
    expect(format.periodsOf([{ periode: 'RP 2021' }, { periode: 'RP 2021' }, null, { periode: 'T4 2024' }])).toBe(
      'RP 2021 ; T4 2024',
    );
  });
});

const basin = (
  code: string,
  nom: string,
  valeur: number | null,
  extra: Partial<TerritoryValue> = {},
): TerritoryValue => ({
  indicateur: 'chomage_15_24',
  niveau: 'bassin',
  code,
  nom,
  departement: '38',
  annee: 2021,
  periode: 'RP 2021',
  valeur,
  numerateur: null,
  denominateur: null,
  significatif: true,
  verdict: 'neutre',
  verdict_libelle: 'Neutre',
  ...extra,
});

/** Bassin Alpha's line of the diagnostic for the youth unemployment rate (a weakness), with these fields. */
const alphaLine = (fields: Record<string, unknown>): DiagnosticLine =>
  ({
    ...basin('a', 'Bassin Alpha', 24.1),
    id: 'chomage_15_24',
    bassin: 'a',
    libelle: 'Taux de chômage des 15-24 ans',
    unite: '%',
    polarite: -1,
    reference: 19.3,
    ecart: 4.8,
    verdict: 'faiblesse',
    verdict_libelle: 'Faiblesse',
    ...fields,
  }) as unknown as DiagnosticLine;

const VALUES: TerritoryValue[] = [
  basin('a', 'Bassin Alpha', 24.1, {
    verdict: 'faiblesse',
    verdict_libelle: 'Faiblesse',
    ecart_academie: 4.8,
    rang: 1,
  }),
  basin('b', 'Bassin Bêta', 19.0, { ecart_academie: -0.3, rang: 2 }),
  basin('c', 'Bassin Gamma', 15.2, { verdict: 'force', verdict_libelle: 'Force', ecart_academie: -4.1, rang: 3 }),
  basin('d', 'Bassin Delta', 30.5, {
    significatif: false,
    verdict: 'non_significatif',
    verdict_libelle: 'Non significatif',
    ecart_academie: 11.2,
  }),
  basin('e', 'Bassin Epsilon', null),
];

describe('charts', () => {
  it('ranks basins in bars coloured by verdict, non-significant ones hatched, the académie rule drawn', () => {
    const svg = charts.rankedBars(VALUES, {
      unite: '%',
      libelle: 'Taux de chômage des 15-24 ans',
      academie: 19.3,
      departement: { nom: 'Isère', valeur: 18.7 },
      width: 600,
    });
    const bars = [...svg.querySelectorAll('g[aria-label="bar"] rect')];
    expect(bars).toHaveLength(4);
    const labels = bars.map((b) => b.getAttribute('aria-label') ?? '');
    expect(labels).toContain('Bassin Alpha : 24,1\u202f%, faiblesse');
    expect(labels).toContain('Bassin Delta : 30,5\u202f%, non significatif');
    expect(bars.find((b) => b.getAttribute('aria-label')?.startsWith('Bassin Delta'))?.getAttribute('fill')).toMatch(
      /^url\(#hachures-/,
    );
    expect(svg.outerHTML).toMatchSnapshot();
  });

  it('draws a trend with hollow dots for non-significant years, labelled with their periods', () => {
    const line = alphaLine({
      domaine: 'insertion',
      references: {},
      ecarts: {},
      rang: 1,
      nb_bassins: 5,
      score_z: 1.2,
      tendance: null,
      explication: '',
      attribution: null,
      serie: [
        { annee: 2010, periode: 'RP 2010', valeur: 21.5, significatif: false },
        { annee: 2015, periode: 'RP 2015', valeur: 22.8, significatif: true },
        { annee: 2021, periode: 'RP 2021', valeur: 24.1, significatif: true },
      ],
    });
    const svg = charts.trendChart(line, 230);
    expect(svg.getAttribute('aria-label')).toBe(
      'Évolution de Taux de chômage des 15-24 ans : RP 2010 21,5\u202f%, RP 2015 22,8\u202f%, RP 2021 24,1\u202f%',
    );
    const dots = [...svg.querySelectorAll('g[aria-label="dot"] circle')];
    expect(dots.map((d) => d.getAttribute('fill'))).toEqual(['white', '#2166ac', '#2166ac']);
    expect(svg.outerHTML).toMatchSnapshot();
  });

  it('draws the basin, its 95 % interval and the references (département, académie, France, comparables)', () => {
    const line = alphaLine({
      intervalle: [22.0, 26.3],
      references: {
        departement: { niveau: 'departement', code: '38', nom: 'Isère', valeur: 18.7 },
        academie: { niveau: 'academie', code: 'grenoble', nom: 'Académie de Grenoble', valeur: 19.3 },
        france: { niveau: 'france', code: 'FR', nom: 'France', valeur: 17.5 },
        comparables: { niveau: 'comparables', code: 'b+c', nom: 'Bassins comparables (Bêta, Gamma)', valeur: 21.2 },
      },
      ecarts: { academie: 4.8, france: 6.6, comparables: 2.9 },
      rang: 17,
      rang_libelle: 'rang 17 sur 17 (rang 1 = le plus favorable)',
      nb_bassins: 17,
      serie: [],
    });
    const svg = charts.referenceStrip({ line, width: 400 });
    const band = svg.querySelector('g.intervalle rect');
    expect(band).not.toBeNull();
    const label = svg.getAttribute('aria-label') ?? '';
    expect(label).toContain("Marge d'incertitude à 95 % : 22,0\u202f% à 26,3\u202f%");
    expect(label).toMatch(/France : 17,5\u202f% \(écart \+6,6\spts\)/);
    expect(label).toContain('Bassins comparables (Bêta, Gamma) : 21,2\u202f%');
    expect(label).toContain('rang 17 sur 17 (rang 1 = le plus favorable)');
    // Four reference ticks: département, comparables, France, académie.
    expect(svg.querySelectorAll('g[aria-label="tick"]')).toHaveLength(4);
    // A count: no reference tick at all.
    const count = charts.referenceStrip({ line: { ...line, intervalle: null }, width: 400, references: false });
    expect(count.querySelectorAll('g[aria-label="tick"]')).toHaveLength(0);
    expect(count.querySelector('g.intervalle')).toBeNull();
  });

  it("draws each basin's interval as a whisker and the France rule in the ranked bars", () => {
    const withIntervals = VALUES.map((v) =>
      v.valeur === null ? v : { ...v, intervalle: [v.valeur - 1, v.valeur + 1] as [number, number] },
    );
    const svg = charts.rankedBars(withIntervals, {
      unite: '%',
      libelle: 'Taux de chômage des 15-24 ans',
      academie: 19.3,
      france: 17.5,
      width: 600,
    });
    expect(svg.querySelectorAll('g.intervalle line')).toHaveLength(4);
    expect(svg.textContent).toContain('France : 17,5');
  });

  it('says so when a series has a single year', () => {
    const svg = charts.trendChart({
      libelle: 'Effectifs des collèges',
      unite: 'élèves',
      serie: [{ annee: 2024, periode: 'rentrée 2024', valeur: 4537, significatif: true }],
    } as unknown as DiagnosticLine);
    expect(svg.textContent).toContain('une seule année (rentrée 2024)');
  });

  it('writes unit notes for titles', () => {
    expect(charts.unitNote('%')).toBe(' (en %)');
    expect(charts.unitNote('pour 1 000 habitants')).toBe(' (pour 1 000 habitants)');
    expect(charts.unitNote('nombre')).toBe('');
  });
});

describe('the pages hold no copy of what the methodology says', () => {
  it('declares no département, verdict label, domain label, period rule or SQL in dashboards/', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const root = join(import.meta.dirname, '..', 'dashboards');
    const files = (readdirSync(root, { recursive: true }) as string[])
      .filter((f) => /\.ts$/.test(f) && !f.startsWith('dist'))
      .map((f) => [f, readFileSync(join(root, f), 'utf8').replace(/^\s*(\/\/|\/?\*).*$/gm, '')] as const);
    expect(files.length).toBeGreaterThan(10);
    const forbidden: [string, RegExp][] = [
      ['a département code', /['"`](07|26|38|73|74)['"`]/],
      ['a département name', /Ardèche|Drôme|Isère|Savoie/],
      ['a verdict label', /['"`](Force|Faiblesse|Neutre|Non significatif|Contexte)['"`]/],
      ['a domain label', /Jeunesse et démographie|Formation initiale|Tissu économique|Insertion professionnelle/],
      ['a period rule', /(RP|rentrée|T4|BMO|trimestre) \$\{/],
      ['SQL of the registry', /\.sql\b|denominateur === null/],
    ];
    const found = files.flatMap(([file, text]) =>
      forbidden.filter(([, pattern]) => pattern.test(text)).map(([what]) => `${file}: ${what}`),
    );
    expect(found).toEqual([]);
  });
});
