// Types of the territory layer shared upward (the methodology's contract re-exports them). No import: browser code
// may read them too.

/** A basin of the loaded zoning, with its main département, its number of communes and its population. */
export interface Bassin {
  id: string;
  nom: string;
  departement: string;
  communes: number;
  population?: number | null;
}
