/** CursorStore on DynamoDB: one item per source, the cursor as a string map. */
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Cursor, CursorStore } from '../core/ports.ts';
import { toDocumentClient, type DynamoClientLike } from './dynamo-document.ts';

export interface DynamoCursorStoreProps {
  tableName: string;
  client: DynamoClientLike;
}

export class DynamoCursorStore implements CursorStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(props: DynamoCursorStoreProps) {
    this.#doc = toDocumentClient(props.client);
    this.#table = props.tableName;
  }

  async get(sourceId: string): Promise<Cursor | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { sourceId }, ConsistentRead: true }),
    );
    return Item?.cursor as Cursor | undefined;
  }

  async put(sourceId: string, cursor: Cursor): Promise<void> {
    await this.#doc.send(new PutCommand({ TableName: this.#table, Item: { sourceId, cursor: { ...cursor } } }));
  }
}
