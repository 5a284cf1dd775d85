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
