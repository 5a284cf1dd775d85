// The JSON / CSV / Arrow API. It only displays the methodology's objects: no indicator is computed here.
import { Router, type Request, type Response } from 'express';
import type { Database } from '../../db/database.ts';
import { closestNames } from '../../cli/suggest.ts';
import {
  compare,
  diagnose,
  indicatorDefinitions,
  indicatorValues,
  INDICATORS,
  listBassins,
  methodologyMarkdown,
} from '../../methodology/index.ts';
import type { Bassin, Diagnostic, IndicatorDefinition, Niveau, TerritoryValue } from '../../methodology/types.ts';
import { SOURCE_FORMATS } from '../../ingest/registry.ts';
import { Memo, Serial } from '../cache.ts';
import { BadRequest, NotFound } from '../errors.ts';
import {
  outputFormat,
  renderPayload,
  sendRendered,
  type FlatRow,
  type OutputFormat,
  type Rendered,
  type Scalar,
  type TablePayload,
} from '../formats.ts';

export const API_NIVEAUX = ['bassin', 'departement', 'academie'] as const;
export const ACADEMIE_DEPARTEMENTS = ['07', '26', '38', '73', '74'] as const;

export interface ApiContext {
  db: Database;
  /** Methodology results, by query. */
  memo: Memo;
  /** Serialised responses (JSON, CSV, Arrow bodies with their ETag), by query and format. */
  rendered: Memo;
  serial: Serial;
}

export function createApiContext(db: Database): ApiContext {
  return { db, memo: new Memo(), rendered: new Memo(400), serial: new Serial() };
}

/** Sends the response for `key` in `format`, serialising it only the first time. */
async function respond(
  ctx: ApiContext,
  req: Request,
  res: Response,
  key: string,
  format: OutputFormat,
  payload: () => Promise<TablePayload> | TablePayload,
): Promise<void> {
  const rendered = await ctx.rendered.get<Rendered>(`${key}|${format}`, async () =>
    renderPayload(format, await payload()),
  );
  sendRendered(req, res, rendered);
}

