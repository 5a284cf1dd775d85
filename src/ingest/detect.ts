// Which declared format a file is, from its headers alone.
import { IngestError } from './errors.ts';
import { describePattern, detectFormats, SOURCE_FORMATS } from './registry.ts';
import type { SourceFormat } from './types.ts';

/** The one format recognising these headers; IngestError when none or several equally do. */
export function detectFormat(file: string, headers: string[]): SourceFormat {
  const candidates = detectFormats(headers);
  if (candidates.length === 0) {
    const known = SOURCE_FORMATS.map(
      (f) => `  - ${f.id} (${f.editeur}) : ${f.detect.map(describePattern).join(', ')}`,
    ).join('\n');
    const shown = headers.slice(0, 8).join(', ') + (headers.length > 8 ? ', …' : '');
    throw new IngestError({
      file,
      line: 1,
      reason: `format inconnu : aucun format déclaré ne reconnaît ces en-têtes (${shown})`,
      expected: "les colonnes identifiantes d'un des formats connus (voir « clee sources »)",
      hint: `Formats connus :\n${known}`,
    });
  }
  if (candidates.length > 1 && candidates[1].detect.length === candidates[0].detect.length) {
    throw new IngestError({
      file,
      line: 1,
      reason: `en-têtes ambigus : ils correspondent à plusieurs formats (${candidates
        .filter((c) => c.detect.length === candidates[0].detect.length)
        .map((c) => c.id)
        .join(', ')})`,
      expected: "les en-têtes d'un seul format",
    });
  }
  return candidates[0];
}
