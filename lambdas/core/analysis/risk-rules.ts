/**
 * The default risk terms and context rules, as data in the phrase syntax of phrases.ts. A
 * brand extends both in the config (`risk: { terms, ignore }`); the engine is risks.ts.
 *
 * A term is a phrase that can report a harm, a threat or a legal action. A context rule
 * rejects a term in a setting where it does not: negated ("no data breach"), a figure of
 * speech ("this price is murder", "killing it"), a topic rather than an event ("how to avoid
 * food poisoning"), a device that "died", an animal as the victim, marketing "harassment".
 */
import type { RiskCategory } from './risks.ts';

export interface RiskContextRule {
  /** Named in the Analysis as the rule that rejected a term ("figure-of-speech"). */
  id: string;
  /** Phrases whose presence in the scope rejects the term. */
  phrases: readonly string[];
  /**
   * Where the phrases are looked for: `around` overlapping the term itself ("killing it"),
   * `before` in the few words before it, `near` a few words either side, `clause` in its
   * sentence. @default 'around'
   */
  scope?: 'around' | 'before' | 'near' | 'clause';
  /** Only terms of these categories; all when absent. */
  categories?: readonly RiskCategory[];
  /** Only these terms (phrases of the term list, as written); all when absent. */
  terms?: readonly string[];
  /** Phrases in the term's sentence that keep the term although the rule matched ("my dog was injured"). */
  unless?: readonly string[];
}

export type RiskTermList = Partial<Record<RiskCategory, readonly string[]>>;

export const DEFAULT_RISK_TERMS: Record<RiskCategory, readonly string[]> = {
  legal: [
    'lawsuit*', 'law suit*', 'sue|suing you|them|the|your|us|over|for|him|her', 'going to|gonna|will|i\'ll|i will sue', 'sued', 'suing',
    'lawyer*', 'attorney*', 'solicitor*', 'class action', 'class-action', 'legal action', 'take * to court', 'see you in court', 'small claims',
    'trading standards', 'ombudsman', 'consumer protection', 'report* * to * ftc|fca|cma|ofcom|ofgem|bbb|regulator*|authorities|police',
    'breach of contract', 'gdpr complaint|violation|breach', 'cease and desist',
  ],
  safety: [
    'food poisoning', 'poisoned', 'poisoning', 'salmonella', 'listeria', 'e coli', 'e.coli', 'norovirus', 'allergic reaction', 'anaphyla*',
    'hospitalised|hospitalized', 'in * hospital', 'a&e', 'emergency room', 'injur*', 'burn|burned|burnt|burning|burns my|me|him|her|his|their|our|us|down',
    'caught|catch|catches|catching fire', 'on fire', 'in flames', 'burst into flames', 'explod*', 'explosion', 'blew up', 'began|started|starts smoking',
    'smoke * out', 'melted|melting', 'sparking', 'sparked', 'electric|electrical shock', 'electrocut*', 'choking hazard', 'choked', 'unsafe',
    'safety hazard|issue|risk|concern', 'fire hazard', 'recall notice', 'product|safety recall', 'recalled', 'being|been recalled', 'recalling',
    'contaminat*', 'mould|mold in|on|inside|all', 'mouldy|moldy', 'glass in', 'metal in', 'found a|an|some bug*|hair|insect*|worm*|cockroach*|maggot*|rat|mouse',
    'cockroach*', 'rat droppings', 'sick|ill after eating|drinking', 'nearly|almost killed', 'could have|could\'ve killed', 'killed my|our|a|someone|people',
    'died after|from|because', 'murder*',
  ],
  security: [
    'data breach*', 'breach|breached', 'hacked', 'hacker*', 'hacking', 'leak*|leaked my|our|customer*|personal|user*|private|card|data|details|passwords|emails|photos',
    'leaked', 'stolen card|identity|data|details|account|password*', 'identity theft', 'fraud*', 'phishing', 'scam|scammed|scammer* call*|text*|email*|message*',
    'unauthorised|unauthorized charge*|access|transaction*|payment*|login*|purchase*', 'account * compromised|hijacked', 'compromised', 'someone logged|got into my account',
    'password leak', 'exposed my|our|customer data',
  ],
  discrimination: [
    'racis*', 'racially', 'sexis*', 'misogyn*', 'homophob*', 'transphob*', 'xenophob*', 'islamophob*', 'antisemit*', 'ableis*', 'discriminat*',
    'bigot*', 'slur*', 'harass*', 'profiled',
  ],
};

