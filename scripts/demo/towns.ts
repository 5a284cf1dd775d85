// Approximate coordinates of the main towns.
import { readTable } from './data.ts';

/** Approximate coordinates (WGS84) of the main towns; other communes are placed near their EPCI's main town. */
export const TOWNS: Record<string, [number, number]> = Object.fromEntries(
  readTable('towns.csv').map((t) => [t.code, [Number(t.lat), Number(t.lon)]]),
);
