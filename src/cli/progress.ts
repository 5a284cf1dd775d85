// Progress on stderr: a redrawn bar on a terminal, a line every few seconds otherwise (logs, CI).
import { basename } from 'node:path';
import type { ProgressEvent } from '../ingest/loader.ts';

const PHASES: Record<ProgressEvent['phase'], string> = {
  empreinte: 'empreinte',
  lecture: 'lecture',
  validation: 'validation',
};

export function progressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  quiet = false,
): { onProgress: (e: ProgressEvent) => void; done: () => void } {
  if (quiet) return { onProgress: () => undefined, done: () => undefined };
  const tty = Boolean(stream.isTTY);
  let lastLine = 0;
  let drawn = false;
  const startedAt = new Map<string, number>();
  return {
    onProgress(e) {
      const now = Date.now();
      if (!startedAt.has(e.file)) startedAt.set(e.file, now);
      const pct = e.fraction === undefined ? '' : `${Math.round(e.fraction * 100)} %`;
      const label = `${basename(e.file)} — ${PHASES[e.phase]}`;
      if (tty) {
        const width = 24;
        const filled = Math.round((e.fraction ?? 0) * width);
        stream.write(`\r\x1b[2K[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${pct.padStart(5)} ${label}`);
        drawn = true;
      } else if (now - lastLine > 5000 && now - startedAt.get(e.file)! > 2000) {
        stream.write(`… ${label} ${pct}\n`);
        lastLine = now;
      }
    },
    done() {
      if (tty && drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