export function createApiRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get('/bassins', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format']);
    await respond(ctx, req, res, 'bassins', format, async () => {
      const bassins = await bassinsOf(ctx);
      return { json: bassins, rows: bassins.map(bassinRow), filename: 'bassins', columns: BASSIN_COLUMNS };
    });
  });

  router.get('/bassins/:id/diagnostic', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format', 'annee']);
    const annee = yearParam(req.query.annee);
    const bassin = await findBassin(ctx, req.params.id);
    const key = `diagnostic:${bassin.id}:${annee ?? ''}`;
    await respond(ctx, req, res, key, format, async () => {
      const diagnostic = await ctx.memo.get(key, () =>
        ctx.serial.run(() => diagnose(ctx.db, bassin.id, annee === undefined ? {} : { annee })),
      );
      return {
        json: diagnostic,
        rows: diagnosticRows(diagnostic),
        columns: DIAGNOSTIC_COLUMNS,
        filename: `diagnostic_${bassin.id}${annee ? `_${annee}` : ''}`,
      };
    });
  });

  router.get('/indicateurs', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format']);
    await respond(ctx, req, res, 'indicateurs', format, async () => {
      const indicators = await definitionsOf(ctx);
      return {
        json: indicators,
        rows: indicators.map(indicatorRow),
        columns: INDICATOR_COLUMNS,
        filename: 'indicateurs',
      };
    });
  });

  router.get('/indicateurs/:id', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format']);
    const id = findIndicator(req.params.id).id;
    await respond(ctx, req, res, `indicateur:${id}`, format, async () => {
      const indicator = (await definitionsOf(ctx)).find((i) => i.id === id) as IndicatorDefinition;
      return {
        json: indicator,
        rows: [indicatorRow(indicator)],
        columns: INDICATOR_COLUMNS,
        filename: `indicateur_${indicator.id}`,
      };
    });
  });

  router.get('/indicateurs/:id/valeurs', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format', 'niveau', 'annee', 'departement']);
    const indicator = findIndicator(req.params.id);
    const niveau = niveauParam(req.query.niveau);
    const annee = yearParam(req.query.annee);
    const departement = departementParam(req.query.departement);
    const key = `valeurs:${indicator.id}:${niveau}:${annee ?? ''}:${departement ?? ''}`;
    await respond(ctx, req, res, key, format, async () => {
      const values = await ctx.memo.get(key, () =>
        ctx.serial.run(() =>
          indicatorValues(ctx.db, indicator.id, {
            niveau,
            ...(annee !== undefined ? { annee } : {}),
            ...(departement ? { departement } : {}),
          }),
        ),
      );
      return {
        json: values,
        rows: values.map(valueRow),
        columns: VALUE_COLUMNS,
        filename: `${indicator.id}_${niveau}${departement ? `_${departement}` : ''}${annee ? `_${annee}` : ''}`,
      };
    });
  });

  router.get('/comparaison', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format', 'indicateur', 'annee', 'departement']);
    const indicateur =
      req.query.indicateur === undefined
        ? undefined
        : findIndicator(stringParam(req.query.indicateur, 'indicateur')).id;
    const annee = yearParam(req.query.annee);
    const departement = departementParam(req.query.departement);
    const key = `comparaison:${indicateur ?? ''}:${annee ?? ''}:${departement ?? ''}`;
    await respond(ctx, req, res, key, format, async () => {
      const result = await ctx.memo.get(key, () =>
        ctx.serial.run(() =>
          compare(ctx.db, {
            ...(departement ? { departement } : {}),
            ...(indicateur ? { indicateur } : {}),
            ...(annee !== undefined ? { annee } : {}),
          }),
        ),
      );
      return {
        json: result,
        rows: [...result.reference, ...result.bassins].map(valueRow),
        columns: VALUE_COLUMNS,
        filename: `comparaison${departement ? `_${departement}` : '_academie'}${indicateur ? `_${indicateur}` : ''}${annee ? `_${annee}` : ''}`,
      };
    });
  });

  router.get('/methodologie', async (req, res) => {
    allowOnly(req, ['format']);
    if (
      req.query.format === 'md' ||
      (req.query.format === undefined && req.accepts(['json', 'text/markdown']) === 'text/markdown')
    ) {
      res.type('text/markdown; charset=utf-8').send(methodologyMarkdown());
      return;
    }
    const format = outputFormat(req.query.format, ['json', 'csv', 'arrow', 'md']);
    await respond(ctx, req, res, 'methodologie', format, async () => {
      const indicators = await definitionsOf(ctx);
      return {
        json: { document: methodologyMarkdown(), indicateurs: indicators },
        rows: indicators.map(indicatorRow),
        columns: INDICATOR_COLUMNS,
        filename: 'methodologie_indicateurs',
      };
    });
  });

  router.get('/sources', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format']);
    await respond(ctx, req, res, 'sources', format, async () => {
      const sources = await ctx.memo.get('sources', () => ctx.serial.run(() => sourcesOf(ctx.db)));
      return { json: sources, rows: sources, columns: SOURCE_COLUMNS, filename: 'sources' };
    });
  });

  router.use((req) => {
    throw new NotFound(
      `Route inconnue : ${req.method} /api${req.path}. Routes : /api/bassins, /api/bassins/ID/diagnostic, /api/indicateurs, /api/indicateurs/ID/valeurs, /api/comparaison, /api/methodologie, /api/sources, /api/contours.`,
    );
  });
  return router;
}

/** The registry with the years found in the data. */
async function definitionsOf(ctx: ApiContext): Promise<IndicatorDefinition[]> {
  return ctx.memo.get('indicateurs', () => ctx.serial.run(() => indicatorDefinitions(ctx.db)));
}

export async function bassinsOf(ctx: ApiContext): Promise<Bassin[]> {
  return ctx.memo.get('bassins', () => ctx.serial.run(() => listBassins(ctx.db)));
}

