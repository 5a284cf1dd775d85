// Files that ship with the package (demo data, default zoning, actions catalogue, pages), found from the package
// root rather than the working directory, so that `clee` works from any folder.
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json (this file is src/shared/paths.ts). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/[\\/]$/, '');

/** A path inside the package, e.g. packagePath('datasets', 'demo'). */
export function packagePath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

/** How to show a path to the user: relative to the working directory when inside it, absolute otherwise. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
