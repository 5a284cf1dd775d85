// The methodology document, generated from the registry (indicators, views, attribution rules, verdict
// rule, NAF table, action catalogue). `clee methodology` writes it; docs/methodologie.md is its output.
import { formatById } from '../ingest/registry.ts';
import { ACADEMIE, departementNom } from '../territory/academie.ts';
import { ATTRIBUTION_RULES, POPULATION_RULE } from '../territory/attribution.ts';
import { ZONAGES } from '../territory/basin-level.ts';
import { readCatalogue } from './actions.ts';
import { formatNumber } from './format.ts';
import { AXES, DOMAINES, INDICATORS, type IndicatorRecord } from './indicators.ts';
import { NAF_SECTIONS, SECTEURS } from './naf.ts';
import type { Domaine } from './types.ts';
import { VERDICT_RULE, verdictRuleText } from './verdict.ts';
import { CANONICAL_VIEWS, EMPLOYEUR_SQL, MOINS_DE_25_SQL, QUARTER_RULE } from './views.ts';

const POLARITES: Record<string, string> = {
  '1': '+1 (plus la valeur est haute, plus la situation est favorable)',
  '-1': '−1 (plus la valeur est haute, moins la situation est favorable)',
  '0': '0 (indicateur de contexte, jamais classé en force ou faiblesse)',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function source(id: string): string {
  const f = formatById(id);
  return f ? `\`${id}\` — ${f.publisher}, ${f.dataset}` : `\`${id}\``;
}

function indicatorSection(d: IndicatorRecord): string[] {
  const lines = [
    `### ${d.libelle}`,
    '',
    `- **Identifiant** : \`${d.id}\``,
    `- **Définition** : ${d.definition}`,
    `- **Formule** : ${d.formule}`,
    `- **Calcul** : vue \`${d.sql.vue}\` ; numérateur \`${d.sql.numerateur}\` ; ${d.sql.denominateur === null ? 'pas de dénominateur (la valeur est la somme du numérateur)' : `dénominateur \`${d.sql.denominateur}\``}${d.sql.filtre ? ` ; lignes retenues : \`${d.sql.filtre}\`` : ''}${d.echelle !== 1 ? ` ; échelle × ${formatNumber(d.echelle, 0)}` : ''}${d.plancher !== undefined ? ` ; valeur plancher ${formatNumber(d.plancher, 0)}` : ''}`,
    `- **Unité** : ${d.unite}`,
    `- **Polarité** : ${POLARITES[String(d.polarite)]}`,
    `- **Seuil d'effectif** : ${d.seuil_effectif === 0 ? 'aucun' : `${formatNumber(d.seuil_effectif, 0)} ${d.denominateur_libelle}`} (en dessous, la valeur est « non significative » et n'est pas classée)`,
  ];
  if (d.ecart_minimal > 0)
    lines.push(
      `- **Écart minimal** : ${formatNumber(d.ecart_minimal, d.decimales)} (un écart de cette taille ou moindre n'est jamais lu comme une différence)`,
    );
  lines.push(`- **Année** : ${AXES[d.axe]}`);
  lines.push(`- **Sources** :`, ...d.sources.map((s) => `  - ${source(s)}`));
  lines.push(
    `- **Rattachement au bassin** : ${d.attribution ?? 'somme des communes (ou des établissements, rattachés à leur commune) du bassin'}`,
  );
  if (d.limites) lines.push(`- **Limites** : ${d.limites}`);
  lines.push('');
  return lines;
}

