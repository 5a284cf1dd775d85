// No dead code between modules: every module of src/ is imported by something, and every name a module exports is
// imported somewhere (src/, the pages, tests, scripts, bench, the notebooks' code cells). A name used only inside
// its own file is simply not exported. Entry points (pages, scripts, tests) export nothing anyone needs.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExports, parseImports, tsFiles } from './helpers/imports.ts';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const FOLDERS = ['src', 'dashboards', 'test', 'scripts', 'bench', 'bin', 'notebooks'];

/** The TypeScript a file holds: the file itself, or the ```ts cells of a Markdown notebook. */
function codeOf(path: string): string {
  const text = readFileSync(resolve(ROOT, path), 'utf8');
  if (!path.endsWith('.md')) return text;
  return [...text.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

function sourceFiles(): string[] {
  return FOLDERS.flatMap((folder) =>
    tsFiles(ROOT, folder, ['.ts', '.js', '.md']).filter((f) => !f.endsWith('.md') || f.startsWith('notebooks/')),
  );
}

/** For each module path (relative to the root), the names other files take from it (`*`: all of them). */
function usedNames(files: string[]): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  for (const from of files) {
    for (const ref of parseImports(codeOf(from))) {
      if (!ref.specifier.startsWith('.')) continue;
      const to = relative(ROOT, resolve(ROOT, dirname(from), ref.specifier))
        .split('\\')
        .join('/');
      if (!used.has(to)) used.set(to, new Set());
      for (const name of ref.names) used.get(to)!.add(name);
    }
  }
  return used;
}

describe('import and export reader', () => {
  it('tells which names an import takes and which names a module exports', () => {
    const refs = parseImports(
      [
        "import a, { b as c, type D } from './m.ts';",
        "import * as ns from './n.ts';",
        "export { e as f } from './o.ts';",
        "export * from './p.ts';",
      ].join('\n'),
    );
    expect(refs.map((r) => r.names)).toEqual([['default', 'b', 'D'], ['*'], ['e'], ['*']]);
    const exported = parseExports(
      [
        'export const A = 1;',
        'export async function b() {}',
        'export type C = string;',
        'export interface D {}',
        'const e = 2;',
        'export { e as E, A as F };',
        "export { g } from './g.ts';",
        'export default 3;',
      ].join('\n'),
    );
    expect(exported).toEqual(['A', 'b', 'C', 'D', 'E', 'F', 'g', 'default']);
  });
});

describe('dead code', () => {
  const files = sourceFiles();
  const used = usedNames(files);

  it('every module of src/ is imported by something', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => f.startsWith('src/') && !used.has(f))).toEqual([]);
  });

  it('every exported name is imported somewhere', () => {
    const unused: string[] = [];
    for (const file of files.filter((f) => /\.ts$/.test(f))) {
      const names = used.get(file);
      if (names?.has('*')) continue;
      for (const name of parseExports(codeOf(file))) if (!names?.has(name)) unused.push(`${file}: ${name}`);
    }
    expect(unused).toEqual([]);
  });
});
