// `clee diagnose BASSIN`: the basin's diagnostic (values, references, verdicts with their sentences, actions).
import {
  actionsConcretes,
  bassinScope,
  DOMAINES,
  diagnose,
  indicatorById,
  VERDICTS,
  type Diagnostic,
  type DiagnosticLine,
  type Indisponible,
} from '../../methodology/index.ts';
import { formatNumber, formatSignedGap, formatValue } from '../../methodology/format.ts';
import { manqueText } from '../../methodology/missing-sources.ts';
import { choice, DB_OPTION, FORMAT_OPTION, UserError, type Command } from '../command.ts';
import { parseYear, parseZonage, YEAR_OPTION, ZONAGE_OPTION } from '../methodology-cli.ts';
import { withDatabase } from '../database.ts';
import { textTable } from '../table.ts';

/** The coarser level a value was attributed from, short for the text table. */
const levelShort = (niveau: string) => (niveau === 'departement' ? 'dép.' : niveau === 'ze' ? 'ZE' : 'BMO');

/** « non significatif » in the text tables: the methodology's label, lower case. */
const verdictText = (line: DiagnosticLine) => VERDICTS[line.verdict].libelle.toLowerCase();

function value(line: DiagnosticLine, v: number | null): string {
  if (v === null) return '—';
  const def = indicatorById(line.id)!;
  return def.unite.startsWith('pour ')
    ? formatNumber(v, def.decimales, def.signe)
    : formatValue(v, def.unite, def.decimales, def.signe);
}

function gap(line: DiagnosticLine): string {
  if (line.ecart === null) return '—';
  const def = indicatorById(line.id)!;
  return formatSignedGap(line.ecart, def.unite, def.decimales);
}

function header(d: Diagnostic & { indisponibles: Indisponible[] }): string[] {
  const b = d.bassin;
  const details = [b.departement_nom ? `${b.departement_nom} (${b.departement})` : b.departement];
  if (b.communes) details.push(`${formatNumber(b.communes, 0)} communes`);
  if (b.population) details.push(`${formatNumber(b.population, 0)} habitants`);
  return [
    `Diagnostic du bassin ${b.nom} (${b.id}) — ${details.join(', ')}`,
    d.annee
      ? `Année demandée : ${d.annee} (pour chaque indicateur, la dernière année disponible jusqu'à ${d.annee}).`
      : 'Pour chaque indicateur, la dernière année disponible.',
  ];
}

/** Concrete sentence of each proposed action (id → sentence), or the reason they could not be written. */
type Concretes = Map<string, string> | Error;

export function diagnosticText(d: Diagnostic & { indisponibles: Indisponible[] }, concretes?: Concretes): string {
  const out = [...header(d), ''];
  for (const [domaine, titre] of Object.entries(DOMAINES)) {
    const lines = d.indicateurs.filter((l) => l.domaine === domaine);
    if (!lines.length) continue;
    out.push(
      `${titre}`,
      textTable(
        ['indicateur', 'période', 'bassin', 'académie', 'écart', 'rang', 'verdict'],
        lines.map((l) => [
          l.libelle,
          l.periode ?? String(l.annee),
          value(l, l.valeur) + (l.niveau_attribution ? ` (${levelShort(l.niveau_attribution.niveau)})` : ''),
          value(l, l.reference),
          gap(l),
          l.rang ? `${l.rang}/${l.nb_bassins}` : '—',
          verdictText(l),
        ]),
      ),
      '',
    );
  }
  const named = (ids: string[]) => ids.map((id) => `  - ${d.indicateurs.find((l) => l.id === id)!.explication}`);
  out.push(`Forces (${d.forces.length}) :`, ...(d.forces.length ? named(d.forces) : ['  aucune']), '');
  out.push(`Faiblesses (${d.faiblesses.length}) :`, ...(d.faiblesses.length ? named(d.faiblesses) : ['  aucune']), '');
  out.push(
    `Actions proposées (${d.actions.length}) :`,
    ...(d.actions.length
      ? d.actions.flatMap((a) => {
          const concret = concretes instanceof Map ? concretes.get(a.id) : undefined;
          return [`  - ${a.libelle}. ${a.raison}.`, ...(concret ? [`    Concrètement : ${concret}`] : [])];
        })
      : ['  aucune (pas de faiblesse relevée)']),
    ...(concretes instanceof Error ? [`  (phrases concrètes indisponibles : ${concretes.message})`] : []),
  );
  const coarse = d.indicateurs.filter((l) => l.niveau_attribution);
  if (coarse.length)
    out.push(
      '',
      'Valeurs attribuées depuis un niveau plus large que le bassin (jamais classées) :',
      ...coarse.map((l) => `  - ${l.libelle} : ${l.niveau_attribution!.libelle}`),
    );
  const empty = d.indicateurs.filter((l) => l.valeur === null && l.manque);
  if (d.indisponibles.length || empty.length)
    out.push(
      '',
      'Indicateurs sans données :',
      ...d.indisponibles.map((i) => `  - ${i.libelle} (${i.id}) — ${i.manque}`),
      ...empty.map(
        (l) => `  - ${l.libelle} (${l.id}, ${l.periode ?? l.annee}) — ${l.manque ?? manqueText(l.sources_manquantes!)}`,
      ),
    );
  out.push('', `Règle : ${d.regle_verdict}`);
  return out.join('\n');
}

