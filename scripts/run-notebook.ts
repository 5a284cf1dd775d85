// `npm run notebook -- notebooks/NOM.md [--db FICHIER]`: runs a reproducible analysis written as Markdown with ```ts
// cells, in order, against the local database (offline), and writes notebooks/out/NOM.md with every cell's output —
// printed text, tables, and charts drawn server-side with Observable Plot (SVG files beside the Markdown).
//
// Inside a cell: `db` (the open Database), `display(value)` (text, rows → table, SVG → image, other → JSON),
// `table(rows, columns?)`, `plot(options)` (Plot.plot with a server-side DOM; returns and shows the SVG),
// `Plot` (Observable Plot), `fr(n, decimals?)` (French number). Declarations are shared by the following cells;
// imports are written relative to the notebook.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { inspect } from 'node:util';
import * as Plot from '@observablehq/plot';
import { formatDefaultLocale } from 'd3';
import { parseHTML } from 'linkedom';
import { Database, resolveDbPath } from '../src/db/database.ts';

interface Segment {
  kind: 'text' | 'code';
  text: string;
  lang?: string;
}

/** Markdown → alternating text and code segments; only ```ts / ```typescript fences are executed. */
export function parseNotebook(source: string): Segment[] {
  const segments: Segment[] = [];
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let text: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(ts|typescript)\s*$/.exec(lines[i]);
    if (!fence) {
      text.push(lines[i]);
      continue;
    }
    if (text.length) segments.push({ kind: 'text', text: text.join('\n') });
    text = [];
    const code: string[] = [];
    i++;
    while (i < lines.length && !/^```\s*$/.test(lines[i])) code.push(lines[i++]);
    if (i >= lines.length) throw new Error(`Cellule de code non fermée (\`\`\`) dans le notebook.`);
    segments.push({ kind: 'code', text: code.join('\n'), lang: fence[1] });
  }
  if (text.length) segments.push({ kind: 'text', text: text.join('\n') });
  return segments;
}

type Output =
  | { kind: 'text'; text: string }
  | { kind: 'markdown'; text: string }
  | { kind: 'svg'; file: string; title: string }
  | { kind: 'error'; text: string };

interface Runtime {
  outputs: Output[][];
  current: number;
  svgCount: number;
  outDir: string;
  name: string;
}

// Axis ticks in French (decimal comma, narrow no-break space for thousands), as on the pages.
formatDefaultLocale({ decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0€'], minus: '\u2212' });

const { document: serverDocument } = parseHTML('<!doctype html><html><head></head><body></body></html>');

function frenchNumber(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('fr-FR', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number')
    return Number.isInteger(value) ? value.toLocaleString('fr-FR') : frenchNumber(value, 2);
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(rows: Record<string, unknown>[], columns?: string[]): string {
  if (rows.length === 0) return '_(aucune ligne)_';
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const numeric = cols.map((c) => rows.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === 'number'));
  return [
    `| ${cols.join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${cols.map((c) => cellText(r[c])).join(' | ')} |`),
  ].join('\n');
}

function isSvg(value: unknown): value is {
  outerHTML: string;
  tagName: string;
  getAttribute(name: string): string | null;
  querySelector(s: string): unknown;
} {
  return typeof value === 'object' && value !== null && 'outerHTML' in value && 'tagName' in value;
}

function makeGlobals(runtime: Runtime, db: Database) {
  const push = (o: Output) => runtime.outputs[runtime.current].push(o);
  const display = (value: unknown, title?: string): unknown => {
    if (isSvg(value)) {
      const svg =
        value.tagName.toLowerCase() === 'svg' ? value : ((value.querySelector('svg') as typeof value | null) ?? value);
      runtime.svgCount += 1;
      const file = `${runtime.name}-${runtime.svgCount}.svg`;
      let markup = svg.outerHTML;
      if (!/xmlns=/.test(markup)) markup = markup.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
      writeFileSync(join(runtime.outDir, file), `<?xml version="1.0" encoding="UTF-8"?>\n${markup}\n`);
      push({ kind: 'svg', file, title: title ?? svg.getAttribute('aria-label') ?? `graphique ${runtime.svgCount}` });
    } else if (typeof value === 'string') push({ kind: 'markdown', text: value });
    else if (Array.isArray(value) && value.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r)))
      push({ kind: 'markdown', text: markdownTable(value as Record<string, unknown>[]) });
    else push({ kind: 'text', text: inspect(value, { depth: 4, breakLength: 110 }) });
    return value;
  };
  return {
    db,
    Plot,
    fr: frenchNumber,
    display,
    table: (rows: Record<string, unknown>[], columns?: string[]) => {
      push({ kind: 'markdown', text: markdownTable(rows, columns) });
      return rows;
    },
    plot: (options: Plot.PlotOptions & { titre?: string }) => {
      const svg = Plot.plot({ ...options, document: serverDocument as unknown as Document });
      display(svg, options.titre);
      return svg;
    },
  };
}

