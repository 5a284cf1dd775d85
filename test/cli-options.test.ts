// Command options: one French name per idea across the commands; a former name is still accepted, with a note.
import { describe, expect, it } from 'vitest';
import { commandHelp, parseCommand, UserError } from '../src/cli/command.ts';
import { COMMANDS } from '../src/cli/commands/index.ts';

const command = (name: string) => COMMANDS.find((c) => c.name === name)!;

describe('option names', () => {
  it('the year is --annee in every command that takes one', () => {
    const withYear = COMMANDS.filter((c) => c.options.some((o) => o.value === 'ANNÉE'));
    expect(withYear.map((c) => c.name).sort()).toEqual(['compare', 'diagnose', 'metiers', 'report']);
    for (const c of withYear) {
      expect(c.options.find((o) => o.value === 'ANNÉE')!.name, c.name).toBe('annee');
      expect(c.usage, c.name).not.toContain('--year');
    }
  });

  it('no two commands name an option differently for the same idea', () => {
    const names = new Set(COMMANDS.flatMap((c) => c.options.map((o) => o.name)));
    for (const [old, current] of [
      ['year', 'annee'],
      ['indicator', 'indicateur'],
      ['out', 'sortie'],
      ['host', 'hote'],
      ['quiet', 'silencieux'],
      ['refresh', 'actualiser'],
      ['data', 'donnees'],
      ['list', 'liste'],
      ['all-or-nothing', 'tout-ou-rien'],
      ['no-serve', 'sans-serveur'],
      ['coverage', 'couverture'],
    ])
      expect(names.has(old), `--${old} (nommée --${current} ailleurs)`).toBe(false);
  });

  it('a former name is read as the current one, with a note naming it', () => {
    const parsed = parseCommand(command('diagnose'), ['B1', '--year', '2022']);
    expect(parsed.values.annee).toBe('2022');
    expect(parsed.values.year).toBeUndefined();
    expect(parsed.notices).toEqual([
      "Note : --year est l'ancien nom de l'option --annee, encore accepté ; utilisez --annee.",
    ]);
    const compare = parseCommand(command('compare'), ['--indicator', 'ips_college']);
    expect(compare.values.indicateur).toBe('ips_college');
    expect(parseCommand(command('diagnose'), ['B1', '--annee', '2022'])).toEqual({
      values: { annee: '2022' },
      positionals: ['B1'],
    });
  });

  it('both names at once is refused, and the help gives the former name', () => {
    const both = () => parseCommand(command('diagnose'), ['B1', '--year', '2021', '--annee', '2022']);
    expect(both).toThrow(UserError);
    expect(both).toThrow(/^--year et --annee sont la même option : n'en donnez qu'une\./);
    expect(commandHelp(command('metiers'))).toMatch(/--annee ANNÉE .*\(ancien nom : --year\)/);
  });
});
