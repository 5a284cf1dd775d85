// The embedded demo territory (datasets/demo) and the default CLEE zoning (datasets/territories):
// every file is recognised as its format, loads, and its simulated values are coherent; the generator
// reproduces the committed files byte for byte.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { ingestFile, type IngestResult } from '../src/ingest/loader.ts';
import { normaliseHeader } from '../src/ingest/registry.ts';
import { generateDemoData, luhnValid, uaiOf } from '../scripts/generate-demo-data.ts';
import { freshDb, tempDir, writeFixture } from './helpers/db.ts';

const DATASETS = resolve(process.cwd(), 'datasets');

/** Load order matters for cross-file checks (zoning first). */
const FILES: [path: string, format: string][] = [
  ['territories/bassins-academie-grenoble.csv', 'clee-bassins'],
  ['demo/v_commune_2024-demo-simule.csv', 'insee-cog-communes'],
  ['demo/ze2020-composition-communale-demo-simule.csv', 'insee-communes-ze2020'],
  ['demo/bassins-bmo-composition-communale-demo-simule.csv', 'france-travail-bassins-bmo'],
  ['demo/base-cc-evol-struct-pop-2021-demo-simule.csv', 'insee-rp-population'],
  ['demo/base-cc-emploi-pop-active-2021-demo-simule.csv', 'insee-rp-emploi'],
  ['demo/base-cc-diplomes-formation-2021-demo-simule.csv', 'insee-rp-diplomes'],
  ['demo/chomage-localise-ze2020-demo-simule.csv', 'insee-chomage-ze'],
  ['demo/chomage-localise-departements-demo-simule.csv', 'insee-chomage-dep'],
  ['demo/sirene-stock-etablissement-extrait-demo-simule.csv.gz', 'insee-sirene-etablissements'],
  ['demo/sirene-stock-unite-legale-extrait-demo-simule.csv.gz', 'insee-sirene-unites-legales'],
  ['demo/dares-defm-ze2020-demo-simule.csv', 'dares-defm-ze'],
  ['demo/dares-defm-departements-demo-simule.csv', 'dares-defm-dep'],
  ['demo/france-travail-bmo-2024-demo-simule.csv', 'france-travail-bmo'],
  ['demo/france-travail-bmo-2025-demo-simule.csv', 'france-travail-bmo'],
  ['demo/fr-en-annuaire-education-demo-simule.csv', 'education-annuaire'],
  ['demo/fr-en-college-effectifs-niveau-sexe-lv-demo-simule.csv', 'education-effectifs-college'],
  ['demo/fr-en-lycee_gt-effectifs-niveau-sexe-lv-demo-simule.csv', 'education-effectifs-lycee-gt'],
  ['demo/fr-en-lycee_pro-effectifs-niveau-sexe-lv-demo-simule.csv', 'education-effectifs-lycee-pro'],
  ['demo/fr-en-ips-colleges-demo-simule.csv', 'education-ips-college'],
  ['demo/fr-en-ips-lycees-demo-simule.csv', 'education-ips-lycee'],
  ['demo/fr-en-inserjeunes-lycee_pro-demo-simule.csv', 'education-inserjeunes-lycee-pro'],
  ['demo/reference-nationale-demo-simule.csv', 'clee-reference-nationale'],
];

let db: Database;
const loaded = new Map<string, IngestResult>();

const n = async (sql: string, params?: Record<string, string | number>) =>
  Number((await db.one<{ n: number | bigint }>(sql, params))!.n);

/** Rows of `table` loaded from `path` (by file_id) that break `condition`: expected 0. */
const violations = (path: string, table: string, condition: string) =>
  n(`SELECT count(*) AS n FROM ${table} WHERE file_id = $id AND NOT coalesce(${condition}, true)`, {
    id: loaded.get(path)!.fileId!,
  });

/**
 * Lines of a demo enrolment file whose total differs from the sum of the level columns that follow it. Read from the
 * file itself: the level series are not declared columns, so they are not loaded.
 */
async function levelsAddUp(path: string, totalColumn: string): Promise<{ levels: number; wrong: number }> {
  const file = `read_csv($path, delim = ';', header = true, all_varchar = true)`;
  const params = { path: join(DATASETS, path) };
  const names = (
    await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${file})`, params)
  ).map((c) => c.column_name);
  const levels = names.slice(names.indexOf(totalColumn) + 1);
  const sum = levels.map((c) => `CAST("${c.replace(/"/g, '""')}" AS INTEGER)`).join(' + ');
  const total = `CAST("${totalColumn.replace(/"/g, '""')}" AS INTEGER)`;
  const wrong = await n(`SELECT count(*) AS n FROM ${file} WHERE ${total} <> ${sum}`, params);
  return { levels: levels.length, wrong };
}

