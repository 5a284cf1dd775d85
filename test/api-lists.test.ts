// The lists a CLEE acts on through the API, on the demo data: métiers (BMO), établissements, employeurs near a
// school, in JSON and CSV (the API's writer), values checked against the raw tables, French errors with suggestions,
// and every basin of the demo giving non-empty lists.
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type {
  ActionsConcretesResult,
  EmployeursResult,
  EtablissementsResult,
  MetiersResult,
} from '../src/methodology/index.ts';
import { diagnose, readCatalogue } from '../src/methodology/index.ts';
import { diagnosticText } from '../src/cli/commands/diagnose.ts';
import { FAITS, placeholders } from '../src/methodology/lists/actions-concretes.ts';
import { EMPLOYEUR_COLUMNS, ETABLISSEMENT_COLUMNS, METIER_COLUMNS } from '../src/server/list-tables.ts';
import { type AppServer, fetchAnswer, listenApp } from './helpers/app-server.ts';
import { demoDatabase } from './helpers/demo-db.ts';

let server: AppServer;
let base: string;
let cleanup: () => void;
let db: Database;
let bassins: { id: string; nom: string; departement: string }[];

const get = (path: string) => fetchAnswer(`${base}${path}`, { Accept: 'application/json' });

async function json<T>(path: string): Promise<T> {
  const r = await get(path);
  expect(r.status, `${path} → ${r.text.slice(0, 300)}`).toBe(200);
  return JSON.parse(r.text) as T;
}

/** CSV lines (BOM removed) split on `;` — the list values tested here hold no quoted `;`. */
async function csv(path: string): Promise<string[][]> {
  const r = await get(path);
  expect(r.status, path).toBe(200);
  expect(r.type).toMatch(/^text\/csv; charset=utf-8/);
  expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return r.text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(';'));
}

beforeAll(async () => {
  const demo = await demoDatabase();
  cleanup = demo.cleanup;
  db = demo.db;
  server = await listenApp(db);
  base = server.base;
  bassins = await json('/api/bassins');
}, 120_000);

afterAll(async () => {
  await server?.close();
  cleanup?.();
});

