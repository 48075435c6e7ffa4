/**
 * Notify a Level: the use case behind the flow's `.waitForTaskToken` tasks (NotifyLevel,
 * AwaitResolution, Remind).
 *
 * Primary course:
 *  1. Read the Incident. Resolved: answer the task `resolved` (the flow closes). Acknowledged
 *     while paging: answer `acknowledged` (the flow goes on to reminders). Nobody is emailed.
 *  2. Store the task token on the Incident (the ack endpoint answers it) and, for a page, the Level.
 *     A new page starts a new delivery list; the same page again (a retry, even with a new token) keeps it.
 *  3. `await` mode stops here: it only waits for the resolution.
 *  4. Pick the recipients: the Level (or everyone) for a page, the acknowledger for a reminder.
 *  5. Email each recipient not yet emailed for this token, with signed action links, and record
 *     it at once: the delivery list, `notified`, and a `notified` / `reminded` timeline event.
 *  6. When an email failed, throw NotifyFailedError after recording the others: the flow retries
 *     the task (only the failed recipients are emailed again) and escalates if it keeps failing.
 */
import { createHash } from 'node:crypto';
import type { Config } from './config.ts';
import { renderEscalationEmail } from './email/escalation-email.ts';
import {
  describePosition,
  FIRST_POSITION,
  recipientsAt,
  reminderRecipients,
  selectPolicy,
  type Position,
  type Recipient,
} from './escalation.ts';
import { recordEvent, type Incident } from './incident.ts';
import { updateIncident } from './incident-update.ts';
import { buildActionLinks, buildViewLink, type LinkSigner } from './links.ts';
import type { Clock, FlowCallback, IncidentStore, Logger, Mailer, MentionStore, Metrics } from './ports.ts';

export type NotifyMode = 'page' | 'await' | 'remind';

export interface NotifyRequest {
  incidentId: string;
  position: Position;
  mode: NotifyMode;
  taskToken: string;
  /** Names the page across the task's retries (FlowState.page); the token's digest when absent. */
  page?: string;
}

export interface NotifyDeps {
  config: Pick<Config, 'sender' | 'timeZone' | 'brands' | 'owners' | 'escalationPolicies'>;
  incidents: IncidentStore;
  mentions: MentionStore;
  mailer: Mailer;
  callbacks: FlowCallback;
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
  /**
   * Signs the Acknowledge / Resolve / Snooze links (`baseUrl` is the action endpoint) and the link
   * to the incident page (`pageUrl`, valid `linkDays`), when there is one.
   */
  links: { baseUrl: string; signer: LinkSigner; pageUrl?: string; linkDays?: number };
}

export interface NotifyResult {
  /** Emailed by this call. */
  sent: string[];
  /** Emailed for this token before (a retried call). */
  skipped: string[];
  /** Set when the task was answered at once instead of paging. */
  answered?: 'acknowledged' | 'resolved';
}

/** Some recipients could not be emailed; the others were, and are recorded. */
export class NotifyFailedError extends Error {
  constructor(
    readonly incidentId: string,
    readonly failed: string[],
    options?: { cause?: unknown },
  ) {
    super(`could not email ${failed.length} recipient(s) of incident ${incidentId}`, options);
    this.name = 'NotifyFailedError';
  }
}

/** The Mentions an email quotes: the worst and most-reached are picked from these. */
const EMAIL_MENTIONS = 50;

/** A digest of the task token: enough to tell tokens apart, useless as a credential. */
export const taskDigest = (token: string): string => createHash('sha256').update(token).digest('base64url').slice(0, 22);

