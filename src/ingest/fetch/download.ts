// HTTP(S) download into a `.part` file: progress, bounded retries with exponential back-off, resume with
// `Range`, proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY, refusal of HTML pages served instead of data,
// SHA-256 check. The caller decides when the `.part` becomes a cache entry (an atomic rename).
import { createWriteStream } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { hashFile } from '../hash.ts';
import { httpGet, ProxyRefusal } from './http.ts';

/** A download that failed: the message is French and meant for the user. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

interface DownloadProgress {
  url: string;
  received: number;
  /** Total size in bytes when the server announced it. */
  total?: number;
  /** Attempt number (1-based), to show retries. */
  attempt: number;
}

export interface DownloadOptions {
  url: string;
  /** The partial file (usually `<cache entry>.part`); resumed when it exists. */
  partPath: string;
  /** SHA-256 announced by the publisher (hex). */
  sha256?: string;
  /** Total attempts on network errors and 5xx (default 3). */
  attempts?: number;
  /** First back-off delay in ms, doubled at each retry (default 1000). */
  backoffMs?: number;
  /** No byte received for this long → network error (default 120 s). */
  idleTimeoutMs?: number;
  onProgress?: (progress: DownloadProgress) => void;
  /** Extra certificate authorities (tests); HTTPS_PROXY / HTTP_PROXY / NO_PROXY are read from the environment. */
  ca?: string | Buffer;
}

interface DownloadResult {
  partPath: string;
  bytes: number;
  sha256: string;
  /** Bytes that were already there from an earlier, interrupted download. */
  resumedFrom: number;
  /** Final URL after redirects. */
  finalUrl: string;
  contentType?: string;
}

const MAX_REDIRECTS = 5;
/** Bytes received but not yet on disk beyond which the download waits for the disk. */
const MAX_UNWRITTEN = 64 * 1024 * 1024;

/** Downloads `url` into `partPath` (appending when a partial file is resumed). Throws DownloadError. */
export async function download(options: DownloadOptions): Promise<DownloadResult> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoff = options.backoffMs ?? 1000;
  const resumedFrom = await sizeOf(options.partPath);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await attemptDownload(options, attempt);
      return { ...result, resumedFrom };
    } catch (error) {
      const failure = toDownloadError(error, options.url);
      if (!failure.retryable || attempt >= attempts) {
        if (failure.retryable) {
          throw new DownloadError(
            `${failure.message} (abandon après ${attempts} tentative${attempts > 1 ? 's' : ''})`,
            false,
            failure.status,
          );
        }
        throw failure;
      }
      await sleep(backoff * 2 ** (attempt - 1));
    }
  }
}

/** Reads and drops what is left of a response we do not keep, so its connection closes. */
function dump(response: IncomingMessage): void {
  response.resume();
  response.on('error', () => undefined);
  response.destroy();
}

interface PartMeta {
  url: string;
  etag?: string;
  lastModified?: string;
}

