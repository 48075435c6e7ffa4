/**
 * What the escalation does next, in words, from the Incident and its policy: who is paged and
 * when if nobody acknowledges, when the snooze ends, when the next reminder goes, or that the
 * flow failed and nobody is being paged.
 */
import type { Config } from './config.ts';
import { findPolicy, quietUntil } from './escalation.ts';
import { formatTime } from './email/format.ts';
import type { Incident } from './incident.ts';
import { pagesOf } from './incident-timeline.ts';
import { personName } from './people.ts';

const MINUTE = 60_000;

export function nextStep(incident: Incident, config: Pick<Config, 'escalationPolicies' | 'owners' | 'timeZone'>, now: Date): string {
  const at = (ms: number) => formatTime(new Date(ms).toISOString(), config.timeZone);
  const names = (ids: readonly string[]) => ids.map((id) => config.owners.find((o) => o.id === id)?.name ?? id).join(', ');
  if (incident.status === 'resolved') return 'Nothing: it is resolved.';
  if (incident.flowFailedAt) return `The escalation flow failed ${at(Date.parse(incident.flowFailedAt))}: nobody is being paged (an alarm fired). Whoever reads this owns it.`;
  const policy = findPolicy(config, incident);
  if (!policy) return 'No escalation policy takes this incident: nobody is paged (see crisis-desk roles).';
  const pages = pagesOf(incident);
  if (incident.status === 'acknowledged') {
    const by = incident.acknowledgedBy ? personName(config.owners, incident.acknowledgedBy) : 'whoever acknowledged it';
    const last = Math.max(...[incident.acknowledgedAt, ...pages.filter((p) => p.reminder).map((p) => p.at)].filter((t): t is string => !!t).map(Date.parse));
    const next = Number.isFinite(last) ? Math.max(last + policy.remindMinutes * MINUTE, now.getTime()) : undefined;
    return `Owned by ${by}. Reminders every ${policy.remindMinutes} min until it is resolved${next ? `; the next around ${at(next)}` : ''}.`;
  }
  if (incident.snoozedUntil && Date.parse(incident.snoozedUntil) > now.getTime())
    return `Snoozed until ${at(Date.parse(incident.snoozedUntil))}; then level ${Math.max(1, incident.level)} is paged again.`;
  if (incident.level === 0) {
    const quiet = quietUntil(policy, { level: 1, round: 0, everyone: false }, incident.severity, now, config.timeZone);
    const first = names(policy.levels[0]!.owners);
    return quiet ? `Level 1 (${first}) is paged when its quiet hours end, ${at(quiet.getTime())}.` : `Level 1 (${first}) is being paged now.`;
  }
  const level = policy.levels[incident.level - 1];
  const lastPage = pages.filter((p) => !p.reminder && p.level === incident.level).at(-1);
  if (!level || !lastPage) return `Level ${incident.level} is paged; the ladder goes on if nobody acknowledges.`;
  const deadline = Date.parse(lastPage.at) + level.timeoutMinutes * MINUTE;
  const next = policy.levels[incident.level];
  const then = next
    ? `level ${incident.level + 1} (${names(next.owners)}) is paged`
    : policy.repeat > 0
      ? 'the ladder starts again at level 1, then everyone in the policy is paged'
      : 'everyone in the policy is paged';
  return `Waiting for level ${incident.level} (${names(level.owners)}) to acknowledge: if nobody does by ${at(deadline)}, ${then}.`;
}
