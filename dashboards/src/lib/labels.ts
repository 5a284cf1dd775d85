// Reading the methodology's labels (GET /api/libelles): the pages hold no label of their own, only these look-ups.
import type { Domaine, Libelles } from './api.ts';

/** « Isère (38) » for a département code; the académie's name when there is none. */
export function departementLabel(labels: Libelles, code: string | null | undefined): string {
  if (!code) return labels.academie.nom;
  return labels.academie.departements.find((d) => d.code === code)?.libelle ?? code;
}

/** « Isère » (the name alone). */
export function departementName(labels: Libelles, code: string): string {
  return labels.academie.departements.find((d) => d.code === code)?.nom ?? code;
}

export function isAcademieDepartement(labels: Libelles, code: string | null | undefined): boolean {
  return labels.academie.departements.some((d) => d.code === code);
}

export function domainLabel(labels: Libelles, domaine: string): string {
  return labels.domaines.find((d) => d.id === domaine)?.libelle ?? domaine;
}

/** The domains present in `items`, in the methodology's order. */
export function domainsOf(labels: Libelles, items: { domaine: Domaine }[]): Domaine[] {
  const present = new Set(items.map((i) => i.domaine));
  return labels.domaines.map((d) => d.id).filter((d) => present.has(d));
}
