// The static site's addressing (one mapping shared by the builder and the pages) and the `clee build` command's
// refusals. The site itself is exercised page by page in test/browser.test.ts, served by a plain file server.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staticDataPath } from '../src/shared/static-paths.ts';
import { tempDir } from './helpers/db.ts';
import { runMain } from './helpers/console.ts';

const dir = tempDir('clee-site-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[]) => {
  const printed = await runMain(args);
  return { code: printed.code, out: printed.all };
};

describe('adresses du site statique', () => {
  it('one file per API request, parameters sorted, format as the extension', () => {
    expect(staticDataPath('/api/bassins')).toBe('donnees/bassins.json');
    expect(staticDataPath('/api/bassins?format=csv')).toBe('donnees/bassins.csv');
    expect(staticDataPath('/api/methodologie?format=md')).toBe('donnees/methodologie.md');
    expect(staticDataPath('/api/bassins/38-grenoble/diagnostic?annee=2021')).toBe(
      'donnees/bassins/38-grenoble/diagnostic--annee-2021.json',
    );
    expect(staticDataPath('/api/comparaison?indicateur=neet&departement=38')).toBe(
      staticDataPath('/api/comparaison?departement=38&indicateur=neet'),
    );
    expect(staticDataPath('/api/comparaison?departement=38&indicateur=neet')).toBe(
      'donnees/comparaison--departement-38--indicateur-neet.json',
    );
    // An empty parameter is no parameter (the pages drop them too).
    expect(staticDataPath('/api/comparaison?departement=')).toBe('donnees/comparaison.json');
  });

  it('keeps only characters every server and file system take as they are', () => {
    const path = staticDataPath('/api/bassins/Sud%20Is%C3%A8re%3F/diagnostic');
    expect(path).toMatch(/^[A-Za-z0-9_./-]+$/);
    expect(path).not.toBe(staticDataPath('/api/bassins/Sud%20Isere/diagnostic'));
    expect(() => staticDataPath('/autre')).toThrow(/Chemin d'API attendu/);
    expect(() => staticDataPath('/api/bassins?format=arrow')).toThrow(/Format non publié/);
  });
});

describe('clee build', () => {
  it('has a French --help', async () => {
    const { code, out } = await run(['build', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/site statique/);
    expect(out).toMatch(/--sortie DOSSIER/);
    expect(out).toMatch(/--sans-pdf/);
  });

  it('asks for --out, and never writes into a folder it did not write', async () => {
    expect((await run(['build'])).code).toBe(2);
    const foreign = join(dir, 'documents');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'rapport.docx'), 'x');
    const db = join(dir, 'vide.duckdb');
    const { code, out } = await run(['build', '--out', foreign, '--db', db]);
    expect(code).toBe(1);
    expect(out).toMatch(/n'existe pas encore/);
    const second = await run(['build', '--out', foreign, '--db', ':memory:', '--sans-pdf']);
    expect(second.code).toBe(1);
    expect(second.out).toMatch(/contient déjà des fichiers qui ne viennent pas de « clee build »/);
    expect(readdirSync(foreign)).toEqual(['rapport.docx']);
  });
});
