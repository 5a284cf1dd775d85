// Ingestion benchmark: our loader vs DuckDB's plain read_csv into a table, on the same national-scale files.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Database } from '../src/db/database.ts';
import { ensureSchema } from '../src/ingest/schema.ts';
import { ingestFile } from '../src/ingest/loader.ts';

const SIRENE_HEADER =
  'siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,' +
  'anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,' +
  'etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,' +
  'indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,indiceRepetitionDernierNumeroVoieEtablissement,' +
  'typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,' +
  'libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,' +
  'codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,' +
  'identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,' +
  'complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,' +
  'libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,' +
  'libelleCommuneEtranger2Etablissement,distributionSpeciale2Etablissement,codeCommune2Etablissement,' +
  'codeCedex2Etablissement,libelleCedex2Etablissement,codePaysEtranger2Etablissement,' +
  'libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,' +
  'enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,' +
  'nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement';
const NAF = [
  '01.11Z',
  '10.71C',
  '25.62B',
  '41.20A',
  '43.21A',
  '45.20A',
  '47.11F',
  '49.41A',
  '55.10Z',
  '56.10A',
  '62.01Z',
  '68.20B',
  '69.20Z',
  '71.12B',
  '81.21Z',
  '85.59A',
  '86.21Z',
  '88.91A',
  '93.12Z',
  '96.02A',
];
const TRANCHES = ['NN', '00', '01', '02', '03', '11', '12', '21', '22', '31', '41'];
const CENSUS_VARS = [
  'POP1564',
  'POP1524',
  'POP2554',
  'POP5564',
  'ACT1564',
  'ACT1524',
  'ACT2554',
  'ACT5564',
  'ACTOCC1564',
  'ACTOCC1524',
  'CHOM1564',
  'CHOM1524',
  'CHOM2554',
  'CHOM5564',
  'INACT1564',
  'ETUD1564',
  'RETR1564',
  'AINACT1564',
  'SAL15P',
  'SAL15P_CDI',
  'SAL15P_CDD',
  'SAL15P_INTERIM',
  'SAL15P_APPR',
  'EMPLT',
];

/** Deterministic pseudo-random generator (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeLines(path: string, header: string, count: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += `${line(i)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const communeCode = (i: number) => {
  const dep = 1 + (i % 95);
  return `${String(dep).padStart(2, '0')}${String(1 + Math.floor(i / 95)).padStart(3, '0')}`;
};

async function generateNationalFiles(dir: string) {
  const r = rng(42);
  const census = join(dir, 'base-cc-emploi-pop-active-national.csv');
  const years = ['21', '15', '10'];
  const header = ['CODGEO', 'LIBGEO', ...years.flatMap((y) => CENSUS_VARS.map((v) => `P${y}_${v}`))].join(';');
  await writeLines(census, header, 35_000, (i) => {
    const base = 50 + r() * 5000;
    return [
      communeCode(i),
      `Commune ${i}`,
      ...years.flatMap(() => CENSUS_VARS.map(() => (base * r()).toFixed(5))),
    ].join(';');
  });
  const sirene = join(dir, 'StockEtablissement-national.csv');
  const empty = ','.repeat(11);
  await writeLines(sirene, SIRENE_HEADER, 2_000_000, (i) => {
    const siren = String(100000000 + i).padStart(9, '0');
    const nic = String(10 + (i % 90)).padStart(5, '0');
    const commune = communeCode(Math.floor(r() * 35_000));
    return (
      `${siren},${nic},${siren}${nic},O,2015-03-01,${TRANCHES[i % TRANCHES.length]},2022,,2024-06-01T12:00:00,` +
      `true,2${empty},${commune}${','.repeat(22)}2015-03-01,${r() < 0.8 ? 'A' : 'F'},,,,,${NAF[i % NAF.length]},` +
      `NAFRev2,${r() < 0.4 ? 'O' : 'N'}`
    );
  });
  return { census: { path: census, rows: 35_000 }, sirene: { path: sirene, rows: 2_000_000 } };
}

async function timeIt<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [(performance.now() - t0) / 1000, value];
}

export async function benchIngest(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'clee-bench-ingest-'));
  const lines: string[] = [];
  try {
    const [genSeconds, files] = await timeIt(() => generateNationalFiles(dir));
    lines.push(
      `Fichiers générés en ${genSeconds.toFixed(1)} s : recensement 35 000 communes × 3 millésimes × ` +
        `${CENSUS_VARS.length} variables, Sirene 2 000 000 établissements.`,
    );
    for (const [label, file] of [
      ['recensement (base-cc-emploi-pop-active)', files.census],
      ['Sirene StockEtablissement', files.sirene],
    ] as const) {
      const rawRead = async (name: string, setup?: string) => {
        const raw = await Database.open(join(dir, `${name}-${label.length}.duckdb`));
        if (setup) await raw.run(setup);
        const [seconds] = await timeIt(() =>
          raw.run('CREATE TABLE t AS SELECT * FROM read_csv($path)', { path: file.path }),
        );
        raw.close();
        return seconds;
      };
      const rawSeconds = await rawRead('raw');
      // Our loader sets this for its load statement; the same setting on the plain read shows what is configuration.
      const tunedSeconds = await rawRead('tuned', 'SET preserve_insertion_order = false');
      const ours = await Database.open(join(dir, `ours-${label.length}.duckdb`));
      await ensureSchema(ours);
      const [ourSeconds, result] = await timeIt(() => ingestFile(ours, file.path));
      ours.close();
      const rawRate = file.rows / rawSeconds;
      const ourRate = file.rows / ourSeconds;
      lines.push(
        `${label} : clee ingest ${fmt(ourRate)} lignes/s (${ourSeconds.toFixed(2)} s, ${result.rows} lignes, ` +
          `millésime ${result.vintage}) ; read_csv brut ${fmt(rawRate)} lignes/s (${rawSeconds.toFixed(2)} s) ; ` +
          `ratio ${(ourRate / rawRate).toFixed(2)} (cible ≥ 0,8) ; ratio face à read_csv avec ` +
          `preserve_insertion_order=false ${(ourRate / (file.rows / tunedSeconds)).toFixed(2)}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}

const fmt = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(n);
