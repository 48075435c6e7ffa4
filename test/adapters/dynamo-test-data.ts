/** Builders for the Dynamo store tests. */
import type { Incident } from '../../lambdas/core/incident.ts';
import type { Mention } from '../../lambdas/core/mention.ts';

export const aMention = (nativeId: string, overrides: Partial<Mention> = {}): Mention => ({
  id: `blog#${nativeId}`,
  sourceId: 'blog',
  sourceKind: 'rss',
  nativeId,
  url: `https://example.com/p/${nativeId}`,
  author: { handle: 'ann', reach: 120, isBrand: false },
  text: 'The app <b>crashed</b> again',
  createdAt: '2025-03-03T10:00:00.000Z',
  engagement: { likes: 1, replies: 0, reposts: 0 },
  brand: 'acme',
  fetchedAt: '2025-03-03T10:05:00.000Z',
  ...overrides,
});

export const anIncident = (id: string, overrides: Partial<Incident> = {}): Incident => ({
  id,
  brand: 'acme',
  theme: 'outage',
  fingerprint: 'acme#outage',
  severity: 'SEV2',
  status: 'open',
  firstMentionAt: '2025-03-03T09:00:00.000Z',
  openedAt: '2025-03-03T10:00:00.000Z',
  reason: '46 negative mentions in 1 h, baseline 7 ± 3 (6.5σ)',
  triggerMentionIds: ['blog#1'],
  mentionCount: 46,
  negativeCount: 40,
  reach: 5000,
  level: 0,
  notified: [],
  timeline: [{ at: '2025-03-03T10:00:00.000Z', type: 'opened', actor: 'crisis-desk' }],
  version: 1,
  ...overrides,
});