export function methodologyMarkdown(): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const deps = ACADEMIE.departements.map((d) => `${departementNom(d)} (${d})`).join(', ');
  push(
    '# Méthodologie commune des diagnostics territoriaux des CLEE',
    '',
    '> Document généré par `clee methodology` à partir du registre des indicateurs (`src/methodology/indicators.ts`). Ne pas le modifier à la main : modifier le registre puis régénérer.',
    '',
    '## Objet',
    '',
    `Ce document décrit la méthode commune utilisée pour établir le diagnostic de chaque bassin des Comités Locaux École-Entreprise (CLEE) de l'${ACADEMIE.nom.charAt(0).toLowerCase()}${ACADEMIE.nom.slice(1)} : quels indicateurs, calculés comment, à partir de quelles sources, comparés à quelles références, et selon quelle règle un indicateur devient une force ou une faiblesse du bassin. Tous les bassins sont traités par la même méthode, ce qui rend leurs diagnostics comparables et permet de proposer à chacun les actions du catalogue commun qui répondent à ses faiblesses.`,
    '',
    '## Niveaux territoriaux',
    '',
    "- **Commune** : maille élémentaire ; toutes les données sont ramenées à la commune (code officiel géographique) avant d'être agrégées.",
    `- **Bassin** : territoire d'un CLEE, défini par le zonage chargé (table \`bassin_commune\`, format \`clee-bassins\`) qui rattache chaque commune à un bassin. Un bassin appartient au département qui compte le plus de ses communes.`,
    `- **Département** : référence départementale (communes du département présentes dans les données).`,
    `- **Académie** : les départements ${deps} ; c'est la référence des verdicts.`,
    `- **France** : toutes les communes présentes dans les données ; cette référence n'est affichée que si les données couvrent d'autres départements que ceux de l'académie (elle est nommée « France » à partir de 90 départements couverts, « ensemble des communes chargées » sinon).`,
    `- **Zonage alternatif** : ${ZONAGES.ze2020} (option \`--zonage ze2020\`), à la place des ${ZONAGES.clee}.`,
    '',
    '## Principe de calcul',
    '',
    '- Chaque indicateur est un enregistrement déclaré : un numérateur et un dénominateur, expressions SQL sur une **vue canonique** indexée par commune et année. Pour chaque territoire, la valeur est le **rapport des sommes** : Σ numérateur / Σ dénominateur × échelle, les sommes portant sur les communes du territoire dont le numérateur et le dénominateur sont renseignés. Un indicateur sans dénominateur (effectifs) est la somme de son numérateur.',
    '- Les valeurs des recensements sont des effectifs pondérés (décimaux) : elles ne sont jamais arrondies avant agrégation.',
    '- Une valeur secrète ou manquante reste absente (jamais remplacée par 0).',
    "- Seules comptent les lignes des fichiers dont la provenance est « actif » (les lignes d'un fichier remplacé par un millésime plus récent sont supprimées au chargement).",
    '- Le calcul est ensembliste : une requête DuckDB par indicateur produit toutes les valeurs (bassins, départements, académie, France) pour toutes les années disponibles.',
    "- Pour chaque bassin, indicateur et année : valeur, numérateur, dénominateur, valeurs de référence (département, académie, France), écarts à ces références, rang parmi les bassins de l'académie (1 = valeur la plus haute), score standardisé z = (valeur − moyenne des bassins) / écart type des bassins, et tendance (évolution depuis la première année disponible). Le score z situe le bassin parmi les autres bassins (moyenne simple des bassins) alors que le verdict compare à la valeur de l'académie (rapport des sommes, où les grands bassins pèsent plus) : les deux peuvent exceptionnellement être de signes opposés.",
    '- Un diagnostic sans année retient, pour chaque indicateur, sa dernière année disponible ; avec une année, la dernière année disponible qui ne lui est pas postérieure.',
    '',
    '## Règle de verdict',
    '',
    verdictRuleText(),
    '',
    '| paramètre | valeur |',
    '|---|---|',
    `| référence de l'écart | valeur de l'académie (rapport des sommes de ses communes) |`,
    `| ampleur minimale de l'écart | ${String(VERDICT_RULE.fraction_ecart_type).replace('.', ',')} × écart type des bassins de l'académie |`,
    `| écart type | écart type de population des valeurs significatives des bassins de l'académie, pour l'indicateur et l'année |`,
    `| écart minimal propre à l'indicateur | 0 sauf mention (IPS : 3 points) ; l'écart doit le dépasser strictement |`,
    `| seuil d'effectif | propre à chaque indicateur (voir ci-dessous) ; en dessous : « non significatif », jamais classé |`,
    `| écart arrondi | un écart qui s'arrondit à zéro à la précision affichée de l'indicateur (en général 0,1) n'est jamais classé |`,
    `| tolérance de calcul | ${VERDICT_RULE.tolerance} (relative) : un écart égal à ${String(VERDICT_RULE.fraction_ecart_type).replace('.', ',')} écart type compte |`,
    '',
    "Chaque verdict est accompagné d'une phrase chiffrée, par exemple : « Le taux de chômage des 15-24 ans (23,4 %) dépasse de 4,1 points la moyenne académique (19,3 %) : point faible. » ou « Le taux de chômage des 15-24 ans n'est pas interprété (effectif trop faible : 12 jeunes actifs, seuil 30). »",
    '',
    '## Rattachement des sources publiées par zone',
    '',
    `Les sources publiées par zone d'emploi, par département ou par bassin BMO sont ramenées aux communes, donc aux bassins, par une règle déclarée ; chaque valeur ainsi obtenue porte la phrase de sa règle.`,
    '',
    ...Object.values(ATTRIBUTION_RULES).flatMap((r) => [`- **${r.libelle}** (\`${r.id}\`) : ${r.regle}`]),
    `- **Population** : ${POPULATION_RULE}`,
    `- **Trimestres** : ${QUARTER_RULE.regle}`,
    `- **Demandeurs d'emploi de moins de 25 ans** : lignes de catégorie « A » dont la tranche d'âge correspond à \`${MOINS_DE_25_SQL}\`.`,
    `- **Établissements employeurs** : établissements actifs (\`etat_administratif = 'A'\`) tels que \`${EMPLOYEUR_SQL}\`.`,
    `- **Établissements scolaires** : rattachés à la commune indiquée par l'annuaire de l'éducation (à défaut, par les fichiers IPS).`,
    '',
    '## Indicateurs',
    '',
    '| domaine | identifiant | indicateur | unité | polarité | seuil |',
    '|---|---|---|---|---|---|',
    ...INDICATORS.map(
      (d) =>
        `| ${DOMAINES[d.domaine]} | \`${d.id}\` | ${cell(d.libelle)} | ${d.unite} | ${d.polarite > 0 ? '+1' : d.polarite < 0 ? '−1' : '0'} | ${formatNumber(d.seuil_effectif, 0)} |`,
    ),
    '',
  );
  for (const [domaine, titre] of Object.entries(DOMAINES) as [Domaine, string][]) {
    push(`## ${titre}`, '');
    for (const d of INDICATORS.filter((i) => i.domaine === domaine)) push(...indicatorSection(d));
  }
  push(
    '## Vues canoniques',
    '',
    'Les indicateurs ne lisent que ces vues ; seules elles lisent les tables brutes chargées par `clee ingest`.',
    '',
  );
  push(
    '| vue | contenu | année |',
    '|---|---|---|',
    ...CANONICAL_VIEWS.map((v) => `| \`${v.nom}\` | ${cell(v.description)} | ${cell(v.annee)} |`),
    '',
  );
  push(
    "## Secteurs d'activité (NAF rév. 2)",
    '',
    'Division (deux premiers chiffres du code APE) → section → grand secteur :',
    '',
  );
  push(
    '| section | divisions | libellé | grand secteur |',
    '|---|---|---|---|',
    ...NAF_SECTIONS.map(
      (s) =>
        `| ${s.section} | ${s.divisions[0] === s.divisions[1] ? String(s.divisions[0]).padStart(2, '0') : `${String(s.divisions[0]).padStart(2, '0')}–${String(s.divisions[1]).padStart(2, '0')}`} | ${cell(s.libelle)} | ${cell(SECTEURS[s.secteur])} |`,
    ),
    '',
  );
  push(
    '## Catalogue des actions',
    '',
    'Le diagnostic propose les actions du catalogue commun (`datasets/actions/catalogue.csv`) qui répondent aux faiblesses du bassin, en commençant par celles qui en couvrent le plus, avec leur raison (« Répond à : taux de chômage des 15-24 ans élevé (faiblesse) »).',
    '',
  );
  push(
    '| action | répond aux indicateurs |',
    '|---|---|',
    ...readCatalogue().map((a) => `| ${cell(a.libelle)} | ${a.indicateurs.map((i) => `\`${i}\``).join(', ')} |`),
    '',
  );
  push(
    '## Limites',
    '',
    "- Les sources n'ont pas toutes la même date : recensement (millésime quinquennal centré), rentrée scolaire, enquête BMO annuelle, stock Sirene, trimestre. La période de chaque valeur est indiquée (« RP 2021 », « rentrée 2024 », « T4 2024 »…).",
    '- Les indicateurs scolaires décrivent les établissements implantés dans le bassin (lieu de scolarisation), ceux du recensement les habitants (lieu de résidence).',
    "- Le rattachement par population suppose que la grandeur publiée par zone se répartit comme la population : il ne révèle pas les écarts internes à une zone d'emploi ou à un bassin BMO.",
    '- Un bassin de petite taille peut avoir des effectifs insuffisants : ses valeurs sont alors signalées « non significatives » plutôt que classées.',
    '- Le zonage livré est une configuration modifiable, à remplacer par la liste officielle « communes par bassins » du rectorat.',
    '',
  );
  return out.join('\n');
}
