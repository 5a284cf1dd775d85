// `clee status`: what is loaded (provenance of the active files), what of it reaches no basin or reaches a basin
// from a coarser level (warnings), and with --couverture, per département (sources, periods, real or simulated) and
// per source and basin, how each value is attributed.
import { loadedFiles } from '../../ingest/provenance.ts';
import {
  type DepartementCoverage,
  departementCoverage,
  type LoadedData,
} from '../../methodology/coverage-departements.ts';
import {
  attributionWarnings,
  sourceCoverage,
  warningLines,
  type CoverageState,
  type SourceCoverage,
} from '../../methodology/coverage.ts';
import { alternativesOf, manqueText } from '../../methodology/missing-sources.ts';
import { choice, DB_OPTION, FORMAT_OPTION, type Command } from '../command.ts';
import { withDatabase } from '../database.ts';
import { formatCount, textTable } from '../table.ts';

export const statusCommand: Command = {
  name: 'status',
  summary:
    'affiche les fichiers chargés (source, fichier, empreinte, millésime, lignes) et ce qui ne rejoint aucun bassin',
  usage: 'status [--db FICHIER] [--format text|json] [--json] [--couverture]',
  details: [
    "Après la liste des fichiers, « clee status » signale ce qui n'est pas rattaché à un bassin ou l'est depuis un",
    'niveau plus large : codes de communes fusionnées ramenés à la commune actuelle, codes inconnus, établissements',
    'rattachés à aucune commune du zonage (UAI ou commune inconnus), bassins BMO absents de la composition chargée.',
    "Avec --couverture : pour chaque département de l'académie et chaque source des indicateurs, les fichiers chargés",
    '(réels ou simulés), les périodes qui donnent une valeur à ses bassins et le rattachement de la dernière valeur ;',
    "puis pour chaque source et chaque bassin de l'académie, si la dernière valeur est celle du bassin,",
    "celle d'un niveau plus large (département, zone d'emploi ou bassin BMO partagé avec d'autres bassins : jamais",
    'classée) ou une valeur à laquelle manquent des établissements non rattachés.',
    '',
    'Exemples :',
    '  clee status',
    '  clee status --couverture --format json',
  ].join('\n'),
  options: [
    DB_OPTION,
    FORMAT_OPTION(['text', 'json']),
    { name: 'json', description: 'raccourci pour --format json' },
    {
      name: 'couverture',
      oldNames: ['coverage'],
      description:
        'par département (sources chargées, réelles ou simulées, périodes) puis par source et par bassin : valeur ' +
        "du bassin, d'un niveau plus large, ou établissements manquants",
    },
  ],
  async run({ values }) {
    const format = values.json ? 'json' : choice(values.format, ['text', 'json'] as const, 'format');
    return withDatabase(values, 'read', 'clee status', async (db) => {
      const rows = await loadedFiles(db);
      const warnings = rows.length ? await attributionWarnings(db) : null;
      const coverage = values.couverture && rows.length ? await sourceCoverage(db) : null;
      const departements = coverage ? await departementCoverage(db, coverage) : null;
      if (format === 'json') {
        const sources = rows.map(({ source, file, sha256, vintage, rows: n }) => ({
          source,
          file,
          sha256,
          vintage,
          rows: n,
        }));
        const out = {
          sources,
          attribution: warnings && { ...warnings, alertes: warningLines(warnings) },
          ...(values.couverture ? { couverture_departements: departements ?? [], couverture: coverage ?? [] } : {}),
        };
        console.log(JSON.stringify(out, null, 2));
        return 0;
      }
      if (rows.length === 0) {
        console.log(`Aucun fichier chargé dans ${db.path}.`);
        return 0;
      }
      console.log(
        textTable(
          ['source', 'fichier', 'millésime', 'périodes', 'lignes', 'chargé le', 'sha256'],
          rows.map((r) => [
            r.source,
            r.file,
            r.vintage ?? '—',
            describePeriods(r.periods),
            formatCount(r.rows),
            r.loaded_at,
            r.sha256.slice(0, 12),
          ]),
        ),
      );
      console.log(`\n${rows.length} fichier(s) actif(s) dans ${db.path}.`);
      const lines = warnings ? warningLines(warnings) : [];
      console.log(
        lines.length
          ? `\nRattachement aux bassins :\n${lines.map((l) => `  - ${l}`).join('\n')}`
          : '\nRattachement aux bassins : toutes les lignes chargées rejoignent une commune du zonage.',
      );
      if (departements) console.log(`\n${departementCoverageText(departements)}`);
      if (coverage) console.log(`\n${coverageText(coverage)}`);
      return 0;
    });
  },
};

