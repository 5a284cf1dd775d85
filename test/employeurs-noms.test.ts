// How the employers list names an establishment: its enseigne, else its dénomination usuelle, else (StockUniteLegale
// loaded) its legal unit's dénomination or, for a sole trader, « NOM D'USAGE (else NOM) PRÉNOM »; never when the
// establishment or its legal unit is under partial diffusion. Fixtures in the published layouts, loaded by the loader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNITE_LEGALE_HEADER } from '../scripts/demo/unites-legales.ts';
import type { Database } from '../src/db/database.ts';
import { ingestFile } from '../src/ingest/loader.ts';
import { employeursOf } from '../src/methodology/lists/employeurs.ts';
import { departementScope } from '../src/methodology/lists/scope.ts';
import type { EmployeursResult } from '../src/methodology/lists/types.ts';
import { freshDb, tempDir, writeFixture } from './helpers/db.ts';

const ETABLISSEMENTS =
  'siren,nic,siret,statutDiffusionEtablissement,trancheEffectifsEtablissement,codeCommuneEtablissement,' +
  'etatAdministratifEtablissement,activitePrincipaleEtablissement,caractereEmployeurEtablissement,' +
  'enseigne1Etablissement,denominationUsuelleEtablissement,libelleCommuneEtablissement\n' +
  [
    // siren, statut, enseigne, dénomination usuelle
    ['100000001', 'O', 'CHEZ MARCEL', 'DENOMINATION IGNOREE'],
    ['100000002', 'O', '', 'ATELIER DU VERCORS'],
    ['100000003', 'O', '', ''],
    ['100000004', 'O', '', ''],
    ['100000005', 'O', '', ''],
    ['100000006', 'O', 'ENSEIGNE D UN ENTREPRENEUR', ''],
    ['100000007', 'P', 'ENSEIGNE NON DIFFUSIBLE', ''],
    ['100000008', 'O', '', ''],
  ]
    .map(([siren, statut, enseigne, usuelle]) =>
      [siren, '00011', `${siren}00011`, statut, '11', '38185', 'A', '43.21A', 'O', enseigne, usuelle, 'GRENOBLE'].join(
        ',',
      ),
    )
    .join('\n');

function ulRow(siren: string, statut: string, prenom: string, nom: string, usage: string, denomination: string) {
  const cells = Object.fromEntries(UNITE_LEGALE_HEADER.map((h) => [h, '']));
  Object.assign(cells, {
    siren,
    statutDiffusionUniteLegale: statut,
    prenom1UniteLegale: prenom,
    nomUniteLegale: nom,
    nomUsageUniteLegale: usage,
    denominationUniteLegale: denomination,
    categorieJuridiqueUniteLegale: denomination ? '5499' : '1000',
    etatAdministratifUniteLegale: 'A',
    activitePrincipaleUniteLegale: '43.21A',
    trancheEffectifsUniteLegale: '11',
    dateDernierTraitementUniteLegale: '2025-03-01T10:00:00',
  });
  return Object.values(cells).join(',');
}

const UNITES_LEGALES = [
  UNITE_LEGALE_HEADER.join(','),
  ulRow('100000001', 'O', '', '', '', 'SOCIETE DE MARCEL'),
  ulRow('100000003', 'O', '', '', '', 'SOCIETE DAUPHINOISE DE PLOMBERIE'),
  ulRow('100000004', 'O', 'CLAIRE', 'MARTIN', 'DURAND', ''),
  ulRow('100000005', 'O', 'PAUL', 'BERNARD', '', ''),
  // A sole trader under partial diffusion: names replaced by « [ND] », the establishment's enseigne not shown.
  ulRow('100000006', 'P', '[ND]', '[ND]', '', ''),
  ulRow('100000007', 'O', '', '', '', 'SOCIETE VISIBLE'),
  // 100000008 has no legal unit in the file.
].join('\n');

let db: Database;
const byId = (r: EmployeursResult, siren: string) => {
  const rows = r.employeurs.filter((e) => e.siret === `${siren}00011`);
  return rows.length ? { nom: rows[0].nom, nom_origine: rows[0].nom_origine } : 'non nommé';
};

