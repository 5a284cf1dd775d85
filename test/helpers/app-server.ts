// The API app on a free loopback port, for the tests that talk HTTP to it without building the pages
// (startServer builds them first: too slow for an API test).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/server/app.ts';

export interface AppServer {
  server: Server;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  base: string;
  close(): Promise<void>;
}

export async function listenApp(...args: Parameters<typeof createApp>): Promise<AppServer> {
  const server = await new Promise<Server>((done) => {
    const s = createApp(...args).listen(0, '127.0.0.1', () => done(s));
  });
  return {
    server,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** An answer read whole: status, content type, the body's bytes and its text (UTF-8). */
export async function fetchAnswer(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    bytes,
    text: new TextDecoder().decode(bytes),
    headers: response.headers,
  };
}
