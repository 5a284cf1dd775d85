// The file's digest for provenance, and the gzip integrity check done on the same pass.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { RecordCounter } from './records.ts';
import { countLineBreaks, gzipError } from './sniff.ts';

/**
 * sha256 of the file as given. With `gunzip`, the bytes are also inflated on the way (output discarded, line
 * breaks counted): a corrupt or truncated archive is refused with an IngestError (see gzipError). With `records`,
 * the (inflated) CSV records are counted on the same pass.
 */
export async function hashFile(
  path: string,
  onFraction?: (f: number) => void,
  gunzip = false,
  records?: RecordCounter,
): Promise<string> {
  const hash = createHash('sha256');
  let seen = 0;
  const { size } = await stat(path);
  let lastReport = 0;
  const inflater = gunzip ? inflateChecker(path, records) : undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    if (inflater) await inflater.write(chunk as Buffer);
    else records?.feed(chunk as Buffer);
    seen += (chunk as Buffer).length;
    if (onFraction && seen - lastReport > 32 << 20) {
      onFraction(seen / size);
      lastReport = seen;
    }
  }
  if (inflater) await inflater.end();
  records?.end();
  return hash.digest('hex');
}

/** Feeds a gzip stream to zlib and discards the output, counting line breaks; throws the gzip IngestError. */
function inflateChecker(
  path: string,
  records?: RecordCounter,
): { write: (chunk: Buffer) => Promise<void>; end: () => Promise<void> } {
  const gunzip = createGunzip();
  let breaks = 0;
  let failure: unknown;
  const finished = new Promise<void>((resolve, reject) => {
    gunzip.on('data', (out: Buffer) => {
      breaks += countLineBreaks(out);
      records?.feed(out);
    });
    gunzip.on('end', resolve);
    gunzip.on('error', (error) => {
      failure = error;
      reject(gzipError(path, breaks, error));
    });
  });
  finished.catch(() => undefined); // surfaced by write/end
  const check = async () => {
    if (failure !== undefined) await finished;
  };
  return {
    async write(chunk) {
      await check();
      // events.once removes its listeners again (one error listener per pause used to pile up); a failure is
      // surfaced by check().
      if (!gunzip.write(chunk)) await once(gunzip, 'drain').catch(() => undefined);
      await check();
    },
    async end() {
      await check();
      gunzip.end();
      await finished;
    },
  };
}
