// `clee seminaire --sortie deck.pptx|deck.pdf`: the seminar deck as the speaker chose it, exported by the page.
import { resolve } from 'node:path';
import { deckFormat, renderDeck } from '../../render/deck.ts';
import { DB_OPTION, UserError, type Command } from '../command.ts';
import { withDatabase } from '../database.ts';

const TERRITOIRES = ['academie', '07', '26', '38', '73', '74'];

export const seminaireCommand: Command = {
  name: 'seminaire',
  summary: 'exporte les diapositives du séminaire en PowerPoint (.pptx) ou en PDF',
  usage:
    'seminaire --sortie deck.pptx|deck.pdf [--territoire academie|07|26|38|73|74] [--indicateurs ID,…] [--diapos 1,' +
    '3,…]',
  details: [
    'Le fichier reprend exactement les diapositives de la page Séminaire (/seminaire) : titres, chiffres et sources',
    'en texte modifiable, graphiques en images, une diapositive PowerPoint par diapositive affichée, notes de',
    "l'orateur en notes. Le format suit l'extension de --sortie. Exemple :",
    '  clee seminaire --territoire 38 --indicateurs chomage-jeunes,neet --sortie seminaire-isere.pptx',
  ].join('\n'),
  options: [
    {
      name: 'sortie',
      oldNames: ['out'],
      short: 'o',
      value: 'FICHIER',
      description: 'fichier à écrire (.pptx ou .pdf)',
    },
    {
      name: 'territoire',
      value: 'TERRITOIRE',
      description: 'academie (défaut) ou un département : 07, 26, 38, 73, 74',
    },
    {
      name: 'indicateurs',
      value: 'ID,…',
      description: 'indicateurs à présenter (défaut : tous ; liste : clee indicators)',
    },
    { name: 'diapos', value: 'N,…', description: 'diapositives à garder, par leur numéro dans le jeu complet' },
    DB_OPTION,
  ],
  async run({ values }) {
    const out = values.sortie as string | undefined;
    if (!out) throw new UserError('indiquez le fichier à écrire avec --sortie (seminaire.pptx ou seminaire.pdf).', 2);
    try {
      deckFormat(out);
    } catch (error) {
      throw new UserError((error as Error).message, 2);
    }
    const territoire = (values.territoire as string | undefined) ?? 'academie';
    if (!TERRITOIRES.includes(territoire))
      throw new UserError(`Territoire inconnu : « ${territoire} ». Choisir : ${TERRITOIRES.join(', ')}.`, 2);
    const list = (v: unknown) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : [];
    const diapos = list(values.diapos).map(Number);
    if (diapos.some((n) => !Number.isInteger(n) || n < 1))
      throw new UserError(`--diapos attend des numéros de diapositive séparés par des virgules, par exemple 1,3,4.`, 2);
    return withDatabase(values, 'read', 'clee seminaire', async (db) => {
      console.log('Séminaire : rendu des diapositives par Chromium…');
      let result: Awaited<ReturnType<typeof renderDeck>>;
      try {
        result = await renderDeck({ db, out: resolve(out), territoire, indicateurs: list(values.indicateurs), diapos });
      } catch (error) {
        throw new UserError(`le séminaire n'a pas pu être exporté : ${(error as Error).message}`);
      }
      console.log(
        `Séminaire écrit : ${out} (${result.format.toUpperCase()}, ${Math.max(1, Math.round(result.bytes / 1024))} ` +
          `Ko, ${result.slides} diapositive${result.slides > 1 ? 's' : ''}).`,
      );
      return 0;
    });
  },
};
