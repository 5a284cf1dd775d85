// The seminar deck as a PowerPoint file, built in the page from the slides it shows (pptxgenjs, loaded on demand):
// titles, figures and sources as editable text, charts as PNG images, tables as tables, speaker notes as notes.
// One code path for the page's download button, `clee seminaire --out deck.pptx` and the static site.
import { pngBlob } from './export.ts';

// 16:9 in inches (PowerPoint's « Écran large »).
const W = 13.333;
const H = 7.5;
const MARGIN = 0.45;
const FONT = 'Arial';
const INK = '1D2330';
const MUTED = '6B7280';

/** What one slide of the page holds, read from its DOM: the only contract between the deck and this export. */
interface SlideContent {
  kicker: string;
  title: string;
  paragraphs: string[];
  cards: { value: string; label: string }[];
  charts: { title: string; svg: SVGSVGElement }[];
  tables: string[][][];
  sources: string[];
  notes: string;
}

const text = (node: Element | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

export function readSlide(section: HTMLElement): SlideContent {
  const charts = [...section.querySelectorAll<HTMLElement>('figure.chart')].flatMap((figure) => {
    const svg = figure.querySelector<SVGSVGElement>('.chart-body svg, svg');
    return svg ? [{ title: text(figure.querySelector('.chart-title')), svg }] : [];
  });
  return {
    kicker: text(section.querySelector('.kicker')),
    title: text(section.querySelector('h1, h2')),
    paragraphs: [...section.querySelectorAll(':scope > p, .slide-body > div > p')].map(text).filter(Boolean),
    cards: [...section.querySelectorAll('.figure-card')].map((card) => ({
      value: text(card.querySelector('.value')),
      label: text(card.querySelector('.label')),
    })),
    charts,
    tables: [...section.querySelectorAll('table')].map((table) =>
      [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map(text)),
    ),
    sources: [...new Set([...section.querySelectorAll('figure.chart figcaption')].map(text).filter(Boolean))],
    notes: text(section.querySelector('.speaker-notes')),
  };
}

/** A chart alone (no tooltip layer) as a PNG data URL, at twice its size for a sharp projection. */
async function chartPng(svg: SVGSVGElement): Promise<{ data: string; ratio: number }> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.querySelectorAll('[aria-label="tip"]').forEach((node) => {
    node.remove();
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width || 640;
  const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height || 400;
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const blob = await pngBlob(copy, 2);
  const data = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('Lecture de l’image du graphique impossible.'));
    reader.readAsDataURL(blob);
  });
  return { data, ratio: width / height };
}

export async function deckPptx(slides: SlideContent[], title: string): Promise<Blob> {
  const mod = await import('pptxgenjs');
  // Its types read as CommonJS (the package has no "type": "module") while the bundled build is ESM: take the class
  // from whichever shape arrives.
  type Pptx = typeof mod.default.default;
  const PptxGenJS = ((mod.default as unknown as { default?: Pptx }).default ?? mod.default) as Pptx;
  const pptx = new PptxGenJS();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = title;
  pptx.company = 'CLEE — académie de Grenoble';
  for (const content of slides) {
    const slide = pptx.addSlide();
    slide.background = { color: 'FFFFFF' };
    let y = 0.3;
    if (content.kicker) {
      slide.addText(content.kicker, {
        x: MARGIN,
        y,
        w: W - 2 * MARGIN,
        h: 0.3,
        fontFace: FONT,
        fontSize: 12,
        color: MUTED,
      });
      y += 0.3;
    }
    slide.addText(content.title, {
      x: MARGIN,
      y,
      w: W - 2 * MARGIN,
      h: 0.8,
      fontFace: FONT,
      fontSize: 26,
      bold: true,
      color: INK,
      fit: 'shrink',
    });
    y += 0.9;
    if (content.paragraphs.length) {
      // About 150 characters a line at 14 pt across the slide.
      const lines = content.paragraphs.reduce((n, p) => n + Math.ceil(p.length / 150), 0);
      const height = Math.min(2.4, 0.26 * lines + 0.15);
      slide.addText(
        content.paragraphs.map((p) => ({ text: p, options: { breakLine: true } })),
        { x: MARGIN, y, w: W - 2 * MARGIN, h: height, fontFace: FONT, fontSize: 14, color: INK, valign: 'top' },
      );
      y += height + 0.1;
    }
    if (content.cards.length) {
      const gap = 0.2;
      const width = (W - 2 * MARGIN - gap * (content.cards.length - 1)) / content.cards.length;
      content.cards.forEach((card, i) => {
        slide.addText(
          [
            { text: card.value, options: { fontSize: 20, bold: true, color: INK, breakLine: true } },
            { text: card.label, options: { fontSize: 11, color: MUTED } },
          ],
          {
            x: MARGIN + i * (width + gap),
            y,
            w: width,
            h: 0.95,
            fontFace: FONT,
            fill: { color: 'F3F5F9' },
            valign: 'middle',
            margin: 6,
          },
        );
      });
      y += 1.1;
    }
    const sourcesHeight = content.sources.length ? Math.min(1.1, 0.25 * content.sources.length + 0.15) : 0;
    const bottom = H - 0.25 - sourcesHeight;
    if (content.charts.length) {
      const gap = 0.3;
      const columns = content.charts.length;
      const width = (W - 2 * MARGIN - gap * (columns - 1)) / columns;
      for (const [i, chart] of content.charts.entries()) {
        const x = MARGIN + i * (width + gap);
        let top = y;
        if (chart.title) {
          slide.addText(chart.title, {
            x,
            y: top,
            w: width,
            h: 0.35,
            fontFace: FONT,
            fontSize: 13,
            bold: true,
            color: INK,
          });
          top += 0.4;
        }
        const image = await chartPng(chart.svg);
        const boxHeight = Math.max(0.5, bottom - top);
        // Fit inside the box, keeping the chart's proportions.
        const fitted = Math.min(width, boxHeight * image.ratio);
        slide.addImage({ data: image.data, x, y: top, w: fitted, h: fitted / image.ratio });
      }
    }
    for (const table of content.tables) {
      // One slide shown = one slide written: the rows shrink to fit instead of flowing onto another slide.
      const rowHeight = Math.min(0.32, (bottom - y) / Math.max(1, table.length));
      const fontSize = Math.max(6, Math.min(11, Math.floor(rowHeight * 36)));
      slide.addTable(
        table.map((row, r) => row.map((cell) => ({ text: cell, options: { bold: r === 0, fontSize } }))),
        {
          x: MARGIN,
          y,
          w: W - 2 * MARGIN,
          rowH: rowHeight,
          margin: 2,
          fontFace: FONT,
          color: INK,
          border: { type: 'solid', color: 'D0D5DD', pt: 0.5 },
        },
      );
      y += rowHeight * table.length + 0.1;
    }
    if (content.sources.length) {
      slide.addText(content.sources.join('\n'), {
        x: MARGIN,
        y: H - 0.2 - sourcesHeight,
        w: W - 2 * MARGIN,
        h: sourcesHeight,
        fontFace: FONT,
        fontSize: 9,
        color: MUTED,
        valign: 'bottom',
      });
    }
    if (content.notes) slide.addNotes(content.notes);
  }
  return (await pptx.write({ outputType: 'blob' })) as Blob;
}
