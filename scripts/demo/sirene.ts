// Sirene establishment stock extract.
import type { Cell } from './csv.ts';
import type { Commune } from './geography.ts';
import { Rng, hashString } from './random.ts';
import { lambert93, upperAscii, type Reference } from './reference.ts';
import { TOWNS } from './towns.ts';
import { clamp } from './units.ts';
import { readJson, readTable } from './data.ts';

const SIRENE_HEADER = (
  'siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,' +
  'anneeEffectifsEtablissement,' +
  'activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,etablissementSiege,' +
  'nombrePeriodesEtablissement,' +
  'complementAdresseEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,' +
  'dernierNumeroVoieEtablissement,' +
  'indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,' +
  'codePostalEtablissement,' +
  'libelleCommuneEtablissement,libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,' +
  'codeCommuneEtablissement,' +
  'codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,' +
  'identifiantAdresseEtablissement,coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,' +
  'complementAdresse2Etablissement,numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,' +
  'libelleVoie2Etablissement,codePostal2Etablissement,libelleCommune2Etablissement,' +
  'libelleCommuneEtranger2Etablissement,' +
  'distributionSpeciale2Etablissement,codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,' +
  'codePaysEtranger2Etablissement,libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,' +
  'enseigne1Etablissement,' +
  'enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,' +
  'nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement'
).split(',');

/**
 * NAF rév. 2 codes with a weight (share of the establishment stock) and a size tendency (0: mostly sole traders,
 * property companies; 3: large sites). The size tendency sets the chance of being an employer and the size band.
 */
const NAF: [code: string, weight: number, size: number][] = readTable('naf.csv').map((n) => [
  n.code,
  Number(n.poids),
  Number(n.taille),
]);
const TOURISM_NAF = /^(55|56|85\.51|93|79|77\.21)/;
export const MOUNTAIN_BASSINS = new Set([
  '73-albertville-tarentaise',
  '73-maurienne',
  '74-genevois-arve',
  '74-chablais',
]);
/**
 * Industrial bassins (chemistry of the Rhône corridor, Nord Isère, Maurienne metallurgy, Annonay) and their factor on
 * divisions 10-33.
 */
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
/**
 * Ski and tourist resorts (and spa towns): many more hotels, restaurants, ski schools and rental shops per inhabitant.
 */
const RESORTS: Record<string, number> = Object.fromEntries(
  readTable('stations.csv').map((s) => [s.code_commune, Number(s.facteur)]),
);
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
const ADRESSES = readJson<{ voies: [type: string, nom: string][]; enseignes: string[] }>('adresses-enseignes.json');
export const VOIES: [type: string, nom: string][] = ADRESSES.voies;
const ENSEIGNES: string[] = ADRESSES.enseignes;

/** Luhn check digit appended to a digit string (SIREN, SIRET, and the SIRET of schools in the annuaire). */
export function luhnComplete(prefix: string): string {
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

export const pad2 = (n: number) => String(n).padStart(2, '0');
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
export const EMPLOYERS_PER_1000 = 22;

/**
 * Counts per commune. The employer density rises with the size of the commune (small towns serve their
 * surroundings, villages have a few craftsmen and a café), is higher in resorts and mountain bassins, lower
 * in the Genevois (residents working in Geneva), a little higher in the touristic south; it is then scaled to
 * EMPLOYERS_PER_1000 on average.
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

/**
 * Weight of each NAF code in a commune, for one kind of establishment: local economy, tourism, agriculture, town size.
 */
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

export function sireneFile(ref: Reference) {
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
