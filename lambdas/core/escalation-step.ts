/**
 * The escalation flow's plain steps (everything but the paging itself), one op per call:
 *
 *  - plan: where the flow stands and what it waits for. Reads the Incident and its policy and
 *    returns the status (the flow closes a resolved Incident, waits on an acknowledged one),
 *    the timeouts of the position, and `notBefore` when the page must wait: a snooze (cut short
 *    by a severity rise) or SEV3 quiet hours. Holds are capped, so a held flow re-plans often
 *    enough to notice a severity rise.
 *  - escalate: a page timed out. Records `escalated` and plans the next position (next Level,
 *    the ladder again, then everyone and reminders to everyone).
 *  - notify-failed: a page kept failing after its retries. Records `notify-failed` and escalates
 *    (a Level whose email fails is skipped, never waited on); everyone is paged again only after
 *    a timeout, so a mail outage does not loop.
 *  - flow-failed: the flow is failing. Marks the Incident (`flowFailedAt`, a `flow-failed` event).
 */
import type { Config } from './config.ts';
import {
  describePosition,
  FIRST_POSITION,
  nextPosition,
  quietUntil,
  remindSeconds,
  selectPolicy,
  timeoutSecondsAt,
  type Position,
} from './escalation.ts';
import { IncidentNotFoundError, isMoreSevere, recordEvent, type Incident, type IncidentStatus, type TimelineEvent } from './incident.ts';
import { updateIncident } from './incident-update.ts';
import type { Clock, IncidentStore, Logger, Metrics } from './ports.ts';
import { drillIncident, type DrillRequest } from './drill.ts';

/** The error a Catch hands on: `{ Error, Cause }`. */
export interface FlowError {
  Error?: string;
  Cause?: string;
}

/** What a waiting task was answered with (SendTaskSuccess output). */
export interface FlowCallbackOutput {
  action?: string;
  by?: string;
  note?: string;
  until?: string;
}

export type StepRequest =
  | {
      op: 'plan';
      incidentId: string;
      position?: Position;
      callback?: FlowCallbackOutput;
      waitedUntil?: string;
      remind?: boolean;
      /** The execution's input, at Start: `{ incidentId, drill: { brand, severity, theme } }` opens a fire drill. */
      execution?: { drill?: DrillRequest };
    }
  | { op: 'escalate'; incidentId: string; position: Position }
  | { op: 'notify-failed'; incidentId: string; position: Position; error?: FlowError }
  | { op: 'flow-failed'; incidentId: string; error?: FlowError };

/** The state machine's data between steps. */
export interface FlowState {
  incidentId: string;
  position: Position;
  status: IncidentStatus;
  /** How long a page at this position waits (the task's TimeoutSecondsPath). */
  timeoutSeconds: number;
  /** How long to wait between reminders once acknowledged. */
  remindSeconds: number;
  /** An acknowledged Incident is due a reminder (always present: the Route reads it). */
  remind: boolean;
  /**
   * Names the page the next task sends, the same across the task's retries (each retry gets a
   * new token), so a retried page never emails anyone twice. New at every step.
   */
  page: string;
  /** The flow holds until then (a Wait state's TimestampPath: RFC 3339, whole seconds, UTC). */
  notBefore?: string;
}

export interface FlowFailedResult {
  incidentId: string;
  marked: boolean;
}

export interface EscalationStepDeps {
  config: Pick<Config, 'timeZone' | 'owners' | 'escalationPolicies'> & Partial<Pick<Config, 'brands'>>;
  incidents: IncidentStore;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
}

/** Longest single hold: a held flow re-plans at least this often. */
export const MAX_HOLD_MS = 15 * 60_000;
const MAX_DETAIL = 300;
const ACTOR = 'crisis-desk';

