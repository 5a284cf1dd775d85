// Éducation nationale: the simulated schools and the annuaire de l'éducation.
import { PRIORITY_TOWNS, type CensusData } from './census-model.ts';
import { ACADEMIE, DEP_NAMES, REGION, type Commune, type Dep } from './geography.ts';
import { Rng } from './random.ts';
import { lambert93, round, upperAscii, type Reference } from './reference.ts';
import { MOUNTAIN_BASSINS, VOIES, luhnComplete, pad2 } from './sirene.ts';
import { clamp } from './units.ts';
import { BASSINS } from './zoning.ts';
import { readJson, readTable } from './data.ts';

type SchoolKind = 'college' | 'legt' | 'lpo' | 'lp' | 'cio';

export interface School {
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
  /** Pupils per grade: collège (6e…3e), voie GT (2de…terminale), voie professionnelle (bac pro). */
  size: number;
  gtGrade: number;
  proGrade: number;
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

const PATRONYMES_JSON = readJson<{ publics: string[]; prives: string[] }>('patronymes.json');
const PATRONYMES: string[] = PATRONYMES_JSON.publics;
const PATRONYMES_PRIVES: string[] = PATRONYMES_JSON.prives;
export const NATURE: Record<
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
export const RENTREES = [2021, 2022, 2023, 2024];
export const IPS_RENTREES = ['2021-2022', '2022-2023', '2023-2024'];
export const INSERJEUNES_MILLESIMES = ['cumul 2021-2022', 'cumul 2022-2023', 'cumul 2023-2024'];

/** Pupils per grade per 1 000 inhabitants, and the share going to a private school (France, orders of magnitude). */
const PER_GRADE = { college: 12.2, gt: 7.7, pro: 2.9 };
const PRIVATE_SHARE = { college: 0.21, gt: 0.23, pro: 0.2 };
const PRIVATE_REACH_KM = 30;

/**
 * Each commune sends its pupils of each voie to the nearest public school offering it in its département (a share to
 * the nearest private one within reach): every school's intake is its catchment, so basins keep the proportions of
 * their population whatever the number of schools.
 */
function catchmentGrades(
  plan: { c: Commune; kind: SchoolKind; prive: boolean }[],
  communes: Commune[],
): { college: number; gt: number; pro: number }[] {
  const out = plan.map(() => ({ college: 0, gt: 0, pro: 0 }));
  const offers = {
    college: (k: SchoolKind) => k === 'college',
    gt: (k: SchoolKind) => k === 'legt' || k === 'lpo',
    pro: (k: SchoolKind) => k === 'lp' || k === 'lpo',
  };
  const km = (a: Commune, b: Commune) =>
    Math.hypot((a.lat - b.lat) * 111, (a.lon - b.lon) * 111 * Math.cos((45.3 * Math.PI) / 180));
  for (const voie of ['college', 'gt', 'pro'] as const) {
    const candidates = plan.map((p, i) => ({ ...p, i })).filter((p) => offers[voie](p.kind));
    for (const c of communes) {
      // The nearest schools of a sector (several in the same commune share its pupils).
      const nearest = (prive: boolean) => {
        const ranked = candidates
          .filter((p) => p.prive === prive && p.c.dep === c.dep)
          .map((p) => ({ i: p.i, d: km(p.c, c) }));
        if (!ranked.length) return null;
        const d = Math.min(...ranked.map((x) => x.d));
        return { d, at: ranked.filter((x) => x.d === d).map((x) => x.i) };
      };
      const pupils = (c.pop / 1000) * PER_GRADE[voie];
      const pub = nearest(false);
      const priv = nearest(true);
      if (!pub && !priv) throw new Error(`aucun établissement (${voie}) dans le département ${c.dep}`);
      const privateShare = !pub ? 1 : priv && priv.d <= PRIVATE_REACH_KM ? PRIVATE_SHARE[voie] : 0;
      const give = (to: { at: number[] } | null, n: number) => {
        if (to && n > 0) for (const i of to.at) out[i][voie] += n / to.at.length;
      };
      give(pub, pupils * (1 - privateShare));
      give(priv, pupils * privateShare);
    }
  }
  return out;
}

export function buildSchools(ref: Reference, census: CensusData): School[] {
  const byPop = [...ref.communes].sort((a, b) => b.pop - a.pop || a.code.localeCompare(b.code));
  const plan: { c: Commune; kind: SchoolKind; prive: boolean }[] = [];
  const add = (c: Commune, kind: SchoolKind, prive: boolean, n = 1) => {
    for (let i = 0; i < n; i++) plan.push({ c, kind, prive });
  };
  // Schools stand where the real ones are (counts per commune, type and sector from the DEPP's IPS files).
  const byCode = new Map(ref.communes.map((c) => [c.code, c]));
  for (const p of readTable('etablissements-communes.csv')) {
    const c = byCode.get(p.code_commune);
    if (!c) throw new Error(`etablissements-communes.csv : commune inconnue ${p.code_commune}`);
    add(c, p.type as SchoolKind, p.secteur === 'prive', Number(p.nombre));
  }
  // One CIO per bassin, in its largest commune.
  for (const b of BASSINS) add(byPop.find((c) => c.bassin === b.id)!, 'cio', false);

  const grades = catchmentGrades(plan, ref.communes);
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
      const { college, gt, pro } = grades[i];
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
        size: Math.round(clamp(college, 20, 330)),
        gtGrade: Math.round(clamp(gt, 20, 520)),
        proGrade: Math.round(clamp(pro, 12, 260)),
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

export const labelDep = (dep: Dep) => upperAscii(DEP_NAMES[dep]);
const PHONE: Record<Dep, string> = { '07': '04 75', '26': '04 75', '38': '04 76', '73': '04 79', '74': '04 50' };

export function annuaireFile(schools: School[], enrolment: Map<string, number>) {
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
      `${r.int(1, 60)} ` +
        `${voieType === 'AV' ? 'avenue' : voieType === 'BD' ? 'boulevard' : voieType === 'CHE' ? 'chemin' : 'rue'} ` +
        `${voieNom.toLowerCase()}`,
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
