// The methodology document, generated from the registry (indicators, views, attribution rules, verdict
// rule, NAF table, action catalogue). `clee methodology` writes it; docs/methodologie.md is its output.
import { formatById } from '../ingest/registry.ts';
import { lowerFirst } from '../shared/text.ts';
import { ACADEMIE, departementNom } from '../territory/academie.ts';
import { ATTRIBUTION_RULES, POPULATION_RULE } from '../territory/attribution.ts';
import { ZONAGES } from '../territory/bassin-level.ts';
import { readCatalogue } from './actions.ts';
import { COMPARABLES_RULE } from './comparables.ts';
import { formatGap, formatNumber } from './format.ts';
import { AXES, DOMAINES, INDICATORS, type IndicatorRecord } from './indicators.ts';
import { POLARITES } from './labels.ts';
import { NAF_SECTIONS, SECTEURS } from './naf.ts';
import type { Domaine } from './types.ts';
import { VERDICT_RULE, verdictRuleText } from './verdict.ts';
import { CANONICAL_VIEWS, DEFM_TOTAL_SQL, EMPLOYEUR_SQL, MOINS_DE_25_SQL, QUARTER_RULE } from './views.ts';

/** The pages' polarity sentences (labels.ts); a context indicator reads « aucun » in the document's list. */
const SENS: Record<string, string> = { ...POLARITES, '0': 'aucun : indicateur de contexte' };
const SENS_COURT: Record<string, string> = { '1': '↑ favorable', '-1': '↓ favorable', '0': 'contexte' };

const REFERENCES: Record<string, string> = {
  academie: "l'académie",
  comparables: 'les bassins comparables (à défaut, l’académie)',
  france: 'la France (à défaut, l’académie)',
};

const METHODES: Record<string, string> = {
  wilson: 'intervalle de Wilson sur une proportion',
  poisson: 'intervalle d’un nombre aléatoire (loi de Poisson)',
  rapport: 'intervalle du rapport de deux effectifs',
  aucun: 'pas d’intervalle',
};

