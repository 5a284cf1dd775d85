// Every `clee` command, in the order `clee --help` lists them. A new command is one module + one line here.
import type { Command } from '../command.ts';
import { ingestCommand } from './ingest.ts';
import { sourcesCommand } from './sources.ts';
import { statusCommand } from './status.ts';
import { startCommand } from './start.ts';

export const COMMANDS: readonly Command[] = [
  startCommand,
  ingestCommand,
  sourcesCommand,
  statusCommand,
];
