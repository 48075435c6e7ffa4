/**
 * The escalation policy, as pure functions: which policy an Incident follows, who a Level
 * pages, where the ladder goes after a timeout (next Level, repeat, everyone), how long each
 * step waits, and whether a Level is in its quiet hours (SEV3 only: SEV1 and SEV2 always page).
 */
import { DateTime } from 'luxon';
import type { Config, EscalationPolicy, Level, QuietHours } from './config.ts';
import { ConfigError } from './config-error.ts';
import type { Incident, Severity } from './incident.ts';

/** Where the flow stands on the ladder. Carried in the state machine's data between steps. */
export interface Position {
  /** 1-based Level; with `everyone`, the last Level. */
  level: number;
  /** 0 on the first pass of the ladder, 1.. on each repeat. */
  round: number;
  /** Past the last repeat: everyone in the policy is paged. */
  everyone: boolean;
  /** Everyone was paged already: this page is a reminder. */
  reminder?: boolean;
  /** The severity the Level was last paged or planned at (a rise cuts a snooze short). */
  severity?: Severity;
  /** Which life of the Incident this flow escalates (its reopenCount when the flow started): an older flow stops. */
  cycle?: number;
}

export interface Recipient {
  name: string;
  email: string;
}

export const FIRST_POSITION: Position = { level: 1, round: 0, everyone: false };

/** The Mention ids of an Incident carry their source id: `${sourceId}#${nativeId}`. */
const sourcesOf = (incident: Pick<Incident, 'triggerMentionIds'>): Set<string> =>
  new Set(incident.triggerMentionIds.map((id) => id.slice(0, Math.max(0, id.indexOf('#')))).filter(Boolean));

/**
 * The policy an Incident follows: among the policies for its severity whose brand, source and theme
 * filters all admit it, the most specific one (most filters set); config order breaks ties.
 */
export function selectPolicy(
  config: Pick<Config, 'escalationPolicies'>,
  incident: Pick<Incident, 'brand' | 'severity' | 'theme' | 'triggerMentionIds'>,
): EscalationPolicy {
  const policy = findPolicy(config, incident);
  if (!policy)
    throw new ConfigError([
      { path: 'escalationPolicies', message: `no policy for ${incident.brand} ${incident.severity} (theme ${incident.theme})` },
    ]);
  return policy;
}

/** selectPolicy without the error: undefined when no policy admits the Incident (the responsibility map's gaps). */
export function findPolicy(
  config: Pick<Config, 'escalationPolicies'>,
  incident: Pick<Incident, 'brand' | 'severity' | 'theme' | 'triggerMentionIds'>,
): EscalationPolicy | undefined {
  const sources = sourcesOf(incident);
  let best: { policy: EscalationPolicy; score: number } | undefined;
  for (const policy of config.escalationPolicies) {
    if (!policy.severities.includes(incident.severity)) continue;
    if (policy.brands && !policy.brands.includes(incident.brand)) continue;
    if (policy.themes && !policy.themes.includes(incident.theme)) continue;
    if (policy.sources && !policy.sources.some((s) => sources.has(s))) continue;
    const score = Number(Boolean(policy.brands)) + Number(Boolean(policy.themes)) + Number(Boolean(policy.sources));
    if (!best || score > best.score) best = { policy, score };
  }
  return best?.policy;
}

function levelAt(policy: EscalationPolicy, level: number): Level {
  const found = policy.levels[level - 1];
  if (!found) throw new RangeError(`policy ${policy.id} has no level ${level}`);
  return found;
}

/** Owners of the Levels, deduplicated by email, in ladder order. */
function ownersOf(config: Pick<Config, 'owners'>, levels: Level[]): Recipient[] {
  const byId = new Map(config.owners.map((o) => [o.id, o]));
  const seen = new Map<string, Recipient>();
  for (const level of levels)
    for (const id of level.owners) {
      const owner = byId.get(id);
      if (!owner) throw new ConfigError([{ path: 'escalationPolicies', message: `unknown owner "${id}"` }]);
      const key = owner.email.toLowerCase();
      if (!seen.has(key)) seen.set(key, { name: owner.name, email: owner.email });
    }
  return [...seen.values()];
}

/** Who a page at this position goes to: the Level's owners, or everyone in the policy. */
export function recipientsAt(config: Pick<Config, 'owners'>, policy: EscalationPolicy, position: Position): Recipient[] {
  return ownersOf(config, position.everyone ? policy.levels : [levelAt(policy, position.level)]);
}

/**
 * Who a reminder for an acknowledged Incident goes to: whoever acknowledged it (an Owner's
 * email, or an address outside the policy), else the Level it stands at.
 */
export function reminderRecipients(
  config: Pick<Config, 'owners'>,
  policy: EscalationPolicy,
  position: Position,
  incident: Pick<Incident, 'acknowledgedBy'>,
): Recipient[] {
  const by = incident.acknowledgedBy;
  if (by && by.includes('@')) {
    const owner = config.owners.find((o) => o.email.toLowerCase() === by.toLowerCase());
    return [{ name: owner?.name ?? by, email: owner?.email ?? by }];
  }
  return recipientsAt(config, policy, position);
}

/** Where the ladder goes when a page timed out: next Level, the ladder again, then everyone (and again). */
export function nextPosition(policy: EscalationPolicy, position: Position): Position {
  const last = policy.levels.length;
  const carried = { severity: position.severity, ...(position.cycle !== undefined && { cycle: position.cycle }) };
  if (position.everyone) return { level: last, round: position.round, everyone: true, reminder: true, ...carried };
  if (position.level < last) return { level: position.level + 1, round: position.round, everyone: false, ...carried };
  if (position.round < policy.repeat) return { level: 1, round: position.round + 1, everyone: false, ...carried };
  return { level: last, round: position.round, everyone: true, ...carried };
}

/** How long a page at this position waits for an answer; everyone waits as long as the last Level. */
export function timeoutSecondsAt(policy: EscalationPolicy, position: Position): number {
  return levelAt(policy, position.everyone ? policy.levels.length : position.level).timeoutMinutes * 60;
}

export const remindSeconds = (policy: EscalationPolicy): number => policy.remindMinutes * 60;

/** A short, stable label of a position for the timeline and the logs. */
export function describePosition(position: Position): string {
  if (position.everyone) return position.reminder ? 'everyone (again)' : 'everyone';
  return position.round > 0 ? `level ${position.level} (repeat ${position.round})` : `level ${position.level}`;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/**
 * When the quiet window that holds `now` ends, or undefined when `now` is outside it.
 * The window is in `timeZone` and may cross midnight; daylight-saving days are handled by luxon.
 */
export function quietWindowEnd(quiet: QuietHours, now: Date, timeZone: string): Date | undefined {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return undefined;
  let endAt = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  if (endAt <= local) endAt = endAt.plus({ days: 1 });
  return endAt.toJSDate();
}

/**
 * When a page at this position may go out, if it must wait for quiet hours to end. Only SEV3 waits.
 * Everyone waits while any Level of the policy is quiet (a minor Incident wakes nobody).
 */
export function quietUntil(
  policy: EscalationPolicy,
  position: Position,
  severity: Severity,
  now: Date,
  defaultTimeZone: string,
): Date | undefined {
  if (severity !== 'SEV3') return undefined;
  const timeZone = policy.timeZone ?? defaultTimeZone;
  const levels = position.everyone ? policy.levels : [levelAt(policy, position.level)];
  let until: Date | undefined;
  for (const level of levels) {
    const end = level.quietHours && quietWindowEnd(level.quietHours, now, timeZone);
    if (end && (!until || end > until)) until = end;
  }
  return until;
}