export async function findBassin(ctx: ApiContext, id: string): Promise<Bassin> {
  const bassins = await bassinsOf(ctx);
  const fold = (t: string) =>
    t
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  const found =
    bassins.find((b) => b.id === id) ??
    bassins.find((b) => fold(b.id) === fold(id)) ??
    bassins.find((b) => fold(b.nom) === fold(id));
  if (found) return found;
  const close = closestNames(
    id,
    bassins.flatMap((b) => [b.id, b.nom]),
  ).map((name) => bassins.find((b) => b.nom === name)?.id ?? name);
  const unique = [...new Set(close)];
  throw new NotFound(
    `Bassin inconnu : « ${id} ».${unique.length ? ` Bassins proches : ${unique.join(', ')}.` : ''} La liste est sur /api/bassins.`,
    { suggestions: unique },
  );
}

function findIndicator(id: string): IndicatorDefinition {
  const found = INDICATORS.find((i) => i.id === id);
  if (found) return found;
  const close = closestNames(
    id,
    INDICATORS.map((i) => i.id),
  );
  throw new NotFound(
    `Indicateur inconnu : « ${id} ».${close.length ? ` Indicateurs proches : ${close.join(', ')}.` : ''} La liste est sur /api/indicateurs.`,
    { suggestions: close },
  );
}

function stringParam(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new BadRequest(`Le paramètre « ${name} » doit être donné une seule fois.`);
  return value;
}

function allowOnly(req: Request, names: string[]): void {
  for (const [key, value] of Object.entries(req.query)) {
    if (names.includes(key) && typeof value !== 'string')
      throw new BadRequest(`Le paramètre « ${key} » doit être donné une seule fois.`);
  }
}

export function yearParam(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = stringParam(value, 'annee');
  if (!/^\d{4}$/.test(text) || Number(text) < 1900 || Number(text) > 2100) {
    throw new BadRequest(
      `Année invalide : « ${text} ». Attendu : une année sur quatre chiffres, par exemple annee=2021.`,
    );
  }
  return Number(text);
}

export function niveauParam(value: unknown): Niveau {
  if (value === undefined || value === '') return 'bassin';
  const text = stringParam(value, 'niveau');
  if (!(API_NIVEAUX as readonly string[]).includes(text)) {
    throw new BadRequest(`Niveau invalide : « ${text} ». Niveaux possibles : ${API_NIVEAUX.join(', ')}.`);
  }
  return text as Niveau;
}

export function departementParam(value: unknown): string | undefined {
  if (value === undefined || value === '' || value === 'academie') return undefined;
  const text = stringParam(value, 'departement');
  if (!(ACADEMIE_DEPARTEMENTS as readonly string[]).includes(text)) {
    throw new BadRequest(
      `Département invalide : « ${text} ». Départements de l'académie de Grenoble : ${ACADEMIE_DEPARTEMENTS.join(', ')}.`,
    );
  }
  return text;
}

export interface SourceInfo extends FlatRow {
  id: string;
  famille: string;
  producteur: string;
  jeu_de_donnees: string;
  /** Latest vintage loaded in the database, null when nothing of this source is loaded. */
  millesime: string | null;
  fichiers: number;
  /** True when a loaded file of this source is simulated demo data (its name carries « simule », see datasets/demo/README.md). */
  simule: boolean;
}

/** The ingestion registry's source formats, with what of each is loaded (for the « Source : … » lines of charts). */
async function sourcesOf(db: Database): Promise<SourceInfo[]> {
  const loaded = new Map<string, { millesime: string | null; fichiers: number; simule: boolean }>();
  if (await db.tableExists('provenance')) {
    const rows = await db.all<{ source: string; millesime: string | null; fichiers: number; simule: boolean }>(
      `SELECT source, max(vintage) AS millesime, count(*) AS fichiers, bool_or(file_name ILIKE '%simule%') AS simule
       FROM provenance WHERE status = 'actif' GROUP BY source`,
    );
    for (const r of rows)
      loaded.set(r.source, {
        millesime: r.millesime === null ? null : String(r.millesime),
        fichiers: r.fichiers,
        simule: r.simule,
      });
  }
  return SOURCE_FORMATS.map((f) => ({
    id: f.id,
    famille: f.family,
    producteur: f.publisher,
    jeu_de_donnees: f.dataset,
    millesime: loaded.get(f.id)?.millesime ?? null,
    fichiers: loaded.get(f.id)?.fichiers ?? 0,
    simule: loaded.get(f.id)?.simule ?? false,
  }));
}

