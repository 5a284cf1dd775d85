// Close valid names for an unknown one (commands, basins, indicators…), by edit distance and substring.

export function closestNames(input: string, candidates: readonly string[], max = 3): string[] {
  const needle = fold(input);
  return candidates
    .map((name) => ({
      name,
      score: fold(name).includes(needle) || needle.includes(fold(name)) ? 0 : levenshtein(needle, fold(name)),
    }))
    .filter((c) => c.score <= Math.max(2, Math.floor(needle.length / 3)))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((c) => c.name);
}

function fold(s: string): string {
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
