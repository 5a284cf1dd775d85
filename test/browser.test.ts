// The pages in headless Chromium (Debian's /usr/bin/chromium through playwright-core), on the demo data: each page
// loads without console errors, its charts hold data-bearing marks, the controls change them, the SVG / PNG / CSV
// exports produce real files, the PDF report has pages. No Chromium = failure, never a skip. The same page tests run
// twice: behind `clee serve`, and on the static site `clee build` writes, served by a plain static file server (no
// request may reach /api there, and no file may be missing).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { startServer, type StartedServer } from '../src/server/app.ts';
import { DATA_MARK_SELECTOR, launchChromium } from '../src/render/browser.ts';
import { ensureDashboards } from '../src/bundle/dashboards.ts';
import { countPdfPages, renderReport } from '../src/render/report.ts';
import type { Database } from '../src/db/database.ts';
import { buildSite } from '../src/publish/site.ts';
import { demoDatabase } from './helpers/demo-db.ts';
import { serveStatic, type StaticServer } from './helpers/static-server.ts';
import { layoutFaults, VIEWPORTS } from './helpers/chart-layout.ts';

let browser: Browser;
let launchError: Error | undefined;
let server: StartedServer;
let db: Database;
let cleanup: () => void;
let bassins: { id: string; nom: string; departement: string }[];
const downloads = mkdtempSync(join(tmpdir(), 'clee-browser-'));

interface Opened {
  page: Page;
  problems: string[];
}

/**
 * Where the pages are read from. Tests write server paths (`/fiche/ID?annee=2021`, `/comparaison?…`); a static site
 * has them as files (`fiche.html?bassin=ID&annee=2021`), and its API answers under donnees/.
 */
interface Target {
  name: string;
  /** Full address of a page given by its server path. */
  url(path: string): string;
  /** The link a page writes to another page, given by its server path. */
  href(path: string): string;
  /** Glob matching the address a page reads an API answer from. */
  apiGlob(path: string): string;
}

const serverTarget: Target = {
  name: 'clee serve',
  url: (path) => `${server.url.replace(/\/$/, '')}${path}`,
  href: (path) => path,
  apiGlob: (path) => `**${path}`,
};

let site: StaticServer;
const siteDir = join(downloads, 'site');

/** `/fiche/ID?x=1` → `fiche.html?bassin=ID&x=1`, `/` → `index.html`, `/comparaison?x` → `comparaison.html?x`. */
function staticPath(path: string): string {
  const [rest = '', hash] = path.split('#');
  const [pathname = '', search = ''] = rest.split('?');
  const [, name = '', id] = pathname.split('/');
  const query = new URLSearchParams(search);
  const params = new URLSearchParams(id ? { bassin: decodeURIComponent(id), ...Object.fromEntries(query) } : query);
  const q = params.toString();
  return `${name || 'index'}.html${q ? `?${q}` : ''}${hash ? `#${hash}` : ''}`;
}

const staticTarget: Target = {
  name: 'site statique',
  url: (path) => `${site.url}${staticPath(path)}`,
  href: (path) => staticPath(path),
  apiGlob: (path) => `**/donnees/${path.replace(/^\/api\//, '')}.json`,
};

let target: Target = serverTarget;