const ETATS: Record<CoverageState, string> = {
  bassin: 'valeur du bassin',
  niveau_plus_large: "d'un niveau plus large",
  etablissements_non_rattaches: 'établissements non rattachés',
  sans_donnees: 'sans données',
};

/** One block per source: counts per state, then the basins whose value is not the basin's own. */
export function coverageText(coverage: SourceCoverage[]): string {
  const out = ['Couverture par source et par bassin (dernière année disponible) :'];
  for (const s of coverage) {
    const counts = (Object.keys(ETATS) as CoverageState[])
      .map((e) => [e, s.bassins.filter((b) => b.etat === e).length] as const)
      .filter(([, n]) => n > 0)
      .map(([e, n]) => `${ETATS[e]} ${n}`);
    const loaded = s.fichiers.length
      ? s.fichiers.map((f) => `${f.source}${f.simule ? ' simulé' : ''}, ${describePeriods(f.periodes)}`).join(' ; ')
      : 'aucun fichier chargé';
    out.push(`\n${s.source} (${s.indicateurs.length} indicateur(s) ; ${loaded}) : ${counts.join(', ')}`);
    for (const b of s.bassins.filter((x) => x.etat !== 'bassin' && x.etat !== 'sans_donnees'))
      out.push(`  - ${b.nom} (${b.departement}), ${b.annee} : ${ETATS[b.etat]} — ${b.detail}`);
  }
  return out.join('\n');
}

const DONNEES: Record<Exclude<LoadedData, 'absentes'>, string> = {
  reelles: 'données réelles',
  simulees: 'données SIMULÉES',
  reelles_et_simulees: 'données réelles et simulées',
};

/**
 * One block per département: each loaded source's data (real or simulated), periods and basins by state; then the
 * sources loaded nowhere, once (a file is not per département), with what to fetch.
 */
export function departementCoverageText(departements: DepartementCoverage[]): string {
  const out = ['Couverture par département (données chargées, périodes, rattachement de la dernière valeur) :'];
  const missing = new Set<string>();
  for (const d of departements) {
    if (d.bassins === 0) {
      out.push(`\n${d.nom} (${d.departement}) : aucun bassin dans le zonage chargé.`);
      continue;
    }
    out.push(`\n${d.nom} (${d.departement}), ${formatCount(d.bassins)} bassin(s) :`);
    for (const s of d.sources) {
      if (s.donnees === 'absentes') {
        missing.add(s.source);
        continue;
      }
      const counts = (Object.keys(ETATS) as CoverageState[])
        .filter((e) => s.rattachement[e] > 0)
        .map((e) => `${ETATS[e]} ${s.rattachement[e]}`);
      const periods = s.periodes.length ? describePeriods(s.periodes) : 'aucune valeur pour ce département';
      out.push(`  - ${s.source} : ${DONNEES[s.donnees]} ; ${periods} ; ${counts.join(', ')}`);
    }
  }
  if (missing.size) out.push('\nSources non chargées (aucun département) :');
  for (const source of missing) out.push(`  - ${source} : ${manqueText(alternativesOf(source))}`);
  return out.join('\n');
}

/** « 2015, 2021 », « 2019-T1 … 2024-T2 (22) », « tout » for a snapshot. */
function describePeriods(periods: string[] | null): string {
  if (!periods || periods.length === 0) return '—';
  if (periods.length === 1 && periods[0] === '*') return 'tout';
  return periods.length > 4 ? `${periods[0]} … ${periods.at(-1)} (${periods.length})` : periods.join(', ');
}