export async function runEscalationStep(deps: EscalationStepDeps, request: StepRequest): Promise<FlowState | FlowFailedResult> {
  switch (request.op) {
    case 'plan':
      // A drill started in AWS (`crisis-desk drill --aws`, or start-execution by hand) opens its test Incident first.
      if (request.execution?.drill && !request.position) await openDrill(deps, request.incidentId, request.execution.drill);
      return plan(deps, await load(deps, request.incidentId), request.position, {
        snoozeUntil: request.callback?.action === 'snoozed' ? request.callback.until : undefined,
        waitedUntil: request.waitedUntil,
        remind: request.remind === true,
      });
    case 'escalate':
      return escalate(deps, request.incidentId, request.position);
    case 'notify-failed':
      return notifyFailed(deps, request.incidentId, request.position, request.error);
    case 'flow-failed':
      return markFailed(deps, request.incidentId, request.error);
    default:
      throw new TypeError(`unknown escalation step op ${JSON.stringify((request as { op?: unknown }).op)}`);
  }
}

async function openDrill(deps: EscalationStepDeps, incidentId: string, drill: DrillRequest): Promise<void> {
  if (!/^drill-[a-z0-9-]{1,80}$/.test(incidentId)) throw new TypeError(`a drill's incidentId must start with "drill-", got "${incidentId}"`);
  const incident = drillIncident({ brands: deps.config.brands ?? [] }, drill, deps.clock.now(), incidentId);
  // Conditional: a retried Start opens nothing twice.
  if (await deps.incidents.create(incident)) deps.logger.info('fire drill opened', { incidentId, brand: incident.brand, severity: incident.severity });
}

async function load(deps: EscalationStepDeps, incidentId: string): Promise<Incident> {
  const incident = await deps.incidents.get(incidentId);
  if (!incident) throw new IncidentNotFoundError(incidentId);
  return incident;
}

interface PlanOptions {
  snoozeUntil?: string;
  /** The flow just waited until then: time is at least that, whatever the clock says. */
  waitedUntil?: string;
  /** Hold at least until then (a failed page to everyone waits a timeout before the next). */
  holdUntil?: Date;
  /** An acknowledged Incident is due a reminder. */
  remind?: boolean;
}

export function plan(deps: EscalationStepDeps, incident: Incident, at: Position | undefined, options: PlanOptions = {}): FlowState {
  const policy = selectPolicy(deps.config, incident);
  const given = at ?? FIRST_POSITION;
  // The config may have lost Levels since the flow started: stand on the last one.
  const level = Math.min(Math.max(1, given.level), policy.levels.length);
  const raised = given.severity !== undefined && isMoreSevere(incident.severity, given.severity);
  // A flow started before the Incident was last reopened hands over to the flow of the reopening.
  const cycle = given.cycle ?? incident.reopenCount ?? 0;
  const superseded = cycle < (incident.reopenCount ?? 0);
  const position: Position = { ...given, level, severity: incident.severity, cycle };
  const now = Math.max(deps.clock.now().getTime(), parseTime(options.waitedUntil) ?? 0);

  const holds: number[] = [];
  if (options.holdUntil) holds.push(options.holdUntil.getTime());
  if (incident.status !== 'resolved' && !raised) {
    // A snooze holds reminders as well as pages; a severity rise cuts it short.
    for (const until of [incident.snoozedUntil, options.snoozeUntil]) {
      const t = parseTime(until);
      if (t !== undefined) holds.push(t);
    }
  }
  if (incident.status === 'open') {
    const quiet = quietUntil(policy, position, incident.severity, new Date(now), deps.config.timeZone);
    if (quiet) holds.push(quiet.getTime());
  }
  const until = Math.max(...holds.filter((t) => t > now), 0);

  const state: FlowState = {
    incidentId: incident.id,
    position,
    status: superseded ? 'resolved' : incident.status,
    timeoutSeconds: timeoutSecondsAt(policy, position),
    remindSeconds: remindSeconds(policy),
    remind: options.remind === true && incident.status === 'acknowledged',
    page: `${incident.id}@${incident.version}.${deps.clock.now().getTime()}`,
  };
  if (until > 0 && !superseded) state.notBefore = wholeSecondIso(Math.min(until, now + MAX_HOLD_MS));
  deps.logger.info('escalation planned', {
    incidentId: incident.id,
    policy: policy.id,
    position: describePosition(position),
    status: incident.status,
    ...(state.notBefore && { notBefore: state.notBefore }),
  });
  return state;
}

