// `clee build`: a self-contained static site (pages, bundle, every API answer the pages read as files, PDF fiches,
// CSV exports) that any static web server can host. The answers are read from the API itself, in process, so the
// site shows exactly what `clee serve` shows; the pages read them through the same code path (dashboards/src/lib/site).
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PAGE_SPECS, pageHtml } from '../../dashboards/pages.ts';
import type { Database } from '../db/database.ts';
import type { Bassin, Diagnostic, IndicatorDefinition, Libelles } from '../methodology/types.ts';
import type { EtablissementsResult } from '../methodology/lists/types.ts';
import { startServer, type StartedServer } from '../server/app.ts';
import { launchChromium } from '../render/browser.ts';
import { DIST_DIR } from '../bundle/dashboards.ts';
import { FICHE_VIEWPORT, openReadyPage, printFichePdf } from '../render/report.ts';
import { STATIC_DATA_DIR, staticDataPath } from '../shared/static-paths.ts';
import { seriesYears, siteRequests, type SiteData } from './resources.ts';

/** Marks a folder as a site written by `clee build`: only such a folder is ever replaced. */
const SITE_MANIFEST = `${STATIC_DATA_DIR}/site.json`;

interface BuildSiteOptions {
  db: Database;
  out: string;
  /** Write the PDF fiche of every basin (true, the default), of none (false), or of the listed basins only. */
  pdf?: boolean | readonly string[];
  /** Progress lines (French), e.g. to the terminal. */
  log?: (message: string) => void;
}

interface BuildSiteResult {
  out: string;
  files: number;
  bytes: number;
  answers: number;
  pdfs: number;
  millis: number;
}

interface SiteManifest {
  produit_par: string;
  construit_le: string;
  pages: string[];
  reponses: number;
  fiches_pdf: Record<string, string>;
}

export class SiteBuildError extends Error {}

export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const out = resolve(options.out);
  checkTarget(out);
  const staging = `${out}.construction-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const server = await startServer({ db: options.db, port: 0, host: '127.0.0.1' });
  try {
    copyPages(staging);
    // Answers read to plan the site are published as they are, not asked for a second time.
    const fetched = new Map<string, Buffer>();
    const data = await readSiteData(server, fetched);
    const requests = siteRequests(data);
    log(
      `${requests.length} réponses à publier (${data.bassins.length} bassins, ${data.indicateurs.length} indicateurs).`,
    );
    await publishAnswers(server, requests, fetched, staging, log);
    const pdf = options.pdf ?? true;
    const printed = pdf === true ? data.bassins : pdf === false ? [] : data.bassins.filter((b) => pdf.includes(b.id));
    const fiches = printed.length ? await printFiches(server, printed, staging, log) : {};
    const manifest: SiteManifest = {
      produit_par: 'clee build',
      construit_le: new Date().toISOString(),
      pages: PAGE_SPECS.map((p) => p.name),
      reponses: requests.length,
      fiches_pdf: fiches,
    };
    writeFileSync(join(staging, SITE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    const { files, bytes } = sizeOf(staging);
    swapIn(staging, out);
    return {
      out,
      files,
      bytes,
      answers: requests.length,
      pdfs: Object.keys(fiches).length,
      millis: performance.now() - started,
    };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await server.close();
  }
}

/** The target must be absent, empty, or a site written earlier by `clee build`: nothing else is ever deleted. */
function checkTarget(out: string): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new SiteBuildError(`${out} existe et n'est pas un dossier.`);
  if (readdirSync(out).length === 0 || existsSync(join(out, SITE_MANIFEST))) return;
  throw new SiteBuildError(
    `${out} contient déjà des fichiers qui ne viennent pas de « clee build » : choisissez un dossier vide ou nouveau ` +
      '(rien n’est effacé).',
  );
}

