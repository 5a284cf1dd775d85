// Exports of what the page shows: charts as SVG and PNG (a standalone SVG with title and source), tables as CSV.
import { csvText, type CsvCell } from '../../../src/shared/csv.ts';
import { svgEl } from './dom.ts';
import { FONT } from './palette.ts';

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function slug(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'graphique'
  );
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A self-contained SVG: the chart, its title above, its source line below, white background, no tooltip layer. */
export function standaloneSvg(chart: SVGSVGElement, title: string, caption: string): SVGSVGElement {
  const width = Number(chart.getAttribute('width')) || chart.getBoundingClientRect().width || 640;
  const height = Number(chart.getAttribute('height')) || chart.getBoundingClientRect().height || 400;
  const header = 34;
  const footer = 26;
  const total = height + header + footer;
  const out = svgEl('svg', {
    xmlns: SVG_NS,
    width,
    height: total,
    viewBox: `0 0 ${width} ${total}`,
    'font-family': FONT,
  });
  const bg = svgEl('rect', { width: '100%', height: '100%', fill: '#ffffff' });
  const heading = svgEl('text', { x: 8, y: 22, 'font-size': 15, 'font-weight': 600, fill: '#1d2330' }, title);
  const body = chart.cloneNode(true) as SVGSVGElement;
  body.querySelectorAll('[aria-label="tip"]').forEach((node) => node.remove());
  for (const [key, value] of Object.entries({ x: 0, y: header, width, height })) body.setAttribute(key, String(value));
  body.removeAttribute('style');
  const source = svgEl('text', { x: 8, y: header + height + 17, 'font-size': 11, fill: '#6b7280' }, caption);
  out.append(bg, heading, body, source);
  return out;
}

export function svgBlob(svg: SVGSVGElement): Blob {
  const text = new XMLSerializer().serializeToString(svg);
  return new Blob([`<?xml version="1.0" encoding="UTF-8"?>\n${text}`], { type: 'image/svg+xml;charset=utf-8' });
}

/** PNG at twice the size (sharp on slides): the SVG blob drawn on a canvas. */
export async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const url = URL.createObjectURL(svgBlob(svg));
  try {
    const image = new Image();
    image.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('Conversion du graphique en image impossible.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('Canvas indisponible.');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG vide.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export type { CsvCell };
export { csvText };

export function downloadCsv(filename: string, columns: string[], rows: CsvCell[][]): void {
  download(
    new Blob([csvText(columns, rows)], { type: 'text/csv;charset=utf-8' }),
    filename.endsWith('.csv') ? filename : `${filename}.csv`,
  );
}