async function attemptDownload(
  options: DownloadOptions,
  attempt: number,
): Promise<Omit<DownloadResult, 'resumedFrom'>> {
  const { partPath } = options;
  const metaPath = `${partPath}.json`;
  let offset = await sizeOf(partPath);
  const meta = offset > 0 ? await readMeta(metaPath) : undefined;
  if (offset > 0 && meta && meta.url !== options.url) {
    // A partial file of another address: start again rather than mix two files.
    await rm(partPath, { force: true });
    offset = 0;
  }
  let url = options.url;
  let response: IncomingMessage;
  for (let hop = 0; ; hop++) {
    const headers: Record<string, string> = { 'user-agent': 'clee-territoires (clee fetch)', accept: '*/*' };
    if (offset > 0) {
      headers.range = `bytes=${offset}-`;
      const validator = meta?.etag ?? meta?.lastModified;
      if (validator) headers['if-range'] = validator;
    }
    response = await httpGet(url, {
      headers,
      idleTimeoutMs: options.idleTimeoutMs ?? 120_000,
      ...(options.ca ? { ca: options.ca } : {}),
    });
    const code = response.statusCode ?? 0;
    if (code >= 300 && code < 400 && response.headers.location) {
      dump(response);
      if (hop >= MAX_REDIRECTS) throw new DownloadError(`trop de redirections depuis ${options.url}`, false);
      url = new URL(String(response.headers.location), url).toString();
      continue;
    }
    break;
  }
  const status = response.statusCode ?? 0;
  if (status === 416 && offset > 0) {
    // The partial file does not fit what the server has now: drop it and start again.
    dump(response);
    await rm(partPath, { force: true });
    throw new DownloadError('reprise impossible (HTTP 416), nouveau téléchargement complet', true, status);
  }
  if (status >= 500) {
    dump(response);
    throw new DownloadError(`le serveur a répondu par une erreur HTTP ${status} pour ${url}`, true, status);
  }
  if (status === 404 || status === 410) {
    dump(response);
    throw new DownloadError(
      `fichier introuvable sur le serveur (HTTP ${status}) : ${url} — l'adresse a peut-être changé, voir la page de ` +
        `la source ou passer --url`,
      false,
      status,
    );
  }
  if (status !== 200 && status !== 206) {
    dump(response);
    throw new DownloadError(
      `réponse inattendue du serveur (HTTP ${status}) pour ${url}`,
      status === 408 || status === 429,
      status,
    );
  }
  const contentType = header(response.headers['content-type']);
  if (contentType && /^text\/html\b/i.test(contentType)) {
    dump(response);
    throw new DownloadError(
      `le serveur a renvoyé une page HTML (${contentType}) au lieu des données : ${url} — page d'erreur ou de ` +
        `connexion ?`,
      false,
      status,
    );
  }
  let append = false;
  let total: number | undefined;
  const length = Number(header(response.headers['content-length']));
  if (status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(response.headers['content-range']) ?? '');
    if (!range || Number(range[1]) !== offset) {
      dump(response);
      await rm(partPath, { force: true });
      throw new DownloadError(
        'reprise refusée : plage renvoyée incohérente, nouveau téléchargement complet',
        true,
        status,
      );
    }
    append = true;
    total = range[3] !== '*' ? Number(range[3]) : Number.isFinite(length) ? offset + length : undefined;
  } else {
    offset = 0;
    total = Number.isFinite(length) && length >= 0 ? length : undefined;
  }
  // Written beside the body, not before it: every byte received before a cut must reach the file to be resumed.
  const metaWritten = writeFile(
    metaPath,
    JSON.stringify({
      url: options.url,
      etag: header(response.headers.etag),
      lastModified: header(response.headers['last-modified']),
    } satisfies PartMeta),
  );
  metaWritten.catch(() => undefined);

  let received = offset;
  let checkedStart = append; // a resumed body starts in the middle of the file
  const out = createWriteStream(partPath, { flags: append ? 'a' : 'w' });
  const outDone = finished(out);
  outDone.catch(() => undefined);
  let lastReport = 0;
  try {
    // Flowing: each piece goes to the file as it arrives (nothing left waiting in the response when the server
    // cuts); the response pauses only when the disk lags far behind (MAX_UNWRITTEN).
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        response.destroy();
        reject(error);
      };
      response.on('data', (bytes: Buffer) => {
        if (!checkedStart) {
          checkedStart = true;
          if (looksLikeHtml(bytes)) {
            fail(
              new DownloadError(
                `le serveur a renvoyé une page HTML au lieu des données : ${url} — page d'erreur ou de connexion ?`,
                false,
                status,
              ),
            );
            return;
          }
        }
        received += bytes.length;
        out.write(bytes);
        if (out.writableLength > MAX_UNWRITTEN) {
          response.pause();
          out.once('drain', () => response.resume());
        }
        const now = Date.now();
        if (options.onProgress && now - lastReport > 100) {
          lastReport = now;
          options.onProgress({ url: options.url, received, total, attempt });
        }
      });
      response.once('end', () => resolve());
      response.once('error', fail);
      // A connection closed before the end of the body (some Node versions say so by `close` only).
      response.once('close', () => {
        if (!response.complete)
          fail(Object.assign(new Error('connexion interrompue'), { code: 'ECONNRESET' }) as Error);
      });
      out.once('error', fail);
    });
    await metaWritten;
  } catch (error) {
    dump(response);
    out.end();
    await outDone.catch(() => undefined);
    await metaWritten.catch(() => undefined);
    if (error instanceof DownloadError && !error.retryable) await rm(partPath, { force: true });
    throw error;
  }
  out.end();
  await outDone;
  if (total !== undefined && received < total) {
    throw new DownloadError(
      `connexion interrompue : ${formatBytes(received)} reçus sur ${formatBytes(total)}`,
      true,
      status,
    );
  }
  options.onProgress?.({ url: options.url, received, total: total ?? received, attempt });
  const sha256 = await hashFile(partPath);
  if (options.sha256 && sha256 !== options.sha256.toLowerCase()) {
    await rm(partPath, { force: true });
    await rm(metaPath, { force: true });
    throw new DownloadError(
      `empreinte SHA-256 incorrecte : attendu ${options.sha256.toLowerCase()}, obtenu ${sha256} (fichier corrompu ` +
        `ou modifié par l'éditeur)`,
      false,
      status,
    );
  }
  await rm(metaPath, { force: true });
  return { partPath, bytes: received, sha256, finalUrl: url, contentType };
}

