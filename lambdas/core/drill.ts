/**
 * A fire drill: a clearly marked test Incident that runs the real escalation, so a team proves
 * the pages reach the right people. `drill: true` keeps it out of everything that measures the
 * real thing: detection never attaches Mentions to it, and the weekly report (KPIs, PostMortems)
 * never counts it.
 */
import type { Config } from './config.ts';
import { SEVERITIES, type Incident, type Severity } from './incident.ts';

export interface DrillRequest {
  /** Brand id; the config's first brand when absent. */
  brand?: string;
  /** @default SEV2 */
  severity?: Severity;
  /** The theme the policy is chosen by (policies may filter on themes). @default 'other' */
  theme?: string;
}

export class DrillRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillRequestError';
  }
}

export const DRILL_REASON =
  'FIRE DRILL: a test Incident opened by `crisis-desk drill`. Nothing is wrong. Acknowledge it to prove this page reached you, then resolve it.';

/** `drill-acme-202611161430`: a drill's id says what it is, wherever it shows. */
export const drillId = (brand: string, at: Date): string => `drill-${brand}-${at.toISOString().replace(/[-:T]/g, '').slice(0, 12)}`;

/** Checks a drill request against the config: the brand exists, the severity is one. */
export function checkDrill(config: Pick<Config, 'brands'>, request: DrillRequest): Required<DrillRequest> {
  const brand = request.brand ?? config.brands[0]?.id;
  if (!brand || !config.brands.some((b) => b.id === brand))
    throw new DrillRequestError(`no brand "${request.brand}" in the config; it has: ${config.brands.map((b) => b.id).join(', ')}`);
  const severity = request.severity ?? 'SEV2';
  if (!SEVERITIES.includes(severity)) throw new DrillRequestError(`severity must be one of ${SEVERITIES.join(', ')}, got "${String(severity)}"`);
  return { brand, severity, theme: request.theme ?? 'other' };
}

/** The drill Incident, opened now; its fingerprint is its own, so no real Mention ever attaches to it. */
export function drillIncident(config: Pick<Config, 'brands'>, request: DrillRequest, at: Date, id = drillId(checkDrill(config, request).brand, at)): Incident {
  const { brand, severity, theme } = checkDrill(config, request);
  const iso = at.toISOString();
  return {
    id,
    brand,
    theme,
    fingerprint: `${brand}#drill#${id}`,
    severity,
    status: 'open',
    drill: true,
    firstMentionAt: iso,
    openedAt: iso,
    reason: DRILL_REASON,
    triggerMentionIds: [],
    mentionCount: 0,
    negativeCount: 0,
    reach: 0,
    level: 0,
    notified: [],
    timeline: [{ at: iso, type: 'opened', actor: 'crisis-desk', detail: 'fire drill' }],
    version: 1,
  };
}
