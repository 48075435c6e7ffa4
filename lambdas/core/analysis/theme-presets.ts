/**
 * Theme taxonomies as data: the generic default every brand has, and industry presets that add
 * their own themes in front of it (the most specific theme wins a tie). Phrases use the syntax
 * of phrases.ts; `unless` phrases are word-sense guards: a match they overlap does not count
 * ("all credit to the staff" is not billing, "come on down" is not an outage).
 */

export interface ThemeDefinition {
  /** Stable id: counters, Incidents and escalation policies' `themes:` use it. */
  id: string;
  /** The one name emails, reports and the dashboard show. */
  label: string;
  phrases: readonly string[];
  unless?: readonly string[];
  /** An industry's or a brand's own theme (not a generic one): it wins over a generic theme it refines. */
  specific?: boolean;
}

export const INDUSTRIES = ['generic', 'airline', 'restaurant', 'telecom-saas', 'retail', 'electronics'] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** Themes decided by a risk term, not by phrases: an accepted safety, security or legal risk names them. */
export const RISK_THEMES: readonly ThemeDefinition[] = [
  { id: 'safety', label: 'Safety', phrases: [] },
  { id: 'legal', label: 'Legal', phrases: [] },
];

export const GENERIC_THEMES: readonly ThemeDefinition[] = [
  {
    id: 'billing',
    label: 'Billing',
    phrases: [
      'bill', 'bills', 'billed', 'billing', 'charged me|us|twice|double|again|for', 'double charged', 'double-charged', 'been|was|were charged', 'overcharg*',
      'charge|charges on|to my|our', 'charging me|us', 'refund*', 'invoice*', 'payment*', 'paid for', 'i paid', 'pay for', 'price', 'prices', 'pricing', 'fee', 'fees',
      'subscription*', 'direct debit', 'money back', 'compensation', 'voucher*', 'credit card', 'store|account credit', 'debit', 'renewal', 'cost me', 'price hike',
    ],
    unless: ['all credit to', 'credit to the|you|your|them', 'credit where', 'credit due', 'to their|your credit', 'give * credit', 'gave * credit', 'take|takes * credit', 'pay attention', 'pay off', 'paid off', 'pay tribute', 'pay a visit'],
  },
  {
    id: 'outage',
    label: 'Outage',
    phrases: [
      'outage*', 'is|are|was|went|goes|been|still|keeps going down', 'down again', 'down for', 'site|app|server*|service|website|network|system|platform|servers down',
      'offline', 'not loading', "won't load", "can't|cannot connect", 'no signal|service|internet|wifi|power|connection', 'server', 'servers', 'wifi', 'internet', 'broadband',
      'network', 'disconnect*', "can't|cannot log in|login|sign in", 'log in', 'login', 'sign in', 'error', 'errors', 'error message', 'status page', 'dns', 'buffering', 'streaming',
    ],
    unless: ['went|go|goes|going down well|a storm|a treat', 'goes|went down in history', 'down to earth', 'let * down', 'calm down', 'sit down', 'slow down', 'upside down', 'turned down', 'back down', 'down payment', 'shut down the rumours'],
  },
  {
    id: 'delivery',
    label: 'Delivery',
    phrases: [
      'deliver*', 'parcel*', 'package*', 'shipping', 'shipped', 'shipment*', 'courier*', 'tracking', 'tracking number', 'not|never|hasn\'t|has not arrived', 'arrive*',
      'dispatch*', 'my order', 'the order', 'an order', 'orders', 'ordered', 'postage', 'delivery driver', 'missing item*', 'delivery slot*', 'marked as delivered', 'out for delivery',
    ],
    unless: ['arrived at the airport|gate|station|hotel', 'arrive at the airport|gate|station|hotel', 'arrived early|on time safely'],
  },
  {
    id: 'disruption',
    label: 'Delays and cancellations',
    phrases: [
      'delay*', 'cancelled|canceled|cancelation|cancellation*', 'stranded', 'rebook*', 'missed * connection', 'running late', 'hours late', 'minutes late', 'is|was|are|were late',
      'late again', 'postponed', 'rescheduled', 'no-show',
    ],
    unless: ['cancel|cancelled|canceled|cancelling my subscription|account|contract|membership|plan', 'without delay', 'no delay*'],
  },
  {
    id: 'food-quality',
    label: 'Food quality',
    phrases: [
      'cold food', 'food * cold', 'was|is|were|arrived|came stone|ice|completely|totally cold', 'lukewarm', 'undercooked', 'under-cooked', 'overcooked', 'raw in the middle', 'stale',
      'soggy', 'tasteless', 'bland', 'greasy', 'dry burger|chicken|bun|fries', 'hair in my', 'tiny portion*', 'portion size*', 'inedible', 'gone off', 'off milk', 'expired',
    ],
  },
  {
    id: 'product-defect',
    label: 'Product defect',
    phrases: [
      'broken', 'broke', 'faulty', 'bricked', 'flicker*', 'boot loop', 'overheat*', 'heats up', 'gets|getting|so|too hot', "won't charge|turn on|boot|start", 'not charging',
      'defective', 'damaged', 'cracked', 'crash*', 'freez*', 'frozen', 'bug', 'bugs', 'buggy', 'glitch*', 'battery', 'batteries', 'drain*', 'update', 'ios', 'software',
      'firmware', 'screen', 'charger', 'charging port', 'temperature', 'stopped working', "doesn't|does not|isn't|is not|not working|work", 'skipping', 'too|so|very slow', 'lag*', 'restart*', 'fell apart', 'poor quality',
    ],
    unless: ["ain't broke", "isn't broke", 'not broke', 'broke the internet', 'broke * record*', "i'm|im|am|so|we're|were|went broke", 'broke up', 'broke af', 'broke down in tears', 'broke the news', 'crash course', 'bug me', 'bugs me', 'software engineer*', 'update you', 'will update', 'keep you updated'],
  },
  {
    id: 'customer-service',
    label: 'Customer service',
    phrases: [
      'customer service', 'customer support', 'support', 'support team', 'staff', 'agent*', 'rude', 'unhelpful', 'manager', 'on hold', 'hold music', 'call centre|center',
      'helpline', 'hung up', 'no response|reply', 'nobody', 'no one', 'no-one', 'respond*', 'reply', 'replied', 'replies', 'live chat', 'chat', 'voicemail', 'complaint*',
      'complained', 'emailed', 'called', 'rang', 'store', 'shop', 'colleague*', 'employee*', 'waiter', 'waitress', 'cashier', 'queue', 'treated', 'security guard',
    ],
    unless: ['nobody asked', 'no one asked', 'group chat*'],
  },
  {
    id: 'account-security',
    label: 'Account security',
    phrases: [
      'hack*', 'breach*', 'password*', 'account locked|compromised|hijacked', 'locked out', 'fraud*', 'phishing', 'scam*', 'unauthorised|unauthorized', 'identity theft',
      '2fa', 'two-factor', 'verification code', 'security', 'privacy', 'my|personal|customer data', 'data leak',
    ],
    unless: ['life hack*', 'growth hack*', 'security guard', 'hackathon'],
  },
  {
    id: 'brand-post',
    label: 'Brand post',
    phrases: [
      'your ad|advert|advertisement|commercial|campaign|tweet|post|video|promo|marketing|slogan|logo|statement|ceo', 'this ad|advert|campaign|commercial', 'tone deaf', 'tone-deaf',
      'offensive ad|tweet|post|campaign', 'boycott*', 'pr disaster', 'delete this', 'read the room', 'who approved',
    ],
  },
];

