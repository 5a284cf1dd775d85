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
  // The k nearest of every basin so far, in order (k entries per basin). The distance is symmetric, so each pair is
  // measured once and offered to both basins; (distance, id) orders every candidate, so the k kept do not depend on
  // the order candidates come in.
  const nearest: Nearest = {
    k,
    ids,
    bestI: new Int32Array(n * k),
    bestD: new Float64Array(n * k),
    count: new Int32Array(n),
  };
  const profile: Profiles = { n, p, flat, weight: Float64Array.from(weights), minimum };
  // One small function per basin rather than one n² loop: it is optimised after a few basins, where the loop of a
  // function called once per computation ran interpreted until V8 replaced it (about half its time).
  for (let a = 0; a < n; a++) pairsFrom(a, profile, nearest);
  const out = new Map<string, string[]>();
  for (let a = 0; a < n; a++) {
    const list: string[] = new Array(nearest.count[a]);
    for (let m = 0; m < nearest.count[a]; m++) list[m] = ids[nearest.bestI[a * k + m]];
    out.set(ids[a], list);
  }
  return out;
}

/** The standardised profiles: n basins × p variables (NaN when missing), weights, and the common weight needed. */
interface Profiles {
  n: number;
  p: number;
  flat: Float64Array;
  weight: Float64Array;
  minimum: number;
}

/** The k nearest of each basin so far: indexes and distances, `count[a]` of them for basin a, nearest first. */
interface Nearest {
  k: number;
  ids: string[];
  bestI: Int32Array;
  bestD: Float64Array;
  count: Int32Array;
}

/** Measures basin a against every later basin and offers each pair to both. */
function pairsFrom(a: number, profile: Profiles, nearest: Nearest): void {
  const { n, p, flat, weight, minimum } = profile;
  const { k, bestD, count } = nearest;
  const rowA = a * p;
  for (let b = a + 1; b < n; b++) {
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
    // Offered only when it may enter a list (not full, or not beyond its last, a tie decided by id): most pairs
    // are not.
    if (count[a] < k || dist <= bestD[a * k + k - 1]) offer(nearest, a, b, dist);
    if (count[b] < k || dist <= bestD[b * k + k - 1]) offer(nearest, b, a, dist);
  }
}

/** Inserts candidate b at its place in basin a's list (ties broken by id), dropping what falls beyond k. */
function offer(nearest: Nearest, a: number, b: number, dist: number): void {
  const { k, ids, bestI, bestD, count } = nearest;
  const base = a * k;
  let at = count[a];
  while (
    at > 0 &&
    (dist < bestD[base + at - 1] || (dist === bestD[base + at - 1] && ids[b] < ids[bestI[base + at - 1]]))
  )
    at--;
  if (at >= k) return;
  for (let m = Math.min(count[a], k - 1); m > at; m--) {
    bestI[base + m] = bestI[base + m - 1];
    bestD[base + m] = bestD[base + m - 1];
  }
  bestI[base + at] = b;
  bestD[base + at] = dist;
  if (count[a] < k) count[a]++;
}
