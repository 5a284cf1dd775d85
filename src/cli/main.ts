// `clee`: dispatches to the declared commands; every command has --help, French messages, non-zero exit on failure.
import { commandHelp, parseCommand, UserError, type Command } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { DatabaseBusyError } from '../db/lock.ts';
import { IngestError } from '../ingest/errors.ts';
import { closestNames } from '../shared/names.ts';

export function globalHelp(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'clee — diagnostic territorial des Comités Locaux École-Entreprise (académie de Grenoble)',
    '',
    'Usage : clee COMMANDE [options]   (clee COMMANDE --help pour le détail)',
    '',
    'Commandes :',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Base de données : --db FICHIER, ou la variable CLEE_DB (défaut : data/clee.duckdb).',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(globalHelp());
    return name ? 0 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const close = closestNames(
      name,
      COMMANDS.map((c) => c.name),
    );
    console.error(
      `Commande inconnue : « ${name} ».${close.length ? ` Vouliez-vous dire : ${close.join(', ')} ?` : ''}\nVoir « ` +
        `clee --help ».`,
    );
    return 2;
  }
  try {
    const parsed = parseCommand(command, rest);
    if (parsed.values.help) {
      console.log(commandHelp(command));
      return 0;
    }
    for (const notice of parsed.notices ?? []) console.error(notice);
    return await command.run(parsed);
  } catch (error) {
    if (error instanceof UserError || error instanceof DatabaseBusyError) {
      console.error(`Erreur : ${error.message}`);
      return error instanceof UserError ? error.exitCode : 1;
    }
    if (error instanceof IngestError) {
      console.error(`Fichier refusé : ${error.message}`);
      return 1;
    }
    if (error instanceof RangeError && /Invalid string length|Array buffer allocation|too large/i.test(error.message)) {
      console.error(
        'Erreur : donnée trop grande pour être lue en mémoire (un fichier ou une cellule de plusieurs centaines de ' +
          'Mo). Découpez le fichier (par département, par exemple) ; CLEE_DEBUG=1 pour le détail.',
      );
      if (process.env.CLEE_DEBUG) console.error(error.stack);
      return 1;
    }
    console.error(`Erreur inattendue : ${(error as Error).message}`);
    if (process.env.CLEE_DEBUG) console.error((error as Error).stack);
    return 1;
  }
}
