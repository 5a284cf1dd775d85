// The seminar deck at the screen sizes speakers project on (1280×720, 1366×768, 1920×1080): on every slide, every
// piece of text lies inside the slide and above the navigation bar, every chart label inside its chart, no label is
// cut short (« … ») and no two labels overlap. Asserted on element boxes, not on presence. No Chromium = failure.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { launchChromium } from '../src/render/browser.ts';
import { ensureDashboards } from '../src/bundle/dashboards.ts';
import { startServer, type StartedServer } from '../src/server/app.ts';
import { demoDatabase } from './helpers/demo-db.ts';

let browser: Browser;
let server: StartedServer;
let db: Database;
let cleanup: () => void;

beforeAll(async () => {
  browser = await launchChromium();
  await ensureDashboards();
  ({ db, cleanup } = await demoDatabase());
  server = await startServer({ db, port: 0, host: '127.0.0.1' });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  db?.close();
  cleanup?.();
});

interface SlideProblems {
  slide: string;
  problems: string[];
}

/** Everything wrong with the layout of the active slide, read from the boxes the browser computed. */
function activeSlideProblems(page: Page): Promise<SlideProblems> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const slide = document.querySelector('.slide.active') as HTMLElement;
    const bar = document.querySelector('.deck-bar') as HTMLElement;
    const limit = slide.getBoundingClientRect();
    const bottom = Math.min(limit.bottom, bar.getBoundingClientRect().top);
    const inside = (r: DOMRect, box: { left: number; right: number; top: number; bottom: number }, slack = 1) =>
      r.left >= box.left - slack &&
      r.right <= box.right + slack &&
      r.top >= box.top - slack &&
      r.bottom <= box.bottom + slack;
    const name = (el: Element) => (el.textContent ?? '').trim().slice(0, 40);
    // HTML text: headings, key figures, chart titles, legends, captions, table cells, paragraphs.
    for (const el of slide.querySelectorAll(
      'h1, h2, .kicker, .figure-card, .chart-title, .legend, figcaption, td, th, p',
    )) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (!inside(r, { left: limit.left, right: limit.right, top: limit.top, bottom }))
        problems.push(`texte hors de la diapositive : « ${name(el)} »`);
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
        problems.push(`texte coupé : « ${name(el)} »`);
    }
    for (const svg of slide.querySelectorAll('.chart-body svg')) {
      const box = svg.getBoundingClientRect();
      const body = (svg.closest('.chart-body') as HTMLElement).getBoundingClientRect();
      if (!inside(box, body))
        problems.push(`graphique plus grand que sa place : ${svg.getAttribute('aria-label')?.slice(0, 40)}`);
      if (!inside(box, { left: limit.left, right: limit.right, top: limit.top, bottom }))
        problems.push(`graphique hors de la diapositive : ${svg.getAttribute('aria-label')?.slice(0, 40)}`);
      const labels = [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim() !== '');
      const flat: { r: DOMRect; text: string }[] = [];
      for (const t of labels) {
        const r = t.getBoundingClientRect();
        if (!inside(r, box)) problems.push(`étiquette hors du graphique : « ${name(t)} »`);
        if ((t.textContent ?? '').includes('…')) problems.push(`étiquette raccourcie : « ${name(t)} »`);
        // Slanted labels have overlapping upright boxes by construction: only upright ones are compared.
        if (!t.closest('[transform*="rotate"]') && !(t.getAttribute('transform') ?? '').includes('rotate'))
          flat.push({ r, text: name(t) });
      }
      for (let i = 0; i < flat.length; i++)
        for (let j = i + 1; j < flat.length; j++) {
          const [{ r: a, text: ta }, { r: b, text: tb }] = [flat[i]!, flat[j]!];
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1) problems.push(`étiquettes superposées : « ${ta} » et « ${tb} »`);
        }
    }
    return { slide: slide.getAttribute('aria-label') ?? '', problems: [...new Set(problems)] };
  });
}

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

describe('séminaire lisible à chaque taille d’écran', () => {
  for (const size of SIZES)
    for (const territoire of ['academie', '38'])
      it(`${size.width}×${size.height}, ${territoire} : chaque diapositive sans texte coupé ni superposé`, async () => {
        const page = await browser.newPage({ viewport: size });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${server.url}seminaire?territoire=${territoire}`);
        await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60_000 });
        const total = await page.locator('.slide').count();
        expect(total).toBeGreaterThanOrEqual(8);
        const found: SlideProblems[] = [];
        for (let i = 0; i < total; i++) {
          if (i > 0) await page.keyboard.press('ArrowRight');
          await expect.poll(() => page.locator('#compteur').textContent()).toBe(`${i + 1} / ${total}`);
          const result = await activeSlideProblems(page);
          if (result.problems.length) found.push(result);
        }
        expect(found).toEqual([]);
        expect(errors).toEqual([]);
        await page.close();
      });
});
