// SQL fragments shared by the territory and methodology modules (only our own identifiers go in them).

/**
 * Rows that count: those of a file whose provenance status is « actif ». The loader deletes the rows of a
 * replaced file anyway; rows written without a provenance row (fixtures, benchmarks) count too.
 */
export function activeRows(alias?: string): string {
  return `${alias ? `${alias}.` : ''}file_id NOT IN (SELECT file_id FROM provenance WHERE status <> 'actif')`;
}
