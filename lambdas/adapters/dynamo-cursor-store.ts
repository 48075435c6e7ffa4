/**
 * CursorStore on DynamoDB: one item per source holding its cursor (a string map), its lease, the
 * journal of the batch being stored, the number of the last batch it closed and the unscored list.
 * Every write of a run is conditional on the run still holding the lease.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LeaseLostError, type BatchJournal, type Cursor, type CursorStore, type SourceRunState } from '../core/ports.ts';
import { isConditionalCheckFailed, toDocumentClient, withoutUndefined, type DynamoClientLike } from './dynamo-document.ts';

export interface DynamoCursorStoreProps {
  tableName: string;
  client: DynamoClientLike;
  /**
   * Names this process on its leases. With `takeOverOtherHolders`, a lease of another holder is
   * taken at once: only right where a lock guarantees one process per database (the local runtime),
   * so a lease left by a killed command does not hold the source until it expires.
   */
  holder?: string;
  takeOverOtherHolders?: boolean;
}

const HELD = 'lease.#run = :run';

export class DynamoCursorStore implements CursorStore {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #holder: string;
  readonly #takeOver: boolean;

  constructor(props: DynamoCursorStoreProps) {
    this.#doc = toDocumentClient(props.client);
    this.#table = props.tableName;
    this.#holder = props.holder ?? 'lambda';
    this.#takeOver = props.takeOverOtherHolders ?? false;
  }

  async get(sourceId: string): Promise<Cursor | undefined> {
    const { Item } = await this.#doc.send(
      new GetCommand({ TableName: this.#table, Key: { sourceId }, ConsistentRead: true }),
    );
    return Item?.cursor as Cursor | undefined;
  }

  async put(sourceId: string, cursor: Cursor): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({ TableName: this.#table, Key: { sourceId }, UpdateExpression: 'SET #c = :c', ExpressionAttributeNames: { '#c': 'cursor' }, ExpressionAttributeValues: { ':c': { ...cursor } } }),
    );
  }

  async lease(sourceId: string, now: string, until: string): Promise<SourceRunState | undefined> {
    const run = randomUUID();
    try {
      const { Attributes: item = {} } = await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { sourceId },
          UpdateExpression: 'SET lease = :lease',
          ConditionExpression: `attribute_not_exists(lease) OR lease.#until < :now${this.#takeOver ? ' OR lease.#holder <> :holder' : ''}`,
          ExpressionAttributeNames: { '#until': 'until', ...(this.#takeOver && { '#holder': 'holder' }) },
          ExpressionAttributeValues: { ':lease': { run, until, holder: this.#holder }, ':now': now, ...(this.#takeOver && { ':holder': this.#holder }) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return {
        run,
        ...(item.cursor ? { cursor: item.cursor as Cursor } : {}),
        batch: typeof item.batch === 'number' ? item.batch : 0,
        unscored: Array.isArray(item.unscored) ? (item.unscored as string[]) : [],
        ...(item.journal ? { journal: item.journal as BatchJournal } : {}),
      };
    } catch (err) {
      if (isConditionalCheckFailed(err)) return undefined;
      throw err;
    }
  }

  async openBatch(sourceId: string, run: string, journal: BatchJournal): Promise<void> {
    await this.#held(sourceId, run, 'SET journal = :j', { ':j': withoutUndefined(journal) });
  }

  async closeBatch(sourceId: string, run: string, batch: number, unscored: readonly string[]): Promise<void> {
    await this.#held(sourceId, run, 'SET #b = :b, unscored = :u REMOVE journal', { ':b': batch, ':u': [...unscored] }, { '#b': 'batch' });
  }

  async release(sourceId: string, run: string, end?: { cursor: Cursor; batch: number; unscored: readonly string[] }): Promise<void> {
    if (end) {
      await this.#held(sourceId, run, 'SET #c = :c, #b = :b, unscored = :u REMOVE journal, lease', { ':c': { ...end.cursor }, ':b': end.batch, ':u': [...end.unscored] }, { '#c': 'cursor', '#b': 'batch' });
      return;
    }
    try {
      await this.#held(sourceId, run, 'REMOVE lease', {});
    } catch (err) {
      // Freeing a lease another run has taken already is nothing to do.
      if (!(err instanceof LeaseLostError)) throw err;
    }
  }

  async #held(sourceId: string, run: string, update: string, values: Record<string, unknown>, names: Record<string, string> = {}): Promise<void> {
    try {
      await this.#doc.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { sourceId },
          UpdateExpression: update,
          ConditionExpression: HELD,
          ExpressionAttributeNames: { '#run': 'run', ...names },
          ExpressionAttributeValues: { ':run': run, ...values },
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) throw new LeaseLostError(sourceId);
      throw err;
    }
  }
}
