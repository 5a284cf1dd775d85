// The READMEs written next to the generated files.
import type { GeneratedFile } from './files.ts';
import type { Reference } from './reference.ts';
import { EMPLOYERS_PER_1000 } from './sirene.ts';
import { BASSINS } from './zoning.ts';

/** 12345 → « 12 345 » (plain formatting: no dependency on the ICU data of the Node build). */
const frInt = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
export const kib = (n: number) => `${frInt(n / 1024)} Kio`;

/** A line of the README longer than the source's 120 columns, kept as published. */
const SIRENE_SAMPLE =
  '(caractère employeur « N », tranche « NN » ou « 00 ») et fermés (état « F ») en plus, échantillonnés (le vrai ' +
  'stock en compte bien davantage) pour que le fichier reste sous 5 Mio ; extrait trié par';

/** One row of the README's file table. */
const fileRow = (f: GeneratedFile) =>
  `| \`${f.path.slice(5)}\` | \`${f.format}\` | ${frInt(f.rows)} | ` +
  `${kib(f.bytes)}${f.bytes !== f.csvBytes ? ` (${kib(f.csvBytes)} décompressé)` : ''} | ` +
  `${f.description} | ${f.quirk} |`;

export function demoReadme(files: GeneratedFile[]): string {
  const demo = files.filter((f) => f.path.startsWith('demo/'));
  const total = demo.reduce((s, f) => s + f.bytes, 0);
  return `# Territoire de démonstration

> **Toutes les valeurs de ce dossier sont SIMULÉES.** Elles ne décrivent pas la réalité des communes, des
> établissements ni des entreprises cités : elles servent à essayer l'outil, à tester les lecteurs de
> fichiers et à montrer les pages sans attendre les vraies données. Ne les citez jamais comme des chiffres.

Seuls les codes et noms des communes, des départements et des EPCI sont réels (base
\`@etalab/decoupage-administratif\`), ainsi que les codes et noms des bassins BMO de France Travail (enquête BMO
2025 : 8412 GRENOBLE, 8409 MAURIENNE…), et les communes où se trouvent collèges et lycées (autant par commune, type
et secteur que dans les fichiers IPS publiés par la DEPP : \`scripts/demo/data/etablissements-communes.csv\`) ; leurs
noms, UAI, effectifs et résultats sont simulés, chaque commune envoyant ses élèves à l'établissement le plus
proche.
Les populations communales servent de point de départ ; tout le reste
(recensement, chômage, demandeurs d'emploi, projets BMO, établissements Sirene, effectifs scolaires, IPS,
InserJeunes, zones d'emploi, communes de chaque bassin BMO, cantons, coordonnées) est tiré au hasard de façon
cohérente et reproductible.
Les noms de fichiers contiennent \`demo-simule\`.

Chaque fichier reprend la mise en forme du fichier publié (en-têtes tels que l'éditeur les écrit, colonnes
en plus de celles que l'outil lit, séparateur, encodage) pour exercer les lecteurs comme le ferait un vrai
téléchargement.

## Fichiers

| fichier | format (\`clee sources\`) | lignes | taille | contenu | particularité exercée |
|---|---|---:|---:|---|---|
${demo.map(fileRow).join('\n')}

Total : ${kib(total)}. Le zonage CLEE par défaut est dans \`../territories/\` (voir son README).

Les extraits Sirene sont livrés en CSV compressé gzip (\`.csv.gz\`) pour tenir dans le dépôt : \`clee ingest\` les lit
tel quel (le format est reconnu au contenu, après décompression, jamais au nom du fichier) ; pour le regarder :
\`zcat ${demo.find((f) => f.path.endsWith('.gz'))?.path.slice(5) ?? 'fichier.csv.gz'} | head\`.

## Cohérence des valeurs simulées

- Recensement : actifs ≤ population 15-64 ans, chômeurs ≤ actifs, actifs occupés = actifs − chômeurs,
  somme des niveaux de diplôme = non-scolarisés de 15 ans ou plus, scolarisés ≤ population de chaque âge,
  somme des secteurs = emplois au lieu de travail ; les trois bases partagent les mêmes tranches d'âge.
- Demandeurs d'emploi : catégorie ABC ≥ catégorie A, « Ensemble » = somme des trois tranches d'âge,
  effectifs arrondis à la dizaine.
- BMO : projets difficiles ≤ projets, projets saisonniers ≤ projets, « * » pour les cellules secrètes.
- Effectifs scolaires : total = somme des niveaux (collèges : + SEGPA + ULIS), cohortes qui avancent d'une
  rentrée à l'autre ; IPS et InserJeunes rattachés aux mêmes UAI que l'annuaire.
- Sirene : SIREN et SIRET valides (clé de Luhn), codes NAF rév. 2, tranches d'effectif officielles ;
  environ ${EMPLOYERS_PER_1000} établissements actifs employeurs pour 1 000 habitants en moyenne, plus dans les villes
  et les stations, moins dans les petits villages ; activités plus industrielles en Nord Isère, en Isère
  rhodanienne, en Maurienne et dans la vallée de l'Arve (décolletage), plus touristiques en Tarentaise, en
  Maurienne et en Haute-Savoie, plus agricoles en Ardèche et dans la Drôme ; établissements non employeurs
  ${SIRENE_SAMPLE}
  commune puis SIRET, coordonnées Lambert 93 au point de la voie.
- Sirene, unités légales : une par SIREN de l'extrait des établissements (siège, activité, tranche et dates de son
  siège), noms SIMULÉS tirés de listes (\`scripts/demo/data/unites-legales.json\`) : sociétés, associations,
  communes, et entrepreneurs individuels (un seul petit établissement) nommés par nom et prénom ; un entrepreneur
  individuel dont l'établissement est en diffusion partielle l'est aussi (« P », noms « [ND] »).

## Charger la démonstration

\`npm start\` la charge d'office quand la base est vide. À la main :

\`\`\`sh
clee ingest datasets/territories datasets/demo
\`\`\`

Les deux fichiers BMO coexistent : chaque année d'enquête est une période, et un fichier plus récent ne
remplace que les périodes qu'il republie.

## Régénérer

\`\`\`sh
npm run demo:data            # réécrit datasets/demo et datasets/territories
npx tsx scripts/generate-demo-data.ts --out /tmp/essai   # ailleurs
\`\`\`

Le générateur est déterministe (générateur pseudo-aléatoire mulberry32 à graine fixe) : il réécrit les mêmes
octets à chaque exécution ; \`test/demo-data.test.ts\` le vérifie.
`;
}

