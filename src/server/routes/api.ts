// The JSON / CSV / Arrow API routes. They only display the methodology's objects: no indicator is computed here.
import { Router } from 'express';
import { compare, diagnose, indicatorValues, libelles, methodologyMarkdown } from '../../methodology/index.ts';
import type { PublicIndicator } from '../../methodology/index.ts';
import { sourcesInfo } from '../../ingest/provenance.ts';
import { attributionWarnings, sourceCoverage, warningLines } from '../../methodology/coverage.ts';
import { departementCoverage } from '../../methodology/coverage-departements.ts';
import { bassinsOf, definitionsOf, findBassin, findIndicator, respond, type ApiContext } from '../context.ts';
import { NotFound } from '../errors.ts';
import { outputFormat } from '../formats.ts';
import { addListRoutes, LIST_ROUTES } from './lists.ts';
import { allowOnly, departementParam, niveauParam, stringParam, yearParam } from '../params.ts';
import {
  BASSIN_COLUMNS,
  bassinRow,
  DIAGNOSTIC_COLUMNS,
  diagnosticRows,
  INDICATOR_COLUMNS,
  indicatorRow,
  SOURCE_COLUMNS,
  VALUE_COLUMNS,
  csvValueRow,
  valueRow,
} from '../tables.ts';

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

  addListRoutes(router, ctx);

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
      const indicator = (await definitionsOf(ctx)).find((i) => i.id === id) as PublicIndicator;
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
        csvRows: values.map(csvValueRow),
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
        csvRows: [...result.reference, ...result.bassins].map(csvValueRow),
        columns: VALUE_COLUMNS,
        filename:
          `comparaison${departement ? `_${departement}` : '_academie'}` +
          `${indicateur ? `_${indicateur}` : ''}${annee ? `_${annee}` : ''}`,
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

  // The labels the pages draw with (verdicts, domains, natures, polarities, the académie's départements).
  router.get('/libelles', (req, res) => {
    allowOnly(req, ['format']);
    outputFormat(req.query.format, ['json']);
    res.json(libelles());
  });

  router.get('/sources', async (req, res) => {
    const format = outputFormat(req.query.format);
    allowOnly(req, ['format']);
    await respond(ctx, req, res, 'sources', format, async () => {
      const sources = await ctx.memo.get('sources', () => ctx.serial.run(() => sourcesInfo(ctx.db)));
      return { json: sources, rows: sources, columns: SOURCE_COLUMNS, filename: 'sources' };
    });
  });

  // What reaches no basin or reaches it from a coarser level (clee status --couverture --format json).
  router.get('/couverture', async (req, res) => {
    allowOnly(req, ['format']);
    const format = outputFormat(req.query.format, ['json']);
    // Serialised once, like every other answer (then sent with its ETag, compressed when the client accepts it).
    await respond(ctx, req, res, 'couverture', format, async () => {
      const json = await ctx.serial.run(async () => {
        const attribution = await attributionWarnings(ctx.db);
        const couverture = await sourceCoverage(ctx.db);
        return {
          attribution: { ...attribution, alertes: warningLines(attribution) },
          couverture_departements: await departementCoverage(ctx.db, couverture),
          couverture,
        };
      });
      return { json, rows: [], filename: 'couverture' };
    });
  });

  router.use((req) => {
    throw new NotFound(
      `Route inconnue : ${req.method} /api${req.path}. Routes : /api/bassins, /api/bassins/ID/diagnostic, ` +
        `${LIST_ROUTES.join(', ')}, /api/indicateurs, /api/indicateurs/ID/valeurs, /api/comparaison, ` +
        '/api/methodologie, /api/libelles, /api/sources, /api/couverture, /api/contours.',
    );
  });
  return router;
}