beforeAll(async () => {
  db = await freshDb();
  const dir = tempDir('clee-noms-');
  const r = await ingestFile(db, writeFixture(dir, 'StockEtablissement_utf8.csv', `${ETABLISSEMENTS}\n`));
  expect(r.status).toBe('chargé');
});
afterAll(() => db?.close());

describe("nom d'un employeur", () => {
  it('sans StockUniteLegale : enseigne, sinon dénomination usuelle, et la source manquante dite', async () => {
    const r = await employeursOf(db, departementScope('38'));
    expect(r.total).toBe(8);
    expect(r.non_diffusibles).toBe(1);
    expect(byId(r, '100000001')).toEqual({ nom: 'CHEZ MARCEL', nom_origine: 'enseigne' });
    expect(byId(r, '100000002')).toEqual({ nom: 'ATELIER DU VERCORS', nom_origine: 'denomination_usuelle' });
    expect(byId(r, '100000003')).toEqual({ nom: null, nom_origine: null });
    expect(byId(r, '100000006')).toEqual({ nom: 'ENSEIGNE D UN ENTREPRENEUR', nom_origine: 'enseigne' });
    expect(byId(r, '100000007')).toBe('non nommé');
    expect(r.notes.join('\n')).toMatch(
      /4 établissement\(s\) sans enseigne ni dénomination usuelle.*il manque : .*StockUniteLegale \(clee fetch insee-sirene-unites-legales\)/,
    );
    expect(r.source).not.toContain('StockUniteLegale');
  });

  it('avec StockUniteLegale : le nom de l’unité légale, jamais en diffusion partielle (un des niveaux)', async () => {
    const dir = tempDir('clee-noms-');
    const loaded = await ingestFile(db, writeFixture(dir, 'StockUniteLegale_utf8.csv', `${UNITES_LEGALES}\n`));
    expect(loaded.source).toBe('insee-sirene-unites-legales');
    expect(loaded.status).toBe('chargé');
    // Only the declared columns are kept (sigle, prénoms 2 to 4, dates… are told, not stored).
    expect((await db.columns('sirene_unite_legale')).map((c) => c.name)).not.toContain('sigle');
    expect(loaded.note).toMatch(/colonne\(s\) non déclarée\(s\).*sigleUniteLegale/);

    const r = await employeursOf(db, departementScope('38'));
    expect(r.total).toBe(8);
    expect(byId(r, '100000001')).toEqual({ nom: 'CHEZ MARCEL', nom_origine: 'enseigne' });
    expect(byId(r, '100000002')).toEqual({ nom: 'ATELIER DU VERCORS', nom_origine: 'denomination_usuelle' });
    expect(byId(r, '100000003')).toEqual({ nom: 'SOCIETE DAUPHINOISE DE PLOMBERIE', nom_origine: 'unite_legale' });
    expect(byId(r, '100000004')).toEqual({ nom: 'DURAND CLAIRE', nom_origine: 'unite_legale' });
    expect(byId(r, '100000005')).toEqual({ nom: 'BERNARD PAUL', nom_origine: 'unite_legale' });
    // Partial diffusion of the legal unit hides the establishment too, even with an enseigne of its own.
    expect(byId(r, '100000006')).toBe('non nommé');
    // Partial diffusion of the establishment, its legal unit diffusible.
    expect(byId(r, '100000007')).toBe('non nommé');
    expect(byId(r, '100000008')).toEqual({ nom: null, nom_origine: null });
    expect(r.non_diffusibles).toBe(2);
    const hidden = r.employeurs.filter((e) => e.siret === null);
    expect(hidden).toHaveLength(2);
    for (const e of hidden) expect([e.nom, e.nom_origine, e.commune, e.distance_km]).toEqual([null, null, null, null]);
    const notes = r.notes.join('\n');
    expect(notes).toMatch(/2 établissement\(s\) en diffusion partielle .*statutDiffusionUniteLegale/);
    expect(notes).toMatch(/1 établissement\(s\) sans nom : .*StockUniteLegale chargé/);
    expect(notes).not.toMatch(/il manque/);
    expect(notes).toMatch(
      /3 établissement\(s\) sans enseigne ni dénomination usuelle nommés d'après leur unité légale/,
    );
    expect(r.source).toContain('StockUniteLegale');
  });
});
