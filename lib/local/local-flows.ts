/**
 * The state machines of the synthesized stack, run locally: the escalation flow with its two
 * Lambda tasks mapped to the same handler factories the Lambdas use, built on local adapters.
 */
import type { DynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import type { Config } from '../../lambdas/core/config.ts';
import type { LinkSigner } from '../../lambdas/core/links.ts';
import type { Clock, Logger, Mailer } from '../../lambdas/core/ports.ts';
import { createEscalationStepHandler } from '../../lambdas/handlers/escalation-step.ts';
import { createNotifyLevelHandler } from '../../lambdas/handlers/notify-level.ts';
import type { SynthesizedStack } from '../synth.ts';
import type { TemplateJson } from './asl.ts';
import type { ExecutionJournal } from './execution-journal.ts';
import { LocalFlowRunner, type LocalHandler } from './flow-runner.ts';
import type { Timers } from './timers.ts';

export interface LocalFlowsProps {
  synthesized: SynthesizedStack;
  config: Config;
  stores: DynamoStores;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  signer: LinkSigner;
  actionsBaseUrl: string;
  /** The incident page every email links to. */
  pageUrl?: string;
  /** Real milliseconds per simulated millisecond. */
  timeScale: number;
  /** Times the flows' waits instead (virtual time in the demo). */
  timers?: Timers;
  /** Keeps the executions (a start is a no-op across processes; resume after a restart). */
  journal?: ExecutionJournal;
}

export interface LocalFlows {
  escalation: LocalFlowRunner;
  stop(): Promise<void>;
}

/** The escalation flow's name in the execution journal. */
export const ESCALATION_MACHINE = 'escalation';

export function createLocalFlows(p: LocalFlowsProps): LocalFlows {
  const { synthesized: s, config, stores, clock, logger } = p;
  // The runner answers its own tokens: notify-level answers at once when the Incident was acknowledged meanwhile.
  // eslint-disable-next-line prefer-const -- assigned below; the handlers close over it before the runner exists.
  let escalation: LocalFlowRunner;
  const callbacks = {
    succeed: (token: string, output: Record<string, unknown>) => escalation.succeed(token, output),
    fail: (token: string, error: string, cause: string) => escalation.fail(token, error, cause),
  };
  const handlers: Record<string, LocalHandler> = {
    [s.functionLogicalIds.notifyLevel]: createNotifyLevelHandler({
      config, clock, logger, incidents: stores.incidents, mentions: stores.mentions, mailer: p.mailer, callbacks,
      links: { baseUrl: p.actionsBaseUrl, signer: p.signer, ...(p.pageUrl && { pageUrl: p.pageUrl, linkDays: config.incidentPage.linkDays }) },
    }),
    [s.functionLogicalIds.escalationStep]: createEscalationStepHandler({ config, clock, logger, incidents: stores.incidents }),
  };
  escalation = LocalFlowRunner.fromTemplate(s.template as TemplateJson, {
    stateMachineLogicalId: s.escalationStateMachineLogicalId,
    handlers,
    speedup: 1 / p.timeScale,
    ...(p.timers && { timers: p.timers }),
    clock,
    logger,
    journal: p.journal,
    machineName: ESCALATION_MACHINE,
  });
  return {
    escalation,
    stop: async () => escalation.stop(),
  };
}