/** Network failures (refused, reset, cut, timeout) become French, retryable DownloadErrors. */
function toDownloadError(error: unknown, url: string): DownloadError {
  if (error instanceof DownloadError) return error;
  if (error instanceof ProxyRefusal) {
    const auth =
      error.status === 407
        ? " : identifiant demandé, à mettre dans l'adresse du proxy " +
          '(HTTPS_PROXY=http://utilisateur:motdepasse@proxy:port)'
        : ' (vérifiez HTTPS_PROXY, ou mettez ce serveur dans NO_PROXY)';
    return new DownloadError(
      `le proxy ${error.proxy} a refusé la connexion vers ${safeHost(url)} (HTTP ${error.status})${auth}`,
      false,
    );
  }
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e.code ?? e.cause?.code;
  const host = safeHost(url);
  switch (code) {
    case 'ECONNREFUSED':
      return new DownloadError(
        `impossible de joindre ${host} : connexion refusée (serveur arrêté, pare-feu ou proxy ?)`,
        true,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DownloadError(
        `impossible de joindre ${host} : nom de serveur inconnu (pas de réseau ou proxy à configurer avec ` +
          `HTTPS_PROXY ?)`,
        true,
      );
    case 'ETIMEDOUT':
      return new DownloadError(`le serveur ${host} ne répond plus (délai dépassé)`, true);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return new DownloadError(`connexion interrompue par ${host} pendant le téléchargement`, true);
    case 'ENOSPC':
      return new DownloadError("disque plein : impossible d'écrire le fichier téléchargé", false);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new DownloadError(`impossible de joindre ${host} : réseau injoignable (pas de réseau, ou proxy ?)`, true);
    default:
      if (code?.startsWith('HPE_'))
        return new DownloadError(
          `réponse HTTP illisible de ${host} (${code}) : ce n'est pas un serveur web, ou un proxy ou un pare-feu ` +
            "s'interpose (HTTPS_PROXY ?)",
          false,
        );
      if (e.name === 'TypeError' || code === 'ERR_INVALID_URL')
        return new DownloadError(`adresse invalide : ${url} (attendu : une adresse http:// ou https://)`, false);
      if (/certificate|self.signed|CERT_|SSL/i.test(`${code} ${e.message}`))
        return new DownloadError(
          `certificat du serveur ${host} refusé (${code ?? e.message}) : derrière un proxy qui inspecte HTTPS, ` +
            'indiquez son certificat avec la variable NODE_EXTRA_CA_CERTS=fichier.pem',
          false,
        );
      return new DownloadError(`échec du téléchargement depuis ${host} (${code ?? 'erreur'}) : ${e.message}`, true);
  }
}

function looksLikeHtml(bytes: Buffer): boolean {
  const start = bytes
    .subarray(0, 512)
    .toString('utf-8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 15)
    .toLowerCase();
  return start.startsWith('<!doctype') || start.startsWith('<html');
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

async function readMeta(path: string): Promise<PartMeta | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf-8')) as PartMeta;
  } catch {
    return undefined;
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** 12 345 678 → « 11,8 Mio ». */
export function formatBytes(bytes: number): string {
  const units = ['o', 'Kio', 'Mio', 'Gio'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString('fr-FR', { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}
