// Reads the module specifiers a TypeScript file imports, without a compiler: TypeScript 7 ships no JavaScript API
// and esbuild drops type-only imports, which count for the layers too. A small lexer skips comments, strings,
// template literals and regular expressions, so an import written inside a string or a comment is not one.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

interface ImportRef {
  /** Specifier as written: './x.ts', 'node:fs', 'express'. */
  specifier: string;
  /** `import type …` or `export type … from`: erased at run time, still a dependency between layers. */
  typeOnly: boolean;
  line: number;
}

type Token = { kind: 'word' | 'string' | 'punct'; text: string; line: number };

/** Words after which a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORDS = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = source.length;
  const regexAllowed = () => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.kind === 'word') return REGEX_AFTER_WORDS.has(last.text);
    if (last.kind === 'string') return false;
    return !(last.text === ')' || last.text === ']' || last.text === '}');
  };
  // Skips a quoted string or a template literal starting at i; returns its end and the text of a plain string.
  const skipQuoted = (quote: string): string => {
    const start = i + 1;
    i++;
    while (i < n && source[i] !== quote) {
      if (source[i] === '\\') i++;
      else if (source[i] === '\n') line++;
      else if (quote === '`' && source[i] === '$' && source[i + 1] === '{') {
        // A substitution: skip to its matching brace, itself possibly holding strings.
        i += 2;
        let depth = 1;
        while (i < n && depth > 0) {
          const c = source[i];
          if (c === '{') depth++;
          else if (c === '}') depth--;
          else if (c === '\n') line++;
          else if (c === "'" || c === '"' || c === '`') {
            skipQuoted(c);
            continue;
          }
          if (depth > 0) i++;
        }
      }
      i++;
    }
    const text = source.slice(start, i);
    i++;
    return text;
  };
  while (i < n) {
    const c = source[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let k = i; k < stop; k++) if (source[k] === '\n') line++;
      i = stop;
    } else if (c === "'" || c === '"') {
      const at = line;
      tokens.push({ kind: 'string', text: skipQuoted(c), line: at });
    } else if (c === '`') {
      const at = line;
      skipQuoted(c);
      tokens.push({ kind: 'string', text: '', line: at });
    } else if (c === '/' && regexAllowed()) {
      i++;
      let inClass = false;
      while (i < n && (inClass || source[i] !== '/')) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') inClass = true;
        else if (source[i] === ']') inClass = false;
        i++;
      }
      i++;
      while (i < n && /[a-z]/i.test(source[i])) i++;
      tokens.push({ kind: 'string', text: '', line });
    } else if (/[A-Za-z_$]/.test(c)) {
      const start = i;
      while (i < n && /[\w$]/.test(source[i])) i++;
      tokens.push({ kind: 'word', text: source.slice(start, i), line });
    } else {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    }
  }
  return tokens;
}

/**
 * Every module a source text depends on: static imports and re-exports, `import('…')`, `new URL('…', import.meta.url)`.
 */
export function parseImports(source: string): ImportRef[] {
  const tokens = tokenize(source);
  const refs: ImportRef[] = [];
  const word = (k: number, text: string) => tokens[k]?.kind === 'word' && tokens[k].text === text;
  const punct = (k: number, text: string) => tokens[k]?.kind === 'punct' && tokens[k].text === text;
  // The statement a `from` belongs to starts at the nearest `import`/`export` word before it.
  const statementIsTypeOnly = (fromIndex: number): boolean => {
    for (let k = fromIndex - 1; k >= 0; k--) {
      if (word(k, 'import') || word(k, 'export')) return word(k + 1, 'type');
    }
    return false;
  };
  for (let k = 0; k < tokens.length; k++) {
    const next = tokens[k + 1];
    if (word(k, 'from') && next?.kind === 'string') {
      refs.push({ specifier: next.text, typeOnly: statementIsTypeOnly(k), line: next.line });
    } else if (word(k, 'import') && next?.kind === 'string' && !punct(k - 1, '.')) {
      refs.push({ specifier: next.text, typeOnly: false, line: next.line });
    } else if (word(k, 'import') && punct(k + 1, '(') && tokens[k + 2]?.kind === 'string') {
      refs.push({ specifier: tokens[k + 2].text, typeOnly: false, line: tokens[k + 2].line });
    } else if (
      word(k, 'URL') &&
      punct(k + 1, '(') &&
      tokens[k + 2]?.kind === 'string' &&
      punct(k + 3, ',') &&
      word(k + 4, 'import') &&
      punct(k + 5, '.') &&
      word(k + 6, 'meta')
    ) {
      refs.push({ specifier: tokens[k + 2].text, typeOnly: false, line: tokens[k + 2].line });
    }
  }
  return refs;
}

interface ModuleEdge {
  /** Paths relative to the root, with forward slashes. */
  from: string;
  to: string;
  typeOnly: boolean;
  line: number;
}

/** The .ts files under a folder, relative to the root. */
export function tsFiles(root: string, folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path);
      } else if (entry.name.endsWith('.ts')) out.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(join(root, folder));
  return out.sort();
}

/** The relative imports of the given files, resolved to paths under the root; packages and node: are left out. */
export function relativeEdges(root: string, files: string[]): ModuleEdge[] {
  const edges: ModuleEdge[] = [];
  for (const from of files) {
    for (const ref of parseImports(readFileSync(join(root, from), 'utf8'))) {
      if (!ref.specifier.startsWith('.')) continue;
      const to = relative(root, resolve(root, dirname(from), ref.specifier))
        .split('\\')
        .join('/');
      edges.push({ from, to, typeOnly: ref.typeOnly, line: ref.line });
    }
  }
  return edges;
}

/** Every elementary cycle's shortest witness, one per strongly connected component (Tarjan), as a path a → … → a. */
export function findCycles(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    next.get(from)!.push(to);
    if (!next.has(to)) next.set(to, []);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = next.get(v)!.includes(v);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  // A readable witness: the shortest way back from the component's first node to itself (breadth-first).
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0];
    const parent = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of next.get(v)!) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let u: string | undefined = v; u !== undefined && u !== start; u = parent.get(u)) path.splice(1, 0, u);
          return [...path, start];
        }
        if (!parent.has(w)) {
          parent.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}
