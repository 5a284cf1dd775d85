// The seminar deck exported as PowerPoint and PDF by the page itself: valid Office Open XML, one slide per slide
// shown, titles and sources as text, charts as images, speaker notes as notes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import type { Database } from '../src/db/database.ts';
import { deckQuery, renderDeck } from '../src/render/deck.ts';
import { countPdfPages } from '../src/render/report.ts';
import { departementScope, metiersOf } from '../src/methodology/index.ts';
import { demoDatabase } from './helpers/demo-db.ts';

let db: Database;
let cleanup: () => void;
let dir: string;

beforeAll(async () => {
  ({ db, cleanup } = await demoDatabase());
  dir = mkdtempSync(join(tmpdir(), 'clee-deck-'));
});
afterAll(() => {
  db?.close();
  cleanup?.();
  rmSync(dir, { recursive: true, force: true });
});

/** Every entry of a zip file, as text (XML parts) or byte counts (media). */
function unzip(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.readEntry();
    });
  });
}

describe('séminaire exporté (clee seminaire)', () => {
  it(
    'écrit un PowerPoint valide : une diapositive par diapositive affichée, titres et sources en texte, images, ' +
      'notes',
    async () => {
      const out = join(dir, 'seminaire.pptx');
      const notes = ['Bonjour à tous', '', 'Insister sur les 15-24 ans'];
      const result = await renderDeck({ db, out, territoire: '38', diapos: [1, 2, 3], notes });
      expect(result.slides).toBe(3);
      const parts = await unzip(out);
      expect(parts.get('[Content_Types].xml')!.toString()).toContain('presentationml.presentation.main+xml');
      const slides = [...parts.keys()].filter((k) => /^ppt\/slides\/slide\d+\.xml$/.test(k));
      expect(slides).toHaveLength(3);
      const first = parts.get('ppt/slides/slide1.xml')!.toString();
      expect(first).toContain('Le contexte socio-économique — Isère (38)');
      const second = parts.get('ppt/slides/slide2.xml')!.toString();
      expect(second).toMatch(/<a:t>Source : [^<]+<\/a:t>/); // the source line as text, not inside an image
      const media = [...parts.keys()].filter((k) => k.startsWith('ppt/media/') && k.endsWith('.png'));
      expect(media.length).toBeGreaterThanOrEqual(2);
      for (const m of media) expect(parts.get(m)!.subarray(1, 4).toString()).toBe('PNG');
      const noteParts = [...parts.entries()].filter(([k]) => k.startsWith('ppt/notesSlides/notesSlide'));
      const noteText = noteParts.map(([, v]) => v.toString()).join(' ');
      expect(noteText).toContain('Bonjour à tous');
      expect(noteText).toContain('Insister sur les 15-24 ans');
    },
  );

  it(
    'contient la diapositive « Les métiers qui recrutent » : graphique en image, métiers difficiles en ' + 'tableau',
    async () => {
      const out = join(dir, 'seminaire-metiers.pptx');
      await renderDeck({ db, out, territoire: '38' });
      const parts = await unzip(out);
      const slides = [...parts.entries()].filter(([k]) => /^ppt\/slides\/slide\d+\.xml$/.test(k));
      const metiers = slides.filter(([, v]) => v.toString().includes('Les métiers qui recrutent — Isère (38)'));
      expect(metiers).toHaveLength(1);
      const [name, xml] = metiers[0];
      const text = xml.toString();
      expect(text).toContain('<a:tbl>');
      expect(text).toMatch(/<a:t>Source : France Travail[^<]*BMO[^<]*<\/a:t>/);
      const r = await metiersOf(db, departementScope('38'));
      const hardest = r.metiers.find((m) => m.code === r.top_tension[0])!;
      expect(text).toContain(`<a:t>${hardest.libelle.replace(/'/g, '&apos;')}</a:t>`);
      const rels = parts.get(name.replace('slides/', 'slides/_rels/').replace('.xml', '.xml.rels'))!.toString();
      expect(rels).toMatch(/media\/[^"]+\.png/);
    },
  );

  it('écrit un PDF 16:9 d’une page par diapositive', async () => {
    const out = join(dir, 'seminaire.pdf');
    const result = await renderDeck({ db, out, territoire: 'academie' });
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(countPdfPages(pdf)).toBe(result.slides);
    expect(result.slides).toBeGreaterThanOrEqual(5);
    // 13,333 × 7,5 in = 960 × 540 pt.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 96\d(\.\d+)? 54\d(\.\d+)?\]/);
  });

  it('garde le choix de l’orateur dans une adresse à partager', () => {
    expect(deckQuery({ territoire: '26', indicateurs: ['a', 'b'], diapos: [1, 4], notes: ['x'] })).toBe(
      'territoire=26&indicateurs=a%2Cb&diapos=1%2C4&notes=%5B%22x%22%5D',
    );
  });
});
