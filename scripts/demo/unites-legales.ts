// Sirene legal units stock extract (StockUniteLegale): one row per SIREN of the establishments extract, with a
// simulated name. Most establishments carry neither enseigne nor dénomination usuelle (as in the real file): the
// employers list names them from here.
import type { Cell } from './csv.ts';
import { readJson } from './data.ts';
import { Rng } from './random.ts';

/** The 34 columns of StockUniteLegale, in the published order (test/employeurs-noms.test.ts writes them too). */
export const UNITE_LEGALE_HEADER = (
  'siren,statutDiffusionUniteLegale,unitePurgeeUniteLegale,dateCreationUniteLegale,sigleUniteLegale,' +
  'sexeUniteLegale,prenom1UniteLegale,prenom2UniteLegale,prenom3UniteLegale,prenom4UniteLegale,' +
  'prenomUsuelUniteLegale,pseudonymeUniteLegale,identifiantAssociationUniteLegale,trancheEffectifsUniteLegale,' +
  'anneeEffectifsUniteLegale,dateDernierTraitementUniteLegale,nombrePeriodesUniteLegale,' +
  'categorieEntrepriseUniteLegale,anneeCategorieEntrepriseUniteLegale,dateDebut,etatAdministratifUniteLegale,' +
  'nomUniteLegale,nomUsageUniteLegale,denominationUniteLegale,denominationUsuelle1UniteLegale,' +
  'denominationUsuelle2UniteLegale,denominationUsuelle3UniteLegale,categorieJuridiqueUniteLegale,' +
  'activitePrincipaleUniteLegale,nomenclatureActivitePrincipaleUniteLegale,nicSiegeUniteLegale,' +
  'economieSocialeSolidaireUniteLegale,societeMissionUniteLegale,caractereEmployeurUniteLegale'
).split(',');

const NAMES = readJson<{
  noms: string[];
  prenoms: string[];
  lieux: string[];
  metiers: Record<string, string>;
  formes: string[];
}>('unites-legales.json');
/** Legal categories (catégories juridiques) of the simulated companies, by their legal form. */
const CATEGORIE: Record<string, string> = { SARL: '5499', SAS: '5710', SASU: '5720', EURL: '5498' };
/** Small size bands: a single small establishment is often a sole trader. */
const SMALL = new Set(['NN', '00', '01', '02']);

interface Establishment {
  nic: string;
  siege: boolean;
  partial: boolean;
  active: boolean;
  naf: string;
  tranche: string;
  creation: string;
  treated: string;
  commune: string;
}

/** A company name built from a place, a trade and a surname (« BATIMENT VERCORS », « MARTIN ET FILS »…). */
function companyName(r: Rng, naf: string): string {
  const trade = NAMES.metiers[naf.slice(0, 2)] ?? 'ENTREPRISE';
  const nom = r.pick(NAMES.noms);
  return r.pick([
    `${trade} ${r.pick(NAMES.lieux)}`,
    `${nom} ${trade}`,
    `${trade} ${nom} ET FILS`,
    `${r.pick(NAMES.lieux)} ${trade}`,
    `${nom} ET ${r.pick(NAMES.noms)}`,
  ]);
}

