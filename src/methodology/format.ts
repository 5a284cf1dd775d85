// French number formatting: comma decimal, narrow no-break space (U+202F) for thousands and before %,
// true minus sign. Used by every sentence the methodology writes.

const NNBSP = '\u202f';

/**
 * 12345.67 → « 12 345,7 » (U+202F thousands), −3.2 → « −3,2 ». Written by hand rather than with
 * Intl.NumberFormat: same output for fr-FR, but the diagnostic writes tens of thousands of sentences.
 */
export function formatNumber(value: number, decimals = 1, sign = false): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  let grouped = int;
  if (int.length > 3) {
    grouped = '';
    for (let i = int.length; i > 0; i -= 3)
      grouped = int.slice(Math.max(0, i - 3), i) + (grouped ? NNBSP + grouped : '');
  }
  const isZero = Number(fixed) === 0;
  const prefix = isZero ? '' : value < 0 ? '\u2212' : sign ? '+' : '';
  return prefix + grouped + (frac ? `,${frac}` : '');
}

/** Units whose value is followed by a symbol rather than a word. */
const SYMBOLS = new Set(['%', '‰']);

/** A value with its unit: « 23,4 % », « 12 345 élèves », « 45,2 pour 1 000 habitants », « 101,3 » (indice). */
export function formatValue(value: number, unite: string, decimals = 1, sign = false): string {
  const n = formatNumber(value, decimals, sign);
  if (unite === 'indice' || unite === '') return n;
  if (SYMBOLS.has(unite)) return `${n}${NNBSP}${unite}`;
  if (unite.startsWith('pour ')) return `${n} ${unite.replace(/ (\d) (\d{3})/g, ` $1${NNBSP}$2`)}`;
  // « 0 élève », « 1 élève », « 2 élèves »: French singular below 2.
  return `${n} ${Math.abs(Number(value.toFixed(decimals))) < 2 ? singular(unite) : unite}`;
}

/** A gap in the indicator's unit: rates and indices in points (« 4,1 points », « 1,5 point »). */
export function formatGap(gap: number, unite: string, decimals = 1): string {
  const abs = Math.abs(gap);
  if (unite === '%' || unite === 'indice' || unite === '‰') {
    const n = formatNumber(abs, decimals);
    return `${n} ${Number(abs.toFixed(decimals)) >= 2 ? 'points' : 'point'}`;
  }
  return formatValue(abs, unite, decimals);
}

/** « 12 jeunes actifs », « 1 élève » (words are given in the plural; the singular drops the final s). */
export function formatCount(value: number, label: string): string {
  const rounded = Math.round(value);
  return `${formatNumber(rounded, 0)} ${rounded >= 2 ? label : singular(label)}`;
}

/** « jeunes actifs » → « jeune actif », « habitants de 15 à 64 ans » → « habitant de 15 à 64 ans ». */
function singular(label: string): string {
  const words = label.split(' ');
  const stop = words.findIndex((w) => /^(de|du|des|d'.*|à|en|pour|parmi|\d.*)$/.test(w));
  return words.map((w, i) => (stop < 0 || i < stop ? w.replace(/s$/, '') : w)).join(' ');
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A gap for tables: « +4,1 points », « −12 élèves », « +3,2 » (for « pour 1 000 … » units). */
export function formatSignedGap(gap: number, unite: string, decimals = 1): string {
  const rounded = Number(gap.toFixed(decimals));
  const sign = rounded > 0 ? '+' : rounded < 0 ? '\u2212' : '';
  return sign + (unite.startsWith('pour ') ? formatNumber(Math.abs(gap), decimals) : formatGap(gap, unite, decimals));
}