describe('GET /api/bassins/:id/metiers', () => {
  it('lists the métiers by projects, with the top ten and the hardest to fill, secret never 0', async () => {
    const r = await json<MetiersResult>('/api/bassins/38-grenoble/metiers');
    expect(r.territoire).toEqual({ niveau: 'bassin', code: '38-grenoble', nom: expect.any(String) });
    expect(r.annee).toBe(Math.max(...r.annees_disponibles));
    expect(r.metiers.length).toBeGreaterThan(20);
    const projets = r.metiers.map((m) => m.projets ?? -1);
    expect(projets).toEqual([...projets].sort((a, b) => b - a));
    expect(r.top_projets).toEqual(
      r.metiers
        .filter((m) => m.projets !== null)
        .slice(0, 10)
        .map((m) => m.code),
    );
    expect(r.top_tension).toHaveLength(10);
    for (const code of r.top_tension) {
      const m = r.metiers.find((x) => x.code === code)!;
      expect(m.petit_nombre).toBe(false);
      expect(m.projets).toBeGreaterThanOrEqual(r.seuil_petit_nombre);
    }
    // Every domain of the basin's métiers is linked to training fields (the declared correspondence).
    expect(r.domaines.length).toBeGreaterThan(5);
    for (const d of r.domaines) expect(d.formations.length, d.domaine_fap).toBeGreaterThan(0);
  });

  it('keeps secret cells « secret » (never 0) and flags small numbers, in every basin', async () => {
    let secrets = 0;
    for (const b of bassins) {
      const r = await json<MetiersResult>(`/api/bassins/${b.id}/metiers`);
      for (const m of r.metiers) {
        if (m.projets === null) expect(m.secret, `${b.id} ${m.code}`).toBe(true);
        expect(m.petit_nombre).toBe(m.projets === null || m.projets < r.seuil_petit_nombre);
      }
      secrets += r.metiers.filter((m) => m.secret).length;
      if (r.metiers.some((m) => m.secret)) expect(r.notes.join(' ')).toMatch(/valeur secrète/);
    }
    expect(secrets).toBeGreaterThan(0);
  });

  it("adds up: a département's basins share exactly the projects the raw BMO rows give it (per métier)", async () => {
    const isere = bassins.filter((b) => b.departement === '38');
    const lists = await Promise.all(isere.map((b) => json<MetiersResult>(`/api/bassins/${b.id}/metiers`)));
    const annee = lists[0].annee!;
    const raw = await db.all<{ code: string; projets: number; secrets: number }>(
      `SELECT code_metier AS code, sum(projets)::DOUBLE AS projets,
         count(*) FILTER (WHERE projets IS NULL)::INTEGER AS secrets
       FROM bmo WHERE annee = $annee AND departement = '38' GROUP BY 1`,
      { annee },
    );
    expect(raw.length).toBeGreaterThan(20);
    for (const row of raw.filter((x) => x.secrets === 0)) {
      const shared = lists.reduce((s, l) => s + (l.metiers.find((m) => m.code === row.code)?.projets ?? 0), 0);
      // Each basin's share is rounded to a whole project.
      expect(Math.abs(shared - row.projets), row.code).toBeLessThanOrEqual(isere.length / 2);
    }
  });

  it('resolves a basin by name like the CLI, and answers CSV and Arrow with the same rows', async () => {
    const byName = await json<MetiersResult>('/api/bassins/grenoble/metiers');
    expect(byName.territoire.code).toBe('38-grenoble');
    const lines = await csv('/api/bassins/grenoble/metiers?format=csv');
    expect(lines[0]).toEqual([...METIER_COLUMNS]);
    expect(lines.length - 1).toBe(byName.metiers.length);
    const first = byName.metiers[0];
    expect(lines[1][0]).toBe(first.code);
    expect(lines[1][METIER_COLUMNS.indexOf('projets')]).toBe(String(first.projets));
    for (const [k, m] of byName.metiers.entries())
      expect(lines[k + 1][METIER_COLUMNS.indexOf('secret')]).toBe(m.secret ? 'oui' : 'non');
    const arrow = tableFromIPC((await get('/api/bassins/grenoble/metiers?format=arrow')).bytes);
    expect(arrow.numRows).toBe(byName.metiers.length);
  });

  it('refuses an unknown basin (404 with suggestions) and an unloaded year (400), in French', async () => {
    const r = await get('/api/bassins/grenobel/metiers');
    expect(r.status).toBe(404);
    const body = JSON.parse(r.text) as { erreur: string; suggestions: string[] };
    expect(body.erreur).toMatch(/Bassin inconnu : « grenobel »/);
    expect(body.suggestions).toContain('38-grenoble');
    const year = await get('/api/bassins/38-grenoble/metiers?annee=1999');
    expect(year.status).toBe(400);
    expect(JSON.parse(year.text).erreur).toMatch(/Année indisponible : « 1999 ».*Années disponibles/);
  });
});

describe('GET /api/metiers (département, académie)', () => {
  it('gives a département the projects of its BMO rows, and the académie those of its five départements', async () => {
    const isere = await json<MetiersResult>('/api/metiers?departement=38');
    expect(isere.territoire).toMatchObject({ niveau: 'departement', code: '38' });
    const raw = await db.all<{ code: string; projets: number; secrets: number }>(
      `SELECT code_metier AS code, sum(projets)::DOUBLE AS projets,
         count(*) FILTER (WHERE projets IS NULL)::INTEGER AS secrets
       FROM bmo WHERE annee = $annee AND departement = '38' GROUP BY 1`,
      { annee: isere.annee! },
    );
    for (const row of raw) {
      const m = isere.metiers.find((x) => x.code === row.code)!;
      expect(m.secret, row.code).toBe(row.secrets > 0);
      expect(m.projets, row.code).toBe(row.projets === null ? null : Math.round(row.projets));
    }
    const academie = await json<MetiersResult>('/api/metiers');
    expect(academie.territoire.niveau).toBe('academie');
    expect(academie.total.projets).toBeGreaterThan(isere.total.projets!);
    const bad = await get('/api/metiers?departement=69');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).erreur).toMatch(/Département invalide : « 69 »/);
    expect((await csv('/api/metiers?departement=38&format=csv'))[0]).toEqual([...METIER_COLUMNS]);
  });
});

