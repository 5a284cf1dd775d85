// French number formatting for every label, tooltip and export (decimal comma, narrow no-break space for thousands).
import { formatDefaultLocale, formatLocale, type FormatLocaleObject } from 'd3';

const FR: FormatLocaleObject = formatLocale({
  decimal: ',',
  thousands: '\u202f',
  grouping: [3],
  currency: ['', '\u00a0€'],
  percent: '\u202f%',
  minus: '\u2212',
});
// Plot's axes use d3's default locale for their ticks: make it French once for the whole page.
formatDefaultLocale({
  decimal: ',',
  thousands: '\u202f',
  grouping: [3],
  currency: ['', '\u00a0€'],
  percent: '\u202f%',
  minus: '\u2212',
});

const integer = FR.format(',.0f');
const oneDecimal = FR.format(',.1f');
const twoDecimals = FR.format(',.2f');
const signedOne = FR.format('+,.1f');

/** Units written after the number; « nombre » and « indice » are bare numbers. */
function unitSuffix(unite: string): string {
  if (unite === 'nombre' || unite === 'indice' || unite === '') return '';
  if (unite === '%' || unite === '‰') return `\u202f${unite}`;
  return `\u00a0${unite}`;
}

const unitDecimals = new Map<string, number>([['nombre', 0]]);

/** Learns from the registry how many decimals each unit shows (`decimales` of the indicator records). */
export function registerUnits(indicators: { unite: string; decimales?: number }[]): void {
  for (const i of indicators) {
    if (typeof i.decimales !== 'number') continue;
    const known = unitDecimals.get(i.unite);
    unitDecimals.set(i.unite, known === undefined ? i.decimales : Math.min(known, i.decimales));
  }
}

/** How many decimals a value of this unit is shown with (counts as integers, rates with one decimal). */
function shownDecimals(value: number, unite: string): number {
  const decimals = unitDecimals.get(unite);
  if (decimals === 0) return 0;
  const abs = Math.abs(value);
  if (decimals !== undefined && abs < 1000) return decimals;
  if (abs !== 0 && abs < 1) return 2;
  return abs >= 1000 ? 0 : 1;
}

/** A number with the precision its unit deserves (counts as integers, rates with one decimal). */
export function formatNumber(value: number | null | undefined, unite = ''): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const decimals = shownDecimals(value, unite);
  if (decimals === 0) return integer(value);
  if (decimals === 1) return oneDecimal(value);
  return decimals === 2 ? twoDecimals(value) : FR.format(`,.${decimals}f`)(value);
}

/** The value as the page shows it (same decimals as formatNumber): what a CSV export of the page holds. */
export function roundAsShown(value: number | null | undefined, unite = ''): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const rounded = Number(value.toFixed(shownDecimals(value, unite)));
  return Object.is(rounded, -0) ? 0 : rounded;
}

export function formatValue(value: number | null | undefined, unite: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'non disponible';
  return `${formatNumber(value, unite)}${unitSuffix(unite)}`;
}

/** A gap to a reference: « +1,3 point(s) » for rates, « +1,3 » with the unit otherwise. */
export function formatGap(value: number | null | undefined, unite: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = Math.abs(value) >= 1000 ? `${value > 0 ? '+' : ''}${integer(value)}` : signedOne(value);
  if (unite === '%') return `${text}\u00a0pt${Math.abs(value) >= 2 ? 's' : ''}`;
  return `${text}${unitSuffix(unite)}`;
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : integer(value);
}

/** Axis tick formatter for a unit (no unit text: the axis label carries it). */
export function tickFormat(unite: string): (value: number) => string {
  return (value: number) =>
    unitDecimals.get(unite) === 0 || Math.abs(value) >= 1000
      ? integer(value)
      : FR.format(',~f')(Number(value.toPrecision(4)));
}

/** The distinct periods of some values, joined: « RP 2021 » or « RP 2021 ; T4 2024 ». */
export function periodsOf(values: ({ periode?: string } | null | undefined)[]): string {
  return [...new Set(values.map((v) => v?.periode).filter((p): p is string => Boolean(p)))].join(' ; ');
}

export function plural(n: number | null | undefined, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n != null && Math.abs(n) < 2 ? singular : pluralForm}`;
}
