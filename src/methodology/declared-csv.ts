// The project's declared tables (action catalogue, FAP correspondences): `;`-separated UTF-8 with a header line,
// an optional BOM and blank lines ignored. Each reader checks its own rows and names the bad line.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

/** The rows of a declared table as header → text (row i is on line i + 2 of the file). */
export function readDeclaredCsv(path: string): Papa.ParseResult<Record<string, string>> {
  const text = readFileSync(path, 'utf-8').replace(/^\uFEFF/, '');
  return Papa.parse<Record<string, string>>(text, { header: true, delimiter: ';', skipEmptyLines: 'greedy' });
}

/**
 * A declared table's reader from its parser: the file the project ships by default, and the table kept for the last
 * path read (the declared files do not change while clee runs; a test may read another one).
 */
export function declaredReader<T>(defaultPath: string, parse: (path: string) => T): (path?: string) => T {
  let last: { path: string; table: T } | undefined;
  return (path = defaultPath) => {
    if (last?.path !== path) last = { path, table: parse(path) };
    return last.table;
  };
}
