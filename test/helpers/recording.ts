/** Recording fakes for the ports whose real adapters are AWS (FlowCallback, Mailer) and a Logger that keeps its lines. */
import type { Email, FlowCallback, Logger, Mailer } from '../../lambdas/core/ports.ts';

export class RecordingFlowCallback implements FlowCallback {
  readonly succeeded: { taskToken: string; output: Record<string, unknown> }[] = [];
  readonly failed: { taskToken: string; error: string; cause: string }[] = [];
  /** Thrown by the next succeed() call, then cleared. */
  nextError: Error | undefined;

  async succeed(taskToken: string, output: Record<string, unknown>): Promise<void> {
    const err = this.nextError;
    this.nextError = undefined;
    if (err) throw err;
    this.succeeded.push({ taskToken, output });
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    this.failed.push({ taskToken, error, cause });
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: Email[] = [];
  failing = false;

  async send(email: Email): Promise<void> {
    if (this.failing) throw new Error('SES is down');
    this.sent.push(email);
  }
}

export class RecordingLogger implements Logger {
  readonly lines: { level: string; message: string; attributes?: Record<string, unknown> }[] = [];
  debug(message: string, attributes?: Record<string, unknown>) { this.lines.push({ level: 'debug', message, attributes }); }
  info(message: string, attributes?: Record<string, unknown>) { this.lines.push({ level: 'info', message, attributes }); }
  warn(message: string, attributes?: Record<string, unknown>) { this.lines.push({ level: 'warn', message, attributes }); }
  error(message: string, attributes?: Record<string, unknown>) { this.lines.push({ level: 'error', message, attributes }); }
}

/** An error named like the SfnFlowCallback's "task no longer waiting" error. */
export const taskGone = (): Error => Object.assign(new Error('the flow task is no longer waiting (TaskTimedOut)'), { name: 'FlowTaskGoneError' });
