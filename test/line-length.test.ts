// Lines of code stay within 120 columns (the formatter's width), including the strings and comments the formatter
// leaves alone. The one exception is a line holding only a regular expression literal: a test's expected message
// reads best whole, and a regular expression cannot be cut into pieces the way a string can.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tsFiles } from './helpers/imports.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const MAX = 120;
const REGEX_ONLY = /^\/.+\/[dgimsuy]*[,;)]*$/;

/** Lines longer than MAX characters (not bytes: « é » is one column), as file:line. */
function longLines(path: string, source: string): string[] {
  return source
    .split('\n')
    .map((line, i) => ({ line, at: `${path}:${i + 1}` }))
    .filter(({ line }) => [...line].length > MAX && !REGEX_ONLY.test(line.trim()))
    .map(({ at }) => at);
}

describe('line length', () => {
  it('counts characters and lets only a lone regular expression through', () => {
    const long = 'x'.repeat(MAX + 1);
    expect(longLines('a.ts', `ok\n  const s = '${long}';\n${'é'.repeat(MAX)}`)).toEqual(['a.ts:2']);
    expect(longLines('a.ts', `    /^${long}$/,`)).toEqual([]);
  });

  it(`no line of src/, dashboards/, test/, scripts/ or bench/ is over ${MAX} columns`, () => {
    const files = ['src', 'dashboards', 'test', 'scripts', 'bench'].flatMap((dir) => tsFiles(ROOT, dir));
    expect(files.length).toBeGreaterThan(100);
    const long = files.flatMap((f) => longLines(f, readFileSync(`${ROOT}${f}`, 'utf8')));
    expect(long, 'split long strings into concatenations, wrap comments, break SQL between clauses').toEqual([]);
  });
});