describe('GET /api/etablissements and /api/employeurs (département, académie)', () => {
  it('lists the schools of a département (those of its basins) and of the académie (five départements)', async () => {
    const savoie = await json<EtablissementsResult>('/api/etablissements?departement=73');
    expect(savoie.territoire).toMatchObject({ niveau: 'departement', code: '73' });
    const uais = new Set(savoie.etablissements.map((e) => e.uai));
    for (const e of savoie.etablissements) expect(e.code_commune.slice(0, 2)).toBe('73');
    for (const b of bassins.filter((x) => x.departement === '73')) {
      const basin = await json<EtablissementsResult>(`/api/bassins/${b.id}/etablissements`);
      for (const e of basin.etablissements) expect(uais.has(e.uai), `${b.id} ${e.uai}`).toBe(true);
    }
    const academie = await json<EtablissementsResult>('/api/etablissements');
    expect(academie.territoire.niveau).toBe('academie');
    let sum = 0;
    for (const d of ['07', '26', '38', '73', '74'])
      sum += (await json<EtablissementsResult>(`/api/etablissements?departement=${d}`)).etablissements.length;
    expect(academie.etablissements).toHaveLength(sum);
    const colleges = await csv(`/api/etablissements?departement=73&type=${encodeURIComponent('collège')}&format=csv`);
    expect(colleges[0]).toEqual([...ETABLISSEMENT_COLUMNS]);
    expect(colleges.length - 1).toBe(savoie.etablissements.filter((e) => e.type === 'collège').length);
  });

  it('counts the employers of a département as Sirene does, the first N in JSON and all of them in CSV', async () => {
    const r = await json<EmployeursResult>('/api/employeurs?departement=73&limite=5');
    expect(r.territoire).toMatchObject({ niveau: 'departement', code: '73' });
    expect(r.employeurs).toHaveLength(5);
    const raw = await db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM sirene_etablissement s
       WHERE s.code_commune LIKE '73%' AND s.etat_administratif = 'A'
         AND coalesce(s.caractere_employeur = 'O', s.tranche_effectifs NOT IN ('NN', '00'), false)`,
    );
    expect(r.total).toBe(raw!.n);
    expect(r.regle).toMatch(/communes du département/);
    expect((await csv('/api/employeurs?departement=73&format=csv')).length - 1).toBe(r.total);
    const academie = await json<EmployeursResult>('/api/employeurs?limite=0');
    expect(academie.territoire.niveau).toBe('academie');
    expect(academie.employeurs).toEqual([]);
    let sum = 0;
    for (const d of ['07', '26', '38', '74'])
      sum += (await json<EmployeursResult>(`/api/employeurs?departement=${d}&limite=0`)).total;
    expect(academie.total).toBe(sum + r.total);
    const college = (await json<EtablissementsResult>('/api/etablissements?departement=73')).choix_employeurs[0];
    const around = await json<EmployeursResult>(`/api/employeurs?departement=73&etablissement=${college}&rayon=5`);
    expect(around.etablissement?.uai).toBe(college);
    expect(around.rayon_km).toBe(5);
    for (const [query, message] of [
      ['departement=69', /Département invalide : « 69 »/],
      ['departement=73&rayon=5', /demande « etablissement »/],
      ['departement=73&departement=38', /une seule fois/],
    ] as const) {
      const bad = await get(`/api/employeurs?${query}`);
      expect(bad.status, query).toBe(400);
      expect(JSON.parse(bad.text).erreur, query).toMatch(message);
    }
  });
});

describe('GET /api/bassins/:id/etablissements', () => {
  it('lists the schools of the basin with their enrolments, IPS and offer, as the DEPP files give them', async () => {
    const r = await json<EtablissementsResult>('/api/bassins/38-grenoble/etablissements');
    expect(r.etablissements.length).toBeGreaterThan(20);
    const communes = new Set(
      (await db.all<{ c: string }>(`SELECT code_commune AS c FROM bassin_commune WHERE bassin_id = '38-grenoble'`)).map(
        (x) => x.c,
      ),
    );
    for (const e of r.etablissements) expect(communes.has(e.code_commune), e.uai).toBe(true);
    const college = r.etablissements.find((e) => e.type === 'collège' && e.eleves_source === 'effectifs')!;
    const raw = await db.one<{ n: number; n3: number; rentree: number }>(
      `SELECT arg_max(nb_eleves, rentree)::DOUBLE AS n, arg_max(nb_3e, rentree)::DOUBLE AS n3, max(rentree) AS rentree
       FROM effectifs_college WHERE uai = $uai`,
      { uai: college.uai },
    );
    expect(college.eleves).toBe(raw!.n);
    expect(college.niveaux['3e']).toBe(raw!.n3);
    expect(college.rentree).toBe(raw!.rentree);
    const ips = await db.one<{ ips: number }>(
      'SELECT arg_max(ips, rentree)::DOUBLE AS ips FROM ips_college WHERE uai = $uai',
      { uai: college.uai },
    );
    expect(college.ips).toBeCloseTo(ips!.ips, 1);
    expect(r.par_type.reduce((s, t) => s + t.nombre, 0)).toBe(r.etablissements.length);
    // The schools offered for the employers: every collège, then every lycée, each once.
    const type = new Map(r.etablissements.map((e) => [e.uai, e.type]));
    const kinds = r.choix_employeurs.map((uai) => type.get(uai)!);
    expect(kinds.filter((t) => t === 'collège').length).toBe(r.par_type.find((t) => t.type === 'collège')!.nombre);
    expect(kinds.findIndex((t) => t !== 'collège')).toBe(kinds.filter((t) => t === 'collège').length);
    for (const t of kinds.filter((x) => x !== 'collège')) expect(t).toMatch(/^lycée/);
    expect(r.etablissements.filter((e) => e.latitude !== null).length).toBe(r.etablissements.length);
  });

  it('filters by type, answers CSV with the declared columns, and refuses an unknown type in French', async () => {
    const lycees = await json<EtablissementsResult>(
      `/api/bassins/38-grenoble/etablissements?type=${encodeURIComponent('lycée professionnel')}`,
    );
    expect(lycees.etablissements.length).toBeGreaterThan(0);
    for (const e of lycees.etablissements) expect(e.type).toBe('lycée professionnel');
    const lines = await csv('/api/bassins/38-grenoble/etablissements?format=csv');
    expect(lines[0]).toEqual([...ETABLISSEMENT_COLUMNS]);
    const all = await json<EtablissementsResult>('/api/bassins/38-grenoble/etablissements');
    expect(lines.length - 1).toBe(all.etablissements.length);
    const bad = await get('/api/bassins/38-grenoble/etablissements?type=lycee');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).erreur).toMatch(/Type invalide : « lycee ».*collège/);
  });
});

describe('GET /api/bassins/:id/employeurs', () => {
  it('counts the employers within the radius of a collège, never naming a partially diffused one', async () => {
    const colleges = await json<EtablissementsResult>(
      `/api/bassins/38-grenoble/etablissements?type=${encodeURIComponent('collège')}`,
    );
    const uai = colleges.etablissements[0].uai;
    const r = await json<EmployeursResult>(`/api/bassins/38-grenoble/employeurs?etablissement=${uai}&rayon=10`);
    expect(r.etablissement?.uai).toBe(uai);
    expect(r.rayon_km).toBe(10);
    expect(r.total).toBe(r.employeurs.length);
    expect(r.total).toBe(r.diffusibles + r.non_diffusibles);
    expect(r.par_secteur.reduce((s, x) => s + x.nombre, 0)).toBe(r.total);
    expect(r.par_tranche.reduce((s, x) => s + x.nombre, 0)).toBeLessThanOrEqual(r.total);
    expect(r.non_diffusibles).toBeGreaterThan(0);
    for (const e of r.employeurs) {
      if (e.siret === null) expect([e.nom, e.commune, e.code_commune, e.distance_km]).toEqual([null, null, null, null]);
      else expect(e.distance_km).toBeLessThanOrEqual(10);
    }
    expect(r.eleves.eleves_3e).toBeGreaterThan(0);
    expect(r.notes.join(' ')).toMatch(/diffusion partielle.*ni nommés ni localisés/);
    // The demo ships StockUniteLegale: every diffusible employer is named, most after their legal unit (said).
    const named = r.employeurs.filter((e) => e.siret !== null);
    expect(named.every((e) => e.nom !== null && e.nom_origine !== null)).toBe(true);
    const byLegalUnit = named.filter((e) => e.nom_origine === 'unite_legale').length;
    expect(byLegalUnit).toBeGreaterThan(named.length / 2);
    expect(r.notes.join(' ')).toContain(`${byLegalUnit} établissement(s) sans enseigne ni dénomination usuelle nommés`);
    expect(r.source).toContain('StockUniteLegale');
    const near = await json<EmployeursResult>(`/api/bassins/38-grenoble/employeurs?etablissement=${uai}&rayon=5`);
    expect(near.total).toBeLessThan(r.total);
    const big = await json<EmployeursResult>(
      `/api/bassins/38-grenoble/employeurs?etablissement=${uai}&salaries_min=10&secteur=construction`,
    );
    expect(big.total).toBe(r.par_secteur.find((s) => s.secteur === 'construction')!.dix_salaries_et_plus);
  });

  it('keeps the first N in JSON with the totals of the whole list; the CSV has every employer', async () => {
    const r = await json<EmployeursResult>('/api/bassins/73-maurienne/employeurs?limite=5');
    expect(r.employeurs).toHaveLength(5);
    const lines = await csv('/api/bassins/73-maurienne/employeurs?format=csv');
    expect(lines[0]).toEqual([...EMPLOYEUR_COLUMNS]);
    expect(lines.length - 1).toBe(r.total);
    const raw = await db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM sirene_etablissement s JOIN bassin_commune b ON b.code_commune =
        s.code_commune
       WHERE b.bassin_id = '73-maurienne' AND s.etat_administratif = 'A'
         AND coalesce(s.caractere_employeur = 'O', s.tranche_effectifs NOT IN ('NN', '00'), false)`,
    );
    expect(r.total).toBe(raw!.n);
    // The counts (computed in DuckDB) and the first rows are those of the whole list.
    const full = await json<EmployeursResult>('/api/bassins/73-maurienne/employeurs');
    expect(full.employeurs).toHaveLength(full.total);
    expect(r.employeurs).toEqual(full.employeurs.slice(0, 5));
    expect({ ...r, employeurs: [] }).toEqual({ ...full, employeurs: [] });
    const bands = await db.all<{ tranche: string; n: number }>(
      `SELECT s.tranche_effectifs AS tranche, count(*)::INTEGER AS n FROM sirene_etablissement s
       JOIN bassin_commune b ON b.code_commune = s.code_commune
       WHERE b.bassin_id = '73-maurienne' AND s.etat_administratif = 'A'
         AND coalesce(s.caractere_employeur = 'O', s.tranche_effectifs NOT IN ('NN', '00'), false)
       GROUP BY ALL ORDER BY tranche`,
    );
    expect(r.par_tranche.map((t) => [t.tranche, t.nombre]).sort()).toEqual(bands.map((b) => [b.tranche, b.n]));
    const tally = (keep: (e: EmployeursResult['employeurs'][number]) => boolean) => full.employeurs.filter(keep).length;
    for (const s of r.par_secteur) expect(s.nombre).toBe(tally((e) => (e.secteur ?? 'inconnu') === s.secteur));
    expect(r.non_diffusibles).toBe(tally((e) => e.siret === null));
  });

  it('refuses an unknown school (404, close UAIs suggested) and bad parameters (400), in French', async () => {
    const colleges = await json<EtablissementsResult>(
      `/api/bassins/38-grenoble/etablissements?type=${encodeURIComponent('collège')}`,
    );
    const uai = colleges.etablissements[0].uai;
    const typo = `${uai.slice(0, 7)}${uai.at(-1) === 'Z' ? 'Y' : 'Z'}`;
    const unknown = await get(`/api/bassins/38-grenoble/employeurs?etablissement=${typo}`);
    expect(unknown.status).toBe(404);
    const body = JSON.parse(unknown.text) as { erreur: string; suggestions: string[] };
    expect(body.erreur).toMatch(/Établissement \(UAI\) inconnu/);
    expect(body.suggestions).toContain(uai);
    for (const [query, message] of [
      [`etablissement=${uai}&rayon=abc`, /rayon invalide : « abc »/],
      [`etablissement=${uai}&rayon=80`, /au plus 50/],
      ['rayon=10', /demande « etablissement »/],
      ['secteur=peche', /secteur invalide : « peche ».*construction/],
      ['salaries_min=-1', /salaries_min invalide/],
    ] as const) {
      const r = await get(`/api/bassins/38-grenoble/employeurs?${query}`);
      expect(r.status, query).toBe(400);
      expect(JSON.parse(r.text).erreur, query).toMatch(message);
    }
  });
});

