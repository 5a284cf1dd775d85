// Generates the embedded demo territory and the default CLEE zoning (npm run demo:data).
//
//   datasets/territories/bassins-academie-grenoble.csv  default zoning commune → bassin (format clee-bassins)
//   datasets/demo/*.csv, *.csv.gz                        one file per declared source format, in the real
//                                                        published layouts, with SIMULATED values (the large
//                                                        Sirene extract is gzip-compressed)
//
// Deterministic: every random draw comes from a seeded PRNG (mulberry32) keyed by a label, so the same
// command always writes the same bytes (gzip: fixed level, no timestamp, fixed OS byte). Real inputs: the communes and EPCI of the five départements
// (@etalab/decoupage-administratif); everything else is simulated, coherent but fictitious.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';

const require = createRequire(import.meta.url);

// ───────────────────────────── deterministic randomness ─────────────────────────────

const SEED = 20240917;

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32, seeded by a label: independent streams, so changing one file never shifts another. */
class Rng {
  private state: number;
  constructor(label: string) {
    this.state = (hashString(label) ^ SEED) >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(a: number, b: number): number {
    return a + (b - a) * this.next();
  }
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Multiplicative noise around 1, never below 0.05. */
  factor(sd: number): number {
    return Math.max(0.05, this.normal(1, sd));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
}

// ───────────────────────────── fixed-point census values ─────────────────────────────

/** Census values are weighted decimals: they are computed in integer units of 1/10 000 so that sums are exact. */
const U = 10_000;

/** Splits an integer total into integer parts proportional to weights (largest remainder, deterministic). */
function split(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total === 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map(Math.floor);
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k][1]]++;
  return parts;
}

const times = (units: number, rate: number) => Math.max(0, Math.min(units, Math.round(units * rate)));

function fmtUnits(units: number, decimal: '.' | ','): string {
  const int = Math.trunc(units / U);
  const frac = String(units % U)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return frac ? `${int}${decimal}${frac}` : String(int);
}

const clamp = (x: number, a: number, b: number) => Math.max(a, Math.min(b, x));

// ───────────────────────────── CSV writing ─────────────────────────────

type Cell = string | number | null | undefined;

interface CsvOptions {
  delimiter: ';' | ',';
  bom?: boolean;
  encoding?: 'utf-8' | 'windows-1252';
  eol?: '\n' | '\r\n';
}

function csvCell(value: Cell, delimiter: string): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r')
    ? `"${s.replace(/"/g, '""')}"`
    : s;
}

