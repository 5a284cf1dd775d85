// Methodology benchmark: time to compute every indicator × basin × year (with département, académie and
// France references, ranks, σ, verdicts and sentences), on the académie's demo data and on a synthetic
// France generated inside DuckDB (~35 000 communes, ~100 départements, ~1 000 basins, 2 M establishments).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Database } from '../src/db/database.ts';
import { expandPaths, ingestFiles } from '../src/ingest/batch.ts';
import { ensureSchema } from '../src/ingest/schema.ts';
import { clearCache, computedState, diagnose } from '../src/methodology/index.ts';
import { median } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TARGET_ACADEMIE_MS = 300;
const TARGET_FRANCE_MS = 2000;
/** Each computation is timed this many times (cache cleared each time): the median is reported. */
const RUNS = Number(process.env.CLEE_BENCH_RUNS ?? 5);

const ms = (x: number) => `${Math.round(x).toLocaleString('fr-FR')} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 0 })} Mio`;

/** Peak resident memory of the process while fn runs (sampled every 10 ms). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peak };
  } finally {
    clearInterval(timer);
  }
}

async function duckdbMemory(db: Database): Promise<number> {
  const row = await db.one<{ bytes: number }>('SELECT sum(memory_usage_bytes)::BIGINT AS bytes FROM duckdb_memory()');
  return row?.bytes ?? 0;
}

/** Load averages of the machine (1, 5, 15 min): a shared machine makes every figure slower. */
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2).replace('.', ','))
    .join(' / ');

async function measure(db: Database, label: string, target: number): Promise<string[]> {
  const loadBefore = load();
  const runs: { total: number; cpu: number; timings: Record<string, number> }[] = [];
  let state!: Awaited<ReturnType<typeof computedState>>;
  let peak = 0;
  for (let i = 0; i < RUNS; i++) {
    clearCache(db);
    const cpu = process.cpuUsage();
    const run = await withPeakRss(() => computedState(db));
    const used = process.cpuUsage(cpu);
    state = run.value;
    peak = Math.max(peak, run.peak);
    runs.push({ total: state.durationMs, cpu: (used.user + used.system) / 1000, timings: state.timings });
  }
  const duckMem = await duckdbMemory(db);
  const academie = state.bassins.filter((b) => b.academie);
  const t = performance.now();
  await diagnose(db, academie[0].id);
  const cached = performance.now() - t;
  const years = new Set(state.definitions.flatMap((d) => d.annees)).size;
  const total = median(runs.map((r) => r.total));
  const step = (k: string) => ms(median(runs.map((r) => r.timings[k] ?? 0)));
  return [
    `${label} : ${state.bassins.length.toLocaleString('fr-FR')} bassins (${academie.length} dans l'académie), ` +
      `${state.definitions.length} indicateurs, ${years} années, ` +
      `${state.results.length.toLocaleString('fr-FR')} résultats bassin × indicateur × année, ` +
      `${state.values.length.toLocaleString('fr-FR')} valeurs tous niveaux`,
    `  calcul complet, médiane de ${RUNS} : ${ms(total)} (objectif < ${ms(target)} : ` +
      `${total < target ? 'atteint' : 'NON atteint'} ; ` +
      `min ${ms(Math.min(...runs.map((r) => r.total)))}, max ${ms(Math.max(...runs.map((r) => r.total)))})`,
    // CPU time of the process (our thread and DuckDB's) hardly depends on the other programs of a shared machine.
    `  temps CPU (processus et fils de DuckDB), médiane : ${ms(median(runs.map((r) => r.cpu)))}`,
    `  par étape (médianes) : préparation ${step('preparation')}, vues ${step('vues')}, indicateurs ` +
      `${step('indicateurs')},` +
      ` statistiques ${step('statistiques')}, verdicts et références ${step('assemblage')}`,
    `  temps CPU par étape (médianes) : préparation ${step('preparation_cpu')}, vues ${step('vues_cpu')}, ` +
      `indicateurs ${step('indicateurs_cpu')}, statistiques ${step('statistiques_cpu')}, verdicts et références ` +
      `${step('assemblage_cpu')}`,
    `  charge de la machine (1 / 5 / 15 min) : ${loadBefore} avant, ${load()} après`,
    `  diagnostic d'un bassin ensuite (cache) : ${cached.toFixed(1).replace('.', ',')} ms`,
    `  mémoire : pic RSS du processus ${mib(peak)}, DuckDB après calcul ${mib(duckMem)}`,
  ];
}

