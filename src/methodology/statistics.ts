// The engine's statistics step: every basin value read back from methodo_valeur with the académie statistics of its
// indicator and year (rank, counts, mean, σ). The mean and σ are grouped sums in DuckDB; the ranks and counts are
// made here from the rows read anyway: a window over 50 000 rows cost DuckDB more than the whole reading.
import { listValue } from '@duckdb/node-api';
import type { Database } from '../db/database.ts';
import { INDICATORS } from './indicators.ts';
import type { BassinResult } from './result.ts';
import type { Bassin, Niveau } from './types.ts';

export interface ValueRow {
  indicateur: string;
  niveau: Niveau;
  code: string;
  annee: number;
  numerateur: number | null;
  denominateur: number | null;
  valeur: number | null;
  significatif: boolean;
  departements: number;
  /** Set when the value came from a level coarser than the basin (see attributionNote). */
  niveau_source: 'departement' | 'ze' | 'bmo' | null;
  code_source: string | null;
  /** Establishments of the territory's département that reach no commune of the zoning (same source, same year). */
  non_rattaches: number;
}

/** A basin value (its `departements`, counted for the other levels only, is not read). */
export interface BassinRow extends Omit<ValueRow, 'departements'> {
  /** Rank among the académie's basins with a value (1 = most favourable, or highest for a context indicator). */
  rang: number | null;
  nb_bassins: number;
  moyenne: number | null;
  ecart_type: number | null;
  nb_significatifs: number;
  /** The basin's index in the state's `bassins`. */
  bassinIndex: number;
  /** The result built from this row (assemble), for the row's TerritoryValue. */
  result: BassinResult | undefined;
}

/** A basin value the verdict may class: attributed from the basin itself, with every school placed. */
const CLASSABLE_SQL = '(v.niveau_source IS NULL AND coalesce(v.non_rattaches, 0) = 0)';

/** The indicator and the basin of a row as their index in INDICATORS and in `bassins`. */
const INDEX_SQL = `
  ix AS (SELECT i - 1 AS i, $indicateurs[i] AS id FROM range(1, len($indicateurs) + 1) r(i)),
  bx AS (SELECT i - 1 AS i, $bassins[i] AS id FROM range(1, len($bassins) + 1) r(i))`;

/**
 * Every basin value with the académie statistics of its indicator and year, ordered by indicator, year and basin.
 * The indicator and the basin are read as indexes, then given their shared strings: turning 50 000 × 3 strings (and
 * the constant level) into JS strings cost twice the query itself on a France-sized zoning.
 */
