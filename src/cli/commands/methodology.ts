// `clee methodology`: writes the methodology document generated from the indicator registry.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { methodologyMarkdown } from '../../methodology/index.ts';
import { DB_OPTION, type Command } from '../command.ts';

export const methodologyCommand: Command = {
  name: 'methodology',
  summary: 'écrit le document de méthodologie (Markdown) généré à partir du registre des indicateurs',
  usage: 'methodology [--sortie FICHIER] [--db FICHIER]',
  details:
    'Sans --sortie, le document est écrit sur la sortie standard. Le dépôt en contient une copie : ' +
    'docs/methodologie.md (clee methodology --sortie docs/methodologie.md).\n--db est accepté pour homogénéité : le ' +
    'document ne dépend pas des données chargées.',
  options: [
    {
      name: 'sortie',
      oldNames: ['out'],
      short: 'o',
      value: 'FICHIER',
      description: 'fichier à écrire (défaut : sortie standard)',
    },
    DB_OPTION,
  ],
  async run({ values }) {
    const text = methodologyMarkdown();
    const out = values.sortie as string | undefined;
    if (!out) {
      process.stdout.write(text);
      return 0;
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    console.log(`Méthodologie écrite dans ${out}.`);
    return 0;
  },
};
