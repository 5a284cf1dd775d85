// Comparable basins: for each basin, the basins nearest on a declared structural profile (what a CLEE cannot
// change in a few years: how dense, how young, which sectors, which school public). An indicator is also read
// against them, so that a rural basin is not judged only against an académie dominated by its cities.

/** One variable of the profile: an indicator of the registry, or the density proxy. */
interface ProfileVariable {
  /** Indicator id, or 'densite' (log of the mean population of the basin's communes). */
  id: string;
  libelle: string;
  /** Weight in the distance (the four sector shares share one unit of weight). */
  poids: number;
}

export const COMPARABLES_RULE = {
  /** Number of comparable basins (the issue asks for 4 to 6). */
  nombre: 5,
  /** A basin needs at least this share of the profile's weight in common with another to be compared with it. */
  poids_commun_minimum: 0.5,
  variables: [
    {
      id: 'densite',
      libelle:
        'densité de peuplement (population moyenne des communes du bassin, sur une échelle logarithmique, faute de ' +
        'surface chargée)',
      poids: 1,
    },
    { id: 'part_15_29', libelle: 'structure par âge (part des 15-29 ans dans la population)', poids: 1 },
    { id: 'part_etab_industrie', libelle: "part des établissements employeurs de l'industrie", poids: 0.25 },
    { id: 'part_etab_construction', libelle: 'part des établissements employeurs de la construction', poids: 0.25 },
    {
      id: 'part_etab_commerce',
      libelle: "part des établissements employeurs du commerce, des transports et de l'hébergement-restauration",
      poids: 0.25,
    },
    {
      id: 'part_etab_services_entreprises',
      libelle: 'part des établissements employeurs des services aux entreprises',
      poids: 0.25,
    },
    { id: 'ips_college', libelle: 'IPS moyen des collèges (public scolaire)', poids: 1 },
  ] satisfies ProfileVariable[],
  raison:
    "Chaque variable est centrée et réduite sur l'ensemble des bassins (écart à la moyenne divisé par l'écart type), " +
    'puis on retient les bassins dont la distance pondérée au bassin est la plus petite. Les quatre parts de ' +
    'secteurs forment ensemble « la composition sectorielle » et pèsent autant que la densité, l’âge ou l’IPS. ' +
    'La valeur de référence des bassins comparables est celle de leur ensemble (somme des numérateurs sur somme des ' +
    "dénominateurs), comme pour l'académie.",
} as const;

/**
 * The k nearest basins of each basin on the profile (values: one row per basin, one column per variable, null when
 * missing). Each variable is standardised over the basins that have it; the distance is the weighted mean of the
 * squared differences over the variables both basins have. Ties are broken by id, so the choice is reproducible.
 */
export function nearestBassins(
  ids: string[],
  values: (number | null)[][],
  weights: readonly number[],
  k: number,
  minimumShare = COMPARABLES_RULE.poids_commun_minimum,
): Map<string, string[]> {
  const p = weights.length;
  const z: (number | null)[][] = ids.map(() => new Array<number | null>(p).fill(null));
  for (let j = 0; j < p; j++) {
    let n = 0;
    let sum = 0;
    let sq = 0;
    for (const row of values) {
      const v = row[j];
      if (v === null || !Number.isFinite(v)) continue;
      n++;
      sum += v;
      sq += v * v;
    }
    if (n < 2) continue;
    const mean = sum / n;
    const sd = Math.sqrt(Math.max(0, sq / n - mean * mean));
    if (!(sd > 0)) continue;
    values.forEach((row, i) => {
      const v = row[j];
      if (v !== null && Number.isFinite(v)) z[i][j] = (v - mean) / sd;
    });
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const minimum = minimumShare * total;
  const n = ids.length;
  // Flat standardised values, NaN when missing: the n² distances are the hot loop on a France-sized zoning, so it
  // allocates nothing (typed arrays, the k best kept in place).
  const flat = new Float64Array(n * p).fill(Number.NaN);
  z.forEach((row, i) => {
    row.forEach((v, j) => {
      if (v !== null) flat[i * p + j] = v;
    });
  });
  const weight = Float64Array.from(weights);
  const out = new Map<string, string[]>();
  // The k nearest so far, in order (ties broken by id), as parallel arrays: an insertion into at most k entries.
  const bestI = new Int32Array(k);
  const bestD = new Float64Array(k);
  for (let a = 0; a < n; a++) {
    let count = 0;
    const rowA = a * p;
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const rowB = b * p;
      let w = 0;
      let d = 0;
      for (let j = 0; j < p; j++) {
        // NaN (a missing value) on either side: the variable is left out of this pair's distance.
        const diff = flat[rowA + j] - flat[rowB + j];
        if (Number.isNaN(diff)) continue;
        w += weight[j];
        d += weight[j] * diff * diff;
      }
      if (!(w >= minimum && w > 0)) continue;
      const dist = d / w;
      let at = count;
      while (at > 0 && (dist < bestD[at - 1] || (dist === bestD[at - 1] && ids[b] < ids[bestI[at - 1]]))) at--;
      if (at >= k) continue;
      for (let m = Math.min(count, k - 1); m > at; m--) {
        bestI[m] = bestI[m - 1];
        bestD[m] = bestD[m - 1];
      }
      bestI[at] = b;
      bestD[at] = dist;
      if (count < k) count++;
    }
    const nearest: string[] = new Array(count);
    for (let m = 0; m < count; m++) nearest[m] = ids[bestI[m]];
    out.set(ids[a], nearest);
  }
  return out;
}