/** « 1 point », « 10 % de la valeur de référence », « 3 » (IPS). */
function materialite(d: IndicatorRecord): string {
  const parts: string[] = [];
  if (d.ecart_minimal > 0) parts.push(formatGap(d.ecart_minimal, d.unite, d.ecart_minimal % 1 === 0 ? 0 : 1));
  if (d.ecart_minimal_relatif > 0)
    parts.push(`${formatNumber(d.ecart_minimal_relatif * 100, 0)}\u202f% de la valeur de référence`);
  return parts.join(' ou, si c’est plus, ') || 'sans objet';
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function source(id: string): string {
  const f = formatById(id);
  return f ? `\`${id}\` — ${f.editeur}, ${f.dataset}` : `\`${id}\``;
}

function indicatorSection(d: IndicatorRecord): string[] {
  const lines = [
    `### ${d.libelle}`,
    '',
    `- **Identifiant** : \`${d.id}\``,
    `- **Définition** : ${d.definition}`,
    `- **Formule** : ${d.formule}`,
    `- **Calcul** : vue \`${d.sql.vue}\` ; numérateur \`${d.sql.numerateur}\` ; ` +
      (d.sql.denominateur === null
        ? 'pas de dénominateur (la valeur est la somme du numérateur)'
        : `dénominateur \`${d.sql.denominateur}\``) +
      (d.sql.filtre ? ` ; lignes retenues : \`${d.sql.filtre}\`` : '') +
      (d.echelle !== 1 ? ` ; échelle × ${formatNumber(d.echelle, 0)}` : '') +
      (d.plancher !== undefined ? ` ; valeur plancher ${formatNumber(d.plancher, 0)}` : ''),
    `- **Unité** : ${d.unite}`,
    `- **Sens favorable** : ${SENS[String(d.polarite)]}`,
    `- **Seuil d'effectif** : ` +
      `${d.seuil_effectif === 0 ? 'aucun' : `${formatNumber(d.seuil_effectif, 0)} ${d.denominateur_libelle}`} (en ` +
      `dessous, la valeur est « non significative » et n'est pas classée)`,
  ];
  if (d.verdict_possible) {
    lines.push(`- **Verdict** : possible, jugé par rapport à ${REFERENCES[d.reference_verdict]}`);
    if (d.reference_raison) lines.push(`  - ${d.reference_raison}`);
    lines.push(`- **Écart minimal** : ${materialite(d)} — ${d.ecart_minimal_raison}`);
  } else {
    lines.push(`- **Verdict** : jamais de force ni de faiblesse. ${d.sans_verdict}`);
  }
  lines.push(`- **Marge d'incertitude (95 %)** : ${METHODES[d.intervalle.methode]}. ${d.intervalle.raison}`);
  lines.push(`- **Année** : ${AXES[d.axe]}`);
  lines.push(`- **Sources** :`, ...d.sources.map((s) => `  - ${source(s)}`));
  lines.push(
    `- **Rattachement au bassin** : ` +
      `${d.attribution ?? 'somme des communes (ou des établissements, rattachés à leur commune) du bassin'}`,
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
    '> Document généré par `clee methodology` à partir du registre des indicateurs ' +
      '(`src/methodology/indicators.ts`). Ne pas le modifier à la main : modifier le registre puis régénérer.',
    '',
    '## Objet',
    '',
    `Ce document décrit la méthode commune utilisée pour établir le diagnostic de chaque bassin des Comités Locaux ` +
      `École-Entreprise (CLEE) de l'${lowerFirst(ACADEMIE.nom)} : quels ` +
      `indicateurs, calculés comment, à partir de quelles sources, comparés à quelles références, et selon quelle ` +
      `règle un indicateur devient une force ou une faiblesse du bassin. Tous les bassins sont traités par la même ` +
      `méthode, ce qui rend leurs diagnostics comparables et permet de proposer à chacun les actions du catalogue ` +
      `commun qui répondent à ses faiblesses.`,
    '',
    '## Niveaux territoriaux',
    '',
    '- **Commune** : maille élémentaire ; toutes les données sont ramenées à la commune (code officiel ' +
      "géographique) avant d'être agrégées.",
    `- **Bassin** : territoire d'un CLEE, défini par le zonage chargé (table \`bassin_commune\`, format ` +
      `\`clee-bassins\`) qui rattache chaque commune à un bassin. Un bassin appartient au département qui compte le ` +
      `plus de ses communes.`,
    `- **Département** : référence départementale (communes du département présentes dans les données).`,
    `- **Académie** : les départements ${deps} ; c'est la référence des verdicts.`,
    `- **France** : quand \`clee fetch --departements\` ne garde que les lignes de l'académie d'un fichier ` +
      `national, il lit d'abord le fichier entier et en garde les **totaux nationaux** (chaque effectif du ` +
      `recensement et des effectifs scolaires additionné sur toute la France, année par année) ; la valeur France ` +
      `d'un indicateur est calculée sur ces totaux, comme pour un territoire. Un nouveau fichier national remplace ` +
      `les totaux des années qu'il couvre. Une moyenne (l'IPS) ou un taux publié ne s'additionne pas : pour ces ` +
      `indicateurs, et pour les sources téléchargées sans filtre, la France est l'ensemble des communes chargées, ` +
      `affiché seulement si les données couvrent d'autres départements que ceux de l'académie (nommé « France » à ` +
      `partir de 90 départements couverts, « ensemble des communes chargées » sinon). La France est une référence ` +
      `de lecture : les verdicts restent jugés par rapport à l'académie ou aux bassins comparables.`,
    `- **Zonage alternatif** : ${ZONAGES.ze2020} (option \`--zonage ze2020\`), à la place des ${ZONAGES.clee}.`,
    '',
    '## Principe de calcul',
    '',
    '- Chaque indicateur est un enregistrement déclaré : un numérateur et un dénominateur, calculés sur une **table ' +
      'de calcul** où chaque ligne est une commune et une année. Pour chaque territoire, la valeur est le **rapport ' +
      'des sommes** : Σ numérateur / Σ dénominateur × échelle, les sommes portant sur les communes du territoire ' +
      'dont le numérateur et le dénominateur sont renseignés. Un indicateur sans dénominateur (effectifs) est la ' +
      'somme de son numérateur.',
    '- Les valeurs des recensements sont des effectifs pondérés (décimaux) : elles ne sont jamais arrondies avant ' +
      'agrégation.',
    '- Une valeur secrète ou manquante reste absente (jamais remplacée par 0).',
    "- Seules comptent les lignes des fichiers dont la provenance est « actif » (les lignes d'un fichier remplacé " +
      'par un millésime plus récent sont supprimées au chargement).',
    '- Le calcul est ensembliste : une requête DuckDB par indicateur produit toutes les valeurs (bassins, ' +
      'départements, académie, France) pour toutes les années disponibles.',
    "- Pour chaque bassin, indicateur et année : valeur, numérateur, dénominateur, marge d'incertitude à 95 %, " +
      'valeurs de référence (département, académie, France, bassins comparables), écarts à ces références, rang ' +
      "parmi les bassins de l'académie (pour un indicateur qui a un sens favorable, le rang 1 est toujours la " +
      'situation la plus favorable — le taux de chômage le plus bas, par exemple ; pour un indicateur de contexte, ' +
      'le rang 1 est la valeur la plus haute), score standardisé z = (valeur − moyenne des bassins) / écart type ' +
      'des bassins, et tendance (évolution depuis la première année disponible). Le score z situe le bassin parmi ' +
      "les autres bassins (moyenne simple des bassins) alors que le verdict compare à la valeur de l'académie " +
      '(rapport des sommes, où les grands bassins pèsent plus) : les deux peuvent exceptionnellement être de ' +
      'signes opposés.',
    '- Un diagnostic sans année retient, pour chaque indicateur, sa dernière année disponible ; avec une année, la ' +
      'dernière année disponible qui ne lui est pas postérieure.',
    '',
    '## Règle de verdict',
    '',
    verdictRuleText(),
    '',
    '| condition | règle |',
    '|---|---|',
    `| effectif suffisant | propre à chaque indicateur (voir ci-dessous) ; en dessous : « non significatif », ` +
      `jamais classé |`,
    `| sens favorable | les indicateurs de contexte, les effectifs et les approximations ne sont jamais classés (la ` +
      `raison est donnée pour chacun) |`,
    `| écart minimal | propre à chaque indicateur, dans son unité (1 point pour la plupart des taux, 10 % de la ` +
      `valeur de référence pour les densités), avec sa raison ; un écart égal à l'écart minimal compte |`,
    `| écart distinctif | au moins ${String(VERDICT_RULE.fraction_ecart_type).replace('.', ',')} × écart type des ` +
      `bassins de l'académie (dispersion des valeurs significatives des bassins, pour l'indicateur et l'année ; il ` +
      `faut au moins ${VERDICT_RULE.bassins_minimum} bassins) |`,
    `| écart établi | la marge d'incertitude à ${formatNumber(VERDICT_RULE.niveau_confiance * 100, 0)} % de la ` +
      `valeur du bassin ne contient pas la valeur de référence |`,
    `| référence | l'académie (rapport des sommes de ses communes), ou les bassins comparables quand l'indicateur ` +
      `le prévoit |`,
    `| rattachement | une valeur que la source ne permet d'attribuer au bassin que trop grossièrement n'est jamais ` +
      `classée |`,
    '',
    '### Marge d’incertitude',
    '',
    "Une valeur calculée sur quelques dizaines de personnes peut s'écarter de la moyenne par simple hasard. Pour " +
      "chaque valeur tirée de comptages, on calcule donc une marge d'incertitude à 95 % : la fourchette dans " +
      "laquelle se trouverait la valeur 95 fois sur 100 si l'on refaisait la mesure. Si la valeur de référence " +
      "tombe dans cette fourchette, l'écart n'est pas établi et l'indicateur reste « neutre ».",
    '',
    '- Pour une part (taux de chômage, part de diplômés…) : intervalle de Wilson, qui reste juste pour les petits ' +
      'effectifs et les parts proches de 0 ou de 100 %.',
    "- Pour un nombre rapporté à une population (établissements pour 1 000 habitants…) : intervalle d'un nombre " +
      'aléatoire (loi de Poisson).',
    '- Pour une évolution entre deux dates : intervalle du rapport des deux effectifs.',
    "- Le recensement est une enquête dans les communes de 10 000 habitants ou plus, et l'INSEE déconseille de lire " +
      'finement les petits effectifs. Par prudence, la marge est calculée comme si chaque valeur du recensement ne ' +
      'reposait que sur 40 % des personnes comptées (la part des logements enquêtés dans ces communes sur cinq ' +
      "ans), ce qui l'élargit d'environ 60 % ; elle est donc un peu trop large dans les petites communes, recensées " +
      'en totalité.',
    '',
    '### Bassins comparables',
    '',
    `Pour chaque bassin, les ${COMPARABLES_RULE.nombre} bassins qui lui ressemblent le plus (parmi ceux de ` +
      `l'académie, ou de la France quand des zonages nationaux sont chargés) sur un profil de structure que le CLEE ` +
      `ne peut pas changer en quelques années :`,
    '',
    ...COMPARABLES_RULE.variables.map((v) => `- ${v.libelle} (poids ${formatNumber(v.poids, 2)})`),
    '',
    COMPARABLES_RULE.raison,
    'Chaque indicateur est aussi comparé à ces bassins ; la fiche du bassin les nomme et montre leur profil (la ' +
      'valeur de chaque variable pour le bassin et pour chacun d’eux). Ainsi un bassin rural n’est pas jugé ' +
      'seulement par rapport à une académie où pèsent les grandes agglomérations.',
    '',
    '### Lire les rangs et les marges',
    '',
    'Partout où un rang est affiché (fiche, comparaison, séminaire), il est suivi de la façon de le lire : « rang 1 ' +
      '= le plus favorable » pour un indicateur qui a un sens favorable, « rang 1 = la valeur la plus haute » pour ' +
      'un indicateur de contexte. La marge d’incertitude à 95 % de chaque valeur est dessinée (bande grise sur la ' +
      'fiche, trait horizontal sur les barres de la comparaison) : un écart dont la marge contient la référence ' +
      'n’est pas établi.',
    '',
    "Chaque verdict est accompagné d'une phrase chiffrée, par exemple : « Le taux de chômage des 15-24 ans (23,4 %) " +
      'dépasse de 4,1 points la moyenne académique (19,3 %) : point faible. » ou « Le taux de chômage des 15-24 ans ' +
      "n'est pas interprété (effectif trop faible : 12 jeunes actifs, seuil 30). »",
    '',
    '## Rattachement des sources publiées par zone',
    '',
    `Les sources publiées par zone d'emploi, par département ou par bassin BMO sont ramenées aux communes, donc aux ` +
      `bassins, par une règle déclarée ; chaque valeur ainsi obtenue porte la phrase de sa règle.`,
    '',
    ...Object.values(ATTRIBUTION_RULES).flatMap((r) => [`- **${r.libelle}** (\`${r.id}\`) : ${r.regle}`]),
    `- **Population** : ${POPULATION_RULE}`,
    `- **Trimestres** : ${QUARTER_RULE.regle}`,
    `- **Demandeurs d'emploi de moins de 25 ans** : lignes de catégorie « A » dont la tranche d'âge correspond à ` +
      `\`${MOINS_DE_25_SQL}\` ; dans les exports en lignes de la DARES, seules les lignes totales par sexe et ` +
      `ancienneté, en données brutes (\`${DEFM_TOTAL_SQL}\`), sont lues, et le mois qui clôt un trimestre donne la ` +
      'valeur de ce trimestre.',
    `- **Établissements employeurs** : établissements actifs (\`etat_administratif = 'A'\`) tels que ` +
      `\`${EMPLOYEUR_SQL}\`.`,
    `- **Établissements scolaires** : rattachés à la commune indiquée par l'annuaire de l'éducation (à défaut, par ` +
      `les fichiers IPS).`,
    '',
    '## Indicateurs',
    '',
    '| domaine | identifiant | indicateur | unité | sens favorable | seuil d’effectif | écart minimal | verdict |',
    '|---|---|---|---|---|---|---|---|',
    ...INDICATORS.map(
      (d) =>
        `| ${DOMAINES[d.domaine]} | \`${d.id}\` | ${cell(d.libelle)} | ${d.unite} | ` +
        `${SENS_COURT[String(d.polarite)]} | ${formatNumber(d.seuil_effectif, 0)} | ` +
        `${d.verdict_possible ? materialite(d) : '—'} | ` +
        `${d.verdict_possible ? (d.reference_verdict === 'academie' ? 'académie' : d.reference_verdict) : 'jamais'} |`,
    ),
    '',
  );
  for (const [domaine, titre] of Object.entries(DOMAINES) as [Domaine, string][]) {
    push(`## ${titre}`, '');
    for (const d of INDICATORS.filter((i) => i.domaine === domaine)) push(...indicatorSection(d));
  }
  push(
    '## Tables de calcul',
    '',
    'Les indicateurs ne lisent que ces tables de calcul ; seules elles lisent les tables brutes chargées par `clee ' +
      'ingest`.',
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
        `| ${s.section} | ` +
        (s.divisions[0] === s.divisions[1]
          ? String(s.divisions[0]).padStart(2, '0')
          : `${String(s.divisions[0]).padStart(2, '0')}–${String(s.divisions[1]).padStart(2, '0')}`) +
        ` | ${cell(s.libelle)} | ${cell(SECTEURS[s.secteur])} |`,
    ),
    '',
  );
  push(
    '## Catalogue des actions',
    '',
    'Le diagnostic propose les actions du catalogue commun (`datasets/actions/catalogue.csv`) qui répondent aux ' +
      'faiblesses du bassin, en commençant par celles qui en couvrent le plus, avec leur raison (« Répond à : taux ' +
      'de chômage des 15-24 ans élevé (faiblesse) »).',
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
    "- Les sources n'ont pas toutes la même date : recensement (millésime quinquennal centré), rentrée scolaire, " +
      'enquête BMO annuelle, stock Sirene, trimestre. La période de chaque valeur est indiquée (« RP 2021 », « ' +
      'rentrée 2024 », « T4 2024 »…).',
    '- Les indicateurs scolaires décrivent les établissements implantés dans le bassin (lieu de scolarisation), ' +
      'ceux du recensement les habitants (lieu de résidence).',
    '- Le rattachement par population suppose que la grandeur publiée par zone se répartit comme la population : il ' +
      "ne révèle pas les écarts internes à une zone d'emploi ou à un bassin BMO.",
    '- Un bassin de petite taille peut avoir des effectifs insuffisants : ses valeurs sont alors signalées « non ' +
      'significatives » plutôt que classées.',
    '- Le zonage livré est une configuration modifiable, à remplacer par la liste officielle « communes par bassins ' +
      '» du rectorat.',
    '',
  );
  return out.join('\n');
}
