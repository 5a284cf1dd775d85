// The lists a CLEE acts on, per basin: the métiers that recruit (BMO), the schools and their formations, the
// employers near a school. The methodology builds them (src/methodology/lists); these routes only display them.
import type { Request, Response, Router } from 'express';
import {
  academieScope,
  actionsConcretes,
  bassinScope,
  departementScope,
  type EtablissementsResult,
  type MetiersResult,
  employeursOf,
  etablissementsOf,
  type ListScope,
  metiersOf,
  RAYON_MAX_KM,
  TYPES_ETABLISSEMENT,
} from '../../methodology/index.ts';
import { SECTEURS } from '../../methodology/naf.ts';
import { findBassin, respond, type ApiContext } from '../context.ts';
import { BadRequest } from '../errors.ts';
import { type OutputFormat, outputFormat } from '../formats.ts';
import {
  ACTION_CONCRETE_COLUMNS,
  actionConcreteRow,
  EMPLOYEUR_COLUMNS,
  employeurRow,
  ETABLISSEMENT_COLUMNS,
  etablissementRow,
  METIER_COLUMNS,
  metierRow,
} from '../list-tables.ts';
import { allowOnly, choiceParam, countParam, departementParam, kmParam, stringParam, yearParam } from '../params.ts';

export const LIST_ROUTES = [
  '/api/metiers?departement=DEP',
  '/api/etablissements?departement=DEP',
  '/api/employeurs?departement=DEP',
  '/api/bassins/ID/metiers',
  '/api/bassins/ID/etablissements',
  '/api/bassins/ID/employeurs',
  '/api/bassins/ID/actions',
] as const;

/** A list's territory: its key in the caches, its name in file names, its scope (computed only when needed). */
interface Territoire {
  key: string;
  file: string;
  scope: () => Promise<ListScope>;
}

function bassinTerritory(ctx: ApiContext, id: string): Territoire {
  return { key: id, file: id, scope: () => bassinScope(ctx.db, id) };
}

/** A territory's métiers, kept by the API (for a basin, the métiers route and the concrete actions share them). */
function metiersIn(ctx: ApiContext, territoire: Territoire, annee?: number): Promise<MetiersResult> {
  return ctx.memo.get(`metiers:${territoire.key}:${annee ?? ''}`, () =>
    ctx.serial.run(async () => metiersOf(ctx.db, await territoire.scope(), annee === undefined ? {} : { annee })),
  );
}

/** A territory's schools, kept by the API (for a basin, the établissements route and the concrete actions share them). */
function etablissementsIn(ctx: ApiContext, territoire: Territoire): Promise<EtablissementsResult> {
  return ctx.memo.get(`etablissements:${territoire.key}`, () =>
    ctx.serial.run(async () => etablissementsOf(ctx.db, await territoire.scope())),
  );
}

/** A métiers list, named `metiers_FILE[_ANNÉE]` when downloaded. */
async function sendMetiers(
  ctx: ApiContext,
  req: Request,
  res: Response,
  territoire: Territoire,
  format: OutputFormat,
  annee: number | undefined,
): Promise<void> {
  await respond(ctx, req, res, `metiers:${territoire.key}:${annee ?? ''}`, format, async () => {
    const result = await metiersIn(ctx, territoire, annee);
    return {
      json: result,
      rows: result.metiers.map(metierRow),
      columns: METIER_COLUMNS,
      filename: `metiers_${territoire.file}${result.annee ? `_${result.annee}` : ''}`,
    };
  });
}

/** `?departement=DEP`: that département, else the whole académie. */
function territoryOf(req: Request): Territoire {
  const departement = departementParam(req.query.departement);
  return departement
    ? { key: `departement:${departement}`, file: departement, scope: async () => departementScope(departement) }
    : { key: 'academie:', file: 'academie', scope: async () => academieScope() };
}

function etablissementsParams(req: Request, extra: string[] = []) {
  const format = outputFormat(req.query.format);
  allowOnly(req, ['format', 'type', ...extra]);
  const type = req.query.type === undefined || req.query.type === '' ? undefined : stringParam(req.query.type, 'type');
  if (type !== undefined && !(TYPES_ETABLISSEMENT as readonly string[]).includes(type))
    throw new BadRequest(`Type invalide : « ${type} ». Types possibles : ${TYPES_ETABLISSEMENT.join(', ')}.`);
  return { format, type };
}

async function sendEtablissements(
  ctx: ApiContext,
  req: Request,
  res: Response,
  territoire: Territoire,
  format: OutputFormat,
  type: string | undefined,
): Promise<void> {
  await respond(ctx, req, res, `etablissements:${territoire.key}:${type ?? ''}`, format, async () => {
    const result = await etablissementsIn(ctx, territoire);
    const shown = type ? { ...result, etablissements: result.etablissements.filter((e) => e.type === type) } : result;
    return {
      json: shown,
      rows: shown.etablissements.map(etablissementRow),
      columns: ETABLISSEMENT_COLUMNS,
      filename: `etablissements_${territoire.file}${type ? `_${type}` : ''}`,
    };
  });
}