export async function readBassinRows(db: Database, bassins: readonly Bassin[]): Promise<BassinRow[]> {
  const ids = INDICATORS.map((d) => d.id);
  const codes = bassins.map((b) => b.id);
  // No basin, no basin row (and an empty list parameter would have no type to join on).
  if (codes.length === 0) return [];
  const params = { indicateurs: listValue(ids), bassins: listValue(codes) };
  // Without NULL in its columns: reading a nullable value costs @duckdb/node-api a few BigInt operations, so the
  // missing values and the booleans are told by the bits of one integer (FLAGS), the source levels (rare) apart.
  const c = await db.readColumns(
    `
    WITH ${INDEX_SQL}
    SELECT ix.i::INTEGER AS indicateur, bx.i::INTEGER AS code, v.annee,
      coalesce(v.numerateur, 0) AS numerateur, coalesce(v.denominateur, 0) AS denominateur,
      coalesce(v.valeur, 0) AS valeur, v.non_rattaches,
      (CASE WHEN v.valeur IS NULL THEN ${FLAGS.valeurNulle} ELSE 0 END
        + CASE WHEN v.numerateur IS NULL THEN ${FLAGS.numerateurNul} ELSE 0 END
        + CASE WHEN v.denominateur IS NULL THEN ${FLAGS.denominateurNul} ELSE 0 END
        + CASE v.significatif WHEN true THEN ${FLAGS.significatif} WHEN false THEN 0 ELSE ${FLAGS.significatifNul} END
        -- What the académie statistics count: a value of the académie, and one the verdict may class.
        + CASE WHEN b.academie AND v.valeur IS NOT NULL THEN ${FLAGS.compte} ELSE 0 END
        + CASE WHEN b.academie AND v.valeur IS NOT NULL AND v.significatif AND ${CLASSABLE_SQL}
            THEN ${FLAGS.classable} ELSE 0 END
        + CASE WHEN v.niveau_source IS NOT NULL OR v.code_source IS NOT NULL THEN ${FLAGS.source} ELSE 0 END
      )::INTEGER AS drapeaux,
      -- The rank's key (read for the values counted), rounded: values equal but for the order of a floating-point
      -- sum share their rank.
      CASE WHEN b.academie AND v.valeur IS NOT NULL
        THEN round(CASE WHEN v.polarite = -1 THEN -v.valeur ELSE v.valeur END, 9) ELSE 0 END AS cle_rang
    FROM methodo_valeur v JOIN clee_bassin b ON b.id = v.code
      JOIN bx ON bx.id = v.code JOIN ix ON ix.id = v.indicateur
    WHERE v.niveau = 'bassin'
    ORDER BY ix.i, v.annee, bx.i`,
    params,
  );
  // The few values attributed from a coarser level, by indicator, year and basin, and the académie spread per
  // indicator and year: small results, read with their strings (the index lists cost a millisecond to bind).
  const indicatorIndex = new Map(ids.map((id, i) => [id, i]));
  const bassinIndex = new Map(codes.map((id, i) => [id, i]));
  const sources = new Map<number, { niveau: BassinRow['niveau_source']; code: string | null }>();
  if ((c.drapeaux as number[]).some((f) => f & FLAGS.source)) {
    const src = await db.readColumns(
      `SELECT indicateur, code, annee, niveau_source, code_source FROM methodo_valeur
       WHERE niveau = 'bassin' AND (niveau_source IS NOT NULL OR code_source IS NOT NULL)`,
    );
    (src.indicateur as string[]).forEach((id, k) => {
      const i = indicatorIndex.get(id);
      const b = bassinIndex.get((src.code as string[])[k]);
      if (i === undefined || b === undefined) return;
      sources.set(rowKey(i, (src.annee as number[])[k], b, codes.length), {
        niveau: (src.niveau_source as BassinRow['niveau_source'][])[k],
        code: (src.code_source as (string | null)[])[k],
      });
    });
  }
  // The spread is measured on the values the verdict may class (no coarser attribution, no missing school), their
  // values added in one order (by basin), the same at every computation.
  const s = await db.readColumns(
    `
    SELECT v.indicateur, v.annee,
      avg(v.valeur ORDER BY v.code) FILTER (WHERE b.academie AND v.significatif AND ${CLASSABLE_SQL}) AS moyenne,
      stddev_pop(v.valeur ORDER BY v.code) FILTER (WHERE b.academie AND v.significatif AND ${CLASSABLE_SQL})
        AS ecart_type
    FROM methodo_valeur v JOIN clee_bassin b ON b.id = v.code
    WHERE v.niveau = 'bassin'
    GROUP BY v.indicateur, v.annee`,
  );
  const spreads = new Map<number, { moyenne: number | null; ecart_type: number | null }>();
  (s.indicateur as string[]).forEach((id, k) => {
    const i = indicatorIndex.get(id);
    if (i === undefined) return;
    spreads.set(yearKey(i, (s.annee as number[])[k]), {
      moyenne: (s.moyenne as (number | null)[])[k],
      ecart_type: spread((s.ecart_type as (number | null)[])[k], (s.moyenne as (number | null)[])[k]),
    });
  });

  const indicateur = c.indicateur as number[];
  const code = c.code as number[];
  const annee = c.annee as number[];
  const numerateur = c.numerateur as number[];
  const denominateur = c.denominateur as number[];
  const valeur = c.valeur as number[];
  const nonRattaches = c.non_rattaches as number[];
  const flags = c.drapeaux as number[];
  const cle = c.cle_rang as number[];
  const rows: BassinRow[] = new Array(indicateur.length);
  // Rows come grouped by indicator and year: each group's counts and ranks once its last row is read.
  let start = 0;
  for (let i = 0; i < rows.length; i++) {
    const f = flags[i];
    const source = f & FLAGS.source ? sources.get(rowKey(indicateur[i], annee[i], code[i], codes.length)) : undefined;
    rows[i] = {
      indicateur: ids[indicateur[i]],
      niveau: 'bassin',
      code: codes[code[i]],
      annee: annee[i],
      numerateur: f & FLAGS.numerateurNul ? null : numerateur[i],
      denominateur: f & FLAGS.denominateurNul ? null : denominateur[i],
      valeur: f & FLAGS.valeurNulle ? null : valeur[i],
      // NULL as DuckDB gave it, should the significance test meet a NULL.
      significatif: f & FLAGS.significatifNul ? (null as unknown as boolean) : (f & FLAGS.significatif) !== 0,
      niveau_source: source?.niveau ?? null,
      code_source: source?.code ?? null,
      non_rattaches: nonRattaches[i],
      rang: null,
      nb_bassins: 0,
      moyenne: null,
      ecart_type: null,
      nb_significatifs: 0,
      bassinIndex: code[i],
      result: undefined,
    };
    if (i + 1 === rows.length || indicateur[i + 1] !== indicateur[i] || annee[i + 1] !== annee[i]) {
      const stats = spreads.get(yearKey(indicateur[i], annee[i]));
      groupStatistics(rows, start, i + 1, flags, cle, stats?.moyenne ?? null, stats?.ecart_type ?? null);
      start = i + 1;
    }
  }
  return rows;
}

