// Generates the embedded demo territory and the default CLEE zoning (npm run demo:data).
//
//   datasets/territories/bassins-academie-grenoble.csv  default zoning commune → bassin (format clee-bassins)
//   datasets/demo/*.csv, *.csv.gz                        one file per declared source format, in the real
//                                                        published layouts, with SIMULATED values (the large
//                                                        Sirene extract is gzip-compressed)
//
// Deterministic: every random draw comes from a seeded PRNG (mulberry32) keyed by a label, so the same
// command always writes the same bytes (gzip: fixed level, no timestamp, fixed OS byte). Real inputs: the communes
// and EPCI of the five départements (@etalab/decoupage-administratif), France Travail's bassin BMO codes and names,
// and how many collèges and lycées each commune has (scripts/demo/data/etablissements-communes.csv, counted in the
// DEPP's IPS files by scripts/demo/derive-school-places.ts); everything else is simulated, coherent but fictitious.
// The sections live in scripts/demo/ (one module each) and the hand-written tables in scripts/demo/data/.
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDemoData } from './demo/files.ts';
import { kib } from './demo/readmes.ts';

export { generateDemoData } from './demo/files.ts';
export { uaiOf } from './demo/schools.ts';
export { luhnValid } from './demo/sirene.ts';

function parseArgs(argv: string[]): { out: string; help: boolean } {
  let out = 'datasets';
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') help = true;
    else if (a === '--out') {
      const value = argv[++i];
      if (!value) throw new Error('--out attend un dossier');
      out = value;
    } else if (a.startsWith('--out=')) out = a.slice(6);
    else throw new Error(`option inconnue : ${a} (voir --help)`);
  }
  return { out, help };
}

const HELP = `Usage : npx tsx scripts/generate-demo-data.ts [--out DOSSIER]

Écrit le zonage CLEE par défaut (DOSSIER/territories) et le territoire de démonstration
(DOSSIER/demo : un fichier par format de source, valeurs SIMULÉES). Sortie identique octet pour octet
à chaque exécution.

  --out DOSSIER   dossier de sortie (défaut : datasets)
  -h, --help      affiche cette aide
`;

function main(): void {
  let args: { out: string; help: boolean };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  const started = Date.now();
  const files = generateDemoData(args.out);
  const total = files.reduce((s, f) => s + f.bytes, 0);
  for (const f of files)
    process.stdout.write(
      `${kib(f.bytes).padStart(10)}  ${String(f.rows).padStart(6)} lignes  ` +
        `${relative(process.cwd(), join(resolve(args.out), f.path))}\n`,
    );
  process.stdout.write(`${files.length} fichiers, ${kib(total)}, en ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
