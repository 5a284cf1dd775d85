// Finding a browser: CLEE_CHROMIUM, then the system's Chrome / Edge / Chromium, then the Chromium of the npm package
// @sparticuz/chromium. The last test proves the npm path for real (system paths hidden): `npm ci` alone is enough.
import { describe, expect, it } from 'vitest';
import { findChromium, launchChromium, packagedChromium, SYSTEM_BROWSERS } from '../src/render/browser.ts';

const packaged = async () => ({ path: '/npm/chromium', origin: 'paquet npm @sparticuz/chromium' as const });

describe('recherche du navigateur', () => {
  it('prend CLEE_CHROMIUM avant tout, et refuse en français un chemin absent', async () => {
    const exists = (p: string) => p === '/opt/mon-chrome' || p === '/usr/bin/chromium';
    const found = await findChromium({ env: { CLEE_CHROMIUM: '/opt/mon-chrome' }, exists, packaged });
    expect(found).toEqual({ path: '/opt/mon-chrome', origin: 'CLEE_CHROMIUM' });
    await expect(findChromium({ env: { CLEE_CHROMIUM: '/nulle/part' }, exists, packaged })).rejects.toThrow(
      'CLEE_CHROMIUM désigne un fichier absent : /nulle/part',
    );
  });

  it('prend ensuite le navigateur installé, selon le système (Linux, macOS, Windows)', async () => {
    const installed = new Set([SYSTEM_BROWSERS.darwin[1], SYSTEM_BROWSERS.win32[2], '/usr/bin/google-chrome']);
    const exists = (p: string) => installed.has(p);
    for (const [platform, path] of [
      ['darwin', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
      ['win32', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'],
      ['linux', '/usr/bin/google-chrome'],
    ] as const) {
      expect(await findChromium({ env: {}, platform, exists, packaged })).toEqual({ path, origin: 'système' });
    }
  });

  it("prend enfin le Chromium du paquet npm, et dit quoi faire quand il n'y a rien", async () => {
    const none = () => false;
    expect((await findChromium({ env: {}, platform: 'linux', exists: none, packaged })).origin).toBe(
      'paquet npm @sparticuz/chromium',
    );
    await expect(
      findChromium({ env: {}, platform: 'win32', exists: none, packaged: async () => undefined }),
    ).rejects.toThrow(/Chromium introuvable .* CLEE_CHROMIUM/);
  });

  it('lance réellement le Chromium du paquet npm, chemins système masqués (PDF et capture)', async () => {
    const found = await packagedChromium();
    // Linux x64 is where the tests run (CI included): the npm path must work there, never be skipped.
    expect(found, 'le paquet @sparticuz/chromium doit fournir un Chromium sur Linux x64').toBeDefined();
    const browser = await launchChromium({ env: {}, systemPaths: [] });
    try {
      const page = await browser.newPage({ viewport: { width: 640, height: 360 } });
      await page.setContent('<main><h1 style="font:32px sans-serif">Fiche bassin — Grésivaudan</h1></main>');
      const box = await page.locator('h1').boundingBox();
      expect(box!.width).toBeGreaterThan(200); // glyphs were laid out: the package's fonts are found
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await browser.close();
    }
  });
});