/** The bundle (scripts, chunks, style) under assets/, and each page shell in its static form at the root. */
function copyPages(staging: string): void {
  const assets = join(staging, 'assets');
  cpSync(DIST_DIR, assets, { recursive: true, filter: (source) => !source.endsWith('.html') });
  for (const page of PAGE_SPECS) {
    const name = page.name === 'accueil' ? 'index' : page.name;
    writeFileSync(join(staging, `${name}.html`), pageHtml(page, PAGE_SPECS, 'statique'));
  }
}

async function get(server: StartedServer, request: string): Promise<Buffer> {
  const response = await fetch(new URL(request.slice(1), server.url));
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) {
    const message = (JSON.parse(body.toString('utf8') || '{}') as { erreur?: string }).erreur;
    throw new SiteBuildError(`${request} : ${message ?? `statut ${response.status}`}`);
  }
  return body;
}

/** Basins, indicators, labels, and the years of each basin's diagnostic: what decides which answers to publish. */
async function readSiteData(server: StartedServer, fetched: Map<string, Buffer>): Promise<SiteData> {
  const getJson = async <T>(request: string): Promise<T> => {
    const body = await get(server, request);
    fetched.set(request, body);
    return JSON.parse(body.toString('utf8')) as T;
  };
  const [bassins, indicateurs, libelles] = await Promise.all([
    getJson<Bassin[]>('/api/bassins'),
    getJson<IndicatorDefinition[]>('/api/indicateurs'),
    getJson<Libelles>('/api/libelles'),
  ]);
  if (bassins.length === 0)
    throw new SiteBuildError(
      'aucun bassin dans la base : chargez un zonage (clee ingest) ou les données de démonstration (npm start).',
    );
  const diagnosticYears = new Map<string, number[]>();
  const diagnosticYear = new Map<string, number | null>();
  const premierCollege = new Map<string, string | null>();
  for (const b of bassins) {
    const ecoles = await getJson<EtablissementsResult>(`/api/bassins/${encodeURIComponent(b.id)}/etablissements`);
    premierCollege.set(b.id, ecoles.choix_employeurs[0] ?? null);
    const diagnostic = await getJson<Diagnostic>(`/api/bassins/${encodeURIComponent(b.id)}/diagnostic`);
    diagnosticYears.set(b.id, seriesYears(diagnostic));
    diagnosticYear.set(b.id, diagnostic.annee ?? null);
  }
  return { bassins, indicateurs, libelles, diagnosticYears, diagnosticYear, premierCollege };
}

/** Writes each answer at the path the pages will read it from; a few requests at a time, progress every 5 s. */
async function publishAnswers(
  server: StartedServer,
  requests: string[],
  fetched: ReadonlyMap<string, Buffer>,
  staging: string,
  log: (message: string) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  let lastLog = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const file = join(staging, staticDataPath(request));
      const body = fetched.get(request) ?? (await get(server, request));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
      done++;
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        log(`  ${done} / ${requests.length} réponses écrites…`);
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** The PDF fiche of every basin, printed from the pages by headless Chromium: fiches/<bassin>.pdf. */
async function printFiches(
  server: StartedServer,
  bassins: Bassin[],
  staging: string,
  log: (message: string) => void,
): Promise<Record<string, string>> {
  const browser = await launchChromium();
  const written: Record<string, string> = {};
  try {
    mkdirSync(join(staging, 'fiches'), { recursive: true });
    for (const [i, bassin] of bassins.entries()) {
      const path = `fiches/${bassin.id}.pdf`;
      const url = `${server.url}fiche/${encodeURIComponent(bassin.id)}`;
      const page = await openReadyPage(browser, url, FICHE_VIEWPORT);
      await printFichePdf(page, join(staging, path));
      await page.close();
      written[bassin.id] = path;
      log(`  fiche PDF ${i + 1} / ${bassins.length} : ${bassin.nom}`);
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  return written;
}

function sizeOf(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

/** The new site replaces the old one in two renames: a reader never sees half a site. */
function swapIn(staging: string, out: string): void {
  const old = `${out}.ancien-${process.pid}`;
  if (existsSync(out)) renameSync(out, old);
  renameSync(staging, out);
  rmSync(old, { recursive: true, force: true });
}
