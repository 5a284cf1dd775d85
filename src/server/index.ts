// Public entry of the web server: `createApp(db)` for tests, `startServer({ db, port, host })` for `clee serve`.
export { createApp, startServer, type StartedServer } from './app.ts';
export { buildDashboards, ensureDashboards } from './bundle.ts';
