// Territory reference files: the CLEE zoning, the ZE and BMO compositions, the COG.
import type { Cell } from './csv.ts';
import { etalabCommunes, REGION } from './geography.ts';
import { Rng } from './random.ts';
import { upperAscii, type Reference } from './reference.ts';
import { BASSINS, BASSINS_BMO, ZONES_EMPLOI } from './zoning.ts';

export function bassinsFile(ref: Reference) {
  const byId = new Map(BASSINS.map((b) => [b.id, b]));
  const header = ['code_commune', 'nom_commune', 'departement', 'bassin_id', 'bassin_nom'];
  const rows = ref.communes.map((c) => {
    const b = byId.get(c.bassin);
    if (!b || b.dep !== c.dep) throw new Error(`bassin ${c.bassin} incohérent pour ${c.code}`);
    return [c.code, c.nom, c.dep, b.id, b.nom];
  });
  return { header, rows };
}

export function communesZeFile(ref: Reference) {
  const header = ['CODGEO', 'LIBGEO', 'ZE2020', 'LIBZE2020', 'ZE2020_PARTIE_REG', 'DEP', 'REG'];
  return {
    header,
    rows: ref.communes.map((c) => [c.code, c.nom, c.ze, ZONES_EMPLOI[c.ze].nom, c.ze, c.dep, REGION.code]),
  };
}

export function communesBmoFile(ref: Reference) {
  const header = ['CODGEO', 'LIBGEO', 'BE25', 'NOMBE25'];
  return { header, rows: ref.communes.map((c) => [c.code, c.nom, c.bmo, BASSINS_BMO[c.bmo]]) };
}

/** Official geographic code, communes list (v_commune_AAAA.csv layout): current communes and communes déléguées. */
export function cogFile(ref: Reference) {
  const raw = etalabCommunes();
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
