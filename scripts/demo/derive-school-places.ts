// Writes scripts/demo/data/etablissements-communes.csv: how many collèges and lycées (by type and sector) each
// commune of the five départements has, counted in the real IPS files published by the DEPP (IPS des collèges,
// rentrée 2022; IPS des lycées, rentrée 2020). Only these counts are kept (no name, no UAI, no value): the demo
// places its simulated schools where real ones are, so that every basin with a lycée has one in the demo.
// Run once by hand when the real files change: npx tsx scripts/demo/derive-school-places.ts ../shared/datasets/real
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { DEPARTEMENTS, etalabCommunes } from './geography.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage : npx tsx scripts/demo/derive-school-places.ts DOSSIER_DES_FICHIERS_REELS');

const read = (name: string) =>
  Papa.parse<Record<string, string>>(readFileSync(join(dir, name), 'utf-8').replace(/^\uFEFF/, ''), {
    header: true,
    delimiter: ';',
    skipEmptyLines: true,
  }).data;

// Current commune of any code (merged and delegated communes point to their current commune).
const current = new Map<string, string>();
for (const c of etalabCommunes()) {
  if (c.type === 'commune-actuelle') current.set(c.code, c.code);
  else if (c.chefLieu && !current.has(c.code)) current.set(c.code, c.chefLieu);
  for (const old of (c as { anciensCodes?: string[] }).anciensCodes ?? [])
    if (!current.has(old)) current.set(old, c.code);
}
const deps = new Set<string>(DEPARTEMENTS);
const counts = new Map<string, number>();
const add = (code: string, type: string, secteur: string) => {
  const commune = current.get(code.padStart(5, '0'));
  if (!commune || !deps.has(commune.slice(0, 2))) throw new Error(`commune inconnue : ${code}`);
  const key = `${commune};${type};${secteur.startsWith('priv') ? 'prive' : 'public'}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
};
for (const r of read('ips-colleges-ap2022-Etablissement_IPS.csv'))
  if (r['Rentrée scolaire'] === '2022-2023' && deps.has(r['Code du département'].replace(/^0(\d\d)$/, '$1')))
    add(r['Code INSEE de la commune'], 'college', r.Secteur);
for (const r of read('ips-lycees-2016-2021-exam-data.csv'))
  if (r.rentree_scolaire === '2020-2021' && deps.has(r.code_du_departement.padStart(2, '0')))
    add(r.code_insee_de_la_commune, r.type_de_lycee.toLowerCase(), r.secteur);

const lines = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k};${n}`);
writeFileSync(
  new URL('./data/etablissements-communes.csv', import.meta.url),
  [
    '# Collèges (IPS des collèges, rentrée 2022) et lycées (IPS des lycées, rentrée 2020) de chaque commune,',
    '# comptés dans les fichiers publiés par la DEPP ; écrit par scripts/demo/derive-school-places.ts.',
    'code_commune;type;secteur;nombre',
    ...lines,
    '',
  ].join('\n'),
);
console.log(`${lines.length} lignes, ${[...counts.values()].reduce((a, b) => a + b, 0)} établissements`);
