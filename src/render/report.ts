// `clee report`: the basin fiche rendered by headless Chromium from the local server, saved as PDF (print stylesheet)
// or as a self-contained HTML file (styles inlined, scripts removed: it opens offline, anywhere).
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Database } from '../db/database.ts';
import { startServer } from '../server/app.ts';
import { escapeHtml } from '../shared/text.ts';
import { launchChromium } from './browser.ts';

interface ReportOptions {
  db: Database;
  bassin: string;
  out: string;
  annee?: number;
  /** The collège or lycée (UAI) the employers section is drawn around, and its radius (km). */
  etablissement?: string;
  rayon?: number;
  /** Milliseconds to wait for the page to finish drawing. */
  timeout?: number;
}

interface ReportResult {
  out: string;
  format: 'pdf' | 'html';
  bytes: number;
  pages?: number;
  title: string;
}

export function reportFormat(out: string): 'pdf' | 'html' {
  const ext = extname(out).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.html' || ext === '.htm') return 'html';
  throw new Error(`Extension non prise en charge pour --sortie : « ${ext || out} » (attendu : .pdf ou .html).`);
}

/** The window a fiche is drawn in before it is printed or saved (`clee report`, the PDF fiches of `clee build`). */
export const FICHE_VIEWPORT = { width: 1180, height: 1600 };

export async function renderReport(options: ReportOptions): Promise<ReportResult> {
  const format = reportFormat(options.out);
  const server = await startServer({ db: options.db, port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  try {
    const search = new URLSearchParams();
    if (options.annee) search.set('annee', String(options.annee));
    if (options.etablissement) search.set('college', options.etablissement);
    if (options.rayon) search.set('rayon', String(options.rayon));
    const query = search.toString() ? `?${search}` : '';
    const url = `${server.url}fiche/${encodeURIComponent(options.bassin)}${query}`;
    const page = await openReadyPage(browser, url, FICHE_VIEWPORT, options.timeout);
    const title = await page.title();
    if (format === 'pdf') {
      const pdf = await printFichePdf(page, options.out);
      return { out: options.out, format, bytes: pdf.bytes, pages: pdf.pages, title };
    }
    const html = await page.evaluate(async () => {
      const css = await fetch('/assets/style.css').then((r) => r.text());
      const doc = document.documentElement.cloneNode(true) as HTMLElement;
      doc
        .querySelectorAll('script, link[rel="stylesheet"], .controls, .chart-tools, .topbar nav')
        .forEach((n) => n.remove());
      doc.querySelectorAll('a[href^="/"]').forEach((a) => a.removeAttribute('href'));
      const style = document.createElement('style');
      style.textContent = css;
      doc.querySelector('head')?.append(style);
      return `<!doctype html>\n${doc.outerHTML}`;
    });
    await writeFile(options.out, html, 'utf8');
    return { out: options.out, format, bytes: Buffer.byteLength(html), title };
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }
}

/** Prints an open fiche to an A4 PDF (print stylesheet, title and page numbers in the footer). */
export async function printFichePdf(page: Page, out: string): Promise<{ bytes: number; pages: number }> {
  const title = await page.title();
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({
    path: out,
    format: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: '<span></span>',
    footerTemplate:
      `<div style="font: 8px system-ui, sans-serif; color: #6b7280; width: 100%; padding: 0 11mm; ` +
      `display: flex; justify-content: space-between;"><span>${escapeHtml(title)}</span><span>page <span ` +
      `class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
    margin: { top: '12mm', bottom: '16mm', left: '11mm', right: '11mm' },
  });
  return { bytes: pdf.length, pages: countPdfPages(pdf) };
}

/**
 * Opens a page of the dashboards and waits until it has drawn (`body[data-ready]`); a page that shows an error, an HTTP
 * error or a script error becomes an Error with the page's own French message.
 */
export async function openReadyPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  timeout = 60_000,
): Promise<Page> {
  const page = await browser.newPage({ viewport, locale: 'fr-FR', acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const response = await page.goto(url, { waitUntil: 'domcontentloaded' });
  if (!response || response.status() >= 400) {
    const body = response ? await response.text() : '';
    const message = /<p>([^<]+)<\/p>/.exec(body)?.[1] ?? `statut ${response?.status() ?? 'inconnu'}`;
    throw new Error(decodeEntities(message));
  }
  await page.waitForFunction(
    () => document.body.dataset.ready === 'true' || document.querySelector('.error') !== null,
    null,
    { timeout },
  );
  const failure = await page.locator('.error').evaluateAll((nodes) =>
    nodes
      .map((n) => n.textContent ?? '')
      .join(' ')
      .trim(),
  );
  if (failure) throw new Error(failure);
  if (errors.length) throw new Error(`Erreur dans la page : ${errors[0]}`);
  return page;
}

/** Page objects of a PDF (the count Chromium writes, one `/Type /Page` per page). */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

function decodeEntities(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] as string,
  );
}
