// The notebooks run offline against the demo database: every cell executes, tables and SVG charts (with data marks)
// land in the output; a failing cell is reported as such and fails the run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownTable, parseNotebook, runNotebook } from '../scripts/run-notebook.ts';
import { demoDatabaseCopy } from './helpers/demo-db.ts';

const ROOT = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'clee-notebooks-'));
let dbPath: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ path: dbPath, cleanup } = await demoDatabaseCopy());
});

afterAll(() => {
  cleanup?.();
  rmSync(out, { recursive: true, force: true });
});

describe('notebook format', () => {
  it('splits Markdown into text and ```ts cells, other fences stay text', () => {
    const segments = parseNotebook('# Titre\n\n```ts\nconst a = 1;\n```\n\ntexte\n\n```sql\nSELECT 1\n```\n');
    expect(segments.map((s) => s.kind)).toEqual(['text', 'code', 'text']);
    expect(segments[1].text).toBe('const a = 1;');
    expect(segments[2].text).toContain('```sql');
    expect(() => parseNotebook('```ts\nconst a = 1;\n')).toThrow(/non fermée/);
  });

  it('renders rows as a Markdown table with French numbers', () => {
    expect(
      markdownTable([
        { a: 'x|y', b: 1234.5 },
        { a: 'z', b: null },
      ]),
    ).toBe('| a | b |\n| --- | ---: |\n| x\\|y | 1\u202f234,50 |\n| z |  |');
  });
});

describe('notebooks on the demo data', () => {
  for (const name of ['preparer-diagnostic-bassin', 'comparer-bassins-departement']) {
    it(`runs ${name}.md end to end`, async () => {
      const result = await runNotebook(join(ROOT, 'notebooks', `${name}.md`), { db: dbPath, outDir: out });
      expect(result.ok, result.markdown.slice(-800)).toBe(true);
      expect(result.charts).toBeGreaterThanOrEqual(2);
      const md = readFileSync(join(out, `${name}.md`), 'utf8');
      expect(md).not.toMatch(/Erreur dans cette cellule/);
      expect(md).toMatch(/\n\| --- \|/); // at least one table
      const images = [...md.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)/g)].map((m) => m[1]);
      expect(images.length).toBe(result.charts);
      for (const image of images) {
        const svg = readFileSync(join(out, image), 'utf8');
        expect(svg).toMatch(/^<\?xml[\s\S]*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        expect(svg).toMatch(/aria-label="(dot|bar|cell|line)"[^>]*>\s*<(circle|rect|path)/);
      }
      // Every code cell of the source is in the output, in order.
      const cells = parseNotebook(readFileSync(join(ROOT, 'notebooks', `${name}.md`), 'utf8')).filter(
        (s) => s.kind === 'code',
      );
      let at = 0;
      for (const cell of cells) {
        const found = md.indexOf(cell.text, at);
        expect(found).toBeGreaterThan(at - 1);
        at = found;
      }
    });
  }

  it('reports a failing cell, stops there, and does not leave its temporary module behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clee-nb-fail-'));
    try {
      const path = join(dir, 'echec.md');
      writeFileSync(
        path,
        "# Échec\n\n```ts\nconst n = (await db.all('SELECT 41 AS n'))[0].n + 1;\nconsole.log('n =', " +
          "n);\n```\n\n```ts\nthrow new Error('cellule en échec');\n```\n\n```ts\nconsole.log('jamais');\n```\n",
      );
      const result = await runNotebook(path, { db: dbPath, outDir: join(dir, 'out') });
      expect(result.ok).toBe(false);
      expect(result.markdown).toMatch(/```text\nn = 42\n```/);
      expect(result.markdown).toMatch(/Erreur dans cette cellule\*\* — Error : cellule en échec/);
      expect(result.markdown).not.toMatch(/```text\njamais/);
      expect(existsSync(join(dir, `.echec.run-${process.pid}.ts`))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
