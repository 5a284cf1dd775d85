// The layers of src/, checked on every import (type-only ones included: they tie the layers just as much):
//
//   shared < db < ingest < territory < methodology < bundle < server < render < publish < cli
//
// A file may import its own layer and the layers below, never one above, and no chain of imports may come back to
// its start. `bundle` builds the browser bundle the server serves; `render` drives Chromium on a local server to
// save a fiche as PDF/HTML or the seminar deck; `publish` writes the static site (the server's answers as files, the
// renderers' PDF fiches); `cli` is the entry point, so it may start the server and the renderers, while the server
// never imports the command line (nor the renderers). The browser code (dashboards/) reads only types from src/,
// plus the browser-safe modules it shares (a mapping with the site builder, the CSV writer); src/ reads from
// dashboards/ only the page list.
import { describe, expect, it } from 'vitest';
import { findCycles, parseImports, relativeEdges, tsFiles } from './helpers/imports.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const LAYERS = [
  'shared',
  'db',
  'ingest',
  'territory',
  'methodology',
  'bundle',
  'server',
  'render',
  'publish',
  'cli',
] as const;
/** The only modules of dashboards/ that src/ may import, and which of its layers may. */
const DASHBOARD_IMPORTS: Record<string, readonly (typeof LAYERS)[number][]> = {
  'dashboards/pages.ts': ['bundle', 'publish'],
};
/** Modules of src/ whose code (not only types) runs in the pages: plain functions, no Node API. */
const BROWSER_SAFE = ['src/shared/static-paths.ts', 'src/shared/csv.ts', 'src/shared/text.ts'];

const layerOf = (path: string): number => LAYERS.indexOf(path.split('/')[1] as (typeof LAYERS)[number]);
const moduleEdges = (folder: string) => relativeEdges(ROOT, tsFiles(ROOT, folder)).filter((e) => e.to.endsWith('.ts'));

describe('import reader', () => {
  it('finds static, re-exported, dynamic and URL imports, and tells type-only ones', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export type { C } from './c.ts';",
      "export { d } from './d.ts';",
      "import './side.ts';",
      "const e = await import('./e.ts');",
      "const f = new URL('./f.ts', import.meta.url);",
    ].join('\n');
    expect(parseImports(source)).toMatchObject([
      { specifier: './a.ts', typeOnly: false, line: 1 },
      { specifier: '../b.ts', typeOnly: true, line: 2 },
      { specifier: './c.ts', typeOnly: true, line: 3 },
      { specifier: './d.ts', typeOnly: false, line: 4 },
      { specifier: './side.ts', typeOnly: false, line: 5 },
      { specifier: './e.ts', typeOnly: false, line: 6 },
      { specifier: './f.ts', typeOnly: false, line: 7 },
    ]);
  });

  it('ignores imports written in comments, strings, templates and regular expressions', () => {
    const source = [
      "// import { x } from './comment.ts';",
      "/* import './block.ts'; */",
      'const s = "import { y } from \'./string.ts\'";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      "const t = `from './template.ts' ${f('./inside.ts')}`;",
      "const r = /from '.\\/regex.ts'/;",
      "import { z } from './real.ts';",
    ].join('\n');
    expect(parseImports(source).map((r) => r.specifier)).toEqual(['./real.ts']);
  });

  it('reports a cycle with its path, and none for a chain', () => {
    const chain = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ];
    expect(findCycles(chain)).toEqual([]);
    expect(findCycles([...chain, { from: 'c', to: 'a' }, { from: 'x', to: 'x' }])).toEqual([
      ['a', 'b', 'c', 'a'],
      ['x', 'x'],
    ]);
  });
});

describe('layers of src/', () => {
  const edges = moduleEdges('src');

  it('reads the imports of every layer', () => {
    const files = tsFiles(ROOT, 'src');
    expect(files.filter((f) => layerOf(f) < 0)).toEqual([]);
    for (const layer of LAYERS)
      expect(
        files.some((f) => f.startsWith(`src/${layer}/`)),
        layer,
      ).toBe(true);
    expect(edges.length).toBeGreaterThan(100);
  });

  it('has no import cycle', () => {
    expect(findCycles(edges).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('never imports a higher layer', () => {
    const upward = edges
      .filter((e) => e.to.startsWith('src/') && layerOf(e.to) > layerOf(e.from))
      .map((e) => `${e.from}:${e.line} → ${e.to}`);
    expect(upward).toEqual([]);
  });

  it('imports from outside src/ only the page list, in the bundle layer', () => {
    const outside = edges
      .filter((e) => !e.to.startsWith('src/') && !DASHBOARD_IMPORTS[e.to]?.includes(LAYERS[layerOf(e.from)]!))
      .map((e) => `${e.from}:${e.line} → ${e.to}`);
    expect(outside).toEqual([]);
  });
});

describe('dashboards/', () => {
  const edges = moduleEdges('dashboards');

  it('has no import cycle', () => {
    expect(findCycles(edges).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('reads only types from src/ (no server code in the browser bundle), but for the browser-safe mapping', () => {
    const fromSrc = edges.filter((e) => e.to.startsWith('src/'));
    expect(fromSrc.length).toBeGreaterThan(0);
    const code = fromSrc.filter((e) => !e.typeOnly && !BROWSER_SAFE.includes(e.to));
    expect(code.map((e) => `${e.from}:${e.line} → ${e.to}`)).toEqual([]);
    // A browser-safe module stays so: it imports nothing (no Node API can come in through it).
    const srcEdges = moduleEdges('src');
    expect(srcEdges.filter((e) => BROWSER_SAFE.includes(e.from)).map((e) => e.to)).toEqual([]);
  });
});
