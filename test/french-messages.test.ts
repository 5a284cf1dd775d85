// Messages that used to reach users in English: an undefined XML entity in a workbook, a GeoJSON longer than the
// longest JavaScript string (« Invalid string length »), and the same error from anywhere else in a command.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { main } from '../src/cli/main.ts';
import { contoursText } from '../src/ingest/contours.ts';
import { IngestError } from '../src/ingest/errors.ts';
import { hashFile } from '../src/ingest/hash.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { readerReason } from '../src/ingest/spreadsheet.ts';
import { freshDb, snapshot, tempDir } from './helpers/db.ts';

/** Rewrites one XML part of an xlsx (the parts are re-zipped with yazl, as a spreadsheet program would). */
async function patchedWorkbook(xlsx: Buffer, from: string, to: string): Promise<Buffer> {
  const dir = tempDir('clee-xlsx-');
  writeFileSync(join(dir, 'in.xlsx'), xlsx);
  const parts = join(dir, 'parts');
  mkdirSync(parts);
  execFileSync('unzip', ['-q', join(dir, 'in.xlsx'), '-d', parts]);
  const zip = new yazl.ZipFile();
  for (const name of readdirSync(parts, { recursive: true }) as string[]) {
    const path = join(parts, name);
    let content: Buffer;
    try {
      content = readFileSync(path);
    } catch {
      continue; // a folder
    }
    zip.addBuffer(Buffer.from(content.toString('utf8').replace(from, to)), name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('no warning for users', () => {
  it('hashing a large .csv.gz pauses many times without « MaxListenersExceeded »', async () => {
    const lines: string[] = ['CODGEO;VALEUR'];
    for (let i = 0; i < 700_000; i++) lines.push(`${randomBytes(24).toString('hex')};${i}`);
    const file = join(tempDir(), 'gros.csv.gz');
    writeFileSync(file, gzipSync(lines.join('\n'), { level: 1 }));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      expect(await hashFile(file, undefined, true)).toMatch(/^[0-9a-f]{64}$/);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});

describe('French messages instead of the libraries’ English', () => {
  it('a workbook with an undefined XML entity: refused in French, database unchanged', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('BMO_2025_open_data');
    ws.addRow(['annee', 'Code métier BMO', 'Nom métier BMO', 'Dept', 'BE25', 'NOMBE25', 'met', 'xmet', 'smet']);
    ws.addRow([2025, 'A0X40', 'MARQUEUR', '07', '8201', 'PRIVAS', 120, 40, '*']);
    const xlsx = await patchedWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), 'MARQUEUR', '&inconnue;');
    const file = join(tempDir(), 'bmo.xlsx');
    writeFileSync(file, xlsx);
    const db = await freshDb();
    try {
      const before = await snapshot(db);
      const error = await ingestFile(db, file).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(IngestError);
      expect(error!.message).toMatch(/XML abîmé : entité inconnue \(ligne \d+, colonne \d+/);
      expect(error!.message).not.toMatch(/undefined entity/);
      expect(await snapshot(db)).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('reader reasons: known ones in French, located when the reader says where', () => {
    expect(readerReason('2:457: undefined entity.')).toMatch(/^XML abîmé : entité inconnue \(ligne 2, colonne 457/);
    expect(readerReason('1:10: unclosed tag: row')).toMatch(/^XML abîmé ou tronqué/);
  });

  it('a GeoJSON longer than a string can be: refused with its size and what to do, plain or gzip', () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [] }).padEnd(4096, ' ');
    expect(() => contoursText('communes.geojson', Buffer.from(text), 1024)).toThrow(
      /communes\.geojson : fichier de contours trop grand pour être lu d'un bloc .* un fichier par département/,
    );
    expect(() => contoursText('communes.geojson.gz', gzipSync(text), 1024)).toThrow(
      /trop grand pour être lu d'un bloc \(plus de 1 Kio une fois décompressé\)/,
    );
    expect(contoursText('communes.geojson.gz', gzipSync(text), 8192)).toBe(text);
  });

  it('« Invalid string length » from anywhere in a command becomes a French error with what to do', async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => lines.push(a.join(' '));
    const status = await import('../src/cli/commands/status.ts');
    const run = status.statusCommand.run;
    status.statusCommand.run = async () => {
      throw new RangeError('Invalid string length');
    };
    try {
      expect(await main(['status'])).toBe(1);
    } finally {
      status.statusCommand.run = run;
      console.error = original;
    }
    expect(lines.join('\n')).toMatch(/^Erreur : donnée trop grande pour être lue en mémoire/);
    expect(lines.join('\n')).not.toMatch(/Invalid string length|Erreur inattendue/);
  });
});
