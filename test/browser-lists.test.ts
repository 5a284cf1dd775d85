// The fiche's lists (métiers, établissements, employeurs) in headless Chromium on the demo, at the usual laptop and
// desktop sizes and on a phone: drawn from the API, nothing outside the page's width, no two boxes of a row
// overlapping, no clipped text; the school and radius controls redraw the employers. No Chromium = failure.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { EmployeursResult, EtablissementsResult, MetiersResult } from '../src/methodology/index.ts';
import { launchChromium } from '../src/render/browser.ts';
import { startServer, type StartedServer } from '../src/server/app.ts';
import { demoDatabase, demoDatabaseCopy } from './helpers/demo-db.ts';
import { main } from '../src/cli/main.ts';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let browser: Browser;
let server: StartedServer;
let db: Database;
let cleanup: () => void;
const BASSIN = '38-grenoble';

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];

beforeAll(async () => {
  browser = await launchChromium();
  const demo = await demoDatabase();
  db = demo.db;
  cleanup = demo.cleanup;
  server = await startServer({ db, port: 0, host: '127.0.0.1' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  cleanup?.();
});

const api = async <T>(path: string): Promise<T> => (await (await fetch(new URL(path, server.url))).json()) as T;

async function openFiche(viewport: { width: number; height: number }, query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(new URL(`fiche/${BASSIN}${query}`, server.url).href);
  await page.waitForFunction(() => document.body.dataset.ready === 'true' || document.querySelector('.error'), null, {
    timeout: 60_000,
  });
  expect(await page.locator('.error').count()).toBe(0);
  expect(problems).toEqual([]);
  return page;
}

/**
 * Layout faults inside the list sections: a box past the page's right edge (outside a scrolling box), two boxes of
 * one grid or flex row overlapping, text cut off by its own box.
 */
function layoutFaults(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} « ` +
      `${(el.textContent ?? '').trim().slice(0, 30)} »`;
    const scrolls = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement)
        if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1)
      faults.push(`page plus large que la fenêtre : ${document.documentElement.scrollWidth} > ${width}`);
    for (const section of document.querySelectorAll('section.listes')) {
      for (const el of section.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || scrolls(el)) continue;
        if (r.right > width + 1) faults.push(`déborde à droite : ${name(el)} (${Math.round(r.right)} > ${width})`);
        const style = getComputedStyle(el);
        if (style.overflowX === 'hidden' && el.scrollWidth > el.clientWidth + 1)
          faults.push(`texte coupé : ${name(el)}`);
      }
      for (const box of section.querySelectorAll('.grid, .figures, .controls')) {
        const kids = [...box.children].map((k) => [k, k.getBoundingClientRect()] as const).filter(([, r]) => r.width);
        for (let i = 0; i < kids.length; i++)
          for (let j = i + 1; j < kids.length; j++) {
            const [a, ra] = kids[i];
            const [b, rb] = kids[j];
            const overlap =
              Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left) > 1 &&
              Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top) > 1;
            if (overlap) faults.push(`chevauchement : ${name(a)} / ${name(b)}`);
          }
      }
    }
    return faults;
  });
}

describe('fiche bassin: the lists a CLEE acts on', () => {
  for (const viewport of VIEWPORTS) {
    const size = `${viewport.width}×${viewport.height}`;
    it(`draws the three lists without overflow, overlap or clipped text at ${size}`, async () => {
      const page = await openFiche(viewport);
      for (const id of ['metiers', 'etablissements', 'employeurs'])
        expect(await page.locator(`section#${id}`).count(), id).toBe(1);
      expect(await layoutFaults(page)).toEqual([]);
      await page.close();
    });
  }

  it(
    'shows the API figures: top métiers, hardest to fill, schools on the map, employers of the first ' + 'collège',
    async () => {
      const metiers = await api<MetiersResult>(`/api/bassins/${BASSIN}/metiers`);
      const ecoles = await api<EtablissementsResult>(`/api/bassins/${BASSIN}/etablissements`);
      const page = await openFiche({ width: 1280, height: 720 });
      const tables = page.locator('#metiers table.metiers');
      expect(await tables.count()).toBe(2);
      expect(
        await tables
          .nth(0)
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.dataset.metier)),
      ).toEqual(metiers.top_projets);
      expect(
        await tables
          .nth(1)
          .locator('tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.dataset.metier)),
      ).toEqual(metiers.top_tension);
      const first = metiers.metiers.find((m) => m.code === metiers.top_projets[0])!;
      expect(await tables.nth(0).locator('tbody tr').first().locator('td').nth(1).textContent()).toContain(
        first.projets!.toLocaleString('fr-FR').replace(/\s/g, '\u202f'),
      );
      expect(await page.locator('#metiers table.liens tbody tr').count()).toBe(metiers.domaines.length);
      const placed = ecoles.etablissements.filter((e) => e.latitude !== null).length;
      expect(await page.locator('#etablissements svg circle').count()).toBe(placed);
      expect(await page.locator('#etablissements table.etablissements tbody tr').count()).toBe(
        ecoles.etablissements.length,
      );
      const college = ecoles.etablissements.find((e) => e.type === 'collège')!;
      const emp = await api<EmployeursResult>(`/api/bassins/${BASSIN}/employeurs?etablissement=${college.uai}`);
      expect(await page.locator('#employeurs [data-role="perimetre"]').textContent()).toContain(college.nom);
      expect(await page.locator('#employeurs .figure-card .value').first().textContent()).toBe(
        emp.total.toLocaleString('fr-FR').replace(/\s/g, '\u202f'),
      );
      // Named employers only: a partially diffused establishment never appears in the table.
      const sirets = await page.locator('#employeurs table.employeurs tbody tr td:first-child').allInnerTexts();
      expect(sirets.length).toBeGreaterThan(0);
      for (const s of sirets) expect(s).toMatch(/^\d{14}$/);
      const csv = await page.locator('#employeurs a.button[href*="format=csv"]').getAttribute('href');
      const answer = await fetch(new URL(csv!, server.url));
      expect(answer.status).toBe(200);
      expect((await answer.text()).trimEnd().split('\r\n').length - 1).toBe(emp.total);
      await page.close();
    },
  );

  it('redraws the employers for another collège and a smaller radius', async () => {
    const ecoles = await api<EtablissementsResult>(`/api/bassins/${BASSIN}/etablissements?type=coll%C3%A8ge`);
    const other = ecoles.etablissements[3];
    const page = await openFiche({ width: 1366, height: 768 });
    const total = async () =>
      Number(((await page.locator('#employeurs .figure-card .value').first().textContent()) ?? '').replace(/\D/g, ''));
    await page.selectOption('#choix-college', other.uai);
    await page.waitForFunction(
      (nom) =>
        document.querySelector('#employeurs')?.getAttribute('data-ready') === 'true' &&
        document.querySelector('#employeurs [data-role="perimetre"]')?.textContent?.includes(nom),
      other.nom,
    );
    const at10 = await total();
    const expected10 = await api<EmployeursResult>(`/api/bassins/${BASSIN}/employeurs?etablissement=${other.uai}`);
    expect(at10).toBe(expected10.total);
    await page.selectOption('#choix-rayon', '5');
    await page.waitForFunction(() =>
      document.querySelector('#employeurs [data-role="perimetre"]')?.textContent?.includes('5\u00a0km'),
    );
    const expected5 = await api<EmployeursResult>(
      `/api/bassins/${BASSIN}/employeurs?etablissement=${other.uai}&rayon=5`,
    );
    expect(await total()).toBe(expected5.total);
    expect(expected5.total).toBeLessThan(at10);
    expect(page.url()).toContain(`college=${other.uai}`);
    // Filters: one sector, 10 employees and more; the CSV offered is the filtered list.
    await page.selectOption('#choix-secteur', 'construction');
    await page.waitForFunction(() => document.querySelector('#employeurs')?.getAttribute('data-ready') === 'true');
    await page.selectOption('#choix-taille', '10');
    await page.waitForFunction(
      () =>
        document.querySelector('#employeurs')?.getAttribute('data-ready') === 'true' &&
        document.querySelector('#choix-taille') instanceof HTMLSelectElement &&
        (document.querySelector('#choix-taille') as HTMLSelectElement).value === '10',
    );
    const filtered = await api<EmployeursResult>(
      `/api/bassins/${BASSIN}/employeurs?etablissement=${other.uai}&rayon=5&secteur=construction&salaries_min=10`,
    );
    expect(await total()).toBe(filtered.total);
    expect(filtered.total).toBe(expected5.par_secteur.find((x) => x.secteur === 'construction')!.dix_salaries_et_plus);
    const csv = await page.locator('#employeurs a.button[href*="format=csv"]').getAttribute('href');
    expect(csv).toContain('secteur=construction');
    expect(csv).toContain('salaries_min=10');
    await page.close();
  });

  it('says so when the address names a school the basin does not offer', async () => {
    const page = await openFiche({ width: 1280, height: 720 }, '?college=0000000X');
    expect(await page.locator('#employeurs .notice').textContent()).toMatch(/« 0000000X » n'est pas parmi/);
    await page.close();
  });

  it('`clee report --etablissement UAI --rayon KM`: employers around that school; an unknown UAI refused', async () => {
    const ecoles = await api<EtablissementsResult>(`/api/bassins/${BASSIN}/etablissements`);
    const lycee = ecoles.etablissements.find((e) => e.uai === ecoles.choix_employeurs.at(-1))!;
    const copy = await demoDatabaseCopy();
    const dir = mkdtempSync(join(tmpdir(), 'clee-report-'));
    const log: string[] = [];
    const original = { log: console.log, error: console.error };
    console.log = (...a: unknown[]) => log.push(a.join(' '));
    console.error = (...a: unknown[]) => log.push(a.join(' '));
    try {
      const out = join(dir, 'fiche.html');
      const args = ['report', BASSIN, '--sortie', out, '--db', copy.path];
      expect(await main([...args, '--etablissement', lycee.uai, '--rayon', '5'])).toBe(0);
      // The saved page writes the no-break space and the ampersand as entities.
      const html = readFileSync(out, 'utf8')
        .replace(/&nbsp;/g, '\u00a0')
        .replace(/&amp;/g, '&');
      expect(html).toContain(`à moins de 5\u00a0km de ${lycee.nom}`);
      expect(await main([...args, '--etablissement', `${lycee.uai.slice(0, 7)}Q`])).toBe(1);
      expect(log.join('\n')).toMatch(/Établissement \(UAI\) inconnu : « .{7}Q » dans le bassin/);
    } finally {
      console.log = original.log;
      console.error = original.error;
      copy.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
