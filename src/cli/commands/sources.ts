// `clee sources`: the declared source formats (id, publisher, dataset, identifying columns).
import { describePattern, SOURCE_FORMATS } from '../../ingest/registry.ts';
import { choice, FORMAT_OPTION, type Command } from '../command.ts';

export const sourcesCommand: Command = {
  name: 'sources',
  summary: 'liste les formats de fichiers reconnus par « clee ingest »',
  usage: 'sources [--format text|json]',
  options: [FORMAT_OPTION(['text', 'json'])],
  async run({ values }) {
    const format = choice(values.format, ['text', 'json'] as const, 'format');
    if (format === 'json') {
      console.log(
        JSON.stringify(
          SOURCE_FORMATS.map((f) => ({
            id: f.id,
            editeur: f.editeur,
            jeu_de_donnees: f.dataset,
            famille: f.family,
            table: f.table,
            colonnes_identifiantes: f.detect.map(describePattern),
            colonnes: f.columns.map((c) => ({
              nom: c.name,
              type: c.type,
              obligatoire: c.required !== false,
              entetes: c.headers.map(describePattern),
            })),
            marqueurs_secret: f.secretMarkers,
            millesime: f.vintage.kind,
          })),
          null,
          2,
        ),
      );
      return 0;
    }
    for (const f of SOURCE_FORMATS) {
      console.log(
        `${f.id}  [${f.editeur}]\n  ${f.dataset}\n  colonnes identifiantes : ` +
          `${f.detect.map(describePattern).join(', ')}\n  table : ${f.table}\n`,
      );
    }
    console.log(`${SOURCE_FORMATS.length} formats.`);
    return 0;
  },
};
