// The words the methodology speaks, declared once: verdicts, natures, polarities, domains, territories. The CLI prints
// them, the API serves them (GET /api/libelles) and the pages only draw them: no page holds its own copy.
import { ACADEMIE, departementNom } from '../territory/academie.ts';
import { DOMAINES } from './indicators.ts';
import type { DepartementLabel, Domaine, Libelles, Nature, Polarite, Verdict } from './types.ts';

/** Verdict labels: `libelle` for badges and tables, `legende` for chart legends and tooltips. */
export const VERDICTS: Record<Verdict, { libelle: string; legende: string }> = {
  force: { libelle: 'Force', legende: 'force' },
  faiblesse: { libelle: 'Faiblesse', legende: 'faiblesse' },
  neutre: { libelle: 'Neutre', legende: 'neutre ou contexte' },
  non_significatif: { libelle: 'Non significatif', legende: 'non significatif (effectif trop faible)' },
};

/** A context indicator (polarity 0) is never a strength or a weakness: its neutral verdict reads « Contexte ». */
const CONTEXTE = 'Contexte';

/** The label a verdict reads with for an indicator of this polarity (badges, tables, exports). */
export function verdictLibelle(verdict: Verdict, polarite: Polarite): string {
  return verdict === 'neutre' && polarite === 0 ? CONTEXTE : VERDICTS[verdict].libelle;
}

const NATURES: Record<Nature, string> = {
  taux: 'taux ou part (en %)',
  ratio: 'rapport à une population (pour 100 ou pour 1 000)',
  effectif: 'effectif : ses références départementale et académique sont des totaux',
  indice: 'indice (moyenne pondérée)',
  evolution: 'évolution entre deux dates (en %)',
};

const POLARITES: Record<`${Polarite}`, string> = {
  '1': 'plus la valeur est haute, plus la situation est favorable',
  '-1': 'plus la valeur est haute, moins la situation est favorable',
  '0': 'indicateur de contexte (ni force ni faiblesse)',
};

function departementLabel(code: string): DepartementLabel {
  const nom = departementNom(code);
  return { code, nom, libelle: `${nom} (${code})` };
}

export function libelles(): Libelles {
  return {
    academie: { code: ACADEMIE.code, nom: ACADEMIE.nom, departements: ACADEMIE.departements.map(departementLabel) },
    domaines: (Object.entries(DOMAINES) as [Domaine, string][]).map(([id, libelle]) => ({ id, libelle })),
    verdicts: (Object.entries(VERDICTS) as [Verdict, { libelle: string; legende: string }][]).map(([id, v]) => ({
      id,
      ...v,
    })),
    contexte: CONTEXTE,
    natures: (Object.entries(NATURES) as [Nature, string][]).map(([id, libelle]) => ({ id, libelle })),
    polarites: (Object.entries(POLARITES) as [`${Polarite}`, string][]).map(([id, libelle]) => ({
      id: Number(id) as Polarite,
      libelle,
    })),
  };
}
