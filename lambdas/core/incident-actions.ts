/**
 * What an Owner does to an Incident: acknowledge, snooze, resolve. Called by the action pages
 * (through a signed link) and by the local CLI.
 *
 * Primary course, for each action:
 *  1. Read the Incident; refuse a resolved one (IncidentAlreadyResolvedError) and a link used before.
 *  2. Apply the change, record the timeline event with who, when and the note, and the link's nonce.
 *  3. Save under the optimistic lock (re-read and re-apply on a lost race).
 *  4. Answer the waiting flow task, if any (a task that is gone is fine: the flow moved on).
 *  5. Tell everyone who was paged (a failed notice is logged; the action stands).
 */
import { FALSE_ALARM_REASONS, isFalseAlarmReason, isVerdict, type AlertClassification } from './alert-verdict.ts';
import type { Config } from './config.ts';
import { IncidentAlreadyResolvedError, recordEvent, type ActionItem, type Incident, type Resolution } from './incident.ts';
import { updateIncident } from './incident-update.ts';
import { buildViewLink, InvalidLinkError, type LinkSigner } from './links.ts';
import { personName } from './people.ts';
import type { Clock, FlowCallback, IncidentStore, Logger, Mailer } from './ports.ts';
import { renderIncidentNoticeEmail, type NoticeAction } from './email/incident-notice-email.ts';

export interface IncidentActionDeps {
  incidents: IncidentStore;
  callbacks: FlowCallback;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'sender' | 'timeZone' | 'brands' | 'owners'>;
}

export interface ActionOptions {
  /** The nonce of the signed link used: recorded, and refused when seen again. */
  linkNonce?: string;
  /**
   * Put each recipient's own incident page link in the notice (so it goes to each one apart):
   * the page, how long its link works, and the action endpoint its buttons lead to.
   */
  viewLinks?: { signer: LinkSigner; pageUrl: string; actionsUrl: string; linkDays: number };
}

/** What a resolver submits: the Resolution without who resolved it, action items not yet tracked, the verdict as typed. */
export type ResolutionInput = Omit<Resolution, 'resolvedBy' | 'actionItems' | 'alert'> & {
  actionItems: { text: string; owner: string; due?: string }[];
  /** Was the alert real: `verdict` real / false-alarm / duplicate, `why` a false alarm's reason, `of` the Incident a duplicate repeats. */
  alert?: { verdict?: string; why?: string; of?: string };
};

export interface ActionResult {
  incident: Incident;
  /** False when there was nothing to do (for example a second acknowledgement). */
  changed: boolean;
}

