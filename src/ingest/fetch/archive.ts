// Zip archives (INSEE ships a CSV and its metadata sheet together): find the declared member and stream it.
import { createReadStream, createWriteStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function isZip(path: string): Promise<boolean> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buffer, 0, 4, 0);
    return bytesRead === 4 && buffer.equals(ZIP_MAGIC);
  } finally {
    await handle.close();
  }
}

/** True when the file starts like a gzip stream (e.g. Etalab's communes-100m.geojson.gz). */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Inflates a gzip file; a corrupt or truncated one is an ArchiveError (French). */
export async function gunzipTo(path: string, out: string): Promise<void> {
  try {
    await pipeline(createReadStream(path), createGunzip(), createWriteStream(out));
  } catch (error) {
    throw new ArchiveError(
      `fichier gzip illisible (${(error as Error).message}) : téléchargement incomplet ou altéré, ` +
        'relancez avec --refresh',
    );
  }
}

interface OpenedMember {
  /** Name of the entry inside the archive. */
  name: string;
  size: number;
  stream: Readable;
  /** Closes the archive (call once the stream has been consumed or abandoned). */
  close: () => void;
}

/**
 * Opens the first entry whose base name matches `member`. Throws ArchiveError (French) when the file is not a
 * zip or holds no such entry, naming the entries it does hold.
 */
export async function openMember(path: string, member: RegExp): Promise<OpenedMember> {
  if (!(await isZip(path))) {
    throw new ArchiveError(`le fichier téléchargé n'est pas une archive zip (${basename(path)})`);
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, file) => (error ? reject(error) : resolve(file)));
  }).catch((error: Error) => {
    throw new ArchiveError(`archive zip illisible (${basename(path)}) : ${error.message}`);
  });
  const seen: string[] = [];
  const entry = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      const isDirectory = e.fileName.endsWith('/');
      const name = basename(e.fileName);
      if (!isDirectory && !e.fileName.startsWith('__MACOSX/')) {
        seen.push(e.fileName);
        if (member.test(name)) return resolve(e);
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve(undefined));
    zip.on('error', reject);
    zip.readEntry();
  }).catch((error: Error) => {
    zip.close();
    throw new ArchiveError(`archive zip illisible (${basename(path)}) : ${error.message}`);
  });
  if (!entry) {
    zip.close();
    throw new ArchiveError(
      `l'archive ${basename(path)} ne contient pas le fichier attendu (motif ${member}) ; fichiers présents : ` +
        `${seen.length ? seen.join(', ') : 'aucun'}`,
    );
  }
  const stream = await new Promise<Readable>((resolve, reject) => {
    zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s)));
  }).catch((error: Error) => {
    zip.close();
    throw new ArchiveError(`impossible de lire ${entry.fileName} dans l'archive : ${error.message}`);
  });
  return { name: basename(entry.fileName), size: entry.uncompressedSize, stream, close: () => zip.close() };
}
