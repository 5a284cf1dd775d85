// Zip archives (INSEE ships a CSV and its metadata sheet together): find the declared member and stream it.
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { basename } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { fileStart, isGzip, isZipStart } from '../sniff.ts';
import { openEntry, openZip, zipEntries } from '../zip.ts';
import { formatBytes } from './download.ts';

/** What a declared archive member may expand to when its source declares nothing: generous for published files. */
const DEFAULT_MAX_EXPANDED = 4 * 1024 ** 3;

export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export async function isZip(path: string): Promise<boolean> {
  return isZipStart(await fileStart(path, 4));
}

/** True when the file starts like a gzip stream (e.g. Etalab's communes-100m.geojson.gz). */
export async function isGzipFile(path: string): Promise<boolean> {
  return isGzip(await fileStart(path, 2));
}

/** Inflates a gzip file, at most `maxBytes`; a corrupt, truncated or oversized one is an ArchiveError (French). */
export async function gunzipTo(path: string, out: string, maxBytes = DEFAULT_MAX_EXPANDED): Promise<void> {
  try {
    await pipeline(createReadStream(path), createGunzip(), byteLimit(maxBytes, basename(path)), createWriteStream(out));
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    const message = (error as Error).message;
    const reason = /unexpected end|incorrect header|invalid/i.test(message) ? 'incomplet ou altéré' : message;
    throw new ArchiveError(
      `fichier gzip illisible (${reason}) : téléchargement interrompu ou fichier abîmé, relancez avec --actualiser`,
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

/** yauzl's English reasons, said in French. */
function archiveReason(message: string): string {
  const unsafe = /invalid relative path: (.*)|absolute path: (.*)|invalid characters in fileName: (.*)/.exec(message);
  if (unsafe)
    return (
      `un fichier de l'archive a un nom dangereux (« ${unsafe[1] ?? unsafe[2] ?? unsafe[3]} », hors du dossier) : ` +
      'archive refusée'
    );
  if (/too many bytes|expected \d+ bytes|stored uncompressed size|overlapping/i.test(message))
    return 'archive incohérente (taille décompressée différente de celle annoncée) : fichier corrompu ou piégé';
  if (/end of central directory|not a zip|invalid signature|truncated|unexpected EOF/i.test(message))
    return 'archive incomplète ou abîmée (téléchargement interrompu ?) : relancez avec --actualiser';
  return `archive illisible (${message})`;
}

/** A pass-through that fails once more than `limit` bytes went through (a zip's declared sizes can lie). */
function byteLimit(limit: number, name: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new ArchiveError(expandedTooLarge(name, seen, limit)));
      else done(null, chunk);
    },
  });
}

function capped(stream: Readable, limit: number, name: string): Readable {
  const guard = byteLimit(limit, name);
  stream.on('error', (error) => guard.destroy(new ArchiveError(archiveReason(error.message))));
  return stream.pipe(guard);
}

function expandedTooLarge(name: string, size: number, limit: number): string {
  return (
    `${name} se décompresse en ${formatBytes(size)} ou plus, au-delà des ${formatBytes(limit)} prévus pour cette ` +
    'source (archive piégée ou fichier inattendu) : refusé avant écriture'
  );
}

/**
 * Opens the first entry whose base name matches `member`. Throws ArchiveError (French) when the file is not a
 * zip, holds no such entry (naming the entries it does hold), or would expand beyond `maxExpandedBytes`.
 */
export async function openMember(
  path: string,
  member: RegExp,
  maxExpandedBytes = DEFAULT_MAX_EXPANDED,
): Promise<OpenedMember> {
  if (!(await isZip(path))) {
    throw new ArchiveError(`le fichier téléchargé n'est pas une archive zip (${basename(path)})`);
  }
  const zip = await openZip(path).catch((error: Error) => {
    throw new ArchiveError(`${basename(path)} : ${archiveReason(error.message)}`);
  });
  const listed = (e: { fileName: string }) => !e.fileName.endsWith('/') && !e.fileName.startsWith('__MACOSX/');
  const wanted = (e: { fileName: string }) => listed(e) && member.test(basename(e.fileName));
  const files = await zipEntries(zip, wanted).catch((error: Error) => {
    zip.close();
    throw new ArchiveError(`${basename(path)} : ${archiveReason(error.message)}`);
  });
  const entry = files.find(wanted);
  const seen = files.filter(listed).map((e) => e.fileName);
  if (!entry) {
    zip.close();
    throw new ArchiveError(
      `l'archive ${basename(path)} ne contient pas le fichier attendu (motif ${member}) ; fichiers présents : ` +
        `${seen.length ? seen.join(', ') : 'aucun'}`,
    );
  }
  if (entry.uncompressedSize > maxExpandedBytes) {
    zip.close();
    throw new ArchiveError(expandedTooLarge(entry.fileName, entry.uncompressedSize, maxExpandedBytes));
  }
  const stream = await openEntry(zip, entry).catch((error: Error) => {
    zip.close();
    throw new ArchiveError(`impossible de lire ${entry.fileName} dans l'archive : ${archiveReason(error.message)}`);
  });
  return {
    name: basename(entry.fileName),
    size: entry.uncompressedSize,
    stream: capped(stream, maxExpandedBytes, entry.fileName),
    close: () => zip.close(),
  };
}
