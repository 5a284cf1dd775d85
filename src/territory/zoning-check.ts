// `clee ingest` of a zoning file applies the checks of `clee territories validate`: a commune twice, a commune
// missing or an unknown code would otherwise be loaded without a word and every indicator computed on the wrong
// territory.
import { IngestError } from '../ingest/errors.ts';
import { readZoningFile, validateZoning } from './zoning-file.ts';

const ZONING_FORMAT = 'clee-bassins';
const SHOWN = 5;

/** IngestOptions.checkFile for a zoning file (format clee-bassins): refuses it when the validation finds errors. */
export async function checkZoningFile(file: string, formatId: string): Promise<void> {
  if (formatId !== ZONING_FORMAT) return;
  const { rows, issues } = await readZoningFile(file);
  const report = issues.length ? undefined : validateZoning(rows, file);
  const errors = report?.erreurs ?? issues;
  if (errors.length === 0) return;
  const first = errors[0];
  const more = errors.length > SHOWN ? `\n  - … et ${errors.length - SHOWN} autre(s)` : '';
  throw new IngestError({
    file,
    line: first.ligne ?? undefined,
    reason: `zonage invalide (${errors.length} erreur(s)) : ${first.message.replace(/^ligne \d+ : /, '')}`,
    expected: 'chaque commune des départements de l’académie rattachée à un et un seul bassin, codes du COG',
    hint: `Erreurs :\n${errors
      .slice(0, SHOWN)
      .map((e) => `  - ${e.message}`)
      .join('\n')}${more}\nDétail : clee territories validate ${file}`,
  });
}
