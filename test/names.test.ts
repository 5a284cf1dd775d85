// The neutral name helpers and the one basin / indicator lookup: folding, suggestions, French messages.
import { describe, expect, it } from 'vitest';
import { resolveBassin, resolveIndicator, UnknownNameError } from '../src/methodology/index.ts';
import { closestNames, foldName, levenshtein } from '../src/shared/names.ts';

const BASSINS = [
  { id: '38-grenoble', nom: 'Grenoble et Sud Isère' },
  { id: '38-gresivaudan', nom: 'Grésivaudan' },
  { id: '38-nord-isere', nom: 'Nord Isère' },
  { id: '38-isere-rhodanienne', nom: 'Isère Rhodanienne' },
];

describe('shared/names', () => {
  it('folds case, accents and punctuation', () => {
    expect(foldName('  Nord-Isère ')).toBe('nord isere');
    expect(foldName('GRÉSIVAUDAN')).toBe('gresivaudan');
  });

  it('suggests close names by edit distance and substring, closest first', () => {
    expect(levenshtein('chomage_1524', 'chomage_15_24')).toBe(1);
    expect(closestNames('ingets', ['ingest', 'indicators', 'status'])).toEqual(['ingest']);
    expect(closestNames('zzzz', ['ingest', 'status'])).toEqual([]);
  });
});

describe('resolveBassin', () => {
  it('finds a basin by id, by name without accents or case, and by a unique word of its name', () => {
    expect(resolveBassin(BASSINS, '38-grenoble').id).toBe('38-grenoble');
    expect(resolveBassin(BASSINS, 'gresivaudan').id).toBe('38-gresivaudan');
    expect(resolveBassin(BASSINS, 'NORD ISERE').id).toBe('38-nord-isere');
    expect(resolveBassin(BASSINS, 'grenoble').id).toBe('38-grenoble');
  });

  it('refuses an ambiguous word and an unknown name with ids as suggestions and names in the message', () => {
    expect(() => resolveBassin(BASSINS, 'isere')).toThrow(UnknownNameError);
    try {
      resolveBassin(BASSINS, 'Gresivodan');
      expect.unreachable();
    } catch (error) {
      const e = error as UnknownNameError;
      expect(e.suggestions).toEqual(['38-gresivaudan']);
      expect(e.message).toContain(
        'Bassin inconnu : « Gresivodan ». Vouliez-vous dire : Grésivaudan (38-gresivaudan) ?',
      );
    }
  });
});

describe('resolveIndicator', () => {
  it('answers an unknown indicator in French with suggestions', () => {
    expect(() => resolveIndicator('chomage_1524')).toThrow(
      /^Indicateur inconnu : « chomage_1524 »\. Vouliez-vous dire : chomage_15_24/,
    );
  });
});
