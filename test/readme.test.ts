// README.md stays true: it names every command and every declared official source.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands/index.ts';
import { SOURCES } from '../src/ingest/fetch/manifest.ts';

const readme = readFileSync('README.md', 'utf-8');

describe('README.md', () => {
  it('shows the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
  it('documents every clee command', () => {
    for (const c of COMMANDS) expect(readme, c.name).toContain(`clee ${c.name}`);
  });
  it('lists every official source of `clee fetch` with its publisher and licence', () => {
    for (const s of SOURCES) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${s.id}\` |`));
      expect(row, s.id).toBeDefined();
      expect(row).toContain(s.editeur);
      expect(row).toContain(s.licence);
    }
  });
});
