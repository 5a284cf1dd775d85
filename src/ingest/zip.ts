// yauzl's callbacks as promises, for the two readers of zip archives: workbooks (xlsx-reader.ts) and downloaded
// archives (fetch/archive.ts). Both open the archive through its central directory, entries read on demand.
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );
}

/**
 * The central directory's entries in their order (reading it does not inflate anything), up to the first one `stop`
 * accepts when it is given.
 */
export function zipEntries(zip: yauzl.ZipFile, stop?: (entry: yauzl.Entry) => boolean): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (stop?.(entry)) resolve(entries);
      else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

export function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}