const SOURCE_COLUMNS = ['id', 'famille', 'producteur', 'jeu_de_donnees', 'millesime', 'fichiers', 'simule'];

// ——— flat tables for CSV and Arrow ———

const BASSIN_COLUMNS = ['id', 'nom', 'departement', 'communes', 'population'];
function bassinRow(b: Bassin): FlatRow {
  return { id: b.id, nom: b.nom, departement: b.departement, communes: b.communes, population: b.population ?? null };
}

const INDICATOR_COLUMNS = [
  'id',
  'libelle',
  'domaine',
  'definition',
  'unite',
  'polarite',
  'seuil_effectif',
  'sources',
  'annees',
  'attribution',
  'formule',
  'limites',
];
function indicatorRow(i: IndicatorDefinition & { formule?: string; limites?: string }): FlatRow {
  return {
    id: i.id,
    libelle: i.libelle,
    domaine: i.domaine,
    definition: i.definition,
    unite: i.unite,
    polarite: i.polarite,
    seuil_effectif: i.seuil_effectif,
    sources: i.sources.join(', '),
    annees: i.annees.join(', '),
    attribution: i.attribution,
    formule: i.formule ?? null,
    limites: i.limites ?? null,
  };
}

const VALUE_COLUMNS = [
  'indicateur',
  'niveau',
  'code',
  'nom',
  'departement',
  'annee',
  'valeur',
  'numerateur',
  'denominateur',
  'significatif',
  'rang',
  'verdict',
];
function valueRow(v: TerritoryValue): FlatRow {
  return {
    indicateur: v.indicateur,
    niveau: v.niveau,
    code: v.code,
    nom: v.nom,
    departement: v.departement,
    annee: v.annee,
    valeur: v.valeur,
    numerateur: v.numerateur,
    denominateur: v.denominateur,
    significatif: v.significatif,
    rang: v.rang ?? null,
    verdict: v.verdict ?? null,
  };
}

const DIAGNOSTIC_COLUMNS = [
  'bassin',
  'bassin_nom',
  'departement',
  'indicateur',
  'libelle',
  'domaine',
  'unite',
  'polarite',
  'annee',
  'valeur',
  'numerateur',
  'denominateur',
  'significatif',
  'reference_departement',
  'reference_academie',
  'reference_france',
  'ecart_departement',
  'ecart_academie',
  'ecart_france',
  'rang',
  'nb_bassins',
  'score_z',
  'tendance_annee_debut',
  'tendance_valeur_debut',
  'tendance_evolution',
  'verdict',
  'explication',
  'attribution',
];
export function diagnosticRows(d: Diagnostic): FlatRow[] {
  return d.indicateurs.map((l) => {
    const ref = (k: 'departement' | 'academie' | 'france'): Scalar => l.references[k]?.valeur ?? null;
    const gap = (k: 'departement' | 'academie' | 'france'): Scalar => l.ecarts[k] ?? null;
    return {
      bassin: d.bassin.id,
      bassin_nom: d.bassin.nom,
      departement: d.bassin.departement,
      indicateur: l.id,
      libelle: l.libelle,
      domaine: l.domaine,
      unite: l.unite,
      polarite: l.polarite,
      annee: l.annee,
      valeur: l.valeur,
      numerateur: l.numerateur,
      denominateur: l.denominateur,
      significatif: l.significatif,
      reference_departement: ref('departement'),
      reference_academie: ref('academie'),
      reference_france: ref('france'),
      ecart_departement: gap('departement'),
      ecart_academie: gap('academie'),
      ecart_france: gap('france'),
      rang: l.rang,
      nb_bassins: l.nb_bassins,
      score_z: l.score_z,
      tendance_annee_debut: l.tendance?.annee_debut ?? null,
      tendance_valeur_debut: l.tendance?.valeur_debut ?? null,
      tendance_evolution: l.tendance?.evolution ?? null,
      verdict: l.verdict,
      explication: l.explication,
      attribution: l.attribution,
    };
  });
}