/** Runs the notebook and returns the Markdown of the result (and whether every cell succeeded). */
export async function runNotebook(
  path: string,
  options: { db?: string; outDir?: string } = {},
): Promise<{ markdown: string; ok: boolean; out: string; charts: number }> {
  const file = resolve(path);
  const name = basename(file).replace(/\.md$/i, '');
  const outDir = resolve(options.outDir ?? join(dirname(file), 'out'));
  mkdirSync(outDir, { recursive: true });
  const segments = parseNotebook(readFileSync(file, 'utf8'));
  const codeCells = segments.filter((s) => s.kind === 'code');
  const runtime: Runtime = { outputs: codeCells.map(() => []), current: 0, svgCount: 0, outDir, name };
  const dbPath = resolveDbPath(options.db);
  if (dbPath !== ':memory:' && !existsSync(dbPath)) {
    throw new Error(
      `la base ${dbPath} n'existe pas : chargez les données d'abord (npm start -- --no-serve) ou indiquez-la avec ` +
        `--db.`,
    );
  }
  // Read-only: a notebook reads while the dashboards are served or another reader runs (see src/cli/database.ts).
  const db = await Database.open(dbPath, { readOnly: true });
  const globals = makeGlobals(runtime, db);
  const key = `__notebook_${process.pid}_${Date.now()}`;
  (globalThis as Record<string, unknown>)[key] = {
    ...globals,
    begin: (i: number) => {
      runtime.current = i;
    },
  };
  // One module: imports first (hoisted by ES modules anyway), then every cell in order, each announcing itself.
  const imports: string[] = [];
  const bodies = codeCells.map((cell, i) => {
    const body = cell.text
      .split('\n')
      .filter((line) => {
        if (/^\s*import\s.+from\s+['"].+['"];?\s*$/.test(line) || /^\s*import\s+['"].+['"];?\s*$/.test(line)) {
          imports.push(line);
          return false;
        }
        return true;
      })
      .join('\n');
    return `__nb.begin(${i});\n${body}\n`;
  });
  const names = Object.keys(globals);
  const moduleText = [
    ...imports,
    `const __nb = (globalThis as any)[${JSON.stringify(key)}];`,
    `const { ${names.join(', ')} } = __nb;`,
    `const console = { log: (...a: unknown[]) => __nb.__log(a), info: (...a: unknown[]) => __nb.__log(a), warn: ` +
      `(...a: unknown[]) => __nb.__log(a), error: (...a: unknown[]) => __nb.__log(a) };`,
    ...bodies,
    'export {};',
  ].join('\n');
  (globalThis as unknown as Record<string, Record<string, unknown>>)[key].__log = (args: unknown[]) =>
    runtime.outputs[runtime.current].push({
      kind: 'text',
      text: args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 4, breakLength: 110 }))).join(' '),
    });
  const temp = join(dirname(file), `.${name}.run-${process.pid}.ts`);
  writeFileSync(temp, moduleText);
  let ok = true;
  try {
    await import(pathToFileURL(temp).href);
  } catch (error) {
    ok = false;
    runtime.outputs[runtime.current].push({
      kind: 'error',
      text: error instanceof Error ? `${error.name} : ${error.message}` : String(error),
    });
  } finally {
    rmSync(temp, { force: true });
    delete (globalThis as Record<string, unknown>)[key];
    db.close();
  }
  const parts: string[] = [
    `<!-- Produit par scripts/run-notebook.ts à partir de ${relative(outDir, file)} : ne pas modifier à la main, ` +
      `relancer « npm run notebook -- ${relative(process.cwd(), file)} ». -->`,
  ];
  let cell = 0;
  for (const segment of segments) {
    if (segment.kind === 'text') {
      parts.push(segment.text);
      continue;
    }
    parts.push(`\`\`\`ts\n${segment.text}\n\`\`\``);
    for (const o of runtime.outputs[cell] ?? []) {
      if (o.kind === 'text') parts.push(`\`\`\`text\n${o.text}\n\`\`\``);
      else if (o.kind === 'markdown') parts.push(o.text);
      else if (o.kind === 'svg') parts.push(`![${o.title.replace(/[[\]]/g, '')}](${o.file})`);
      else parts.push(`> **Erreur dans cette cellule** — ${o.text}`);
    }
    if (!ok && cell === runtime.current) {
      parts.push("> Exécution interrompue : les cellules suivantes n'ont pas été exécutées.");
    }
    cell += 1;
  }
  const markdown = `${parts.join('\n\n').replace(/\n{3,}/g, '\n\n')}\n`;
  const out = join(outDir, `${name}.md`);
  writeFileSync(out, markdown);
  return { markdown, ok, out, charts: runtime.svgCount };
}

async function cli(): Promise<number> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { db: { type: 'string' }, out: { type: 'string' } },
  });
  if (positionals.length === 0) {
    console.error('Usage : npm run notebook -- notebooks/NOM.md [--db FICHIER] [--out DOSSIER]');
    return 2;
  }
  let failed = 0;
  for (const path of positionals) {
    const started = performance.now();
    let result: Awaited<ReturnType<typeof runNotebook>>;
    try {
      result = await runNotebook(path, { db: values.db, outDir: values.out });
    } catch (error) {
      console.error(`${path} : ${(error as Error).message}`);
      failed += 1;
      continue;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1).replace('.', ',');
    if (result.ok)
      console.log(
        `${path} : exécuté en ${seconds} s → ${relative(process.cwd(), result.out)} (${result.charts} ` +
          `graphique${result.charts > 1 ? 's' : ''}).`,
      );
    else {
      failed += 1;
      console.error(`${path} : une cellule a échoué (voir ${relative(process.cwd(), result.out)}).`);
    }
  }
  return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await cli();
}
