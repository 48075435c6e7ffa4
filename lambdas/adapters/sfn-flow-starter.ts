/** FlowStarter on Step Functions: the execution name is the Incident id (`<id>-r<n>` once reopened), so a repeat start is a no-op. */
import { createHash } from 'node:crypto';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { FlowStarter, FlowStartResult } from '../core/ports.ts';

const MAX_NAME = 80;
const VALID = /^[A-Za-z0-9_-]+$/;

/**
 * An execution name for an id: the id itself when it fits the 80-character [A-Za-z0-9-_] rule,
 * else the id with the other characters replaced and a hash of the original appended, so it stays
 * deterministic (a retry maps to the same name) and two ids never share a name.
 */
export function executionName(id: string): string {
  if (id.length <= MAX_NAME && VALID.test(id)) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 16);
  const readable = id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, MAX_NAME - hash.length - 1);
  return `${readable}-${hash}`;
}

export interface SfnFlowStarterProps {
  client: SFNClient;
  stateMachineArn: string;
}

export class SfnFlowStarter implements FlowStarter {
  readonly #client: SFNClient;
  readonly #arn: string;

  constructor(props: SfnFlowStarterProps) {
    this.#client = props.client;
    this.#arn = props.stateMachineArn;
  }

  /**
   * Note: a Standard workflow answers a repeat of the same name *and the same input* while it runs
   * with success (StartExecution is idempotent then); that is reported as 'started' and is harmless.
   */
  async start(name: string, input: Record<string, unknown>): Promise<FlowStartResult> {
    try {
      await this.#client.send(
        new StartExecutionCommand({ stateMachineArn: this.#arn, name: executionName(name), input: JSON.stringify(input) }),
      );
      return 'started';
    } catch (err) {
      if (err instanceof Error && err.name === 'ExecutionAlreadyExists') return 'already-started';
      throw err;
    }
  }
}
