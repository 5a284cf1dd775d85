// `npx tsx scripts/build-dashboards.ts`: bundles the pages (dashboards/src → dashboards/dist), minified, with
// Observable Plot and d3 from node_modules. `clee serve` does the same on start when the bundle is missing or stale.
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboards } from '../src/bundle/dashboards.ts';

const result = await buildDashboards();
let raw = 0;
let gzip = 0;
for (const f of result.files) {
  raw += f.bytes;
  gzip += gzipSync(readFileSync(join(result.dir, f.name))).length;
}
for (const f of result.files) console.log(`  ${f.name.padEnd(40)} ${(f.bytes / 1024).toFixed(1).padStart(8)} Ko`);
console.log(
  `Tableaux de bord construits dans ${result.dir} en ${Math.round(result.millis)} ms : ${(raw / 1024).toFixed(0)} ` +
    `Ko (${(gzip / 1024).toFixed(0)} Ko compressés gzip).`,
);