/** The legal units of the SIREN of an establishments extract (header and rows of sireneFile). */
export function uniteLegaleFile(etablissements: { header: string[]; rows: Cell[][] }) {
  const col = (name: string) => etablissements.header.indexOf(name);
  const [siren, nic, statut, siege, etat, naf, tranche, creation, traitement, commune] = [
    'siren',
    'nic',
    'statutDiffusionEtablissement',
    'etablissementSiege',
    'etatAdministratifEtablissement',
    'activitePrincipaleEtablissement',
    'trancheEffectifsEtablissement',
    'dateCreationEtablissement',
    'dateDernierTraitementEtablissement',
    'libelleCommuneEtablissement',
  ].map(col);
  const bySiren = new Map<string, Establishment[]>();
  for (const row of etablissements.rows) {
    const key = String(row[siren]);
    if (!bySiren.has(key)) bySiren.set(key, []);
    bySiren.get(key)!.push({
      nic: String(row[nic]),
      siege: row[siege] === 'true',
      partial: row[statut] === 'P',
      active: row[etat] === 'A',
      naf: String(row[naf]),
      tranche: String(row[tranche]),
      creation: String(row[creation]),
      treated: String(row[traitement]),
      commune: String(row[commune]),
    });
  }
  const rows: Cell[][] = [];
  for (const id of [...bySiren.keys()].sort()) {
    const list = bySiren.get(id)!;
    const head = list.find((e) => e.siege) ?? list[0];
    const r = new Rng(`sirene:unite-legale:${id}`);
    const cells: Record<string, Cell> = Object.fromEntries(UNITE_LEGALE_HEADER.map((h) => [h, '']));
    const soleTrader = !id.startsWith('2') && list.length === 1 && SMALL.has(head.tranche) && r.chance(0.6);
    // Only a person may refuse diffusion: a sole trader whose establishment is partial is partial too (a company's
    // establishment may be partial alone).
    const partial = soleTrader && head.partial;
    const nd = (value: string) => (partial ? '[ND]' : value);
    if (id.startsWith('2')) {
      // Public bodies (SIREN starting with 2): the commune, or a public establishment of the commune.
      const town = head.naf === '84.11Z';
      cells.denominationUniteLegale = `${town ? 'COMMUNE' : 'ETABLISSEMENT PUBLIC'} DE ${head.commune}`;
      cells.categorieJuridiqueUniteLegale = town ? '7210' : '7331';
    } else if (soleTrader) {
      // A sole trader (entrepreneur individuel): a person's name, sometimes a married name in use.
      const female = r.chance(0.45);
      const prenoms = NAMES.prenoms.filter((_, i) => i % 2 === (female ? 1 : 0));
      const prenom = r.pick(prenoms);
      cells.sexeUniteLegale = nd(female ? 'F' : 'M');
      cells.prenom1UniteLegale = nd(prenom);
      cells.prenomUsuelUniteLegale = nd(prenom);
      cells.nomUniteLegale = nd(r.pick(NAMES.noms));
      cells.nomUsageUniteLegale = female && r.chance(0.3) ? nd(r.pick(NAMES.noms)) : '';
      cells.categorieJuridiqueUniteLegale = '1000';
    } else if (/^(85|88|93|94)/.test(head.naf) && r.chance(0.5)) {
      cells.denominationUniteLegale = `ASSOCIATION ${NAMES.metiers[head.naf.slice(0, 2)] ?? ''} ${r.pick(NAMES.lieux)}`
        .replace(/\s+/g, ' ')
        .trim();
      cells.categorieJuridiqueUniteLegale = '9220';
    } else {
      const forme = r.pick(NAMES.formes);
      cells.denominationUniteLegale = companyName(r, head.naf);
      cells.sigleUniteLegale = r.chance(0.1) ? String(cells.denominationUniteLegale).replace(/\B\w+|\s/g, '') : '';
      cells.denominationUsuelle1UniteLegale = r.chance(0.05) ? companyName(r, head.naf) : '';
      cells.categorieJuridiqueUniteLegale = CATEGORIE[forme];
    }
    const active = list.some((e) => e.active);
    Object.assign(cells, {
      siren: id,
      statutDiffusionUniteLegale: partial ? 'P' : 'O',
      dateCreationUniteLegale: head.creation,
      trancheEffectifsUniteLegale: head.tranche,
      anneeEffectifsUniteLegale: head.tranche === 'NN' ? '' : '2022',
      dateDernierTraitementUniteLegale: head.treated,
      nombrePeriodesUniteLegale: r.int(1, 5),
      dateDebut: head.creation,
      etatAdministratifUniteLegale: active ? 'A' : 'C',
      activitePrincipaleUniteLegale: head.naf,
      nomenclatureActivitePrincipaleUniteLegale: 'NAFRev2',
      nicSiegeUniteLegale: head.nic,
      caractereEmployeurUniteLegale: list.some((e) => e.tranche !== 'NN' && e.tranche !== '00') ? 'O' : 'N',
    });
    rows.push(UNITE_LEGALE_HEADER.map((h) => cells[h]));
  }
  return { header: UNITE_LEGALE_HEADER, rows };
}