function csvBytes(header: string[], rows: Cell[][], options: CsvOptions): Buffer {
  const eol = options.eol ?? '\n';
  const lines = [header, ...rows].map((r) => {
    if (r.length !== header.length)
      throw new Error(`ligne de ${r.length} cellules pour ${header.length} colonnes (${header[0]}…)`);
    return r.map((c) => csvCell(c, options.delimiter)).join(options.delimiter);
  });
  const text = lines.join(eol) + eol;
  if (options.encoding === 'windows-1252') {
    const bytes = iconv.encode(text, 'windows-1252');
    if (iconv.decode(bytes, 'windows-1252') !== text) throw new Error('caractère non représentable en Windows-1252');
    return bytes;
  }
  return Buffer.concat([options.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf-8')]);
}

// ───────────────────────────── reference: communes and EPCI ─────────────────────────────

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  arrondissement?: string;
  typeLiaison?: number;
  codesPostaux?: string[];
  population?: number;
  chefLieu?: string;
}
interface RawEpci {
  code: string;
  nom: string;
  membres: { code: string; nom: string }[];
}

export const DEPARTEMENTS = ['07', '26', '38', '73', '74'] as const;
type Dep = (typeof DEPARTEMENTS)[number];

const DEP_NAMES: Record<Dep, string> = {
  '07': 'Ardèche',
  '26': 'Drôme',
  '38': 'Isère',
  '73': 'Savoie',
  '74': 'Haute-Savoie',
};
const REGION = { code: '84', nom: 'Auvergne-Rhône-Alpes' };
const ACADEMIE = { code: '08', nom: 'Grenoble' };

interface Commune {
  code: string;
  nom: string;
  dep: Dep;
  pop: number;
  postal: string;
  epci: string;
  arrondissement: string;
  typeLiaison: number;
  bassin: string;
  ze: string;
  bmo: string;
  lat: number;
  lon: number;
}

// ───────────────────────────── zonings: one hand-written row per EPCI ─────────────────────────────

interface Bassin {
  id: string;
  nom: string;
  dep: Dep;
  code: string;
}

/** Default CLEE zoning: 17 bassins, as many as the académie's bassins de formation; each within one département. */
export const BASSINS: Bassin[] = [
  { id: '07-ardeche-verte', nom: 'Ardèche verte (nord)', dep: '07' },
  { id: '07-centre-ardeche', nom: 'Centre Ardèche (Privas)', dep: '07' },
  { id: '07-ardeche-meridionale', nom: 'Ardèche méridionale', dep: '07' },
  { id: '26-drome-des-collines', nom: 'Drôme des collines', dep: '26' },
  { id: '26-valence-royans', nom: 'Valence, Royans et vallée de la Drôme', dep: '26' },
  { id: '26-drome-provencale', nom: 'Drôme provençale', dep: '26' },
  { id: '38-grenoble', nom: 'Grenoble et Sud Isère', dep: '38' },
  { id: '38-gresivaudan', nom: 'Grésivaudan', dep: '38' },
  { id: '38-voironnais-chartreuse', nom: 'Voironnais-Chartreuse', dep: '38' },
  { id: '38-nord-isere', nom: 'Nord Isère', dep: '38' },
  { id: '38-isere-rhodanienne', nom: 'Isère Rhodanienne', dep: '38' },
  { id: '73-chambery', nom: 'Chambéry et Avant-Pays savoyard', dep: '73' },
  { id: '73-albertville-tarentaise', nom: 'Combe de Savoie, Albertville et Tarentaise', dep: '73' },
  { id: '73-maurienne', nom: 'Maurienne', dep: '73' },
  { id: '74-albanais-annecien', nom: 'Albanais Annécien', dep: '74' },
  { id: '74-chablais', nom: 'Chablais', dep: '74' },
  { id: '74-genevois-arve', nom: "Genevois haut-savoyard et vallée de l'Arve", dep: '74' },
].map((b, i) => ({ ...b, dep: b.dep as Dep, code: `08${String(i + 1).padStart(3, '0')}` }));

/** Bassin of a commune whose EPCI has no bassin for its département (EPCI straddling a border). */
const BASSIN_FALLBACK: Record<Dep, string> = {
  '07': '07-centre-ardeche',
  '26': '26-valence-royans',
  '38': '38-grenoble',
  '73': '73-chambery',
  '74': '74-genevois-arve',
};

/** Simulated zones d'emploi (named after their main town; the real ZE2020 codes differ). */
const ZONES_EMPLOI: Record<string, { nom: string; siege: string }> = {
  '8401': { nom: 'Annonay', siege: '07010' },
  '8402': { nom: 'Aubenas', siege: '07019' },
  '8403': { nom: 'Privas', siege: '07186' },
  '8404': { nom: 'Valence', siege: '26362' },
  '8405': { nom: 'Romans-sur-Isère', siege: '26281' },
  '8406': { nom: 'Montélimar', siege: '26198' },
  '8407': { nom: 'Grenoble', siege: '38185' },
  '8408': { nom: 'Voiron', siege: '38563' },
  '8409': { nom: 'Bourgoin-Jallieu', siege: '38053' },
  '8410': { nom: 'Vienne-Roussillon', siege: '38544' },
  '8411': { nom: 'Chambéry', siege: '73065' },
  '8412': { nom: 'Albertville', siege: '73011' },
  '8413': { nom: 'Maurienne', siege: '73248' },
  '8414': { nom: 'Tarentaise', siege: '73054' },
  '8415': { nom: 'Annecy', siege: '74010' },
  '8416': { nom: 'Genevois Français', siege: '74012' },
  '8417': { nom: 'Chablais', siege: '74281' },
  '8418': { nom: "Vallée de l'Arve", siege: '74081' },
  '8419': { nom: 'Mont-Blanc', siege: '74256' },
};

/** Simulated France Travail bassins BMO (finer than the zones d'emploi in places). */
const BASSINS_BMO: Record<string, string> = {
  '8451': 'Annonay',
  '8452': 'Aubenas - Sud Ardèche',
  '8453': 'Privas - Centre Ardèche',
  '8454': 'Valence',
  '8455': 'Vallée de la Drôme',
  '8456': 'Romans-sur-Isère',
  '8457': 'Montélimar',
  '8458': 'Nyons - Baronnies',
  '8459': 'Grenoble',
  '8460': 'Grésivaudan',
  '8461': 'Sud Isère',
  '8462': 'Voiron',
  '8463': 'Bourgoin-Jallieu - Nord Isère',
  '8464': 'Vienne - Roussillon',
  '8465': 'Chambéry',
  '8466': 'Aix-les-Bains',
  '8467': 'Albertville',
  '8468': 'Maurienne',
  '8469': 'Tarentaise',
  '8470': 'Annecy',
  '8471': 'Genevois haut-savoyard',
  '8472': 'Chablais',
  '8473': "Vallée de l'Arve",
  '8474': 'Mont-Blanc',
};

/**
 * One row per EPCI touching the five départements: a piece of its name (matched exactly once),
 * the CLEE bassin (or one per département when the EPCI straddles a border), the zone d'emploi, the bassin BMO.
 */
const EPCI_TABLE: [pattern: string, bassin: string | Partial<Record<Dep, string>>, ze: string, bmo: string][] = [
  // Ardèche
  ['CA Annonay Rhône Agglo', '07-ardeche-verte', '8401', '8451'],
  ["CC du Val d'Ay", '07-ardeche-verte', '8401', '8451'],
  ['CC du Pays de Lamastre', '07-ardeche-verte', '8404', '8454'],
  ['CC Rhône Crussol', '07-ardeche-verte', '8404', '8454'],
  ['CA Arche Agglo', { '07': '07-ardeche-verte', '26': '26-drome-des-collines' }, '8404', '8454'],
  ['CC Porte de Dromardèche', { '07': '07-ardeche-verte', '26': '26-drome-des-collines' }, '8401', '8451'],
  ['CC Val Eyrieux', '07-centre-ardeche', '8403', '8453'],
  ['CA Privas Centre Ardèche', '07-centre-ardeche', '8403', '8453'],
  ['CC Ardèche Rhône Coiron', '07-centre-ardeche', '8403', '8453'],
  ['CC Berg et Coiron', '07-ardeche-meridionale', '8402', '8452'],
  ["CC du Bassin d'Aubenas", '07-ardeche-meridionale', '8402', '8452'],
  ['CC Ardèche des Sources et Volcans', '07-ardeche-meridionale', '8402', '8452'],
  ['CC Pays des Vans en Cévennes', '07-ardeche-meridionale', '8402', '8452'],
  ["CC des Gorges de l'Ardèche", '07-ardeche-meridionale', '8402', '8452'],
  ['CC du Pays Beaume-Drobie', '07-ardeche-meridionale', '8402', '8452'],
  ['CC Val de Ligne', '07-ardeche-meridionale', '8402', '8452'],
  ["CC Montagne d'Ardèche", '07-ardeche-meridionale', '8402', '8452'],
  ['CC de Cèze Cévennes', { '07': '07-ardeche-meridionale' }, '8402', '8452'],
  ["CC du Rhône aux Gorges de l'Ardèche", '07-ardeche-meridionale', '8406', '8457'],
  // Drôme
  ['CA Valence Romans Agglo', '26-valence-royans', '8404', '8454'],
  ['CC du Royans-Vercors', '26-valence-royans', '8405', '8456'],
  ['CC du Crestois et de Pays de Saillans', '26-valence-royans', '8404', '8455'],
  ['CC du Val de Drôme en Biovallée', '26-valence-royans', '8404', '8455'],
  ['CC du Diois', '26-valence-royans', '8404', '8455'],
  ['CA Montélimar Agglomération', '26-drome-provencale', '8406', '8457'],
  ['CC Drôme Sud Provence', '26-drome-provencale', '8406', '8457'],
  ['CC Dieulefit-Bourdeaux', '26-drome-provencale', '8406', '8457'],
  ['CC des Baronnies en Drôme Provençale', '26-drome-provencale', '8406', '8458'],
  ['CC Enclave des Papes', { '26': '26-drome-provencale' }, '8406', '8458'],
  ['CC Ventoux Sud', { '26': '26-drome-provencale' }, '8406', '8458'],
  ['CC Vaison Ventoux', { '26': '26-drome-provencale' }, '8406', '8458'],
  ['CC du Sisteronais-Buëch', { '26': '26-drome-provencale' }, '8406', '8458'],
  ['CC Jabron-Lure-Vançon-Durance', { '26': '26-drome-provencale' }, '8406', '8458'],
  // Isère
  ['Grenoble-Alpes-Métropole', '38-grenoble', '8407', '8459'],
  ['CC du Massif du Vercors', '38-grenoble', '8407', '8459'],
  ['CC du Trièves', '38-grenoble', '8407', '8461'],
  ['CC de la Matheysine', '38-grenoble', '8407', '8461'],
  ["CC de l'Oisans", '38-grenoble', '8407', '8461'],
  ['CC Le Grésivaudan', '38-gresivaudan', '8407', '8460'],
  ['CC Coeur de Chartreuse', { '38': '38-voironnais-chartreuse', '73': '73-chambery' }, '8407', '8460'],
  ['CA du Pays Voironnais', '38-voironnais-chartreuse', '8408', '8462'],
  ['CC de Bièvre Est', '38-voironnais-chartreuse', '8408', '8462'],
  ['CC Saint-Marcellin Vercors Isère', '38-voironnais-chartreuse', '8405', '8456'],
  ["CA Porte de l'Isère (CAPI)", '38-nord-isere', '8409', '8463'],
  ['CC Les Balcons du Dauphiné', '38-nord-isere', '8409', '8463'],
  ['CC Les Vals du Dauphiné', '38-nord-isere', '8409', '8463'],
  ['CC Lyon-Saint-Exupéry en Dauphiné', '38-nord-isere', '8409', '8463'],
  ['CC Collines Isère Nord', '38-nord-isere', '8409', '8463'],
  ['CA Vienne Condrieu', { '38': '38-isere-rhodanienne' }, '8410', '8464'],
  ['CC Entre Bièvre et Rhône', '38-isere-rhodanienne', '8410', '8464'],
  ['CC Bièvre Isère', '38-isere-rhodanienne', '8410', '8464'],
  // Savoie
  ['CA du Grand Chambéry', '73-chambery', '8411', '8465'],
  ['CA Grand Lac', '73-chambery', '8411', '8466'],
  ['CC de Yenne', '73-chambery', '8411', '8465'],
  ['CC Val Guiers', '73-chambery', '8411', '8465'],
  ["CC du Lac d'Aiguebelette", '73-chambery', '8411', '8465'],
  ['CC Coeur de Savoie', '73-albertville-tarentaise', '8411', '8465'],
  ['CA Arlysère', '73-albertville-tarentaise', '8412', '8467'],
  ['CC Coeur de Tarentaise', '73-albertville-tarentaise', '8414', '8469'],
  ['CC Val Vanoise', '73-albertville-tarentaise', '8414', '8469'],
  ["CC des Vallées d'Aigueblanche", '73-albertville-tarentaise', '8414', '8469'],
  ['CC de Haute-Tarentaise', '73-albertville-tarentaise', '8414', '8469'],
  ["CC Les Versants d'Aime", '73-albertville-tarentaise', '8414', '8469'],
  ['CC Porte de Maurienne', '73-maurienne', '8413', '8468'],
  ['CC du Canton de La Chambre', '73-maurienne', '8413', '8468'],
  ['CC Coeur de Maurienne Arvan', '73-maurienne', '8413', '8468'],
  ['CC Maurienne Galibier', '73-maurienne', '8413', '8468'],
  ['CC Haute Maurienne Vanoise', '73-maurienne', '8413', '8468'],
  // Haute-Savoie
  ['CA du Grand Annecy', '74-albanais-annecien', '8415', '8470'],
  ['CC Rumilly Terre de Savoie', '74-albanais-annecien', '8415', '8470'],
  ['CC Fier et Usses', '74-albanais-annecien', '8415', '8470'],
  ['CC des Vallées de Thônes', '74-albanais-annecien', '8415', '8470'],
  ["CC des Sources du Lac d'Annecy", '74-albanais-annecien', '8415', '8470'],
  ['CA Thonon Agglomération', '74-chablais', '8417', '8472'],
  ["CC Pays d'Evian Vallée d'Abondance", '74-chablais', '8417', '8472'],
  ['CC du Haut Chablais', '74-chablais', '8417', '8472'],
  ['CC de la Vallée Verte', '74-chablais', '8417', '8472'],
  ['CA Annemasse-Les Voirons', '74-genevois-arve', '8416', '8471'],
  ['CC du Genevois', '74-genevois-arve', '8416', '8471'],
  ['CC du Pays de Cruseilles', '74-genevois-arve', '8416', '8471'],
  ['CC Arve et Salève', '74-genevois-arve', '8416', '8471'],
  ['CC Usses et Rhône', { '74': '74-genevois-arve' }, '8416', '8471'],
  ['CC du Pays Rochois', '74-genevois-arve', '8416', '8471'],
  ['CC Faucigny - Glières', '74-genevois-arve', '8418', '8473'],
  ['CC Cluses-Arve et Montagnes', '74-genevois-arve', '8418', '8473'],
  ['CC des Quatre Rivières', '74-genevois-arve', '8418', '8473'],
  ['CC des Montagnes du Giffre', '74-genevois-arve', '8418', '8473'],
  ['CC Pays du Mont-Blanc', '74-genevois-arve', '8419', '8474'],
  ['CC de la Vallée de Chamonix-Mont-Blanc', '74-genevois-arve', '8419', '8474'],
];

/** The Romans-sur-Isère side of CA Valence Romans Agglo: Drôme des collines, zone d'emploi and bassin BMO of Romans. */
const ROMANS_SIDE = [
  '26281',
  '26057',
  '26088',
  '26218',
  '26231',
  '26139',
  '26096',
  '26323',
  '26087',
  '26129',
  '26149',
  '26381',
  '26039',
  '26379',
  '26173',
  '26140',
  '26225',
  '26207',
  '26355',
  '26294',
  '26034',
  '26319',
  '26107',
  '26068',
  '26310',
  '26210',
  '26298',
  '26273',
];

/** Approximate coordinates (WGS84) of the main towns; other communes are placed near their EPCI's main town. */
const TOWNS: Record<string, [number, number]> = {
  // Ardèche
  '07010': [45.24, 4.671],
  '07019': [44.62, 4.39],
  '07324': [45.067, 4.833],
  '07102': [44.932, 4.874],
  '07319': [44.545, 4.683],
  '07186': [44.735, 4.599],
  '07042': [44.373, 4.644],
  '07281': [44.949, 4.845],
  '07129': [44.987, 4.58],
  '07064': [44.907, 4.424],
  '07334': [44.405, 4.131],
  '07132': [44.543, 4.294],
  '07330': [44.408, 4.395],
  '07341': [44.561, 4.503],
  '07349': [44.801, 4.779],
  '07110': [44.483, 4.238],
  '07204': [45.01, 4.396],
  '07346': [44.482, 4.69],
  '07308': [45.187, 4.796],
  // Drôme
  '26362': [44.933, 4.892],
  '26198': [44.558, 4.751],
  '26281': [45.043, 5.051],
  '26058': [44.948, 4.894],
  '26235': [44.378, 4.696],
  '26252': [44.874, 4.876],
  '26057': [45.038, 5.063],
  '26165': [44.77, 4.842],
  '26324': [44.35, 4.768],
  '26108': [44.728, 5.022],
  '26064': [44.898, 5.019],
  '26220': [44.361, 5.14],
  '26166': [44.751, 4.822],
  '26325': [45.291, 4.813],
  '26347': [45.07, 4.845],
  '26333': [45.178, 4.818],
  '26113': [44.753, 5.37],
  '26114': [44.525, 5.062],
  '26301': [45.123, 4.984],
  '26063': [44.275, 5.272],
  '26307': [45.02, 5.293],
  '26116': [44.442, 4.716],
  '26313': [44.972, 4.955],
  '26124': [44.838, 4.89],
  // Isère
  '38185': [45.188, 5.724],
  '38421': [45.167, 5.765],
  '38151': [45.143, 5.719],
  '38544': [45.525, 4.874],
  '38053': [45.586, 5.274],
  '38169': [45.193, 5.685],
  '38563': [45.364, 5.589],
  '38553': [45.614, 5.15],
  '38229': [45.21, 5.78],
  '38382': [45.233, 5.683],
  '38193': [45.62, 5.228],
  '38485': [45.179, 5.686],
  '38474': [45.205, 5.662],
  '38317': [45.123, 5.698],
  '38085': [45.744, 5.16],
  '38158': [45.148, 5.75],
  '38565': [45.295, 5.636],
  '38140': [45.284, 5.884],
  '38344': [45.373, 4.812],
  '38545': [45.055, 5.671],
  '38509': [45.566, 5.445],
  '38416': [45.151, 5.32],
  '38517': [45.3, 5.486],
  '38314': [45.433, 6.015],
  '38562': [45.078, 5.771],
  '38239': [45.326, 5.566],
  '38537': [45.634, 5.146],
  '38022': [45.636, 5.562],
  '38547': [45.245, 5.886],
  '38298': [45.371, 4.796],
  '38130': [45.393, 5.262],
  '38034': [45.338, 5.05],
  '38269': [44.904, 5.788],
  '38052': [45.055, 6.03],
  '38548': [45.071, 5.553],
  '38226': [44.815, 5.75],
  '38261': [45.679, 5.474],
  '38138': [45.725, 5.249],
  '38337': [45.353, 5.5],
  '38399': [45.495, 5.139],
  '38559': [45.211, 5.408],
  '38189': [45.634, 5.059],
  '38316': [45.752, 5.173],
  '38425': [45.39, 4.777],
  '38150': [45.203, 5.838],
  '38001': [45.542, 5.583],
  '38384': [45.34, 5.355],
  // Savoie
  '73065': [45.566, 5.921],
  '73008': [45.688, 5.915],
  '73011': [45.676, 6.392],
  '73179': [45.597, 5.877],
  '73213': [45.561, 5.962],
  '73248': [45.276, 6.345],
  '73054': [45.618, 6.769],
  '73303': [45.75, 6.416],
  '73087': [45.561, 5.894],
  '73171': [45.501, 6.048],
  '73181': [45.485, 6.531],
  '73157': [45.2, 6.669],
  '73261': [45.22, 6.47],
  '73006': [45.555, 6.65],
  '73330': [45.704, 5.758],
  '73204': [45.537, 5.672],
  '73270': [45.566, 6.157],
  '73064': [45.548, 5.983],
  '73051': [45.645, 5.86],
  '73055': [45.444, 6.653],
  '73067': [45.36, 6.3],
  // Haute-Savoie
  '74010': [45.899, 6.129],
  '74281': [46.371, 6.479],
  '74012': [46.193, 6.234],
  '74081': [46.06, 6.58],
  '74256': [45.936, 6.631],
  '74225': [45.866, 5.944],
  '74243': [46.144, 6.081],
  '74042': [46.078, 6.401],
  '74133': [46.186, 6.207],
  '74224': [46.067, 6.311],
  '74208': [45.923, 6.689],
  '74119': [46.401, 6.59],
  '74264': [46.058, 6.549],
  '74056': [45.924, 6.869],
  '74220': [46.133, 6.27],
  '74123': [45.748, 6.294],
  '74280': [45.881, 6.325],
  '74105': [46.305, 6.305],
  '74305': [46.203, 6.25],
  '74236': [45.892, 6.712],
  '74096': [46.034, 6.108],
  '74269': [45.959, 5.833],
  '74258': [46.081, 6.727],
  '74276': [46.108, 6.591],
  '74001': [46.281, 6.721],
  '74131': [46.025, 5.931],
  '74213': [45.922, 6.063],
  '74112': [45.943, 6.09],
  '74164': [46.09, 6.498],
  '74250': [46.059, 6.372],
  '74037': [46.208, 6.403],
  '74263': [46.338, 6.382],
};

interface Reference {
  communes: Commune[];
  byCode: Map<string, Commune>;
}

function loadReference(): Reference {
  const raw = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
  const epcis = require('@etalab/decoupage-administratif/data/epci.json') as RawEpci[];
  const current = raw.filter(
    (c) => c.type === 'commune-actuelle' && (DEPARTEMENTS as readonly string[]).includes(c.departement),
  );
  const codes = new Set(current.map((c) => c.code));
  const epciOf = new Map<string, RawEpci>();
  for (const e of epcis) for (const m of e.membres) if (codes.has(m.code)) epciOf.set(m.code, e);

  // Each EPCI touching the territory must match exactly one row of the table, and each row at least one EPCI.
  const rowOf = new Map<string, (typeof EPCI_TABLE)[number]>();
  const used = new Set<string>();
  for (const e of new Set(epciOf.values())) {
    const rows = EPCI_TABLE.filter(([pattern]) => e.nom.includes(pattern));
    if (rows.length !== 1)
      throw new Error(`EPCI « ${e.nom} » : ${rows.length} lignes de la table correspondent (1 attendue)`);
    rowOf.set(e.code, rows[0]);
    used.add(rows[0][0]);
  }
  const unused = EPCI_TABLE.filter(([p]) => !used.has(p));
  if (unused.length) throw new Error(`lignes de la table sans EPCI : ${unused.map(([p]) => p).join(', ')}`);
  const romans = new Set(ROMANS_SIDE);
  const valenceRomans = epcis.find((e) => e.nom.includes('Valence Romans Agglo'))!;
  for (const code of romans) {
    if (!valenceRomans.membres.some((m) => m.code === code))
      throw new Error(`${code} n'est pas membre de Valence Romans Agglo`);
  }

  const communes: Commune[] = current.map((c) => {
    const dep = c.departement as Dep;
    const e = epciOf.get(c.code);
    const row = e ? rowOf.get(e.code) : undefined;
    let bassin = BASSIN_FALLBACK[dep];
    let ze = '';
    let bmo = '';
    if (row) {
      const [, b, z, m] = row;
      bassin =
        typeof b === 'string' ? (b.startsWith(dep) ? b : BASSIN_FALLBACK[dep]) : (b[dep] ?? BASSIN_FALLBACK[dep]);
      ze = z;
      bmo = m;
    }
    if (romans.has(c.code)) {
      bassin = '26-drome-des-collines';
      ze = '8405';
      bmo = '8456';
    }
    if (!ze) throw new Error(`commune ${c.code} sans EPCI : zone d'emploi inconnue`);
    return {
      code: c.code,
      nom: c.nom,
      dep,
      pop: c.population ?? 0,
      postal: c.codesPostaux?.[0] ?? '',
      epci: e?.code ?? '',
      arrondissement: c.arrondissement ?? '',
      typeLiaison: c.typeLiaison ?? 0,
      bassin,
      ze,
      bmo,
      lat: 0,
      lon: 0,
    };
  });
  communes.sort((a, b) => a.code.localeCompare(b.code));
  const byCode = new Map(communes.map((c) => [c.code, c]));
  for (const code of Object.keys(TOWNS))
    if (!byCode.has(code)) throw new Error(`coordonnées pour une commune inconnue : ${code}`);
  for (const z of Object.values(ZONES_EMPLOI))
    if (!byCode.has(z.siege)) throw new Error(`siège de zone d'emploi inconnu : ${z.siege}`);

  // Coordinates: the town's own when known, else near the EPCI's largest known town, else near the ZE's main town.
  const anchorOfEpci = new Map<string, [number, number]>();
  for (const c of [...communes].sort((a, b) => b.pop - a.pop)) {
    if (TOWNS[c.code] && c.epci && !anchorOfEpci.has(c.epci)) anchorOfEpci.set(c.epci, TOWNS[c.code]);
  }
  for (const c of communes) {
    const own = TOWNS[c.code];
    if (own) {
      [c.lat, c.lon] = own;
      continue;
    }
    const rng = new Rng(`coord:${c.code}`);
    const epciAnchor = anchorOfEpci.get(c.epci);
    const anchor = epciAnchor ?? TOWNS[ZONES_EMPLOI[c.ze].siege];
    const spread = epciAnchor ? 0.09 : 0.16;
    c.lat = round(anchor[0] + rng.uniform(-spread, spread), 5);
    c.lon = round(anchor[1] + rng.uniform(-spread, spread) * 1.4, 5);
  }
  return { communes, byCode };
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Lambert-93 (EPSG:2154) from WGS84 degrees, as Sirene and the annuaire give coordinates. */
function lambert93(lat: number, lon: number): [number, number] {
  const e = 0.0818191910428158;
  const n = 0.725607765053267;
  const c = 11754255.426096;
  const xs = 700000;
  const ys = 12655612.049876;
  const phi = (lat * Math.PI) / 180;
  const l = Math.log(Math.tan(Math.PI / 4 + phi / 2) * ((1 - e * Math.sin(phi)) / (1 + e * Math.sin(phi))) ** (e / 2));
  const r = c * Math.exp(-n * l);
  const gamma = n * (((lon - 3) * Math.PI) / 180);
  return [xs + r * Math.sin(gamma), ys - r * Math.cos(gamma)];
}

const upperAscii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

// ───────────────────────────── census: a coherent simulated model per commune ─────────────────────────────

const CENSUS_YEARS = [2015, 2021] as const;
type CensusYear = (typeof CENSUS_YEARS)[number];

/** Towns with a university campus: more pupils and students aged 18-24, more graduates. */
const CAMPUS: Record<string, number> = {
  '38185': 0.85,
  '38421': 0.8,
  '38179': 0.75,
  '38516': 0.7,
  '38229': 0.55,
  '73065': 0.55,
  '73051': 0.7,
  '74010': 0.45,
  '26362': 0.45,
};
/** Towns with large priority neighbourhoods: higher unemployment, fewer graduates. */
const PRIORITY_TOWNS = new Set([
  '38185',
  '38151',
  '38421',
  '38169',
  '38553',
  '38053',
  '38544',
  '38193',
  '26362',
  '26281',
  '26198',
  '26235',
  '26057',
  '07010',
  '07019',
  '07319',
  '07042',
  '73065',
  '73011',
  '74012',
  '74081',
  '74281',
  '74133',
]);
const DEP_UNEMP: Record<Dep, number> = { '07': 0.1, '26': 0.104, '38': 0.083, '73': 0.066, '74': 0.069 };
const DEP_EDUC: Record<Dep, number> = { '07': -0.12, '26': -0.06, '38': 0.08, '73': 0.03, '74': 0.1 };
const DEP_OLD: Record<Dep, number> = { '07': 0.18, '26': 0.06, '38': -0.05, '73': 0.0, '74': -0.08 };
/** Jobs located in the département per employed resident (Haute-Savoie: many work in Geneva). */
const DEP_JOBS_RATIO: Record<Dep, number> = { '07': 0.86, '26': 0.95, '38': 0.92, '73': 0.99, '74': 0.74 };

interface Profile {
  urban: number;
  youth: number;
  old: number;
  unemp: number;
  educ: number;
  student: number;
  nsal: number;
  agri: number;
  indus: number;
  attract: number;
  growth: number;
}

function profileOf(c: Commune): Profile {
  const r = new Rng(`profil:${c.code}`);
  const urban = clamp((Math.log10(Math.max(c.pop, 10)) - 2) / 3, 0, 1);
  const campus = CAMPUS[c.code] ?? 0;
  const priority = PRIORITY_TOWNS.has(c.code) ? 1.3 : 1;
  return {
    urban,
    youth: r.normal(0, 0.08) + 0.06 * urban + 0.25 * campus,
    old: r.normal(0, 0.14) + DEP_OLD[c.dep] - 0.08 * urban,
    unemp: clamp(DEP_UNEMP[c.dep] * (0.72 + 0.5 * urban) * priority * r.factor(0.18), 0.025, 0.3),
    educ: clamp(
      DEP_EDUC[c.dep] + 0.22 * urban + 0.35 * campus - (priority > 1 ? 0.12 : 0) + r.normal(0, 0.1),
      -0.5,
      0.7,
    ),
    student: clamp(0.3 + 0.2 * urban + 0.5 * campus + r.normal(0, 0.05), 0.12, 0.9),
    nsal: clamp(0.09 + 0.09 * (1 - urban) + r.normal(0, 0.025), 0.04, 0.3),
    agri: clamp(
      0.004 + 0.11 * (1 - urban) ** 2 * r.factor(0.5) * (c.dep === '26' || c.dep === '07' ? 1.5 : 1),
      0,
      0.45,
    ),
    indus: clamp(0.13 * r.factor(0.45) * (c.dep === '74' && c.ze === '8418' ? 1.8 : 1), 0.01, 0.5),
    attract: (Math.max(c.pop, 20) / 1000) ** 0.3 * r.factor(0.35) * (PRIORITY_TOWNS.has(c.code) || campus ? 1.3 : 1),
    growth: 1 + r.normal(0.035, 0.045) + (c.dep === '74' ? 0.04 : 0),
  };
}

/** Variables of one commune and census year, in units of 1/10 000, keyed `P_POP1564`, `C_EMPLT`… */
type Vars = Map<string, number>;

function populationOf(c: Commune, year: CensusYear, p: Profile): number {
  return year === 2021 ? c.pop : Math.max(1, Math.round(c.pop / p.growth));
}

function censusVars(c: Commune, year: CensusYear, p: Profile): Vars {
  const r = new Rng(`recensement:${c.code}:${year}`);
  const v: Vars = new Map();
  const set = (k: string, x: number) => v.set(k, x);
  const later = year === 2021 ? 1 : 0;
  const pop = populationOf(c, year, p) * U;
  set('P_POP', pop);

  // Age structure (évolution et structure de la population).
  const young = 1 + p.youth;
  const old = (1 + p.old) * (later ? 1 : 0.93);
  const ageW = [
    0.17 * young,
    0.165 * young * (1 + 0.3 * p.youth),
    0.18 * young,
    0.2,
    0.17 * old,
    0.095 * old,
    0.014 * old,
  ].map((w) => w * r.factor(0.06));
  const ages = split(pop, ageW); // 0014 1529 3044 4559 6074 7589 90P
  const AGE_KEYS = ['0014', '1529', '3044', '4559', '6074', '7589', '90P'];
  AGE_KEYS.forEach((k, i) => set(`P_POP${k}`, ages[i]));
  const maleShare = [0.512, 0.506, 0.496, 0.494, 0.478, 0.44, 0.29];
  let h = 0;
  ages.forEach((a, i) => {
    const men = times(a, clamp(maleShare[i] + r.normal(0, 0.012), 0.2, 0.6));
    set(`P_H${AGE_KEYS[i]}`, men);
    set(`P_F${AGE_KEYS[i]}`, a - men);
    h += men;
  });
  set('P_POPH', h);
  set('P_POPF', pop - h);
  const pop15p = pop - ages[0];
  set('P_POP15P', pop15p);
  const marital = split(
    pop15p,
    [0.41, 0.05 * (1 + later), 0.11, 0.07 * old, 0.085, 0.28 * young].map((w) => w * r.factor(0.05)),
  );
  ['MARIEE', 'PACSEE', 'CONCUB_UNION_LIBRE', 'VEUFS', 'DIVORCEE', 'CELIBATAIRE'].forEach((k, i) =>
    set(`P_POP15P_${k}`, marital[i]),
  );
  const cPop15p = times(pop15p, 1 + r.normal(0, 0.004));
  set('C_POP15P', cPop15p);
  const cs = csShares(p, r, later);
  const retired = 0.27 * old;
  const cs15 = split(
    cPop15p,
    [...cs.map((s) => s * 0.52), retired, 0.16 * young].map((w) => w * r.factor(0.03)),
  );
  cs15.forEach((x, i) => set(`C_POP15P_CS${i + 1}`, x));

  // Finer age bands shared by the other two bases, so that the three files agree.
  const [, p0205, p0610, p1114] = split(
    ages[0],
    [2, 4, 5, 4].map((w) => w * r.factor(0.04)),
  ); // 0-1, 2-5, 6-10, 11-14
  const [p1517, p1824, p2529] = split(
    ages[1],
    [3, 6.6, 5.4].map((w) => w * r.factor(0.05)),
  );
  const [p4554, p5559] = split(
    ages[3],
    [2, 1].map((w) => w * r.factor(0.03)),
  );
  const [p6064] = split(
    ages[4],
    [1, 2].map((w) => w * r.factor(0.03)),
  );

  // Diplômes – formation.
  const pop30p = pop - ages[0] - ages[1];
  const dip: [string, number][] = [
    ['0205', p0205],
    ['0610', p0610],
    ['1114', p1114],
    ['1517', p1517],
    ['1824', p1824],
    ['2529', p2529],
    ['30P', pop30p],
  ];
  const scolRate: Record<string, number> = {
    '0205': clamp(r.normal(0.71, 0.05), 0.5, 0.85),
    '0610': clamp(r.normal(0.985, 0.006), 0.95, 1),
    '1114': clamp(r.normal(0.99, 0.005), 0.96, 1),
    '1517': clamp(r.normal(0.955, 0.02), 0.85, 1),
    '1824': clamp(p.student * (later ? 1 : 0.96), 0.1, 0.92),
    '2529': clamp(0.035 + 0.1 * p.student + r.normal(0, 0.01), 0.01, 0.3),
    '30P': clamp(r.normal(0.008, 0.002), 0.001, 0.03),
  };
  let scol15p = 0;
  for (const [k, x] of dip) {
    set(`P_POP${k}`, x);
    const s = times(x, scolRate[k]);
    set(`P_SCOL${k}`, s);
    if (['1517', '1824', '2529', '30P'].includes(k)) scol15p += s;
  }
  const nscol = p1517 + p1824 + p2529 + pop30p - scol15p;
  set('P_NSCOL15P', nscol);
  const e = p.educ + (later ? 0 : -0.1);
  const levels = ['DIPLMIN', 'BEPC', 'CAPBEP', 'BAC', 'SUP2', 'SUP34', 'SUP5'];
  const levelW = [
    0.21 * (1 - 0.9 * e),
    0.055,
    0.245 * (1 - 0.4 * e),
    0.17,
    0.11 * (1 + 0.8 * e),
    0.1 * (1 + 1.1 * e),
    0.105 * (1 + 1.8 * e),
  ].map((w) => Math.max(0.005, w) * r.factor(0.05));
  const byLevel = split(nscol, levelW);
  const menShare = [0.44, 0.46, 0.56, 0.47, 0.45, 0.42, 0.5];
  let hn = 0;
  byLevel.forEach((x, i) => {
    set(`P_NSCOL15P_${levels[i]}`, x);
    const men = times(x, clamp(menShare[i] + r.normal(0, 0.015), 0.3, 0.7));
    set(`P_HNSCOL15P_${levels[i]}`, men);
    set(`P_FNSCOL15P_${levels[i]}`, x - men);
    hn += men;
  });
  set('P_HNSCOL15P', hn);
  set('P_FNSCOL15P', nscol - hn);

  // Emploi – population active.
  const pop1524 = p1517 + p1824;
  const pop2554 = p2529 + ages[2] + p4554;
  const pop5564 = p5559 + p6064;
  const pop1564 = pop1524 + pop2554 + pop5564;
  set('P_POP1564', pop1564);
  set('P_POP1524', pop1524);
  set('P_POP2554', pop2554);
  set('P_POP5564', pop5564);
  const h1564 = times(pop1564, clamp(r.normal(0.5, 0.01), 0.44, 0.56));
  set('P_H1564', h1564);
  set('P_F1564', pop1564 - h1564);
  const act1524 = times(pop1524, clamp(0.62 - 0.42 * p.student + r.normal(0, 0.03), 0.15, 0.7));
  const act2554 = times(pop2554, clamp(r.normal(0.905, 0.015), 0.8, 0.97));
  const act5564 = times(pop5564, clamp(r.normal(later ? 0.63 : 0.56, 0.04), 0.4, 0.8));
  const u = p.unemp * (later ? 1 : 1.13);
  const chom1524 = times(act1524, clamp(2.1 * u, 0, 0.55));
  const chom2554 = times(act2554, clamp(u * r.factor(0.05), 0, 0.4));
  const chom5564 = times(act5564, clamp(0.85 * u * r.factor(0.08), 0, 0.4));
  const act1564 = act1524 + act2554 + act5564;
  const chom1564 = chom1524 + chom2554 + chom5564;
  set('P_ACT1564', act1564);
  set('P_ACT1524', act1524);
  set('P_ACT2554', act2554);
  set('P_ACT5564', act5564);
  const hact = times(act1564, clamp(r.normal(0.522, 0.01), 0.45, 0.6));
  set('P_HACT1564', hact);
  set('P_FACT1564', act1564 - hact);
  set('P_ACTOCC1564', act1564 - chom1564);
  set('P_ACTOCC1524', act1524 - chom1524);
  set('P_ACTOCC2554', act2554 - chom2554);
  set('P_ACTOCC5564', act5564 - chom5564);
  const hchom = Math.min(hact, times(chom1564, clamp(r.normal(0.49, 0.03), 0.35, 0.65)));
  set('P_HACTOCC1564', hact - hchom);
  set('P_FACTOCC1564', act1564 - hact - (chom1564 - hchom));
  set('P_CHOM1564', chom1564);
  set('P_CHOM1524', chom1524);
  set('P_CHOM2554', chom2554);
  set('P_CHOM5564', chom5564);
  set('P_HCHOM1564', hchom);
  set('P_FCHOM1564', chom1564 - hchom);
  const inact = pop1564 - act1564;
  const scolActiveAge = (v.get('P_SCOL1517') ?? 0) + (v.get('P_SCOL1824') ?? 0) + (v.get('P_SCOL2529') ?? 0);
  const etud = Math.min(times(inact, 0.75), times(scolActiveAge, 0.9));
  const retr = Math.min(times(inact - etud, 0.62), times(pop5564, 0.4));
  set('P_INACT1564', inact);
  set('P_ETUD1564', etud);
  set('P_RETR1564', retr);
  set('P_AINACT1564', inact - etud - retr);

  const cAct = times(act1564, 1 + r.normal(0, 0.006));
  set('C_ACT1564', cAct);
  const cActCs = split(
    cAct,
    cs.map((s) => s * r.factor(0.03)),
  );
  const chomFactor = [0.25, 0.45, 0.4, 0.7, 1.25, 1.45];
  let cOcc = 0;
  cActCs.forEach((x, i) => {
    set(`C_ACT1564_CS${i + 1}`, x);
    const occ = x - times(x, clamp(u * chomFactor[i], 0, 0.6));
    set(`C_ACTOCC1564_CS${i + 1}`, occ);
    cOcc += occ;
  });
  set('C_ACTOCC1564', cOcc);

  const actocc15p = act1564 - chom1564 + times(ages[4] + ages[5], 0.035);
  set('P_ACTOCC15P', actocc15p);
  const nsal = times(actocc15p, p.nsal * (later ? 1.04 : 1));
  set('P_SAL15P', actocc15p - nsal);
  set('P_NSAL15P', nsal);
  const sal = split(
    actocc15p - nsal,
    [0.835, 0.095, 0.026 * (1 + p.indus * 2), 0.011, 0.033 * (later ? 1.35 : 1)].map((w) => w * r.factor(0.06)),
  );
  ['CDI', 'CDD', 'INTERIM', 'EMPAID', 'APPR'].forEach((k, i) => set(`P_SAL15P_${k}`, sal[i]));
  const ns = split(
    nsal,
    [0.62, 0.36, 0.02].map((w) => w * r.factor(0.08)),
  );
  ['INDEP', 'EMPLOY', 'AIDFAM'].forEach((k, i) => set(`P_NSAL15P_${k}`, ns[i]));
  return v;
}

/** Shares of the six socio-professional groups among the active population. */
function csShares(p: Profile, r: Rng, later: number): number[] {
  return [
    0.004 + p.agri * 0.5,
    0.065,
    clamp(0.13 + 0.22 * p.educ + 0.02 * later, 0.03, 0.45),
    0.265 + 0.03 * later,
    0.28,
    clamp(0.23 - 0.12 * p.educ + p.indus * 0.3, 0.05, 0.5),
  ].map((w) => w * r.factor(0.04));
}

/** Jobs at the place of work: per département, the employed residents times a ratio, spread by attractiveness. */
function addJobs(communes: Commune[], profiles: Map<string, Profile>, vars: Map<string, Vars>, year: CensusYear): void {
  for (const dep of DEPARTEMENTS) {
    const list = communes.filter((c) => c.dep === dep);
    const residents = list.reduce((s, c) => s + vars.get(`${c.code}:${year}`)!.get('P_ACTOCC15P')!, 0);
    const jobs = Math.round(residents * DEP_JOBS_RATIO[dep] * (year === 2021 ? 1 : 0.98));
    const weights = list.map((c) => vars.get(`${c.code}:${year}`)!.get('P_ACTOCC15P')! * profiles.get(c.code)!.attract);
    const parts = split(jobs, weights);
    list.forEach((c, i) => {
      const v = vars.get(`${c.code}:${year}`)!;
      const p = profiles.get(c.code)!;
      const r = new Rng(`emplois:${c.code}:${year}`);
      const emplt = parts[i];
      v.set('P_EMPLT', emplt);
      v.set('P_EMPLT_SAL', times(emplt, clamp(0.9 - 0.14 * (1 - p.urban) + r.normal(0, 0.02), 0.5, 0.98)));
      const cEmplt = times(emplt, 1 + r.normal(0, 0.006));
      v.set('C_EMPLT', cEmplt);
      const sectors = split(
        cEmplt,
        [p.agri * 1.6, p.indus, 0.075 * r.factor(0.3), 0.46 + 0.12 * p.urban, 0.3 * r.factor(0.2)].map((w) =>
          Math.max(0.001, w),
        ),
      );
      ['AGRI', 'INDUS', 'CONST', 'CTS', 'APESAS'].forEach((k, j) => v.set(`C_EMPLT_${k}`, sectors[j]));
    });
  }
}

interface CensusData {
  vars: Map<string, Vars>;
  profiles: Map<string, Profile>;
}

function buildCensus(ref: Reference): CensusData {
  const profiles = new Map(ref.communes.map((c) => [c.code, profileOf(c)]));
  const vars = new Map<string, Vars>();
  for (const year of CENSUS_YEARS) {
    for (const c of ref.communes) vars.set(`${c.code}:${year}`, censusVars(c, year, profiles.get(c.code)!));
    addJobs(ref.communes, profiles, vars, year);
  }
  return { vars, profiles };
}

const EVOL_VARS = [
  'P_POP',
  'P_POP0014',
  'P_POP1529',
  'P_POP3044',
  'P_POP4559',
  'P_POP6074',
  'P_POP7589',
  'P_POP90P',
  'P_POPH',
  'P_H0014',
  'P_H1529',
  'P_H3044',
  'P_H4559',
  'P_H6074',
  'P_H7589',
  'P_H90P',
  'P_POPF',
  'P_F0014',
  'P_F1529',
  'P_F3044',
  'P_F4559',
  'P_F6074',
  'P_F7589',
  'P_F90P',
  'P_POP15P',
  'P_POP15P_MARIEE',
  'P_POP15P_PACSEE',
  'P_POP15P_CONCUB_UNION_LIBRE',
  'P_POP15P_VEUFS',
  'P_POP15P_DIVORCEE',
  'P_POP15P_CELIBATAIRE',
  'C_POP15P',
  'C_POP15P_CS1',
  'C_POP15P_CS2',
  'C_POP15P_CS3',
  'C_POP15P_CS4',
  'C_POP15P_CS5',
  'C_POP15P_CS6',
  'C_POP15P_CS7',
  'C_POP15P_CS8',
];
const DIPLOMES_VARS = [
  'P_POP0205',
  'P_POP0610',
  'P_POP1114',
  'P_POP1517',
  'P_POP1824',
  'P_POP2529',
  'P_POP30P',
  'P_SCOL0205',
  'P_SCOL0610',
  'P_SCOL1114',
  'P_SCOL1517',
  'P_SCOL1824',
  'P_SCOL2529',
  'P_SCOL30P',
  'P_NSCOL15P',
  'P_NSCOL15P_DIPLMIN',
  'P_NSCOL15P_BEPC',
  'P_NSCOL15P_CAPBEP',
  'P_NSCOL15P_BAC',
  'P_NSCOL15P_SUP2',
  'P_NSCOL15P_SUP34',
  'P_NSCOL15P_SUP5',
  'P_HNSCOL15P',
  'P_HNSCOL15P_DIPLMIN',
  'P_HNSCOL15P_BEPC',
  'P_HNSCOL15P_CAPBEP',
  'P_HNSCOL15P_BAC',
  'P_HNSCOL15P_SUP2',
  'P_HNSCOL15P_SUP34',
  'P_HNSCOL15P_SUP5',
  'P_FNSCOL15P',
  'P_FNSCOL15P_DIPLMIN',
  'P_FNSCOL15P_BEPC',
  'P_FNSCOL15P_CAPBEP',
  'P_FNSCOL15P_BAC',
  'P_FNSCOL15P_SUP2',
  'P_FNSCOL15P_SUP34',
  'P_FNSCOL15P_SUP5',
];
const EMPLOI_VARS = [
  'P_POP1564',
  'P_POP1524',
  'P_POP2554',
  'P_POP5564',
  'P_H1564',
  'P_F1564',
  'P_ACT1564',
  'P_ACT1524',
  'P_ACT2554',
  'P_ACT5564',
  'P_HACT1564',
  'P_FACT1564',
  'P_ACTOCC1564',
  'P_ACTOCC1524',
  'P_ACTOCC2554',
  'P_ACTOCC5564',
  'P_HACTOCC1564',
  'P_FACTOCC1564',
  'P_CHOM1564',
  'P_CHOM1524',
  'P_CHOM2554',
  'P_CHOM5564',
  'P_HCHOM1564',
  'P_FCHOM1564',
  'P_INACT1564',
  'P_ETUD1564',
  'P_RETR1564',
  'P_AINACT1564',
  'C_ACT1564',
  'C_ACT1564_CS1',
  'C_ACT1564_CS2',
  'C_ACT1564_CS3',
  'C_ACT1564_CS4',
  'C_ACT1564_CS5',
  'C_ACT1564_CS6',
  'C_ACTOCC1564',
  'C_ACTOCC1564_CS1',
  'C_ACTOCC1564_CS2',
  'C_ACTOCC1564_CS3',
  'C_ACTOCC1564_CS4',
  'C_ACTOCC1564_CS5',
  'C_ACTOCC1564_CS6',
  'P_ACTOCC15P',
  'P_SAL15P',
  'P_NSAL15P',
  'P_SAL15P_CDI',
  'P_SAL15P_CDD',
  'P_SAL15P_INTERIM',
  'P_SAL15P_EMPAID',
  'P_SAL15P_APPR',
  'P_NSAL15P_INDEP',
  'P_NSAL15P_EMPLOY',
  'P_NSAL15P_AIDFAM',
  'P_EMPLT',
  'P_EMPLT_SAL',
  'C_EMPLT',
  'C_EMPLT_AGRI',
  'C_EMPLT_INDUS',
  'C_EMPLT_CONST',
  'C_EMPLT_CTS',
  'C_EMPLT_APESAS',
];

/** `P_POP1564` + 2021 → `P21_POP1564`. */
const censusHeader = (key: string, year: CensusYear) => `${key[0]}${String(year).slice(2)}_${key.slice(2)}`;

function censusFile(
  ref: Reference,
  census: CensusData,
  keys: string[],
  decimal: '.' | ',',
  secret?: (c: Commune, year: CensusYear, key: string) => boolean,
) {
  const years = [...CENSUS_YEARS].reverse(); // latest census first, as INSEE writes it
  const header = ['CODGEO', 'LIBGEO', ...years.flatMap((y) => keys.map((k) => censusHeader(k, y)))];
  const rows = ref.communes.map((c) => [
    c.code,
    c.nom,
    ...years.flatMap((y) =>
      keys.map((k) => {
        if (secret?.(c, y, k)) return 's';
        const value = census.vars.get(`${c.code}:${y}`)!.get(k);
        if (value === undefined) throw new Error(`variable ${k} absente (${c.code}, ${y})`);
        return k === 'P_POP' ? String(value / U) : fmtUnits(value, decimal);
      }),
    ),
  ]);
  return { header, rows };
}

/** A few very small communes have their jobs-by-sector cells under the secret marker `s`. */
function secretCommunes(ref: Reference): Set<string> {
  const tiny = ref.communes.filter((c) => c.pop < 60);
  const r = new Rng('secret-emplois');
  return new Set(tiny.filter(() => r.chance(0.3)).map((c) => c.code));
}

// ───────────────────────────── territory reference files ─────────────────────────────

function bassinsFile(ref: Reference) {
  const byId = new Map(BASSINS.map((b) => [b.id, b]));
  const header = ['code_commune', 'nom_commune', 'departement', 'bassin_id', 'bassin_nom'];
  const rows = ref.communes.map((c) => {
    const b = byId.get(c.bassin);
    if (!b || b.dep !== c.dep) throw new Error(`bassin ${c.bassin} incohérent pour ${c.code}`);
    return [c.code, c.nom, c.dep, b.id, b.nom];
  });
  return { header, rows };
}

function communesZeFile(ref: Reference) {
  const header = ['CODGEO', 'LIBGEO', 'ZE2020', 'LIBZE2020', 'ZE2020_PARTIE_REG', 'DEP', 'REG'];
  return {
    header,
    rows: ref.communes.map((c) => [c.code, c.nom, c.ze, ZONES_EMPLOI[c.ze].nom, c.ze, c.dep, REGION.code]),
  };
}

function communesBmoFile(ref: Reference) {
  const header = ['CODGEO', 'LIBGEO', 'BE25', 'NOMBE25'];
  return { header, rows: ref.communes.map((c) => [c.code, c.nom, c.bmo, BASSINS_BMO[c.bmo]]) };
}

/** Official geographic code, communes list (v_commune_AAAA.csv layout): current communes and communes déléguées. */
function cogFile(ref: Reference) {
  const raw = require('@etalab/decoupage-administratif/data/communes.json') as RawCommune[];
  const canton = new Map<string, string>();
  const header = [
    'TYPECOM',
    'COM',
    'REG',
    'DEP',
    'CTCD',
    'ARR',
    'TNCC',
    'NCC',
    'NCCENR',
    'LIBELLE',
    'CAN',
    'COMPARENT',
  ];
  const ARTICLES: Record<number, RegExp> = {
    2: /^Le /,
    3: /^La /,
    4: /^Les /,
    5: /^L'/,
    6: /^Aux /,
    7: /^Las /,
    8: /^Los /,
  };
  const names = (nom: string, tncc: number) => {
    const enr = nom.replace(ARTICLES[tncc] ?? /^$/, '');
    return { ncc: upperAscii(enr).replace(/['-]/g, ' '), enr };
  };
  const rows: Cell[][] = [];
  for (const c of ref.communes) {
    const r = new Rng(`canton:${c.code}`);
    const can = `${c.dep}${String(r.int(1, 25)).padStart(2, '0')}`;
    canton.set(c.code, can);
    const { ncc, enr } = names(c.nom, c.typeLiaison);
    rows.push([
      'COM',
      c.code,
      REGION.code,
      c.dep,
      `${c.dep}D`,
      c.arrondissement,
      c.typeLiaison,
      ncc,
      enr,
      c.nom,
      can,
      '',
    ]);
  }
  const delegated = raw.filter((c) => c.type === 'commune-deleguee' && ref.byCode.has(c.chefLieu ?? ''));
  for (const c of delegated) {
    const { ncc, enr } = names(c.nom, c.typeLiaison ?? 0);
    rows.push(['COMD', c.code, '', '', '', '', c.typeLiaison ?? 0, ncc, enr, c.nom, '', c.chefLieu]);
  }
  rows.sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])));
  return { header, rows };
}

// ───────────────────────────── unemployment and job seekers ─────────────────────────────

const quarters = (from: number, to: number) => {
  const out: string[] = [];
  for (let y = from; y <= to; y++) for (let q = 1; q <= 4; q++) out.push(`${y}-T${q}`);
  return out;
};
const CHOMAGE_QUARTERS = quarters(2019, 2024);
/** Shape of the localised unemployment rate over time (France-like path, relative to its 2021 level). */
const CHOMAGE_PATH = [
  8.5, 8.3, 8.3, 8.0, 7.7, 7.1, 8.9, 8.0, 8.0, 7.9, 7.9, 7.3, 7.2, 7.3, 7.1, 7.0, 6.9, 7.0, 7.2, 7.3, 7.3, 7.1, 7.4,
  7.3,
].map((x) => x / 7.78);
const DEFM_QUARTERS = quarters(2021, 2024);
const DEFM_PATH_ABC = [
  1.0, 0.985, 0.975, 0.955, 0.945, 0.935, 0.93, 0.925, 0.925, 0.92, 0.92, 0.925, 0.93, 0.93, 0.935, 0.94,
];
const DEFM_PATH_A = [
  1.0, 0.965, 0.94, 0.905, 0.885, 0.875, 0.87, 0.865, 0.865, 0.86, 0.86, 0.868, 0.875, 0.878, 0.885, 0.893,
];
const AGE_BANDS = ['Moins de 25 ans', '25 à 49 ans', '50 ans ou plus'];

interface ZoneSeries {
  zeRates: Map<string, number[]>;
  depRates: Map<Dep, number[]>;
}

function unemploymentRates(ref: Reference, census: CensusData): ZoneSeries {
  const act = (c: Commune) => census.vars.get(`${c.code}:2021`)!.get('P_ACT1564')!;
  const chom = (c: Commune) => census.vars.get(`${c.code}:2021`)!.get('P_CHOM1564')!;
  const zeRates = new Map<string, number[]>();
  for (const ze of Object.keys(ZONES_EMPLOI)) {
    const list = ref.communes.filter((c) => c.ze === ze);
    const base = (list.reduce((s, c) => s + chom(c), 0) / list.reduce((s, c) => s + act(c), 0)) * 0.7 * 100;
    const r = new Rng(`chomage:${ze}`);
    const seasonal = r.uniform(0, 0.25);
    zeRates.set(
      ze,
      CHOMAGE_PATH.map((f, i) => round(base * f * (1 + r.normal(0, 0.012)) + (i % 4 === 1 ? -seasonal : 0), 1)),
    );
  }
  const depRates = new Map<Dep, number[]>();
  for (const dep of DEPARTEMENTS) {
    const list = ref.communes.filter((c) => c.dep === dep);
    const total = list.reduce((s, c) => s + act(c), 0);
    depRates.set(
      dep,
      CHOMAGE_QUARTERS.map((_, i) => round(list.reduce((s, c) => s + act(c) * zeRates.get(c.ze)![i], 0) / total, 1)),
    );
  }
  return { zeRates, depRates };
}

function chomageFiles(series: ZoneSeries) {
  const ze = {
    header: ['ZE2020', 'LIBZE2020', ...CHOMAGE_QUARTERS],
    rows: Object.entries(ZONES_EMPLOI).map(([code, z]) => [
      code,
      z.nom,
      ...series.zeRates.get(code)!.map((x) => x.toFixed(1)),
    ]),
  };
  const dep = {
    header: ['DEP', 'LIBDEP', ...CHOMAGE_QUARTERS],
    rows: DEPARTEMENTS.map((d) => [d, DEP_NAMES[d], ...series.depRates.get(d)!.map((x) => x.toFixed(1))]),
  };
  return { ze, dep };
}

/** Registered job seekers by category and age band; Ensemble is the sum of the three bands, counts rounded to tens. */
function defmFiles(ref: Reference, census: CensusData) {
  const latent = new Map<string, { abc: number; shares: number[]; aShare: number }>();
  for (const c of ref.communes) {
    const v = census.vars.get(`${c.code}:2021`)!;
    const p = census.profiles.get(c.code)!;
    const r = new Rng(`defm:${c.code}`);
    const abc = (v.get('P_POP1564')! / U) * p.unemp * 1.02 * r.factor(0.08);
    const shares = [0.12 * r.factor(0.1), 0.58, 0.3 * r.factor(0.08)];
    latent.set(c.code, { abc, shares, aShare: clamp(0.57 + r.normal(0, 0.03), 0.45, 0.7) });
  }
  const rowsFor = (code: string, libelle: string, members: Commune[]) => {
    const rows: Cell[][] = [];
    for (const cat of ['A', 'ABC'] as const) {
      const bands = AGE_BANDS.map((_, b) =>
        DEFM_QUARTERS.map((_, t) => {
          const total = members.reduce((s, c) => {
            const l = latent.get(c.code)!;
            const sum = l.shares.reduce((a, x) => a + x, 0);
            const value = l.abc * (l.shares[b] / sum) * (cat === 'A' ? l.aShare * DEFM_PATH_A[t] : DEFM_PATH_ABC[t]);
            return s + value;
          }, 0);
          return Math.round(total / 10) * 10;
        }),
      );
      AGE_BANDS.forEach((band, b) => rows.push([code, libelle, cat, band, ...bands[b]]));
      rows.push([code, libelle, cat, 'Ensemble', ...DEFM_QUARTERS.map((_, t) => bands.reduce((s, x) => s + x[t], 0))]);
    }
    return rows;
  };
  const ze = {
    header: ['ZE2020', 'LIBZE2020', 'Catégorie', "Tranche d'âge", ...DEFM_QUARTERS],
    rows: Object.entries(ZONES_EMPLOI).flatMap(([code, z]) =>
      rowsFor(
        code,
        z.nom,
        ref.communes.filter((c) => c.ze === code),
      ),
    ),
  };
  const dep = {
    header: ['DEP', 'LIBDEP', 'Catégorie', "Tranche d'âge", ...DEFM_QUARTERS],
    rows: DEPARTEMENTS.flatMap((d) =>
      rowsFor(
        d,
        DEP_NAMES[d],
        ref.communes.filter((c) => c.dep === d),
      ),
    ),
  };
  return { ze, dep };
}

// ───────────────────────────── BMO ─────────────────────────────

/** BMO occupations: code, label, family, projects per 1 000 inhabitants, share judged difficult, share seasonal. */
const METIERS: [code: string, nom: string, famille: string, rate: number, difficult: number, seasonal: number][] = [
  ['A1Z40', 'Agriculteurs salariés', 'A', 0.9, 0.45, 0.75],
  ['A1Z41', 'Viticulteurs, arboriculteurs salariés', 'A', 1.6, 0.4, 0.9],
  ['A1Z42', 'Maraîchers, horticulteurs salariés', 'A', 0.6, 0.5, 0.7],
  ['A2Z70', "Techniciens et cadres de l'agriculture", 'A', 0.1, 0.5, 0.1],
  ['B0Z20', 'Ouvriers non qualifiés du gros œuvre du bâtiment', 'C', 0.7, 0.65, 0.1],
  ['B2Z40', 'Maçons', 'C', 0.6, 0.8, 0.05],
  ['B4Z41', 'Électriciens du bâtiment', 'C', 0.5, 0.8, 0.05],
  ['B4Z42', 'Plombiers, chauffagistes', 'C', 0.4, 0.85, 0.03],
  ['B6Z71', "Techniciens et chargés d'études du BTP", 'C', 0.3, 0.75, 0.02],
  ['C1Z40', "Ouvriers qualifiés de l'électricité et de l'électronique", 'I', 0.2, 0.7, 0.03],
  ['D1Z40', "Régleurs, ouvriers qualifiés de l'usinage", 'I', 0.3, 0.8, 0.02],
  ['D2Z40', 'Chaudronniers, tôliers, soudeurs', 'I', 0.3, 0.82, 0.02],
  ['D6Z70', 'Techniciens et agents de maîtrise des industries mécaniques', 'I', 0.25, 0.75, 0.02],
  ['E0Z21', 'Ouvriers non qualifiés des industries de process', 'I', 0.6, 0.45, 0.2],
  ['E1Z40', 'Ouvriers qualifiés des industries de process', 'I', 0.4, 0.6, 0.1],
  ['G0A40', 'Ouvriers qualifiés de la maintenance', 'I', 0.35, 0.8, 0.04],
  ['G1Z70', 'Techniciens et agents de maîtrise de la maintenance', 'I', 0.3, 0.78, 0.03],
  ['J0Z20', "Ouvriers non qualifiés de l'emballage et manutentionnaires", 'I', 0.9, 0.4, 0.3],
  ['J1Z40', 'Ouvriers qualifiés du magasinage et de la manutention', 'I', 0.6, 0.45, 0.2],
  ['J3Z42', 'Conducteurs routiers', 'T', 0.6, 0.75, 0.08],
  ['J3Z44', 'Conducteurs de transport en commun sur route', 'T', 0.35, 0.7, 0.15],
  ['L2Z60', "Agents d'accueil et d'information", 'F', 0.7, 0.3, 0.45],
  ['L4Z80', 'Secrétaires bureautiques et assimilés', 'F', 0.4, 0.35, 0.05],
  ['L5Z60', 'Employés de la comptabilité', 'F', 0.3, 0.5, 0.05],
  ['L6Z90', 'Cadres des services administratifs, comptables et financiers', 'F', 0.4, 0.55, 0.02],
  ['M2Z90', "Ingénieurs et cadres d'étude, R&D en informatique, chefs de projets informatiques", 'E', 0.6, 0.6, 0.01],
  ['N0Z90', "Ingénieurs et cadres techniques de l'industrie", 'E', 0.4, 0.65, 0.01],
  ['R1Z60', 'Employés de libre-service', 'V', 1.2, 0.3, 0.35],
  ['R1Z61', 'Caissiers', 'V', 0.8, 0.25, 0.45],
  ['R2Z80', 'Vendeurs en produits alimentaires', 'V', 0.6, 0.45, 0.4],
  ['R2Z83', 'Vendeurs en habillement, articles de sport et de loisirs', 'V', 0.7, 0.35, 0.55],
  ['R4Z90', 'Attachés commerciaux', 'V', 0.6, 0.55, 0.05],
  ['S1Z20', "Apprentis et ouvriers non qualifiés de l'alimentation", 'V', 0.4, 0.5, 0.3],
  ['S1Z40', 'Bouchers, charcutiers, boulangers', 'V', 0.5, 0.75, 0.15],
  ['S1Z80', 'Cuisiniers', 'V', 1.6, 0.7, 0.7],
  ['S2Z60', "Employés de l'hôtellerie", 'V', 1.2, 0.55, 0.85],
  ['S2Z61', 'Serveurs de cafés restaurants', 'V', 2.0, 0.6, 0.8],
  ['S2Z80', 'Aides de cuisine, apprentis de cuisine et employés polyvalents de la restauration', 'V', 2.2, 0.55, 0.75],
  ['S3Z20', "Professionnels de l'animation socioculturelle", 'S', 1.4, 0.45, 0.8],
  ['T0Z60', 'Coiffeurs, esthéticiens', 'V', 0.4, 0.7, 0.05],
  ['T2A60', 'Aides à domicile et aides ménagères', 'S', 1.0, 0.75, 0.08],
  ['T4Z60', "Agents d'entretien de locaux", 'V', 1.7, 0.55, 0.35],
  ['T6Z61', 'Employés des services divers (remontées mécaniques, loisirs)', 'V', 0.9, 0.35, 0.9],
  ['V0Z60', 'Aides-soignants', 'S', 1.0, 0.8, 0.1],
  ['V1Z80', 'Infirmiers', 'S', 0.6, 0.8, 0.05],
  ['V4Z80', 'Éducateurs spécialisés', 'S', 0.3, 0.7, 0.03],
  ['W0Z80', 'Professeurs du secondaire et formateurs', 'S', 0.3, 0.4, 0.1],
];
const FAMILLES: Record<string, string> = {
  A: "Métiers de l'agriculture",
  C: 'Métiers de la construction',
  I: "Métiers de l'industrie",
  T: 'Métiers du transport et de la logistique',
  F: 'Fonctions administratives',
  E: "Fonctions d'encadrement et d'ingénierie",
  V: 'Métiers de la vente, du tourisme et des services',
  S: 'Fonctions sociales et médico-sociales',
};
const TOURIST_BMO = new Set(['8469', '8468', '8474', '8473', '8472', '8467', '8461', '8452']);
const FARM_BMO = new Set(['8452', '8453', '8455', '8457', '8458', '8451', '8456']);

function bmoFile(ref: Reference, year: 2024 | 2025) {
  const yy = String(year).slice(2);
  const header = [
    'annee',
    'Code métier BMO',
    'Nom métier BMO',
    'Famille_met',
    'Lbl_fam_met',
    'REG',
    'NOM_REG',
    'Dept',
    'NomDept',
    `BE${yy}`,
    `NOMBE${yy}`,
    'met',
    'xmet',
    'smet',
  ];
  const rows: Cell[][] = [];
  for (const be of Object.keys(BASSINS_BMO)) {
    for (const dep of DEPARTEMENTS) {
      const pop = ref.communes.filter((c) => c.bmo === be && c.dep === dep).reduce((s, c) => s + c.pop, 0);
      if (pop === 0) continue; // a bassin spanning two départements appears once per département
      for (const [code, nom, fam, rate, difficult, seasonal] of METIERS) {
        const r = new Rng(`bmo:${year}:${be}:${dep}:${code}`);
        let boost = 1;
        if (TOURIST_BMO.has(be) && (fam === 'V' || code === 'S3Z20')) boost *= seasonal > 0.5 ? 3.2 : 1.5;
        if (FARM_BMO.has(be) && fam === 'A') boost *= 2.5;
        if ((be === '8459' || be === '8460' || be === '8470') && fam === 'E') boost *= 2.2;
        const expected = (pop / 1000) * rate * boost * r.factor(0.3) * (year === 2025 ? 0.94 : 1);
        if (expected < 1.5) continue; // no project declared: no row
        const met = Math.round(expected);
        const xmet = Math.min(met, Math.round(met * clamp(difficult + r.normal(0, 0.08), 0, 1)));
        const smet = Math.min(
          met,
          Math.round(met * clamp(seasonal * (TOURIST_BMO.has(be) ? 1.1 : 0.9) + r.normal(0, 0.06), 0, 1)),
        );
        const secretAll = met < 6;
        const secretParts = !secretAll && met < 25 && r.chance(0.4);
        rows.push([
          year,
          code,
          nom,
          fam,
          FAMILLES[fam],
          REGION.code,
          REGION.nom,
          dep,
          DEP_NAMES[dep],
          be,
          BASSINS_BMO[be],
          secretAll ? '*' : met,
          secretAll || secretParts ? '*' : xmet,
          secretAll || secretParts ? '*' : smet,
        ]);
      }
    }
  }
  return { header, rows };
}

// ───────────────────────────── Sirene ─────────────────────────────

const SIRENE_HEADER = (
  'siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,anneeEffectifsEtablissement,' +
  'activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,etablissementSiege,nombrePeriodesEtablissement,' +
  'complementAdresseEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,' +
  'indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,' +
  'libelleCommuneEtablissement,libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,' +
  'codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,' +
  'identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,' +
  'complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,' +
  'libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,' +
  'distributionSpeciale2Etablissement,codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,' +
  'codePaysEtranger2Etablissement,libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,enseigne1Etablissement,' +
  'enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,' +
  'nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement'
).split(',');

/**
 * NAF rév. 2 codes with a weight (share of the establishment stock) and a size tendency (0: mostly sole traders,
 * property companies; 3: large sites). The size tendency sets the chance of being an employer and the size band.
 */
const NAF: [code: string, weight: number, size: number][] = [
  ['01.11Z', 0.6, 0],
  ['01.21Z', 0.8, 0.3],
  ['01.24Z', 0.5, 0.3],
  ['01.41Z', 0.6, 0],
  ['01.45Z', 0.3, 0],
  ['02.20Z', 0.3, 0.2],
  ['10.71C', 1.2, 0.8],
  ['10.13B', 0.3, 0.6],
  ['10.51C', 0.15, 0.9],
  ['11.02B', 0.2, 0.8],
  ['16.10A', 0.2, 1],
  ['22.29A', 0.2, 1.8],
  ['25.62B', 0.6, 1.4],
  ['25.11Z', 0.3, 1.3],
  ['26.11Z', 0.12, 3],
  ['27.12Z', 0.1, 2.2],
  ['28.41Z', 0.1, 2],
  ['25.73B', 0.15, 1.6],
  ['32.50A', 0.2, 0.8],
  ['33.12Z', 0.3, 1],
  ['20.14Z', 0.05, 2.5],
  ['24.10Z', 0.03, 3],
  ['24.42Z', 0.02, 3],
  ['35.11Z', 0.2, 0.5],
  ['38.11Z', 0.1, 2],
  ['41.20A', 0.6, 1],
  ['43.21A', 1.2, 0.8],
  ['43.22A', 1.0, 0.8],
  ['43.32A', 0.9, 0.7],
  ['43.34Z', 0.8, 0.6],
  ['43.99C', 1.3, 0.8],
  ['43.12A', 0.4, 1.1],
  ['43.91B', 0.3, 0.8],
  ['45.20A', 1.0, 0.8],
  ['45.11Z', 0.5, 1.2],
  ['46.90Z', 0.5, 1],
  ['47.11F', 0.08, 3],
  ['47.11D', 0.2, 2.2],
  ['47.11B', 0.3, 0.8],
  ['47.73Z', 0.4, 1.2],
  ['47.71Z', 0.8, 0.6],
  ['47.64Z', 0.5, 0.7],
  ['47.91B', 0.6, 0.2],
  ['47.24Z', 0.2, 0.7],
  ['47.26Z', 0.3, 0.5],
  ['47.52B', 0.2, 1.5],
  ['47.78C', 0.6, 0.4],
  ['49.41A', 0.5, 1.3],
  ['49.32Z', 0.5, 0.1],
  ['49.39B', 0.15, 1.5],
  ['52.29A', 0.1, 1.6],
  ['52.10B', 0.05, 2.2],
  ['53.20Z', 0.6, 0.1],
  ['55.10Z', 0.8, 1.3],
  ['55.20Z', 1.0, 0.3],
  ['56.10A', 2.2, 1],
  ['56.10C', 1.2, 0.7],
  ['56.30Z', 0.6, 0.5],
  ['56.21Z', 0.2, 1],
  ['62.01Z', 1.0, 0.6],
  ['62.02A', 0.6, 0.7],
  ['63.12Z', 0.1, 0.5],
  ['58.29C', 0.1, 1.2],
  ['59.11B', 0.1, 0.3],
  ['72.19Z', 0.1, 1.5],
  ['64.19Z', 0.4, 1.4],
  ['66.22Z', 0.4, 0.5],
  ['64.20Z', 1.2, 0.1],
  ['68.20A', 1.0, 0],
  ['68.20B', 1.4, 0],
  ['68.31Z', 0.6, 0.5],
  ['68.10Z', 0.3, 0.1],
  ['69.10Z', 0.5, 0.5],
  ['69.20Z', 0.4, 1.1],
  ['70.22Z', 2.0, 0.2],
  ['71.12B', 0.9, 0.7],
  ['71.11Z', 0.4, 0.4],
  ['73.11Z', 0.3, 0.4],
  ['74.10Z', 0.5, 0.1],
  ['74.90B', 0.8, 0.2],
  ['75.00Z', 0.1, 0.8],
  ['77.11A', 0.1, 0.8],
  ['77.21Z', 0.1, 0.8],
  ['78.20Z', 0.15, 1.8],
  ['81.21Z', 0.5, 1.5],
  ['81.30Z', 0.6, 0.5],
  ['82.99Z', 0.6, 0.3],
  ['79.11Z', 0.1, 0.7],
  ['84.11Z', 0.4, 1.6],
  ['85.31Z', 0.1, 2.3],
  ['85.59A', 0.6, 0.4],
  ['85.51Z', 0.8, 0.2],
  ['85.53Z', 0.15, 0.8],
  ['85.20Z', 0.2, 1.5],
  ['86.21Z', 0.6, 0.2],
  ['86.23Z', 0.3, 0.5],
  ['86.90D', 0.6, 0],
  ['86.90E', 0.7, 0.1],
  ['87.10A', 0.1, 2.3],
  ['88.10A', 0.2, 2],
  ['86.10Z', 0.05, 3.5],
  ['88.91A', 0.15, 1.5],
  ['93.12Z', 0.5, 0.4],
  ['93.29Z', 0.3, 0.6],
  ['90.01Z', 0.5, 0.1],
  ['93.11Z', 0.1, 1.2],
  ['96.02A', 0.8, 0.6],
  ['96.02B', 0.5, 0.3],
  ['94.99Z', 2.0, 0.3],
  ['96.09Z', 0.6, 0.1],
  ['95.11Z', 0.1, 0.5],
];
const TOURISM_NAF = /^(55|56|85\.51|93|79|77\.21)/;
const MOUNTAIN_BASSINS = new Set(['73-albertville-tarentaise', '73-maurienne', '74-genevois-arve', '74-chablais']);
/** Industrial bassins (chemistry of the Rhône corridor, Nord Isère, Maurienne metallurgy, Annonay) and their factor on divisions 10-33. */
const INDUSTRIAL_BASSINS: Record<string, number> = {
  '38-nord-isere': 1.7,
  '38-isere-rhodanienne': 1.8,
  '73-maurienne': 1.6,
  '38-voironnais-chartreuse': 1.3,
  '07-ardeche-verte': 1.4,
  '26-drome-des-collines': 1.2,
  '38-gresivaudan': 1.3,
};
/** Zone d'emploi of the Arve valley: bar turning (décolletage, 25.62B) and mechanical engineering. */
const ZE_ARVE = '8418';
/** Ski and tourist resorts (and spa towns): many more hotels, restaurants, ski schools and rental shops per inhabitant. */
const RESORTS: Record<string, number> = {
  // Savoie
  '73304': 4,
  '73296': 4,
  '73227': 4,
  '73257': 3.5,
  '73015': 3.5,
  '73150': 3,
  '73206': 3,
  '73306': 3,
  '73290': 2.5,
  '73197': 2,
  '73071': 2,
  '73023': 2,
  '73047': 2,
  '73094': 2,
  '73132': 2,
  '73280': 3,
  '73116': 2.5,
  '73318': 2.5,
  '73057': 2.5,
  '73054': 1.6,
  '73006': 1.5,
  '73034': 1.5,
  '73194': 1.5,
  '73008': 1.3,
  // Haute-Savoie
  '74056': 3,
  '74173': 3.5,
  '74191': 3,
  '74134': 3.5,
  '74080': 3.5,
  '74136': 3,
  '74063': 3,
  '74014': 2.5,
  '74258': 2,
  '74085': 2.5,
  '74083': 2,
  '74143': 1.8,
  '74236': 1.8,
  '74290': 1.8,
  '74215': 2,
  '74188': 2,
  '74001': 1.5,
  '74238': 1.4,
  '74275': 2,
  '74176': 1.5,
  '74119': 1.4,
  // Isère
  '38191': 4,
  '38253': 4,
  '38567': 3,
  '38548': 2,
  '38225': 1.5,
  '38205': 1.5,
  '38129': 2.5,
  '38186': 2,
  '38527': 3,
  '38289': 3,
  '38020': 2,
  '38550': 3,
  '38375': 2,
  '38005': 1.5,
  '38052': 1.5,
  '38173': 1.3,
  '38442': 1.8,
  // Ardèche and Drôme: summer tourism, spa towns, perched villages
  '07330': 2,
  '07201': 1.6,
  '07331': 1.3,
  '07334': 1.3,
  '26146': 1.4,
  '26114': 1.2,
  '26220': 1.2,
};
const TRANCHES: [string, number][] = [
  ['01', 12],
  ['02', 8],
  ['03', 5],
  ['11', 4],
  ['12', 2.6],
  ['21', 1.3],
  ['22', 0.7],
  ['31', 0.3],
  ['32', 0.15],
  ['41', 0.06],
  ['42', 0.03],
  ['51', 0.01],
  ['52', 0.005],
];
const VOIES: [type: string, nom: string][] = [
  ['RUE', 'DE LA REPUBLIQUE'],
  ['AV', 'DU GENERAL DE GAULLE'],
  ['RUE', 'JEAN JAURES'],
  ['AV', 'DES ALPES'],
  ['RUE', 'DE LA GARE'],
  ['CHE', 'DU STADE'],
  ['RUE', 'DES ECOLES'],
  ['BD', 'DE LA LIBERATION'],
  ['RUE', 'VICTOR HUGO'],
  ['RTE', 'DU MONT BLANC'],
  ['CHE', 'DE BELLEDONNE'],
  ['AV', 'DU VERCORS'],
  ['RTE', 'DE CHARTREUSE'],
  ['ALL', 'DES CHENES'],
  ['CHE', 'DU MOULIN'],
  ['RUE', 'DES ARTISANS'],
  ['RUE', "DE L'INDUSTRIE"],
  ['QUA', 'DU LAC'],
  ['RUE', 'PASTEUR'],
  ['PL', 'DU 8 MAI 1945'],
  ['CHE', 'DES PRES'],
  ['IMP', 'DU CHATEAU'],
  ['ZA', 'DES ILES'],
  ['RTE', 'DE LYON'],
  ['RTE', 'NATIONALE 7'],
  ['RUE', 'DU DOCTEUR ROUX'],
  ['LD', 'LE VILLAGE'],
  ['AV', 'DE SAVOIE'],
];
const ENSEIGNES = [
  'BOULANGERIE DU CENTRE',
  'GARAGE DES ALPES',
  'PHARMACIE DE LA GARE',
  'LE BISTROT',
  'CAFE DES SPORTS',
  'CHEZ PAUL, TRAITEUR',
  "L'ATELIER",
  'LA FERME DU COTEAU',
  'AU PETIT MARCHE',
  'SKI SERVICE',
  'LES JARDINS DU RHONE',
  'BAR-TABAC LE CENTRAL',
  'L\'EPICERIE "BIO"',
];

/** Luhn check digit appended to a digit string (SIREN, SIRET, and the SIRET of schools in the annuaire). */
function luhnComplete(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(prefix + d)) return prefix + d;
  throw new Error('luhn');
}
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
function randomDate(r: Rng, from: number, to: number): string {
  return `${r.int(from, to)}-${pad2(r.int(1, 12))}-${pad2(r.int(1, 28))}`;
}

