// Workbook benchmark: our load of the real BMO workbook against ExcelJS's streaming reader alone walking it, each
// run in its own process (time and peak memory its own), alternated, medians of several runs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { median } from './stats.ts';

const REAL = resolve(process.cwd(), '..', 'shared', 'datasets', 'real');
const BMO = join(REAL, 'Base_open_data_BMO_2025.xlsx');
const RUNS = 5;
/** Targets of issue 8: at most twice the reader's own time, under 300 MB at peak. */
const TARGETS = { ratio: 2, peakMb: 300 };

interface Run {
  seconds: number;
  cpuSeconds: number;
  rows: number;
  maxRssMb: number;
}

async function child(mode: 'exceljs' | 'clee', dir: string): Promise<Run> {
  const tsx = resolve(process.cwd(), 'node_modules', '.bin', 'tsx');
  const { stdout } = await promisify(execFile)(tsx, [join('bench', 'workbook-child.ts'), mode, BMO, dir], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Run;
}

const fr = (n: number, digits = 2) => n.toLocaleString('fr-FR', { maximumFractionDigits: digits });
const load = () =>
  loadavg()
    .map((l) => fr(l))
    .join(' ; ');

export async function benchWorkbook(): Promise<string[]> {
  if (!existsSync(BMO)) return [`Classeur BMO réel absent (${BMO}) : mesure sautée.`];
  const lines: string[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'clee-bench-workbook-'));
  const reader: Run[] = [];
  const ours: Run[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // Alternated, so that a change of load on the machine weighs on both alike.
      reader.push(await child('exceljs', dir));
      await rm(join(dir, 'bench.duckdb'), { force: true });
      ours.push(await child('clee', dir));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const t = { reader: median(reader.map((r) => r.seconds)), ours: median(ours.map((r) => r.seconds)) };
  const cpu = { reader: median(reader.map((r) => r.cpuSeconds)), ours: median(ours.map((r) => r.cpuSeconds)) };
  const peak = { reader: median(reader.map((r) => r.maxRssMb)), ours: median(ours.map((r) => r.maxRssMb)) };
  const ratio = t.ours / t.reader;
  const worst = Math.max(...ours.map((r) => r.maxRssMb));
  const runs = (list: Run[]) => list.map((r) => fr(r.seconds)).join(' ; ');
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  lines.push(
    `BMO 2025 réel (${ours[0].rows} lignes chargées ; ${reader[0].rows} lignes lues par ExcelJS, feuille de ` +
      `description comprise), médianes de ${RUNS} exécutions alternées, chacune dans son processus :`,
    `  lecteur ExcelJS en continu seul : ${fr(t.reader)} s (temps processeur ${fr(cpu.reader)} s), ` +
      `pic mémoire ${fr(peak.reader, 0)} Mo ; exécutions : ${runs(reader)} s`,
    `  chargement du classeur par clee (ingestFile) : ${fr(t.ours)} s (temps processeur ${fr(cpu.ours)} s), ` +
      `pic mémoire ${fr(peak.ours, 0)} Mo, au pire ${fr(worst, 0)} Mo ; exécutions : ${runs(ours)} s`,
    `  ratio de temps ${fr(ratio)} (cible ≤ ${TARGETS.ratio}) ${mark(ratio <= TARGETS.ratio)}, ratio de temps ` +
      `processeur ${fr(cpu.ours / cpu.reader)} ; pic mémoire ${fr(worst, 0)} Mo (cible < ${TARGETS.peakMb} Mo) ` +
      mark(worst < TARGETS.peakMb),
    `Charge de la machine à la fin : ${load()} (sur une machine chargée, le temps écoulé varie d'une exécution à ` +
      "l'autre ; le temps processeur moins)",
  );
  return lines;
}