export const OTHER_THEME: ThemeDefinition = { id: 'other', label: 'Other', phrases: [] };

/** Themes each industry puts in front of the generic ones. */
export const INDUSTRY_THEMES: Record<Industry, readonly ThemeDefinition[]> = {
  generic: [],
  airline: [
    {
      id: 'flight-disruption',
      label: 'Flight delays and cancellations',
      phrases: [
        'flight * delayed|cancelled|canceled', 'delayed|cancelled|canceled flight*', 'delay*', 'cancelled|canceled|cancellation*', 'missed * connection*', 'stranded', 'rebook*',
        'diverted', 'tarmac', 'sat on the runway', 'gate change', 'late departure|arrival', 'hours late', 'grounded', 'overnight at the airport',
      ],
      unless: ['without delay', 'no delay*', 'on time'],
    },
    {
      id: 'baggage',
      label: 'Baggage',
      phrases: ['lost * bag*|luggage|suitcase', 'baggage', 'luggage', 'suitcase*', 'my bag|bags', 'checked bag*', 'carry-on', 'carry on bag', 'baggage claim', 'carousel', 'bag fee*', 'damaged * bag|suitcase'],
    },
    {
      id: 'seating-and-boarding',
      label: 'Seats and boarding',
      phrases: ['seat*', 'legroom', 'boarding', 'overbooked', 'bumped', 'denied boarding', 'gate agent*', 'check-in', 'check in', 'upgrade*', 'boarding pass*', 'priority boarding'],
    },
    {
      id: 'in-flight',
      label: 'In-flight service',
      phrases: ['crew', 'flight attendant*', 'cabin', 'in-flight|inflight', 'onboard', 'on board', 'wifi on board', 'entertainment', 'dead screen', 'meal', 'snack*', 'toilet*', 'lavatory'],
    },
  ],
  restaurant: [
    GENERIC_THEMES.find((t) => t.id === 'food-quality')!,
    {
      id: 'order-accuracy',
      label: 'Wrong or missing items',
      phrases: ['wrong order', 'wrong item*', 'missing item*', 'missing my|the|our', 'forgot my|the|our', 'forgotten', 'not what i ordered', 'got the wrong', 'left out', 'no sauce|fries|drink|straw|napkins', 'half my order'],
    },
    {
      id: 'hygiene',
      label: 'Hygiene',
      phrases: ['dirty', 'filthy', 'unclean', 'hygiene', 'unhygienic', 'sticky tables', 'toilets', 'bins overflowing', 'flies', 'stinks', 'smelled|smells bad'],
    },
    {
      id: 'wait-times',
      label: 'Wait times',
      phrases: ['drive-thru', 'drive thru', 'drive-through', 'waited * minutes|hour*', 'waiting * minutes|hour*', 'queue', 'slow service', 'took forever', 'still waiting'],
    },
  ],
  'telecom-saas': [
    {
      id: 'coverage',
      label: 'Coverage and signal',
      phrases: ['no signal', 'signal', 'coverage', 'dead zone', 'dropped call*', 'drops calls', '4g', '5g', 'lte', 'no bars', 'reception', 'roaming'],
    },
    {
      id: 'speed',
      label: 'Speed',
      phrases: ['slow internet|connection|broadband|wifi|speeds', 'speeds', 'mbps', 'latency', 'buffering', 'so|too|very slow', 'lagging', 'ping'],
    },
    {
      id: 'contract-and-plan',
      label: 'Contracts and plans',
      phrases: ['contract', 'plan', 'tariff', 'upgrade', 'porting', 'port my number', 'early termination', 'cancel my contract|plan|account|subscription', 'price rise', 'mid-contract', 'sim only'],
    },
    {
      id: 'feature-request',
      label: 'Feature requests',
      phrases: ['please add', 'feature request', 'would be nice if', 'bring back', 'add an option', 'add the option', 'why can\'t i', 'let us', 'let me choose'],
    },
  ],
  retail: [
    {
      id: 'returns-and-refunds',
      label: 'Returns and refunds',
      phrases: ['return*', 'refund*', 'exchange', 'receipt', 'return label', 'store credit', 'send it back', 'sent it back'],
    },
    {
      id: 'stock',
      label: 'Stock and availability',
      phrases: ['out of stock', 'sold out', 'back in stock', 'restock*', 'unavailable', 'empty shelves', 'never in stock', 'no stock'],
    },
    {
      id: 'in-store',
      label: 'In store',
      phrases: ['in store', 'in-store', 'store', 'checkout', 'till', 'tills', 'queue', 'self-checkout', 'self checkout', 'security guard', 'car park', 'trolley*', 'aisle*'],
    },
    {
      id: 'product-quality',
      label: 'Product quality',
      phrases: ['poor quality', 'fell apart', 'ripped', 'torn', 'faded', 'shrunk', 'cheap material', 'fake', 'counterfeit', 'not as described', 'smaller than'],
    },
  ],
  electronics: [
    {
      id: 'battery',
      label: 'Battery and charging',
      phrases: ['battery', 'batteries', 'battery life', 'drain*', 'charger', 'charging', "won't charge", 'hold a charge', 'charging cable|port', 'dies by|at', 'died at', 'power cord*', 'cord', 'cords'],
    },
    {
      id: 'software-update',
      label: 'Software updates',
      phrases: ['update', 'updates', 'updated', 'updating', 'ios', 'firmware', 'software', 'new version', 'latest version', 'downgrade*', 'yosemite', 'beta'],
      unless: ['update you', 'will update', 'keep you updated'],
    },
    {
      id: 'repairs-and-warranty',
      label: 'Repairs and warranty',
      phrases: ['repair*', 'warranty', 'applecare', 'genius bar', 'service centre|center', 'replacement', 'sent it in', 'send it in', 'fix it for free', 'out of warranty', 'appointment'],
    },
  ],
};

/** Built-in labels by id, for themes of Incidents whose brand no longer has them. */
export const BUILT_IN_LABELS: Record<string, string> = Object.fromEntries(
  [...RISK_THEMES, ...GENERIC_THEMES, OTHER_THEME, ...Object.values(INDUSTRY_THEMES).flat()].map((t) => [t.id, t.label]),
);
