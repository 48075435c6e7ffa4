/**
 * CounterStore on DynamoDB: one UpdateItem with ADD per delta, so concurrent writers never lose counts,
 * and with a per-source batch number in the bucket, so no batch is added twice.
 * Per-source and per-theme counts are flat attributes (`src_<id>`, `thm_<theme>`) rather than maps:
 * DynamoDB (and dynalite) reject ADD on a path inside a map that does not exist yet, and a map cannot
 * be created and added to in the same expression. They are folded back into maps on read.
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CounterBatch, CounterBucket, CounterDelta, CounterStore } from '../core/ports.ts';
import { isConditionalCheckFailed, queryAll, toDocumentClient, type DynamoClientLike } from './dynamo-document.ts';

const SOURCE_PREFIX = 'src_';
const THEME_PREFIX = 'thm_';
/** `bat_<source>`: the source's last batch added to the bucket (never read back as a count). */
const BATCH_PREFIX = 'bat_';
const TOTALS = ['total', 'negative', 'complaint', 'reach', 'negativeReach'] as const;
const OPTIONAL_TOTALS = ['replied', 'replyMinutes'] as const;

export interface DynamoCounterStoreProps {
  tableName: string;
  client: DynamoClientLike;
  /** Query page size; DynamoDB's 1 MB page when absent. */
  pageSize?: number;
}

export class DynamoCounterStore implements CounterStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #pageSize: number | undefined;

  constructor(props: DynamoCounterStoreProps) {
    this.#doc = toDocumentClient(props.client);
    this.#table = props.tableName;
    this.#pageSize = props.pageSize;
  }

  async add(brand: string, bucketStart: string, delta: CounterDelta, once?: CounterBatch): Promise<boolean> {
    const additions: [attribute: string, value: number][] = [
      ...TOTALS.map((k) => [k, delta[k]] as [string, number]),
      ...OPTIONAL_TOTALS.filter((k) => delta[k] !== undefined).map((k) => [k, delta[k] as number] as [string, number]),
      ...Object.entries(delta.bySource).map(([id, n]) => [SOURCE_PREFIX + id, n] as [string, number]),
      ...Object.entries(delta.byTheme).map(([theme, n]) => [THEME_PREFIX + theme, n] as [string, number]),
    ];
    // Placeholders for every name: source ids and themes may hold any character or a reserved word.
    const names: Record<string, string> = {};
    const values: Record<string, number> = {};
    const terms = additions.map(([attribute, value], i) => {
      names[`#a${i}`] = attribute;
      values[`:a${i}`] = value;
      return `#a${i} :a${i}`;
    });
    let set = '';
    let condition: string | undefined;
    if (once) {
      // The writer's last batch in this bucket: the same batch again (an SDK retry after a lost
      // response, a run finishing a dead run's batch) fails the condition and adds nothing.
      names['#w'] = BATCH_PREFIX + once.writer;
      values[':w'] = once.batch;
      set = 'SET #w = :w ';
      condition = 'attribute_not_exists(#w) OR #w < :w';
    }
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { brand, bucketStart },
          UpdateExpression: `${set}ADD ${terms.join(', ')}`,
          ...(condition && { ConditionExpression: condition }),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (err) {
      if (once && isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async range(brand: string, from: string, to: string): Promise<CounterBucket[]> {
    if (from >= to) return [];
    const buckets: CounterBucket[] = [];
    // BETWEEN is inclusive at both ends; the port's range is half-open, so `to` itself is dropped below.
    const items = queryAll(
      this.#doc,
      {
        TableName: this.#table,
        KeyConditionExpression: 'brand = :b AND bucketStart BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':b': brand, ':from': from, ':to': to },
        ScanIndexForward: true,
        ConsistentRead: true,
      },
      { pageSize: this.#pageSize },
    );
    for await (const item of items) {
      if (item.bucketStart !== to) buckets.push(toBucket(item));
    }
    return buckets;
  }
}

const toBucket = (item: Record<string, unknown>): CounterBucket => {
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const bucket: CounterBucket = {
    brand: String(item.brand),
    bucketStart: String(item.bucketStart),
    total: num(item.total),
    negative: num(item.negative),
    complaint: num(item.complaint),
    reach: num(item.reach),
    negativeReach: num(item.negativeReach),
    bySource: {},
    byTheme: {},
  };
  for (const k of OPTIONAL_TOTALS) if (typeof item[k] === 'number') bucket[k] = item[k];
  for (const [attribute, value] of Object.entries(item)) {
    if (attribute.startsWith(SOURCE_PREFIX)) bucket.bySource[attribute.slice(SOURCE_PREFIX.length)] = num(value);
    else if (attribute.startsWith(THEME_PREFIX)) bucket.byTheme[attribute.slice(THEME_PREFIX.length)] = num(value);
  }
  return bucket;
};