async function escalate(deps: EscalationStepDeps, incidentId: string, from: Position, holdUntil?: Date): Promise<FlowState> {
  const current = await load(deps, incidentId);
  if (current.status !== 'open' || (from.cycle ?? 0) < (current.reopenCount ?? 0)) return plan(deps, current, from);
  const policy = selectPolicy(deps.config, current);
  const next = nextPosition(policy, from);
  const minutes = timeoutSecondsAt(policy, from) / 60;
  const event: TimelineEvent = {
    at: deps.clock.now().toISOString(),
    type: 'escalated',
    actor: ACTOR,
    level: next.level,
    detail: `${describePosition(from)} did not acknowledge within ${minutes} min: paging ${describePosition(next)}`,
  };
  // Reminders to everyone are recorded by each page ('reminded'); a retried step records nothing twice.
  const incident = next.reminder
    ? current
    : await updateIncident(deps.incidents, incidentId, (i) => {
        if (i.status !== 'open') return false;
        const last = i.timeline.at(-1);
        if (last?.type === 'escalated' && last.level === event.level && last.detail === event.detail) return false;
        recordEvent(i, event);
      });
  if (!next.reminder) deps.metrics?.count('Escalations', 1, { brand: incident.brand });
  return plan(deps, incident, next, { holdUntil });
}

async function notifyFailed(deps: EscalationStepDeps, incidentId: string, position: Position, error?: FlowError): Promise<FlowState> {
  const at = deps.clock.now();
  const detail = clip(`${describePosition(position)}: ${errorSummary(error)}`);
  const incident = await updateIncident(deps.incidents, incidentId, (i) => {
    const last = i.timeline.at(-1);
    if (last?.type === 'notify-failed' && last.detail === detail) return false;
    recordEvent(i, { at: at.toISOString(), type: 'notify-failed', actor: ACTOR, level: position.level, detail });
  });
  deps.metrics?.count('EscalationNotifyFailed', 1, { brand: incident.brand });
  deps.logger.warn('a page failed after its retries', { incidentId, position: describePosition(position), error: error?.Error });
  if (incident.status !== 'open') {
    // Acknowledged: the wait for the resolution (or a reminder) failed. Try again after a reminder interval.
    const policy = selectPolicy(deps.config, incident);
    return plan(deps, incident, position, { holdUntil: new Date(at.getTime() + remindSeconds(policy) * 1000) });
  }
  const policy = selectPolicy(deps.config, incident);
  const holdUntil = position.everyone ? new Date(at.getTime() + timeoutSecondsAt(policy, position) * 1000) : undefined;
  return escalate(deps, incidentId, position, holdUntil);
}

async function markFailed(deps: EscalationStepDeps, incidentId: string, error?: FlowError): Promise<FlowFailedResult> {
  const at = deps.clock.now().toISOString();
  deps.logger.error('escalation flow failed', { incidentId, error: error?.Error });
  deps.metrics?.count('EscalationFlowFailed');
  try {
    await updateIncident(deps.incidents, incidentId, (i) => {
      if (i.flowFailedAt) return false;
      i.flowFailedAt = at;
      i.taskToken = undefined;
      recordEvent(i, { at, type: 'flow-failed', actor: ACTOR, level: i.level, detail: clip(errorSummary(error)) });
    });
    return { incidentId, marked: true };
  } catch (err) {
    if (err instanceof IncidentNotFoundError) return { incidentId, marked: false };
    throw err;
  }
}

/** "NotifyFailedError: could not email ..." from a Catch's error; a Lambda's Cause is JSON. */
export function errorSummary(error: FlowError | undefined): string {
  if (!error) return 'unknown error';
  let message = error.Cause ?? '';
  try {
    const cause = JSON.parse(message) as { errorType?: string; errorMessage?: string };
    if (cause && typeof cause === 'object' && typeof cause.errorMessage === 'string') message = cause.errorMessage;
  } catch {
    // A plain-text cause.
  }
  return [error.Error, message].filter(Boolean).join(': ') || 'unknown error';
}

const clip = (s: string): string => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s);

function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

/** RFC 3339 in UTC with whole seconds, rounded up so a hold never ends early. */
function wholeSecondIso(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
