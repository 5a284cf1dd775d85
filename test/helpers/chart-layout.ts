// Layout faults of the charts and tables of a page, read from the element boxes the browser laid out (not from the
// presence of elements): a text past the edge of its SVG (clipped when the SVG is exported or scrolled), two texts of
// one chart overlapping, a page wider than the window, a table header or row cut off by its own box.
import type { Page } from 'playwright-core';

/** Screen sizes the pages must read well at: two projectors, a desktop screen, a phone. */
export const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 390, height: 844 },
];

/** Faults of every chart (SVG) and table under `scope`, each said in a line naming the texts involved. */
export function layoutFaults(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const faults: string[] = [];
    const root = document.querySelector(selector);
    if (!root) return [`${selector} absent`];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1)
      faults.push(`page plus large que la fenêtre : ${document.documentElement.scrollWidth} > ${width}`);
    const label = (el: Element) => `« ${(el.textContent ?? '').trim().slice(0, 40)} »`;
    const svgs = [...root.querySelectorAll('svg')].filter((s) => !s.parentElement?.closest('svg'));
    for (const svg of svgs) {
      const chart = svg.getAttribute('aria-label')?.slice(0, 50) ?? 'graphique';
      const frame = svg.getBoundingClientRect();
      if (frame.width === 0) continue;
      const texts = [...svg.querySelectorAll('text')]
        .filter((t) => (t.textContent ?? '').trim() && !t.closest('[aria-label="tip"]'))
        .map((t) => [t, t.getBoundingClientRect()] as const)
        .filter(([, r]) => r.width > 0);
      for (const [t, r] of texts)
        if (
          r.left < frame.left - 1 ||
          r.right > frame.right + 1 ||
          r.top < frame.top - 1 ||
          r.bottom > frame.bottom + 1
        )
          faults.push(`${chart} : texte hors du graphique ${label(t)}`);
      for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++) {
          const [a, ra] = texts[i];
          const [b, rb] = texts[j];
          const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
          const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
          // Glyph boxes include the line's leading: a sliver of 2 px between stacked lines is no overlap.
          if (w > 1 && h > 2) faults.push(`${chart} : textes qui se chevauchent ${label(a)} / ${label(b)}`);
        }
    }
    for (const cell of root.querySelectorAll('table th, table td')) {
      const el = cell as HTMLElement;
      if (el.clientWidth === 0) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        faults.push(`cellule coupée ${label(el)}`);
    }
    return faults;
  }, scope);
}
