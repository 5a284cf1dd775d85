// References between registries are checked by the compiler: `tsc --noEmit` (npm test) fails when a line marked
// with an expect-error directive below compiles, i.e. when a typo in a source id or a view name stops being an error.
import { describe, expect, it } from 'vitest';
import { SOURCE_FORMATS, type SourceId } from '../src/ingest/registry.ts';
import { INDICATORS } from '../src/methodology/indicators.ts';
import { CANONICAL_VIEWS, type ViewName } from '../src/methodology/views.ts';

const source: SourceId = 'insee-rp-emploi';
// @ts-expect-error a misspelt source id (« emploie ») is not a SourceId
const misspeltSource: SourceId = 'insee-rp-emploie';
const view: ViewName = 'v_recensement';
// @ts-expect-error a misspelt view name is not a ViewName
const misspeltView: ViewName = 'v_recensment';

describe('typed registry references', () => {
  it('the unions hold exactly the declared ids and names', () => {
    expect(SOURCE_FORMATS.map((f) => f.id)).toContain(source);
    expect(SOURCE_FORMATS.map((f) => f.id)).not.toContain(misspeltSource);
    expect(CANONICAL_VIEWS.map((v) => v.nom)).toContain(view);
    expect(CANONICAL_VIEWS.map((v) => v.nom)).not.toContain(misspeltView);
  });

  it('every indicator references declared sources and views', () => {
    const sources = new Set<string>(SOURCE_FORMATS.map((f) => f.id));
    const views = new Set<string>(CANONICAL_VIEWS.map((v) => v.nom));
    for (const i of INDICATORS) {
      for (const s of i.sources) expect(sources.has(s), `${i.id}: ${s}`).toBe(true);
      expect(views.has(i.sql.vue), `${i.id}: ${i.sql.vue}`).toBe(true);
    }
  });
});
