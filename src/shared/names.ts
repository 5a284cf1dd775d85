// Names typed by people (basins, indicators, commands…): folding for comparison, and the closest valid names for an
// unknown one. Neutral: every layer may use it; it imports nothing from the project.

/** « Grésivaudan » → « gresivaudan », « Nord-Isère » → « nord isere »: case, accents and punctuation ignored. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Close valid names for an unknown one, by edit distance and substring (accents and case ignored). */
export function closestNames(input: string, candidates: readonly string[], max = 3): string[] {
  const needle = foldAccents(input);
  return candidates
    .map((name) => ({
      name,
      score:
        foldAccents(name).includes(needle) || needle.includes(foldAccents(name))
          ? 0
          : levenshtein(needle, foldAccents(name)),
    }))
    .filter((c) => c.score <= Math.max(2, Math.floor(needle.length / 3)))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((c) => c.name);
}

function foldAccents(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
