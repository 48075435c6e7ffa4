/** MentionStore on DynamoDB: batched reads for dedup and batched writes, TTL attribute, GSI byIncident. */
import { setTimeout as delay } from 'node:timers/promises';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  UpdateCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Mention } from '../core/mention.ts';
import type { MentionStore } from '../core/ports.ts';
import { TABLES } from '../contracts/tables.ts';
import {
  isConditionalCheckFailed,
  queryAll,
  toDocumentClient,
  withoutUndefined,
  type DynamoClientLike,
} from './dynamo-document.ts';

const DAY_SECONDS = 86_400;
const BY_INCIDENT = TABLES.mentions.indexes[0].indexName;
const TTL_ATTRIBUTE = TABLES.mentions.ttlAttribute;
/** DynamoDB's limits per BatchGetItem and per BatchWriteItem. */
const GET_BATCH = 100;
const WRITE_BATCH = 25;

/** DynamoDB kept leaving part of a batch unprocessed (throttling) past the retries. */
export class UnprocessedItemsError extends Error {
  constructor(readonly call: string, readonly left: number) {
    super(`${call}: ${left} item(s) still unprocessed after the retries (throttled)`);
    this.name = 'UnprocessedItemsError';
  }
}

export class MentionNotFoundError extends Error {
  constructor(readonly mentionId: string) {
    super(`Mention ${mentionId} not found`);
    this.name = 'MentionNotFoundError';
  }
}

export interface DynamoMentionStoreProps {
  tableName: string;
  client: DynamoClientLike;
  /** Days a Mention is kept before DynamoDB TTL deletes it. @default 90 */
  retentionDays?: number;
  /** Query page size; DynamoDB's 1 MB page when absent. */
  pageSize?: number;
  /** Rounds of unprocessed keys or items before giving up. @default 8 */
  maxAttempts?: number;
  /** Waits between those rounds; a test passes a fake. */
  sleep?: (ms: number) => Promise<void>;
}

export class DynamoMentionStore implements MentionStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionSeconds: number;
  readonly #pageSize: number | undefined;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(props: DynamoMentionStoreProps) {
    this.#doc = toDocumentClient(props.client);
    this.#table = props.tableName;
    this.#retentionSeconds = (props.retentionDays ?? 90) * DAY_SECONDS;
    this.#pageSize = props.pageSize;
    this.#maxAttempts = props.maxAttempts ?? 8;
    this.#sleep = props.sleep ?? ((ms) => delay(ms).then(() => undefined));
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Mention>> {
    const found = new Map<string, Mention>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += GET_BATCH) {
      let keys: Record<string, unknown>[] = unique.slice(i, i + GET_BATCH).map((id) => ({ id }));
      for (let attempt = 0; keys.length; attempt++) {
        if (attempt > 0) await this.#backoff(attempt, 'BatchGetItem', keys.length);
        const out = await this.#doc.send(new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys, ConsistentRead: true } } }));
        for (const item of out.Responses?.[this.#table] ?? []) found.set(String(item.id), toMention(item));
        keys = out.UnprocessedKeys?.[this.#table]?.Keys ?? [];
      }
    }
    return found;
  }

  async putMany(mentions: readonly Mention[]): Promise<void> {
    // One write per id: BatchWriteItem refuses a request that names a key twice.
    const items = [...new Map(mentions.map((m) => [m.id, m])).values()].map((m) => ({
      PutRequest: { Item: { ...withoutUndefined(m), [TTL_ATTRIBUTE]: this.#expiresAt(m) } },
    }));
    for (let i = 0; i < items.length; i += WRITE_BATCH) {
      let requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = items.slice(i, i + WRITE_BATCH);
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt > 0) await this.#backoff(attempt, 'BatchWriteItem', requests.length);
        const out = await this.#doc.send(new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }));
        requests = out.UnprocessedItems?.[this.#table] ?? [];
      }
    }
  }

  async get(id: string): Promise<Mention | undefined> {
    const { Item } = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: { id }, ConsistentRead: true }));
    return Item ? toMention(Item) : undefined;
  }

  async attachToIncident(id: string, incidentId: string): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id },
          UpdateExpression: 'SET incidentId = :v',
          // Never create a stub item from an update.
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeValues: { ':v': incidentId },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) throw new MentionNotFoundError(id);
      throw err;
    }
  }

  async listByIncident(incidentId: string, limit: number, options: { oldestFirst?: boolean } = {}): Promise<Mention[]> {
    const mentions: Mention[] = [];
    const items = queryAll(
      this.#doc,
      {
        TableName: this.#table,
        IndexName: BY_INCIDENT,
        KeyConditionExpression: 'incidentId = :i',
        ExpressionAttributeValues: { ':i': incidentId },
        ScanIndexForward: options.oldestFirst === true,
      },
      { limit, pageSize: this.#pageSize },
    );
    for await (const item of items) mentions.push(toMention(item));
    return mentions;
  }

  /** Expiry counts from the later of creation and fetch, so a late-fetched old post still lives its term. */
  #expiresAt(mention: Mention): number {
    const from = Math.max(Date.parse(mention.createdAt) || 0, Date.parse(mention.fetchedAt) || 0);
    return Math.floor(from / 1000) + this.#retentionSeconds;
  }

  /** Unprocessed keys or items (throttling) go round again after an exponential backoff, a bounded number of times. */
  async #backoff(attempt: number, call: string, left: number): Promise<void> {
    if (attempt > this.#maxAttempts) throw new UnprocessedItemsError(call, left);
    await this.#sleep(Math.min(2_000, 25 * 2 ** attempt));
  }
}

const toMention = (item: Record<string, unknown>): Mention => {
  const { [TTL_ATTRIBUTE]: _expiresAt, ...mention } = item;
  return mention as unknown as Mention;
};