/** Checks run right after a file is loaded. */
const CHECKS: Record<string, (path: string) => Promise<void>> = {
  'clee-reference-nationale': async () => {
    // France, simulated: about 20 times the académie's communes, for each census year and rentrée of the files.
    const sum = async (source: string, variable: string, annee: number) =>
      n(
        `SELECT somme_nationale AS n FROM reference_nationale
         WHERE source_nationale = $source AND variable = $variable AND annee = $annee`,
        { source, variable, annee },
      );
    const pop = await sum('insee-rp-population', 'p_pop', 2021);
    expect(pop).toBeGreaterThan(60_000_000);
    expect(pop).toBeLessThan(80_000_000);
    expect(await sum('insee-rp-emploi', 'p_chom1524', 2021)).toBeLessThan(
      await sum('insee-rp-emploi', 'p_act1524', 2021),
    );
    expect(
      await n("SELECT count(DISTINCT annee) AS n FROM reference_nationale WHERE source_nationale LIKE 'insee-rp-%'"),
    ).toBe(2);
    expect(
      await n(
        "SELECT count(*) AS n FROM reference_nationale WHERE periode_nationale <> source_nationale || ':' || annee",
      ),
    ).toBe(0);
  },
  'clee-bassins': async (p) => {
    expect(await n('SELECT count(*) AS n FROM bassin_commune')).toBe(1761);
    expect(await n('SELECT count(DISTINCT code_commune) AS n FROM bassin_commune')).toBe(1761);
    expect(await n('SELECT count(DISTINCT bassin_id) AS n FROM bassin_commune')).toBe(17);
    expect(
      await n(
        'SELECT count(*) AS n FROM (SELECT bassin_id FROM bassin_commune GROUP BY 1 HAVING count(DISTINCT ' +
          'departement) > 1)',
      ),
    ).toBe(0);
    expect(
      await violations(
        p,
        'bassin_commune',
        "left(code_commune, 2) = departement AND departement IN ('07', '26', '38', '73', '74')",
      ),
    ).toBe(0);
    for (const nom of ['Drôme des collines', 'Nord Isère', 'Isère Rhodanienne', 'Albanais Annécien', 'Chablais']) {
      expect(await n('SELECT count(*) AS n FROM bassin_commune WHERE bassin_nom = $nom', { nom }), nom).toBeGreaterThan(
        0,
      );
    }
    expect(
      await n("SELECT count(*) AS n FROM bassin_commune WHERE code_commune = '07010' AND departement = '07'"),
    ).toBe(1);
    expect(
      await n(
        "SELECT count(*) AS n FROM bassin_commune WHERE code_commune = '26281' AND bassin_id = '26-drome-des-collines'",
      ),
    ).toBe(1);
  },
  'insee-cog-communes': async () => {
    expect(await n("SELECT count(*) AS n FROM cog_commune WHERE typecom = 'COM'")).toBe(1761);
    expect(
      await n(
        "SELECT count(*) AS n FROM cog_commune c WHERE typecom = 'COM' AND com NOT IN (SELECT code_commune FROM " +
          'bassin_commune)',
      ),
    ).toBe(0);
    expect(
      await n("SELECT count(*) AS n FROM cog_commune WHERE typecom = 'COMD' AND comparent IS NOT NULL"),
    ).toBeGreaterThan(0);
  },
  'insee-communes-ze2020': async () => {
    expect(await n('SELECT count(DISTINCT codgeo) AS n FROM commune_ze')).toBe(1761);
    expect(
      await n('SELECT count(*) AS n FROM commune_ze WHERE codgeo NOT IN (SELECT code_commune FROM bassin_commune)'),
    ).toBe(0);
    expect(
      await n('SELECT count(*) AS n FROM (SELECT ze2020 FROM commune_ze GROUP BY 1 HAVING count(DISTINCT dep) > 1)'),
    ).toBeGreaterThan(0);
  },
  'france-travail-bassins-bmo': async () => {
    expect(await n('SELECT count(DISTINCT codgeo) AS n FROM commune_bassin_bmo')).toBe(1761);
  },
  'insee-rp-population': async (p) => {
    expect(await n('SELECT count(*) AS n FROM rp_population WHERE annee = 2021')).toBe(1761);
    expect(await n('SELECT count(*) AS n FROM rp_population WHERE annee = 2015')).toBe(1761);
    expect(
      await violations(
        p,
        'rp_population',
        'abs(p_pop0014 + p_pop1529 + p_pop3044 + p_pop4559 + p_pop6074 + p_pop7589 + p_pop90p - p_pop) < 1e-6',
      ),
    ).toBe(0);
    expect(await violations(p, 'rp_population', 'abs(p_poph + p_popf - p_pop) < 1e-6 AND p_pop15p <= p_pop')).toBe(0);
    // Windows-1252: accented names read back exactly as the UTF-8 zoning writes them.
    expect(
      (await db.one<{ enc: string }>("SELECT encoding AS enc FROM provenance WHERE source = 'insee-rp-population'"))!
        .enc,
    ).toBe('windows-1252');
    expect(
      await n(
        'SELECT count(*) AS n FROM rp_population r JOIN bassin_commune b ON b.code_commune = r.codgeo WHERE ' +
          'r.libgeo <> b.nom_commune',
      ),
    ).toBe(0);
    expect(
      (await db.one<{ nom: string }>("SELECT libgeo AS nom FROM rp_population WHERE codgeo = '38151' LIMIT 1"))!.nom,
    ).toBe('Échirolles');
  },
  'insee-rp-emploi': async (p) => {
    expect(
      await violations(
        p,
        'rp_emploi',
        'p_chom1564 <= p_act1564 AND p_act1564 <= p_pop1564 AND p_chom1524 <= p_act1524',
      ),
    ).toBe(0);
    expect(await violations(p, 'rp_emploi', 'abs(p_actocc1564 - (p_act1564 - p_chom1564)) < 1e-6')).toBe(0);
    expect(await violations(p, 'rp_emploi', 'abs(p_act1524 + p_act2554 + p_act5564 - p_act1564) < 1e-6')).toBe(0);
    expect(
      await violations(
        p,
        'rp_emploi',
        'abs(c_actocc1564_cs1 + c_actocc1564_cs2 + c_actocc1564_cs3 + c_actocc1564_cs4 + c_actocc1564_cs5 + ' +
          'c_actocc1564_cs6 - c_actocc1564) < 1e-6',
      ),
    ).toBe(0);
    expect(
      await violations(
        p,
        'rp_emploi',
        'abs(p_sal15p_cdi + p_sal15p_cdd + p_sal15p_interim + p_sal15p_empaid + p_sal15p_appr - p_sal15p) < 1e-6',
      ),
    ).toBe(0);
    expect(
      await violations(
        p,
        'rp_emploi',
        'abs(c_emplt_agri + c_emplt_indus + c_emplt_const + c_emplt_cts + c_emplt_apesas - c_emplt) < 1e-6',
      ),
    ).toBe(0);
    // Secret cells « s » are NULL, never 0, and only where the generator put them.
    expect(
      await n(
        'SELECT count(*) AS n FROM rp_emploi WHERE annee = 2021 AND c_emplt_agri IS NULL AND c_emplt IS NOT NULL',
      ),
    ).toBeGreaterThan(0);
    expect(await n('SELECT count(*) AS n FROM rp_emploi WHERE annee = 2015 AND c_emplt_agri IS NULL')).toBe(0);
    expect(
      await n(
        'SELECT count(*) AS n FROM rp_emploi e JOIN rp_population p USING (codgeo, annee) WHERE e.p_pop1564 > p.p_pop',
      ),
    ).toBe(0);
  },
  'insee-rp-diplomes': async (p) => {
    expect(
      (await db.one<{ n: number }>('SELECT count(*) AS n FROM rp_diplomes WHERE p_pop1517 <> floor(p_pop1517)'))!.n,
    ).toBeGreaterThan(1000);
    expect(
      await violations(
        p,
        'rp_diplomes',
        `abs(p_nscol15p_diplmin + p_nscol15p_bepc + p_nscol15p_capbep + p_nscol15p_bac
      + p_nscol15p_sup2 + p_nscol15p_sup34 + p_nscol15p_sup5 - p_nscol15p) < 1e-6`,
      ),
    ).toBe(0);
    for (const age of ['0205', '0610', '1114', '1517', '1824', '2529', '30p']) {
      expect(await violations(p, 'rp_diplomes', `p_scol${age} <= p_pop${age}`), age).toBe(0);
    }
    // Decimal commas read as decimals: the 15-24 of the diplomas base add up to the 15-24 of the employment base.
    expect(
      await n(`SELECT count(*) AS n FROM rp_diplomes d JOIN rp_emploi e USING (codgeo, annee)
      WHERE abs(d.p_pop1517 + d.p_pop1824 - e.p_pop1524) > 1e-6`),
    ).toBe(0);
  },
  'insee-chomage-ze': async (p) => {
    expect(await n("SELECT count(DISTINCT code) AS n FROM chomage_localise WHERE niveau = 'ze'")).toBe(19);
    expect(await n("SELECT count(DISTINCT periode) AS n FROM chomage_localise WHERE niveau = 'ze'")).toBe(24);
    expect(await violations(p, 'chomage_localise', 'valeur BETWEEN 2 AND 20')).toBe(0);
    expect(
      await n(
        'SELECT count(*) AS n FROM (SELECT DISTINCT ze2020 FROM commune_ze) z WHERE ze2020 NOT IN (SELECT code FROM ' +
          "chomage_localise WHERE niveau = 'ze')",
      ),
    ).toBe(0);
  },
  'insee-chomage-dep': async () => {
    expect(
      await n(
        "SELECT count(DISTINCT code) AS n FROM chomage_localise WHERE niveau = 'departement' AND code IN ('07', " +
          "'26', '38', '73', '74')",
      ),
    ).toBe(5);
  },
  'insee-sirene-unites-legales': async (p) => {
    // One legal unit per SIREN of the establishments, and none other.
    expect(await n('SELECT count(*) - count(DISTINCT siren) AS n FROM sirene_unite_legale')).toBe(0);
    expect(
      await n(
        `SELECT count(*) AS n FROM (SELECT DISTINCT siren FROM sirene_etablissement) e
         FULL JOIN sirene_unite_legale u USING (siren) WHERE e.siren IS NULL OR u.file_id IS NULL`,
      ),
    ).toBe(0);
    // Every diffusible unit has a name: a dénomination, or a person's name for a sole trader (1000).
    expect(
      await violations(
        p,
        'sirene_unite_legale',
        "statut_diffusion <> 'O' OR (categorie_juridique = '1000') = (nom IS NOT NULL AND prenom IS NOT NULL " +
          'AND denomination IS NULL)',
      ),
    ).toBe(0);
    // Partial diffusion: sole traders only, names not given, and their establishments partial too.
    expect(await n("SELECT count(*) AS n FROM sirene_unite_legale WHERE statut_diffusion = 'P'")).toBeGreaterThan(0);
    expect(
      await violations(
        p,
        'sirene_unite_legale',
        "statut_diffusion = 'O' OR (categorie_juridique = '1000' AND " + 'nom IS NULL AND prenom IS NULL)',
      ),
    ).toBe(0);
    expect(
      await n(
        `SELECT count(*) AS n FROM sirene_unite_legale u JOIN sirene_etablissement e USING (siren)
         WHERE u.statut_diffusion = 'P' AND e.statut_diffusion = 'O'`,
      ),
    ).toBe(0);
  },
  'insee-sirene-etablissements': async (p) => {
    expect(loaded.get(p)!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(
      (await db.one<{ enc: string }>(
        "SELECT encoding AS enc FROM provenance WHERE source = 'insee-sirene-etablissements'",
      ))!.enc,
    ).toBe('utf-8');
    const rows = await db.all<{ siren: string; nic: string; siret: string }>(
      'SELECT siren, nic, siret FROM sirene_etablissement',
    );
    // Every employer establishment (≈ 76 000) plus a sample of non-employers and closed ones.
    expect(rows.length).toBeGreaterThan(110_000);
    expect(rows.length).toBeLessThan(150_000);
    expect(
      rows.filter(
        (r) =>
          !/^\d{9}$/.test(r.siren) ||
          !/^\d{5}$/.test(r.nic) ||
          r.siret !== r.siren + r.nic ||
          !luhnValid(r.siren) ||
          !luhnValid(r.siret),
      ),
    ).toEqual([]);
    expect(new Set(rows.map((r) => r.siret)).size).toBe(rows.length);
    expect(
      await violations(
        p,
        'sirene_etablissement',
        "tranche_effectifs IN ('NN', '00', '01', '02', '03', '11', '12', '21', '22', '31', '32', '41', '42', '51', " +
          "'52', '53')",
      ),
    ).toBe(0);
    expect(
      await violations(
        p,
        'sirene_etablissement',
        "regexp_matches(activite_principale, '^\\d{2}\\.\\d{2}[A-Z]$') AND etat_administratif IN ('A', 'F') AND " +
          "caractere_employeur IN ('O', 'N')",
      ),
    ).toBe(0);
    // Employers have a size band; non-employers « NN » or « 00 »; closed establishments are not employers.
    expect(
      await violations(
        p,
        'sirene_etablissement',
        "(caractere_employeur = 'O') = (tranche_effectifs NOT IN ('NN', '00')) OR etat_administratif = 'F'",
      ),
    ).toBe(0);
    expect(await violations(p, 'sirene_etablissement', "etat_administratif = 'A' OR caractere_employeur = 'N'")).toBe(
      0,
    );
    expect(
      await n(
        'SELECT count(*) AS n FROM sirene_etablissement WHERE code_commune NOT IN (SELECT code_commune FROM ' +
          'bassin_commune)',
      ),
    ).toBe(0);
    expect(
      await n('SELECT count(DISTINCT left(activite_principale, 2)) AS n FROM sirene_etablissement'),
    ).toBeGreaterThan(40);
    expect(await n("SELECT count(*) AS n FROM sirene_etablissement WHERE enseigne LIKE '%,%'")).toBeGreaterThan(0);
    expect(await n("SELECT count(*) AS n FROM sirene_etablissement WHERE enseigne LIKE '%\"%'")).toBeGreaterThan(0);
    const kinds = (
      await db.all<{ k: string; n: number }>(
        `SELECT etat_administratif || caractere_employeur AS k, count(*) AS n FROM sirene_etablissement GROUP BY 1`,
      )
    ).reduce<Record<string, number>>((o, r) => {
      o[r.k] = Number(r.n);
      return o;
    }, {});
    expect(kinds.AN).toBeGreaterThan(0.3 * kinds.AO); // non-employers as well as employers (a sample of them)
    expect(kinds.FN).toBeGreaterThan(0.1 * rows.length); // and closed ones
    expect(kinds.FN).toBeLessThan(0.25 * rows.length);

    // Realistic density: ≈ 22 active employer establishments per 1 000 inhabitants, more in towns and resorts.
    const density = (where: string) =>
      db
        .one<{ d: number }>(`
      WITH e AS (SELECT code_commune,
        count(*) AS n FROM sirene_etablissement WHERE etat_administratif = 'A' AND caractere_employeur = 'O' GROUP BY 1)
      SELECT 1000 * sum(coalesce(e.n, 0)) / sum(p.p_pop) AS d FROM rp_population p JOIN bassin_commune b ON
        b.code_commune = p.codgeo
      LEFT JOIN e ON e.code_commune = p.codgeo WHERE p.annee = 2021 AND (${where})`)
        .then((r) => r!.d);
    const all = await density('true');
    expect(all).toBeGreaterThan(20);
    expect(all).toBeLessThan(24);
    for (const dep of ['07', '26', '38', '73', '74']) {
      expect(await density(`b.departement = '${dep}'`), dep).toBeGreaterThan(14);
      expect(await density(`b.departement = '${dep}'`), dep).toBeLessThan(32);
    }
    expect(await density('p.p_pop < 200')).toBeLessThan(0.7 * all);
    expect(await density('p.p_pop >= 20000')).toBeGreaterThan(1.1 * all);
    // resorts
    expect(await density("p.codgeo IN ('74056', '73304', '73296', '38191', '74173')")).toBeGreaterThan(2.5 * all);

    // Local economies: industry, tourism and farming where they are expected.
    const share = async (bassin: string, condition: string) =>
      (await db.one<{ s: number }>(`
      SELECT avg(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS s FROM sirene_etablissement s JOIN bassin_commune b ON
        b.code_commune = s.code_commune
      WHERE s.etat_administratif = 'A' AND s.caractere_employeur = 'O' AND b.bassin_id LIKE '${bassin}'`))!.s;
    const industry = 'TRY_CAST(left(activite_principale, 2) AS INTEGER) BETWEEN 10 AND 33';
    const tourism = "left(activite_principale, 2) IN ('55', '56')";
    const farming = 'TRY_CAST(left(activite_principale, 2) AS INTEGER) <= 3';
    expect(await share('38-nord-isere', industry)).toBeGreaterThan(
      1.2 * (await share('74-albanais-annecien', industry)),
    );
    expect(await share('73-albertville-tarentaise', tourism)).toBeGreaterThan(
      1.6 * (await share('38-grenoble', tourism)),
    );
    expect(await share('07-%', farming)).toBeGreaterThan(2 * (await share('38-%', farming)));
    expect(
      await n(`SELECT count(*) AS n FROM sirene_etablissement s JOIN commune_ze z ON z.codgeo = s.code_commune
      WHERE z.ze2020 = '8418' AND activite_principale = '25.62B' AND caractere_employeur = 'O'`),
    ).toBeGreaterThan(100); // décolletage
  },
  'dares-defm-ze': async (p) => {
    await defmChecks(p, 'ze');
  },
  'dares-defm-dep': async (p) => {
    await defmChecks(p, 'departement');
    expect(
      await n("SELECT count(*) AS n FROM demandeurs_emploi WHERE niveau = 'departement' AND code = '07'"),
    ).toBeGreaterThan(0);
  },
  'france-travail-bmo': async (p) => {
    const year = p.includes('2024') ? 2024 : 2025;
    expect(await violations(p, 'bmo', `annee = ${year}`)).toBe(0);
    expect(await violations(p, 'bmo', 'projets_difficiles <= projets AND projets_saisonniers <= projets')).toBe(0);
    expect(
      await n('SELECT count(*) AS n FROM bmo WHERE file_id = $id AND projets IS NULL', { id: loaded.get(p)!.fileId! }),
    ).toBeGreaterThan(0);
    expect(
      await n(
        'SELECT count(*) AS n FROM bmo WHERE file_id = $id AND projets IS NOT NULL AND projets_difficiles IS NULL',
        { id: loaded.get(p)!.fileId! },
      ),
    ).toBeGreaterThan(0);
    expect(
      await n('SELECT count(*) AS n FROM bmo WHERE bassin_bmo NOT IN (SELECT bassin_bmo FROM commune_bassin_bmo)'),
    ).toBe(0);
    // A bassin spanning two départements appears once per département.
    expect(
      await n(
        'SELECT count(*) AS n FROM (SELECT bassin_bmo FROM bmo GROUP BY 1 HAVING count(DISTINCT departement) > 1)',
      ),
    ).toBeGreaterThan(0);
    if (year === 2025) {
      // Each survey year is a period: the 2025 file adds to the 2024 one, it does not replace it.
      expect(loaded.get(p)!.replaced).toEqual([]);
      expect(
        await n(
          "SELECT count(DISTINCT annee) AS n FROM bmo b JOIN provenance v USING (file_id) WHERE v.status = 'actif'",
        ),
      ).toBe(2);
    }
  },
  'education-annuaire': async (p) => {
    const uais = await db.all<{ uai: string }>('SELECT uai FROM annuaire_education');
    expect(uais.filter((u) => !validUai(u.uai))).toEqual([]);
    expect(
      await violations(
        p,
        'annuaire_education',
        "code_departement = '0' || left(code_commune, 2) AND latitude BETWEEN 44 AND 46.6 AND longitude BETWEEN 3.8 " +
          'AND 7.2',
      ),
    ).toBe(0);
    expect(
      await n(
        'SELECT count(*) AS n FROM annuaire_education WHERE code_commune NOT IN (SELECT code_commune FROM ' +
          'bassin_commune)',
      ),
    ).toBe(0);
    expect(await n("SELECT count(*) AS n FROM annuaire_education WHERE nom LIKE '%;%'")).toBe(1);
    expect(await n("SELECT count(*) AS n FROM annuaire_education WHERE type = 'Collège'")).toBeGreaterThan(250);
  },
  'education-effectifs-college': async (p) => {
    expect(await n('SELECT count(DISTINCT rentree) AS n FROM effectifs_college')).toBeGreaterThanOrEqual(3);
    expect(
      await violations(
        p,
        'effectifs_college',
        'nb_eleves = nb_6e + nb_5e + nb_4e + nb_3e + coalesce(nb_segpa, 0) + coalesce(nb_ulis, 0)',
      ),
    ).toBe(0);
    expect(
      await n('SELECT count(*) AS n FROM effectifs_college WHERE uai NOT IN (SELECT uai FROM annuaire_education)'),
    ).toBe(0);
    expect(await n("SELECT count(*) AS n FROM effectifs_college WHERE uai LIKE '007%'")).toBeGreaterThan(0);
    expect(await n('SELECT count(*) AS n FROM effectifs_college WHERE nb_segpa > 0')).toBeGreaterThan(0);
  },
  'education-effectifs-lycee-gt': async (p) => {
    expect(await n('SELECT count(DISTINCT rentree) AS n FROM effectifs_lycee_gt')).toBeGreaterThanOrEqual(3);
    expect(await levelsAddUp(p, 'nombre_d_eleves')).toEqual({ levels: 22, wrong: 0 });
  },
  'education-effectifs-lycee-pro': async (p) => {
    expect(await n('SELECT count(DISTINCT rentree) AS n FROM effectifs_lycee_pro')).toBeGreaterThanOrEqual(3);
    expect(await levelsAddUp(p, "Nombre d'élèves")).toEqual({ levels: 9, wrong: 0 });
    expect(
      await violations(p, 'effectifs_lycee_pro', 'nb_2nde_pro + nb_1ere_pro + nb_terminale_pro <= nb_eleves'),
    ).toBe(0);
    expect(
      await n('SELECT count(*) AS n FROM effectifs_lycee_pro WHERE patronyme LIKE \'%"METIERS DE LA MONTAGNE"\''),
    ).toBeGreaterThan(0);
  },
  'education-ips-college': async (p) => {
    expect(await n('SELECT count(DISTINCT rentree) AS n FROM ips_college')).toBe(3);
    expect(await violations(p, 'ips_college', 'ips BETWEEN 55 AND 150 AND rentree BETWEEN 2021 AND 2023')).toBe(0);
    expect(await n('SELECT count(*) AS n FROM ips_college WHERE uai NOT IN (SELECT uai FROM effectifs_college)')).toBe(
      0,
    );
  },
  'education-ips-lycee': async (p) => {
    expect(
      await violations(
        p,
        'ips_lycee',
        "ips_etab IS NOT NULL AND (type_lycee <> 'LEGT' OR ips_voie_pro IS NULL) AND (type_lycee <> 'LP' OR " +
          'ips_voie_gt IS NULL)',
      ),
    ).toBe(0);
  },
  'education-inserjeunes-lycee-pro': async (p) => {
    expect(
      await violations(
        p,
        'inserjeunes',
        'annee BETWEEN 2022 AND 2024 AND taux_poursuite BETWEEN 0 AND 100 AND taux_emploi_6m BETWEEN 0 AND 100',
      ),
    ).toBe(0);
    expect(await violations(p, 'inserjeunes', 'va_emploi_6m = taux_emploi_6m - taux_emploi_6m_attendu')).toBe(0);
    expect(await n('SELECT count(*) AS n FROM inserjeunes WHERE taux_emploi_6m IS NULL')).toBeGreaterThan(0);
    expect(
      await n('SELECT count(*) AS n FROM inserjeunes WHERE uai NOT IN (SELECT uai FROM effectifs_lycee_pro)'),
    ).toBe(0);
  },
};

async function defmChecks(p: string, niveau: string): Promise<void> {
  const id = loaded.get(p)!.fileId!;
  expect(
    await n('SELECT count(DISTINCT periode) AS n FROM demandeurs_emploi WHERE file_id = $id', { id }),
  ).toBeGreaterThanOrEqual(12);
  expect(
    await n(
      `SELECT count(*) AS n FROM (
      SELECT code, categorie, periode, sum(valeur) FILTER (WHERE tranche_age <> 'Ensemble') AS s,
        any_value(valeur) FILTER (WHERE tranche_age = 'Ensemble') AS e
      FROM demandeurs_emploi WHERE file_id = $id GROUP BY ALL) WHERE s <> e OR e IS NULL`,
      { id },
    ),
  ).toBe(0);
  expect(
    await n(
      `SELECT count(*) AS n FROM demandeurs_emploi a JOIN demandeurs_emploi abc
      ON abc.file_id = a.file_id AND abc.code = a.code AND abc.tranche_age = a.tranche_age AND abc.periode = a.periode
        AND abc.categorie = 'ABC'
      WHERE a.file_id = $id AND a.categorie = 'A' AND a.valeur > abc.valeur`,
      { id },
    ),
  ).toBe(0);
  expect(
    await n('SELECT count(*) AS n FROM demandeurs_emploi WHERE file_id = $id AND niveau <> $niveau', { id, niveau }),
  ).toBe(0);
}

function validUai(uai: string): boolean {
  const m = /^(\d{3})(\d{4})[A-Z]$/.exec(uai);
  return m !== null && uaiOf(m[1].slice(1), Number(m[2])) === uai;
}

describe('territoire de démonstration et zonage par défaut', () => {
  beforeAll(async () => {
    db = await freshDb();
  });
  afterAll(() => db?.close());

  it('le dossier demo contient exactement les fichiers attendus, moins de 15 Mo en tout', () => {
    const demo = readdirSync(join(DATASETS, 'demo'))
      .filter((f) => f !== 'README.md')
      .sort();
    expect(demo).toEqual(
      FILES.filter(([p]) => p.startsWith('demo/'))
        .map(([p]) => p.slice(5))
        .sort(),
    );
    const size = (dir: string): number =>
      readdirSync(dir).reduce((s, f) => {
        const st = statSync(join(dir, f));
        return s + (st.isDirectory() ? size(join(dir, f)) : st.size);
      }, 0);
    expect(size(DATASETS)).toBeLessThan(15_000_000);
    // The large Sirene extract is shipped gzip-compressed (no plain copy next to it).
    expect(statSync(join(DATASETS, 'demo/sirene-stock-etablissement-extrait-demo-simule.csv.gz')).size).toBeLessThan(
      5 * 1024 * 1024,
    );
    for (const name of ['demo/README.md', 'territories/README.md']) {
      expect(readFileSync(join(DATASETS, name), 'utf-8')).toMatch(/SIMULÉES|PAR DÉFAUT/);
    }
  });

  for (const [path, format] of FILES) {
    it(`${path} est reconnu comme ${format}, se charge et reste cohérent`, async () => {
      const result = await ingestFile(db, join(DATASETS, path));
      loaded.set(path, result);
      expect(result.source).toBe(format);
      expect(result.status).toBe('chargé');
      expect(result.rows).toBeGreaterThan(0);
      await CHECKS[format](path);
    });
  }

  it('les codes gardent leurs zéros initiaux dans toutes les tables', async () => {
    const checks: [string, string][] = [
      ['bassin_commune', 'code_commune'],
      ['cog_commune', 'com'],
      ['commune_ze', 'codgeo'],
      ['commune_bassin_bmo', 'codgeo'],
      ['rp_population', 'codgeo'],
      ['rp_emploi', 'codgeo'],
      ['rp_diplomes', 'codgeo'],
      ['sirene_etablissement', 'code_commune'],
      ['annuaire_education', 'code_commune'],
      ['ips_college', 'code_commune'],
    ];
    for (const [table, column] of checks) {
      expect(await n(`SELECT count(*) AS n FROM ${table} WHERE ${column} LIKE '07%'`), table).toBeGreaterThan(0);
      expect(await n(`SELECT count(*) AS n FROM ${table} WHERE length(${column}) <> 5`), table).toBe(0);
    }
    expect(await n("SELECT count(*) AS n FROM bmo WHERE departement = '07'")).toBeGreaterThan(0);
  });
});

describe('générateur', () => {
  it("reproduit à l'identique les fichiers livrés (--out vers un dossier temporaire)", () => {
    const dir = tempDir('clee-demo-');
    try {
      const files = generateDemoData(dir);
      expect(files.length).toBe(FILES.length);
      const all = [...files.map((f) => f.path), 'demo/README.md', 'territories/README.md'];
      for (const path of all) {
        const fresh = readFileSync(join(dir, path));
        const shipped = readFileSync(join(DATASETS, path));
        if (path.endsWith('.gz') && !fresh.equals(shipped)) {
          // Say which: the CSV itself changed, or only its compression (another zlib build).
          const same = gunzipSync(fresh).equals(gunzipSync(shipped));
          expect.fail(
            `${path} diffère` +
              (same ? ' par sa seule compression (contenu CSV identique : autre version de zlib ?)' : '') +
              ' : relancer npm run demo:data',
          );
        }
        expect(fresh.equals(shipped), `${path} diffère : relancer npm run demo:data`).toBe(true);
      }
      // gzip header: no timestamp (MTIME = 0), Unix OS byte: the bytes depend on the content only.
      const gz = readFileSync(join(dir, 'demo/sirene-stock-etablissement-extrait-demo-simule.csv.gz'));
      expect([...gz.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]);
      expect(gz.readUInt32LE(4)).toBe(0);
      expect(gz[9]).toBe(3);
      expect(gunzipSync(gz).subarray(0, 16).toString()).toBe('siren,nic,siret,');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('export en libellés du fichier des collèges', () => {
  // A label-style export (use_labels_for_header=true) has « REP » and « REP + »: two columns, not a duplicate.
  it('« REP » et « REP + » sont deux colonnes distinctes', async () => {
    expect(normaliseHeader('REP +')).not.toBe(normaliseHeader('REP'));
    const dir = tempDir('clee-rep-');
    const header =
      "Rentrée scolaire;Numéro du collège;Secteur;REP;REP +;Nombre d'élèves total;Nombre total de 6èmes;Nombre " +
      'total de 5èmes;Nombre total de 4èmes;Nombre total de 3èmes';
    const file = writeFixture(
      dir,
      'college-libelles.csv',
      `\uFEFF${header}\n2024;0381234A;PUBLIC;0;1;400;100;100;100;100\n`,
    );
    const local = await freshDb();
    try {
      const result = await ingestFile(local, file);
      expect(result.source).toBe('education-effectifs-college');
      expect(await local.all('SELECT rep, rep_plus FROM effectifs_college')).toEqual([{ rep: '0', rep_plus: '1' }]);
    } finally {
      local.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
