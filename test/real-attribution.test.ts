// The attribution chain on real published files (../shared/datasets/real, never copied here) with the académie's
// CLEE zoning: totals add up (académie = Σ basins, département = Σ its basins, schools placed by their commune in
// the COG, never by a code prefix), no basin shows a silent 0, and without the census every empty indicator names
// the sources it lacks.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { computeAll, computedState, diagnose, INDICATORS } from '../src/methodology/index.ts';
import { diagnosticText } from '../src/cli/commands/diagnose.ts';
import { REAL, zonedDb } from './helpers/real.ts';

const FILES = [
  'commune_2022-cog.csv',
  'ZE2020_au_01-01-2023.xlsx',
  'chomage-zone-t1-2003-t3-2023.xlsx',
  'ips-lycees-2016-2021-exam-data.csv',
  'lycee-gt-effectifs-exam-data.csv',
];
const COUNTS = INDICATORS.filter((d) => d.sql.denominateur === null).map((d) => d.id);

let db: Database;
let ipsNote: string | undefined;

describe.skipIf(!existsSync(REAL))('attribution on the real files', () => {
  beforeAll(async () => {
    const loaded = await zonedDb(FILES.map((f) => join(REAL, f)));
    db = loaded.db;
    const { outcome } = loaded;
    expect(outcome.failures.map((f) => f.error.message)).toEqual([]);
    ipsNote = outcome.results.find((r) => r.source === 'education-ips-lycee')?.note;
  }, 300_000);
  afterAll(() => db?.close());

  it(
    'for every count, the académie total is the sum of its basins and each département the sum of its ' + 'own',
    async () => {
      const state = await computedState(db);
      const deps = new Map(state.bassins.filter((b) => b.academie).map((b) => [b.id, b.departement]));
      let checked = 0;
      for (const id of COUNTS) {
        for (const annee of state.definitions.find((d) => d.id === id)!.annees) {
          const basins = state.values.filter((v) => v.indicateur === id && v.annee === annee && v.niveau === 'bassin');
          const total = (filter: (code: string) => boolean) =>
            basins.filter((v) => filter(v.code)).reduce((s, v) => s + (v.valeur ?? 0), 0);
          const level = (niveau: string, code: string) =>
            state.values.find((v) => v.indicateur === id && v.annee === annee && v.niveau === niveau && v.code === code)
              ?.valeur ?? 0;
          expect(level('academie', 'grenoble'), `${id} ${annee}`).toBeCloseTo(
            total((c) => deps.has(c)),
            6,
          );
          for (const dep of ['07', '26', '38', '73', '74'])
            expect(level('departement', dep), `${id} ${annee} ${dep}`).toBeCloseTo(
              total((c) => deps.get(c) === dep),
              6,
            );
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(3); // lycée GT 2019, 2020, 2021
    },
  );

  it('Drôme counts the lycéens of the lycées whose commune is in the Drôme according to the COG file', async () => {
    // Independent path: each lycée's latest commune in the IPS file, its département in the published COG 2022.
    const row = await db.one<{ n: number }>(`
      WITH c AS (SELECT uai, arg_max(code_commune, rentree) AS commune FROM ips_lycee GROUP BY uai)
      SELECT sum(e.nb_eleves)::DOUBLE AS n FROM effectifs_lycee_gt e JOIN c USING (uai)
      JOIN cog_commune g ON g.com = c.commune AND g.typecom = 'COM' WHERE e.rentree = 2021 AND g.dep = '26'`);
    const drome = (await computedState(db)).values.find(
      (v) => v.indicateur === 'eleves_lycee_gt' && v.annee === 2021 && v.niveau === 'departement' && v.code === '26',
    )!;
    expect(drome.valeur).toBe(row!.n);
    expect(drome.valeur).toBeGreaterThan(10_000);
  });

  it(
    'no basin shows 0 lycéens as a classed value: a basin is either counted or says its lycées are ' + 'unplaced',
    async () => {
      const rows = (await computeAll(db, { annee: 2021 })).filter((r) => r.indicateur === 'eleves_lycee_gt');
      expect(rows.length).toBe(17);
      for (const r of rows) {
        if (r.valeur === 0) {
          expect(r.etablissements_non_rattaches, r.bassin).toBeGreaterThan(0);
          expect(r.non_classe).toMatch(/aucune commune du zonage/);
          expect(['force', 'faiblesse']).not.toContain(r.verdict);
        }
      }
    },
  );

  it('the 12 Ardèche lycées (codes published without their leading zero) reach the three Ardèche basins', async () => {
    // The IPS lycées file writes Annonay 7010 and its département 7: repaired to 07010 on the way in, and said so.
    expect(await db.one("SELECT code_commune FROM ips_lycee WHERE uai = '0071126L' AND rentree = 2021")).toEqual({
      code_commune: '07010',
    });
    expect(ipsNote).toMatch(/^1215 code\(s\) commune à 4 chiffres .* complété\(s\) du zéro initial perdu/);
    // nombre_d_eleves of rentrée 2021 in the lycée GT file, each lycée placed by its commune in the IPS file:
    // Annonay 0070001N 1010 + 0071126L 1105, Tournon 0070029U 781 + 0070071P 523;
    // Aubenas 0070003R 786 + 0070004S 275 + 0070064G 652, Bourg-Saint-Andéol 0070066J 475;
    // Privas 0070021K 746 + 0070069M 165, Le Teil 0071351F 384, Le Cheylard 0071397F 276.
    const rows = (await computeAll(db, { annee: 2021 })).filter(
      (r) => r.indicateur === 'eleves_lycee_gt' && r.bassin.startsWith('07-'),
    );
    expect(Object.fromEntries(rows.map((r) => [r.bassin, r.valeur]))).toEqual({
      '07-ardeche-verte': 1010 + 1105 + 781 + 523,
      '07-ardeche-meridionale': 786 + 275 + 652 + 475,
      '07-centre-ardeche': 746 + 165 + 384 + 276,
    });
    for (const r of rows) expect(r.etablissements_non_rattaches ?? 0, r.bassin).toBe(0);
  });

  it('without the census, every indicator without a value names the sources it lacks', async () => {
    for (const bassin of ['38-grenoble', '07-ardeche-meridionale']) {
      const d = await diagnose(db, bassin);
      const missing = new Map<string, readonly string[]>(d.indisponibles.map((i) => [i.id, i.sources_manquantes]));
      for (const l of d.indicateurs.filter((x) => x.valeur === null)) {
        missing.set(l.id, l.sources_manquantes ?? []);
        expect(l.manque, l.id).toMatch(/^il manque : /); // shown as is by the pages
      }
      expect(missing.size).toBeGreaterThan(25);
      for (const [id, sources] of missing) expect(sources.length, id).toBeGreaterThan(0);
      expect(missing.get('chomage_15_24')).toEqual(['insee-rp-emploi']);
      expect(missing.get('part_15_29')).toEqual(['insee-rp-population']);
      expect(missing.get('neet_15_24')).toEqual(['insee-rp-emploi', 'insee-rp-diplomes']);
      // The unemployment rate by zone d'emploi is loaded: it lacks only the population weights.
      expect(missing.get('chomage_localise')).toEqual(['insee-rp-population']);
      expect(missing.get('eleves_college')).toEqual(['education-effectifs-college']);
      const text = diagnosticText(d);
      expect(text).toMatch(
        /Taux de chômage des 15-24 ans \(chomage_15_24\) — il manque : .*\(clee fetch insee-rp-emploi\)/,
      );
      expect(d.indisponibles.every((i) => i.manque.startsWith('il manque : '))).toBe(true);
    }
  });
});
