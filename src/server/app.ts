// The web server of `clee serve`: the API under /api, the bundled pages, nothing fetched from outside.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import express, { type Express, type Request, type Response, type Router } from 'express';
import type { Database } from '../db/database.ts';
import { DIST_DIR, ensureDashboards, pageShell, type PageName } from '../bundle/dashboards.ts';
import { basePath } from './base-path.ts';
import { createErrorHandler, errorBody, NotFound } from './errors.ts';
import { createApiContext, findBassin } from './context.ts';
import { readOnlyMethods } from './methods.ts';
import { createApiRouter } from './routes/api.ts';
import type { ServedDatabase } from './served-db.ts';

interface AppOptions {
  /** Where the built pages are (default dashboards/dist). */
  distDir?: string;
  /** The path the pages are published under behind a reverse proxy (`/clee/`); default `/`. */
  base?: string;
  log?: (message: string) => void;
}

const CONTOURS_MODULE = new URL('./routes/contours.ts', import.meta.url);

export function createApp(db: Database | ServedDatabase, options: AppOptions = {}): Express {
  const distDir = options.distDir ?? DIST_DIR;
  const ctx = createApiContext(db);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'weak');
  app.set('query parser', 'simple');
  app.use(basePath(options.base ?? '/'));

  app.use((_req, res, next) => {
    // The database a request began with stays open until the request ends, even if a newer copy is served meanwhile.
    const leave = ctx.served.enter();
    res.once('close', leave);
    res.once('finish', leave);
    next();
  });

  app.use((_req, res, next) => {
    // Everything is served from here: no external script, style, font or connection.
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  app.use(readOnlyMethods);

  app.use(
    '/api/contours',
    contoursMiddleware(() => ctx.db),
  );
  app.use('/api', createApiRouter(ctx));

  // No redirect of a folder (`/assets/.` → Express's English « Redirecting » page): a folder is not found, in French.
  app.use(
    '/assets',
    express.static(distDir, { index: false, redirect: false, fallthrough: false, setHeaders: assetHeaders }),
  );
  app.get('/', page(distDir, 'accueil'));
  app.get('/fiche', page(distDir, 'fiche'));
  app.get('/fiche/:id', async (req, res, next) => {
    await findBassin(ctx, req.params.id as string);
    return page(distDir, 'fiche')(req, res, next);
  });
  app.get('/comparaison', page(distDir, 'comparaison'));
  app.get('/seminaire', page(distDir, 'seminaire'));
  app.get('/methodologie', page(distDir, 'methodologie'));
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  app.use((req) => {
    throw new NotFound(`Page introuvable : ${req.path}`);
  });
  app.use(createErrorHandler(options.log));
  return app;
}

function assetHeaders(res: Response, path: string): void {
  // Chunks carry a content hash in their name; entry files and CSS keep a stable name and are revalidated.
  res.setHeader(
    'Cache-Control',
    path.includes(`${join('chunks', '')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  );
}

/** A page's shell, written for the base path of the request (its addresses stay under the proxy's sub-path). */
function page(distDir: string, name: PageName) {
  return (_req: Request, res: Response, next: (error?: unknown) => void) => {
    if (!existsSync(join(distDir, `${name}.js`))) {
      next(new Error(`Page ${name} absente de ${distDir} : lancez « npx tsx scripts/build-dashboards.ts ».`));
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(pageShell(name, res.locals.base as string));
  };
}

/** /api/contours comes from src/server/routes/contours.ts (default export `(db) => Router`) when that module exists. */
function contoursMiddleware(db: () => Database) {
  let router: Promise<Router | null> | undefined;
  const load = () =>
    (router ??= existsSync(CONTOURS_MODULE)
      ? import(CONTOURS_MODULE.href).then((m: { default: (db: () => Database) => Router }) => m.default(db))
      : Promise.resolve(null));
  return async (req: Request, res: Response, next: (error?: unknown) => void) => {
    const r = await load();
    if (!r) {
      res.status(404).json(errorBody(404, 'Les contours des bassins ne sont pas disponibles sur ce serveur.'));
      return;
    }
    r(req, res, next);
  };
}

export interface StartedServer {
  server: Server;
  /** The address to open on this machine. */
  url: string;
  port: number;
  /** The addresses other machines reach (empty on the loopback). */
  exposed: string[];
  close(): Promise<void>;
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);
const urlOf = (address: string, port: number) => `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;

/** The addresses other machines reach when the server listens on `host`: none on the loopback. */
export function reachableUrls(
  host: string,
  port: number,
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): string[] {
  if (isLoopback(host)) return [];
  if (host !== '0.0.0.0' && host !== '::') return [urlOf(host, port)];
  const all = Object.values(interfaces).flatMap((list) => list ?? []);
  return all
    .filter((a) => !a.internal && (host === '::' || a.family === 'IPv4') && !a.address.startsWith('fe80:'))
    .map((a) => urlOf(a.address, port));
}

/** Builds the pages if needed, then listens (loopback by default). */
export async function startServer({
  db,
  port = 3000,
  host = '127.0.0.1',
  base = '/',
  log = () => undefined,
}: {
  db: Database | ServedDatabase;
  port?: number;
  host?: string;
  /** The path the pages are published under behind a reverse proxy (`/clee/`). */
  base?: string;
  log?: (message: string) => void;
}): Promise<StartedServer> {
  await ensureDashboards(log);
  const app = createApp(db, { base, log: (m) => console.error(m) });
  const server = await new Promise<Server>((resolvePromise, reject) => {
    const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolvePromise(s)));
    s.once('error', reject);
  });
  const actual = (server.address() as AddressInfo).port;
  const local = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    server,
    port: actual,
    url: urlOf(local, actual),
    exposed: reachableUrls(host, actual),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