/** An integer drawn around `mean` (Poisson for small means, normal approximation above). */
function poisson(r: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 40) return Math.max(0, Math.round(r.normal(mean, Math.sqrt(mean))));
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = r.next(); p > limit; p *= r.next()) k++;
  return k;
}

/** Establishments per commune: employer and non-employer active ones, closed ones. */
interface SireneCounts {
  employers: number;
  others: number;
  closed: number;
}

/** Mean density of active employer establishments, per 1 000 inhabitants, over the five départements. */
const EMPLOYERS_PER_1000 = 22;

/**
 * Counts per commune. The employer density rises with the size of the commune (small towns serve their
 * surroundings, villages have a few craftsmen and a café), is higher in resorts and mountain bassins, lower
 * in the Genevois (residents working in Geneva), a little higher in the touristic south; it is then scaled to EMPLOYERS_PER_1000 on average.
 */
function sireneCounts(ref: Reference): Map<string, SireneCounts> {
  for (const code of Object.keys(RESORTS))
    if (!ref.byCode.has(code)) throw new Error(`station pour une commune inconnue : ${code}`);
  const raw = ref.communes.map((c) => {
    const r = new Rng(`sirene:densite:${c.code}`);
    const urban = clamp((Math.log10(Math.max(c.pop, 10)) - 2) / 3, 0, 1);
    const pole = TOWNS[c.code] ? 1.25 : 1;
    const resort = RESORTS[c.code] ?? 1;
    const mountain = MOUNTAIN_BASSINS.has(c.bassin) ? 1.15 : 1;
    const genevois = c.ze === '8416' ? 0.8 : 1;
    const south = c.bassin === '07-ardeche-meridionale' || c.bassin === '26-drome-provencale' ? 1.1 : 1;
    // Less noise for large communes: their many establishments average out local accidents.
    const density =
      (0.62 + 0.7 * urban) * pole * resort * mountain * genevois * south * r.factor(0.25 * (1 - 0.6 * urban));
    return { c, r, density, resort, urban };
  });
  const totalPop = ref.communes.reduce((s, c) => s + c.pop, 0);
  const scale = (EMPLOYERS_PER_1000 * totalPop) / 1000 / raw.reduce((s, x) => s + x.density * x.c.pop, 0);
  const counts = new Map<string, SireneCounts>();
  for (const { c, r, density, resort, urban } of raw) {
    const employers = poisson(r, density * scale * c.pop);
    // Sole traders, property companies and furnished lettings: relatively more in the countryside and in resorts.
    // The real stock holds far more of them (and of closed ones); the extract keeps a sample so that the file stays
    // under 5 MiB, while every employer establishment (what the indicators count) is there.
    const others = poisson(
      r,
      employers * (0.35 + 0.18 * (1 - urban)) * Math.sqrt(resort) * r.factor(0.2) + (c.pop > 0 ? 1 : 0),
    );
    const closed = poisson(r, (employers + others) * 0.12 * r.factor(0.25));
    counts.set(c.code, { employers, others, closed });
  }
  return counts;
}

