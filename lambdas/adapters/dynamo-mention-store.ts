/** MentionStore on DynamoDB: conditional put for dedup, TTL attribute, GSI byIncident. */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Analysis, Mention } from '../core/mention.ts';
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
}

export class DynamoMentionStore implements MentionStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #retentionSeconds: number;
  readonly #pageSize: number | undefined;

  constructor(props: DynamoMentionStoreProps) {
    this.#doc = toDocumentClient(props.client);
    this.#table = props.tableName;
    this.#retentionSeconds = (props.retentionDays ?? 90) * DAY_SECONDS;
    this.#pageSize = props.pageSize;
  }

  async putIfNew(mention: Mention): Promise<boolean> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...withoutUndefined(mention), [TTL_ATTRIBUTE]: this.#expiresAt(mention) },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async get(id: string): Promise<Mention | undefined> {
    const { Item } = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: { id }, ConsistentRead: true }));
    return Item ? toMention(Item) : undefined;
  }

  async setAnalysis(id: string, analysis: Analysis): Promise<void> {
    await this.#update(id, 'SET analysis = :v', withoutUndefined(analysis));
  }

  async attachToIncident(id: string, incidentId: string): Promise<void> {
    await this.#update(id, 'SET incidentId = :v', incidentId);
  }

  async markReplied(id: string, at: string): Promise<Mention | undefined> {
    try {
      const { Attributes } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id },
          UpdateExpression: 'SET repliedAt = :at',
          // Only the first reply counts, and a reply to a post we never stored counts nothing.
          ConditionExpression: 'attribute_exists(id) AND attribute_not_exists(repliedAt)',
          ExpressionAttributeValues: { ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toMention(Attributes) : undefined;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return undefined;
      throw err;
    }
  }

  async markCounted(id: string, at: string): Promise<boolean> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id },
          UpdateExpression: 'SET countedAt = :at',
          ConditionExpression: 'attribute_exists(id) AND attribute_not_exists(countedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async listByIncident(incidentId: string, limit: number): Promise<Mention[]> {
    const mentions: Mention[] = [];
    const items = queryAll(
      this.#doc,
      {
        TableName: this.#table,
        IndexName: BY_INCIDENT,
        KeyConditionExpression: 'incidentId = :i',
        ExpressionAttributeValues: { ':i': incidentId },
        ScanIndexForward: false,
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

  async #update(id: string, expression: string, value: unknown): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { id },
          UpdateExpression: expression,
          // Never create a stub item from an update.
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeValues: { ':v': value },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) throw new MentionNotFoundError(id);
      throw err;
    }
  }
}

const toMention = (item: Record<string, unknown>): Mention => {
  const { [TTL_ATTRIBUTE]: _expiresAt, ...mention } = item;
  return mention as unknown as Mention;
};
