// `npm run bench`: every benchmark of the project, printed in French (figures from one run; medians for workbook).
// Usage : npm run bench [-- ingest|workbook|methodology|dashboards ...]
import { loadavg } from 'node:os';

const SUITES: Record<string, () => Promise<string[]>> = {
  ingest: async () => (await import('./ingest.ts')).benchIngest(),
  workbook: async () => (await import('./workbook.ts')).benchWorkbook(),
  methodology: async () => (await import('./methodology.ts')).benchMethodology(),
  dashboards: async () => (await import('./dashboards.ts')).benchDashboards(),
  api: async () => (await import('./dashboards.ts')).benchApi(),
};
/** Suites run when none is named (`api` is part of `dashboards`). */
const DEFAULT_SUITES = ['ingest', 'workbook', 'methodology', 'dashboards'];

const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    `Usage : npm run bench [-- ${Object.keys(SUITES).join('|')} ...]\nMesure l'ingestion (CSV et classeur), ` +
      `le calcul des indicateurs et les tableaux de bord (chiffres d'une seule exécution, médianes pour le classeur).`,
  );
  process.exit(0);
}
const chosen = args.length ? args : DEFAULT_SUITES;
let failed = false;
for (const name of chosen) {
  const suite = SUITES[name];
  if (!suite) {
    console.error(`Banc inconnu : ${name} (connus : ${Object.keys(SUITES).join(', ')})`);
    process.exit(2);
  }
  // The machine may be shared: its load says how much the times below can be trusted.
  console.log(
    `\n== ${name} == (charge de la machine, uptime 1/5/15 min : ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ; ')})`,
  );
  try {
    for (const line of await suite()) console.log(line);
  } catch (error) {
    failed = true;
    console.error(`Échec du banc ${name} : ${(error as Error).message}`);
  }
}
process.exit(failed ? 1 : 0);