async function academieBench(dir: string): Promise<string[]> {
  const paths = ['datasets/territories', 'datasets/demo'].map((p) => join(ROOT, p)).filter((p) => existsSync(p));
  if (paths.length < 2) return ['Académie : données de démonstration absentes (npm run demo:data) — banc ignoré.'];
  const db = await Database.open(join(dir, 'academie.duckdb'));
  try {
    await ensureSchema(db);
    const files = await expandPaths(paths);
    const t = performance.now();
    const outcome = await ingestFiles(db, files);
    if (outcome.failures.length)
      throw new Error(`ingestion refusée : ${outcome.failures.map((f) => f.file).join(', ')}`);
    const ingest = performance.now() - t;
    return [
      `Académie (données de démonstration, ${files.length} fichiers ingérés en ${ms(ingest)})`,
      ...(await measure(db, '  académie', TARGET_ACADEMIE_MS)),
    ];
  } finally {
    db.close();
  }
}

/**
 * A synthetic France written with SQL only (range() + hash-based pseudo-random values): the benchmark is
 * about computing, not parsing. Rows carry file_id 1 (no provenance row: they count).
 */
async function generateSyntheticFrance(db: Database, communes = 35_000, etablissements = 2_000_000): Promise<void> {
  await ensureSchema(db);
  // u(x, tag) ∈ [0, 1): a deterministic pseudo-random number.
  await db.run(`CREATE OR REPLACE MACRO u(x, tag) AS (hash(x::VARCHAR || tag) % 1000003) / 1000003.0`);
  // 96 metropolitan départements (01…95 without 20, plus 2A and 2B), communes spread over them.
  await db.run(`CREATE OR REPLACE TEMP TABLE bench_dep AS
    SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM (
      SELECT lpad(i::VARCHAR, 2, '0') AS code FROM range(1, 96) t(i) WHERE i <> 20
      UNION ALL SELECT '2A' UNION ALL SELECT '2B')`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE bench_commune AS
    SELECT i, d.code AS dep, d.code || lpad((i // 96 + 1)::VARCHAR, 3, '0') AS codgeo,
      round(150 + 30000 * pow(u(i, 'pop'), 4), 4) AS pop
    FROM range($n) t(i) JOIN bench_dep d ON d.k = i % 96`,
    { n: communes },
  );
  // ~1 000 basins (about 10 per département), ~300 zones d'emploi, ~400 bassins BMO.
  await db.run(`INSERT INTO bassin_commune (file_id, code_commune, nom_commune, departement, bassin_id, bassin_nom)
    SELECT 1, codgeo, 'Commune ' || codgeo, dep, dep || '-b' || (hash(codgeo) % 10),
      'Bassin ' || dep || '-' || (hash(codgeo) % 10) FROM bench_commune`);
  await db.run(
    `INSERT INTO commune_ze (file_id, codgeo, ze2020, libze2020) SELECT 1, codgeo, dep || 'Z' || (hash(codgeo || ` +
      `'z') % 3), 'Zone ' || dep FROM bench_commune`,
  );
  await db.run(
    `INSERT INTO commune_bassin_bmo (file_id, codgeo, bassin_bmo, nom_bassin_bmo) SELECT 1, codgeo, dep || 'B' || ` +
      `(hash(codgeo || 'b') % 4), 'BMO ' || dep FROM bench_commune`,
  );
  // Census, two years.
  for (const [annee, f] of [
    [2021, 1],
    [2015, 0.97],
  ] as const) {
    await db.run(
      `INSERT INTO rp_population (file_id, codgeo, annee, p_pop, p_pop1529, p_pop15p)
      SELECT 1, codgeo, $annee, pop * $f, pop * $f * (0.13 + 0.08 * u(i, 'y' || $annee)), pop * $f * 0.82
      FROM bench_commune`,
      { annee, f },
    );
    await db.run(
      `INSERT INTO rp_emploi
        (file_id, codgeo, annee, p_pop1564, p_pop1524, p_act1564, p_act1524, p_actocc1524, p_chom1564, p_chom1524,
        p_sal15p, p_sal15p_cdd, p_sal15p_interim, p_sal15p_appr, c_emplt, c_emplt_indus, c_emplt_const, c_emplt_cts,
          c_emplt_apesas)
      SELECT 1, codgeo, $annee, p * 0.62, p * 0.11, p * 0.46, p * 0.045,
        p * 0.045 * (0.7 + 0.2 * u(i, 'o' || $annee)), p * 0.04, p * 0.045 * (0.1 + 0.2 * u(i, 'c' || $annee)),
        p * 0.38, p * 0.038, p * 0.011, p * 0.017, p * (0.2 + 0.5 * u(i, 'e' || $annee)),
          p * 0.06 * u(i, 'ei' || $annee), p * 0.03 * u(i, 'ec' || $annee),
        p * 0.2 * u(i, 'et' || $annee), p * 0.12 * u(i, 'ea' || $annee)
      FROM (SELECT i, codgeo, pop * $f AS p FROM bench_commune)`,
      { annee, f },
    );
    await db.run(
      `INSERT INTO rp_diplomes
        (file_id, codgeo, annee, p_pop1517, p_pop1824, p_scol1517, p_scol1824, p_nscol15p, p_nscol15p_diplmin,
        p_nscol15p_capbep, p_nscol15p_bac, p_nscol15p_sup2, p_nscol15p_sup34, p_nscol15p_sup5)
      SELECT 1, codgeo, $annee, p * 0.037, p * 0.073, p * 0.036, p * 0.073 * (0.3 + 0.4 * u(i, 's' || $annee)),
        p * 0.75, p * 0.75 * (0.1 + 0.15 * u(i, 'd' || $annee)),
        p * 0.75 * 0.22, p * 0.75 * 0.17, p * 0.75 * 0.12, p * 0.75 * 0.1 * (0.5 + u(i, 'h' || $annee)),
          p * 0.75 * 0.08 * u(i, 'h5' || $annee)
      FROM (SELECT i, codgeo, pop * $f AS p FROM bench_commune)`,
      { annee, f },
    );
  }
  // Quarterly series by zone d'emploi (and département), 2022–2024.
  await db.run(`INSERT INTO chomage_localise (file_id, niveau, code, libelle, periode, valeur)
    SELECT 1, 'ze', z.ze, z.ze, y || '-T' || q, 4 + 6 * u(z.ze, y || q)
    FROM (SELECT DISTINCT ze2020 AS ze FROM commune_ze) z, range(2022, 2025) a(y), range(1, 5) b(q)`);
  await db.run(`INSERT INTO demandeurs_emploi (file_id, niveau, code, libelle, categorie, tranche_age, periode, valeur)
    SELECT 1, 'ze', z.ze, z.ze, c.cat, c.age, y || '-T' || q, round(50 + 2000 * u(z.ze, c.cat || c.age || y || q))
    FROM (SELECT DISTINCT ze2020 AS ze FROM commune_ze) z, range(2022, 2025) a(y), range(1, 5) b(q),
      (VALUES ('A', 'Moins de 25 ans'), ('A', '25 à 49 ans'), ('ABC', 'Moins de 25 ans')) c(cat, age)`);
  // BMO: 40 métiers per bassin BMO × département, one year.
  await db.run(`INSERT INTO bmo
    (file_id, annee, code_metier, departement, bassin_bmo, projets, projets_difficiles, projets_saisonniers)
    SELECT 1, 2025, 'M' || m, b.dep, b.bmo, p,
      CASE WHEN u(b.bmo || m, 'x') < 0.1 THEN NULL ELSE round(p * u(b.bmo || m, 'd')) END,
        round(p * 0.4 * u(b.bmo || m, 's'))
    FROM (SELECT DISTINCT bassin_bmo AS bmo, left(codgeo, 2) AS dep FROM commune_bassin_bmo) b, range(40) t(m),
      LATERAL (SELECT round(5 + 300 * u(b.bmo || m, 'p')) AS p)`);
  // Schools: ~7 000 collèges and ~4 000 lycées, two rentrées; IPS; InserJeunes.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE bench_school AS
    SELECT k, CASE WHEN k < 7000 THEN 'Collège' ELSE 'Lycée' END AS type, lpad(k::VARCHAR, 7, '0') || 'A' AS uai,
      (SELECT codgeo FROM bench_commune c WHERE c.i = (hash(k) % $n)) AS codgeo
    FROM range(11000) t(k)`,
    { n: communes },
  );
  await db.run(
    `INSERT INTO annuaire_education (file_id, uai, nom, type, code_commune) SELECT 1, uai, 'Établissement ' || uai, ` +
      `type, codgeo FROM bench_school`,
  );
  for (const rentree of [2023, 2024]) {
    await db.run(
      `INSERT INTO effectifs_college (file_id, rentree, uai, nb_eleves, nb_6e, nb_5e, nb_4e, nb_3e)
      SELECT 1, $r, uai, e, e // 4, e // 4, e // 4, e // 4
      FROM (SELECT uai, (150 + 700 * u(uai, $r))::BIGINT AS e FROM bench_school WHERE type = 'Collège')`,
      { r: rentree },
    );
    await db.run(
      `INSERT INTO ips_college (file_id, rentree, uai, ips) SELECT 1, $r, uai, 70 + 70 * u(uai, 'ips' || $r) FROM ` +
        `bench_school WHERE type = 'Collège'`,
      { r: rentree },
    );
    await db.run(
      `INSERT INTO effectifs_lycee_gt (file_id, rentree, uai, nb_eleves, nb_2nde) SELECT 1, $r, uai, e, e // 3 FROM ` +
        `(SELECT uai, (300 + 1200 * u(uai, 'gt' || $r))::BIGINT AS e FROM bench_school WHERE type = 'Lycée' AND k % ` +
        `3 <> 0)`,
      { r: rentree },
    );
    await db.run(
      `INSERT INTO effectifs_lycee_pro (file_id, rentree, uai, nb_eleves, nb_2nde_pro, nb_1ere_pro, ` +
        `nb_terminale_pro) SELECT 1, $r, uai, e, e // 3, e // 3, e // 3 FROM (SELECT uai, (100 + 500 * u(uai, 'pro' ` +
        `|| $r))::BIGINT AS e FROM bench_school WHERE type = 'Lycée' AND k % 3 <> 1)`,
      { r: rentree },
    );
  }
  await db.run(`INSERT INTO inserjeunes
    (file_id, annee, uai, type_diplome, effectif_sortants, taux_emploi_6m, taux_poursuite)
    SELECT 1, 2024, uai, d, round(10 + 80 * u(uai, d)), 40 + 40 * u(uai, 'e' || d), 20 + 50 * u(uai, 'p' || d)
    FROM bench_school, (VALUES ('CAP'), ('BAC PRO')) x(d) WHERE type = 'Lycée' AND k % 3 <> 1`);
  // Sirene: 2 M establishments.
  await db.run(
    `INSERT INTO sirene_etablissement
      (file_id, siren, nic, siret, code_commune, tranche_effectifs, etat_administratif, activite_principale,
        caractere_employeur, date_dernier_traitement)
    SELECT 1, lpad(t.j::VARCHAR, 9, '0'), '00012', lpad(t.j::VARCHAR, 9, '0') || '00012', c.codgeo,
      ['NN', '00', '01', '02', '03', '11', '12', '21'][1 + (hash(t.j || 't') % 8)::INTEGER],
      CASE WHEN hash(t.j || 'f') % 10 = 0 THEN 'F' ELSE 'A' END,
      ['01.11Z', '10.71C', '25.62B', '41.20A', '43.21A', '47.11F', '49.41A', '56.10A', '62.01Z', '69.20Z', '86.21Z',
        '93.12Z'][1 + (hash(t.j || 'n') % 12)::INTEGER],
      CASE WHEN hash(t.j || 'e') % 3 = 0 THEN 'O' ELSE 'N' END, '2024-12-31T00:00:00'
    FROM range($m) t(j) JOIN bench_commune c ON c.i = hash(t.j) % $n`,
    { m: etablissements, n: communes },
  );
  await db.run('DROP TABLE bench_school');
  await db.run('DROP TABLE bench_commune');
  await db.run('DROP TABLE bench_dep');
}

async function franceBench(dir: string): Promise<string[]> {
  const db = await Database.open(join(dir, 'france.duckdb'));
  try {
    const t = performance.now();
    await generateSyntheticFrance(db);
    await db.run('CHECKPOINT');
    const generated = performance.now() - t;
    const counts = await db.one<{ c: number; s: number }>(
      'SELECT (SELECT count(*) FROM rp_population WHERE annee = 2021) AS c, (SELECT count(*) FROM ' +
        'sirene_etablissement) AS s',
    );
    return [
      `France synthétique (générée dans DuckDB en ${ms(generated)} : ${counts!.c.toLocaleString('fr-FR')} communes, ` +
        `${counts!.s.toLocaleString('fr-FR')} établissements)`,
      ...(await measure(db, '  France', TARGET_FRANCE_MS)),
    ];
  } finally {
    db.close();
  }
}

export async function benchMethodology(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'clee-bench-methodo-'));
  try {
    return [...(await academieBench(dir)), '', ...(await franceBench(dir))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  for (const line of await benchMethodology()) console.log(line);
}
