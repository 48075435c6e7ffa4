/**
 * Generated traffic for measurements (the bench, and the per-Mention units the `cost` command
 * measures): one brand, seeded tweet-like texts that name it, so every figure is the same on
 * every run.
 */
import { parseConfig, type Config } from '../../lambdas/core/config.ts';
import type { FetchedMention } from '../../lambdas/core/mention.ts';
import type { Random } from '../local/demo/random.ts';

const OPENERS = ['Just tried', 'Anyone else using', 'Honestly,', 'Day 3 with', 'Quick question about', 'Loving'];
const CALM = [
  'the new app update, works fine so far',
  'customer service was quick and friendly today',
  'great crew, smooth landing, on time for once',
  'what time does the check-in desk open tomorrow?',
  'new routes to Lisbon look nice',
];
const COMPLAINTS = [
  'my flight got cancelled and I have been on hold for 45 minutes',
  'charged twice for the same booking, no refund yet',
  'thanks for nothing, lost my bag again',
  'seat was broken and nobody cared',
  'the website is down again, cannot check in',
];

/** A seeded tweet-like text that names the bench brand (so the relevance filter keeps it). */
export function generatedText(rnd: Random, complaintShare = 0.5): string {
  const body = rnd.chance(complaintShare) ? rnd.pick(COMPLAINTS) : rnd.pick(CALM);
  return `${rnd.pick(OPENERS)} ${rnd.chance(0.5) ? 'acme air' : '@acmeair'}: ${body} #${rnd.int(1, 9999)}`;
}

/** The config of the ingest and detection sections: one brand, the test's shape, lexicon analyser. */
export const benchConfig: Config = parseConfig({
  sender: 'desk@acme.example',
  timeZone: 'UTC',
  analyzer: 'lexicon',
  brands: [{ id: 'acme', name: 'Acme Air', handles: ['@acmeair'], keywords: ['acme air', '#acmeair'], exclusions: ['acme air purifier'] }],
  sources: [{ id: 'bench-src', kind: 'import', brand: 'acme', path: 'unused.jsonl' }],
  owners: [{ id: 'cm', name: 'Community', email: 'cm@acme.example' }],
  escalationPolicies: [{ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['cm'], timeoutMinutes: 15 }] }],
  report: { recipients: ['boss@acme.example'] },
});

/** `count` generated mentions spread evenly over [from, from + spanMinutes); `complaintShare` of them complain. */
export function generatedMentions(
  rnd: Random,
  count: number,
  from: Date,
  spanMinutes: number,
  serial: { next: number },
  complaintShare = 0.5,
): FetchedMention[] {
  return Array.from({ length: count }, (_, i) => {
    const n = serial.next++;
    return {
      sourceId: 'bench-src',
      sourceKind: 'import',
      nativeId: String(n),
      url: `https://x.example/status/${n}`,
      author: { handle: `@user${rnd.int(1, 5000)}`, reach: Math.round(Math.exp(5 + 1.5 * rnd.next())), isBrand: false },
      text: generatedText(rnd, complaintShare),
      createdAt: new Date(from.getTime() + (i * spanMinutes * 60_000) / count).toISOString(),
      engagement: { likes: rnd.int(0, 20), replies: rnd.int(0, 5), reposts: rnd.int(0, 5) },
    };
  });
}

