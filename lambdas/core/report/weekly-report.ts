/**
 * The WeeklyReport data object: everything the HTML, the plain text and the charts show,
 * computed once, stored as JSON next to the renderings so a week can be re-rendered or audited.
 */
import type { ActionItem, IncidentStatus, Severity } from '../incident.ts';
import type { TimelineEntry } from '../incident-timeline.ts';
import type { ResponsibilityMap } from '../responsibility-map.ts';
import type { AlertQuality } from './alert-quality.ts';
import type { Recommendation } from './recommendations.ts';
import type { ReportWeek } from './week.ts';

export type { TimelineEntry } from '../incident-timeline.ts';

export const WEEKLY_REPORT_VERSION = 3;

/** A mean over `n` incidents; null when there were none to measure. */
export interface MeanDuration {
  minutes: number | null;
  n: number;
}

export interface WeekMetrics {
  mentions: number;
  /** Mentions per source id. */
  bySource: Record<string, number>;
  negative: number;
  complaint: number;
  reach: number;
  /** Shares of all mentions, 0..1; null in a week without mentions. */
  negativeShare: number | null;
  complaintShare: number | null;
  /** Incidents opened in the week, by severity. */
  incidents: Record<Severity, number>;
  incidentsTotal: number;
  /** First triggering mention → opened, over incidents opened in the week. */
  mttd: MeanDuration;
  /** Opened → acknowledged, over incidents acknowledged in the week. */
  mtta: MeanDuration;
  /** Opened → resolved, over incidents resolved in the week. */
  mttr: MeanDuration;
  /** Incidents opened in the week that nobody had acknowledged by its end. */
  unacknowledged: number;
  /** Escalations past level 1 that happened in the week. */
  escalations: number;
  /** Complaints the brand replied to, over complaints; null where no source reports replies. */
  repliedShare: number | null;
  /** Median minutes to the first reply (weighted over counter buckets); null without replies. */
  medianReplyMinutes: number | null;
  actionItemsOpened: number;
  actionItemsClosed: number;
}

export interface SeverityTimes {
  severity: Severity;
  mtta: MeanDuration;
  mttr: MeanDuration;
}

export interface DailyPoint {
  /** YYYY-MM-DD, local. */
  date: string;
  mentions: number;
  negative: number;
  complaint: number;
  negativeShare: number | null;
}

export interface IncidentMark {
  incidentId: string;
  severity: Severity;
  /** Local day it opened. */
  date: string;
  openedAt: string;
}

export interface ThemeCount {
  theme: string;
  /** The theme's display name (theme-label.ts). */
  label: string;
  thisWeek: number;
  lastWeek: number;
}


export interface ReportActionItem extends ActionItem {
  incidentId: string;
  /** Past due at the end of the week and still open then. */
  overdue: boolean;
  /** Days past due at the end of the week (0 when not overdue). */
  daysOverdue: number;
}

/** The figures when the Incident opened: never the totals it reached later. */
export interface OpeningFigures {
  at: string;
  severity: Severity;
  /** Negative Mentions in the detection window that opened it, when the reason says. */
  negative?: number;
  windowMinutes?: number;
  /** How many people those negative Mentions reached (recorded since Incidents keep their opening figures). */
  reach?: number;
}

/** A rise in severity, in words. */
export interface SeverityChangeLine {
  at: string;
  from?: Severity;
  to: Severity;
  /** Why, in plain words (plain-reason.ts). */
  text: string;
}

/** Which Incident, as the list and the post-mortems name it. */
export interface IncidentIdentity {
  incidentId: string;
  brandName: string;
  theme: string;
  /** The theme's display name (theme-label.ts). */
  themeLabel: string;
  severity: Severity;
  /** Status at the end of the week (when the report was built). */
  status: IncidentStatus;
  /** Opened in an earlier week and still active in this one. */
  carriedOver: boolean;
  /** The resolver's answer to "was the alert real?", in words (verdictText). */
  verdict?: string;
}

