// The real communes and EPCI (@etalab/decoupage-administratif) joined to the hand-written zonings.
import { DEPARTEMENTS, etalabCommunes, etalabEpcis, type Commune, type Dep, type RawEpci } from './geography.ts';
import { Rng } from './random.ts';
import { TOWNS } from './towns.ts';
import { BASSIN_FALLBACK, EPCI_TABLE, ROMANS_SIDE, ZONES_EMPLOI } from './zoning.ts';

export interface Reference {
  communes: Commune[];
  byCode: Map<string, Commune>;
}

export function loadReference(): Reference {
  const raw = etalabCommunes();
  const epcis = etalabEpcis();
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
      bmo = typeof m === 'string' ? m : (m[dep] ?? '');
    }
    if (romans.has(c.code)) {
      bassin = '26-drome-des-collines';
      ze = '8405';
      bmo = '8431';
    }
    if (!ze) throw new Error(`commune ${c.code} sans EPCI : zone d'emploi inconnue`);
    if (!bmo) throw new Error(`commune ${c.code} : pas de bassin BMO pour le département ${dep}`);
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

export const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Lambert-93 (EPSG:2154) from WGS84 degrees, as Sirene and the annuaire give coordinates. */
export function lambert93(lat: number, lon: number): [number, number] {
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

export const upperAscii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
