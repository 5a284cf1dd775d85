// The project's declared tables (action catalogue, FAP correspondences): `;`-separated UTF-8 with a header line,
// an optional BOM and blank lines ignored. Each reader checks its own rows and names the bad line.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

/** The rows of a declared table as header → text (row i is on line i + 2 of the file). */
export function readDeclaredCsv(path: string): Papa.ParseResult<Record<string, string>> {
  const text = readFileSync(path, 'utf-8').replace(/^\uFEFF/, '');
  return Papa.parse<Record<string, string>>(text, { header: true, delimiter: ';', skipEmptyLines: 'greedy' });
}
