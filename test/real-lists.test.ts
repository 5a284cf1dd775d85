// The lists a CLEE acts on, on real published files (../shared/datasets/real, never copied here): the métiers of
// BMO 2025 for a département of the académie and the académie, checked against the workbook read independently
// (ExcelJS, cell by cell); the schools of Ille-et-Vilaine from the real annuaire with the DEPP enrolments and IPS
// of collèges and lycées, checked against the files' own lines. Skipped only when the folder is absent.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { etablissementsOf, type ListScope, type MetiersResult } from '../src/methodology/index.ts';
import { type AppServer, listenApp } from './helpers/app-server.ts';
import { REAL, zonedDb } from './helpers/real.ts';

const BMO = 'Base_open_data_BMO_2025.xlsx';
const FILES = [
  'commune_2022-cog.csv',
  BMO,
  'annuaire-education-rennes35-coll-ges35.csv',
  'college-effectifs-labels-rennes35-coll-ges35.csv',
  'ips-colleges-ap2022-Etablissement_IPS.csv',
  'lycee-gt-effectifs-exam-data.csv',
  'ips-lycees-2016-2021-exam-data.csv',
];

interface Cells {
  met: number | null;
  xmet: number | null;
  smet: number | null;
}

/** BMO rows of the workbook by département and métier code, read straight from its cells. */
async function workbookRows(): Promise<{ dept: string; code: string; cells: Cells }[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(join(REAL, BMO), {
    sharedStrings: 'cache',
    worksheets: 'emit',
  });
  const out: { dept: string; code: string; cells: Cells }[] = [];
  const num = (v: unknown) => (v === '*' || v === null || v === undefined || v === '' ? null : Number(v));
  for await (const sheet of reader) {
    let header: string[] | null = null;
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map((v) => (v === undefined ? null : v));
      if (!header) {
        if (values.includes('Code métier BMO')) header = values.map(String);
        continue;
      }
      const at = (name: string) => values[header!.indexOf(name)];
      out.push({
        dept: String(at('Dept')),
        code: String(at('Code métier BMO')),
        cells: { met: num(at('met')), xmet: num(at('xmet')), smet: num(at('smet')) },
      });
    }
  }
  return out;
}

let db: Database;
let server: AppServer;
let base: string;
let rows: { dept: string; code: string; cells: Cells }[];

