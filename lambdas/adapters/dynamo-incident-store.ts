/**
 * IncidentStore on DynamoDB. Every save is a whole-item put guarded by the version (optimistic lock).
 * `openFingerprint` is a sparse attribute present only while the Incident is not resolved, so the
 * byFingerprint GSI holds open Incidents only and findOpen is a Query, never a Scan.
 */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentUpdateError, type Incident } from '../core/incident.ts';
import type { IncidentStore } from '../core/ports.ts';
import { TABLES } from '../contracts/tables.ts';
import {
  isConditionalCheckFailed,
  queryAll,
  toDocumentClient,
  withoutUndefined,
  type DynamoClientLike,
} from './dynamo-document.ts';

const [BY_BRAND_OPENED_AT, BY_FINGERPRINT] = TABLES.incidents.indexes.map((i) => i.indexName);
const OPEN_FINGERPRINT = 'openFingerprint';

export interface DynamoIncidentStoreProps {
  tableName: string;
  client: DynamoClientLike;
  /** Query page size; DynamoDB's 1 MB page when absent. */
  pageSize?: number;
}

export class DynamoIncidentStore implements IncidentStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #pageSize: number | undefined;

  constructor(props: DynamoIncidentStoreProps) {
    this.#doc = toDocumentClient(props.client);
    this.#table = props.tableName;
    this.#pageSize = props.pageSize;
  }

  async get(id: string): Promise<Incident | undefined> {
    const { Item } = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: { id }, ConsistentRead: true }));
    return Item ? toIncident(Item) : undefined;
  }

  async create(incident: Incident): Promise<boolean> {
    try {
      await this.#doc.send(
        new PutCommand({ TableName: this.#table, Item: toItem(incident), ConditionExpression: 'attribute_not_exists(id)' }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async save(incident: Incident): Promise<void> {
    try {
      await this.#doc.send(
        new PutCommand({
          TableName: this.#table,
          // The put replaces the item, so a resolved Incident loses openFingerprint and leaves the GSI.
          Item: toItem(incident),
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':expected': incident.version - 1 },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) throw new ConcurrentUpdateError(incident.id);
      throw err;
    }
  }

  async findOpen(brand: string, fingerprint: string): Promise<Incident | undefined> {
    const items = queryAll(
      this.#doc,
      {
        TableName: this.#table,
        IndexName: BY_FINGERPRINT,
        KeyConditionExpression: '#f = :f',
        ExpressionAttributeNames: { '#f': OPEN_FINGERPRINT },
        ExpressionAttributeValues: { ':f': fingerprint },
      },
      { pageSize: this.#pageSize },
    );
    for await (const item of items) {
      if (item.brand !== brand) continue;
      // A GSI read is eventually consistent: re-read the item so the caller saves on the latest version.
      const current = await this.get(String(item.id));
      if (current && current.status !== 'resolved') return current;
    }
    return undefined;
  }

  async listOpenedBetween(brand: string, from: string, to: string): Promise<Incident[]> {
    if (from >= to) return [];
    const incidents: Incident[] = [];
    // BETWEEN is inclusive; the port's range is half-open, so an Incident opened exactly at `to` is dropped.
    const items = queryAll(
      this.#doc,
      {
        TableName: this.#table,
        IndexName: BY_BRAND_OPENED_AT,
        KeyConditionExpression: 'brand = :b AND openedAt BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':b': brand, ':from': from, ':to': to },
        ScanIndexForward: true,
      },
      { pageSize: this.#pageSize },
    );
    for await (const item of items) {
      if (item.openedAt !== to) incidents.push(toIncident(item));
    }
    return incidents;
  }
}

const toItem = (incident: Incident): Record<string, unknown> => ({
  ...withoutUndefined(incident),
  ...(incident.status !== 'resolved' && { [OPEN_FINGERPRINT]: incident.fingerprint }),
});

const toIncident = (item: Record<string, unknown>): Incident => {
  const { [OPEN_FINGERPRINT]: _open, ...incident } = item;
  return incident as unknown as Incident;
};