/** One line of the week's incident list, the first thing the report shows. */
export interface IncidentLine extends IncidentIdentity {
  openedAt: string;
  /** Why it opened, in plain words. */
  reasonText: string;
  /** The latest rise in severity, if any. */
  raised?: SeverityChangeLine;
  acknowledgedBy?: string;
  timeToAcknowledgeMinutes: number | null;
  timeToResolveMinutes: number | null;
  /** A post-mortem follows below (SEV1 and SEV2). */
  postMortem: boolean;
  /** SEV3: the root cause, as the resolver wrote it. */
  rootCause?: string;
}

/** One blameless PostMortem per SEV1/SEV2 Incident active in the week. */
export interface PostMortem extends IncidentIdentity {
  brand: string;
  summary: string;
  /** Why detection opened it, the detector's own words with the numbers. */
  reason: string;
  /** The same, in plain words. */
  reasonText: string;
  opening: OpeningFigures;
  severityChanges: SeverityChangeLine[];
  /** The running totals: at close, or so far while it is open. */
  impact: {
    mentions: number;
    negativeMentions: number;
    reach: number;
    /** Opened → resolved, or → end of week while it was still open. */
    durationMinutes: number;
    ongoing: boolean;
  };
  timeToDetectMinutes: number;
  timeToAcknowledgeMinutes: number | null;
  timeToResolveMinutes: number | null;
  /** Escalation levels notified before anyone acknowledged. */
  levelsNotified: number;
  timeline: TimelineEntry[];
  /** As the resolver wrote them; absent while unresolved. */
  rootCause?: string;
  trigger?: string;
  whatHelped?: string;
  wentWell?: string;
  wentBadly?: string;
  lucky?: string;
  resolvedBy?: string;
  /** Facts read from the timeline (never acknowledged, escalated to level 3, ...). */
  observations: string[];
  actionItems: ReportActionItem[];
}

/** A SEV3 Incident: one line. */
export interface MinorIncident {
  incidentId: string;
  brandName: string;
  theme: string;
  themeLabel: string;
  openedAt: string;
  status: IncidentStatus;
  mentions: number;
  line: string;
}

/** The data behind one chart; the ChartRenderer turns it into a PNG. */
export type ReportChart =
  | { id: 'daily-mentions'; title: string; alt: string; days: DailyPoint[]; incidents: IncidentMark[] }
  | { id: 'response-times'; title: string; alt: string; rows: SeverityTimes[] }
  | { id: 'complaint-themes'; title: string; alt: string; themes: ThemeCount[] };

export type ReportChartId = ReportChart['id'];

export interface WeeklyReport {
  version: typeof WEEKLY_REPORT_VERSION;
  week: ReportWeek;
  previousWeek: ReportWeek;
  generatedAt: string;
  brands: { id: string; name: string }[];
  /** The week's verdict in one sentence. */
  headline: string;
  thisWeek: WeekMetrics;
  lastWeek: WeekMetrics;
  daily: DailyPoint[];
  themes: ThemeCount[];
  timesBySeverity: SeverityTimes[];
  /** Every Incident active in the week, worst first: the list the report opens with. */
  incidents: IncidentLine[];
  postMortems: PostMortem[];
  minorIncidents: MinorIncident[];
  /** Open action items from incidents of earlier weeks that are past due. */
  overdueActionItems: ReportActionItem[];
  /** Short notes for the reader (no data recorded, lookback limit, ...). */
  notes: string[];
  /** How many of the alerts resolved were real, by trigger and theme, this week and last. */
  alertQuality: { thisWeek: AlertQuality; lastWeek: AlertQuality };
  /** "What to change", each with its numbers; empty in a week where no rule applies. */
  recommendations: Recommendation[];
  /** Who does what, as the config stood when the report was built (the appendix). */
  responsibilities: ResponsibilityMap;
  charts: ReportChart[];
}
