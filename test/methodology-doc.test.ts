// The committed methodology document is the one the registry generates, and the action catalogue only
// names declared indicators.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INDICATORS, methodologyMarkdown, readCatalogue, proposeActions } from '../src/methodology/index.ts';
import { ATTRIBUTION_RULES } from '../src/territory/attribution.ts';

const ROOT = resolve(import.meta.dirname, '..');

describe('methodology document', () => {
  it(
    'docs/methodologie.md equals the generated document (regenerate: clee methodology --sortie ' +
      'docs/methodologie.md)',
    () => {
      expect(readFileSync(resolve(ROOT, 'docs/methodologie.md'), 'utf-8')).toBe(methodologyMarkdown());
    },
  );

  it('documents every indicator, attribution rule and the verdict thresholds', () => {
    const doc = methodologyMarkdown();
    for (const i of INDICATORS) {
      expect(doc).toContain(`### ${i.libelle}`);
      expect(doc).toContain(`\`${i.id}\``);
      expect(doc).toContain(i.formule);
    }
    for (const r of Object.values(ATTRIBUTION_RULES)) expect(doc).toContain(r.regle);
    expect(doc).toContain("0,5 × écart type des bassins de l'académie");
    expect(doc).not.toMatch(/vue canonique|polarité 0|1e-9/i);
    expect(doc).toContain('**Écart minimal** : 3 points — ');
    expect(doc).not.toMatch(/undefined|NaN|\[object/);
  });
});

describe('action catalogue', () => {
  it('has the required kinds of actions, each answering declared indicators', () => {
    const catalogue = readCatalogue();
    expect(catalogue.length).toBeGreaterThanOrEqual(10);
    const labels = catalogue.map((a) => a.libelle.toLowerCase()).join(' | ');
    for (const kind of [
      'interventions de professionnels',
      "visites d'entreprises",
      "stages d'observation de 3e",
      'apprentissage',
      'métiers de demain',
      'forums des métiers',
      'fab lab',
      'associations',
      '54 heures',
      'campus des métiers',
    ]) {
      expect(labels).toContain(kind);
    }
    const ids = new Set(INDICATORS.map((i) => i.id));
    for (const a of catalogue) for (const i of a.indicateurs) expect(ids.has(i), `${a.id} → ${i}`).toBe(true);
    // Every indicator with a polarity can lead to at least one action.
    for (const i of INDICATORS.filter((x) => x.polarite !== 0)) {
      expect(
        catalogue.some((a) => a.indicateurs.includes(i.id)),
        i.id,
      ).toBe(true);
    }
  });

  it('proposes the actions answering the weaknesses, most answered first, with the reason', () => {
    const actions = proposeActions(['chomage_15_24', 'pression_stages']);
    expect(actions.every((a) => a.repond_a.length > 0)).toBe(true);
    const stages = actions.find((a) => a.id === 'stages_3e')!;
    expect(stages.raison).toBe("Répond à : pression des stages d'observation sur les employeurs élevée (faiblesse)");
    const first = actions[0];
    expect(first.repond_a.length).toBe(Math.max(...actions.map((a) => a.repond_a.length)));
    expect(actions.find((a) => a.id === 'parcours_apprentissage')!.raison).toBe(
      'Répond à : taux de chômage des 15-24 ans élevé (faiblesse)',
    );
    expect(proposeActions([])).toEqual([]);
  });
});
