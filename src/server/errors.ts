// HTTP errors of the API, in French, and the one error handler that never leaks internals.
import type { ErrorRequestHandler, Request, Response } from 'express';
import { escapeHtml } from '../shared/text.ts';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class BadRequest extends HttpError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(400, message, details);
  }
}

export class NotFound extends HttpError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(404, message, details);
  }
}

export class MethodNotAllowed extends HttpError {
  constructor(message: string) {
    super(405, message);
  }
}

/** Errors thrown by the methodology for an unknown basin / indicator: recognised by name, so that the server does not
 *  depend on where the class is declared. */
function isUnknownName(
  error: unknown,
): error is Error & { kind?: string; suggestions?: string[]; candidates?: string[] } {
  return error instanceof Error && error.name === 'UnknownNameError';
}

export function errorBody(status: number, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  return { erreur: message, statut: status, ...(details ?? {}) };
}

export function createErrorHandler(log: (message: string) => void = (m) => console.error(m)): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const wantsHtml = !req.path.startsWith('/api/') && req.accepts(['html', 'json']) === 'html';
    let status = 500;
    let message = 'Erreur interne du serveur. Le détail est dans le journal du serveur.';
    let details: Record<string, unknown> | undefined;
    if (error instanceof HttpError) {
      status = error.status;
      message = error.message;
      details = error.details;
    } else if (isUnknownName(error)) {
      // An unknown basin, indicator or school is a missing resource; an unavailable year or département is a bad
      // parameter.
      status = ['bassin', 'indicateur', 'etablissement', undefined].includes(error.kind) ? 404 : 400;
      message = error.message;
      const close = error.suggestions ?? error.candidates;
      if (Array.isArray(close)) details = { suggestions: close };
    } else if (
      typeof (error as { status?: unknown })?.status === 'number' &&
      (error as { status: number }).status >= 400 &&
      (error as { status: number }).status < 500
    ) {
      // Errors from Express itself (malformed URL, body too large…): the status is safe, the message may not be.
      status = (error as { status: number }).status;
      message = status === 404 ? 'Ressource introuvable.' : 'Requête invalide.';
    } else {
      log(
        `[clee serve] ${req.method} ${req.originalUrl} : ` +
          `${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
    res.status(status);
    if (wantsHtml) {
      res.type('html').send(errorPage(status, message, (res.locals.base as string | undefined) ?? '/'));
      return;
    }
    res.json(errorBody(status, message, details));
  };
}

function errorPage(status: number, message: string, base: string): string {
  const title =
    status === 404
      ? 'Page introuvable'
      : status === 405
        ? 'Méthode non acceptée'
        : status < 500
          ? 'Requête invalide'
          : 'Erreur du serveur';
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title} — CLEE</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(base)}assets/style.css"></head>
<body><main class="page"><h1>${title}</h1><p>${escapeHtml(message)}</p>
<p><a href="${escapeHtml(base)}">Retour à l'accueil</a></p></main></body></html>`;
}
