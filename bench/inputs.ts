/** The bench's inputs: the real tweet fixture when present, seeded generated mentions, the demo scenario. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseConfig, type Config } from '../lambdas/core/config.ts';
import type { FetchedMention } from '../lambdas/core/mention.ts';
import { loadConfigFile } from '../lib/config-file.ts';
import { seeded, type Random } from '../lib/local/demo/random.ts';
import { generateScenario } from '../lib/local/demo/scenario.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const FIXTURES = path.resolve(ROOT, '..', 'shared/fixtures');
export const TWEETS_CSV = path.join(FIXTURES, 'data/brand_product_emotion_tweets.csv');

/** The 9,093 labelled tweets' text, or undefined when ../shared is absent. */
export function fixtureTweets(): string[] | undefined {
  if (!existsSync(TWEETS_CSV)) return undefined;
  const rows = parse(readFileSync(TWEETS_CSV), { columns: true, skip_empty_lines: true, relax_quotes: true }) as Record<string, string>[];
  return rows.map((r) => r.tweet_text ?? '').filter((t) => t.length > 0);
}

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

export function generatedTexts(n: number, seed = 7): string[] {
  const rnd = seeded(seed);
  return Array.from({ length: n }, () => generatedText(rnd));
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

export const DEMO_CONFIG = path.join(ROOT, 'config/demo.yaml');

/** The demo's config and generated fortnight, with the options lib/local/demo/run-demo.ts uses. */
export function demoScenario(): { config: Config; mentions: FetchedMention[] } {
  const config = loadConfigFile(DEMO_CONFIG);
  const brand = config.brands[0]!;
  const mentions = generateScenario({
    start: new Date('2026-11-09T00:00:00Z'),
    launchAt: new Date('2026-11-18T10:00:00Z'),
    end: new Date('2026-11-23T00:00:00Z'),
    brandName: brand.name,
    launchName: 'Nimbus 9',
    brandHandle: brand.handles[0] ?? '@nimbusphone',
    supportHandle: brand.handles[1] ?? '@nimbushelp',
    tag: 'nimbus9',
    sources: [
      { id: 'nimbus-x', kind: 'x', share: 0.6, postUrl: (id, h) => `https://x.com/${h}/status/${id}` },
      { id: 'nimbus-reddit', kind: 'reddit', share: 0.25, postUrl: (id) => `https://www.reddit.com/r/phones/comments/${id}/` },
      { id: 'nimbus-mastodon', kind: 'mastodon', share: 0.15, postUrl: (id, h) => `https://mastodon.social/@${h}/${id}` },
    ],
  });
  return { config, mentions };
}
