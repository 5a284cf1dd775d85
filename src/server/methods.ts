// The server only reads: GET and HEAD on every route, OPTIONS answered the same everywhere (204 with `Allow`), any
// other method refused with 405 and `Allow`, in French, before it reaches a route (which would have said 404).
import type { NextFunction, Request, Response } from 'express';
import { MethodNotAllowed } from './errors.ts';

const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';

export function readOnlyMethods(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') {
    next();
    return;
  }
  res.setHeader('Allow', ALLOWED_METHODS);
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next(
    new MethodNotAllowed(
      `Méthode ${req.method} non acceptée sur ${req.path} : ce serveur ne fait que lire (méthodes : ` +
        `${ALLOWED_METHODS}).`,
    ),
  );
}
