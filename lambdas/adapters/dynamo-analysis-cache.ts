/**
 * AnalysisCache on DynamoDB: one item per analysed text (`textHash`, the Analysis, `expiresAt`
 * for the table's TTL), read with BatchGetItem (100 keys a call) and written with
 * BatchWriteItem (25 a call), so a batch of a source run costs a handful of requests.
 * Unprocessed keys and items are retried with backoff; what is still unprocessed after that
 * is a miss (read) or dropped (write), which costs a Comprehend call, never a Mention.
 */
import { BatchGetCommand, BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Analysis } from '../core/mention.ts';
import type { Clock } from '../core/ports.ts';
import type { AnalysisCache } from './cached-analyzer.ts';
import { toDocumentClient, withoutUndefined, type DynamoClientLike } from './dynamo-document.ts';

const GET_BATCH = 100;
const WRITE_BATCH = 25;

export interface DynamoAnalysisCacheProps {
  tableName: string;
  client: DynamoClientLike;
  clock: Clock;
  /** How long an analysis is remembered. @default 7 */
  ttlDays?: number;
  /** Attempts for unprocessed keys and items, the first included. @default 3 */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

type Item = { textHash: string; analysis: Analysis; expiresAt: number };

export class DynamoAnalysisCache implements AnalysisCache {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #ttlSeconds: number;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(props: DynamoAnalysisCacheProps) {
    this.#doc = toDocumentClient(props.client);
    this.#table = props.tableName;
    this.#clock = props.clock;
    this.#ttlSeconds = Math.round((props.ttlDays ?? 7) * 86_400);
    this.#maxAttempts = props.maxAttempts ?? 3;
    this.#sleep = props.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async getMany(keys: readonly string[]): Promise<Map<string, Analysis>> {
    const found = new Map<string, Analysis>();
    // TTL deletes lazily (up to days late): an expired item that is still there is a miss.
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    for (let i = 0; i < keys.length; i += GET_BATCH) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + GET_BATCH).map((textHash) => ({ textHash }));
      for (let attempt = 0; pending.length && attempt < this.#maxAttempts; attempt++) {
        if (attempt) await this.#sleep(50 * 2 ** attempt);
        const out = await this.#doc.send(new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: pending } } }));
        for (const item of (out.Responses?.[this.#table] ?? []) as Item[]) {
          if (item.expiresAt > now) found.set(item.textHash, item.analysis);
        }
        pending = out.UnprocessedKeys?.[this.#table]?.Keys ?? [];
      }
    }
    return found;
  }

  async putMany(entries: ReadonlyMap<string, Analysis>): Promise<void> {
    const expiresAt = Math.floor(this.#clock.now().getTime() / 1000) + this.#ttlSeconds;
    const items = [...entries].map(([textHash, analysis]): Item => withoutUndefined({ textHash, analysis, expiresAt }));
    for (let i = 0; i < items.length; i += WRITE_BATCH) {
      let pending: { PutRequest?: { Item: Record<string, unknown> } }[] = items.slice(i, i + WRITE_BATCH).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length && attempt < this.#maxAttempts; attempt++) {
        if (attempt) await this.#sleep(50 * 2 ** attempt);
        const out = await this.#doc.send(new BatchWriteCommand({ RequestItems: { [this.#table]: pending } }));
        pending = (out.UnprocessedItems?.[this.#table] ?? []) as typeof pending;
      }
    }
  }
}