type SireneKind = 'employer' | 'other' | 'closed';

/** Chance that an establishment of this size tendency employs staff. */
const employerChance = (size: number) => clamp(0.18 + 0.22 * size, 0.05, 0.95);

/** Weight of each NAF code in a commune, for one kind of establishment: local economy, tourism, agriculture, town size. */
function nafWeights(c: Commune, kind: SireneKind): (readonly [string, number])[] {
  const urban = clamp((Math.log10(Math.max(c.pop, 10)) - 2) / 3, 0, 1);
  const mountain = MOUNTAIN_BASSINS.has(c.bassin);
  const resort = RESORTS[c.code] ?? 1;
  const southern = c.dep === '07' || c.dep === '26';
  const alpine = c.dep === '73' || c.dep === '74';
  const techPole = c.bassin === '38-grenoble' || c.bassin === '38-gresivaudan';
  return NAF.map(([code, w, size]) => {
    const division = Number(code.slice(0, 2));
    let f = 1;
    if (division <= 3) f *= (0.4 + 2.2 * (1 - urban) ** 2) * (southern ? 1.6 : 1);
    if (code === '01.21Z') f *= southern ? 2.5 : alpine ? 0.2 : 0.7;
    if (code === '01.24Z') f *= southern ? 2.5 : 0.6;
    if (code === '01.41Z' || code === '10.51C') f *= alpine ? 2.5 : 0.8;
    if (division >= 10 && division <= 33) f *= INDUSTRIAL_BASSINS[c.bassin] ?? 1;
    if (c.ze === ZE_ARVE && division >= 22 && division <= 33) f *= code === '25.62B' ? 8 : 2.5;
    if (code === '20.14Z') f *= c.bassin === '38-isere-rhodanienne' ? 6 : 1;
    if (code === '24.42Z' || code === '24.10Z') f *= c.bassin === '73-maurienne' ? 8 : 1;
    if (code === '26.11Z' || code === '72.19Z') f *= techPole ? 4 : 0.6;
    if (code === '52.29A' || code === '52.10B' || code === '49.41A')
      f *= c.bassin === '38-nord-isere' ? 3 : c.bassin === '26-valence-royans' ? 1.6 : 1;
    if (division >= 41 && division <= 43) f *= c.dep === '74' ? 1.25 : 1;
    if (TOURISM_NAF.test(code) || code === '47.64Z' || code === '68.20A') f *= (mountain ? 2 : 1) * resort ** 1.2;
    if (code === '77.21Z' || code === '85.51Z') f *= resort > 1.5 ? 4 : 1;
    if (division >= 58 && division <= 82 && !/^(68|77\.21|79)/.test(code)) f *= 0.5 + 0.9 * urban;
    if (division >= 84 && division <= 88) f *= 0.7 + 0.6 * urban;
    if (code === '47.11F' || code === '47.11D' || code === '86.10Z' || code === '85.31Z') f *= urban > 0.45 ? 1.5 : 0.2;
    const p = employerChance(size);
    const share = kind === 'employer' ? p : kind === 'other' ? 1 - p : 1;
    return [code, w * f * share] as const;
  });
}

