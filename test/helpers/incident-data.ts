/** Builders for the escalation email, action and page tests, including hostile Mention text. */
import type { Brand, Config } from '../../lambdas/core/config.ts';
import type { Incident } from '../../lambdas/core/incident.ts';
import type { Mention } from '../../lambdas/core/mention.ts';

export const brand: Brand = { id: 'acme', name: 'Acme Mobile', handles: ['@acme'], keywords: ['acme'], exclusions: [] };

export const actionConfig: Pick<Config, 'sender' | 'timeZone' | 'brands' | 'owners'> = {
  sender: 'crisis-desk@acme.test',
  timeZone: 'Europe/London',
  brands: [brand],
  owners: [
    { id: 'ann', name: 'Ann Lee', email: 'ann@acme.test' },
    { id: 'bo', name: 'Bo Chen', email: 'bo@acme.test' },
  ],
};

export const anIncident = (id: string, overrides: Partial<Incident> = {}): Incident => ({
  id,
  brand: 'acme',
  theme: 'outage',
  fingerprint: 'acme#outage',
  severity: 'SEV1',
  status: 'open',
  firstMentionAt: '2025-03-03T09:12:00.000Z',
  openedAt: '2025-03-03T10:00:00.000Z',
  reason: '46 negative mentions in 1 h, baseline 7 ± 3 (6.5σ)',
  triggerMentionIds: ['x#1'],
  mentionCount: 61,
  negativeCount: 46,
  reach: 184_300,
  level: 1,
  notified: ['ann@acme.test', 'bo@acme.test'],
  taskToken: 'task-token-1',
  timeline: [{ at: '2025-03-03T10:00:00.000Z', type: 'opened', actor: 'crisis-desk' }],
  version: 3,
  ...overrides,
});

export const aMention = (nativeId: string, text: string, overrides: Partial<Mention> = {}): Mention => ({
  id: `x#${nativeId}`,
  sourceId: 'x',
  sourceKind: 'x',
  nativeId,
  url: `https://x.com/someone/status/${nativeId}`,
  author: { handle: `@user${nativeId}`, reach: 1200, isBrand: false },
  text,
  createdAt: '2025-03-03T09:30:00.000Z',
  engagement: { likes: 3, replies: 1, reposts: 0 },
  brand: 'acme',
  fetchedAt: '2025-03-03T09:31:00.000Z',
  incidentId: 'inc-1',
  analysis: {
    sentiment: 'NEGATIVE',
    scores: { positive: 0, negative: 0.8, neutral: 0.2, mixed: 0 },
    complaint: true,
    signals: ['service-failure:down'],
    risks: [],
    theme: 'outage',
    analyzer: 'lexicon',
  },
  ...overrides,
});

export const SCRIPT = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';
export const RLO = 'Refund \u202Egnp.exe\u202C now \u2066isolated\u2069';
export const LONG_WORD = `AAAA${'A'.repeat(250)}HHHH`;
export const EMOJI = 'Down again 😡🔥 👨‍👩‍👧‍👦 día ñ';
export const HEADER_INJECTION = 'outage\r\nBcc: victim@evil.test\r\nSubject: hacked';

/** The same hostile Mentions for every email test: worst first by negative score. */
export const hostileMentions = (): Mention[] => [
  aMention('1', `${SCRIPT} your app is down`, { analysis: { ...aMention('0', '').analysis!, scores: { positive: 0, negative: 0.99, neutral: 0, mixed: 0 } } }),
  aMention('2', RLO, { author: { handle: '@rtl\u202Etxt.exe', displayName: 'Mallory \u202Eevil', reach: 50, isBrand: false } }),
  aMention('3', LONG_WORD),
  aMention('4', EMOJI, { author: { handle: '@bigvoice', displayName: 'Big Voice 📣', reach: 2_400_000, isBrand: false } }),
  aMention('5', 'Link trick', { url: 'javascript:alert(document.cookie)', author: { handle: '@mid', reach: 90_000, isBrand: false } }),
  aMention('6', 'We are sorry, we are on it', { author: { handle: '@acme', reach: 9_000_000, isBrand: true } }),
];
