// One measured run in a process of its own, so that its peak memory (maxRSS) is its own: either ExcelJS's streaming
// reader walking every row of the workbook, or our load of the same workbook (ingestFile) into a fresh database.
// Usage: tsx bench/workbook-child.ts exceljs|clee <workbook> <database dir> — prints one JSON line.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { Database } from '../src/db/database.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { ensureSchema } from '../src/ingest/schema.ts';

const [mode, file, dir] = process.argv.slice(2);

/** Wall and CPU time of fn (CPU: user + system of every thread, DuckDB's included). */
async function measure(fn: () => Promise<number>) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const rows = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, rows };
}

async function walk(): Promise<number> {
  // The options of our reader (src/ingest/xlsx-reader.ts): shared strings cached, styles read for dates.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let rows = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      if ((row.values as ExcelJS.CellValue[]).length > 0) rows++;
    }
  }
  return rows;
}

let result: { seconds: number; cpuSeconds: number; rows: number };
if (mode === 'exceljs') result = await measure(walk);
else {
  // The database is opened and its schema created before the clock starts: what is timed is the workbook's load.
  const db = await Database.open(join(dir, 'bench.duckdb'));
  await ensureSchema(db);
  result = await measure(async () => (await ingestFile(db, file)).rows);
  db.close();
}
console.log(JSON.stringify({ ...result, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