/** Opens a page, records console errors, page errors and failed requests, waits until it has drawn. */
async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Opened> {
  chromium();
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const problems: string[] = [];
  page.on('request', (r) => {
    if (target === staticTarget && new URL(r.url()).pathname.startsWith('/api')) problems.push(`API: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  const response = await page.goto(target.url(path));
  expect(response?.status(), path).toBe(200);
  await page.waitForFunction(
    () => document.body.dataset.ready === 'true' || document.querySelector('.error') !== null,
    null,
    { timeout: 30_000 },
  );
  const failure = await page.locator('.error').evaluateAll((nodes) => nodes.map((n) => n.textContent).join(' '));
  expect(failure, path).toBe('');
  return { page, problems };
}

const marks = (page: Page, scope = 'body') => page.locator(`${scope} ${DATA_MARK_SELECTOR}`).count();

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [event] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), click()]);
  const path = join(downloads, `${Date.now()}-${event.suggestedFilename()}`);
  await event.saveAs(path);
  return { name: event.suggestedFilename(), bytes: readFileSync(path) };
}

/** The browser, or the reason it could not start: every test then fails (never skips) with that reason. */
function chromium(): Browser {
  if (launchError) throw new Error(`Chromium n'a pas pu démarrer : ${launchError.message}`);
  return browser;
}

beforeAll(async () => {
  try {
    browser = await launchChromium();
  } catch (error) {
    launchError = error as Error;
  }
  await ensureDashboards();
  const demo = await demoDatabase();
  db = demo.db;
  cleanup = demo.cleanup;
  // A deliberate small-number case in this copy: the basin with the fewest vocational lycées gets tiny final-year
  // classes, so its InserJeunes rates fall under the threshold and the pages must show them as non significant.
  await db.run(`UPDATE effectifs_lycee_pro SET nb_terminale_pro = 2, nb_cap2 = 0 WHERE uai IN (
    SELECT a.uai FROM annuaire_education a JOIN bassin_commune b ON b.code_commune = a.code_commune
    WHERE b.bassin_id = (
      SELECT b2.bassin_id FROM effectifs_lycee_pro e JOIN annuaire_education a2 ON a2.uai = e.uai
      JOIN bassin_commune b2 ON b2.code_commune = a2.code_commune
      GROUP BY b2.bassin_id ORDER BY count(DISTINCT e.uai), b2.bassin_id LIMIT 1))`);
  server = await startServer({ db, port: 0, host: '127.0.0.1' });
  bassins = (await (await fetch(`${server.url}api/bassins`)).json()) as typeof bassins;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  cleanup?.();
  rmSync(downloads, { recursive: true, force: true });
});

describe('chromium', () => {
  it("starts (Debian's /usr/bin/chromium or $CLEE_CHROMIUM)", async () => {
    const page = await chromium().newPage();
    expect(await page.evaluate(() => navigator.userAgent)).toMatch(/Chrome/);
    await page.close();
  });
});

/** Outlines as the contours route sends them: one polygon per basin (here squares on a grid around Grenoble). */
function squares() {
  return bassins.map((b, i) => {
    const [x, y] = [5 + (i % 5) * 0.3, 45 + Math.floor(i / 5) * 0.3];
    return {
      type: 'Feature',
      properties: { id: b.id, nom: b.nom, departement: b.departement, communes: 10, communesSansContour: 0 },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x, y + 0.28],
            [x + 0.28, y + 0.28],
            [x + 0.28, y],
            [x, y],
          ],
        ],
      },
    };
  });
}

