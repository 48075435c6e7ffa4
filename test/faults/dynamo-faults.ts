/**
 * A DynamoDB client on the embedded server with faults injected at the SDK's edge: a middleware in
 * the deserialize step runs inside the SDK's own retry loop, so a throttle is retried by the SDK
 * as in AWS, a lost response makes the SDK send the same request again, and a crash kills the
 * "process": that call and every later one fail, as if the Lambda had died there.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type DynamoFault =
  /** The first `times` calls of `op` (e.g. UpdateItem) are throttled (ProvisionedThroughputExceeded). */
  | { kind: 'throttle'; op: string; times: number }
  /** The first `times` calls of `op` reach the table, and their responses are lost. */
  | { kind: 'lost-response'; op: string; times: number }
  /** The process dies at its `at`-th call (1-based). */
  | { kind: 'crash'; at: number };

export class ProcessKilled extends Error {
  constructor() {
    super('the process was killed (fault injection)');
    this.name = 'ProcessKilled';
  }
}

export interface FaultyDynamo {
  client: DynamoDBClient;
  /** Operations in call order (retries included). */
  calls: string[];
  injected: number;
  dead: boolean;
}

export function faultyDynamo(endpoint: string, faults: readonly DynamoFault[] = []): FaultyDynamo {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 4,
  });
  const state: FaultyDynamo = { client, calls: [], injected: 0, dead: false };
  const seen = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String(context.commandName ?? '').replace(/Command$/, '');
      state.calls.push(op);
      if (state.dead) throw new ProcessKilled();
      const n = (seen.get(op) ?? 0) + 1;
      seen.set(op, n);
      for (const f of faults) {
        if (f.kind === 'crash' && state.calls.length === f.at) {
          state.dead = true;
          state.injected++;
          throw new ProcessKilled();
        }
        if (f.kind === 'throttle' && f.op === op && n <= f.times) {
          state.injected++;
          throw Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded'), {
            name: 'ProvisionedThroughputExceededException',
            $fault: 'client',
            $metadata: { httpStatusCode: 400 },
          });
        }
        if (f.kind === 'lost-response' && f.op === op && n <= f.times) {
          await next(args);
          state.injected++;
          throw Object.assign(new Error('socket hang up: the response was lost'), { name: 'TimeoutError', $metadata: {} });
        }
      }
      return next(args);
    },
    { step: 'deserialize', name: 'faultInjection', priority: 'low' },
  );
  return state;
}