function diagnosticMarkdown(d: Diagnostic & { indisponibles: Indisponible[] }, concretes?: Concretes): string {
  const [title, years] = header(d);
  const out = [`# ${title.replace(/^Diagnostic du bassin /, 'Diagnostic du bassin ')}`, '', years, ''];
  out.push('## Synthèse', '');
  const list = (ids: string[]) => ids.map((id) => `- ${d.indicateurs.find((l) => l.id === id)!.explication}`);
  out.push('### Forces', '', ...(d.forces.length ? list(d.forces) : ['Aucune force relevée.']), '');
  out.push('### Faiblesses', '', ...(d.faiblesses.length ? list(d.faiblesses) : ['Aucune faiblesse relevée.']), '');
  for (const [domaine, titre] of Object.entries(DOMAINES)) {
    const lines = d.indicateurs.filter((l) => l.domaine === domaine);
    if (!lines.length) continue;
    out.push(
      `## ${titre}`,
      '',
      '| indicateur | période | bassin | académie | écart | rang | verdict |',
      '|---|---|---:|---:|---:|---:|---|',
    );
    for (const l of lines)
      out.push(
        `| ${l.libelle} | ${l.periode ?? l.annee} | ${value(l, l.valeur)} | ${value(l, l.reference)} | ${gap(l)} | ` +
          `${l.rang ? `${l.rang}/${l.nb_bassins}` : '—'} | ${verdictText(l)} |`,
      );
    out.push('', ...lines.map((l) => `- ${l.explication}${l.attribution ? ` *(${l.attribution})*` : ''}`), '');
  }
  out.push('## Actions proposées', '');
  if (d.actions.length)
    for (const a of d.actions) {
      const concret = concretes instanceof Map ? concretes.get(a.id) : undefined;
      out.push(`### ${a.libelle}`, '', a.description, '', ...(concret ? [`**Concrètement :** ${concret}`, ''] : []));
      out.push(`*${a.raison}.*`, '');
    }
  else out.push("Aucune faiblesse relevée : pas d'action ciblée proposée.", '');
  if (d.indisponibles.length)
    out.push(
      '## Indicateurs sans données',
      '',
      d.indisponibles.map((i) => `- ${i.libelle} — ${i.manque}`).join('\n'),
      '',
    );
  out.push('## Règle de lecture', '', d.regle_verdict, '');
  return out.join('\n');
}

export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: "diagnostic d'un bassin : indicateurs, références, forces, faiblesses et actions proposées",
  usage: 'diagnose BASSIN [--annee ANNÉE] [--format text|markdown|json] [--zonage clee|ze2020] [--db FICHIER]',
  details:
    'BASSIN : identifiant ou nom du bassin (majuscules et accents indifférents). Liste des bassins : clee ' +
    'territories list.\nExemple : clee diagnose "Grenoble" --format markdown > fiche.md',
  options: [YEAR_OPTION, FORMAT_OPTION(['text', 'markdown', 'json']), ZONAGE_OPTION, DB_OPTION],
  async run({ positionals, values }) {
    if (positionals.length !== 1)
      throw new UserError(
        'indiquez un bassin (identifiant ou nom), par exemple : clee diagnose Grenoble. Liste : clee territories list.',
        2,
      );
    const format = choice(values.format, ['text', 'markdown', 'json'] as const, 'format');
    const annee = parseYear(values.annee);
    const zonage = parseZonage(values.zonage);
    const { d, concretes } = await withDatabase(values, 'read', 'clee diagnose', async (db) => {
      const d = await diagnose(db, positionals[0], { annee, zonage });
      // The proposed actions as the basin's lists make them concrete (text and Markdown; JSON:
      // /api/bassins/ID/actions).
      let concretes: Concretes | undefined;
      if (format !== 'json' && d.actions.length)
        concretes = await actionsConcretes(db, await bassinScope(db, d.bassin.id, { zonage }))
          .then((r) => new Map(r.actions.flatMap((a) => (a.concret ? [[a.id, a.concret] as const] : []))))
          .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
      return { d, concretes };
    });
    if (format === 'json') console.log(JSON.stringify(d, null, 2));
    else console.log(format === 'markdown' ? diagnosticMarkdown(d, concretes) : diagnosticText(d, concretes));
    return 0;
  },
};