const NEGATORS = ['no', 'not', 'never', 'without', "isn't", "wasn't", "aren't", "weren't", "don't", "doesn't", "didn't", "won't", "haven't", "hasn't", 'free of', 'zero', 'nothing like', 'no sign of', 'no risk of'];
const DEVICES = 'battery|batteries|phone|iphone|ipad|laptop|screen|charger|cable|cord|app|tv|mac|macbook|computer|device|headphones|airpods|speaker|console|router|modem|server|account|brand|stock|shares|hype|meme|trend|dream|joke|conversation|friendship|vibe';

export const DEFAULT_RISK_CONTEXT: readonly RiskContextRule[] = [
  { id: 'negated', scope: 'before', phrases: NEGATORS },
  {
    id: 'figure-of-speech',
    phrases: [
      'killing it', 'killed it', 'killing me', 'kill me now', 'killed me lol|haha', 'to die for', 'dying to', 'dying for', "i'm dying", 'i am dying', "i'm dead", 'dead lol|haha',
      'is|was|be murder', 'murder on', 'murdered it', 'murdering it', 'on fire lol|haha|today|tonight|rn|right now', "you're|youre|she's|he's|they're|we're|is on fire",
      'set the world on fire', 'pants on fire', 'blew up my phone|notifications|timeline|mentions', 'blew up on', 'blowing up', 'sales exploded|explode', 'exploded with',
      'explode with', 'heart melted|melting', 'melted my heart', 'melting pot', 'sparked outrage|debate|controversy|joy|interest|a conversation', 'sparking joy|debate|interest',
      'life hack*', 'growth hack*', 'hacked together', 'hack for', 'hacks for', 'so sue me', 'sue me', 'insult to injury', 'injury time', 'poison of choice', 'pick|name your poison',
      'burn|burning a hole in my pocket', 'burned|burnt out', 'burning question', 'slow burn', 'sick burn', 'breach of etiquette', 'recall that', 'i recall', 'can\'t|cannot recall',
      'as i recall', 'total recall', 'recalling the', 'the bomb', 'da bomb', 'blew up the internet',
    ],
  },
  { id: 'device-died', scope: 'near', terms: ['died after|from|because', 'killed my|our|a|someone|people', 'murder*'], phrases: DEVICES.split('|') },
  {
    id: 'topic-not-incident',
    scope: 'before',
    phrases: ['how to', 'tips', 'tip', 'prevent*', 'avoid*', 'protect* against|from', 'protection against|from', 'insurance', 'awareness', 'guide to', 'webinar', 'talk on|about', 'article on|about', 'study on', 'research on', 'learn about', 'fight* against', 'safe from', 'secure against', 'immune to'],
  },
  {
    id: 'victim-not-a-person',
    scope: 'clause',
    categories: ['safety'],
    terms: ['injur*', 'burn|burned|burnt|burning|burns my|me|him|her|his|their|our|us|down', 'nearly|almost killed', 'killed my|our|a|someone|people', 'poisoned', 'murder*'],
    phrases: ['animal*', 'chicken*', 'hen', 'hens', 'cow*', 'pig*', 'cattle', 'livestock', 'bird*', 'fish', 'calves', 'sheep', 'turkeys', 'ducks', 'factory farm*'],
    unless: ['my|our dog|cat|pet|puppy|kitten|son|daughter|child|kid|baby'],
  },
  { id: 'marketing-nag', scope: 'near', terms: ['harass*'], phrases: ['email*', 'notification*', 'ads', 'adverts', 'texts', 'calls', 'spam*', 'pop-up*', 'popup*', 'newsletter*', 'update*'] },
  { id: 'product-leak', scope: 'clause', terms: ['leaked', 'leak*|leaked my|our|customer*|personal|user*|private|card|data|details|passwords|emails|photos'], phrases: ['new', 'upcoming', 'next', 'unreleased', 'prototype', 'specs', 'renders', 'release date', 'launch', 'design', 'roadmap', 'album', 'trailer', 'episode'] },
];
