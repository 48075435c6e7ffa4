/**
 * The analyser a fetch function runs with in AWS: Comprehend behind the analysis cache, with the
 * lexicon for the languages Comprehend cannot score; or the lexicon alone. The lexicon loads on
 * first use either way.
 */
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLES } from '../contracts/tables.ts';
import type { Config } from '../core/config.ts';
import type { SentimentAnalyzer } from '../core/ports.ts';
import { CachedAnalyzer } from './cached-analyzer.ts';
import { ComprehendAnalyzer } from './comprehend-analyzer.ts';
import { DynamoAnalysisCache } from './dynamo-analysis-cache.ts';
import { requireEnv } from './env.ts';
import { lazyLexicon } from './lazy-analyzer.ts';
import { type powertools, traced } from './powertools.ts';
import { systemClock } from './system-clock.ts';

/** How long a text's analysis is remembered: a week of retweets, never longer than Mentions are kept. */
const ANALYSIS_CACHE_DAYS = 7;

export function awsAnalyzer(config: Config, dynamo: DynamoDBClient, ports: ReturnType<typeof powertools>): SentimentAnalyzer {
  const lexicon = lazyLexicon();
  if (config.analyzer !== 'comprehend') return lexicon;
  const comprehend = new ComprehendAnalyzer({ client: traced(new ComprehendClient({})), fallback: lexicon, metrics: ports.metrics });
  const cache = new DynamoAnalysisCache({
    client: dynamo,
    tableName: requireEnv(TABLES.analysisCache.envVar),
    clock: systemClock,
    ttlDays: Math.min(ANALYSIS_CACHE_DAYS, config.retentionDays),
  });
  return new CachedAnalyzer({ inner: comprehend, cache, ...ports });
}