/** The resolution form is incomplete or wrong; `fields` names each bad field. */
export class InvalidResolutionError extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(`the resolution is incomplete: ${Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    this.name = 'InvalidResolutionError';
  }
}

export class InvalidSnoozeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSnoozeError';
  }
}

/** Longest snooze: past this the incident should be resolved, not silenced. */
export const MAX_SNOOZE_MS = 24 * 60 * 60 * 1000;
const MAX_FIELD = 4000;
const MAX_ACTION_ITEMS = 50;

export interface IncidentActions {
  acknowledge(incidentId: string, by: string, note?: string, options?: ActionOptions): Promise<ActionResult>;
  resolve(incidentId: string, by: string, resolution: ResolutionInput, options?: ActionOptions): Promise<ActionResult>;
  snooze(incidentId: string, by: string, until: Date, options?: ActionOptions): Promise<ActionResult>;
}

export function createIncidentActions(deps: IncidentActionDeps): IncidentActions {
  /** Steps 1-3 shared by the actions; `apply` returns false when there is nothing to change. */
  const change = async (incidentId: string, nonce: string | undefined, apply: (i: Incident) => boolean) => {
    let changed = false;
    const incident = await updateIncident(deps.incidents, incidentId, (i) => {
      if (nonce && i.usedLinks?.includes(nonce)) throw new InvalidLinkError('reused', 'this link has already been used');
      if (i.status === 'resolved') throw new IncidentAlreadyResolvedError(i.id);
      changed = apply(i);
      if (!changed) return false;
      if (nonce) i.usedLinks = [...(i.usedLinks ?? []), nonce];
    });
    return { incident, changed };
  };

  /** Steps 4-5, after the save: the stored Incident is the truth even if these fail. */
  const announce = async (
    before: string | undefined,
    incident: Incident,
    output: { action: NoticeAction; by: string; note?: string; until?: string },
    viewLinks?: ActionOptions['viewLinks'],
  ) => {
    if (before) {
      try {
        await deps.callbacks.succeed(before, withoutUndefined(output));
      } catch (err) {
        if (!isTaskGone(err)) {
          deps.logger.error('the flow could not be told', { incidentId: incident.id, action: output.action, error: String(err) });
          throw err;
        }
        deps.logger.warn('the flow task was no longer waiting', { incidentId: incident.id, action: output.action });
      }
    }
    const to = [...new Set(incident.notified)];
    if (to.length === 0) return;
    const brand = deps.config.brands.find((b) => b.id === incident.brand);
    const now = deps.clock.now();
    const render = (incidentPage?: string) => renderIncidentNoticeEmail({
      incident,
      brandName: brand?.name ?? incident.brand,
      ...(brand && { labels: brand }),
      action: output.action,
      by: personName(deps.config.owners, output.by),
      at: deps.clock.now().toISOString(),
      note: output.note,
      until: output.until,
      resolution: incident.resolution,
      sender: deps.config.sender,
      timeZone: deps.config.timeZone,
      ...(incidentPage && { incidentPage }),
    });
    // With incident page links, one email per recipient: each link is bound to its reader.
    const sends = viewLinks
      ? to.map((r) => ({ to: [r], email: render(buildViewLink(viewLinks.pageUrl, viewLinks.signer, incident.id, r, now, viewLinks)) }))
      : [{ to, email: render() }];
    for (const send of sends) {
      try {
        await deps.mailer.send({ from: deps.config.sender, to: send.to, ...send.email });
      } catch (err) {
        deps.logger.warn('the notice email failed', { incidentId: incident.id, action: output.action, error: String(err) });
      }
    }
  };

  return {
    async acknowledge(incidentId, by, note, options = {}) {
      const at = deps.clock.now().toISOString();
      const text = optional(note);
      let token: string | undefined;
      const result = await change(incidentId, options.linkNonce, (i) => {
        if (i.status === 'acknowledged') return false;
        token = i.taskToken;
        i.status = 'acknowledged';
        // A reopened Incident keeps its first acknowledgement: time to acknowledge is measured from opening.
        i.acknowledgedAt ??= at;
        i.acknowledgedBy = by;
        i.snoozedUntil = undefined;
        i.taskToken = undefined;
        recordEvent(i, { at, type: 'acknowledged', actor: by, level: i.level, ...(text && { detail: text }) });
        return true;
      });
      if (result.changed) await announce(token, result.incident, { action: 'acknowledged', by, note: text }, options.viewLinks);
      return result;
    },

    async resolve(incidentId, by, input, options = {}) {
      const at = deps.clock.now().toISOString();
      const resolution = validateResolution(input, by, incidentId);
      // A duplicate must name an Incident that exists: a typo would make the report count it against nothing.
      if (resolution.alert?.verdict === 'duplicate' && !(await deps.incidents.get(resolution.alert.of)))
        throw new InvalidResolutionError({ 'alert.of': `there is no incident ${resolution.alert.of}: copy its id from its email or page` });
      let token: string | undefined;
      const result = await change(incidentId, options.linkNonce, (i) => {
        token = i.taskToken;
        // Resolving answers the page as well: the time to acknowledge is never left blank.
        i.acknowledgedAt ??= at;
        i.acknowledgedBy ??= by;
        i.status = 'resolved';
        i.resolvedAt = at;
        // Resolved again after a reopening: the action items of the earlier resolution stay tracked.
        const earlier = i.resolution?.actionItems.filter((a) => !resolution.actionItems.some((b) => b.text === a.text)) ?? [];
        i.resolution = { ...resolution, actionItems: [...earlier, ...resolution.actionItems].slice(-MAX_ACTION_ITEMS * 2) };
        i.snoozedUntil = undefined;
        i.taskToken = undefined;
        recordEvent(i, { at, type: 'resolved', actor: by, level: i.level, detail: resolution.rootCause });
        return true;
      });
      await announce(token, result.incident, { action: 'resolved', by }, options.viewLinks);
      return result;
    },

    async snooze(incidentId, by, until, options = {}) {
      const now = deps.clock.now();
      if (!(until.getTime() > now.getTime())) throw new InvalidSnoozeError('a snooze must end in the future');
      if (until.getTime() - now.getTime() > MAX_SNOOZE_MS) throw new InvalidSnoozeError('a snooze lasts at most 24 hours');
      const at = now.toISOString();
      const untilIso = until.toISOString();
      let token: string | undefined;
      const result = await change(incidentId, options.linkNonce, (i) => {
        token = i.taskToken;
        i.snoozedUntil = untilIso;
        i.taskToken = undefined;
        recordEvent(i, { at, type: 'snoozed', actor: by, level: i.level, detail: `until ${untilIso}` });
        return true;
      });
      await announce(token, result.incident, { action: 'snoozed', by, until: untilIso }, options.viewLinks);
      return result;
    },
  };
}

/** Trims the form's fields and checks what the post-mortem needs. Throws InvalidResolutionError. */
export function validateResolution(input: ResolutionInput, by: string, incidentId?: string): Resolution {
  const errors: Record<string, string> = {};
  const alert = validateAlert(input.alert, incidentId, errors);
  const rootCause = optional(input.rootCause);
  // A false alarm or a duplicate has no cause to find; a real alert always has one, even a first guess.
  const noise = ['false-alarm', 'duplicate'].includes(optional(input.alert?.verdict) ?? '');
  if (!rootCause && !noise) errors.rootCause = 'say what caused it, even if it is a first guess';
  const field = (name: keyof ResolutionInput, value: string | undefined) => {
    const v = optional(value);
    if (v && v.length > MAX_FIELD) errors[name] = `keep it under ${MAX_FIELD} characters`;
    return v;
  };
  if (rootCause && rootCause.length > MAX_FIELD) errors.rootCause = `keep it under ${MAX_FIELD} characters`;
  const items: ActionItem[] = [];
  if (input.actionItems.length > MAX_ACTION_ITEMS) errors.actionItems = `at most ${MAX_ACTION_ITEMS} action items`;
  input.actionItems.forEach((a, n) => {
    const text = optional(a.text);
    const owner = optional(a.owner);
    const due = optional(a.due);
    if (!text && !owner && !due) return; // an empty row of the form
    const key = `actionItems.${n}`;
    if (!text) errors[`${key}.text`] = 'say what will be done';
    else if (text.length > MAX_FIELD) errors[`${key}.text`] = `keep it under ${MAX_FIELD} characters`;
    if (!owner) errors[`${key}.owner`] = 'name who owns it';
    else if (owner.length > 200) errors[`${key}.owner`] = 'keep it under 200 characters';
    if (due && !isDate(due)) errors[`${key}.due`] = 'use a date such as 2025-03-31';
    if (text && owner) items.push({ text, owner, ...(due && isDate(due) && { due }), status: 'open' });
  });
  const resolution: Resolution = withoutUndefined({
    alert,
    rootCause: rootCause ?? '',
    trigger: field('trigger', input.trigger),
    whatHelped: field('whatHelped', input.whatHelped),
    wentWell: field('wentWell', input.wentWell),
    wentBadly: field('wentBadly', input.wentBadly),
    lucky: field('lucky', input.lucky),
    actionItems: items,
    resolvedBy: by,
  });
  if (Object.keys(errors).length) throw new InvalidResolutionError(errors);
  return resolution;
}

/** The verdict: required; a false alarm says why, a duplicate names another Incident. Adds to `errors`. */
function validateAlert(input: ResolutionInput['alert'], incidentId: string | undefined, errors: Record<string, string>): AlertClassification | undefined {
  const verdict = optional(input?.verdict);
  if (!isVerdict(verdict)) {
    errors.alert = 'say whether the alert was real, a false alarm or a duplicate';
    return undefined;
  }
  if (verdict === 'real') return { verdict };
  if (verdict === 'false-alarm') {
    const why = optional(input?.why);
    if (isFalseAlarmReason(why)) return { verdict, why };
    errors['alert.why'] = `say why it was a false alarm (one of ${FALSE_ALARM_REASONS.join(', ')})`;
    return undefined;
  }
  const of = optional(input?.of);
  if (!of) errors['alert.of'] = 'give the id of the incident it repeats';
  else if (of.length > 200 || !/^[\w.#:-]+$/.test(of)) errors['alert.of'] = 'an incident id, as in its email (letters, digits, dashes)';
  else if (of === incidentId) errors['alert.of'] = 'an incident cannot repeat itself: give the other one';
  else return { verdict, of };
  return undefined;
}

const optional = (s: string | undefined): string | undefined => {
  const t = s?.replace(/\r\n?/g, '\n').trim();
  return t ? t : undefined;
};

const isDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** The flow task already ended (timed out, answered, execution stopped): nothing to answer. */
function isTaskGone(err: unknown): boolean {
  return err instanceof Error && ['FlowTaskGoneError', 'TaskTimedOut', 'InvalidToken', 'TaskDoesNotExist'].includes(err.name);
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
