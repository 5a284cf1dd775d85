// What the API's routes share: the database, the caches of results and of serialised bodies, and the lookups.
import type { Request, Response } from 'express';
import type { Database } from '../db/database.ts';
import {
  listBassins,
  publicDefinitions,
  resolveBassin,
  resolveIndicator,
  type PublicIndicator,
} from '../methodology/index.ts';
import type { Bassin, IndicatorDefinition } from '../methodology/types.ts';
import { Memo, Serial } from './cache.ts';
import { ServedDatabase } from './served-db.ts';
import { renderPayload, sendRendered, type OutputFormat, type Rendered, type TablePayload } from './formats.ts';

export interface ApiContext {
  /** The database now served (it changes when `clee serve` takes a new copy of the file). */
  readonly db: Database;
  served: ServedDatabase;
  /** Methodology results, by query. */
  memo: Memo;
  /** Serialised responses (JSON, CSV, Arrow bodies with their ETag), by query and format. */
  rendered: Memo;
  serial: Serial;
}

export function createApiContext(source: Database | ServedDatabase): ApiContext {
  const served = source instanceof ServedDatabase ? source : new ServedDatabase(source);
  const ctx: ApiContext = {
    get db() {
      return served.current;
    },
    served,
    memo: new Memo(),
    rendered: new Memo(400),
    serial: new Serial(),
  };
  served.settled = () => ctx.serial.run(async () => undefined);
  // Results and bodies computed on the previous data must not be served after a load.
  served.onSwap(() => {
    ctx.memo.clear();
    ctx.rendered.clear();
  });
  return ctx;
}

/** Sends the response for `key` in `format`, serialising it only the first time. */
export async function respond(
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

/** The registry with the years found in the data and their periods (no SQL: see publicDefinitions). */
export async function definitionsOf(ctx: ApiContext): Promise<PublicIndicator[]> {
  return ctx.memo.get('indicateurs', () => ctx.serial.run(() => publicDefinitions(ctx.db)));
}

export async function bassinsOf(ctx: ApiContext): Promise<Bassin[]> {
  return ctx.memo.get('bassins', () => ctx.serial.run(() => listBassins(ctx.db)));
}

/** The one lookup of the methodology (id or name, accents and case ignored); unknown → 404 with suggestions. */
export async function findBassin(ctx: ApiContext, id: string): Promise<Bassin> {
  return resolveBassin(await bassinsOf(ctx), id);
}

export function findIndicator(id: string): IndicatorDefinition {
  return resolveIndicator(id);
}
