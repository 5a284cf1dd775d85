// The registry of every source format the loader reads, and header-based detection.
import type { SourceFormat } from './types.ts';
import { inseeFormats } from './formats/insee.ts';
import { emploiFormats } from './formats/emploi.ts';
import { educationFormats } from './formats/education.ts';
import { territoireFormats } from './formats/territoire.ts';

const FORMATS = [...inseeFormats, ...emploiFormats, ...educationFormats, ...territoireFormats] as const;

/** Id of a declared source format: a typo in a reference to a format fails tsc. */
export type SourceId = (typeof FORMATS)[number]['id'];

export const SOURCE_FORMATS: readonly (SourceFormat & { id: SourceId })[] = FORMATS;

export function formatById(id: string): SourceFormat | undefined {
  return SOURCE_FORMATS.find((f) => f.id === id);
}

/** « Numéro du collège » → numero_du_college; `P21_POP1564` → p21_pop1564; strips a UTF-8 BOM. */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\+/g, '_plus_') // « REP » and « REP + » are two columns of the collège exports
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The normalised forms under which a header is matched: the whole header, then, for a label followed by a note in
 * parentheses, the label alone. Label exports append notes that change between releases (« Nombre d'élèves total
 * (nombre d'élèves dans les formations du 1er cycle …) »): the label is what identifies the column.
 */
export function headerForms(header: string): string[] {
  const full = normaliseHeader(header);
  const open = header.indexOf('(');
  const label = open > 0 ? normaliseHeader(header.slice(0, open)) : '';
  return label && label !== full ? [full, label] : [full];
}

export function headerMatches(pattern: string | RegExp, header: string): boolean {
  return typeof pattern === 'string' ? pattern === header : pattern.test(header);
}

/** True when one of the header's forms (see headerForms) matches the pattern. */
function headerFormsMatch(pattern: string | RegExp, forms: readonly string[]): boolean {
  return forms.some((h) => headerMatches(pattern, h));
}

/**
 * Formats whose detection columns are all present, most specific (most detection columns) first.
 * `headers` as published (normalising an already normalised header changes nothing).
 */
export function detectFormats(headers: readonly string[]): SourceFormat[] {
  const forms = headers.map(headerForms);
  return SOURCE_FORMATS.filter((f) => f.detect.every((p) => forms.some((h) => headerFormsMatch(p, h)))).sort(
    (a, b) => b.detect.length - a.detect.length,
  );
}

/** Describes a detection pattern for humans (`clee sources`). */
export function describePattern(p: string | RegExp): string {
  return typeof p === 'string' ? p : `/${p.source}/`;
}
