// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) for PDF reports, tests and the benchmark.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** $CLEE_CHROMIUM, then the usual system paths. */
export function chromiumPath(): string {
  const fromEnv = process.env.CLEE_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CLEE_CHROMIUM désigne un fichier absent : ${fromEnv}`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      'Chromium introuvable : installez-le (apt-get install chromium) ou indiquez son chemin dans CLEE_CHROMIUM.',
    );
  return found;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
}

/** Data-bearing marks of Observable Plot charts (dots, bars, cells, lines, areas, ticks, geo shapes), not axes or frames. */
export const DATA_MARK_SELECTOR =
  'svg g[aria-label]:not([aria-label*="axis"]):not([aria-label="frame"]):not([aria-label="tip"]) > :is(circle, rect, path, line)';
