/** The bench's inputs: the real tweet fixture when present, seeded generated mentions, the demo scenario. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Config } from '../lambdas/core/config.ts';
import type { FetchedMention } from '../lambdas/core/mention.ts';
import { loadConfigFile } from '../lib/config-file.ts';
import { seeded } from '../lib/local/demo/random.ts';
import { generateScenario } from '../lib/local/demo/scenario.ts';
import { generatedText } from '../lib/measure/sample.ts';

// The generated traffic lives with the measurements the cost command shares with the bench.
export { benchConfig, generatedMentions, generatedText } from '../lib/measure/sample.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const FIXTURES = path.resolve(ROOT, '..', 'shared/fixtures');
export const TWEETS_CSV = path.join(FIXTURES, 'data/brand_product_emotion_tweets.csv');

/** The 9,093 labelled tweets' text, or undefined when ../shared is absent. */
export function fixtureTweets(): string[] | undefined {
  if (!existsSync(TWEETS_CSV)) return undefined;
  const rows = parse(readFileSync(TWEETS_CSV), { columns: true, skip_empty_lines: true, relax_quotes: true }) as Record<string, string>[];
  return rows.map((r) => r.tweet_text ?? '').filter((t) => t.length > 0);
}

export function generatedTexts(n: number, seed = 7): string[] {
  const rnd = seeded(seed);
  return Array.from({ length: n }, () => generatedText(rnd));
}

export const DEMO_CONFIG = path.join(ROOT, 'config/demo.yaml');
/** When the demo fortnight's launch goes wrong. */
export const DEMO_LAUNCH = new Date('2026-11-18T10:00:00Z');

/** The demo's config and generated fortnight, with the options lib/local/demo/run-demo.ts uses. */
export function demoScenario(): { config: Config; mentions: FetchedMention[] } {
  const config = loadConfigFile(DEMO_CONFIG);
  const brand = config.brands[0]!;
  const mentions = generateScenario({
    start: new Date('2026-11-09T00:00:00Z'),
    launchAt: DEMO_LAUNCH,
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