export function territoriesReadme(zoning: GeneratedFile, ref: Reference): string {
  const bassinCounts = new Map<string, number>();
  for (const c of ref.communes) bassinCounts.set(c.bassin, (bassinCounts.get(c.bassin) ?? 0) + 1);
  return `# Zonage CLEE par défaut

\`bassins-academie-grenoble.csv\` rattache chacune des 1 761 communes de l'Ardèche (07), de la Drôme (26), de
l'Isère (38), de la Savoie (73) et de la Haute-Savoie (74) à un bassin (format \`clee-bassins\`, une ligne par
commune : ${frInt(zoning.rows)} lignes). \`npm start\` le charge avec la démonstration quand la base est vide.

> **C'est un zonage PAR DÉFAUT, à vérifier et à remplacer** par la liste officielle de l'académie
> (« communes par bassins », rectorat de Grenoble), qui n'est pas publiée en ligne. Les 17 bassins ci-dessous
> reprennent le nombre de bassins de formation de l'académie, pas leur périmètre exact.

## Comment il a été construit

- Les communes et leur intercommunalité (EPCI) viennent de \`@etalab/decoupage-administratif\`.
- Chaque EPCI est rattaché à un bassin par une table écrite à la main, \`scripts/demo/data/epci.csv\`.
  Un EPCI à cheval sur deux départements est coupé : chaque commune va dans un bassin de son propre
  département (à défaut, dans le bassin de repli déclaré pour ce département).
- Exception : la partie romanaise de Valence Romans Agglo (Romans-sur-Isère, Bourg-de-Péage et leurs voisines)
  est rattachée à la Drôme des collines (liste \`scripts/demo/data/romans.csv\`).
- Un bassin reste dans un seul département.

## Bassins

| identifiant | nom | département | communes |
|---|---|---|---:|
${BASSINS.map((b) => `| \`${b.id}\` | ${b.nom} | ${b.dep} | ${bassinCounts.get(b.id) ?? 0} |`).join('\n')}

## Utiliser son propre zonage

Préparer un fichier CSV (séparateur \`;\`, UTF-8) avec l'en-tête
\`code_commune;nom_commune;departement;bassin_id;bassin_nom\`, une ligne par commune, puis :

\`\`\`sh
clee ingest mon-fichier.csv
\`\`\`

Le fichier chargé remplace le zonage précédent. Les codes commune sont du texte : gardez le zéro initial
(\`07010\`, pas \`7010\`), y compris après un passage par un tableur.
`;
}
