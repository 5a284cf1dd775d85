// Commune codes that lost their leading zero. A spreadsheet that once read « 07010 » as a number writes « 7010 »
// (real IPS lycées file: Annonay); stored as is, such a code matches no commune and its schools reach no basin.
// Département codes 01-09 are the only ones that start with 0, so a four-digit code is a five-digit code missing it,
// and the row's own département column says whether that is certain. Checked once the rows are in (same transaction):
// repaired when certain and said in the load note, otherwise the file is refused at the first such line.
import type { Database } from '../db/database.ts';
import { ident } from '../db/database.ts';
import { IngestError } from './errors.ts';
import type { ColumnCell, LoadPlan } from './plan.ts';
import { type CsvText, readRecords } from './records.ts';

const FOUR_DIGITS = /^\d{4}$/;

/** The département cell confirms the four-digit code: « 7 », « 07 » or « 007 » for a code starting with 7. */
function confirms(departement: string | null | undefined, code: string): boolean {
  return departement != null && new RegExp(`^0*${code[0]}$`).test(departement.trim());
}

function cellOf(plan: LoadPlan, name: string | undefined): ColumnCell | undefined {
  return plan.cells.find((c): c is ColumnCell => c.kind === 'column' && c.spec.name === name);
}

/**
 * Repairs the file's four-digit commune codes that its département column makes certain (UPDATE of the rows of
 * `fileId`) and returns the sentence for the load note, or throws IngestError at the first code it cannot repair.
 * `text`: what DuckDB read, scanned again only to name the refused line.
 */
export async function repairCommuneCodes(
  db: Database,
  file: string,
  text: CsvText,
  plan: LoadPlan,
  fileId: number,
): Promise<string | undefined> {
  const notes: string[] = [];
  for (const declared of plan.format.communes ?? []) {
    const commune = cellOf(plan, declared.column);
    if (!commune) continue;
    const departement = cellOf(plan, declared.departement);
    const table = ident(plan.format.table);
    const code = ident(declared.column);
    const dep = departement ? ident(departement.spec.name) : 'NULL';
    const confirmed = `regexp_full_match(trim(${dep}), '0*' || left(${code}, 1))`;
    const fourDigitRows = `file_id = $fileId AND regexp_full_match(${code}, '\\d{4}')`;
    const found = await db.one<{ lignes: number; refusees: number; communes: number; exemple: string | null }>(
      `SELECT count(*)::INTEGER AS lignes,
        count(*) FILTER (WHERE NOT coalesce(${confirmed}, false))::INTEGER AS refusees,
        count(DISTINCT ${code})::INTEGER AS communes, min(${code}) AS exemple
      FROM ${table} WHERE ${fourDigitRows}`,
      { fileId },
    );
    if (!found || found.lignes === 0) continue;
    if (found.refusees > 0) throw await unrepairable(file, text, commune, departement);
    await db.run(`UPDATE ${table} SET ${code} = '0' || ${code} WHERE ${fourDigitRows}`, { fileId });
    notes.push(
      `${found.lignes} code(s) commune à 4 chiffres (colonne « ${commune.header} », ${found.communes} commune(s)) ` +
        `complété(s) du zéro initial perdu, d'après la colonne département « ${departement!.header} » ` +
        `(ex. « ${found.exemple} » → « 0${found.exemple} »)`,
    );
  }
  return notes.length ? notes.join(' ; ') : undefined;
}

/** The refusal, at the first line of the file holding a four-digit code its département does not confirm. */
async function unrepairable(
  file: string,
  text: CsvText,
  commune: ColumnCell,
  departement: ColumnCell | undefined,
): Promise<IngestError> {
  const expected = 'un code commune INSEE à 5 caractères (ex. « 07010 » pour Annonay)';
  for await (const { line, cells } of readRecords(text)) {
    const value = cells[commune.index] ?? '';
    const dep = departement ? cells[departement.index] : undefined;
    if (!FOUR_DIGITS.test(value) || confirms(dep, value)) continue;
    return new IngestError({
      file,
      line,
      column: commune.index + 1,
      columnName: commune.header,
      value,
      reason: departement
        ? `code commune à 4 chiffres (zéro initial perdu ?) que la colonne département « ${departement.header} » ` +
          `(${dep ? `« ${dep} »` : 'vide'}) ne confirme pas : le compléter le placerait dans le département ` +
          `0${value[0]}`
        : 'code commune à 4 chiffres (zéro initial perdu ?) et aucune colonne département dans le fichier pour le ' +
          'compléter avec certitude',
      expected,
    });
  }
  // The rows said so but the text does not show it (cannot happen while both read the same file): still refused.
  return new IngestError({
    file,
    columnName: commune.header,
    reason: 'code commune à 4 chiffres (zéro initial perdu ?) que la colonne département ne confirme pas',
    expected,
  });
}
