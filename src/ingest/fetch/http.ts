// One GET over Node's own http/https modules, directly or through the proxy of the environment: HTTPS_PROXY for
// https addresses (a CONNECT tunnel, then TLS to the server), HTTP_PROXY for http ones (the full address sent to the
// proxy), NO_PROXY for the hosts to reach directly. Node's modules rather than undici: undici crashed on a connection
// closed by the server during a slowed download (`assert(!this.paused)`, uncaught), which no retry could catch.
import {
  type ClientRequest,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type RequestOptions,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

interface HttpGetOptions {
  headers: OutgoingHttpHeaders;
  /** No byte sent or received for this long → the request fails with code ETIMEDOUT. */
  idleTimeoutMs: number;
  /** Extra certificate authorities (tests; users set NODE_EXTRA_CA_CERTS, which Node reads itself). */
  ca?: string | Buffer;
  env?: NodeJS.ProcessEnv;
}

/** A proxy that answered a CONNECT with something else than 200. */
export class ProxyRefusal extends Error {
  constructor(
    readonly proxy: string,
    readonly status: number,
  ) {
    super(`proxy ${proxy}: HTTP ${status}`);
    this.name = 'ProxyRefusal';
  }
}

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] || env[name.toLowerCase()] || undefined;
}

/** True when NO_PROXY lists the host (exact name, domain suffix, `*`, optionally with the port). */
export function bypassesProxy(url: URL, env: NodeJS.ProcessEnv = process.env): boolean {
  const list = variable(env, 'NO_PROXY');
  if (!list) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of list.split(/[,\s]+/).filter(Boolean)) {
    if (raw === '*') return true;
    const [, name = raw, wantedPort] = /^(.*?)(?::(\d+))?$/.exec(raw.toLowerCase()) ?? [];
    if (wantedPort && wantedPort !== port) continue;
    const domain = name.replace(/^\*?\./, '');
    if (host === domain || host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/** The proxy to use for `url` according to the environment, or undefined for a direct connection. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const value =
    url.protocol === 'https:'
      ? (variable(env, 'HTTPS_PROXY') ?? variable(env, 'HTTP_PROXY'))
      : variable(env, 'HTTP_PROXY');
  if (!value || bypassesProxy(url, env)) return undefined;
  return new URL(/^[a-z]+:\/\//i.test(value) ? value : `http://${value}`);
}

function proxyAuthorization(proxy: URL): OutgoingHttpHeaders {
  if (!proxy.username) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** A request to the proxy itself, over http or https as its address says. */
function toProxy(proxy: URL, options: RequestOptions): ClientRequest {
  const https = proxy.protocol === 'https:';
  return (https ? httpsRequest : httpRequest)({
    ...options,
    host: proxy.hostname,
    port: proxy.port || (https ? 443 : 80),
  });
}

function timeoutError(): NodeJS.ErrnoException {
  return Object.assign(new Error('délai dépassé'), { code: 'ETIMEDOUT' });
}

/** Opens a CONNECT tunnel to host:port through the proxy; resolves with the raw socket. */
function tunnel(proxy: URL, host: string, port: string, options: HttpGetOptions) {
  return new Promise<Socket>((resolve, reject) => {
    const target = `${host}:${port}`;
    const req = toProxy(proxy, {
      method: 'CONNECT',
      path: target,
      headers: { host: target, ...proxyAuthorization(proxy) },
      ...(options.ca ? { ca: options.ca } : {}),
    });
    req.setTimeout(options.idleTimeoutMs, () => req.destroy(timeoutError()));
    req.once('connect', (res, socket) => {
      req.setTimeout(0);
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new ProxyRefusal(proxy.host, res.statusCode ?? 0));
        return;
      }
      resolve(socket);
    });
    req.once('error', reject);
    req.end();
  });
}

/** Sends a GET and resolves with the response (headers read, body not yet). */
export async function httpGet(address: string, options: HttpGetOptions): Promise<IncomingMessage> {
  const url = new URL(address);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw Object.assign(new TypeError(`protocole non pris en charge : ${url.protocol}`), { code: 'ERR_INVALID_URL' });
  const proxy = proxyFor(url, options.env ?? process.env);
  const https = url.protocol === 'https:';
  const base = { method: 'GET', headers: options.headers, agent: false as const };
  let req: ClientRequest;
  if (!proxy) {
    req = (https ? httpsRequest : httpRequest)(url, { ...base, ...(options.ca ? { ca: options.ca } : {}) });
  } else if (!https) {
    // An http address through the proxy: the whole address in the request line.
    req = toProxy(proxy, {
      ...base,
      path: url.href,
      headers: { ...options.headers, host: url.host, ...proxyAuthorization(proxy) },
    });
  } else {
    const socket = await tunnel(proxy, url.hostname, url.port || '443', options);
    // No agent: with one, Node would open its own connection and ignore the tunnel.
    req = httpsRequest(url, {
      method: 'GET',
      headers: options.headers,
      createConnection: () =>
        tlsConnect({
          socket,
          ...(isIP(url.hostname) ? {} : { servername: url.hostname }),
          ...(options.ca ? { ca: options.ca } : {}),
        }),
    });
    // The tunnel is ours: closed with the exchange, so no socket outlives the download.
    req.once('close', () => socket.destroy());
  }
  return new Promise<IncomingMessage>((resolve, reject) => {
    req.setTimeout(options.idleTimeoutMs, () => req.destroy(timeoutError()));
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}
