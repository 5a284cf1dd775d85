// Builds the browser bundle of the dashboards (dashboards/src → dashboards/dist) with esbuild: every page is one ES
// module entry, shared code (Observable Plot, d3) goes to common chunks. No CDN: everything comes from node_modules.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGE_SPECS, pageHtml } from '../../dashboards/pages.ts';
import { PACKAGE_ROOT } from '../shared/paths.ts';

const PROJECT_ROOT = PACKAGE_ROOT;
const DASHBOARDS_DIR = join(PROJECT_ROOT, 'dashboards');
export const DIST_DIR = join(DASHBOARDS_DIR, 'dist');
const PAGES = PAGE_SPECS.map((p) => p.name);
export type PageName = (typeof PAGE_SPECS)[number]['name'];

/** The HTML shell of a page as the server sends it, every address under `base` (`/`, or `/clee/` behind a proxy). */
export function pageShell(name: PageName, base: string): string {
  const spec = PAGE_SPECS.find((p) => p.name === name);
  if (!spec) throw new Error(`page inconnue : ${name}`);
  return pageHtml(spec, PAGE_SPECS, 'serveur', base);
}

interface BuildResult {
  dir: string;
  files: { name: string; bytes: number }[];
  millis: number;
}

/** Newest modification time among the sources of the bundle (TypeScript, page list, CSS). */
function sourcesMtime(root = DASHBOARDS_DIR): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'dist' || entry.name.startsWith('dist-') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(root);
  return newest;
}

/** Oldest file of the bundle, or 0 when the bundle is missing or incomplete. */
function bundleMtime(dist = DIST_DIR): number {
  const required = [...PAGES.map((p) => `${p}.js`), ...PAGES.map((p) => `${p}.html`), 'style.css'];
  let oldest = Infinity;
  for (const name of required) {
    const path = join(dist, name);
    if (!existsSync(path)) return 0;
    oldest = Math.min(oldest, statSync(path).mtimeMs);
  }
  return oldest;
}

function bundleIsStale(): boolean {
  return bundleMtime() < sourcesMtime();
}

/** Builds into a private folder, then swaps it in, so that a server reading dist/ never sees half a bundle. */
export async function buildDashboards(options: { minify?: boolean; outDir?: string } = {}): Promise<BuildResult> {
  const started = performance.now();
  const { build } = await import('esbuild');
  const outDir = options.outDir ?? DIST_DIR;
  const staging = `${outDir}-${process.pid}-${Date.now().toString(36)}`;
  mkdirSync(staging, { recursive: true });
  try {
    await build({
      absWorkingDir: PROJECT_ROOT,
      entryPoints: PAGES.map((p) => join(DASHBOARDS_DIR, 'src', `${p}.ts`)),
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: ['es2022'],
      minify: options.minify ?? true,
      sourcemap: false,
      legalComments: 'none',
      chunkNames: 'chunks/[name]-[hash]',
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    for (const page of PAGE_SPECS) writeFileSync(join(staging, `${page.name}.html`), pageHtml(page));
    cpSync(join(DASHBOARDS_DIR, 'style.css'), join(staging, 'style.css'));
    const files = listFiles(staging);
    const old = `${outDir}-old-${process.pid}-${Date.now().toString(36)}`;
    try {
      renameSync(outDir, old);
    } catch {
      // No previous bundle (or another process moved it first).
    }
    try {
      renameSync(staging, outDir);
    } catch (error) {
      // Another process swapped its own bundle in first: it is built from the same sources, keep it.
      if (!existsSync(outDir)) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
    rmSync(old, { recursive: true, force: true });
    return { dir: outDir, files, millis: performance.now() - started };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Builds the bundle when it is missing or older than its sources; returns whether it built. */
export async function ensureDashboards(log: (message: string) => void = () => undefined): Promise<boolean> {
  if (!existsSync(join(DASHBOARDS_DIR, 'src')))
    throw new Error(`Sources des tableaux de bord introuvables : ${join(DASHBOARDS_DIR, 'src')}`);
  if (!bundleIsStale()) return false;
  const result = await buildDashboards();
  log(`Tableaux de bord construits en ${Math.round(result.millis)} ms (${result.files.length} fichiers).`);
  return true;
}

function listFiles(dir: string, prefix = ''): { name: string; bytes: number }[] {
  const out: { name: string; bytes: number }[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), rel));
    else out.push({ name: rel, bytes: statSync(join(dir, entry.name)).size });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