/** Dates of mass updates of the directory (many establishments share them as their last processing date). */
const MASS_TREATMENT_DATES = [
  '2019-11-14',
  '2020-03-31',
  '2021-01-28',
  '2021-10-05',
  '2022-06-30',
  '2023-02-14',
  '2023-09-21',
  '2024-03-22',
];
/** Times of day of the processing batches: one per processing date, as in the real file. */
const TREATMENT_TIMES = Array.from(
  { length: 24 },
  (_, i) => `T${pad2(1 + ((i * 7) % 22))}:${pad2((i * 17) % 60)}:${pad2((i * 31) % 60)}`,
);

function sireneFile(ref: Reference) {
  const counts = sireneCounts(ref);
  const usedSiren = new Set<string>();
  const companies: { siren: string; n: number; naf: string }[] = [];
  const rows: Cell[][] = [];
  const rSiren = new Rng('sirene:siren');
  const newSiren = (first: string) => {
    for (;;) {
      const s = luhnComplete(first + String(rSiren.int(0, 9_999_999)).padStart(7, '0'));
      if (!usedSiren.has(s)) {
        usedSiren.add(s);
        return s;
      }
    }
  };
  const sizeOf = new Map(NAF.map(([code, , size]) => [code, size]));
  for (const c of ref.communes) {
    const r = new Rng(`sirene:${c.code}`);
    const n = counts.get(c.code)!;
    const weights: Record<SireneKind, (readonly [string, number])[]> = {
      employer: nafWeights(c, 'employer'),
      other: nafWeights(c, 'other'),
      closed: nafWeights(c, 'closed'),
    };
    // Geocoding at the street: every establishment of a street of the commune gets the street's point.
    const streets = new Map<string, [number, number]>();
    const streetPoint = (voie: string): [number, number] => {
      if (!streets.has(voie)) {
        const rv = new Rng(`sirene:voie:${c.code}:${voie}`);
        streets.set(voie, lambert93(c.lat + rv.uniform(-0.02, 0.02), c.lon + rv.uniform(-0.03, 0.03)));
      }
      return streets.get(voie)!;
    };
    const kinds: SireneKind[] = [
      ...Array<SireneKind>(n.employers).fill('employer'),
      ...Array<SireneKind>(n.others).fill('other'),
      ...Array<SireneKind>(n.closed).fill('closed'),
    ];
    for (const kind of kinds) {
      let naf = r.weighted(weights[kind]);
      let siren: string;
      let siege = true;
      let seq = 1;
      // Secondary establishments of a company already seen (chains, networks, public bodies): mostly employers.
      const branch = companies.length > 50 && r.chance(kind === 'employer' ? 0.16 : 0.05);
      if (branch) {
        const company = companies[Math.floor(r.next() * companies.length)];
        siren = company.siren;
        naf =
          r.chance(0.8) && (kind !== 'employer' || employerChance(sizeOf.get(company.naf)!) > 0.2) ? company.naf : naf;
        company.n += 1;
        seq = company.n;
        siege = false;
      } else {
        siren = newSiren(naf === '84.11Z' || naf === '85.31Z' ? '2' : String(r.int(3, 9)));
        companies.push({ siren, n: 1, naf });
      }
      const nic = luhnComplete(siren + String(seq).padStart(4, '0')).slice(9);
      const size = sizeOf.get(naf)!;
      const closed = kind === 'closed';
      const employer = kind === 'employer';
      let tranche = 'NN';
      if (employer) {
        const scaled = TRANCHES.map(([t, w], i) => [t, w * Math.exp(size * i * 0.12)] as const);
        tranche = r.weighted(scaled);
      } else if (!closed && r.chance(0.12)) tranche = '00';
      else if (closed && r.chance(0.25)) tranche = r.pick(['01', '02', '03']);
      const creationYear = closed
        ? r.int(1975, 2022)
        : Math.min(2024, Math.round(2024 - Math.abs(r.normal(0, employer ? 16 : 9))));
      const creation = randomDate(r, creationYear, creationYear);
      const drawn = closed
        ? randomDate(r, Math.max(creationYear, 2005), 2024)
        : r.chance(0.75)
          ? creation
          : randomDate(r, creationYear, 2024);
      // biome-ignore lint/complexity/useMathMinMax: ISO dates compared as strings, not numbers
      const debut = drawn < creation ? creation : drawn;
      // Partial diffusion (« [ND] » address) concerns sole traders, never public bodies (SIREN starting with 1 or 2).
      const partial = !/^[12]/.test(siren) && r.chance(employer ? 0.01 : 0.06);
      const [voieType, voieNom] = r.pick(VOIES);
      const numero = voieType === 'LD' ? '' : String(r.int(1, 180));
      const [x, y] = streetPoint(voieNom);
      const geocoded = r.chance(0.92);
      const nd = (value: Cell) => (partial ? '[ND]' : value);
      // Many establishments were last touched by the same mass update; the others on a day of their own.
      const mass = r.pick(MASS_TREATMENT_DATES);
      const treated =
        mass >= debut && r.chance(0.45) ? mass : randomDate(r, Math.max(2019, Number(debut.slice(0, 4))), 2024);
      // biome-ignore lint/complexity/useMathMinMax: ISO dates compared as strings, not numbers
      const traitementDate = treated < debut ? debut : treated;
      const traitement = `${traitementDate}${TREATMENT_TIMES[hashString(traitementDate) % TREATMENT_TIMES.length]}`;
      const artisan =
        ['10.71C', '43.21A', '43.22A', '43.32A', '43.99C', '45.20A', '96.02A'].includes(naf) && r.chance(0.5);
      const enseigne =
        (naf.startsWith('56') || naf.startsWith('47') || naf.startsWith('45') || naf === '10.71C') && r.chance(0.3)
          ? r.pick(ENSEIGNES)
          : '';
      rows.push([
        siren,
        nic,
        siren + nic,
        partial ? 'P' : 'O',
        creation,
        tranche,
        tranche === 'NN' ? '' : String(r.int(2021, 2022)),
        artisan ? `${naf.replace('.', '').slice(0, 4)}${r.pick(['ZZ', 'AB', 'ZA'])}` : '',
        traitement,
        siege ? 'true' : 'false',
        r.int(1, 4),
        r.chance(0.08) ? nd(r.pick(['BAT A', 'ZONE ARTISANALE', 'LE HAMEAU, BAT 2', 'CENTRE COMMERCIAL'])) : '',
        nd(numero),
        '',
        '',
        '',
        nd(voieType),
        nd(voieNom),
        c.postal,
        upperAscii(c.nom),
        '',
        '',
        c.code,
        '',
        '',
        '',
        '',
        geocoded && !partial && r.chance(0.3)
          ? `${c.code}_${(hashString(voieNom) % 65536).toString(16).padStart(4, '0')}_${numero.padStart(5, '0')}`
          : '',
        geocoded ? nd(x.toFixed(1)) : '',
        geocoded ? nd(y.toFixed(1)) : '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        debut,
        closed ? 'F' : 'A',
        enseigne,
        '',
        '',
        '',
        naf,
        'NAFv2',
        employer ? 'O' : 'N',
      ]);
    }
  }
  // An extract by commune (as the per-commune Sirene files are), then by SIRET: it also compresses much better.
  const commune = SIRENE_HEADER.indexOf('codeCommuneEtablissement');
  const siret = SIRENE_HEADER.indexOf('siret');
  rows.sort(
    (a, b) => String(a[commune]).localeCompare(String(b[commune])) || String(a[siret]).localeCompare(String(b[siret])),
  );
  return { header: SIRENE_HEADER, rows };
}

