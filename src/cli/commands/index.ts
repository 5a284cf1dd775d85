// Every `clee` command, in the order `clee --help` lists them. A new command is one module + one line here.
import type { Command } from '../command.ts';
import { ingestCommand } from './ingest.ts';
import { fetchCommand } from './fetch.ts';
import { sourcesCommand } from './sources.ts';
import { statusCommand } from './status.ts';
import { startCommand } from './start.ts';
import { serveCommand } from './serve.ts';
import { reportCommand } from './report.ts';
import { seminaireCommand } from './seminaire.ts';
import { buildCommand } from './build.ts';
import { territoriesCommand } from './territories.ts';
import { indicatorsCommand } from './indicators.ts';
import { diagnoseCommand } from './diagnose.ts';
import { compareCommand } from './compare.ts';
import { methodologyCommand } from './methodology.ts';
import { metiersCommand } from './metiers.ts';
import { etablissementsCommand } from './etablissements.ts';
import { employeursCommand } from './employeurs.ts';

export const COMMANDS: readonly Command[] = [
  startCommand,
  ingestCommand,
  fetchCommand,
  sourcesCommand,
  statusCommand,
  serveCommand,
  reportCommand,
  seminaireCommand,
  buildCommand,
  territoriesCommand,
  indicatorsCommand,
  diagnoseCommand,
  compareCommand,
  metiersCommand,
  etablissementsCommand,
  employeursCommand,
  methodologyCommand,
];
