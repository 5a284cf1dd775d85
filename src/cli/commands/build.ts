// `clee build --sortie DIR`: the static site to publish (pages, data as files, PDF fiches, CSV), readable with nothing
// installed from any static web server.
import { relative } from 'node:path';
import { buildSite, SiteBuildError } from '../../publish/site.ts';
import { DB_OPTION, UserError, type Command } from '../command.ts';
import { withDatabase } from '../database.ts';

export const buildCommand: Command = {
  name: 'build',
  summary: 'écrit le site statique à publier : pages, données précalculées, fiches PDF et exports CSV',
  usage: 'build --sortie DOSSIER [--sans-pdf] [--db FICHIER]',
  details: [
    'Le dossier obtenu se publie tel quel sur n’importe quel serveur web statique (intranet académique, espace',
    'partagé servi comme site web, GitHub Pages…) : aucun programme à installer pour le lire, aucune requête vers',
    'un serveur clee, aucune ressource extérieure. Les pages sont celles de « clee serve », avec les mêmes chiffres.',
    'Pour le consulter sur ce poste : « npx http-server DOSSIER » ou « python3 -m http.server -d DOSSIER »',
    '(ouvrir index.html directement depuis le disque ne marche pas : les navigateurs y bloquent la lecture des',
    'données).',
    'Un dossier existant n’est remplacé que s’il a été écrit par « clee build » ; sinon, rien n’est effacé.',
  ].join('\n'),
  options: [
    { name: 'sortie', oldNames: ['out'], short: 'o', value: 'DOSSIER', description: 'dossier du site à écrire' },
    { name: 'sans-pdf', description: 'ne pas produire les fiches PDF (plus rapide ; pas besoin de Chromium)' },
    DB_OPTION,
  ],
  async run({ values }) {
    const out = values.sortie as string | undefined;
    if (!out)
      throw new UserError('indiquez le dossier à écrire avec --sortie, par exemple : clee build --sortie site', 2);
    return withDatabase(values, 'read', 'clee build', async (db) => {
      try {
        console.log(`Site statique : construction dans ${out}…`);
        const result = await buildSite({ db, out, pdf: !values['sans-pdf'], log: (m) => console.log(m) });
        const size = `${(result.bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
        console.log(
          `Site écrit : ${relative(process.cwd(), result.out) || '.'} — ${result.files} fichiers, ${size}, ` +
            `${result.answers} réponses, ${result.pdfs} fiches PDF, ` +
            `en ${(result.millis / 1000).toFixed(1).replace('.', ',')} s.`,
        );
        console.log('À publier tel quel ; page d’accueil : index.html.');
        return 0;
      } catch (error) {
        if (error instanceof SiteBuildError)
          throw new UserError(`le site n'a pas pu être construit : ${error.message}`);
        throw error;
      }
    });
  },
};