// ───────────────────────────── Éducation nationale ─────────────────────────────

type SchoolKind = 'college' | 'legt' | 'lpo' | 'lp' | 'cio';

interface School {
  uai: string;
  kind: SchoolKind;
  prive: boolean;
  commune: Commune;
  patronyme: string;
  nom: string;
  lat: number;
  lon: number;
  ipsBase: number;
  rep: '' | 'REP' | 'REP+';
  size: number;
  segpa: boolean;
  ulis: boolean;
  postBac: boolean;
  sthr: boolean;
  opened: string;
}

const UAI_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
/** UAI: département on 3 digits, 4 digits, check letter = the 7-digit number modulo 23. */
export function uaiOf(dep: string, serial: number): string {
  const digits = `0${dep}${String(serial).padStart(4, '0')}`;
  return digits + UAI_LETTERS[Number(digits) % 23];
}

const PATRONYMES = [
  'Jean Moulin',
  'Victor Hugo',
  'Jules Ferry',
  'Marie Curie',
  'Louis Pasteur',
  'Jean Jaurès',
  'Champollion',
  'Stendhal',
  'Jean Monnet',
  'Pablo Neruda',
  'Olympe de Gouges',
  'Simone Veil',
  'Gustave Eiffel',
  'Paul Langevin',
  'Albert Camus',
  'Marcel Pagnol',
  'Jean Zay',
  'Lucie Aubrac',
  'Henri Wallon',
  'Le Grand Som',
  'La Saulaie',
  'Les Gentianes',
  'Les Allobroges',
  'Belledonne',
  'Joseph Fourier',
  'Émile Zola',
  'Camille Claudel',
  'Marie Reynoard',
  'Louise Michel',
  'Georges Brassens',
  'Les Buclos',
  'Le Vergeron',
  "Val d'Arly",
  'Pierre Termier',
  'Hector Berlioz',
  'Aristide Bergès',
  'Frédéric Mistral',
  'Daniel Faucher',
  'Vercors',
  'Les Aravis',
  'Jacques Prévert',
  'Antoine de Saint-Exupéry',
  'Charles Baudelaire',
  'Rosa Parks',
  'Nelson Mandela',
  'Françoise Dolto',
  'Les Dauphins',
  'La Garenne',
  'Les Cèdres',
  'Le Revard',
  'Charles Dullin',
  'Louis Armand',
  'Ferdinand Buisson',
  'Germaine Tillion',
  'Condorcet',
  'Les Bréguières',
];
const PATRONYMES_PRIVES = [
  'Saint-Joseph',
  'Notre-Dame',
  'Sainte-Marie',
  'Saint-Michel',
  "Jeanne d'Arc",
  'La Salle',
  'Saint-François',
  'Le Rondeau',
  'Sainte-Cécile',
  'Saint-Bruno',
  'Les Maristes',
  'Itec Boisfleury',
  'Saint-Charles',
  'Sainte-Ursule',
];
const NATURE: Record<
  SchoolKind,
  { code: string; libelle: string; type: string; denomination: string; prefix: string }
> = {
  college: { code: '340', libelle: 'COLLEGE', type: 'Collège', denomination: 'COLLEGE', prefix: 'Collège' },
  legt: {
    code: '300',
    libelle: 'LYCEE ENSEIGNT GENERAL ET TECHNOLOGIQUE',
    type: 'Lycée',
    denomination: 'LYCEE GENERAL ET TECHNOLOGIQUE',
    prefix: 'Lycée général et technologique',
  },
  lpo: {
    code: '306',
    libelle: 'LYCEE POLYVALENT',
    type: 'Lycée',
    denomination: 'LYCEE POLYVALENT',
    prefix: 'Lycée polyvalent',
  },
  lp: {
    code: '320',
    libelle: 'LYCEE PROFESSIONNEL',
    type: 'Lycée',
    denomination: 'LYCEE PROFESSIONNEL',
    prefix: 'Lycée professionnel',
  },
  cio: {
    code: '550',
    libelle: "CENTRE D'INFORMATION ET D'ORIENTATION",
    type: 'Information et orientation',
    denomination: 'CIO',
    prefix: 'CIO de',
  },
};
const RENTREES = [2021, 2022, 2023, 2024];
const IPS_RENTREES = ['2021-2022', '2022-2023', '2023-2024'];
const INSERJEUNES_MILLESIMES = ['cumul 2021-2022', 'cumul 2022-2023', 'cumul 2023-2024'];

function buildSchools(ref: Reference, census: CensusData): School[] {
  const r = new Rng('ecoles');
  const byPop = [...ref.communes].sort((a, b) => b.pop - a.pop || a.code.localeCompare(b.code));
  const plan: { c: Commune; kind: SchoolKind; prive: boolean }[] = [];
  const add = (c: Commune, kind: SchoolKind, prive: boolean, n = 1) => {
    for (let i = 0; i < n; i++) plan.push({ c, kind, prive });
  };
  const withCollege = new Set<string>();
  for (const c of byPop) {
    if (c.pop >= 3600) {
      add(c, 'college', false, 1 + Math.floor((c.pop - 3600) / 17000));
      withCollege.add(c.epci);
    }
    if (c.pop >= 9000) add(c, 'college', true, 1 + Math.floor(c.pop / 50000));
    else if (c.pop >= 4000 && r.chance(0.15)) add(c, 'college', true);
    if (c.pop >= 8000) add(c, r.chance(0.55) ? 'legt' : 'lpo', false, 1 + Math.floor(c.pop / 40000));
    else if (c.pop >= 3500 && TOWNS[c.code] && r.chance(0.4)) add(c, 'lpo', false);
    if (c.pop >= 11000) add(c, 'lp', false, 1 + Math.floor(c.pop / 70000));
    else if (c.pop >= 5000 && TOWNS[c.code] && r.chance(0.25)) add(c, 'lp', false);
    if (c.pop >= 15000) add(c, 'lpo', true, c.pop >= 100000 ? 2 : 1);
    if (c.pop >= 30000) add(c, 'lp', true);
  }
  // Rural EPCI without a collège get one in their largest commune.
  for (const c of byPop) {
    if (c.epci && !withCollege.has(c.epci) && c.pop >= 800) {
      add(c, 'college', false);
      withCollege.add(c.epci);
    }
  }
  // One CIO per bassin, in its largest commune.
  for (const b of BASSINS) add(byPop.find((c) => c.bassin === b.id)!, 'cio', false);

  const serials = new Map<string, Set<number>>();
  const usedNames = new Set<string>();
  return plan
    .map(({ c, kind, prive }, i) => {
      const s = new Rng(`ecole:${i}:${c.code}:${kind}`);
      const taken = serials.get(c.dep) ?? new Set<number>();
      serials.set(c.dep, taken);
      let serial = s.int(1, 9999);
      while (taken.has(serial)) serial = (serial % 9999) + 1;
      taken.add(serial);
      let patronyme = '';
      for (let k = 0; k < 50 && (patronyme === '' || usedNames.has(`${c.code}:${patronyme}`)); k++) {
        patronyme = s.pick(prive ? PATRONYMES_PRIVES : PATRONYMES);
      }
      if (usedNames.has(`${c.code}:${patronyme}`)) patronyme = `${patronyme} ${i}`;
      usedNames.add(`${c.code}:${patronyme}`);
      const p = census.profiles.get(c.code)!;
      const priority = PRIORITY_TOWNS.has(c.code) && !prive && s.chance(kind === 'college' ? 0.5 : 0.3);
      const ipsBase = clamp(100 + 16 * p.educ + (prive ? 15 : 0) - (priority ? 20 : 0) + s.normal(0, 6), 62, 145);
      const rep: School['rep'] = kind === 'college' && !prive && ipsBase < 84 ? (ipsBase < 77 ? 'REP+' : 'REP') : '';
      const sameKind = plan.filter((x) => x.c === c && x.kind === kind).length;
      const size = clamp((90 + (0.0068 * c.pop) / sameKind) * s.factor(0.22), 50, 300);
      const nature = NATURE[kind];
      const nom =
        kind === 'cio' ? `${nature.prefix} ${c.nom}` : `${nature.prefix}${prive ? ' privé' : ''} ${patronyme}`;
      return {
        uai: uaiOf(c.dep, serial),
        kind,
        prive,
        commune: c,
        patronyme,
        nom,
        lat: round(c.lat + s.uniform(-0.008, 0.008), 6),
        lon: round(c.lon + s.uniform(-0.01, 0.01), 6),
        ipsBase,
        rep,
        size,
        segpa: kind === 'college' && !prive && s.chance(0.3),
        ulis: kind !== 'cio' && s.chance(kind === 'college' ? 0.5 : 0.25),
        postBac: (kind === 'legt' || kind === 'lpo') && s.chance(0.45),
        sthr: kind === 'lpo' && MOUNTAIN_BASSINS.has(c.bassin) && s.chance(0.3),
        opened: `${s.int(1960, 2005)}-09-01`,
      };
    })
    .map((school, i, all) => {
      // Quoting quirks: a name holding the separator, another holding double quotes.
      if (i === all.findIndex((x) => x.kind === 'college' && x.prive && x.commune.dep === '26')) {
        return {
          ...school,
          patronyme: 'Saint-Joseph; site des Collines',
          nom: 'Collège privé Saint-Joseph; site des Collines',
        };
      }
      if (i === all.findIndex((x) => x.kind === 'lp' && x.commune.dep === '73')) {
        return {
          ...school,
          patronyme: 'Le Nivolet "métiers de la montagne"',
          nom: 'Lycée professionnel Le Nivolet "métiers de la montagne"',
        };
      }
      return school;
    })
    .sort((a, b) => a.uai.localeCompare(b.uai));
}

const labelDep = (dep: Dep) => upperAscii(DEP_NAMES[dep]);
const PHONE: Record<Dep, string> = { '07': '04 75', '26': '04 75', '38': '04 76', '73': '04 79', '74': '04 50' };

function annuaireFile(schools: School[], enrolment: Map<string, number>) {
  const header = [
    'identifiant_de_l_etablissement',
    'nom_etablissement',
    'type_etablissement',
    'statut_public_prive',
    'adresse_1',
    'adresse_2',
    'adresse_3',
    'code_postal',
    'code_commune',
    'nom_commune',
    'code_departement',
    'code_academie',
    'code_region',
    'ecole_maternelle',
    'ecole_elementaire',
    'voie_generale',
    'voie_technologique',
    'voie_professionnelle',
    'telephone',
    'fax',
    'web',
    'mail',
    'restauration',
    'hebergement',
    'ulis',
    'apprentissage',
    'segpa',
    'section_arts',
    'section_cinema',
    'section_theatre',
    'section_sport',
    'section_internationale',
    'section_europeenne',
    'lycee_agricole',
    'lycee_militaire',
    'lycee_des_metiers',
    'post_bac',
    'appartenance_education_prioritaire',
    'greta',
    'siren_siret',
    'nombre_d_eleves',
    'fiche_onisep',
    'position',
    'type_contrat_prive',
    'libelle_departement',
    'libelle_academie',
    'libelle_region',
    'coordx_origine',
    'coordy_origine',
    'epsg_origine',
    'nom_circonscription',
    'latitude',
    'longitude',
    'precision_localisation',
    'date_ouverture',
    'date_maj_ligne',
    'etat',
    'ministere_tutelle',
    'multi_uai',
    'rpi_concentre',
    'rpi_disperse',
    'code_nature',
    'libelle_nature',
    'code_type_contrat_prive',
    'pial',
    'etablissement_mere',
    'type_rattachement_etablissement_mere',
    'code_circonscription',
    'code_zone_animation_pedagogique',
    'libelle_zone_animation_pedagogique',
    'code_bassin_formation',
    'libelle_bassin_formation',
  ];
  const bassinOf = new Map(BASSINS.map((b) => [b.id, b]));
  const rows = schools.map((s) => {
    const r = new Rng(`annuaire:${s.uai}`);
    const c = s.commune;
    const lycee = s.kind === 'legt' || s.kind === 'lpo' || s.kind === 'lp';
    const flag = (x: boolean) => (x ? '1' : '0');
    const [voieType, voieNom] = r.pick(VOIES);
    const [x, y] = lambert93(s.lat, s.lon);
    const b = bassinOf.get(c.bassin)!;
    return [
      s.uai,
      s.nom,
      NATURE[s.kind].type,
      s.prive ? 'Privé' : 'Public',
      `${r.int(1, 60)} ${voieType === 'AV' ? 'avenue' : voieType === 'BD' ? 'boulevard' : voieType === 'CHE' ? 'chemin' : 'rue'} ${voieNom.toLowerCase()}`,
      r.chance(0.15) ? `BP ${r.int(10, 99)}` : '',
      `${c.postal} ${upperAscii(c.nom)}`,
      c.postal,
      c.code,
      c.nom,
      `0${c.dep}`,
      ACADEMIE.code,
      REGION.code,
      '',
      '',
      lycee ? flag(s.kind !== 'lp') : '',
      lycee ? flag(s.kind !== 'lp') : '',
      lycee ? flag(s.kind !== 'legt') : '',
      `${PHONE[c.dep]} ${pad2(r.int(10, 99))} ${pad2(r.int(10, 99))} ${pad2(r.int(10, 99))}`,
      '',
      s.kind === 'cio' ? '' : `https://${s.kind === 'college' ? 'clg' : 'lyc'}-${s.uai.toLowerCase()}.ac-grenoble.fr`,
      `ce.${s.uai.toLowerCase()}@ac-grenoble.fr`,
      flag(s.kind !== 'cio'),
      flag(lycee && r.chance(0.35)),
      flag(s.ulis),
      flag(lycee && r.chance(0.3)),
      s.kind === 'college' ? flag(s.segpa) : '',
      flag(r.chance(0.08)),
      flag(r.chance(0.03)),
      flag(r.chance(0.05)),
      flag(r.chance(0.2)),
      flag(r.chance(0.04)),
      flag(r.chance(0.25)),
      '0',
      '0',
      flag(s.kind === 'lp' && r.chance(0.4)),
      flag(s.postBac),
      s.rep,
      flag(lycee && r.chance(0.15)),
      s.kind === 'cio' ? '' : luhnComplete(`19${c.dep}${String(Number(s.uai.slice(3, 7))).padStart(5, '0')}0001`),
      enrolment.get(s.uai) ?? '',
      s.kind === 'cio' ? '' : `https://www.onisep.fr/http/redirection/etablissement/slug/ENS.${s.uai.slice(1, 7)}`,
      `${s.lat}, ${s.lon}`,
      s.prive ? "CONTRAT D'ASSOCIATION TOUTES CLASSES" : 'SANS OBJET',
      DEP_NAMES[c.dep],
      ACADEMIE.nom,
      REGION.nom,
      x.toFixed(1),
      y.toFixed(1),
      'EPSG:2154',
      '',
      s.lat,
      s.lon,
      r.pick(['Numéro de rue', 'Numéro de rue', 'Rue', 'Bâtiment']),
      s.opened,
      '2025-01-14',
      'OUVERT',
      "MINISTERE DE L'EDUCATION NATIONALE",
      '0',
      '',
      '',
      NATURE[s.kind].code,
      NATURE[s.kind].libelle,
      s.prive ? '30' : '99',
      '',
      '',
      '',
      '',
      '',
      '',
      b.code,
      b.nom,
    ];
  });
  return { header, rows };
}

interface Enrolments {
  college: Cell[][];
  lgt: Cell[][];
  lp: Cell[][];
  latest: Map<string, number>;
  pro: Map<string, { sortants: number }>;
}

/** Pupils per level over the rentrées: each year's level k+1 is last year's level k times a survival rate. */
function cohort(r: Rng, base: number, years: number, survival: number[]): number[][] {
  let current = Array.from({ length: survival.length + 1 }, (_, k) =>
    Math.round(base * (1 - 0.03 * k) * r.factor(0.06)),
  );
  const out = [current];
  for (let t = 1; t < years; t++) {
    const previous = current;
    current = previous.map((_, k) =>
      k === 0 ? Math.round(base * r.factor(0.07)) : Math.round(previous[k - 1] * survival[k - 1] * r.factor(0.03)),
    );
    out.push(current);
  }
  return out;
}