/** The page tests, for one place the pages are read from. */
function pageTests(): void {
  describe('accueil', () => {
    it('links to every page and every basin, without console errors', async () => {
      const { page, problems } = await open('/');
      for (const href of ['/comparaison', '/seminaire', '/methodologie'])
        expect(await page.locator(`a[href="${target.href(href)}"]`).count()).toBeGreaterThan(0);
      const fiche = target.href('/fiche/ID').replace(/ID.*/, '');
      expect(await page.locator(`a[href^="${fiche}"]`).count()).toBeGreaterThanOrEqual(bassins.length);
      await expect.poll(() => page.locator('.demo-banner').textContent()).toContain('SIMULÉES');
      expect(problems).toEqual([]);
      await page.close();
    });
  });

  describe('fiche bassin', () => {
    it(
      'shows key figures, the map, strengths and weaknesses, every indicator with data marks, and ' + 'actions',
      async () => {
        const b = bassins.find((x) => x.departement === '38') ?? bassins[0];
        const { page, problems } = await open(`/fiche/${b.id}`);
        expect(await page.locator('h1').textContent()).toContain(b.nom);
        expect(await page.locator('.figure-card').count()).toBeGreaterThanOrEqual(4);
        expect(await marks(page)).toBeGreaterThan(50);
        // The map highlights the basin (a tile or an outline drawn with the ink stroke).
        expect(await marks(page, 'section[aria-labelledby="carte-titre"]')).toBeGreaterThan(1);
        const rows = page.locator('.indicator-row');
        expect(await rows.count()).toBeGreaterThan(10);
        for (const row of (await rows.all()).slice(0, 5))
          expect(await row.locator(DATA_MARK_SELECTOR).count()).toBeGreaterThan(0);
        expect(await page.locator('.verdict-list li').count()).toBeGreaterThan(0);
        expect(await page.locator('.indicator-row .source').first().textContent()).toMatch(/^Sources? : .+— .*\d{4}/);
        expect(await page.locator('h2:has-text("Actions proposées")').count()).toBe(1);
        // French number formatting: a decimal comma in the key figures, never a decimal point.
        const figures = await page.locator('.figures').first().textContent();
        expect(figures).toMatch(/\d,\d/);
        expect(figures).not.toMatch(/\d\.\d/);
        expect(problems).toEqual([]);
        await page.close();
      },
    );

    it('changes its charts when another basin is chosen', async () => {
      const [first, second] = [bassins[0], bassins.find((x) => x.departement !== bassins[0].departement) ?? bassins[1]];
      const { page, problems } = await open(`/fiche/${first.id}`);
      const before = await page
        .locator(`.indicator-row ${DATA_MARK_SELECTOR}`)
        .evaluateAll((nodes) => nodes.map((n) => n.outerHTML).join(''));
      const mapBefore = await page
        .locator('section[aria-labelledby="carte-titre"] svg')
        .first()
        .getAttribute('aria-label');
      await page.selectOption('#choix-bassin', second.id);
      await page.waitForFunction(
        (nom) => document.querySelector('h1')?.textContent?.includes(nom) && document.body.dataset.ready === 'true',
        second.nom,
        { timeout: 30_000 },
      );
      expect(page.url()).toContain(target.href(`/fiche/${second.id}`));
      const after = await page
        .locator(`.indicator-row ${DATA_MARK_SELECTOR}`)
        .evaluateAll((nodes) => nodes.map((n) => n.outerHTML).join(''));
      expect(after.length).toBeGreaterThan(0);
      expect(after).not.toBe(before);
      expect(
        await page.locator('section[aria-labelledby="carte-titre"] svg').first().getAttribute('aria-label'),
      ).not.toBe(mapBefore);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('exports a chart as SVG and PNG, the diagnostic as CSV, and hides controls when printing', async () => {
      const { page, problems } = await open(`/fiche/${bassins[0].id}`);
      const svg = await download(page, () =>
        page.locator('section[aria-labelledby="carte-titre"] button[data-export="svg"]').click(),
      );
      expect(svg.name).toMatch(/\.svg$/);
      const text = svg.bytes.toString('utf8');
      expect(text).toMatch(/^<\?xml/);
      expect(text).toContain('<svg');
      expect(text).toMatch(/Source|Carte|Zonage/); // title and source line travel with the chart
      const png = await download(page, () =>
        page.locator('section[aria-labelledby="carte-titre"] button[data-export="png"]').click(),
      );
      expect(png.name).toMatch(/\.png$/);
      expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.bytes.length).toBeGreaterThan(2000);
      const csv = await download(page, () => page.locator('a:has-text("Données (CSV)")').click());
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.bytes.toString('utf8')).toContain(';');
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.controls').first().isVisible()).toBe(false);
      expect(await page.locator('.chart-tools').first().isVisible()).toBe(false);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('draws the true outlines when /api/contours has them, the basin highlighted', async () => {
      const page = await chromium().newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      const features = squares();
      await page.route(target.apiGlob('/api/contours'), (route) =>
        route.fulfill({ json: { type: 'outlines', geojson: { type: 'FeatureCollection', features } } }),
      );
      const b = bassins.find((x) => x.departement === '38')!;
      await page.goto(target.url(`/fiche/${b.id}`));
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30_000 });
      const map = page.locator('section[aria-labelledby="carte-titre"] svg').first();
      const drawn = bassins.filter((x) => x.departement === '38').length;
      expect(await map.locator('g[aria-label="geo"]').first().locator('path').count()).toBe(drawn);
      // The highlighted outline: a second geo mark with the basin alone.
      expect(await map.locator('g[aria-label="geo"]').nth(1).locator('path').count()).toBe(1);
      expect(await page.locator('section[aria-labelledby="carte-titre"] figcaption').textContent()).toMatch(/Contours/);
      expect(problems).toEqual([]);
      await page.close();
    });

    it("shows the API's attribution badge with its explanation, and what an empty indicator lacks", async () => {
      type Line = { id: string; alerte_attribution: { libelle: string; explication: string } | null };
      type Diag = { indicateurs: Line[]; indisponibles: { id: string; libelle: string; manque: string }[] };
      const diagnostic = (await (await fetch(`${server.url}api/bassins/38-grenoble/diagnostic`)).json()) as Diag;
      // Grenoble shares bassin BMO 8412 with Grésivaudan in the demo: its BMO values carry a badge.
      const flagged = diagnostic.indicateurs.filter((l) => l.alerte_attribution);
      expect(flagged.map((l) => l.id)).toContain('bmo_projets_1000_actifs');
      // The pages draw what the API says: an indicator served as unavailable shows its « il manque » block.
      const served: Diag = {
        ...diagnostic,
        indicateurs: diagnostic.indicateurs.filter((l) => l.id !== 'neet_15_24'),
        indisponibles: [
          { id: 'neet_15_24', libelle: 'Jeunes NEET', manque: 'il manque : Recensement (clee fetch insee-rp-emploi)' },
        ],
      };
      const page = await chromium().newPage({ viewport: { width: 1280, height: 900 } });
      await page.route(target.apiGlob('/api/bassins/38-grenoble/diagnostic'), (route) =>
        route.fulfill({ json: served }),
      );
      await page.goto(target.url('/fiche/38-grenoble'));
      await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30_000 });
      for (const line of flagged) {
        const row = page.locator(`.indicator-row[data-indicateur="${line.id}"]`);
        const badge = row.locator('.badge.attribution');
        expect(await badge.textContent()).toBe(line.alerte_attribution!.libelle);
        expect(await badge.getAttribute('title')).toBe(line.alerte_attribution!.explication);
        expect(await row.locator('.attribution-note').textContent()).toBe(line.alerte_attribution!.explication);
      }
      const missing = page.locator('[data-indisponibles] li[data-indicateur="neet_15_24"]');
      expect(await missing.textContent()).toBe('Jeunes NEET — il manque : Recensement (clee fetch insee-rp-emploi)');
      await page.close();
    });

    it('draws non-significant values hatched, never in the strength or weakness colours', async () => {
      const { page } = await open(`/fiche/${bassins[0].id}`);
      const fills = await page.evaluate(() => {
        const out: { fill: string; significatif: boolean }[] = [];
        document.querySelectorAll('.indicator-row').forEach((row) => {
          const badge = row.querySelector('.badge');
          const dot = row.querySelector('.strip svg g.bassin circle');
          // Plot puts a constant fill on the mark's group, a per-datum fill on the element itself.
          if (badge && dot)
            out.push({
              fill: dot.getAttribute('fill') || dot.closest('g')?.getAttribute('fill') || '',
              significatif: !badge.classList.contains('non_significatif'),
            });
        });
        return out;
      });
      expect(fills.length).toBeGreaterThan(5);
      for (const f of fills.filter((x) => !x.significatif)) expect(f.fill).toMatch(/^url\(#hachures-/);
      for (const f of fills.filter((x) => x.significatif)) expect(f.fill).toMatch(/^#/);
      for (const f of fills) expect(f.fill.toLowerCase()).not.toMatch(/#(ff0000|00ff00|008000|d7191c|1a9641)/);
      await page.close();
    });
  });

  describe('comparaison des bassins', () => {
    it('hatches the bars of non-significant values and marks them « n.s. », whatever their gap', async () => {
      const all = (await (await fetch(`${server.url}api/comparaison`)).json()) as {
        bassins: { indicateur: string; code: string; nom: string; significatif: boolean; valeur: number | null }[];
      };
      const ns = all.bassins.find((v) => !v.significatif && v.valeur !== null);
      expect(ns, 'the small-number case set up in beforeAll is non-significant').toBeTruthy();
      const { page, problems } = await open(`/comparaison?indicateur=${ns!.indicateur}`);
      const bars = await page
        .locator('svg[aria-label*="par bassin, classés"] g[aria-label="bar"] rect')
        .evaluateAll((rects) =>
          rects.map((r) => ({ fill: r.getAttribute('fill') ?? '', title: r.getAttribute('aria-label') ?? '' })),
        );
      const mine = bars.find((b) => b.title.startsWith(`${ns!.nom} :`));
      expect(bars.length).toBe(all.bassins.filter((v) => v.indicateur === ns!.indicateur && v.valeur !== null).length);
      expect(mine?.fill).toMatch(/^url\(#hachures-/);
      expect(mine?.title).toMatch(/non significatif/);
      for (const b of bars.filter((x) => !/non significatif/.test(x.title))) expect(b.fill).not.toMatch(/^url/);
      expect(
        await page.locator('svg[aria-label*="par bassin, classés"] text', { hasText: '(n.s.)' }).count(),
      ).toBeGreaterThan(0);
      expect(problems).toEqual([]);
      await page.close();
    });

    it("marks the values from a coarser level with the API's badge and explanation", async () => {
      type Value = { code: string; nom: string; alerte_attribution: { libelle: string; explication: string } | null };
      const api = (await (
        await fetch(`${server.url}api/comparaison?departement=38&indicateur=bmo_projets_1000_actifs`)
      ).json()) as { bassins: Value[] };
      const flagged = api.bassins.filter((v) => v.alerte_attribution);
      expect(flagged.map((v) => v.code)).toContain('38-grenoble');
      const { page, problems } = await open('/comparaison?departement=38&indicateur=bmo_projets_1000_actifs');
      for (const v of flagged) {
        const badge = page.locator('table.data tbody tr', { hasText: v.nom }).locator('.badge.attribution');
        expect(await badge.textContent()).toBe(v.alerte_attribution!.libelle);
        expect(await badge.getAttribute('title')).toBe(v.alerte_attribution!.explication);
        expect(await page.locator(`.attribution-notes li[data-code="${v.code}"]`).textContent()).toBe(
          `${v.nom} — ${v.alerte_attribution!.explication}`,
        );
      }
      expect(await page.locator('table.data .badge.attribution').count()).toBe(flagged.length);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('ranks the basins of a département with the académie reference, scatter, map and trends', async () => {
      const { page, problems } = await open('/comparaison?departement=38');
      const isere = bassins.filter((b) => b.departement === '38');
      expect(await marks(page)).toBeGreaterThan(isere.length * 2);
      const bars = page.locator('svg[aria-label*="par bassin, classés"]').first();
      expect(await bars.locator('g[aria-label="bar"] rect').count()).toBe(isere.length);
      expect(await bars.locator('g[aria-label="rule"]').count()).toBeGreaterThan(0);
      expect(
        await page.locator('svg[aria-label*="en fonction de"] g[aria-label="dot"] circle').count(),
      ).toBeGreaterThan(0);
      // basins, then département and académie
      expect(await page.locator('table.data tbody tr').count()).toBe(isere.length + 2);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('changes when the indicator or the territory changes, and exports exactly the table shown as CSV', async () => {
      const { page, problems } = await open('/comparaison?departement=38');
      const firstBars = await page.locator('svg[aria-label*="par bassin, classés"]').first().getAttribute('aria-label');
      const options = await page
        .locator('#choix-indicateur option')
        .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
      const current = await page.locator('#choix-indicateur').inputValue();
      await page.selectOption(
        '#choix-indicateur',
        options.find((v) => v !== current && v.startsWith('chomage')) ?? options.find((v) => v !== current)!,
      );
      await page.waitForFunction(
        (before) =>
          document.body.dataset.ready === 'true' &&
          document.querySelector('svg[aria-label*="par bassin, classés"]')?.getAttribute('aria-label') !== before,
        firstBars,
        { timeout: 30_000 },
      );
      expect(page.url()).toMatch(/indicateur=/);
      await page.selectOption('#choix-territoire', '');
      await page.waitForFunction(
        (n) =>
          document.body.dataset.ready === 'true' &&
          document.querySelectorAll('svg[aria-label*="par bassin, classés"] g[aria-label="bar"] rect').length > n,
        bassins.filter((b) => b.departement === '38').length,
        { timeout: 30_000 },
      );
      const shown = await page.locator('table.data tbody tr').count();
      const csv = await download(page, () => page.locator('button[data-export="csv"]').click());
      const text = csv.bytes.toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const lines = text.slice(1).trimEnd().split('\r\n');
      expect(lines.length - 1).toBe(shown);
      expect(lines[0].split(';').length).toBe(await page.locator('table.data thead th').count());
      expect(text).toMatch(/;\d+,\d+/);
      expect(text).not.toMatch(/;\d+\.\d+/);
      const svg = await download(page, () => page.locator('button[data-export="svg"]').first().click());
      expect(svg.bytes.toString('utf8')).toContain('<svg');
      expect(problems).toEqual([]);
      await page.close();
    });

    it('reads at 1280×720, 1366×768, 1920×1080 and on a phone: no chart text clipped or overlapping', async () => {
      const all = (await (await fetch(`${server.url}api/comparaison`)).json()) as { bassins: { indicateur: string }[] };
      const indicators = new Set(all.bassins.map((v) => v.indicateur)).size;
      for (const viewport of VIEWPORTS) {
        const size = `${viewport.width}×${viewport.height}`;
        const { page, problems } = await open('/comparaison', viewport);
        expect(await layoutFaults(page, '#comparaison-corps'), size).toEqual([]);
        // The overview names every basin of the académie once, and has a row per indicator.
        const overview = page.locator('table.overview');
        const names = await overview.locator('th.basin').allTextContents();
        expect([...names].sort(), size).toEqual(bassins.map((b) => b.nom).sort());
        expect(await overview.locator('tbody tr[data-indicateur]').count(), size).toBe(indicators);
        // On a projector or a desktop screen the whole overview shows without scrolling sideways.
        if (viewport.width >= 1280)
          expect(await page.locator('.overview-wrap').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(
            true,
          );
        // Every point of the scatter carries its basin's name or a number explained under the chart.
        const scatter = page.locator('svg[aria-label*="en fonction de"]');
        const dots = await scatter.locator('g[aria-label="dot"] circle').count();
        const labels = await scatter.locator('g[aria-label="étiquettes"] text[data-code]').allTextContents();
        expect(labels.length, size).toBe(dots);
        const key = (await scatter.locator('g[aria-label="légende des numéros"] text').allTextContents()).join(' ');
        for (const n of labels.filter((l) => /^\d+$/.test(l))) expect(key, size).toMatch(new RegExp(`(^| )${n} \\S`));
        expect(problems, size).toEqual([]);
        await page.close();
      }
    });

    it('orders the overview by domain, name or rank, and a click on an indicator shows it in the charts', async () => {
      const { page, problems } = await open('/comparaison?departement=38');
      const domaine = await page.locator('#choix-domaine option').nth(2).getAttribute('value');
      await page.selectOption('#choix-domaine', domaine!);
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      const registry = (await (await fetch(`${server.url}api/indicateurs`)).json()) as {
        id: string;
        domaine: string;
      }[];
      const rows = await page
        .locator('table.overview tr[data-indicateur]')
        .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.indicateur!));
      expect(rows.length).toBeGreaterThan(0);
      for (const id of rows) expect(registry.find((i) => i.id === id)?.domaine).toBe(domaine);
      expect(page.url()).toContain(`domaine=${domaine}`);
      const before = await page.locator('svg[aria-label*="par bassin, classés"]').getAttribute('aria-label');
      await page.locator(`table.overview tr[data-indicateur="${rows[1]}"] th button`).click();
      await page.waitForFunction(
        (b) =>
          document.body.dataset.ready === 'true' &&
          document.querySelector('svg[aria-label*="par bassin, classés"]')?.getAttribute('aria-label') !== b,
        before,
        { timeout: 30_000 },
      );
      expect(await page.locator('#choix-indicateur').inputValue()).toBe(rows[1]);
      expect(await page.locator('#choix-tri').inputValue()).toBe('rang');
      const ranked = (await (
        await fetch(`${server.url}api/comparaison?departement=38&indicateur=${rows[1]}`)
      ).json()) as { bassins: { nom: string; rang: number | null }[] };
      const expected = [...ranked.bassins]
        .sort((a, b) => (a.rang ?? 1e9) - (b.rang ?? 1e9) || a.nom.localeCompare(b.nom, 'fr'))
        .map((b) => b.nom);
      expect(await page.locator('table.overview th.basin').allTextContents()).toEqual(expected);
      await page.selectOption('#choix-tri', 'nom');
      await page.waitForFunction(() => document.body.dataset.ready === 'true');
      expect(await page.locator('table.overview th.basin').allTextContents()).toEqual(
        [...expected].sort((a, b) => a.localeCompare(b, 'fr')),
      );
      expect(problems).toEqual([]);
      await page.close();
    });

    it('colours the map by verdict like the bars, on the tile map and on true outlines', async () => {
      const all = (await (await fetch(`${server.url}api/comparaison`)).json()) as {
        bassins: { indicateur: string; nom: string; verdict: string; significatif: boolean }[];
      };
      const classed = [...new Set(all.bassins.map((v) => v.indicateur))].find((id) =>
        ['force', 'faiblesse'].every((w) => all.bassins.some((v) => v.indicateur === id && v.verdict === w)),
      )!;
      const expected = new Map(
        all.bassins
          .filter((v) => v.indicateur === classed)
          .map((v) => [v.nom, v.significatif ? v.verdict : 'non_significatif']),
      );
      const colour: Record<string, RegExp> = {
        force: /^#2166ac$/i,
        faiblesse: /^#d95f02$/i,
        neutre: /^#8c8c8c$/i,
        non_significatif: /^url\(#hachures-/,
      };
      // Each tile or outline is labelled for screen readers with its basin first (« Nom ; valeur ; académie »).
      const mapFills = (page: Page, shape: string) =>
        page
          .locator(`figure:has-text("carte des bassins") .chart-body svg ${shape}`)
          .evaluateAll((nodes) =>
            nodes
              .filter((n) => n.getAttribute('aria-label'))
              .map((n) => ({ nom: n.getAttribute('aria-label')!.split(' ; ')[0], fill: n.getAttribute('fill') })),
          );
      const { page, problems } = await open(`/comparaison?indicateur=${classed}`);
      const tiles = await mapFills(page, 'g[aria-label="rect"] rect');
      expect(tiles.length).toBe(bassins.length);
      for (const t of tiles) expect(t.fill, t.nom).toMatch(colour[expected.get(t.nom)!]);
      expect(problems).toEqual([]);
      await page.close();
      const outlined = await chromium().newPage({ viewport: { width: 1280, height: 900 } });
      await outlined.route(target.apiGlob('/api/contours'), (route) =>
        route.fulfill({ json: { type: 'outlines', geojson: { type: 'FeatureCollection', features: squares() } } }),
      );
      await outlined.goto(target.url(`/comparaison?indicateur=${classed}`));
      await outlined.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 30_000 });
      const outlines = await mapFills(outlined, 'g[aria-label="geo"] path');
      expect(outlines.length).toBe(bassins.length);
      for (const o of outlines) expect(o.fill, o.nom).toMatch(colour[expected.get(o.nom)!]);
      expect(await outlined.locator('figure:has-text("carte des bassins") figcaption').textContent()).toMatch(
        /Contours/,
      );
      // Names that would run into each other on the outlines become numbers with a key: no overlap, none cut.
      expect(await layoutFaults(outlined, '#comparaison-corps')).toEqual([]);
      await outlined.close();
    });

    it("exports its table in the API's CSV form: values rounded as shown, unit and period in the header", async () => {
      const indicateur = 'chomage_15_24';
      const { page, problems } = await open(`/comparaison?departement=38&indicateur=${indicateur}`);
      const csv = (await download(page, () => page.locator('button[data-export="csv"]').click())).bytes.toString(
        'utf8',
      );
      // As a file: fetch's text() would drop the BOM.
      const api = Buffer.from(
        await (
          await fetch(`${server.url}api/comparaison?departement=38&indicateur=${indicateur}&format=csv`)
        ).arrayBuffer(),
      ).toString('utf8');
      const registry = (await (await fetch(`${server.url}api/indicateurs`)).json()) as {
        id: string;
        decimales: number;
        unite: string;
      }[];
      const def = registry.find((i) => i.id === indicateur)!;
      // Same writer: BOM, `;`, CRLF line ends, decimal comma.
      for (const text of [csv, api]) {
        expect(text.charCodeAt(0)).toBe(0xfeff);
        expect(text.endsWith('\r\n')).toBe(true);
        expect(text).not.toMatch(/;-?\d+\.\d+/);
      }
      const table = (text: string) =>
        text
          .slice(1)
          .trimEnd()
          .split('\r\n')
          .map((l) => l.split(';'));
      const [header, ...rows] = table(csv);
      const [apiHeader, ...apiRows] = table(api);
      expect(header[3]).toContain(`(${def.unite})`);
      expect(header[3]).toMatch(/RP \d{4}/);
      for (const row of rows) for (const cell of row.slice(3)) expect(cell).not.toContain(def.unite);
      // Each basin's value and gap are the API's CSV cells, character for character (both rounded as shown).
      const apiBasins = apiRows.filter((r) => r[apiHeader.indexOf('niveau')] === 'bassin');
      expect(apiBasins.length).toBe(bassins.filter((b) => b.departement === '38').length);
      for (const r of apiBasins) {
        const mine = rows.find((row) => row[1] === r[apiHeader.indexOf('code')])!;
        expect(mine[3], r[apiHeader.indexOf('nom')]).toBe(r[apiHeader.indexOf('valeur')]);
        expect(mine[4], r[apiHeader.indexOf('nom')]).toBe(r[apiHeader.indexOf('ecart_academie')]);
        expect(mine[3].split(',')[1]?.length ?? 0).toBeLessThanOrEqual(def.decimales);
      }
      expect(problems).toEqual([]);
      await page.close();
    });
  });

  describe('séminaire', () => {
    it('is a sequence of slides with keyboard navigation, a counter, and charts in every content slide', async () => {
      const { page, problems } = await open('/seminaire?territoire=38', { width: 1366, height: 768 });
      const total = await page.locator('.slide').count();
      expect(total).toBeGreaterThanOrEqual(6);
      const counter = page.locator('#compteur');
      await expect.poll(() => counter.textContent()).toBe(`1 / ${total}`);
      await page.keyboard.press('ArrowRight');
      expect(await counter.textContent()).toBe(`2 / ${total}`);
      expect(await marks(page, '.slide.active')).toBeGreaterThan(3);
      await page.keyboard.press('PageDown');
      expect(await counter.textContent()).toBe(`3 / ${total}`);
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('PageUp');
      expect(await counter.textContent()).toBe(`1 / ${total}`);
      await page.keyboard.press('End');
      expect(await counter.textContent()).toBe(`${total} / ${total}`);
      await page.keyboard.press('Home');
      expect(await counter.textContent()).toBe(`1 / ${total}`);
      expect(await page.locator('.slide.active').count()).toBe(1);
      // Every slide but the title and the sources holds a data-bearing chart.
      const perSlide = await page
        .locator('.slide')
        .evaluateAll((slides, selector) => slides.map((s) => s.querySelectorAll(selector).length), DATA_MARK_SELECTOR);
      expect(perSlide.slice(1, -1).every((n) => n > 0)).toBe(true);
      expect(problems).toEqual([]);
      await page.close();
    });

    it('exports a slide chart as SVG and PNG, and serves each territory', async () => {
      const { page, problems } = await open('/seminaire?territoire=academie#2', { width: 1366, height: 768 });
      const svg = await download(page, () => page.locator('.slide.active button[data-export="svg"]').first().click());
      expect(svg.bytes.toString('utf8')).toMatch(/<svg[\s\S]+<\/svg>/);
      const png = await download(page, () => page.locator('.slide.active button[data-export="png"]').first().click());
      expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(png.bytes.length).toBeGreaterThan(5000);
      expect(problems).toEqual([]);
      await page.close();
      for (const territoire of ['07', '74']) {
        const other = await open(`/seminaire?territoire=${territoire}`, { width: 1366, height: 768 });
        expect(await marks(other.page)).toBeGreaterThan(10);
        expect(other.problems).toEqual([]);
        await other.page.close();
      }
    });
  });

  describe('méthodologie', () => {
    it('shows every indicator of the registry with its definition, sources and the verdict rule', async () => {
      const { page, problems } = await open('/methodologie');
      const indicateurs = (await (await fetch(`${server.url}api/indicateurs`)).json()) as unknown[];
      expect(await page.locator('.indicator-card').count()).toBe(indicateurs.length);
      expect(await page.locator('h2:has-text("Règle de verdict")').count()).toBe(1);
      expect(await page.locator('.indicator-card dt:has-text("Sources")').count()).toBe(indicateurs.length);
      expect(problems).toEqual([]);
      await page.close();
    });
  });
}

describe('servi par clee serve', () => {
  beforeAll(() => {
    target = serverTarget;
  });
  pageTests();
});

describe('site statique écrit par clee build, servi par un serveur de fichiers', () => {
  beforeAll(async () => {
    await buildSite({ db, out: siteDir, pdf: [bassins[0]!.id] });
    site = await serveStatic(siteDir);
    target = staticTarget;
  }, 300_000);
  afterAll(async () => {
    target = serverTarget;
    await site?.close();
  });

  pageTests();

  it('never asks for /api, misses no file, and publishes the PDF fiche and the CSV exports', async () => {
    expect(site.requests.length).toBeGreaterThan(50);
    expect(site.requests.filter((r) => r.path.startsWith('/api'))).toEqual([]);
    expect(site.requests.filter((r) => r.status !== 200)).toEqual([]);
    const { page, problems } = await open(`/fiche/${bassins[0]!.id}`);
    const pdf = await download(page, () => page.locator('a:has-text("Fiche PDF")').click());
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(countPdfPages(pdf.bytes)).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
    await page.close();
    const csv = readFileSync(join(siteDir, 'donnees', 'bassins.csv'), 'utf8');
    expect(csv.split('\n').length).toBeGreaterThan(bassins.length);
  });
});

describe('rapport PDF / HTML', () => {
  it('renders the fiche as a multi-page PDF and as a self-contained HTML file', async () => {
    chromium();
    const pdfPath = join(downloads, 'fiche.pdf');
    const pdf = await renderReport({ db, bassin: bassins[0].id, out: pdfPath });
    const bytes = readFileSync(pdfPath);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    expect(countPdfPages(bytes)).toBe(pdf.pages);
    expect(bytes.length).toBeGreaterThan(30_000);
    const htmlPath = join(downloads, 'fiche.html');
    await renderReport({ db, bassin: bassins[0].id, out: htmlPath });
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<style>[\s\S]*\.indicator-row/);
    expect(html).toContain(bassins[0].nom);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThan(10);
  });

  it('`clee report` writes the PDF and explains an unknown basin in French', async () => {
    chromium();
    const copy = await demoDatabase();
    copy.db.close();
    const out = join(downloads, 'cli.pdf');
    const log: string[] = [];
    const original = { log: console.log, error: console.error };
    console.log = (...a: unknown[]) => log.push(a.join(' '));
    console.error = (...a: unknown[]) => log.push(a.join(' '));
    try {
      expect(await main(['report', bassins[1].id, '--out', out, '--db', copy.path])).toBe(0);
      expect(readFileSync(out).subarray(0, 4).toString('latin1')).toBe('%PDF');
      expect(log.join('\n')).toMatch(/Fiche écrite : .*cli\.pdf \(PDF, .* pages?\)/);
      expect(await main(['report', bassins[1].id.slice(0, -1), '--out', out, '--db', copy.path])).toBe(1);
      expect(log.join('\n')).toMatch(/Bassin inconnu .* Vouliez-vous dire : .*\?/);
      expect(await main(['report', bassins[1].id, '--out', join(downloads, 'x.docx'), '--db', copy.path])).toBe(2);
    } finally {
      console.log = original.log;
      console.error = original.error;
      copy.cleanup();
    }
  });
});
