// The CLEE zoning (commune → bassin): reading a file in the clee-bassins layout, reading the loaded
// zoning, and checking either against the COG of the académie's départements.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Database } from '../db/database.ts';
import { formatById, headerMatches, normaliseHeader } from '../ingest/registry.ts';
import { ACADEMIE, departementNom } from './academie.ts';
import { cogEntries, type CogCommune } from './cog.ts';
import { activeRows } from '../ingest/provenance.ts';
import { packagePath } from '../shared/paths.ts';

/** The zoning shipped with the project (editable configuration, to be replaced by the rectorat's list). */
/** The default zoning shipped with the package (absolute path; show it with shownPath). */
export const DEFAULT_ZONING_FILE = packagePath('datasets', 'territories', 'bassins-academie-grenoble.csv');

export interface ZoningRow {
  code_commune: string;
  nom_commune: string | null;
  departement: string;
  bassin_id: string;
  bassin_nom: string;
  /** Line in the file (1 = header), or null for the loaded zoning. */
  ligne: number | null;
}

interface ZoningIssue {
  gravite: 'erreur' | 'avertissement';
  /** Stable kind, for tests and tools. */
  type:
    | 'en-tete'
    | 'valeur-vide'
    | 'code-inconnu'
    | 'commune-deleguee'
    | 'autre-departement'
    | 'departement-incoherent'
    | 'doublon'
    | 'commune-absente'
    | 'bassin-multi-departements'
    | 'bassin-noms-multiples';
  message: string;
  ligne?: number | null;
  code?: string;
}

interface ZoningReport {
  source: string;
  communes: number;
  bassins: number;
  erreurs: ZoningIssue[];
  avertissements: ZoningIssue[];
  valide: boolean;
}

/** Reads a zoning file in the clee-bassins layout (`;` or `,`, UTF-8 with or without BOM). */
export async function readZoningFile(path: string): Promise<{ rows: ZoningRow[]; issues: ZoningIssue[] }> {
  const text = (await readFile(path, 'utf-8')).replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimitersToGuess: [';', ',', '\t'] });
  const [header = [], ...body] = parsed.data;
  const normalised = header.map(normaliseHeader);
  const format = formatById('clee-bassins')!;
  const index = new Map<string, number>();
  const issues: ZoningIssue[] = [];
  for (const spec of format.columns) {
    const i = normalised.findIndex((h) => spec.headers.some((p) => headerMatches(p, h)));
    if (i >= 0) index.set(spec.name, i);
    else if (spec.required !== false) {
      issues.push({
        gravite: 'erreur',
        type: 'en-tete',
        ligne: 1,
        message:
          `colonne « ${spec.name} » absente de l'en-tête ` +
          '(attendu : code_commune;nom_commune;departement;bassin_id;bassin_nom)',
      });
    }
  }
  if (issues.length) return { rows: [], issues };
  const cell = (cells: string[], name: string) => {
    const i = index.get(name);
    const v = i === undefined ? '' : (cells[i] ?? '').trim();
    return v;
  };
  const rows = body.map((cells, k) => ({
    code_commune: cell(cells, 'code_commune'),
    nom_commune: cell(cells, 'nom_commune') || null,
    departement: cell(cells, 'departement'),
    bassin_id: cell(cells, 'bassin_id'),
    bassin_nom: cell(cells, 'bassin_nom'),
    ligne: k + 2,
  }));
  return { rows, issues };
}

/** The zoning loaded in the database (table bassin_commune, files of status « actif »). */
export async function loadedZoning(db: Database): Promise<ZoningRow[]> {
  if (!(await db.tableExists('bassin_commune'))) return [];
  return db.all<ZoningRow>(
    `SELECT code_commune, nom_commune, departement, bassin_id, bassin_nom, NULL AS ligne
     FROM bassin_commune
     WHERE ${activeRows()}
     ORDER BY bassin_id, code_commune`,
  );
}

/** A basin of a zoning: id, name, main département (the one holding most of its communes), number of communes. */
interface BassinSummary {
  id: string;
  nom: string;
  departement: string;
  communes: number;
}