export async function notifyLevel(deps: NotifyDeps, request: NotifyRequest): Promise<NotifyResult> {
  const { incidentId, taskToken, mode } = request;
  const position = request.position ?? FIRST_POSITION;
  const task = request.page ?? taskDigest(taskToken);

  // Steps 1-2, on the latest version of the Incident so an acknowledgement cannot slip between.
  let answer: NotifyResult['answered'];
  const incident = await updateIncident(deps.incidents, incidentId, (i) => {
    answer = i.status === 'resolved' ? 'resolved' : mode === 'page' && i.status === 'acknowledged' ? 'acknowledged' : undefined;
    if (answer) return false;
    const samePage = i.delivery?.task === task;
    if (samePage && i.taskToken === taskToken && (mode !== 'page' || i.level === position.level)) return false;
    i.taskToken = taskToken;
    if (!samePage) i.delivery = { task, to: [] };
    if (mode === 'page') i.level = position.level;
    return true;
  });
  if (answer) {
    await answerTask(deps, incident, taskToken, answer);
    return { sent: [], skipped: [], answered: answer };
  }
  if (mode === 'await') return { sent: [], skipped: [] };

  // Step 4.
  const policy = selectPolicy(deps.config, incident);
  const reminder = mode === 'remind' || position.reminder === true;
  const recipients =
    mode === 'remind' ? reminderRecipients(deps.config, policy, position, incident) : recipientsAt(deps.config, policy, position);
  const already = new Set(incident.delivery?.task === task ? incident.delivery.to.map((e) => e.toLowerCase()) : []);
  const pending = recipients.filter((r) => !already.has(r.email.toLowerCase()));
  const skipped = recipients.filter((r) => already.has(r.email.toLowerCase())).map((r) => r.email);

  // Step 5.
  const brand = deps.config.brands.find((b) => b.id === incident.brand);
  if (!brand) throw new Error(`incident ${incidentId} names brand "${incident.brand}", which is not in the config`);
  const mentions = pending.length > 0 ? await emailMentions(deps, incident) : [];
  const sent: string[] = [];
  const failed: { email: string; error: unknown }[] = [];
  for (const recipient of pending) {
    try {
      await sendOne(deps, incident, brand, mentions, position, recipient, reminder);
    } catch (error) {
      failed.push({ email: recipient.email, error });
      deps.logger.warn('escalation email failed', { incidentId, level: position.level, error: errorText(error) });
      continue;
    }
    sent.push(recipient.email);
    await recordDelivery(deps, incidentId, task, position, recipient, reminder);
    deps.metrics?.count(reminder ? 'EscalationReminders' : 'EscalationPages', 1, { brand: incident.brand });
  }
  deps.logger.info(reminder ? 'reminded' : 'paged', {
    incidentId,
    position: describePosition(position),
    sent: sent.length,
    skipped: skipped.length,
    failed: failed.length,
  });

  // Step 6.
  if (failed.length > 0) throw new NotifyFailedError(incidentId, failed.map((f) => f.email), { cause: failed[0]!.error });
  return { sent, skipped };
}

async function sendOne(
  deps: NotifyDeps,
  incident: Incident,
  brand: NotifyDeps['config']['brands'][number],
  mentions: Awaited<ReturnType<MentionStore['listByIncident']>>,
  position: Position,
  recipient: Recipient,
  reminder: boolean,
): Promise<void> {
  const now = deps.clock.now();
  const links = buildActionLinks(deps.links.baseUrl, deps.links.signer, incident.id, recipient.email, now);
  const { pageUrl, linkDays } = deps.links;
  const incidentPage = pageUrl && buildViewLink(pageUrl, deps.links.signer, incident.id, recipient.email, now, { linkDays, actionsUrl: deps.links.baseUrl });
  const email = renderEscalationEmail({
    incident,
    brand,
    mentions,
    level: position.level,
    recipient,
    links,
    ...(incidentPage && { incidentPage }),
    reminder,
    sender: deps.config.sender,
    timeZone: deps.config.timeZone,
    owners: deps.config.owners,
  });
  await deps.mailer.send({ from: deps.config.sender, to: [recipient.email], ...email });
}

/** Records one delivery right after the send, so a retry of this task never emails that recipient again. */
async function recordDelivery(
  deps: NotifyDeps,
  incidentId: string,
  task: string,
  position: Position,
  recipient: Recipient,
  reminder: boolean,
): Promise<void> {
  const at = deps.clock.now().toISOString();
  await updateIncident(deps.incidents, incidentId, (i) => {
    if (i.delivery?.task !== task) i.delivery = { task, to: [] };
    if (i.delivery.to.includes(recipient.email)) return false;
    i.delivery.to.push(recipient.email);
    if (!i.notified.some((e) => e.toLowerCase() === recipient.email.toLowerCase())) i.notified.push(recipient.email);
    recordEvent(i, {
      at,
      type: reminder ? 'reminded' : 'notified',
      actor: recipient.email,
      level: position.level,
      severity: i.severity,
      detail: `${describePosition(position)} at ${i.severity}`,
    });
  });
}

/** Answers the task at once; a task that is no longer waiting is fine (the flow has moved on). */
async function answerTask(deps: NotifyDeps, incident: Incident, token: string, action: 'acknowledged' | 'resolved'): Promise<void> {
  const by = action === 'resolved' ? incident.resolution?.resolvedBy : incident.acknowledgedBy;
  try {
    await deps.callbacks.succeed(token, { action, ...(by && { by }) });
  } catch (err) {
    if (!(err instanceof Error && err.name === 'FlowTaskGoneError')) throw err;
    deps.logger.info('the flow task was no longer waiting', { incidentId: incident.id, action });
  }
  deps.logger.info(`not paging: the incident is ${action}`, { incidentId: incident.id });
}

const errorText = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

/** The newest Mentions of the Incident plus the ones that opened it, which may be older than the newest page. */
async function emailMentions(deps: NotifyDeps, incident: Incident) {
  const newest = await deps.mentions.listByIncident(incident.id, EMAIL_MENTIONS);
  const have = new Set(newest.map((m) => m.id));
  const triggers = await Promise.all(incident.triggerMentionIds.filter((id) => !have.has(id)).slice(0, 10).map((id) => deps.mentions.get(id)));
  return [...newest, ...triggers.filter((m) => m !== undefined)];
}
