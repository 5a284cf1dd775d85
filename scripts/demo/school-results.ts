// Éducation nationale: IPS of collèges and lycées, InserJeunes.
import type { Cell } from './csv.ts';
import type { Enrolments } from './enrolments.ts';
import { ACADEMIE, REGION } from './geography.ts';
import { Rng } from './random.ts';
import { round, upperAscii } from './reference.ts';
import { INSERJEUNES_MILLESIMES, IPS_RENTREES, NATURE, labelDep, type School } from './schools.ts';
import type { ZoneSeries } from './unemployment.ts';
import { clamp } from './units.ts';

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const ips1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '');

export function ipsCollegeFile(schools: School[]) {
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

export function ipsLyceeFile(schools: School[]) {
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

export function inserjeunesFile(schools: School[], enrol: Enrolments, zones: ZoneSeries) {
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
      // fewer than 20 leavers over two cohorts: not published
      const underThreshold = sortants * 2 < 20 || r.chance(0.07);
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