function enrolmentFiles(schools: School[]): Enrolments {
  const latest = new Map<string, number>();
  const pro = new Map<string, { sortants: number }>();
  const common = (s: School, year: number) => [
    year,
    'AUVERGNE-RHONE-ALPES',
    'GRENOBLE',
    labelDep(s.commune.dep),
    upperAscii(s.commune.nom),
    s.uai,
  ];
  const college: Cell[][] = [];
  for (const s of schools.filter((x) => x.kind === 'college')) {
    const r = new Rng(`effectifs-college:${s.uai}`);
    const years = cohort(r, s.size, RENTREES.length, [0.99, 0.99, 0.985]);
    RENTREES.forEach((year, t) => {
      const [n6, n5, n4, n3] = years[t];
      const segpa = s.segpa ? r.int(40, 64) : 0;
      const ulis = s.ulis ? r.int(8, 13) : 0;
      const hors = n6 + n5 + n4 + n3;
      const total = hors + segpa + ulis;
      if (t === RENTREES.length - 1) latest.set(s.uai, total);
      const level = (n: number, lv2six: boolean) => {
        const filles = Math.round(n * clamp(r.normal(0.49, 0.025), 0.35, 0.65));
        const lv1 = split(n, [0.05 * r.factor(0.5), 0.93, 0.01, 0.01]);
        const lv2 = lv2six
          ? [r.int(0, 25), r.int(0, 6), r.int(0, 20), r.int(0, 12)]
          : split(n, [0.13 * r.factor(0.3), 0.015, 0.7, 0.13 * r.factor(0.4), 0.025]);
        return [n, filles, n - filles, ...lv1, ...lv2];
      };
      college.push([
        ...common(s, year).slice(0, 5),
        s.uai,
        s.prive ? 'COLLEGE PRIVE' : 'COLLEGE',
        upperAscii(s.patronyme),
        s.prive ? 'PRIVE' : 'PUBLIC',
        s.rep === 'REP' ? 1 : 0,
        s.rep === 'REP+' ? 1 : 0,
        total,
        hors,
        segpa,
        ulis,
        ...level(n6, true),
        ...level(n5, false),
        ...level(n4, false),
        ...level(n3, false),
      ]);
    });
  }
  const lgt: Cell[][] = [];
  for (const s of schools.filter((x) => x.kind === 'legt' || x.kind === 'lpo')) {
    const r = new Rng(`effectifs-lgt:${s.uai}`);
    const base = s.size * (s.kind === 'legt' ? 1.45 : 0.8);
    const years = cohort(r, base, RENTREES.length, [0.92, 0.97]);
    // 1ères and terminales: G, STI2D, STL, STMG, ST2S, STD2A, STHR, TMD, BT
    const series = [
      0.72,
      0.06 * r.factor(0.5),
      0.02 * r.factor(0.6),
      0.14 * r.factor(0.2),
      0.04 * r.factor(0.5),
      r.chance(0.15) ? 0.02 : 0,
      s.sthr ? 0.05 : 0,
      0,
      0,
    ];
    RENTREES.forEach((year, t) => {
      const [n2, n1, nt] = years[t];
      const secondes = [n2, s.sthr ? r.int(15, 30) : 0, 0, 0];
      const p = split(n1, series);
      const tm = split(nt, series);
      const total = [...secondes, ...p, ...tm].reduce((a, b) => a + b, 0);
      if (t === RENTREES.length - 1) latest.set(s.uai, total + (latest.get(s.uai) ?? 0));
      lgt.push([
        year,
        'AUVERGNE-RHONE-ALPES',
        'GRENOBLE',
        labelDep(s.commune.dep),
        upperAscii(s.commune.nom),
        s.uai,
        `${NATURE[s.kind].denomination}${s.prive ? ' PRIVE' : ''}`,
        upperAscii(s.patronyme),
        s.prive ? 'PRIVE' : 'PUBLIC',
        total,
        ...secondes,
        ...p,
        ...tm,
      ]);
    });
  }
  const lp: Cell[][] = [];
  for (const s of schools.filter((x) => x.kind === 'lp' || x.kind === 'lpo')) {
    const r = new Rng(`effectifs-lp:${s.uai}`);
    const base = s.size * (s.kind === 'lp' ? 0.5 : 0.26);
    const bac = cohort(r, base, RENTREES.length, [0.88, 0.93]);
    const cap = cohort(r, base * 0.35, RENTREES.length, [0.85]);
    RENTREES.forEach((year, t) => {
      const [p2, p1, pt] = bac[t];
      const [c1, c2] = cap[t];
      const cap1an = r.chance(0.2) ? r.int(5, 12) : 0;
      const bma1 = r.chance(0.05) ? r.int(6, 12) : 0;
      const bma1an = 0;
      const mc = r.chance(0.15) ? r.int(8, 15) : 0;
      const total = p2 + c1 + cap1an + bma1 + bma1an + c2 + p1 + pt + mc;
      if (t === RENTREES.length - 1) {
        latest.set(s.uai, total + (latest.get(s.uai) ?? 0));
        pro.set(s.uai, { sortants: pt + c2 });
      }
      lp.push([
        year,
        'AUVERGNE-RHONE-ALPES',
        'GRENOBLE',
        labelDep(s.commune.dep),
        upperAscii(s.commune.nom),
        s.uai,
        `${NATURE[s.kind].denomination}${s.prive ? ' PRIVE' : ''}`,
        upperAscii(s.patronyme),
        s.prive ? 'PRIVE' : 'PUBLIC',
        total,
        p2,
        c1,
        cap1an,
        bma1,
        bma1an,
        c2,
        p1,
        pt,
        mc,
      ]);
    });
  }
  return { college, lgt, lp, latest, pro };
}

const COLLEGE_HEADER = (() => {
  const head = [
    'rentree_scolaire',
    'region_academique',
    'academie',
    'departement',
    'commune',
    'numero_college',
    'denomination_principale',
    'patronyme',
    'secteur',
    'rep',
    'rep0',
    'nombre_eleves_total',
    'nombre_eleves_total_hors_segpa_hors_ulis',
    'nombre_eleves_segpa',
    'nombre_eleves_ulis',
  ];
  const lv = (n: string, withLv2Other: boolean) => [
    `nombre_total_de_${n}emes`,
    `${n}eme_filles`,
    `${n}emes_garcons`,
    `${n}emes_lv1_allemand`,
    `${n}emes_lv1_anglais`,
    `${n}emes_lv1_espagnol`,
    `${n}emes_lv1_autres_langues`,
    `${n}emes_lv2_allemand`,
    `${n}emes_lv2_anglais`,
    `${n}emes_lv2_espagnol`,
    `${n}emes_lv2_italien`,
    ...(withLv2Other ? [`${n}emes_lv2_autres_langues`] : []),
  ];
  return [...head, ...lv('6', false), ...lv('5', true), ...lv('4', true), ...lv('3', true)];
})();
const LGT_HEADER = [
  'rentree_scolaire',
  'region_academique',
  'academie',
  'departement',
  'commune',
  'numero_lycee',
  'denomination_principale',
  'patronyme',
  'secteur',
  'nombre_d_eleves',
  '2ndes_gt',
  '2ndes_sthr',
  '2ndes_tmd',
  '2ndes_bt',
  '1eres_g',
  '1eres_sti2d',
  '1eres_stl',
  '1eres_stmg',
  '1eres_st2s',
  '1eres_std2a',
  '1eres_sthr',
  '1eres_tmd',
  '1eres_bt',
  'terminales_g',
  'terminales_sti2d',
  'terminales_stl',
  'terminales_stmg',
  'terminales_st2s',
  'terminales_std2a',
  'terminales_sthr',
  'terminales_tmd',
  'terminales_bt',
];
const LP_HEADER = [
  'Rentrée scolaire',
  'Région académique',
  'Académie',
  'Département',
  'Commune',
  'Numéro du lycée',
  'Dénomination principale',
  'Patronyme',
  'Secteur',
  "Nombre d'élèves",
  '2ndes PRO',
  'CAP 1ère année',
  'CAP en 1 an',
  'BMA 1ère année',
  'BMA en 1 an',
  'CAP 2nde année',
  '1ères PRO',
  'Terminales PRO',
  'MC',
];

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const ips1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '');

function ipsCollegeFile(schools: School[]) {
  const header = [
    'rentree_scolaire',
    'code_region',
    'region_academique',
    'code_academie',
    'academie',
    'code_du_departement',
    'departement',
    'code_insee_de_la_commune',
    'nom_de_la_commune',
    'uai',
    'nom_de_l_etablissement',
    'secteur',
    'ips',
    'ecart_type_de_l_ips',
    'ips_national_prive',
    'ips_national_public',
    'ips_national',
    'ips_academique_prive',
    'ips_academique_public',
    'ips_academique',
    'ips_departemental_prive',
    'ips_departemental_public',
    'ips_departemental',
    'num_ligne',
  ];
  const colleges = schools.filter((s) => s.kind === 'college');
  const rows: Cell[][] = [];
  IPS_RENTREES.forEach((rentree, t) => {
    const values = new Map(
      colleges.map((s) => [s.uai, round(s.ipsBase + new Rng(`ips:${s.uai}:${rentree}`).normal(0.3 * t, 1.2), 1)]),
    );
    const ref = (f: (s: School) => boolean) => mean(colleges.filter(f).map((s) => values.get(s.uai)!));
    const national = [113.5 + 0.2 * t, 100.1 + 0.2 * t, 103.4 + 0.2 * t];
    for (const s of colleges) {
      const dep = s.commune.dep;
      rows.push([
        rentree,
        REGION.code,
        upperAscii(REGION.nom),
        ACADEMIE.code,
        upperAscii(ACADEMIE.nom),
        `0${dep}`,
        labelDep(dep),
        s.commune.code,
        upperAscii(s.commune.nom),
        s.uai,
        upperAscii(`${NATURE.college.denomination} ${s.patronyme}`),
        s.prive ? 'privé sous contrat' : 'public',
        values.get(s.uai)!.toFixed(1),
        (30 + new Rng(`ips-et:${s.uai}:${rentree}`).uniform(-3, 6)).toFixed(1),
        ...national.map((x) => x.toFixed(1)),
        ips1(ref((x) => x.prive)),
        ips1(ref((x) => !x.prive)),
        ips1(ref(() => true)),
        ips1(ref((x) => x.prive && x.commune.dep === dep)),
        ips1(ref((x) => !x.prive && x.commune.dep === dep)),
        ips1(ref((x) => x.commune.dep === dep)),
        rows.length + 1,
      ]);
    }
  });
  return { header, rows };
}

function ipsLyceeFile(schools: School[]) {
  const kinds = ['legt', 'lpo', 'lp'] as const;
  const refCols = (scope: string) =>
    kinds
      .flatMap((k) => [`ips_${scope}_${k}`])
      .concat(kinds.flatMap((k) => [`ips_${scope}_${k}_prive`, `ips_${scope}_${k}_public`]));
  const header = [
    'rentree_scolaire',
    'code_region',
    'region_academique',
    'code_academie',
    'academie',
    'code_du_departement',
    'departement',
    'uai',
    'nom_de_l_etablissement',
    'code_insee_de_la_commune',
    'nom_de_la_commune',
    'secteur',
    'type_de_lycee',
    'ips_voie_gt',
    'ips_voie_pro',
    'ips_post_bac',
    'ips_etab',
    'ecart_type_voie_gt',
    'ecart_type_voie_pro',
    'ecart_type_etablissement',
    ...refCols('national'),
    ...refCols('academique'),
    ...refCols('departemental'),
  ];
  const lycees = schools.filter((s) => s.kind === 'legt' || s.kind === 'lpo' || s.kind === 'lp');
  const rows: Cell[][] = [];
  IPS_RENTREES.forEach((rentree) => {
    const v = new Map(
      lycees.map((s) => {
        const r = new Rng(`ips-lycee:${s.uai}:${rentree}`);
        const gt = s.kind === 'lp' ? NaN : round(s.ipsBase + 6 + r.normal(0, 1.2), 1);
        const pro = s.kind === 'legt' ? NaN : round(s.ipsBase - 14 + r.normal(0, 1.5), 1);
        const pb = s.postBac ? round(s.ipsBase + r.normal(0, 3), 1) : NaN;
        const parts = [
          [gt, 3],
          [pro, 1.2],
          [pb, 0.4],
        ].filter(([x]) => Number.isFinite(x));
        const etab = round(parts.reduce((a, [x, w]) => a + x * w, 0) / parts.reduce((a, [, w]) => a + w, 0), 1);
        return [s.uai, { gt, pro, pb, etab, r }];
      }),
    );
    const typeOf = (s: School) => (s.kind === 'legt' ? 'LEGT' : s.kind === 'lpo' ? 'LPO' : 'LP');
    const refValues = (f: (s: School) => boolean) =>
      kinds
        .map((k) => ips1(mean(lycees.filter((s) => s.kind === k && f(s)).map((s) => v.get(s.uai)!.etab))))
        .concat(
          kinds.flatMap((k) =>
            [true, false].map((prive) =>
              ips1(
                mean(lycees.filter((s) => s.kind === k && s.prive === prive && f(s)).map((s) => v.get(s.uai)!.etab)),
              ),
            ),
          ),
        );
    const national = [110.8, 107.2, 87.9, 125.1, 108.3, 118.0, 104.6, 97.4, 86.2];
    for (const s of lycees) {
      const x = v.get(s.uai)!;
      const dep = s.commune.dep;
      rows.push([
        rentree,
        REGION.code,
        upperAscii(REGION.nom),
        ACADEMIE.code,
        upperAscii(ACADEMIE.nom),
        `0${dep}`,
        labelDep(dep),
        s.uai,
        upperAscii(`${NATURE[s.kind].denomination} ${s.patronyme}`),
        s.commune.code,
        upperAscii(s.commune.nom),
        s.prive ? 'privé sous contrat' : 'public',
        typeOf(s),
        ips1(x.gt),
        ips1(x.pro),
        ips1(x.pb),
        ips1(x.etab),
        Number.isFinite(x.gt) ? x.r.uniform(28, 36).toFixed(1) : '',
        Number.isFinite(x.pro) ? x.r.uniform(24, 32).toFixed(1) : '',
        x.r.uniform(28, 36).toFixed(1),
        ...national.map((n) => n.toFixed(1)),
        ...refValues(() => true),
        ...refValues((o) => o.commune.dep === dep),
      ]);
    }
  });
  return { header, rows };
}

function inserjeunesFile(schools: School[], enrol: Enrolments, zones: ZoneSeries) {
  const header = [
    'annee',
    'uai',
    'libelle',
    'region',
    'dont_apprentis_eple',
    'taux_poursuite_etudes',
    'taux_emploi_6_mois',
    'taux_emploi_6_mois_attendu',
    'va_emploi_6_mois',
    'taux_emploi_12_mois',
    'taux_emploi_12_mois_attendu',
    'va_emploi_12_mois',
    'part_en_poursuite_d_etudes',
    'part_en_emploi_6_mois_apres_la_sortie',
    'part_des_autres_situations',
  ];
  const rows: Cell[][] = [];
  const pros = schools.filter((s) => s.kind === 'lp' || s.kind === 'lpo');
  INSERJEUNES_MILLESIMES.forEach((millesime, t) => {
    for (const s of pros) {
      const r = new Rng(`inserjeunes:${s.uai}:${millesime}`);
      const rate = zones.zeRates.get(s.commune.ze)![8 + 4 * t];
      const sortants = enrol.pro.get(s.uai)?.sortants ?? 0;
      const poursuite = Math.round(clamp(r.normal(44, 7), 20, 70));
      const attendu = Math.round(clamp(78 - 2.6 * rate + r.normal(0, 2), 30, 85));
      const emploi = Math.round(clamp(attendu + r.normal(0, 5), 20, 95));
      const attendu12 = Math.min(95, attendu + 8);
      const emploi12 = Math.round(clamp(emploi + 8 + r.normal(0, 3), 20, 98));
      const underThreshold = sortants * 2 < 20 || r.chance(0.07); // fewer than 20 leavers over two cohorts: not published
      const partEmploi = Math.round(((100 - poursuite) * emploi) / 100);
      rows.push([
        millesime,
        s.uai,
        upperAscii(s.nom),
        REGION.nom,
        'ensemble',
        poursuite,
        ...(underThreshold
          ? ['', '', '', '', '', '']
          : [emploi, attendu, emploi - attendu, emploi12, attendu12, emploi12 - attendu12]),
        poursuite,
        underThreshold ? '' : partEmploi,
        underThreshold ? '' : 100 - poursuite - partEmploi,
      ]);
    }
  });
  return { header, rows };
}

// ───────────────────────────── files, READMEs, command line ─────────────────────────────

export interface GeneratedFile {
  /** Path relative to the output root, e.g. `demo/base-cc-emploi-pop-active-2021-demo-simule.csv`. */
  path: string;
  /** Source format id of the registry (src/ingest/formats). */
  format: string;
  description: string;
  quirk: string;
  bytes: number;
  /** Size of the CSV text: `bytes` for a plain file, the decompressed size for a gzip file. */
  csvBytes: number;
  rows: number;
}

interface FileSpec {
  path: string;
  format: string;
  description: string;
  quirk: string;
  options: CsvOptions;
  /** Written gzip-compressed (the path ends with `.csv.gz`). */
  gzip?: boolean;
  build: () => { header: string[]; rows: Cell[][] };
}

/**
 * gzip with a fixed level: Node's gzip header carries no timestamp (MTIME = 0); the OS byte is set to Unix (3)
 * so that the bytes do not depend on the platform that ran the generator.
 */
export function deterministicGzip(bytes: Buffer): Buffer {
  const gz = gzipSync(bytes, { level: 9 });
  if (gz.readUInt32LE(4) !== 0) throw new Error('en-tête gzip horodaté : sortie non reproductible');
  gz[9] = 3;
  return gz;
}

const EDU: CsvOptions = { delimiter: ';', bom: true };
const SEMI: CsvOptions = { delimiter: ';' };

