/**
 * One scenario's world: the real fetch-mentions handler, the embedded DynamoDB (fresh tables per
 * scenario, a fault-injecting client per "process"), the X connector against the fault-injecting
 * platform, ComprehendAnalyzer and SesMailer against fault-injecting AWS servers on 127.0.0.1,
 * and the escalation flow taken from the synthesized stack and interpreted locally.
 */
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ComprehendAnalyzer } from '../../lambdas/adapters/comprehend-analyzer.ts';
import { toDocumentClient } from '../../lambdas/adapters/dynamo-document.ts';
import { createDynamoStores, type DynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import { SesMailer } from '../../lambdas/adapters/ses-mailer.ts';
import { TABLES, type TableKey } from '../../lambdas/contracts/tables.ts';
import { parseConfig, type Config } from '../../lambdas/core/config.ts';
import type { Incident } from '../../lambdas/core/incident.ts';
import type { IngestDeps, IngestSummary } from '../../lambdas/core/ingest.ts';
import { createLinkSigner } from '../../lambdas/core/links.ts';
import type { Mention } from '../../lambdas/core/mention.ts';
import type { Clock } from '../../lambdas/core/ports.ts';
import type { SourceFactory } from '../../lambdas/core/run-source.ts';
import { createFetchMentionsHandler } from '../../lambdas/handlers/fetch-mentions.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { createTables } from '../../lib/local/create-tables.ts';
import type { EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { createLocalFlows, type LocalFlows } from '../../lib/local/local-flows.ts';
import type { SynthesizedStack } from '../../lib/synth.ts';
import { startFakeAws, type FakeAwsServer } from '../adapters/fake-aws-server.ts';
import { RecordingLogger } from '../helpers/recording.ts';
import { faultyDynamo, type DynamoFault } from './dynamo-faults.ts';
import { snowflake, type Platform, type Tweet } from './platform.ts';

export const NOW = Date.parse('2026-11-23T12:00:00Z');
export const SOURCE = 'acme-x';

export function faultConfig(platformUrl: string): Config {
  return parseConfig({
    sender: 'desk@acme.example',
    timeZone: 'UTC',
    analyzer: 'comprehend',
    brands: [{ id: 'acme', name: 'Acme Air', handles: ['@acmeair'], keywords: ['acme air', '@acmeair'] }],
    sources: [{ id: SOURCE, kind: 'x', brand: 'acme', query: 'acme air', secret: 'x-api', baseUrl: platformUrl, maxPages: 20 }],
    owners: [
      { id: 'cm', name: 'Community', email: 'cm@acme.example' },
      { id: 'lead', name: 'Lead', email: 'lead@acme.example' },
    ],
    escalationPolicies: [{ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['cm'], timeoutMinutes: 60 }, { owners: ['lead'], timeoutMinutes: 60 }] }],
    detection: { warmupThreshold: 8, minNegative: 5 },
    report: { recipients: ['boss@acme.example'] },
  });
}

/** 40 tweets over the hour before NOW: 24 complaints (enough to open an Incident), 16 others. */
export function servedTweets(): Tweet[] {
  return Array.from({ length: 40 }, (_, i) => {
    const at = NOW - 60 * 60_000 + i * 88_000;
    const complaint = i % 5 < 3;
    return {
      id: snowflake(at, i),
      author_id: '1',
      created_at: new Date(at).toISOString(),
      text: complaint ? `@acmeair flight ${i} cancelled and still no refund after an hour on hold` : `flying acme air today, seat ${i}`,
    };
  });
}

/** A clock that runs with real time from NOW, and jumps when a scenario moves to the next scheduled run. */
export class RunningClock implements Clock {
  private readonly start = Date.now();
  private skew = 0;
  now(): Date {
    return new Date(NOW + (Date.now() - this.start) + this.skew);
  }
  advance(ms: number): void {
    this.skew += ms;
  }
}

export interface FakeComprehend {
  server: FakeAwsServer;
  mode: { throttleNext: number; failing: Set<string>; outage: boolean; injected: number };
}

