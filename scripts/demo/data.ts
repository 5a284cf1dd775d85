// The hand-written tables of the generator, read from scripts/demo/data/: `;`-separated CSV with a header line,
// lines starting with `#` are comments (they say what the table is); JSON for plain lists.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

const DATA = new URL('./data/', import.meta.url);

export function readTable(name: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(new URL(name, DATA), 'utf-8'), {
    header: true,
    delimiter: ';',
    comments: '#',
    skipEmptyLines: true,
  });
  const error = parsed.errors[0];
  if (error) throw new Error(`scripts/demo/data/${name}, ligne ${(error.row ?? 0) + 2} : ${error.message}`);
  return parsed.data;
}

export function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, DATA), 'utf-8')) as T;
}