function fileSpecs(ref: Reference): FileSpec[] {
  const census = buildCensus(ref);
  const secrets = secretCommunes(ref);
  const zones = unemploymentRates(ref, census);
  const chomage = chomageFiles(zones);
  const defm = defmFiles(ref, census);
  const schools = buildSchools(ref, census);
  const enrol = enrolmentFiles(schools);
  return [
    {
      path: 'territories/bassins-academie-grenoble.csv',
      format: 'clee-bassins',
      options: SEMI,
      build: () => bassinsFile(ref),
      description: 'Zonage CLEE par défaut : chaque commune des cinq départements rattachée à un des 17 bassins',
      quirk:
        'codes commune à zéro initial (Ardèche 07…), un bassin par commune, chaque bassin dans un seul département',
    },
    {
      path: 'demo/v_commune_2024-demo-simule.csv',
      format: 'insee-cog-communes',
      options: { delimiter: ',' },
      build: () => cogFile(ref),
      description: 'Code officiel géographique, liste des communes (communes et communes déléguées ; cantons simulés)',
      quirk: 'séparateur virgule, lignes COMD sans département, colonne COMPARENT',
    },
    {
      path: 'demo/ze2020-composition-communale-demo-simule.csv',
      format: 'insee-communes-ze2020',
      options: SEMI,
      build: () => communesZeFile(ref),
      description: "Composition communale des zones d'emploi (zones simulées, nommées d'après leur ville principale)",
      quirk: 'zones à cheval sur deux départements (Annonay, Valence, Romans-sur-Isère, Grenoble)',
    },
    {
      path: 'demo/bassins-bmo-composition-communale-demo-simule.csv',
      format: 'france-travail-bassins-bmo',
      options: SEMI,
      build: () => communesBmoFile(ref),
      description: "Composition communale des bassins d'emploi BMO (bassins simulés)",
      quirk: 'colonnes BE25 / NOMBE25 dont le nom change chaque année',
    },
    {
      path: 'demo/base-cc-evol-struct-pop-2021-demo-simule.csv',
      format: 'insee-rp-population',
      options: { delimiter: ';', encoding: 'windows-1252', eol: '\r\n' },
      build: () => censusFile(ref, census, EVOL_VARS, '.'),
      description: 'Recensement, évolution et structure de la population, deux millésimes (P21_, P15_, C21_, C15_)',
      quirk: 'encodé en Windows-1252 avec fins de ligne CRLF (ancienne diffusion) : noms accentués à transcoder',
    },
    {
      path: 'demo/base-cc-emploi-pop-active-2021-demo-simule.csv',
      format: 'insee-rp-emploi',
      options: SEMI,
      build: () =>
        censusFile(
          ref,
          census,
          EMPLOI_VARS,
          '.',
          (c, y, k) => y === 2021 && secrets.has(c.code) && k.startsWith('C_EMPLT_'),
        ),
      description: 'Recensement, emploi – population active, deux millésimes',
      quirk:
        'valeurs pondérées décimales ; marqueurs de secret « s » dans quelques très petites communes (emplois par secteur 2021)',
    },
    {
      path: 'demo/base-cc-diplomes-formation-2021-demo-simule.csv',
      format: 'insee-rp-diplomes',
      options: SEMI,
      build: () => censusFile(ref, census, DIPLOMES_VARS, ','),
      description: 'Recensement, diplômes – formation, deux millésimes',
      quirk: 'virgule décimale (1234,5678)',
    },
    {
      path: 'demo/chomage-localise-ze2020-demo-simule.csv',
      format: 'insee-chomage-ze',
      options: SEMI,
      build: () => chomage.ze,
      description: "Taux de chômage localisés trimestriels par zone d'emploi, 2019-T1 à 2024-T4",
      quirk: 'table large : une colonne par trimestre',
    },
    {
      path: 'demo/chomage-localise-departements-demo-simule.csv',
      format: 'insee-chomage-dep',
      options: SEMI,
      build: () => chomage.dep,
      description: 'Taux de chômage localisés trimestriels par département',
      quirk: "même table que les zones d'emploi, niveau « departement »",
    },
    {
      path: 'demo/sirene-stock-etablissement-extrait-demo-simule.csv.gz',
      format: 'insee-sirene-etablissements',
      options: { delimiter: ',' },
      gzip: true,
      build: () => sireneFile(ref),
      description: `Extrait du stock Sirene des établissements (53 colonnes du fichier StockEtablissement) : établissements actifs employeurs (≈ ${EMPLOYERS_PER_1000} pour 1 000 habitants en moyenne, davantage dans les villes et les stations), actifs non employeurs et fermés`,
      quirk:
        'CSV compressé gzip ; séparateur virgule, champs entre guillemets contenant des virgules et des guillemets doublés, diffusion partielle « [ND] », établissements fermés (F)',
    },
    {
      path: 'demo/dares-defm-ze2020-demo-simule.csv',
      format: 'dares-defm-ze',
      options: SEMI,
      build: () => defm.ze,
      description:
        "Demandeurs d'emploi en fin de trimestre par zone d'emploi, catégorie (A, ABC) et âge, 2021-T1 à 2024-T4",
      quirk: "en-têtes accentués (« Catégorie », « Tranche d'âge ») ; Ensemble = somme des tranches",
    },
    {
      path: 'demo/dares-defm-departements-demo-simule.csv',
      format: 'dares-defm-dep',
      options: SEMI,
      build: () => defm.dep,
      description: "Demandeurs d'emploi par département, catégorie et âge",
      quirk: 'clé DEP à zéro initial (07)',
    },
    {
      path: 'demo/france-travail-bmo-2024-demo-simule.csv',
      format: 'france-travail-bmo',
      options: SEMI,
      build: () => bmoFile(ref, 2024),
      description: 'Enquête BMO 2024 (export CSV de la feuille de données du classeur publié)',
      quirk:
        'colonne de bassin BE24 / NOMBE24 ; cellules secrètes « * » ; un bassin à cheval sur deux départements apparaît une fois par département',
    },
    {
      path: 'demo/france-travail-bmo-2025-demo-simule.csv',
      format: 'france-travail-bmo',
      options: SEMI,
      build: () => bmoFile(ref, 2025),
      description: 'Enquête BMO 2025 (export CSV)',
      quirk:
        "colonne de bassin renommée BE25 / NOMBE25 ; s'ajoute au fichier 2024 (chaque année d'enquête est une période)",
    },
    {
      path: 'demo/fr-en-annuaire-education-demo-simule.csv',
      format: 'education-annuaire',
      options: EDU,
      build: () => annuaireFile(schools, enrol.latest),
      description: "Annuaire de l'éducation : collèges, lycées et CIO (72 colonnes, noms de champs)",
      quirk: 'UTF-8 avec BOM ; code_departement sur trois caractères (038) ; nom contenant « ; » entre guillemets',
    },
    {
      path: 'demo/fr-en-college-effectifs-niveau-sexe-lv-demo-simule.csv',
      format: 'education-effectifs-college',
      options: EDU,
      build: () => ({ header: COLLEGE_HEADER, rows: enrol.college }),
      description: 'Effectifs des collèges par niveau, sexe et langue vivante, rentrées 2021 à 2024',
      quirk: 'noms de champs (numero_college, rep, rep0, 6eme_filles / 6emes_garcons) ; total = niveaux + SEGPA + ULIS',
    },
    {
      path: 'demo/fr-en-lycee_gt-effectifs-niveau-sexe-lv-demo-simule.csv',
      format: 'education-effectifs-lycee-gt',
      options: EDU,
      build: () => ({ header: LGT_HEADER, rows: enrol.lgt }),
      description: 'Effectifs des lycées généraux et technologiques par niveau et série, rentrées 2021 à 2024',
      quirk:
        'noms de champs commençant par un chiffre (2ndes_gt, 1eres_g…) ; pas de total « 1ères GT » : séries détaillées',
    },
    {
      path: 'demo/fr-en-lycee_pro-effectifs-niveau-sexe-lv-demo-simule.csv',
      format: 'education-effectifs-lycee-pro',
      options: EDU,
      build: () => ({ header: LP_HEADER, rows: enrol.lp }),
      description: 'Effectifs de la voie professionnelle par niveau, rentrées 2021 à 2024',
      quirk:
        'en-têtes en libellés accentués (« Numéro du lycée », « 2ndes PRO », « CAP 1ère année ») ; nom contenant des guillemets',
    },
    {
      path: 'demo/fr-en-ips-colleges-demo-simule.csv',
      format: 'education-ips-college',
      options: EDU,
      build: () => ipsCollegeFile(schools),
      description: 'Indice de position sociale des collèges, rentrées 2021-2022 à 2023-2024',
      quirk: 'rentrée écrite « 2022-2023 » ; références nationale, académique et départementale',
    },
    {
      path: 'demo/fr-en-ips-lycees-demo-simule.csv',
      format: 'education-ips-lycee',
      options: EDU,
      build: () => ipsLyceeFile(schools),
      description: 'Indice de position sociale des lycées (voies GT, pro, post-bac, établissement)',
      quirk: 'cellules vides pour les voies absentes du lycée',
    },
    {
      path: 'demo/fr-en-inserjeunes-lycee_pro-demo-simule.csv',
      format: 'education-inserjeunes-lycee-pro',
      options: EDU,
      build: () => inserjeunesFile(schools, enrol, zones),
      description: "InserJeunes, lycées professionnels : poursuite d'études et emploi à 6 et 12 mois (taux en %)",
      quirk: 'millésime « cumul 2022-2023 » ; taux absents sous le seuil de publication (moins de 20 sortants)',
    },
  ];
}

/** Writes every file under outRoot (territories/ and demo/, READMEs included); returns what was written. */
export function generateDemoData(outRoot: string): GeneratedFile[] {
  const root = resolve(outRoot);
  const written: GeneratedFile[] = [];
  const ref = loadReference();
  for (const spec of fileSpecs(ref)) {
    const { header, rows } = spec.build();
    const text = csvBytes(header, rows, spec.options);
    const bytes = spec.gzip ? deterministicGzip(text) : text;
    const target = join(root, spec.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    written.push({
      path: spec.path,
      format: spec.format,
      description: spec.description,
      quirk: spec.quirk,
      bytes: bytes.length,
      csvBytes: text.length,
      rows: rows.length,
    });
  }
  writeFileSync(join(root, 'demo', 'README.md'), demoReadme(written));
  writeFileSync(
    join(root, 'territories', 'README.md'),
    territoriesReadme(written.find((f) => f.format === 'clee-bassins')!, ref),
  );
  return written;
}

/** 12345 → « 12 345 » (plain formatting: no dependency on the ICU data of the Node build). */
const frInt = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
const kib = (n: number) => `${frInt(n / 1024)} Kio`;

function demoReadme(files: GeneratedFile[]): string {
  const demo = files.filter((f) => f.path.startsWith('demo/'));
  const total = demo.reduce((s, f) => s + f.bytes, 0);
  return `# Territoire de démonstration

> **Toutes les valeurs de ce dossier sont SIMULÉES.** Elles ne décrivent pas la réalité des communes, des
> établissements ni des entreprises cités : elles servent à essayer l'outil, à tester les lecteurs de
> fichiers et à montrer les pages sans attendre les vraies données. Ne les citez jamais comme des chiffres.

Seuls les codes et noms des communes, des départements et des EPCI sont réels (base
\`@etalab/decoupage-administratif\`). Les populations communales servent de point de départ ; tout le reste
(recensement, chômage, demandeurs d'emploi, BMO, établissements Sirene, collèges et lycées, IPS, InserJeunes,
zones d'emploi, bassins BMO, cantons, coordonnées) est tiré au hasard de façon cohérente et reproductible.
Les noms de fichiers contiennent \`demo-simule\`.

Chaque fichier reprend la mise en forme du fichier publié (en-têtes tels que l'éditeur les écrit, colonnes
en plus de celles que l'outil lit, séparateur, encodage) pour exercer les lecteurs comme le ferait un vrai
téléchargement.

## Fichiers

| fichier | format (\`clee sources\`) | lignes | taille | contenu | particularité exercée |
|---|---|---:|---:|---|---|
${demo.map((f) => `| \`${f.path.slice(5)}\` | \`${f.format}\` | ${frInt(f.rows)} | ${kib(f.bytes)}${f.bytes !== f.csvBytes ? ` (${kib(f.csvBytes)} décompressé)` : ''} | ${f.description} | ${f.quirk} |`).join('\n')}

Total : ${kib(total)}. Le zonage CLEE par défaut est dans \`../territories/\` (voir son README).

L'extrait Sirene est livré en CSV compressé gzip (\`.csv.gz\`) pour tenir dans le dépôt : \`clee ingest\` le lit
tel quel (le format est reconnu au contenu, après décompression, jamais au nom du fichier) ; pour le regarder :
\`zcat ${demo.find((f) => f.path.endsWith('.gz'))?.path.slice(5) ?? 'fichier.csv.gz'} | head\`.

## Cohérence des valeurs simulées

- Recensement : actifs ≤ population 15-64 ans, chômeurs ≤ actifs, actifs occupés = actifs − chômeurs,
  somme des niveaux de diplôme = non-scolarisés de 15 ans ou plus, scolarisés ≤ population de chaque âge,
  somme des secteurs = emplois au lieu de travail ; les trois bases partagent les mêmes tranches d'âge.
- Demandeurs d'emploi : catégorie ABC ≥ catégorie A, « Ensemble » = somme des trois tranches d'âge,
  effectifs arrondis à la dizaine.
- BMO : projets difficiles ≤ projets, projets saisonniers ≤ projets, « * » pour les cellules secrètes.
- Effectifs scolaires : total = somme des niveaux (collèges : + SEGPA + ULIS), cohortes qui avancent d'une
  rentrée à l'autre ; IPS et InserJeunes rattachés aux mêmes UAI que l'annuaire.
- Sirene : SIREN et SIRET valides (clé de Luhn), codes NAF rév. 2, tranches d'effectif officielles ;
  environ ${EMPLOYERS_PER_1000} établissements actifs employeurs pour 1 000 habitants en moyenne, plus dans les villes
  et les stations, moins dans les petits villages ; activités plus industrielles en Nord Isère, en Isère
  rhodanienne, en Maurienne et dans la vallée de l'Arve (décolletage), plus touristiques en Tarentaise, en
  Maurienne et en Haute-Savoie, plus agricoles en Ardèche et dans la Drôme ; établissements non employeurs
  (caractère employeur « N », tranche « NN » ou « 00 ») et fermés (état « F ») en plus, échantillonnés (le vrai stock en compte bien davantage) pour que le fichier reste sous 5 Mio ; extrait trié par
  commune puis SIRET, coordonnées Lambert 93 au point de la voie.

## Charger la démonstration

\`npm start\` la charge d'office quand la base est vide. À la main :

\`\`\`sh
clee ingest datasets/territories datasets/demo
\`\`\`

Les deux fichiers BMO coexistent : chaque année d'enquête est une période, et un fichier plus récent ne
remplace que les périodes qu'il republie.

## Régénérer

\`\`\`sh
npm run demo:data            # réécrit datasets/demo et datasets/territories
npx tsx scripts/generate-demo-data.ts --out /tmp/essai   # ailleurs
\`\`\`

Le générateur est déterministe (générateur pseudo-aléatoire mulberry32 à graine fixe) : il réécrit les mêmes
octets à chaque exécution ; \`test/demo-data.test.ts\` le vérifie.
`;
}

function territoriesReadme(zoning: GeneratedFile, ref: Reference): string {
  const bassinCounts = new Map<string, number>();
  for (const c of ref.communes) bassinCounts.set(c.bassin, (bassinCounts.get(c.bassin) ?? 0) + 1);
  return `# Zonage CLEE par défaut

\`bassins-academie-grenoble.csv\` rattache chacune des 1 761 communes de l'Ardèche (07), de la Drôme (26), de
l'Isère (38), de la Savoie (73) et de la Haute-Savoie (74) à un bassin (format \`clee-bassins\`, une ligne par
commune : ${frInt(zoning.rows)} lignes). \`npm start\` le charge avec la démonstration quand la base est vide.

> **C'est un zonage PAR DÉFAUT, à vérifier et à remplacer** par la liste officielle de l'académie
> (« communes par bassins », rectorat de Grenoble), qui n'est pas publiée en ligne. Les 17 bassins ci-dessous
> reprennent le nombre de bassins de formation de l'académie, pas leur périmètre exact.

## Comment il a été construit

- Les communes et leur intercommunalité (EPCI) viennent de \`@etalab/decoupage-administratif\`.
- Chaque EPCI est rattaché à un bassin par une table écrite à la main dans \`scripts/generate-demo-data.ts\`
  (\`EPCI_TABLE\`). Un EPCI à cheval sur deux départements est coupé : chaque commune va dans un bassin de son
  propre département (à défaut, dans le bassin de repli déclaré pour ce département).
- Exception : la partie romanaise de Valence Romans Agglo (Romans-sur-Isère, Bourg-de-Péage et leurs voisines)
  est rattachée à la Drôme des collines (liste \`ROMANS_SIDE\`).
- Un bassin reste dans un seul département.

## Bassins

| identifiant | nom | département | communes |
|---|---|---|---:|
${BASSINS.map((b) => `| \`${b.id}\` | ${b.nom} | ${b.dep} | ${bassinCounts.get(b.id) ?? 0} |`).join('\n')}

## Utiliser son propre zonage

Préparer un fichier CSV (séparateur \`;\`, UTF-8) avec l'en-tête
\`code_commune;nom_commune;departement;bassin_id;bassin_nom\`, une ligne par commune, puis :

\`\`\`sh
clee ingest mon-fichier.csv
\`\`\`

Le fichier chargé remplace le zonage précédent. Les codes commune sont du texte : gardez le zéro initial
(\`07010\`, pas \`7010\`), y compris après un passage par un tableur.
`;
}

function parseArgs(argv: string[]): { out: string; help: boolean } {
  let out = 'datasets';
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') help = true;
    else if (a === '--out') {
      const value = argv[++i];
      if (!value) throw new Error('--out attend un dossier');
      out = value;
    } else if (a.startsWith('--out=')) out = a.slice(6);
    else throw new Error(`option inconnue : ${a} (voir --help)`);
  }
  return { out, help };
}

const HELP = `Usage : npx tsx scripts/generate-demo-data.ts [--out DOSSIER]

Écrit le zonage CLEE par défaut (DOSSIER/territories) et le territoire de démonstration
(DOSSIER/demo : un fichier par format de source, valeurs SIMULÉES). Sortie identique octet pour octet
à chaque exécution.

  --out DOSSIER   dossier de sortie (défaut : datasets)
  -h, --help      affiche cette aide
`;

function main(): void {
  let args: { out: string; help: boolean };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  const started = Date.now();
  const files = generateDemoData(args.out);
  const total = files.reduce((s, f) => s + f.bytes, 0);
  for (const f of files)
    process.stdout.write(
      `${kib(f.bytes).padStart(10)}  ${String(f.rows).padStart(6)} lignes  ${relative(process.cwd(), join(resolve(args.out), f.path))}\n`,
    );
  process.stdout.write(`${files.length} fichiers, ${kib(total)}, en ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
