// The HTTP API on the demo data: every route in JSON, CSV (BOM, `;`, decimal comma) and Arrow (decodable), the
// errors (404 with close names, 400 on bad parameters), and no stack trace or internal detail in any body.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { diagnose, INDICATORS } from '../src/methodology/index.ts';
import { frenchNumber, toArrow, toCsv } from '../src/server/formats.ts';
import { type AppServer, fetchAnswer, listenApp } from './helpers/app-server.ts';
import { demoDatabase } from './helpers/demo-db.ts';

let server: AppServer;
let base: string;
let cleanup: () => void;
let db: Database;
let bassins: { id: string; nom: string; departement: string }[];
let indicateurs: { id: string; annees: number[]; unite: string }[];

const get = (path: string, headers: Record<string, string> = {}) => fetchAnswer(`${base}${path}`, headers);

async function json<T = unknown>(path: string): Promise<T> {
  const r = await get(path);
  expect(r.status, `${path} → ${r.text.slice(0, 300)}`).toBe(200);
  expect(r.type).toMatch(/application\/json/);
  return JSON.parse(r.text) as T;
}

/** What no error body may contain: a stack frame, a source path, a SQL or DuckDB message. */
function expectNoLeak(text: string): void {
  expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  expect(text).not.toMatch(/\.ts\b|node_modules|\/work\/|src\//);
  expect(text).not.toMatch(/SELECT|DuckDB|Binder Error|Parser Error|TypeError|ReferenceError/i);
}

beforeAll(async () => {
  const demo = await demoDatabase();
  cleanup = demo.cleanup;
  db = demo.db;
  server = await listenApp(demo.db);
  base = server.base;
  bassins = await json('/api/bassins');
  indicateurs = await json('/api/indicateurs');
});

afterAll(async () => {
  await server?.close();
  cleanup?.();
});

/** Every route, with a valid query: each must answer in the three formats. */
function routes(): string[] {
  const b = bassins[0].id;
  const rate = indicateurs.find((i) => i.unite === '%' && i.annees.length > 0) ?? indicateurs[0];
  const year = rate.annees.at(-1);
  return [
    '/api/bassins',
    `/api/bassins/${encodeURIComponent(b)}/diagnostic`,
    `/api/bassins/${encodeURIComponent(b)}/diagnostic?annee=${year}`,
    '/api/indicateurs',
    `/api/indicateurs/${rate.id}`,
    `/api/indicateurs/${rate.id}/valeurs?niveau=bassin`,
    `/api/indicateurs/${rate.id}/valeurs?niveau=bassin&annee=${year}&departement=38`,
    `/api/indicateurs/${rate.id}/valeurs?niveau=departement&annee=${year}`,
    `/api/indicateurs/${rate.id}/valeurs?niveau=academie`,
    `/api/comparaison?departement=38&indicateur=${rate.id}`,
    '/api/comparaison',
    '/api/methodologie',
    '/api/sources',
  ];
}

describe('formats (unit)', () => {
  it('writes French CSV: BOM, semicolons, decimal comma, quoting, booleans in French', () => {
    const csv = toCsv([{ a: 1.5, b: 'x;y', c: true, d: null, e: 'dit "oui"' }]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFFa;b;c;d;e\r\n1,5;"x;y";oui;;"dit ""oui"""\r\n');
    expect(frenchNumber(1e-7)).toBe('0,0000001');
    expect(frenchNumber(-12345.678)).toBe('-12345,678');
  });

  it('writes Arrow with typed columns, nulls, an all-null column and no rows', () => {
    const table = tableFromIPC(
      toArrow([
        { n: 1.5, s: 'a', z: null },
        { n: null, s: 'b', z: null },
      ]),
    );
    expect(table.numRows).toBe(2);
    expect(table.getChild('n')?.toArray()[0]).toBe(1.5);
    expect(table.getChild('n')?.get(1)).toBeNull();
    expect(table.getChild('z')?.get(0)).toBeNull();
    const empty = tableFromIPC(toArrow([], ['a', 'b']));
    expect(empty.numRows).toBe(0);
    expect(empty.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });
});

describe('GET /api/* in JSON, CSV and Arrow', () => {
  it('lists the 17 basins of the demo zoning and the indicator registry with its years', () => {
    expect(bassins.length).toBeGreaterThanOrEqual(10);
    expect(new Set(bassins.map((b) => b.departement))).toEqual(new Set(['07', '26', '38', '73', '74']));
    expect(indicateurs.length).toBeGreaterThan(10);
    expect(indicateurs.some((i) => i.annees.length > 0)).toBe(true);
  });

  it('answers every route in JSON', async () => {
    for (const path of routes()) {
      const body = await json<unknown>(path);
      expect(body, path).toBeTruthy();
    }
  });

  it('answers every route in CSV: UTF-8 with BOM, `;`-separated, same row count as JSON, decimal comma', async () => {
    for (const path of routes()) {
      const r = await get(`${path}${path.includes('?') ? '&' : '?'}format=csv`);
      expect(r.status, path).toBe(200);
      expect(r.type).toMatch(/^text\/csv; charset=utf-8/);
      expect(r.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
      expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = r.text.slice(1).trimEnd().split('\r\n');
      expect(lines[0].split(';').length, path).toBeGreaterThan(2);
      expect(lines.length, path).toBeGreaterThan(1);
      for (const line of lines.slice(1)) expect(line).not.toMatch(/;\d+\.\d+(;|$)/); // never a decimal point
    }
    const rate = indicateurs.find((i) => i.unite === '%' && i.annees.length)!;
    const values = await get(`/api/indicateurs/${rate.id}/valeurs?niveau=bassin&format=csv`);
    const rows = values.text.slice(1).trimEnd().split('\r\n');
    const header = rows[0].split(';');
    expect(header).toEqual(expect.arrayContaining(['code', 'nom', 'valeur', 'significatif']));
    const valeur = rows[1].split(';')[header.indexOf('valeur')];
    expect(valeur).toMatch(/^-?\d+,\d+$/);
    const asJson = await json<unknown[]>(
      `/api/indicateurs/${indicateurs.find((i) => i.unite === '%' && i.annees.length)!.id}/valeurs?niveau=bassin`,
    );
    expect(rows.length - 1).toBe(asJson.length);
  });

  it('writes CSV values rounded as the pages show them (the JSON keeps full precision)', async () => {
    const registry = await json<{ id: string; decimales: number }[]>('/api/indicateurs');
    const full = await json<{ reference: unknown[]; bassins: { code: string; indicateur: string; valeur: number }[] }>(
      '/api/comparaison?departement=38',
    );
    const rows = (await get('/api/comparaison?departement=38&format=csv')).text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const header = rows[0].split(';');
    const at = (row: string[], c: string) => row[header.indexOf(c)];
    const basins = rows
      .slice(1)
      .map((r) => r.split(';'))
      .filter((r) => at(r, 'niveau') === 'bassin');
    expect(basins.length).toBe(full.bassins.length);
    let unrounded = 0;
    for (const row of basins) {
      const decimals = registry.find((i) => i.id === at(row, 'indicateur'))!.decimales;
      const v = full.bassins.find((b) => b.code === at(row, 'code') && b.indicateur === at(row, 'indicateur'))!;
      if (v.valeur === null) continue;
      const expected = Number(v.valeur.toFixed(Math.abs(v.valeur) >= 1000 ? 0 : decimals));
      expect(Number(at(row, 'valeur').replace(',', '.'))).toBe(expected);
      expect(at(row, 'valeur').split(',')[1]?.length ?? 0).toBeLessThanOrEqual(decimals);
      if (v.valeur !== expected) unrounded += 1;
    }
    expect(unrounded, 'the JSON holds more decimals than the CSV').toBeGreaterThan(0);
  });

  it('answers every route in Arrow IPC, decodable by apache-arrow, with the JSON row count', async () => {
    for (const path of routes()) {
      const r = await get(`${path}${path.includes('?') ? '&' : '?'}format=arrow`);
      expect(r.status, path).toBe(200);
      expect(r.type).toBe('application/vnd.apache.arrow.stream');
      const table = tableFromIPC(r.bytes);
      expect(table.numCols, path).toBeGreaterThan(2);
      if (path === '/api/bassins') {
        expect(table.numRows).toBe(bassins.length);
        expect(table.getChild('id')?.get(0)).toBe(bassins[0].id);
      }
    }
    const diag = await json<{ indicateurs: { id: string; valeur: number | null }[] }>(
      `/api/bassins/${bassins[0].id}/diagnostic`,
    );
    const table = tableFromIPC((await get(`/api/bassins/${bassins[0].id}/diagnostic?format=arrow`)).bytes);
    expect(table.numRows).toBe(diag.indicateurs.length);
    const first = diag.indicateurs.find((l) => l.valeur !== null)!;
    const index = table.getChild('indicateur')!.toArray().indexOf(first.id);
    expect(table.getChild('valeur')!.get(index)).toBeCloseTo(first.valeur as number, 9);
  });

  it('returns a diagnostic shaped by the methodology, for the asked year', async () => {
    const b = bassins.find((x) => x.departement === '38') ?? bassins[0];
    const d = await json<{
      bassin: { id: string };
      indicateurs: { annee: number; verdict: string; explication: string }[];
      regle_verdict: string;
      actions: unknown[];
    }>(`/api/bassins/${b.id}/diagnostic`);
    expect(d.bassin.id).toBe(b.id);
    expect(d.indicateurs.length).toBeGreaterThan(5);
    expect(d.regle_verdict).toMatch(/force/);
    for (const l of d.indicateurs) expect(['force', 'faiblesse', 'neutre', 'non_significatif']).toContain(l.verdict);
    const year = Math.min(...d.indicateurs.map((l) => l.annee));
    const older = await json<{ indicateurs: { annee: number }[] }>(`/api/bassins/${b.id}/diagnostic?annee=${year}`);
    for (const l of older.indicateurs) expect(l.annee).toBeLessThanOrEqual(year);
  });

  it('says which loaded sources are simulated demo data', async () => {
    const sources = await json<{ id: string; fichiers: number; simule: boolean }[]>('/api/sources');
    const loaded = sources.filter((s) => s.fichiers > 0);
    expect(loaded.length).toBeGreaterThan(15);
    // Every demo file is simulated; the default zoning (datasets/territories) is configuration, not simulated.
    expect(loaded.filter((s) => !s.simule).map((s) => s.id)).toEqual(['clee-bassins']);
    expect(sources.filter((s) => s.fichiers === 0).every((s) => !s.simule)).toBe(true);
  });

  it('tells per source and basin how values are attributed (/api/couverture)', async () => {
    type Cell = { bassin: string; etat: string; detail: string | null };
    const c = await json<{
      attribution: { bassins_bmo_inconnus: unknown[]; etablissements_non_rattaches: unknown[] };
      couverture: { source: string; bassins: Cell[]; fichiers: { periodes: string[]; simule: boolean }[] }[];
      couverture_departements: {
        departement: string;
        bassins: number;
        sources: { source: string; donnees: string }[];
      }[];
    }>('/api/couverture');
    // Per département: every département of the académie has basins, and every demo source is simulated there.
    expect(c.couverture_departements.map((d) => d.departement)).toEqual(['07', '26', '38', '73', '74']);
    expect(c.couverture_departements.every((d) => d.bassins > 0)).toBe(true);
    const donnees = new Set(c.couverture_departements.flatMap((d) => d.sources.map((s) => s.donnees)));
    expect([...donnees]).toEqual(['simulees']);
    // The demo's bassins BMO are France Travail's real codes, all in the composition; every school is placed.
    expect(c.attribution.bassins_bmo_inconnus).toEqual([]);
    expect(c.attribution.etablissements_non_rattaches).toEqual([]);
    const bmo = c.couverture.find((s) => s.source === 'france-travail-bmo')!;
    expect(bmo.bassins).toHaveLength(bassins.length);
    // The two simulated BMO files of the demo, one survey year each.
    expect(bmo.fichiers.map((f) => [f.periodes, f.simule])).toEqual([
      [['2024'], true],
      [['2025'], true],
    ]);
    // Grenoble shares bassin BMO 8412 with Grésivaudan: the diagnostic says so too.
    expect(bmo.bassins.find((b) => b.bassin === '38-grenoble')).toMatchObject({
      etat: 'niveau_plus_large',
      detail: 'bassin BMO 8412 GRENOBLE (Isère)',
    });
    type Line = {
      id: string;
      niveau_attribution: { code: string } | null;
      alerte_attribution: { libelle: string; explication: string } | null;
    };
    const d = await json<{ indicateurs: Line[] }>('/api/bassins/38-grenoble/diagnostic');
    const line = d.indicateurs.find((l) => l.id === 'bmo_projets_1000_actifs')!;
    expect(line.niveau_attribution?.code).toBe('8412');
    // The badge the pages draw as is: its label and a French explanation.
    expect(line.alerte_attribution).toEqual({
      libelle: 'Valeur du bassin BMO',
      explication:
        'Valeur publiée pour le bassin BMO 8412 GRENOBLE (Isère), qui couvre plusieurs bassins : elle ne distingue ' +
        'pas ce ' +
        "bassin des autres. Cette valeur n'est jamais classée en force ou en faiblesse.",
    });
    // A value built from the basin's own data has no badge.
    expect(d.indicateurs.find((l) => l.id === 'part_15_24')!.alerte_attribution).toBeNull();
  });

  it('filters values by département and level', async () => {
    const id = indicateurs.find((i) => i.annees.length)!.id;
    const isere = await json<{ departement: string; niveau: string }[]>(
      `/api/indicateurs/${id}/valeurs?niveau=bassin&departement=38`,
    );
    expect(isere.length).toBe(bassins.filter((b) => b.departement === '38').length);
    expect(isere.every((v) => v.departement === '38' && v.niveau === 'bassin')).toBe(true);
    const deps = await json<{ niveau: string; code: string }[]>(`/api/indicateurs/${id}/valeurs?niveau=departement`);
    expect(deps.map((v) => v.code).sort()).toEqual(['07', '26', '38', '73', '74']);
    const acad = await json<{ niveau: string }[]>(`/api/indicateurs/${id}/valeurs?niveau=academie`);
    expect(acad).toHaveLength(1);
  });

  it('serves the methodology as Markdown on ?format=md and on Accept: text/markdown', async () => {
    const md = await get('/api/methodologie?format=md');
    expect(md.status).toBe(200);
    expect(md.type).toMatch(/text\/markdown/);
    expect(md.text).toMatch(/^# /m);
    const negotiated = await get('/api/methodologie', { Accept: 'text/markdown' });
    expect(negotiated.type).toMatch(/text\/markdown/);
    const doc = await json<{ document: string; indicateurs: unknown[] }>('/api/methodologie');
    expect(doc.document).toBe(md.text);
    expect(doc.indicateurs.length).toBe(indicateurs.length);
  });
});

/** Every string of a JSON value, with the path it sits at. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      [`${path}.${k}#key`, k] as [string, string],
      ...strings(v, `${path}.${k}`),
    ]);
  return [];
}

describe('what the pages read: no SQL, declared labels, natures, periods, series', () => {
  it('sends no SQL to the browser in the indicator registry', async () => {
    const sqlParts = new Set(
      INDICATORS.flatMap((i) => [i.sql.numerateur, i.sql.denominateur, i.sql.filtre, i.sql.vue]).filter(
        // A bare word (« actifs ») is also French: only expressions and snake_case column names are SQL.
        (x): x is string => typeof x === 'string' && /[_*+\-/()\s]/.test(x),
      ),
    );
    for (const path of ['/api/indicateurs', `/api/indicateurs/${indicateurs[0].id}`, '/api/methodologie']) {
      const body = await json<unknown>(path);
      const payload = path === '/api/methodologie' ? (body as { indicateurs: unknown }).indicateurs : body;
      const found = strings(payload).filter(
        ([where, text]) =>
          /\b(select|from|where|group by)\b|\bsum\s*\(|\bcase when\b/i.test(text) ||
          sqlParts.has(text) ||
          (/#key$/.test(where) && /^(sql|numerateur|denominateur|filtre|vue)$/.test(text)),
      );
      expect(found, path).toEqual([]);
    }
    // The formula still reads in words for every indicator.
    const listed = await json<{ id: string; formule: string }[]>('/api/indicateurs');
    for (const i of listed) expect(i.formule, i.id).toMatch(/\S/);
  });

  it('declares the nature of every indicator; counts are exactly the indicators without a denominator', async () => {
    const listed = await json<{ id: string; nature: string }[]>('/api/indicateurs');
    const { natures } = await json<{ natures: { id: string }[] }>('/api/libelles');
    for (const i of listed)
      expect(
        natures.map((n) => n.id),
        i.id,
      ).toContain(i.nature);
    const counts = INDICATORS.filter((i) => i.sql.denominateur === null).map((i) => i.id);
    expect(listed.filter((i) => i.nature === 'effectif').map((i) => i.id)).toEqual(counts);
  });

  it('serves the labels of verdicts, domains and the académie départements, in order', async () => {
    const labels = await json<{
      academie: { nom: string; departements: { code: string; nom: string; libelle: string }[] };
      domaines: { id: string; libelle: string }[];
      verdicts: { id: string; libelle: string }[];
    }>('/api/libelles');
    expect(labels.academie.nom).toBe('Académie de Grenoble');
    expect(labels.academie.departements.map((d) => d.code)).toEqual(['07', '26', '38', '73', '74']);
    expect(labels.academie.departements.find((d) => d.code === '38')?.libelle).toBe('Isère (38)');
    expect(labels.domaines[0]).toEqual({ id: 'jeunesse', libelle: 'Jeunesse et démographie' });
    expect(labels.verdicts.map((v) => v.id)).toEqual(['force', 'faiblesse', 'neutre', 'non_significatif']);
    expect((await get('/api/libelles?format=csv')).status).toBe(400);
  });

  it('labels each value with the period of its own source, and serves its series in the same call', async () => {
    const listed =
      await json<{ id: string; axe: string; periodes: { annee: number; periode: string }[] }[]>('/api/indicateurs');
    const census = listed.find((i) => i.id === 'chomage_15_24')!;
    const quarter = listed.find((i) => i.axe === 'trimestre' && i.periodes.length)!;
    expect(census.periodes.every((p) => p.periode === `RP ${p.annee}`)).toBe(true);
    expect(quarter.periodes.every((p) => p.periode === `T4 ${p.annee}`)).toBe(true);
    const d = await json<{
      indicateurs: {
        id: string;
        periode: string;
        verdict: string;
        polarite: number;
        verdict_libelle: string;
        serie: { annee: number; periode: string }[];
      }[];
    }>(`/api/bassins/${bassins[0].id}/diagnostic`);
    const line = d.indicateurs.find((l) => l.id === 'chomage_15_24')!;
    expect(line.periode).toMatch(/^RP \d{4}$/);
    expect(line.serie.every((p) => p.periode === `RP ${p.annee}`)).toBe(true);
    for (const l of d.indicateurs)
      expect(l.verdict_libelle, l.id).toBe(
        l.verdict === 'neutre' && l.polarite === 0
          ? 'Contexte'
          : { force: 'Force', faiblesse: 'Faiblesse', neutre: 'Neutre', non_significatif: 'Non significatif' }[
              l.verdict
            ],
      );
    const id = census.id;
    const years = census.periodes.map((p) => p.annee);
    const values = await json<
      { code: string; annee: number; valeur: number | null; serie: { annee: number; valeur: number | null }[] }[]
    >(`/api/indicateurs/${id}/valeurs?niveau=bassin`);
    // The series of a basin holds, for each year, the value the year's own request returns.
    const first = await json<{ code: string; valeur: number | null }[]>(
      `/api/indicateurs/${id}/valeurs?niveau=bassin&annee=${years[0]}`,
    );
    for (const v of values) {
      expect(v.serie.map((p) => p.annee)).toEqual(years);
      expect(v.serie[0].valeur).toBe(first.find((f) => f.code === v.code)?.valeur ?? null);
      expect(v.serie.at(-1)?.valeur).toBe(v.valeur);
    }
    const deps = await json<{ valeur: number | null; ecart_academie: number | null; serie: unknown[] }[]>(
      `/api/indicateurs/${id}/valeurs?niveau=departement`,
    );
    const [acad] = await json<{ valeur: number }[]>(`/api/indicateurs/${id}/valeurs?niveau=academie`);
    for (const dep of deps) {
      expect(dep.serie).toHaveLength(years.length);
      expect(dep.ecart_academie).toBeCloseTo((dep.valeur as number) - acad.valeur, 9);
    }
  });
});

describe('basin and indicator lookup (the same as the CLI)', () => {
  it('a basin by a word of its name or its name without accents, as `clee diagnose grenoble` does', async () => {
    for (const typed of ['grenoble', 'GRESIVAUDAN', 'nord isere']) {
      const viaApi = await json<{ bassin: { id: string } }>(`/api/bassins/${encodeURIComponent(typed)}/diagnostic`);
      const viaCli = await diagnose(db, typed);
      expect(viaApi.bassin.id, typed).toBe(viaCli.bassin.id);
    }
    expect((await json<{ bassin: { id: string } }>('/api/bassins/grenoble/diagnostic')).bassin.id).toBe('38-grenoble');
  });

  it('an indicator by its label, accents and case ignored', async () => {
    const i = INDICATORS[0];
    const label = i.libelle
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase();
    expect((await json<{ id: string }>(`/api/indicateurs/${encodeURIComponent(label)}`)).id).toBe(i.id);
  });
});

describe('errors', () => {
  it('404 for an unknown basin, with close names, in JSON and in French', async () => {
    const close = bassins[0].id.slice(0, -1);
    const r = await get(`/api/bassins/${encodeURIComponent(close)}/diagnostic`);
    expect(r.status).toBe(404);
    const body = JSON.parse(r.text);
    expect(body.erreur).toMatch(/Bassin inconnu/);
    expect(body.suggestions).toContain(bassins[0].id);
    expectNoLeak(r.text);
    // Also in CSV / Arrow requests: the error stays JSON.
    const csv = await get(`/api/bassins/${encodeURIComponent(close)}/diagnostic?format=csv`);
    expect(csv.status).toBe(404);
    expect(csv.type).toMatch(/json/);
  });

  it('404 for an unknown indicator, with close names', async () => {
    for (const path of [
      '/api/indicateurs/chomage_1524/valeurs?niveau=bassin',
      '/api/indicateurs/chomage_1524',
      '/api/comparaison?indicateur=chomage_1524',
    ]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      const body = JSON.parse(r.text);
      expect(body.erreur).toMatch(/Indicateur inconnu/);
      expect(body.suggestions).toContain('chomage_15_24');
      expectNoLeak(r.text);
    }
  });

  it('400 for a bad niveau, annee, département, format, or a repeated parameter', async () => {
    const id = indicateurs.find((i) => i.annees.length)!.id;
    const cases: [string, RegExp][] = [
      [`/api/indicateurs/${id}/valeurs?niveau=region`, /Niveau invalide/],
      [`/api/indicateurs/${id}/valeurs?niveau=bassin&annee=abc`, /Année invalide/],
      [`/api/indicateurs/${id}/valeurs?niveau=bassin&annee=20211`, /Année invalide/],
      [`/api/indicateurs/${id}/valeurs?niveau=bassin&annee=1950`, /Année indisponible/],
      [`/api/bassins/${bassins[0].id}/diagnostic?annee=2.5`, /Année invalide/],
      [`/api/bassins/${bassins[0].id}/diagnostic?annee=1950`, /Année indisponible/],
      [`/api/indicateurs/${id}/valeurs?departement=01`, /Département invalide/],
      ['/api/bassins?format=xml', /Format inconnu/],
      [`/api/indicateurs/${id}/valeurs?niveau=bassin&niveau=academie`, /une seule fois/],
    ];
    for (const [path, message] of cases) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(JSON.parse(r.text).erreur, path).toMatch(message);
      expectNoLeak(r.text);
    }
  });

  it('404 for an unknown API route and an unknown page (HTML, French)', async () => {
    const api = await get('/api/rien');
    expect(api.status).toBe(404);
    expect(JSON.parse(api.text).erreur).toMatch(/Route inconnue/);
    const page = await get('/fiche/bassin-qui-n-existe-pas', { Accept: 'text/html' });
    expect(page.status).toBe(404);
    expect(page.type).toMatch(/html/);
    expect(page.text).toMatch(/Bassin inconnu/);
    expectNoLeak(page.text);
    const asset = await get('/assets/absent.js');
    expect(asset.status).toBe(404);
    expectNoLeak(asset.text);
  });

  it('passes hostile ids to DuckDB only as bound values (the database is unharmed)', async () => {
    const hostile = ["x'; DROP TABLE provenance; --", "' OR 1=1 --", 'bassin"); SELECT 1; --'];
    for (const id of hostile) {
      const r = await get(`/api/bassins/${encodeURIComponent(id)}/diagnostic`);
      expect(r.status).toBe(404);
      const body = JSON.parse(r.text) as { erreur: string };
      expect(body.erreur).toMatch(/^Bassin inconnu/);
      expectNoLeak(body.erreur.replace(id, '')); // the id is echoed back, nothing else
      const v = await get(`/api/indicateurs/${encodeURIComponent(id)}/valeurs`);
      expect(v.status).toBe(404);
    }
    const after = await json<unknown[]>('/api/sources');
    expect(after.length).toBeGreaterThan(0);
    expect((await json<unknown[]>('/api/bassins')).length).toBe(bassins.length);
  });

  it('answers 500 with a generic French message, never the error itself, when the database fails', async () => {
    const broken = {
      path: ':broken:',
      all: async () => {
        throw new Error('Binder Error: secret at /work/main/src/secret.ts:12:3');
      },
      one: async () => {
        throw new Error('Binder Error: secret at /work/main/src/secret.ts:12:3');
      },
      run: async () => {
        throw new Error('Binder Error: secret at /work/main/src/secret.ts:12:3');
      },
      tableExists: async () => {
        throw new Error('Binder Error: secret');
      },
      columns: async () => [],
      transaction: async () => {
        throw new Error('secret');
      },
    } as unknown as Database;
    const logged: string[] = [];
    const s = await listenApp(broken, { log: (m) => logged.push(m) });
    try {
      const r = await fetch(`${s.base}/api/bassins`);
      const text = await r.text();
      expect(r.status).toBe(500);
      expect(JSON.parse(text).erreur).toMatch(/Erreur interne/);
      expect(text).not.toMatch(/secret|Binder/);
      expectNoLeak(text);
      expect(logged.join('\n')).toMatch(/secret/); // the detail goes to the server log only
    } finally {
      await s.close();
    }
  });

  it('revalidates with ETag: 304 when unchanged, and the body is the same on every request', async () => {
    const first = await get(`/api/bassins/${bassins[0].id}/diagnostic`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    // (fetch adds « Cache-Control: no-cache » to conditional requests unless told otherwise, as a reload would.)
    const again = await get(`/api/bassins/${bassins[0].id}/diagnostic`, {
      'If-None-Match': etag as string,
      'Cache-Control': 'max-age=0',
    });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    const csv = await get(`/api/bassins/${bassins[0].id}/diagnostic?format=csv`);
    expect(csv.headers.get('etag')).not.toBe(etag);
    expect((await get(`/api/bassins/${bassins[0].id}/diagnostic`)).text).toBe(first.text);
  });

  it('mounts /api/contours (outlines or the schematic tile map of the basins)', async () => {
    const body = await json<{ type: string; tiles?: { id: string }[]; geojson?: { features: unknown[] } }>(
      '/api/contours',
    );
    expect(['outlines', 'tiles']).toContain(body.type);
    const count = body.type === 'tiles' ? body.tiles!.length : body.geojson!.features.length;
    expect(count).toBe(bassins.length);
  });

  it('sends security headers and no X-Powered-By', async () => {
    const r = await get('/api/bassins');
    expect(r.headers.get('x-powered-by')).toBeNull();
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
