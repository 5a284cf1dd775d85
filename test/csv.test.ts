// One CSV writer for `clee compare --format csv`, the API's ?format=csv and the pages' exports: a cell a spreadsheet
// would run as a formula (a basin named `=HYPERLINK(…)` in a zoning file) is written as text, real numbers stay
// numbers, and the same rows give the same bytes from the command line and from the API.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as pageExport from '../dashboards/src/lib/export.ts';
import { main } from '../src/cli/main.ts';
import { Database } from '../src/db/database.ts';
import { csvCell, csvText } from '../src/shared/csv.ts';
import { listenApp } from './helpers/app-server.ts';
import { tempDir } from './helpers/db.ts';
import { buildFixture } from './helpers/methodology-fixture.ts';

const HOSTILE = '=HYPERLINK("http://x","y")';
const NEUTRALISED = `"'=HYPERLINK(""http://x"",""y"")"`;

describe('the CSV writer', () => {
  it('writes formula-like text as quoted text with an apostrophe, numbers as numbers', () => {
    expect(csvCell(HOSTILE)).toBe(NEUTRALISED);
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}SUM(A1:A9)`), JSON.stringify(start)).toMatch(/^"'/);
    expect(csvCell('-cmd|calc')).toBe(`"'-cmd|calc"`);
    expect(csvCell(-0.17)).toBe('-0,17');
    expect(csvCell('-0,17')).toBe('-0,17');
    expect(csvCell('+3')).toBe('+3');
    expect(csvCell(1e-7)).toBe('0,0000001');
    expect(csvCell('Saint-Égrève; Isère')).toBe('"Saint-Égrève; Isère"');
    expect(csvCell('dit "oui"')).toBe('"dit ""oui"""');
    expect(csvCell(true)).toBe('oui');
    expect(csvCell(null)).toBe('');
    expect(csvText(['a', 'b'], [[1.5, HOSTILE]])).toBe(`\uFEFFa;b\r\n1,5;${NEUTRALISED}\r\n`);
  });

  it('is the writer of the pages’ exports', () => {
    expect(pageExport.csvText).toBe(csvText);
    expect(pageExport.csvText(['bassin', 'valeur'], [[HOSTILE, -0.17]])).toBe(
      `\uFEFFbassin;valeur\r\n${NEUTRALISED};-0,17\r\n`,
    );
  });
});

describe('a hostile basin name from a zoning file', () => {
  it('gives the same neutralised CSV from clee compare and from /api/comparaison', async () => {
    const path = join(tempDir('clee-csv-'), 'fixture.duckdb');
    const db = await Database.open(path);
    await buildFixture(db);
    await db.run("UPDATE bassin_commune SET bassin_nom = $nom WHERE bassin_id = 'B2'", { nom: HOSTILE });

    const server = await listenApp(db);
    const response = await fetch(`${server.base}/api/comparaison?indicateur=chomage_15_24&format=csv`);
    const api = Buffer.from(await response.arrayBuffer()).toString('utf8');
    await server.close();
    db.close();

    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    let code: number;
    try {
      code = await main(['compare', '--indicateur', 'chomage_15_24', '--format', 'csv', '--db', path]);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const cli = written.join('');

    expect(response.status).toBe(200);
    expect(api).toContain(`;${NEUTRALISED};`);
    expect(api).not.toMatch(/;=HYPERLINK/);
    // A real negative gap is still a number.
    expect(api).toMatch(/;-\d+,\d+;/);
    expect(cli).toBe(api);
  });
});
