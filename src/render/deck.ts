// `clee seminaire`: the seminar deck exported by the page itself (its PowerPoint button, or its print stylesheet for
// PDF), driven in headless Chromium: one code path for the page, the command and the static site.
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Database } from '../db/database.ts';
import { startServer } from '../server/app.ts';
import { launchChromium } from './browser.ts';
import { countPdfPages, openReadyPage } from './report.ts';

type DeckFormat = 'pptx' | 'pdf';

interface DeckOptions {
  db: Database;
  out: string;
  /** `academie` or a département code. */
  territoire?: string;
  indicateurs?: string[];
  /** Positions (from 1) of the slides to keep, in the full deck. */
  diapos?: number[];
  /** Speaker notes, one per slide shown (the page keeps them in its URL). */
  notes?: string[];
  timeout?: number;
}

interface DeckResult {
  out: string;
  format: DeckFormat;
  bytes: number;
  slides: number;
  title: string;
}

export function deckFormat(out: string): DeckFormat {
  const ext = extname(out).toLowerCase();
  if (ext === '.pptx') return 'pptx';
  if (ext === '.pdf') return 'pdf';
  throw new Error(`Extension non prise en charge pour --sortie : « ${ext || out} » (attendu : .pptx ou .pdf).`);
}

/** The page's query string for a speaker's choice (the same shareable URL as in the browser). */
export function deckQuery(options: Pick<DeckOptions, 'territoire' | 'indicateurs' | 'diapos' | 'notes'>): string {
  const query = new URLSearchParams({ territoire: options.territoire ?? 'academie' });
  if (options.indicateurs?.length) query.set('indicateurs', options.indicateurs.join(','));
  if (options.diapos?.length) query.set('diapos', options.diapos.join(','));
  if (options.notes?.some((n) => n.trim())) query.set('notes', JSON.stringify(options.notes));
  return query.toString();
}

export async function renderDeck(options: DeckOptions): Promise<DeckResult> {
  const format = deckFormat(options.out);
  const server = await startServer({ db: options.db, port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  try {
    // 16:9 at the most common projector width: charts are drawn for the size they are shown at.
    const page = await openReadyPage(
      browser,
      `${server.url}seminaire?${deckQuery(options)}`,
      { width: 1280, height: 720 },
      options.timeout,
    );
    const title = await page.title();
    const slides = await page.locator('section.slide').count();
    if (format === 'pptx') {
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: options.timeout ?? 120_000 }),
        page.click('[data-export="pptx"]'),
      ]);
      const failure = await download.failure();
      if (failure) throw new Error(`export PowerPoint interrompu : ${failure}`);
      await download.saveAs(options.out);
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(options.out));
      return { out: options.out, format, bytes: size, slides, title };
    }
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await writeFile(options.out, pdf);
    const pages = countPdfPages(pdf);
    return { out: options.out, format, bytes: pdf.length, slides: pages, title };
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
}
