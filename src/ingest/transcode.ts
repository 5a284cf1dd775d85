// Windows-1252 files are read through a UTF-8 copy.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { countLineBreaks, gzipError } from './sniff.ts';

/**
 * Windows-1252 → UTF-8 copy in a temporary folder (DuckDB reads UTF-8; its latin-1 differs on €, œ, ’).
 * A gzip file is inflated on the way.
 */
export async function transcodeToUtf8(
  path: string,
  gzip = false,
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'clee-'));
  const out = join(dir, 'utf8.csv');
  const decoder = new TextDecoder('windows-1252');
  let breaks = 0;
  const transcode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      breaks += countLineBreaks(chunk);
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf-8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf-8'));
    },
  });
  try {
    if (gzip) await pipeline(createReadStream(path), createGunzip(), transcode, createWriteStream(out));
    else await pipeline(createReadStream(path), transcode, createWriteStream(out));
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw gzip && (error as NodeJS.ErrnoException).code?.startsWith('Z_') ? gzipError(path, breaks, error) : error;
  }
  return { path: out, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
