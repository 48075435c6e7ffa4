/**
 * The escalation flow's plain steps: `{ op: 'plan' | 'escalate' | 'notify-failed' | 'flow-failed', incidentId, ... }`.
 * Returns the flow's next state (lambdas/core/escalation-step.ts).
 */
import { awsStores, requireStore, systemClock } from '../adapters/aws-ports.ts';
import { loadBundledConfig } from '../adapters/bundled-config.ts';
import { powertools } from '../adapters/powertools.ts';
import { runEscalationStep, type EscalationStepDeps, type StepRequest } from '../core/escalation-step.ts';

export type EscalationStepEvent = StepRequest;

const OPS = new Set(['plan', 'escalate', 'notify-failed', 'flow-failed']);

export const createEscalationStepHandler = (deps: EscalationStepDeps) => async (event: EscalationStepEvent) => {
  if (typeof event?.incidentId !== 'string' || !OPS.has(event.op))
    throw new TypeError('escalation-step event needs incidentId and op (plan|escalate|notify-failed|flow-failed)');
  if ((event.op === 'escalate' || event.op === 'notify-failed') && typeof event.position?.level !== 'number')
    throw new TypeError(`escalation-step ${event.op} needs position.level`);
  return runEscalationStep(deps, event);
};

function awsDeps(): EscalationStepDeps {
  const config = loadBundledConfig();
  return {
    config,
    clock: systemClock,
    incidents: requireStore(awsStores(config), 'incidents'),
    ...powertools('escalation-step'),
  };
}

let live: ReturnType<typeof createEscalationStepHandler> | undefined;
/** Lambda entry: AWS adapters built once per cold start, on first call. */
export const handler = (event: EscalationStepEvent) => (live ??= createEscalationStepHandler(awsDeps()))(event);
