// Headless Chromium (driven by playwright-core) for PDF reports, tests and the benchmark. The browser is found in this
// order: $CLEE_CHROMIUM, a Chrome / Edge / Chromium installed on the machine (Linux, macOS and Windows paths, for the
// users' laptops), then the Chromium shipped inside the npm package @sparticuz/chromium, so that `npm ci` alone
// is enough on a fresh Linux machine (nothing is downloaded: the binary is in the package tarball).
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Where each platform installs its Chromium-family browsers, most common first. */
export const SYSTEM_BROWSERS: Record<string, readonly string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

type BrowserOrigin = 'CLEE_CHROMIUM' | 'système' | 'paquet npm @sparticuz/chromium';

interface FoundBrowser {
  path: string;
  origin: BrowserOrigin;
  /** Extra environment for the browser process (the npm package's own fonts). */
  env?: Record<string, string>;
}

interface FindOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Replaces the system paths (tests hide the system browser with []). */
  systemPaths?: readonly string[];
  exists?: (path: string) => boolean;
  /** The npm fallback; tests replace it to prove the order without unpacking. */
  packaged?: () => Promise<FoundBrowser | undefined>;
}

const NOT_FOUND =
  'Chromium introuvable : ni CLEE_CHROMIUM, ni Chrome / Edge / Chromium installé, ni le Chromium du paquet npm ' +
  '@sparticuz/chromium (Linux x64 seulement ; relancez « npm ci »). Installez Chrome ou Chromium, ou indiquez le ' +
  'chemin du navigateur dans la variable CLEE_CHROMIUM.';

/** $CLEE_CHROMIUM, then the system's usual paths, then the Chromium of the npm package. */
export async function findChromium(options: FindOptions = {}): Promise<FoundBrowser> {
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const fromEnv = env.CLEE_CHROMIUM;
  if (fromEnv) {
    if (!exists(fromEnv)) {
      throw new Error(
        `CLEE_CHROMIUM désigne un fichier absent : ${fromEnv}. Corrigez le chemin ou retirez la variable.`,
      );
    }
    return { path: fromEnv, origin: 'CLEE_CHROMIUM' };
  }
  const candidates = options.systemPaths ?? SYSTEM_BROWSERS[options.platform ?? process.platform] ?? [];
  const installed = candidates.find((p) => exists(p));
  if (installed) return { path: installed, origin: 'système' };
  const packaged = await (options.packaged ?? packagedChromium)();
  if (packaged) return packaged;
  throw new Error(NOT_FOUND);
}

let unpacking: Promise<FoundBrowser | undefined> | undefined;

/** The Chromium inside @sparticuz/chromium, unpacked once into the temporary folder (Linux x64 only). */
export function packagedChromium(): Promise<FoundBrowser | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return Promise.resolve(undefined);
  unpacking ??= unpackWithLock();
  return unpacking;
}

// The package unpacks to <tmp>/chromium and trusts any file already there: two processes unpacking at once (test
// workers, a report during a test run) could start a half-written binary. A lock folder serialises them.
async function unpackWithLock(): Promise<FoundBrowser | undefined> {
  let mod: typeof import('@sparticuz/chromium');
  try {
    mod = await import('@sparticuz/chromium');
  } catch {
    return undefined;
  }
  const lock = join(tmpdir(), 'clee-chromium-unpack.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (isStale(lock)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`Déballage de Chromium bloqué : supprimez le dossier ${lock}.`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const path = await mod.default.executablePath();
    return { path, origin: 'paquet npm @sparticuz/chromium', env: { FONTCONFIG_PATH: join(tmpdir(), 'fonts') } };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > 120_000;
  } catch {
    return false;
  }
}

export async function launchChromium(options: FindOptions = {}): Promise<Browser> {
  const found = await findChromium(options);
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: found.path,
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 60_000,
    ...(found.env ? { env: { ...process.env, ...found.env } as Record<string, string> } : {}),
  });
}

/**
 * Data-bearing marks of Observable Plot charts (dots, bars, cells, lines, areas, ticks, geo shapes), not axes or
 * frames.
 */
export const DATA_MARK_SELECTOR =
  'svg g[aria-label]:not([aria-label*="axis"]):not([aria-label="frame"]):not([aria-label="tip"]) > :is(circle, ' +
  'rect, path, line)';
