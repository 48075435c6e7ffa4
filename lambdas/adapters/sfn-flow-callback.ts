/** FlowCallback on Step Functions: answers a `.waitForTaskToken` task. */
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { FlowCallback } from '../core/ports.ts';

/** Step Functions limits: error 256 characters, cause 32,768. */
const MAX_ERROR = 256;
const MAX_CAUSE = 32_768;
const GONE = new Set(['TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist']);

/**
 * The task no longer waits: it timed out, its execution ended, or the token is not one.
 * The token is not in the message: it is a credential for the task.
 */
export class FlowTaskGoneError extends Error {
  constructor(readonly reason: string, options?: { cause?: unknown }) {
    super(`the flow task is no longer waiting (${reason})`, options);
    this.name = 'FlowTaskGoneError';
  }
}

export interface SfnFlowCallbackProps {
  client: SFNClient;
}

export class SfnFlowCallback implements FlowCallback {
  readonly #client: SFNClient;

  constructor(props: SfnFlowCallbackProps) {
    this.#client = props.client;
  }

  async succeed(taskToken: string, output: Record<string, unknown>): Promise<void> {
    await this.#send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    await this.#send(
      new SendTaskFailureCommand({ taskToken, error: error.slice(0, MAX_ERROR), cause: cause.slice(0, MAX_CAUSE) }),
    );
  }

  async #send(command: SendTaskSuccessCommand | SendTaskFailureCommand): Promise<void> {
    try {
      // The union of two commands does not narrow to one send() overload.
      await this.#client.send(command as SendTaskSuccessCommand);
    } catch (err) {
      if (err instanceof Error && GONE.has(err.name)) throw new FlowTaskGoneError(err.name, { cause: err });
      throw err;
    }
  }
}