const yearKey = (indicateur: number, annee: number) => indicateur * 100_000 + annee;
const rowKey = (indicateur: number, annee: number, bassin: number, bassins: number) =>
  yearKey(indicateur, annee) * bassins + bassin;

/** The bits of a basin row's `drapeaux`. */
const FLAGS = {
  valeurNulle: 1,
  numerateurNul: 2,
  denominateurNul: 4,
  significatif: 8,
  significatifNul: 16,
  /** A value of the académie (counted in nb_bassins, ranked). */
  compte: 32,
  /** A value the verdict may class (counted in nb_significatifs). */
  classable: 64,
  /** Attributed from a coarser level (niveau_source or code_source set). */
  source: 128,
} as const;

/**
 * One indicator and year (rows start…end): the académie counts, mean and σ on every row, and the rank of each
 * académie value — SQL's rank() over the rounded key, highest first: 1 + the number of strictly higher keys (NaN
 * above every number, as DuckDB sorts it).
 */
function groupStatistics(
  rows: BassinRow[],
  start: number,
  end: number,
  flags: number[],
  cle: number[],
  moyenne: number | null,
  ecartType: number | null,
): void {
  let nbBassins = 0;
  let nbSignificatifs = 0;
  const ranked: number[] = [];
  for (let i = start; i < end; i++) {
    if (flags[i] & FLAGS.compte) {
      nbBassins++;
      ranked.push(i);
    }
    if (flags[i] & FLAGS.classable) nbSignificatifs++;
  }
  const higher = (a: number, b: number) => {
    const x = cle[a];
    const y = cle[b];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(y)) - Number(Number.isNaN(x));
    return x > y ? -1 : x < y ? 1 : 0;
  };
  ranked.sort(higher);
  ranked.forEach((row, k) => {
    const previous = ranked[k - 1];
    rows[row].rang = k > 0 && higher(previous, row) === 0 ? rows[previous].rang : k + 1;
  });
  for (let i = start; i < end; i++) {
    const r = rows[i];
    r.nb_bassins = nbBassins;
    r.nb_significatifs = nbSignificatifs;
    r.moyenne = moyenne;
    r.ecart_type = ecartType;
  }
}

/**
 * The académie spread, 0 when it is only floating-point noise: values equal in exact arithmetic (the same share in
 * every basin) differ in their last bits once divided, and a spread of 10⁻¹⁵ would give meaningless z-scores of ±1.
 */
function spread(ecartType: number | null, moyenne: number | null): number | null {
  if (ecartType === null) return null;
  return ecartType <= SPREAD_NOISE * Math.max(1, Math.abs(moyenne ?? 0)) ? 0 : ecartType;
}

/** Relative size under which a spread is rounding noise (doubles carry about 16 significant digits). */
const SPREAD_NOISE = 1e-9;