/** Comprehend's JSON protocol: NEGATIVE for texts about refunds and cancellations. */
export async function startFakeComprehend(): Promise<FakeComprehend> {
  const mode = { throttleNext: 0, failing: new Set<string>(), outage: false, injected: 0 };
  const server = await startFakeAws((req) => {
    const reply = (status: number, json: unknown, type?: string) => ({ status, headers: { 'content-type': 'application/x-amz-json-1.1', ...(type && { 'x-amzn-errortype': type }) }, body: JSON.stringify(json) });
    if (mode.outage) {
      mode.injected++;
      return reply(503, { __type: 'ServiceUnavailableException', message: 'down' }, 'ServiceUnavailableException');
    }
    if (mode.throttleNext > 0) {
      mode.throttleNext--;
      mode.injected++;
      return reply(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException');
    }
    const body = JSON.parse(req.body.toString('utf8')) as { TextList: string[]; LanguageCode?: string };
    if (body.TextList.some((t) => !t)) return reply(400, { __type: 'ValidationException', message: 'empty document' }, 'ValidationException');
    const errors: object[] = [];
    const results = body.TextList.flatMap((t, i) => {
      if ([...mode.failing].some((f) => t.includes(f))) {
        mode.injected++;
        errors.push({ Index: i, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'try again' });
        return [];
      }
      const s = /refund|cancelled/.test(t) ? 'NEGATIVE' : 'NEUTRAL';
      return [{ Index: i, Sentiment: s, SentimentScore: { Positive: 0.02, Negative: s === 'NEGATIVE' ? 0.9 : 0.04, Neutral: s === 'NEUTRAL' ? 0.9 : 0.04, Mixed: 0.04 } }];
    });
    return reply(200, { ResultList: results, ErrorList: errors });
  });
  return { server, mode };
}

export interface FakeSes {
  server: FakeAwsServer;
  mode: { throttleNext: number; rejected: Set<string>; outage: boolean; injected: number };
  /** Accepted sends, by recipient. */
  sent: string[];
}

export async function startFakeSes(): Promise<FakeSes> {
  const mode = { throttleNext: 0, rejected: new Set<string>(), outage: false, injected: 0 };
  const sent: string[] = [];
  const server = await startFakeAws((req) => {
    const reply = (status: number, json: unknown, type?: string) => ({ status, headers: { 'content-type': 'application/json', ...(type && { 'x-amzn-errortype': type }) }, body: JSON.stringify(json) });
    const to = (JSON.parse(req.body.toString('utf8')) as { Destination?: { ToAddresses?: string[] } }).Destination?.ToAddresses ?? [];
    if (mode.outage) {
      mode.injected++;
      return reply(503, { message: 'SES is down' }, 'ServiceUnavailableException');
    }
    if (mode.throttleNext > 0) {
      mode.throttleNext--;
      mode.injected++;
      return reply(429, { message: 'Maximum sending rate exceeded' }, 'TooManyRequestsException');
    }
    if (to.some((a) => mode.rejected.has(a))) {
      mode.injected++;
      return reply(400, { message: `Email address is not verified: ${to.join(', ')}` }, 'MessageRejected');
    }
    sent.push(...to);
    return reply(200, { MessageId: `m-${sent.length}` });
  });
  return { server, mode, sent };
}

const awsClient = (endpoint: string) => ({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

export interface Shared {
  dynamo: EmbeddedDynamo;
  platform: Platform;
  comprehend: FakeComprehend;
  ses: FakeSes;
  synthesized: SynthesizedStack;
  config: Config;
}

export interface RunResult {
  ok: boolean;
  summary?: Omit<IngestSummary, 'mentions' | 'opened'>;
  error?: Error;
  dynamoFaults: number;
  calls: string[];
}

export class World {
  readonly clock = new RunningClock();
  readonly logger = new RecordingLogger();
  readonly stores: DynamoStores;
  readonly flows: LocalFlows;
  /** Served ids whose position a cursor passed before they were stored. */
  passedUnstored = new Set<string>();
  readonly runs: RunResult[] = [];
  readonly makeSource: SourceFactory;

  private constructor(readonly shared: Shared, readonly tableNames: Record<TableKey, string>, readonly served: () => Tweet[]) {
    this.stores = createDynamoStores(shared.dynamo.client, tableNames);
    const mailer = new SesMailer({ client: new SESv2Client({ ...awsClient(shared.ses.server.endpoint), maxAttempts: 2 }), clock: this.clock });
    this.flows = createLocalFlows({
      synthesized: shared.synthesized,
      config: shared.config,
      stores: this.stores,
      mailer,
      clock: this.clock,
      logger: this.logger,
      signer: createLinkSigner('fault-suite-link-key-0123456789'),
      actionsBaseUrl: 'http://127.0.0.1:8787/',
      timeScale: 1e-3,
    });
    this.makeSource = async (cfg, run) =>
      createSource(cfg, {
        credentials: { bearerToken: 'fault-suite-bearer-token' },
        sleep: async () => {},
        random: () => 0.5,
        clock: this.clock,
        http: { timeoutMs: 300, retries: 2, maxWaitMs: 5_000 },
        ...(run?.deadline && { deadline: run.deadline }),
      });
  }

  static async create(shared: Shared, name: string, served: () => Tweet[] = servedTweets): Promise<World> {
    const tableNames = await createTables(shared.dynamo.client, TABLES, `${name}-`);
    const world = new World(shared, tableNames, served);
    // The stream already has a position: every later tweet is news.
    await world.stores.cursors.put(SOURCE, { 'search.since': snowflake(NOW - 2 * 3600_000) });
    return world;
  }

  /** One invocation of the fetch-mentions handler in a fresh process with these DynamoDB faults. */
  async run(faults: DynamoFault[] = [], options: { context?: { getRemainingTimeInMillis(): number }; hooks?: IngestDeps['hooks'] } = {}): Promise<RunResult> {
    const proc = faultyDynamo(this.shared.dynamo.endpoint, faults);
    const stores = createDynamoStores(proc.client, this.tableNames);
    const analyzer = new ComprehendAnalyzer({
      client: new ComprehendClient({ ...awsClient(this.shared.comprehend.server.endpoint), maxAttempts: 1 }),
      fallback: new LexiconAnalyzer(),
      sleep: async () => {},
      maxAttempts: 3,
    });
    const deps: IngestDeps = {
      config: this.shared.config,
      clock: this.clock,
      ...stores,
      analyzer,
      flows: this.flows.escalation,
      callbacks: this.flows.escalation,
      logger: this.logger,
      metrics: { count() {} },
      ...(options.hooks && { hooks: options.hooks }),
    };
    const handler = createFetchMentionsHandler(deps, this.makeSource);
    let result: RunResult;
    try {
      const summary = await handler({ sourceId: SOURCE }, options.context);
      result = { ok: true, summary: summary as RunResult['summary'], dynamoFaults: proc.injected, calls: proc.calls };
    } catch (err) {
      result = { ok: false, error: err as Error, dynamoFaults: proc.injected, calls: proc.calls };
    } finally {
      proc.client.destroy();
    }
    this.runs.push(result);
    await this.checkCursor();
    return result;
  }

  /** The next scheduled run comes five minutes later: a dead run's lease has expired by then. */
  async nextRun(faults: DynamoFault[] = []): Promise<RunResult> {
    this.clock.advance(5 * 60_000);
    return this.run(faults);
  }

  /** Healthy runs until the source has nothing more: what the faults delayed is done now. */
  async drain(): Promise<void> {
    for (let i = 0; i < 4; i++) {
      const r = await this.nextRun();
      if (r.ok && !r.summary?.more && !r.summary?.busy) return;
    }
  }

  private async checkCursor(): Promise<void> {
    const since = (await this.stores.cursors.get(SOURCE))?.['search.since'];
    if (!since) return;
    const passed = this.served().filter((t) => t.id.length < since.length || (t.id.length === since.length && t.id <= since));
    const stored = await this.stores.mentions.getMany(passed.map((t) => `${SOURCE}#${t.id}`));
    for (const t of passed) if (!stored.has(`${SOURCE}#${t.id}`)) this.passedUnstored.add(t.id);
  }

  async storedMentions(): Promise<Mention[]> {
    return (await scan(this, 'mentions')) as unknown as Mention[];
  }

  async incidents(): Promise<Incident[]> {
    return (await scan(this, 'incidents')) as unknown as Incident[];
  }

  async stop(): Promise<void> {
    await this.flows.stop();
  }
}

async function scan(world: World, table: TableKey): Promise<Record<string, unknown>[]> {
  const doc = toDocumentClient(world.shared.dynamo.client);
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: world.tableNames[table], ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
