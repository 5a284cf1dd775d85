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
  /** The names taken from the module: `*` for all of it (namespace, dynamic import, re-export of everything). */
  names: string[];
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

/** Tests of the token at an index, false past either end: `word(k, 'import')`, `punct(k, '{')`. */
function matchers(tokens: Token[]) {
  return {
    word: (k: number, text: string) => tokens[k]?.kind === 'word' && tokens[k].text === text,
    punct: (k: number, text: string) => tokens[k]?.kind === 'punct' && tokens[k].text === text,
  };
}

/**
 * Every module a source text depends on: static imports and re-exports, `import('…')`, `new URL('…', import.meta.url)`.
 */
export function parseImports(source: string): ImportRef[] {
  const tokens = tokenize(source);
  const refs: ImportRef[] = [];
  const { word, punct } = matchers(tokens);
  // The statement a `from` belongs to starts at the nearest `import`/`export` word before it.
  const statementStart = (fromIndex: number): number => {
    for (let k = fromIndex - 1; k >= 0; k--) if (word(k, 'import') || word(k, 'export')) return k;
    return fromIndex;
  };
  // `import a, { b as c, type D } from`, `export { b } from`, `import * as ns from`, `export * from`.
  const namesBetween = (start: number, end: number): string[] => {
    const names: string[] = [];
    let inBraces = false;
    for (let k = start + 1; k < end; k++) {
      const t = tokens[k];
      if (punct(k, '*')) return ['*'];
      if (punct(k, '{')) inBraces = true;
      else if (punct(k, '}')) inBraces = false;
      else if (t.kind !== 'word' || t.text === 'type' || t.text === 'as') continue;
      else if (inBraces && !word(k - 1, 'as')) names.push(t.text);
      else if (!inBraces && word(start, 'import') && !word(k - 1, 'as')) names.push('default');
    }
    return names;
  };
  for (let k = 0; k < tokens.length; k++) {
    const next = tokens[k + 1];
    if (word(k, 'from') && next?.kind === 'string') {
      const start = statementStart(k);
      refs.push({
        specifier: next.text,
        typeOnly: word(start + 1, 'type'),
        line: next.line,
        names: namesBetween(start, k),
      });
    } else if (word(k, 'import') && next?.kind === 'string' && !punct(k - 1, '.')) {
      refs.push({ specifier: next.text, typeOnly: false, line: next.line, names: [] });
    } else if (word(k, 'import') && punct(k + 1, '(') && tokens[k + 2]?.kind === 'string') {
      refs.push({ specifier: tokens[k + 2].text, typeOnly: false, line: tokens[k + 2].line, names: ['*'] });
    } else if (
      word(k, 'URL') &&
      punct(k + 1, '(') &&
      tokens[k + 2]?.kind === 'string' &&
      punct(k + 3, ',') &&
      word(k + 4, 'import') &&
      punct(k + 5, '.') &&
      word(k + 6, 'meta')
    ) {
      refs.push({ specifier: tokens[k + 2].text, typeOnly: false, line: tokens[k + 2].line, names: ['*'] });
    }
  }
  return refs;
}

/** The names a module exports (declarations, `export { … }`, re-exports by name, `default`); not `export *`. */
export function parseExports(source: string): string[] {
  const tokens = tokenize(source);
  const names: string[] = [];
  const { word, punct } = matchers(tokens);
  const DECLARATIONS = new Set(['function', 'const', 'let', 'var', 'class', 'interface', 'type', 'enum', 'namespace']);
  for (let k = 0; k < tokens.length; k++) {
    if (!word(k, 'export') || punct(k - 1, '.')) continue;
    let j = k + 1;
    while (word(j, 'declare') || word(j, 'async') || word(j, 'abstract')) j++;
    if (word(j, 'default')) names.push('default');
    else if (word(j, 'type') && punct(j + 1, '{')) j++;
    if (punct(j, '{')) {
      // `export { a, b as c }`: the exported names are the last word of each item.
      let last: string | undefined;
      for (j++; j < tokens.length && !punct(j, '}'); j++) {
        if (punct(j, ',')) {
          if (last) names.push(last);
          last = undefined;
        } else if (tokens[j].kind === 'word' && tokens[j].text !== 'type' && tokens[j].text !== 'as')
          last = tokens[j].text;
      }
      if (last) names.push(last);
    } else if (tokens[j]?.kind === 'word' && DECLARATIONS.has(tokens[j].text)) {
      // `export function* gen`, and not `export type * from`, which names nothing.
      const name = word(j, 'function') && punct(j + 1, '*') ? tokens[j + 2] : tokens[j + 1];
      if (name?.kind === 'word') names.push(name.text);
    }
  }
  return names;
}

interface ModuleEdge {
  /** Paths relative to the root, with forward slashes. */
  from: string;
  to: string;
  typeOnly: boolean;
  line: number;
}

/** The .ts files under a folder, relative to the root. */
export function tsFiles(root: string, folder: string, extensions = ['.ts']): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('dist') && entry.name !== 'out') walk(path);
      } else if (extensions.some((e) => entry.name.endsWith(e))) out.push(relative(root, path).split('\\').join('/'));
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