describe('GET /api/bassins/:id/actions', () => {
  it('declares only known facts in the catalogue sentences', () => {
    const withSentence = readCatalogue().filter((a) => a.concret);
    expect(withSentence.map((a) => a.id)).toEqual(expect.arrayContaining(['stages_3e', 'visites_entreprises']));
    for (const a of withSentence)
      for (const f of placeholders(a.id, a.concret!)) expect(Object.keys(FAITS)).toContain(f);
    expect(() => placeholders('essai', 'Stage : {inconnu}')).toThrow(/fait inconnu « \{inconnu\} »/);
  });

  it('names what the lists show: the collège, its employers of the sector in tension, the métier', async () => {
    const r = await json<ActionsConcretesResult>('/api/bassins/38-grenoble/actions');
    const stage = r.actions.find((a) => a.id === 'stages_3e')!;
    expect(stage.manque).toEqual([]);
    const metiers = await json<MetiersResult>('/api/bassins/38-grenoble/metiers');
    const tension = metiers.metiers.find((m) => m.code === metiers.top_tension[0])!;
    expect(stage.concret).toContain(tension.libelle.toLowerCase());
    // The collège with the lowest IPS, and the employers of 10 and more in the métier's sector within 10 km of it.
    const colleges = (
      await json<EtablissementsResult>(`/api/bassins/38-grenoble/etablissements?type=${encodeURIComponent('collège')}`)
    ).etablissements.filter((e) => e.ips !== null);
    const lowest = colleges.reduce((a, b) => (b.ips! < a.ips! ? b : a));
    expect(stage.concret).toContain(lowest.nom.replace(/^Collège/, 'collège'));
    const secteur = r.faits.secteur_tension;
    const id = (await json<EmployeursResult>('/api/bassins/38-grenoble/employeurs?limite=0')).par_secteur.find(
      (s) => s.libelle.toLowerCase() === secteur.toLowerCase(),
    )!.secteur;
    const around = await json<EmployeursResult>(
      `/api/bassins/38-grenoble/employeurs?etablissement=${lowest.uai}&salaries_min=10&secteur=${id}&limite=0`,
    );
    expect(stage.concret).toContain(
      `${around.total.toLocaleString('fr-FR').replace(/\s/g, '\u202f')} établissements de 10 salariés et plus à ` +
        `moins de 10 km`,
    );
    const lines = await csv('/api/bassins/38-grenoble/actions?format=csv');
    expect(lines[0]).toEqual(['id', 'libelle', 'concret', 'manque']);
  });
});

