// A CLI command is a declared record: name, French help, options, and a run function.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface OptionSpec {
  /** Long flag without dashes, e.g. `db`. */
  name: string;
  short?: string;
  /** Name of the value shown in help (FICHIER, ID…); absent for boolean flags. */
  value?: string;
  description: string;
  multiple?: boolean;
  /**
   * Former names of the option, still accepted so that scripts written before a rename keep working; using one
   * prints a note naming the current option (options are named in French, like the API's parameters).
   */
  oldNames?: string[];
}

export interface Command {
  name: string;
  /** One line, French. */
  summary: string;
  /** Usage line after `clee`, e.g. `ingest CHEMIN... [--db FICHIER]`. */
  usage: string;
  /** Longer French description and examples (optional). */
  details?: string;
  options: OptionSpec[];
  /** Returns the exit code. Throw a UserError for a clean French message with exit code 1. */
  run(args: ParsedCommand): Promise<number>;
}

export interface ParsedCommand {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  /** French notes for the user (a former option name used), printed on stderr before the command runs. */
  notices?: string[];
}

/** An error meant for the user: printed without a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const DB_OPTION: OptionSpec = {
  name: 'db',
  value: 'FICHIER',
  description: 'base DuckDB (défaut : $CLEE_DB ou data/clee.duckdb)',
};
export const FORMAT_OPTION = (formats: string[]): OptionSpec => ({
  name: 'format',
  value: formats.join('|'),
  description: `format de sortie (défaut : ${formats[0]})`,
});

export function parseCommand(command: Command, argv: string[]): ParsedCommand {
  const options: ParseArgsConfig['options'] = { help: { type: 'boolean', short: 'h' } };
  for (const o of command.options) {
    options[o.name] = {
      type: o.value ? 'string' : 'boolean',
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
    for (const old of o.oldNames ?? []) options[old] = { type: options[o.name].type, multiple: o.multiple ?? false };
  }
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(`${translateParseError((error as Error).message)}\nVoir « clee ${command.name} --help ».`, 2);
  }
  const { values, positionals } = parsed;
  const notices: string[] = [];
  for (const o of command.options) {
    for (const old of o.oldNames ?? []) {
      if (values[old] === undefined) continue;
      if (values[o.name] !== undefined)
        throw new UserError(
          `--${old} et --${o.name} sont la même option : n'en donnez qu'une.\nVoir « clee ${command.name} --help ».`,
          2,
        );
      values[o.name] = values[old];
      delete values[old];
      notices.push(`Note : --${old} est l'ancien nom de l'option --${o.name}, encore accepté ; utilisez --${o.name}.`);
    }
  }
  return { values: values as ParsedCommand['values'], positionals, ...(notices.length ? { notices } : {}) };
}

function translateParseError(message: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `Option inconnue : ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(message);
  if (missing) return `L'option ${missing[1].split(',')[0]} attend une valeur`;
  return `Arguments invalides : ${message}`;
}

export function commandHelp(command: Command): string {
  const width = Math.max(...command.options.map((o) => optionLabel(o).length), 10);
  const lines = [`Usage : clee ${command.usage}`, '', command.summary];
  if (command.details) lines.push('', command.details);
  lines.push('', 'Options :');
  for (const o of command.options) {
    const former = o.oldNames?.length ? ` (ancien nom : ${o.oldNames.map((n) => `--${n}`).join(', ')})` : '';
    lines.push(`  ${optionLabel(o).padEnd(width)}  ${o.description}${former}`);
  }
  lines.push(`  ${'-h, --help'.padEnd(width)}  affiche cette aide`);
  return lines.join('\n');
}

function optionLabel(o: OptionSpec): string {
  return `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`;
}

/** Reads a string option that must be one of `allowed`. */
export function choice<T extends string>(value: unknown, allowed: readonly T[], option: string): T {
  if (value === undefined) return allowed[0];
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UserError(
    `Valeur invalide pour --${option} : « ${String(value)} ». Valeurs possibles : ${allowed.join(', ')}.`,
    2,
  );
}
