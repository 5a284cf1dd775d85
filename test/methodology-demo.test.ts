// The whole chain on the demo data (datasets/ ingested once, see helpers/demo-db.ts): every basin gets a
// complete diagnostic whose values are plausible and whose sentences read well.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { compare, diagnose, INDICATORS, listBassins } from '../src/methodology/index.ts';
import type { Diagnostic, Indisponible } from '../src/methodology/types.ts';
import { demoDatabase } from './helpers/demo-db.ts';

let db: Database;
let cleanup: () => void;
let diagnostics: (Diagnostic & { indisponibles: Indisponible[] })[];

beforeAll(async () => {
  ({ db, cleanup } = await demoDatabase());
  const bassins = await listBassins(db);
  diagnostics = [];
  for (const b of bassins) diagnostics.push(await diagnose(db, b.id));
}, 300_000);
afterAll(() => cleanup?.());

describe('demo data', () => {
  it('17 basins covering the five départements', async () => {
    const bassins = await listBassins(db);
    expect(bassins).toHaveLength(17);
    expect(new Set(bassins.map((b) => b.departement))).toEqual(new Set(['07', '26', '38', '73', '74']));
    expect(bassins.every((b) => (b.population ?? 0) > 10_000)).toBe(true);
  });

  it('every indicator has a value for every basin (lycée indicators: where there is a lycée)', () => {
    for (const d of diagnostics) {
      expect(d.indisponibles, d.bassin.id).toEqual([]);
      expect(d.indicateurs).toHaveLength(INDICATORS.length);
      const lycees = ['eleves_lycee_gt', 'eleves_lycee_pro'].reduce(
        (n, id) => n + d.indicateurs.find((l) => l.id === id)!.valeur!,
        0,
      );
      for (const l of d.indicateurs) {
        if (lycees === 0 && ['part_voie_pro', 'inserjeunes_emploi_6m', 'inserjeunes_poursuite'].includes(l.id)) {
          expect(l.verdict).toBe('non_significatif');
          continue;
        }
        expect(l.valeur, `${d.bassin.id} ${l.id}`).not.toBeNull();
      }
    }
  });

  it('values are plausible', () => {
    for (const d of diagnostics) {
      for (const l of d.indicateurs.filter((x) => x.valeur !== null)) {
        const where = `${d.bassin.id} ${l.id} = ${l.valeur}`;
        if (l.unite === '%' && !l.id.startsWith('evolution')) expect(l.valeur!, where).toBeGreaterThanOrEqual(0);
        if (l.unite === '%' && !l.id.startsWith('evolution')) expect(l.valeur!, where).toBeLessThanOrEqual(100);
        if (l.id.startsWith('evolution')) expect(Math.abs(l.valeur!), where).toBeLessThan(100);
        if (l.id === 'ips_college') expect(l.valeur!, where).toBeGreaterThan(70);
        if (l.id === 'ips_college') expect(l.valeur!, where).toBeLessThan(140);
        if (l.id === 'chomage_15_24') expect(l.valeur!, where).toBeGreaterThan(5);
        if (l.id === 'chomage_15_24') expect(l.valeur!, where).toBeLessThan(45);
        if (l.reference !== null && l.unite === '%' && !l.id.startsWith('evolution'))
          expect(l.reference, where).toBeLessThanOrEqual(100);
      }
    }
  });

  it('sentences carry numbers and read as French, never leaking NaN or undefined', () => {
    for (const d of diagnostics) {
      for (const l of d.indicateurs) {
        expect(l.explication, `${d.bassin.id} ${l.id}`).not.toMatch(/NaN|undefined|Infinity|null|\[object/);
        expect(l.explication).toMatch(/^[A-ZÉL]/);
        expect(l.explication).toMatch(/\.$/);
        if (l.verdict === 'force') expect(l.explication).toContain('point fort');
        if (l.verdict === 'faiblesse') expect(l.explication).toContain('point faible');
      }
      for (const a of d.actions) expect(a.raison).toMatch(/^Répond à : .+ \(faiblesse\)/);
      if (d.faiblesses.length) expect(d.actions.length, d.bassin.id).toBeGreaterThan(0);
    }
  });

  it('every force and faiblesse reaches its materiality and leaves its reference out of its 95 % interval', () => {
    let classed = 0;
    for (const d of diagnostics) {
      expect(d.bassins_comparables.length, d.bassin.id).toBeGreaterThanOrEqual(4);
      expect(d.bassins_comparables.length, d.bassin.id).toBeLessThanOrEqual(6);
      expect(d.bassins_comparables).not.toContain(d.bassin.id);
      for (const l of d.indicateurs) {
        const where = `${d.bassin.id} ${l.id}`;
        expect(['favorable', 'valeur'], where).toContain(l.rang_sens);
        if (l.verdict !== 'force' && l.verdict !== 'faiblesse') continue;
        classed++;
        const def = INDICATORS.find((i) => i.id === l.id)!;
        expect(def.verdict_possible, where).toBe(true);
        const ref = l.references[l.reference_verdict]!.valeur!;
        expect(Math.abs(l.ecarts[l.reference_verdict]!), where).toBeGreaterThanOrEqual(l.ecart_minimal - 1e-12);
        expect(l.ecart_minimal, where).toBeGreaterThan(0);
        if (def.intervalle.methode === 'aucun') expect(l.intervalle, where).toBeNull();
        else expect(ref < l.intervalle![0] || ref > l.intervalle![1], where).toBe(true);
      }
    }
    expect(classed).toBeGreaterThan(0);
  });

  it('the académie has strengths and weaknesses to discuss, and compare ranks every basin', async () => {
    const forces = diagnostics.reduce((n, d) => n + d.forces.length, 0);
    const faiblesses = diagnostics.reduce((n, d) => n + d.faiblesses.length, 0);
    expect(forces).toBeGreaterThan(17);
    expect(faiblesses).toBeGreaterThan(17);
    const { bassins, reference } = await compare(db, { indicateur: 'chomage_15_24' });
    expect(bassins.map((b) => b.rang)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    // The demo ships simulated national sums (as clee fetch --departements keeps them): France is a reference.
    expect(reference.map((r) => r.niveau)).toEqual(['academie', 'france']);
    expect(reference[1].nom).toBe('France');
    const line = diagnostics[0].indicateurs.find((l) => l.id === 'chomage_15_24')!;
    expect(line.references.france!.valeur).toBeCloseTo(reference[1].valeur!, 9);
    expect(line.ecarts.france).toBeCloseTo(line.valeur! - reference[1].valeur!, 9);
    // The basins' values carry their gap to France too (comparison page, CSV exports).
    for (const b of bassins) expect(b.ecart_france).toBeCloseTo(b.valeur! - reference[1].valeur!, 9);
  });
});