describe('clee diagnose', () => {
  it('writes the concrete sentence under each proposed action that has one', async () => {
    const d = await diagnose(db, '38-grenoble');
    const r = await json<ActionsConcretesResult>('/api/bassins/38-grenoble/actions');
    const map = new Map(r.actions.flatMap((a) => (a.concret ? [[a.id, a.concret] as const] : [])));
    const proposed = d.actions.filter((a) => map.has(a.id));
    expect(proposed.length).toBeGreaterThan(0);
    const text = diagnosticText(d, map);
    for (const a of proposed) expect(text).toContain(`    Concrètement : ${map.get(a.id)}`);
    expect(diagnosticText(d, new Error('base en lecture seule'))).toContain(
      'phrases concrètes indisponibles : base en lecture seule',
    );
  });
});

describe('the demo data make the lists meaningful in every basin', () => {
  it('each basin has métiers, collèges with pupils in 3e, and employers near its first collège', async () => {
    for (const b of bassins) {
      const m = await json<MetiersResult>(`/api/bassins/${b.id}/metiers`);
      expect(m.top_projets.length, b.id).toBe(10);
      expect(m.top_tension.length, b.id).toBeGreaterThan(3);
      const e = await json<EtablissementsResult>(`/api/bassins/${b.id}/etablissements`);
      const college = e.etablissements.find((x) => x.type === 'collège' && (x.niveaux['3e'] ?? 0) > 0);
      expect(college, b.id).toBeDefined();
      const emp = await json<EmployeursResult>(
        `/api/bassins/${b.id}/employeurs?etablissement=${college!.uai}&rayon=10&limite=0`,
      );
      expect(emp.total, b.id).toBeGreaterThan(50);
      expect(emp.eleves.eleves_3e, b.id).toBeGreaterThanOrEqual(college!.niveaux['3e']!);
      const actions = await json<ActionsConcretesResult>(`/api/bassins/${b.id}/actions`);
      expect(
        actions.actions.filter((a) => a.concret === null).map((a) => a.id),
        b.id,
      ).toEqual([]);
    }
  }, 120_000);
});
