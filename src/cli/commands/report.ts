// `clee report BASSIN --sortie fiche.pdf|fiche.html`: the basin fiche through headless Chromium.
import { resolve } from 'node:path';
import { renderReport, reportFormat } from '../../render/report.ts';
import { DB_OPTION, UserError, type Command } from '../command.ts';
import { withDatabase } from '../database.ts';
import {
  bassinScope,
  etablissementsOf,
  listBassins,
  resolveBassin,
  UnknownNameError,
} from '../../methodology/index.ts';
import { parseRayon } from './employeurs.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: "produit la fiche d'un bassin en PDF (ou en HTML autonome) via Chromium sans interface",
  usage: 'report BASSIN --sortie fiche.pdf [--annee ANNÉE] [--etablissement UAI] [--rayon KM] [--db FICHIER]',
  details: [
    'BASSIN : identifiant du bassin (liste : « clee territories list », ou /api/bassins), ou son nom.',
    "Le format suit l'extension de --sortie : .pdf (feuille de style d'impression, A4) ou .html (un seul fichier, " +
      'lisible hors ligne).',
    'Chromium : celui que donne CLEE_CHROMIUM, sinon un Chrome, Edge ou Chromium installé, sinon celui du paquet npm',
    '@sparticuz/chromium (installé par npm ci).',
    'Les employeurs de la fiche sont comptés autour du premier collège du bassin, ou du collège ou lycée',
    '--etablissement, à --rayon km (défaut 10).',
  ].join('\n'),
  options: [
    {
      name: 'sortie',
      oldNames: ['out'],
      short: 'o',
      value: 'FICHIER',
      description: 'fichier à écrire (.pdf ou .html)',
    },
    { name: 'annee', value: 'ANNÉE', description: 'année du diagnostic (défaut : la plus récente)' },
    { name: 'etablissement', value: 'UAI', description: 'collège ou lycée autour duquel compter les employeurs' },
    { name: 'rayon', value: 'KM', description: 'distance autour de cet établissement (défaut : 10)' },
    DB_OPTION,
  ],
  async run({ positionals, values }) {
    if (positionals.length !== 1)
      throw new UserError('indiquez un bassin, par exemple : clee report 38-GRENOBLE --sortie fiche.pdf', 2);
    const out = values.sortie as string | undefined;
    if (!out) throw new UserError('indiquez le fichier à écrire avec --sortie (fiche.pdf ou fiche.html).', 2);
    try {
      reportFormat(out);
    } catch (error) {
      throw new UserError((error as Error).message, 2);
    }
    const rayon = parseRayon(values.rayon);
    const annee = values.annee === undefined ? undefined : Number(values.annee);
    if (annee !== undefined && !(Number.isInteger(annee) && annee > 1900 && annee < 2100))
      throw new UserError(`Année invalide : « ${String(values.annee)} ».`, 2);
    return withDatabase(values, 'read', 'clee report', async (db) => {
      const bassins = await listBassins(db);
      // An unknown name becomes a French user error with suggestions (withDatabase).
      const bassin = resolveBassin(bassins, positionals[0]);
      const etablissement = (values.etablissement as string | undefined)?.trim().toUpperCase();
      if (etablissement) {
        const offered = (await etablissementsOf(db, await bassinScope(db, bassin.id))).choix_employeurs;
        if (!offered.includes(etablissement))
          throw new UnknownNameError('etablissement', etablissement, offered, {
            context: `dans le bassin ${bassin.nom}`,
          });
      }
      console.log(`Fiche du bassin ${bassin.nom} : rendu par Chromium…`);
      let result: Awaited<ReturnType<typeof renderReport>>;
      try {
        result = await renderReport({ db, bassin: bassin.id, out: resolve(out), annee, etablissement, rayon });
      } catch (error) {
        throw new UserError(`la fiche n'a pas pu être produite : ${(error as Error).message}`);
      }
      const size =
        result.bytes >= 1024 * 1024
          ? `${(result.bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`
          : `${Math.round(result.bytes / 1024)} Ko`;
      console.log(
        `Fiche écrite : ${out} (${result.format.toUpperCase()}, ` +
          `${size}${result.pages ? `, ${result.pages} page${result.pages > 1 ? 's' : ''}` : ''}).`,
      );
      return 0;
    });
  },
};
