// The path the pages are reached under: `/` when served at the root of a host name, `/clee/` behind a reverse proxy
// that publishes them under a sub-path (`clee serve --chemin /clee/`, or the proxy's `X-Forwarded-Prefix`).
import type { NextFunction, Request, Response } from 'express';

/** A URL segment that needs no escaping and cannot climb (`.`, `..`): the base is written into the page shells. */
const SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;

/** `clee`, `/clee`, `/clee/` → `/clee/`; `` or `/` → `/`; null when the text is not a plain path. */
export function normaliseBase(text: string): string | null {
  const segments = text.trim().split('/').filter(Boolean);
  if (!segments.every((s) => SEGMENT.test(s) && s !== '..')) return null;
  return segments.length ? `/${segments.join('/')}/` : '/';
}

/**
 * Middleware: the base of this request's pages goes to `res.locals.base` — the proxy's `X-Forwarded-Prefix` when it
 * sends a valid one (it knows what the browser sees), else the configured base. A request that still carries the
 * configured base (a proxy that forwards the path whole) is routed as if it had come without it.
 */
export function basePath(configured: string) {
  const prefix = configured.replace(/\/$/, '');
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get('x-forwarded-prefix');
    const forwarded = header === undefined ? null : normaliseBase(header);
    res.locals.base = forwarded ?? configured;
    if (prefix && (req.url === prefix || req.url.startsWith(`${prefix}/`) || req.url.startsWith(`${prefix}?`)))
      req.url = req.url.slice(prefix.length) || '/';
    if (req.url.startsWith('?')) req.url = `/${req.url}`;
    next();
  };
}