describe.skipIf(!existsSync(REAL))('lists on the real files', () => {
  beforeAll(async () => {
    const loaded = await zonedDb(FILES.map((f) => join(REAL, f)));
    db = loaded.db;
    const { outcome } = loaded;
    expect(outcome.failures.map((f) => f.error.message)).toEqual([]);
    rows = await workbookRows();
    server = await listenApp(db);
    base = server.base;
  }, 600_000);
  afterAll(async () => {
    await server?.close();
    db?.close();
  });

  it(
    'BMO 2025, Isère: each métier has the projects, difficult and seasonal shares of the workbook; « * » stays ' +
      'secret',
    async () => {
      const r = (await (await fetch(`${base}/api/metiers?departement=38`)).json()) as MetiersResult;
      expect(r.annee).toBe(2025);
      const isere = rows.filter((x) => x.dept === '38');
      const codes = [...new Set(isere.map((x) => x.code))];
      expect(r.metiers.length).toBe(codes.length);
      let secrets = 0;
      for (const code of codes) {
        const own = isere.filter((x) => x.code === code).map((x) => x.cells);
        const known = own.filter((c) => c.met !== null);
        const m = r.metiers.find((x) => x.code === code)!;
        expect(m.secret, code).toBe(known.length < own.length);
        if (m.secret) secrets++;
        expect(m.projets, code).toBe(known.length ? known.reduce((s, c) => s + c.met!, 0) : null);
        const withX = known.filter((c) => c.xmet !== null);
        const base = withX.reduce((s, c) => s + c.met!, 0);
        if (base > 0)
          expect(m.part_difficiles, code).toBeCloseTo((100 * withX.reduce((s, c) => s + c.xmet!, 0)) / base, 1);
      }
      expect(secrets).toBeGreaterThan(0);
      // The top ten by projects, as the workbook orders them.
      const totals = codes
        .map((code) => ({ code, p: isere.filter((x) => x.code === code).reduce((s, x) => s + (x.cells.met ?? 0), 0) }))
        .sort((a, b) => b.p - a.p);
      expect(r.metiers.slice(0, 3).map((m) => m.projets)).toEqual(totals.slice(0, 3).map((t) => t.p));
    },
  );

  it("BMO 2025, académie: the five départements' projects, never 0 for a secret métier", async () => {
    const r = (await (await fetch(`${base}/api/metiers`)).json()) as MetiersResult;
    const own = rows.filter((x) => ['07', '26', '38', '73', '74'].includes(x.dept));
    expect(r.total.projets).toBe(own.reduce((s, x) => s + (x.cells.met ?? 0), 0));
    for (const m of r.metiers.filter((x) => x.projets === null)) expect(m.secret).toBe(true);
    expect(r.top_projets).toHaveLength(10);
  });

  it('a basin without the census says its métiers cannot be attributed, and which file would do it', async () => {
    const r = (await (await fetch(`${base}/api/bassins/38-grenoble/metiers`)).json()) as MetiersResult;
    expect(r.metiers).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/il manque : la population du recensement \(clee fetch insee-rp-population\)/);
  });

  it(
    'annuaire 35 with DEPP enrolments and IPS: each collège, its pupils, IPS, offer and place as in the ' + 'files',
    async () => {
      const scope: ListScope = {
        niveau: 'departement',
        code: '35',
        nom: 'Ille-et-Vilaine',
        departement: '35',
        zonage: 'clee',
      };
      const r = await etablissementsOf(db, scope);
      const annuaire = Papa.parse<Record<string, string>>(
        readFileSync(join(REAL, 'annuaire-education-rennes35-coll-ges35.csv'), 'utf-8').replace(/^\uFEFF/, ''),
        { header: true, delimiter: ';', skipEmptyLines: true },
      ).data;
      const colleges = annuaire.filter((a) => a.Type_etablissement === 'Collège' && a.etat !== 'FERME');
      expect(
        r.etablissements
          .filter((e) => e.type === 'collège')
          .map((e) => e.uai)
          .sort(),
        // A school may take several lines of the annuaire (etablissement_multi_lignes): listed once.
      ).toEqual([...new Set(colleges.map((a) => a.Identifiant_de_l_etablissement))].sort());
      // 0351906G, Collège Bourgchevreuil: effectifs, latest rentrée 2021, line 346 (687 pupils, 197 in 3e); IPS
      // 2022-2023
      // 134,0;
      // annuaire: ULIS and section sportive, 48.1195… / −1.6005….
      const bourg = r.etablissements.find((e) => e.uai === '0351906G')!;
      const line = colleges.find((a) => a.Identifiant_de_l_etablissement === '0351906G')!;
      expect(bourg).toMatchObject({
        nom: line.Nom_etablissement,
        type: 'collège',
        commune: line.Nom_commune,
        eleves: 687,
        eleves_source: 'effectifs',
        rentree: 2021,
        ips: 134,
        ips_rentree: 2022,
        latitude: Number(line.latitude),
        longitude: Number(line.longitude),
      });
      expect(bourg.niveaux['3e']).toBe(197);
      expect(bourg.offres).toEqual(['ULIS', 'section sportive']);
      // 0350042F, Lycée Maupertuis (Saint-Malo): lycée GT effectifs, latest rentrée 2021 (402 pupils, 113 in 2nde GT);
      // IPS lycées 2021-2022: 110,7.
      const maupertuis = r.etablissements.find((e) => e.uai === '0350042F')!;
      expect(maupertuis).toMatchObject({
        type: 'lycée général et technologique',
        commune: 'Saint-Malo',
        eleves: 402,
        rentree: 2021,
        ips: 110.7,
        ips_rentree: 2021,
      });
      expect(maupertuis.niveaux['2nde GT']).toBe(113);
    },
  );
});