function employeursParams(req: Request, extra: string[] = []) {
  const format = outputFormat(req.query.format);
  allowOnly(req, ['format', 'etablissement', 'rayon', 'secteur', 'salaries_min', 'limite', ...extra]);
  const uai =
    req.query.etablissement === undefined || req.query.etablissement === ''
      ? undefined
      : stringParam(req.query.etablissement, 'etablissement').trim().toUpperCase();
  const rayonKm = kmParam(req.query.rayon, 'rayon', RAYON_MAX_KM);
  if (rayonKm !== undefined && !uai)
    throw new BadRequest('Le paramètre « rayon » demande « etablissement » (UAI du centre du cercle).');
  const secteur = choiceParam(req.query.secteur, 'secteur', SECTEURS);
  const salariesMin = countParam(req.query.salaries_min, 'salaries_min');
  // The JSON for a page may keep only the first N employers; totals and counts stay those of the whole list.
  const limite = countParam(req.query.limite, 'limite');
  return { format, options: { uai, rayonKm, secteur, salariesMin, limite } };
}

async function sendEmployeurs(
  ctx: ApiContext,
  req: Request,
  res: Response,
  territoire: Territoire,
  { format, options }: ReturnType<typeof employeursParams>,
): Promise<void> {
  const { uai, rayonKm, secteur, salariesMin, limite } = options;
  const filters = [uai, rayonKm, secteur, salariesMin, limite].map((v) => v ?? '').join(':');
  const key = `employeurs:${territoire.key}:${filters}`;
  await respond(ctx, req, res, key, format, async () => {
    const result = await ctx.memo.get(key, () =>
      ctx.serial.run(async () => employeursOf(ctx.db, await territoire.scope(), options)),
    );
    return {
      json: result,
      rows: result.employeurs.map(employeurRow),
      columns: EMPLOYEUR_COLUMNS,
      filename: `employeurs_${territoire.file}${uai ? `_${uai}_${rayonKm ?? result.rayon_km}km` : ''}`,
    };
  });
}

export function addListRoutes(router: Router, ctx: ApiContext): void {
  // The métiers of a département, or of the académie without `departement` (the seminar's territories).
  router.get('/metiers', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format', 'annee', 'departement']);
    const annee = yearParam(req.query.annee);
    await sendMetiers(ctx, req, res, territoryOf(req), format, annee);
  });

  router.get('/bassins/:id/metiers', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format', 'annee']);
    const annee = yearParam(req.query.annee);
    const { id } = await findBassin(ctx, req.params.id);
    await sendMetiers(ctx, req, res, bassinTerritory(ctx, id), format, annee);
  });

  router.get('/bassins/:id/etablissements', async (req, res) => {
    const { format, type } = etablissementsParams(req);
    const { id } = await findBassin(ctx, req.params.id);
    await sendEtablissements(ctx, req, res, bassinTerritory(ctx, id), format, type);
  });

  // The schools of a département, or of the académie without `departement`.
  router.get('/etablissements', async (req, res) => {
    const { format, type } = etablissementsParams(req, ['departement']);
    await sendEtablissements(ctx, req, res, territoryOf(req), format, type);
  });

  router.get('/bassins/:id/employeurs', async (req, res) => {
    const params = employeursParams(req);
    const { id } = await findBassin(ctx, req.params.id);
    await sendEmployeurs(ctx, req, res, bassinTerritory(ctx, id), params);
  });

  // The employers of a département, or of the académie without `departement` (around a school with `etablissement`).
  router.get('/employeurs', async (req, res) => {
    const params = employeursParams(req, ['departement']);
    await sendEmployeurs(ctx, req, res, territoryOf(req), params);
  });

  // The catalogue's concrete sentences, filled from the basin's lists (the fiche attaches them to its actions).
  router.get('/bassins/:id/actions', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format']);
    const bassin = await findBassin(ctx, req.params.id);
    const key = `actions:${bassin.id}`;
    await respond(ctx, req, res, key, format, async () => {
      // The basin's métiers and schools as the other routes keep them (computed once, outside the serial task).
      const result = await ctx.memo.get(key, async () => {
        const territoire = bassinTerritory(ctx, bassin.id);
        const [metiers, etablissements] = await Promise.all([
          metiersIn(ctx, territoire),
          etablissementsIn(ctx, territoire),
        ]);
        return ctx.serial.run(async () =>
          actionsConcretes(ctx.db, await territoire.scope(), { metiers, etablissements }),
        );
      });
      return {
        json: result,
        rows: result.actions.map(actionConcreteRow),
        columns: ACTION_CONCRETE_COLUMNS,
        filename: `actions_${bassin.id}`,
      };
    });
  });
}
