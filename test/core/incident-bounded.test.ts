/**
 * The Incident item stays bounded whatever happens: a spike of 10,000 posts in one run, then a
 * week of an unacknowledged crisis (attachments every run, reminders every hour to everyone,
 * snoozes, raises) and reopenings, all through the real use cases on the embedded DynamoDB. The
 * stored item is read back raw and measured.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDocumentClient } from '../../lambdas/adapters/dynamo-document.ts';
import { createDynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { createIncidentActions } from '../../lambdas/core/incident-actions.ts';
import { markReopened, MAX_TIMELINE, MAX_TRIGGER_IDS, recordEvent, type Incident } from '../../lambdas/core/incident.ts';
import { updateIncident } from '../../lambdas/core/incident-update.ts';
import { ingest, type IngestDeps } from '../../lambdas/core/ingest.ts';
import type { FetchedMention } from '../../lambdas/core/mention.ts';
import type { FetchResult, Source } from '../../lambdas/core/ports.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { ManualClock } from '../../lib/local/sim-clock.ts';

const config = parseConfig({
  sender: 'desk@acme.example',
  timeZone: 'UTC',
  analyzer: 'lexicon',
  brands: [{ id: 'acme', name: 'Acme Air', handles: ['@acmeair'], keywords: ['acme air', '#acmeair'] }],
  sources: [{ id: 'acme-x', kind: 'import', brand: 'acme', path: 'unused.jsonl' }],
  owners: [
    { id: 'cm', name: 'Community', email: 'cm@acme.example' },
    { id: 'lead', name: 'Lead', email: 'lead@acme.example' },
    { id: 'head', name: 'Head', email: 'head@acme.example' },
  ],
  escalationPolicies: [{ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['cm'], timeoutMinutes: 15 }, { owners: ['lead', 'head'], timeoutMinutes: 15 }] }],
  report: { recipients: ['boss@acme.example'] },
});

const MINUTE = 60_000;
let n = 0;
const post = (at: number, text = '@acmeair flight cancelled again and on hold for an hour, still no refund #acmeair'): FetchedMention => {
  n++;
  return {
    sourceId: 'acme-x',
    sourceKind: 'import',
    nativeId: String(n),
    url: `https://x.example/${n}`,
    author: { handle: `@traveller${n}`, displayName: `Traveller ${n}`, reach: 100 + (n % 5000), isBrand: false },
    text: `${text} (${n})`,
    createdAt: new Date(at).toISOString(),
    engagement: { likes: 0, replies: 0, reposts: 0 },
  };
};

class BatchSource implements Source {
  readonly id = 'acme-x';
  batch: FetchedMention[] = [];
  async fetch(): Promise<FetchResult> {
    return { mentions: this.batch, cursor: { at: this.batch.at(-1)?.createdAt ?? '' } };
  }
}

describe('The Incident item', () => {
  let dynamo: EmbeddedDynamo;
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
  });
  afterAll(() => dynamo?.stop());

  it('stays far below DynamoDB\'s 400 KB through a 10,000-post spike, a week of paging and reopenings', async () => {
    const stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    const start = Date.parse('2026-11-18T12:00:00Z');
    const clock = new ManualClock(new Date(start));
    const started: string[] = [];
    const deps: IngestDeps = {
      config, clock, ...stores, analyzer: new LexiconAnalyzer(),
      flows: { start: async (name) => (started.push(name), 'started') },
      callbacks: { succeed: async () => {}, fail: async () => {} },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      metrics: { count() {} },
    };
    const source = new BatchSource();
    const sourceConfig = config.sources[0]!;

    // 1. 10,000 complaints in one run.
    source.batch = Array.from({ length: 10_000 }, (_, i) => post(start - 50 * MINUTE + (i % 3000) * 1000));
    const first = await ingest(deps, source, sourceConfig);
    expect(first.opened).toHaveLength(1);
    const id = first.opened[0]!.id;
    const opened = (await stores.incidents.get(id))!;
    expect(opened.triggerMentionIds.length).toBeLessThanOrEqual(MAX_TRIGGER_IDS);
    expect(opened.negativeCount).toBeGreaterThan(9_000);
    // Every Mention is still findable: through the byIncident index, not the item.
    expect((await stores.mentions.listByIncident(id, 50)).length).toBe(50);

    // 2. A week without an acknowledgement: a batch every hour, reminders to everyone every hour, a snooze a day.
    const actions = createIncidentActions({ ...deps, mailer: { send: async () => {} }, config });
    for (let h = 1; h <= 7 * 24; h++) {
      const now = start + h * 60 * MINUTE;
      clock.set(new Date(now));
      source.batch = Array.from({ length: 5 }, (_, k) => post(now - (k + 1) * 5 * MINUTE));
      await ingest(deps, source, sourceConfig);
      await updateIncident(stores.incidents, id, (i) => {
        for (const to of ['cm@acme.example', 'lead@acme.example', 'head@acme.example'])
          recordEvent(i, { at: new Date(now).toISOString(), type: 'reminded', actor: to, level: 2, severity: i.severity, detail: 'everyone (again)' });
      });
      if (h % 24 === 0) await actions.snooze(id, 'cm@acme.example', new Date(now + 30 * MINUTE));
    }

    // 3. Resolved too early, and reopened, ten times over.
    for (let r = 0; r < 10; r++) {
      const at = start + (7 * 24 + r * 2) * 60 * MINUTE;
      clock.set(new Date(at));
      await actions.resolve(id, 'lead@acme.example', { alert: { verdict: 'real' }, rootCause: `a first guess, number ${r}, that turned out wrong`, actionItems: [{ text: `check ${r}`, owner: 'lead' }] });
      await updateIncident(stores.incidents, id, (i) => markReopened(i, new Date(at + 30 * MINUTE).toISOString(), { severity: 'SEV1', reason: 'flared up again 30 min after it was resolved; 60 negative mentions in 1 h', figures: { negative: 60, windowMinutes: 60, reach: 9_000 } }));
      await updateIncident(stores.incidents, id, (i) => {
        for (let k = 0; k < 6; k++) recordEvent(i, { at: new Date(at + (31 + k) * MINUTE).toISOString(), type: k % 2 ? 'escalated' : 'notified', actor: 'cm@acme.example', level: 1 + (k % 2), severity: 'SEV1' });
      });
    }

    const { Item } = await toDocumentClient(dynamo.client).send(new GetCommand({ TableName: dynamo.tableNames.incidents, Key: { id } }));
    const bytes = Buffer.byteLength(JSON.stringify(Item));
    const incident = Item as Incident;
    // Measured, not guessed: a bounded item, a few tens of KB at most.
    expect(bytes).toBeLessThan(60_000);
    expect(incident.timeline.length).toBeLessThanOrEqual(MAX_TIMELINE);
    expect(incident.reopenCount).toBe(10);
    // The story is kept: opened, every reopening, the resolutions; hourly reminders are counts.
    const types = incident.timeline.map((e) => e.type);
    expect(types.filter((t) => t === 'reopened')).toHaveLength(10);
    expect(types.filter((t) => t === 'resolved')).toHaveLength(10);
    expect(types[1]).toBe('opened');
    const reminders = incident.timeline.filter((e) => e.type === 'reminded');
    expect(reminders.reduce((s, e) => s + (e.count ?? 1), 0) + (incident.foldedEvents ?? 0)).toBeGreaterThanOrEqual(3 * 7 * 24);
    expect(incident.mentionCount).toBeGreaterThan(10_000);
    // Each reopening started a flow of its own.
    expect(started).toContain(id);
  }, 300_000);
});
