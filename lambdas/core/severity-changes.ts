/**
 * How an Incident's severity changed while it was open, read from its timeline, so emails and
 * post-mortems can say when and why it became SEV1 instead of repeating the opening reason.
 */
import { SEVERITIES, type Incident, type Severity } from './incident.ts';

export interface SeverityChange {
  at: string;
  from?: Severity;
  to: Severity;
  /** The detector's reason for the change, when it gave one. */
  reason?: string;
}

const isSeverity = (s: string | undefined): s is Severity => (SEVERITIES as readonly string[]).includes(s ?? '');

/** Raises in time order; a detail of the form "SEV2 → SEV1: <reason>". */
export function severityChanges(incident: Pick<Incident, 'timeline' | 'severity'>): SeverityChange[] {
  return incident.timeline
    .filter((e) => e.type === 'severity-raised')
    .map((e) => {
      const m = /^(SEV\d)\s*→\s*(SEV\d)(?::\s*(.*))?$/s.exec(e.detail ?? '');
      const from = m?.[1];
      const to = m?.[2];
      return {
        at: e.at,
        ...(isSeverity(from) && { from }),
        to: isSeverity(to) ? to : incident.severity,
        ...(m?.[3] ? { reason: m[3] } : !m && e.detail ? { reason: e.detail } : {}),
      };
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The severity the Incident opened at: before its first raise. */
export function openedSeverity(incident: Pick<Incident, 'timeline' | 'severity'>): Severity {
  return severityChanges(incident)[0]?.from ?? incident.severity;
}
