// Query parameters of the API: each read once, checked, and refused with a French message saying what is expected.
import type { Request } from 'express';
import type { Niveau } from '../methodology/types.ts';
import { ACADEMIE } from '../territory/academie.ts';
import { BadRequest } from './errors.ts';

const API_NIVEAUX = ['bassin', 'departement', 'academie'] as const;
const ACADEMIE_DEPARTEMENTS = ACADEMIE.departements;

export function stringParam(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new BadRequest(`Le paramètre « ${name} » doit être donné une seule fois.`);
  return value;
}

/** Refuses a repeated parameter among `names` (Express turns `?a=1&a=2` into an array). */
export function allowOnly(req: Request, names: string[]): void {
  for (const [key, value] of Object.entries(req.query)) {
    if (names.includes(key) && typeof value !== 'string')
      throw new BadRequest(`Le paramètre « ${key} » doit être donné une seule fois.`);
  }
}

export function yearParam(value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = stringParam(value, 'annee');
  if (!/^\d{4}$/.test(text) || Number(text) < 1900 || Number(text) > 2100) {
    throw new BadRequest(
      `Année invalide : « ${text} ». Attendu : une année sur quatre chiffres, par exemple annee=2021.`,
    );
  }
  return Number(text);
}

export function niveauParam(value: unknown): Niveau {
  if (value === undefined || value === '') return 'bassin';
  const text = stringParam(value, 'niveau');
  if (!(API_NIVEAUX as readonly string[]).includes(text)) {
    throw new BadRequest(`Niveau invalide : « ${text} ». Niveaux possibles : ${API_NIVEAUX.join(', ')}.`);
  }
  return text as Niveau;
}

export function departementParam(value: unknown): string | undefined {
  if (value === undefined || value === '' || value === 'academie') return undefined;
  const text = stringParam(value, 'departement');
  if (!(ACADEMIE_DEPARTEMENTS as readonly string[]).includes(text)) {
    throw new BadRequest(
      `Département invalide : « ${text} ». Départements de l'académie de Grenoble : ` +
        `${ACADEMIE_DEPARTEMENTS.join(', ')}.`,
    );
  }
  return text;
}

/** A positive number of kilometres (decimal point or comma), at most `max`. */
export function kmParam(value: unknown, name: string, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = stringParam(value, name);
  const km = Number(text.replace(',', '.'));
  if (!/^\d+([.,]\d+)?$/.test(text) || !(km > 0 && km <= max))
    throw new BadRequest(
      `${name} invalide : « ${text} ». Attendu : des kilomètres, plus de 0 et au plus ${max} (ex. 10).`,
    );
  return km;
}

/** A whole number ≥ 0. */
export function countParam(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = stringParam(value, name);
  if (!/^\d{1,7}$/.test(text))
    throw new BadRequest(`${name} invalide : « ${text} ». Attendu : un nombre entier positif ou nul (ex. 10).`);
  return Number(text);
}

/** One of the declared values (`labels`: value → its label, shown in the message). */
export function choiceParam<K extends string>(value: unknown, name: string, labels: Record<K, string>): K | undefined {
  if (value === undefined || value === '') return undefined;
  const text = stringParam(value, name);
  if (!Object.hasOwn(labels, text))
    throw new BadRequest(
      `${name} invalide : « ${text} ». Valeurs possibles : ${Object.entries(labels)
        .map(([k, l]) => `${k} (${l})`)
        .join(', ')}.`,
    );
  return text as K;
}
