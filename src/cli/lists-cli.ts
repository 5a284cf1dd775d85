// Shared by `clee metiers`, `clee etablissements`, `clee employeurs`: the territory (basin, département or
// académie), and French formatting of list values.
import type { Database } from '../db/database.ts';
import { formatNumber } from '../methodology/format.ts';
import { academieScope, bassinScope, departementScope, type ListScope } from '../methodology/index.ts';
import { UserError, type OptionSpec, type ParsedCommand } from './command.ts';
import { parseZonage } from './methodology-cli.ts';

export const DEPARTEMENT_OPTION: OptionSpec = {
  name: 'departement',
  value: 'DEP',
  description: 'un département (07, 26, 38, 73, 74) au lieu d’un bassin',
};
export const ACADEMIE_OPTION: OptionSpec = { name: 'academie', description: "toute l'académie au lieu d'un bassin" };

/** The basin named by the first positional, or --departement / --academie when the command allows them. */
export async function scopeOf(db: Database, args: ParsedCommand, command: string): Promise<ListScope> {
  const [bassin, ...rest] = args.positionals;
  if (rest.length) throw new UserError(`« clee ${command} » prend un seul bassin.`, 2);
  if (args.values.academie) return academieScope();
  if (typeof args.values.departement === 'string') return departementScope(args.values.departement);
  if (!bassin)
    throw new UserError(
      `indiquez un bassin (identifiant ou nom), ex. : clee ${command} grenoble. Liste : clee territories list.`,
      2,
    );
  return bassinScope(db, bassin, { zonage: parseZonage(args.values.zonage) });
}

export const n0 = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v, 0));
export const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${formatNumber(v, 1)}\u202f%`;
export const signed = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : formatNumber(v, 0, true);
