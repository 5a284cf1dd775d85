// `npm run bench`: every benchmark of the project, figures from one run, printed in French.
// Usage : npm run bench [-- ingest|methodology|dashboards ...]
const SUITES: Record<string, () => Promise<string[]>> = {
  ingest: async () => (await import('./ingest.ts')).benchIngest(),
  workbook: async () => (await import('./workbook.ts')).benchWorkbook(),
  methodology: async () => (await import('./methodology.ts')).benchMethodology(),
  dashboards: async () => (await import('./dashboards.ts')).benchDashboards(),
};

const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(
    `Usage : npm run bench [-- ${Object.keys(SUITES).join('|')} ...]\nMesure l'ingestion, le calcul des indicateurs ` +
      `et les tableaux de bord (chiffres d'une seule exécution).`,
  );
  process.exit(0);
}
const chosen = args.length ? args : Object.keys(SUITES);
let failed = false;
for (const name of chosen) {
  const suite = SUITES[name];
  if (!suite) {
    console.error(`Banc inconnu : ${name} (connus : ${Object.keys(SUITES).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n== ${name} ==`);
  try {
    for (const line of await suite()) console.log(line);
  } catch (error) {
    failed = true;
    console.error(`Échec du banc ${name} : ${(error as Error).message}`);
  }
}
process.exit(failed ? 1 : 0);
