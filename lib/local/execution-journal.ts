/**
 * The local record of flow executions, kept in the embedded database beside the tables: what
 * Step Functions keeps for a deployed stack. With it, a second start of an execution name is a
 * no-op across processes too (a `fetch` that paged, then a `watch`), and a stopped process's
 * flows are resumed where they stood: at the state they had entered, with that state's input.
 *
 * The checkpoint of a state is written before the state's task runs (the runner waits for it),
 * so a resumed flow repeats at most the step it was in. A repeated page names the same page
 * (FlowState.page) and notify-level emails nobody twice.
 */
import { GetCommand, PutCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, toDocumentClient, type DynamoClientLike, withoutUndefined } from '../../lambdas/adapters/dynamo-document.ts';
import type { TableSpec } from '../../lambdas/contracts/tables.ts';

/** Local-only: the deployed stack has Step Functions' own history. */
export const LOCAL_TABLES = {
  executions: {
    name: 'LocalExecutions',
    envVar: 'LOCAL_EXECUTIONS_TABLE',
    partitionKey: { name: 'name', type: 'S' },
    indexes: [],
  },
} satisfies Record<string, TableSpec>;

export type JournalStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

export interface ExecutionRecord {
  name: string;
  /** Which state machine (its logical id): one journal serves every flow. */
  machine: string;
  status: JournalStatus;
  input: unknown;
  startedAt: string;
  /** The state last entered, its input and when (the clock's time): where a resumed run starts. */
  state?: string;
  stateInput?: unknown;
  enteredAt?: string;
  endedAt?: string;
  error?: string;
  cause?: string;
}

export interface ExecutionJournal {
  /** Records a new execution; false when the name was used before (running or finished). */
  create(record: ExecutionRecord): Promise<boolean>;
  get(name: string): Promise<ExecutionRecord | undefined>;
  checkpoint(name: string, state: string, input: unknown, at: string): Promise<void>;
  finish(name: string, status: Exclude<JournalStatus, 'RUNNING'>, at: string, details?: { error?: string; cause?: string }): Promise<void>;
  /** The executions still running (of one state machine). */
  running(machine: string): Promise<ExecutionRecord[]>;
}

export class DynamoExecutionJournal implements ExecutionJournal {
  readonly #doc: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(props: { client: DynamoClientLike; tableName: string }) {
    this.#doc = toDocumentClient(props.client);
    this.#table = props.tableName;
  }

  async create(record: ExecutionRecord): Promise<boolean> {
    try {
      await this.#doc.send(
        new PutCommand({ TableName: this.#table, Item: withoutUndefined(record), ConditionExpression: 'attribute_not_exists(#n)', ExpressionAttributeNames: { '#n': 'name' } }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async get(name: string): Promise<ExecutionRecord | undefined> {
    const { Item } = await this.#doc.send(new GetCommand({ TableName: this.#table, Key: { name }, ConsistentRead: true }));
    return Item as ExecutionRecord | undefined;
  }

  async checkpoint(name: string, state: string, input: unknown, at: string): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { name },
        UpdateExpression: 'SET #s = :state, stateInput = :input, enteredAt = :at',
        // A finished execution is never moved back to running by a late event.
        ConditionExpression: '#status = :running',
        ExpressionAttributeNames: { '#s': 'state', '#status': 'status' },
        ExpressionAttributeValues: { ':state': state, ':input': withoutUndefined(input ?? null), ':at': at, ':running': 'RUNNING' },
      }),
    ).catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
    });
  }

  async finish(name: string, status: Exclude<JournalStatus, 'RUNNING'>, at: string, details: { error?: string; cause?: string } = {}): Promise<void> {
    await this.#doc.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { name },
        UpdateExpression: `SET #status = :status, endedAt = :at${details.error ? ', #error = :error' : ''}${details.cause ? ', #cause = :cause' : ''}`,
        ExpressionAttributeNames: { '#status': 'status', ...(details.error && { '#error': 'error' }), ...(details.cause && { '#cause': 'cause' }) },
        ExpressionAttributeValues: {
          ':status': status,
          ':at': at,
          ...(details.error && { ':error': details.error }),
          ...(details.cause && { ':cause': details.cause.slice(0, 2000) }),
        },
      }),
    );
  }

  async running(machine: string): Promise<ExecutionRecord[]> {
    // A local table of a few executions, read once at start: a Scan is the right tool here.
    const out: ExecutionRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#doc.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: '#status = :running AND machine = :machine',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'RUNNING', ':machine': machine },
          ...(start && { ExclusiveStartKey: start }),
        }),
      );
      out.push(...((page.Items ?? []) as ExecutionRecord[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }
}