/** The key counted most often in `counts` (ties: the lowest key), or undefined when empty. */
export function majority(counts: Map<string, number>): string | undefined {
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** The basins of zoning rows, by département then name; a tie between départements goes to the lower code. */
export function summariseZoning(rows: ZoningRow[]): BassinSummary[] {
  const byId = new Map<string, { nom: string; deps: Map<string, number>; communes: number }>();
  for (const r of rows) {
    const b = byId.get(r.bassin_id) ?? { nom: r.bassin_nom, deps: new Map(), communes: 0 };
    b.communes += 1;
    b.deps.set(r.departement, (b.deps.get(r.departement) ?? 0) + 1);
    byId.set(r.bassin_id, b);
  }
  return [...byId]
    .map(([id, b]) => ({
      id,
      nom: b.nom,
      communes: b.communes,
      departement: majority(b.deps)!,
    }))
    .sort((a, b) => a.departement.localeCompare(b.departement) || a.nom.localeCompare(b.nom, 'fr'));
}

/** The basins of the loaded zoning (active rows only), for `clee territories list` and the maps. */
export async function loadedBassins(db: Database): Promise<BassinSummary[]> {
  return summariseZoning(await loadedZoning(db));
}

const where = (row: ZoningRow) => (row.ligne ? `ligne ${row.ligne} : ` : '');
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n >= 2 ? many : one}`;

/**
 * Checks a zoning against the COG: every current commune of the académie's départements exactly once,
 * no unknown code, no commune of another département, declared département consistent; a bassin
 * spanning départements is a warning (allowed, but references by département then need care).
 */
export function validateZoning(
  rows: ZoningRow[],
  source: string,
  departements: readonly string[] = ACADEMIE.departements,
): ZoningReport {
  const issues: ZoningIssue[] = [];
  const wanted = new Set(departements);
  const byCode = new Map<string, CogCommune>();
  for (const c of cogEntries()) {
    const known = byCode.get(c.code);
    if (!known || (known.type !== 'commune-actuelle' && c.type === 'commune-actuelle')) byCode.set(c.code, c);
  }
  const seen = new Map<string, ZoningRow[]>();
  for (const row of rows) {
    const missing = (['code_commune', 'departement', 'bassin_id', 'bassin_nom'] as const).filter((k) => !row[k]);
    if (missing.length) {
      issues.push({
        gravite: 'erreur',
        type: 'valeur-vide',
        ligne: row.ligne,
        code: row.code_commune,
        message: `${where(row)}valeur vide (${missing.join(', ')})`,
      });
      if (!row.code_commune) continue;
    }
    const list = seen.get(row.code_commune) ?? [];
    list.push(row);
    seen.set(row.code_commune, list);
    const cog = byCode.get(row.code_commune);
    if (!cog) {
      issues.push({
        gravite: 'erreur',
        type: 'code-inconnu',
        ligne: row.ligne,
        code: row.code_commune,
        message:
          `${where(row)}code commune inconnu du COG : « ${row.code_commune} »` +
          (/^\d{5}$/.test(row.code_commune)
            ? ''
            : " (un code commune a 5 caractères, ex. 38185 ; un code postal n'est pas un code commune)"),
      });
      continue;
    }
    if (cog.type !== 'commune-actuelle') {
      const parent = cog.chefLieu ? byCode.get(cog.chefLieu) : undefined;
      issues.push({
        gravite: 'erreur',
        type: 'commune-deleguee',
        ligne: row.ligne,
        code: row.code_commune,
        message:
          `${where(row)}${row.code_commune} (${cog.nom}) est une ` +
          (cog.type === 'commune-deleguee'
            ? 'commune déléguée'
            : cog.type === 'commune-associee'
              ? 'commune associée'
              : 'un arrondissement municipal') +
          (parent ? ` : utiliser le code de la commune ${parent.code} (${parent.nom})` : ''),
      });
      continue;
    }
    if (!wanted.has(cog.departement)) {
      issues.push({
        gravite: 'erreur',
        type: 'autre-departement',
        ligne: row.ligne,
        code: row.code_commune,
        message:
          `${where(row)}${row.code_commune} (${cog.nom}) est une commune de ` +
          `${departementNom(cog.departement)} (${cog.departement}), hors de l'académie`,
      });
      continue;
    }
    if (row.departement && row.departement !== cog.departement) {
      issues.push({
        gravite: 'erreur',
        type: 'departement-incoherent',
        ligne: row.ligne,
        code: row.code_commune,
        message:
          `${where(row)}département déclaré ${row.departement}, mais ${row.code_commune} (${cog.nom}) est en ` +
          `${departementNom(cog.departement)} (${cog.departement})`,
      });
    }
  }
  for (const [code, list] of seen) {
    if (list.length < 2) continue;
    const lines = list.map((r) => r.ligne).filter((l): l is number => l !== null);
    const bassins = [...new Set(list.map((r) => r.bassin_id))];
    issues.push({
      gravite: 'erreur',
      type: 'doublon',
      code,
      ligne: lines[0] ?? null,
      message:
        `${code} (${byCode.get(code)?.nom ?? list[0].nom_commune ?? '?'}) rattachée ${list.length} fois` +
        (lines.length ? ` (lignes ${lines.join(', ')})` : '') +
        ` : bassin${bassins.length > 1 ? 's' : ''} ${bassins.join(', ')}`,
    });
  }
  const absent = [...byCode.values()]
    .filter((c) => c.type === 'commune-actuelle' && wanted.has(c.departement) && !seen.has(c.code))
    .sort((a, b) => a.code.localeCompare(b.code));
  for (const c of absent) {
    issues.push({
      gravite: 'erreur',
      type: 'commune-absente',
      code: c.code,
      message: `commune absente du zonage : ${c.code} (${c.nom}, ${departementNom(c.departement)})`,
    });
  }
  const bassins = new Map<string, { noms: Set<string>; departements: Map<string, number> }>();
  for (const row of rows) {
    if (!row.bassin_id) continue;
    const b = bassins.get(row.bassin_id) ?? { noms: new Set(), departements: new Map() };
    if (row.bassin_nom) b.noms.add(row.bassin_nom);
    const dep = byCode.get(row.code_commune)?.departement ?? row.departement;
    if (dep) b.departements.set(dep, (b.departements.get(dep) ?? 0) + 1);
    bassins.set(row.bassin_id, b);
  }
  for (const [id, b] of bassins) {
    if (b.noms.size > 1) {
      issues.push({
        gravite: 'erreur',
        type: 'bassin-noms-multiples',
        message: `le bassin ${id} porte plusieurs noms : ${[...b.noms].map((n) => `« ${n} »`).join(', ')}`,
      });
    }
    if (b.departements.size > 1) {
      const parts = [...b.departements]
        .sort((x, y) => y[1] - x[1])
        .map(([d, n]) => `${plural(n, 'commune', 'communes')} en ${departementNom(d)} (${d})`);
      issues.push({
        gravite: 'avertissement',
        type: 'bassin-multi-departements',
        message:
          `le bassin ${id} (${[...b.noms][0] ?? ''}) s'étend sur plusieurs départements : ${parts.join(', ')} ; ` +
          'il est rattaché au département majoritaire',
      });
    }
  }
  const erreurs = issues.filter((i) => i.gravite === 'erreur');
  return {
    source,
    communes: seen.size,
    bassins: bassins.size,
    erreurs,
    avertissements: issues.filter((i) => i.gravite === 'avertissement'),
    valide: erreurs.length === 0,
  };
}

/** French text of a report, errors grouped by kind (long lists shortened). */
export function formatZoningReport(report: ZoningReport, maxPerKind = 15): string {
  const lines = [
    `Zonage : ${report.source}`,
    `${plural(report.communes, 'commune', 'communes')} dans ${plural(report.bassins, 'bassin', 'bassins')}.`,
  ];
  const group = (issues: ZoningIssue[], title: string) => {
    if (!issues.length) return;
    lines.push('', `${title} (${issues.length}) :`);
    const kinds = [...new Set(issues.map((i) => i.type))];
    for (const kind of kinds) {
      const ofKind = issues.filter((i) => i.type === kind);
      for (const i of ofKind.slice(0, maxPerKind)) lines.push(`  - ${i.message}`);
      if (ofKind.length > maxPerKind) lines.push(`  - … et ${ofKind.length - maxPerKind} autre(s) du même type`);
    }
  };
  group(report.erreurs, 'Erreurs');
  group(report.avertissements, 'Avertissements');
  lines.push(
    '',
    report.valide
      ? `Zonage valide : chaque commune des départements ${ACADEMIE.departements.join(', ')} est rattachée ` +
          'à un et un seul bassin.'
      : `Zonage invalide : ${plural(report.erreurs.length, 'erreur', 'erreurs')}.`,
  );
  return lines.join('\n');
}
