/**
 * The one configuration file, validated. Read by the CDK app and the local CLI alike;
 * an invalid file fails with the path of the bad field and why.
 */
import { z } from 'zod';
import { SEVERITIES } from './incident.ts';
import { ConfigError } from './config-error.ts';
import { plainIssues } from './config-issues.ts';
import { scheduleProblem } from './schedule.ts';
import { INDUSTRIES } from './analysis/theme-presets.ts';
import { RISK_CATEGORIES } from './analysis/risks.ts';
import { themeDefinitions } from './analysis/themes.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lowercase letters, digits and dashes (max 40)');
const email = z.email('must be an email address');
/** EventBridge Scheduler expression, checked field by field as AWS would at deploy time (schedule.ts). */
const schedule = z.string().superRefine((expression, ctx) => {
  const problem = scheduleProblem(expression);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Text encodings an import file may be read with; `auto` detects. */
export const TEXT_ENCODINGS = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1'] as const;

/** A phrase of the rule syntax (words, `word*`, a lone `*` for up to two words, `a|b`). */
const phrase = z.string().trim().min(1).refine((p) => p !== '*', 'a phrase needs at least one word');

export const ThemeSchema = z.strictObject({
  id,
  /** The one name emails, reports and the dashboard show; the built-in label when absent. */
  label: z.string().min(1).optional(),
  phrases: z.array(phrase).default([]),
  /** Word-sense guards: a phrase match they overlap does not count. */
  unless: z.array(phrase).default([]),
});

export const RiskRuleSchema = z.strictObject({
  id,
  phrases: z.array(phrase).min(1),
  scope: z.enum(['around', 'before', 'near', 'clause']).default('around'),
  categories: z.array(z.enum(RISK_CATEGORIES)).optional(),
  terms: z.array(phrase).optional(),
  unless: z.array(phrase).optional(),
});

export const BrandSchema = z.strictObject({
  id,
  name: z.string().min(1),
  /** The brand's own accounts, e.g. "@acme". Matched case-insensitively; posts by them are the brand's. */
  handles: z.array(z.string().min(1)).default([]),
  /** Words, phrases and hashtags that mean the brand. */
  keywords: z.array(z.string().min(1)).min(1, 'name at least one keyword'),
  /** Phrases that look like the brand but are not (e.g. "slack adjuster" for Slack). */
  exclusions: z.array(z.string().min(1)).default([]),
  /** The industry whose theme preset goes in front of the generic themes. */
  industry: z.enum(INDUSTRIES).optional(),
  /** The brand's own themes, or more phrases (and a label) for an existing theme id. */
  themes: z.array(ThemeSchema).optional(),
  /** More risk terms per category, and context rules that reject a term. */
  risk: z
    .strictObject({
      terms: z.partialRecord(z.enum(RISK_CATEGORIES), z.array(phrase)).optional(),
      ignore: z.array(RiskRuleSchema).default([]),
    })
    .optional(),
});

const sourceBase = {
  id,
  brand: id,
  schedule: schedule.default('rate(5 minutes)'),
  /** Overrides the platform's API base URL (proxies, self-hosted instances, tests). */
  baseUrl: z.url().optional(),
  /** Secrets Manager secret name (AWS) / env var prefix (local) holding credentials. */
  secret: z.string().min(1).optional(),
  /** Most pages one run reads before it stops and resumes next run. */
  maxPages: z.number().int().min(1).max(50).default(5),
};

const positive = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);

export const SourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...sourceBase,
    kind: z.literal('rss'),
    url: z.url(),
    followComments: z.boolean().default(false),
    /** The brand's own blog: its posts are the brand's (author.isBrand), its comments the community's. */
    own: z.boolean().default(false),
    /** Most per-post comment feeds (wfw:commentRss) read per run, newest posts first. */
    commentFeeds: positive(50, 10),
  }),
  z.strictObject({
    ...sourceBase,
    kind: z.literal('import'),
    path: z.string().min(1),
    format: z.enum(['csv', 'jsonl']).optional(),
    /** The file's text encoding; `auto` detects UTF-8 / UTF-16 / Windows-1252 (Latin-1). */
    encoding: z.enum(TEXT_ENCODINGS).optional(),
    /** Mention field -> column (CSV header or JSON key, dotted for nested keys). */
    columns: z.record(z.string(), z.string()).default({}),
  }),
  z.strictObject({
    ...sourceBase,
    kind: z.literal('x'),
    /** X search query, e.g. `"acme air" OR @acmeair -is:retweet`. */
    query: z.string().min(1).optional(),
    /** The brand account's numeric user id: its mentions are read, and its posts are the brand's. */
    userId: z.string().regex(/^\d+$/, 'must be the numeric user id').optional(),
  }),
  z.strictObject({
    ...sourceBase,
    kind: z.literal('reddit'),
    query: z.string().min(1).optional(),
    /** Subreddits (without r/) whose new posts and comments are read. */
    subreddits: z.array(z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'a subreddit name without r/')).default([]),
    /** Where the app-only OAuth token is requested; defaults to www.reddit.com (or baseUrl when set). */
    authUrl: z.url().optional(),
    /** Look up each author's karma as reach (one extra request per new author, cached). */
    karma: z.boolean().default(true),
  }),
  z.strictObject({
    ...sourceBase,
    kind: z.literal('mastodon'),
    instance: z.url(),
    hashtags: z.array(z.string().min(1)).default([]),
    query: z.string().optional(),
    /** Mentions of the account whose token is in the secret. */
    notifications: z.boolean().default(false),
  }),
  z.strictObject({
    ...sourceBase,
    kind: z.literal('bluesky'),
    query: z.string().min(1).optional(),
    notifications: z.boolean().default(false),
    /** Notification reasons read when `notifications` is on. */
    reasons: z.array(z.enum(['mention', 'quote', 'reply'])).default(['mention', 'quote']),
  }),
  z.strictObject({
    ...sourceBase,
    kind: z.literal('hackernews'),
    query: z.string().min(1),
    /** Algolia tags filter. */
    tags: z.string().default('(story,comment)'),
    karma: z.boolean().default(true),
  }),
  z.strictObject({
    ...sourceBase,
    kind: z.literal('facebook'),
    pageId: z.string().min(1),
    /** The newest posts whose new comments are read each run. */
    commentPosts: positive(50, 10),
  }),
  z.strictObject({
    ...sourceBase,
    kind: z.literal('linkedin'),
    organizationId: z.string().regex(/^\d+$/, 'must be the numeric organization id'),
    /** The newest organisation posts whose new comments are read each run. */
    commentPosts: positive(50, 10),
    /** LinkedIn-Version header (YYYYMM); versions are retired after about a year. */
    apiVersion: z.string().regex(/^\d{6}$/, 'must be YYYYMM').default('202510'),
  }),
]);

export const OwnerSchema = z.strictObject({
  id,
  name: z.string().min(1),
  email,
});

/** Step Functions caps a task's TimeoutSeconds at one year; a page that waits a day is already too long. */
const MAX_LEVEL_TIMEOUT_MINUTES = 24 * 60;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM on a 24-hour clock');

/** A daily window in the policy's time zone; it may cross midnight (22:00-07:00). */
export const QuietHoursSchema = z
  .strictObject({ start: clockTime, end: clockTime })
  .refine((q) => q.start !== q.end, 'start and end must differ');

export const LevelSchema = z.strictObject({
  /**
   * SEV3 only: inside these hours the Level is paged when they end. SEV1 and SEV2 always page.
   * The time zone is the policy's.
   */
  quietHours: QuietHoursSchema.optional(),
  /** Owner ids notified at this Level. */
  owners: z.array(id).min(1, 'a level needs at least one owner'),
  timeoutMinutes: z.number().int().min(1).max(MAX_LEVEL_TIMEOUT_MINUTES),
});

export const EscalationPolicySchema = z.strictObject({
  id,
  severities: z.array(z.enum(SEVERITIES)).min(1),
  brands: z.array(id).optional(),
  levels: z.array(LevelSchema).min(1, 'a policy needs at least one level'),
  /** Only Incidents with a triggering Mention from one of these source ids; absent: any source. */
  sources: z.array(id).min(1).optional(),
  /** Only Incidents of these themes (billing, outage, ...); absent: any theme. */
  themes: z.array(z.string().min(1)).min(1).optional(),
  /** Minutes between reminders while an acknowledged Incident stays unresolved. */
  remindMinutes: z.number().int().min(5).max(MAX_LEVEL_TIMEOUT_MINUTES).default(60),
  /** IANA time zone of the quiet hours; the config's `timeZone` when absent. */
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London').optional(),
  /** How many times the whole ladder repeats before everyone in the policy is notified. */
  repeat: z.number().int().min(0).max(5).default(0),
});

/** A surge's size that makes it this severity: all three must hold. */
const SurgeSizeSchema = (sigma: number, ratio: number, negative: number) =>
  z.strictObject({
    /** Robust standard deviations above the brand's baseline. */
    sigma: z.number().min(0).default(sigma),
    /** The window's negatives over the baseline's centre. */
    ratio: z.number().min(1).default(ratio),
    /** Negative Mentions in the window. */
    negative: z.number().int().min(1).default(negative),
  });

/** How big a surge or a lone post must be for SEV2 and SEV1 (smaller ones are SEV3). */
export const SeveritySchema = z.strictObject({
  sev2: SurgeSizeSchema(4, 3, 15).default({ sigma: 4, ratio: 3, negative: 15 }),
  sev1: SurgeSizeSchema(8, 6, 40).default({ sigma: 8, ratio: 6, negative: 40 }),
  /** During warm-up (no trusted baseline), multiples of warmupThreshold that make SEV2 and SEV1. */
  warmupSev2: z.number().min(1).default(2),
  warmupSev1: z.number().min(1).default(4),
  /** A surge whose negative Mentions reach at least this many people is one step more severe. */
  reach: z.number().int().min(1).default(1_000_000),
  /** A lone post is SEV3 unless its author reaches this many people (SEV2) ... */
  loneReach: z.number().int().min(1).default(1_000_000),
  /** ... or at least this many other authors posted the same problem within the window (SEV2; both: SEV1). */
  corroboration: z.number().int().min(1).default(2),
});

export const DetectionSchema = z.strictObject({
  bucketMinutes: z.number().int().min(1).max(60).default(15),
  windowMinutes: z.number().int().min(5).max(24 * 60).default(60),
  /**
   * When the whole window is no spike, its latest earlyMinutes are judged on their own (against
   * the baseline of windows that long, with the same minNegative; not during warm-up), so a steep
   * surge is caught before it fills the window. 0, or a value not below windowMinutes, turns it off.
   */
  earlyMinutes: z.number().int().min(0).max(24 * 60).default(30),
  /** Fewer negative Mentions than this in the window never open an Incident. */
  minNegative: z.number().int().min(1).default(8),
  /** Standard deviations above the baseline that make a spike. */
  sigma: z.number().min(1).default(3),
  baselineDays: z.number().int().min(1).max(28).default(7),
  /**
   * The baseline is trusted once the brand was observed (had any Mention) in this many hours of the
   * last baselineDays; before that, an absolute threshold of warmupThreshold negatives decides
   * (raised to σ above the observed windows, once there are two, on a brand busier than that).
   */
  warmupHours: z.number().int().min(1).default(24),
  warmupThreshold: z.number().int().min(1).default(15),
  /**
   * A window with this many times the brand's usual Mentions (all of them) is a volume surge: then
   * negatives at 1.5× their usual are a spike, since an analyser sees only part of a retweeted complaint.
   */
  volumeRatio: z.number().min(1.5).default(4),
  /** A negative Mention from an author with at least this reach opens an Incident alone. */
  highReach: z.number().int().min(1).default(100_000),
  /** An Incident whose brand is back to its normal level (or, for a risk, has no new Mention) this long is proposed for resolution. */
  quietMinutes: z.number().int().min(5).default(240),
  /** A resolved Incident whose problem flares up again within this long is reopened instead of a new one opening. */
  reopenMinutes: z.number().int().min(0).max(7 * 24 * 60).default(720),
  /** A new surge on an open Incident: the window's negatives at least this many times the level it opened or last rose at. */
  raiseFactor: z.number().min(1.1).default(2),
  severity: SeveritySchema.default(SeveritySchema.parse({})),
  /** A source with no Mention for this long, while its baseline for the span is busy, raises a warning (default max(2 × window, 120)). */
  silenceMinutes: z.number().int().min(15).optional(),
  /** The baseline count over the silence span below which a silent source is not unusual (default 10). */
  silenceMinMentions: z.number().int().min(1).optional(),
  autoResolve: z.boolean().default(false),
});

/** A share from 0 to 1 (0.8 is 80%). */
const share = z.number().min(0, 'a share from 0 to 1, e.g. 0.8 for 80%').max(1, 'a share from 0 to 1, e.g. 0.8 for 80%');

/**
 * What good looks like, for the weekly report's "What to change": each is compared with the
 * week's figures, and a miss is named with its numbers.
 */
export const TargetsSchema = z.strictObject({
  /** Share of complaints the brand replies to; absent: not judged. */
  repliedShare: share.optional(),
  /** Median minutes to the brand's first reply to a complaint; absent: not judged. */
  firstReplyMinutes: z.number().int().min(1).max(7 * 24 * 60).optional(),
  /** Share of pages a Level should acknowledge within its timeoutMinutes; a Level below it is named. */
  acknowledgedInTime: share.default(0.5),
  /** Share of a trigger's classified alerts marked false alarm above which its threshold is up for review. */
  falseAlarmShare: share.default(0.3),
});

const reservedConcurrency = z.union([z.number().int().min(1).max(1000), z.literal(false)]).default(5);

/**
 * An SMTP server for local runs. Credentials come from the environment, never from the file:
 * `secret: smtp` reads SMTP_USER and SMTP_PASSWORD (no login when both are unset).
 */
export const SmtpSchema = z.strictObject({
  host: z.string().min(1),
  /** @default 587 (465 with `security: tls`) */
  port: z.number().int().min(1).max(65535).optional(),
  /** starttls: upgrade the connection and refuse to send without TLS; tls: TLS from the first byte (port 465); none: plain (a relay on this machine). */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  /** Environment prefix of the credentials: SMTP_USER, SMTP_PASSWORD. */
  secret: z.string().min(1).default('smtp'),
});

export const ConfigSchema = z
  .strictObject({
    /** The verified SES identity escalation and report emails are sent from. */
    sender: email,
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London'),
    analyzer: z.enum(['lexicon', 'comprehend']).default('comprehend'),
    /** Days a Mention is kept (DynamoDB TTL): it holds strangers' personal data. */
    retentionDays: z.number().int().min(1).max(3650).default(90),
    brands: z.array(BrandSchema).min(1),
    sources: z.array(SourceSchema).default([]),
    owners: z.array(OwnerSchema).min(1),
    escalationPolicies: z.array(EscalationPolicySchema).min(1),
    detection: DetectionSchema.default(DetectionSchema.parse({})),
    report: z.strictObject({
      recipients: z.array(email).min(1),
      /** EventBridge Scheduler cron, evaluated in `timeZone`. */
      schedule: schedule.default('cron(0 9 ? * MON *)'),
    }),
    alarms: z.strictObject({ emails: z.array(email).default([]) }).default({ emails: [] }),
    /** Local runs only (`crisis-desk watch`, `drill`, `fetch`): email through this SMTP server instead of the outbox folder. */
    smtp: SmtpSchema.optional(),
    /**
     * The public acknowledge / resolve URL (it is in every email). Its function's reserved
     * concurrency caps what a flood of it can take from the account; `false` reserves none (an
     * account whose concurrency limit is 10 cannot reserve any).
     */
    actionEndpoint: z.strictObject({ reservedConcurrency }).default({ reservedConcurrency: 5 }),
    /**
     * The read-only incident page every escalation, reminder and notice email links to: its link
     * works for `linkDays` (longer than the single-use action links), and its public function's
     * reserved concurrency is capped like the action endpoint's.
     */
    incidentPage: z
      .strictObject({ linkDays: z.number().int().min(1).max(365).default(30), reservedConcurrency })
      .default({ linkDays: 30, reservedConcurrency: 5 }),
    targets: TargetsSchema.default(TargetsSchema.parse({})),
    /**
     * X-Ray. Every function and state machine is traced whatever this says (Lambda active
     * tracing); `sdkCalls: true` adds a subsegment for each AWS SDK call (DynamoDB, Comprehend,
     * SES ...) through Powertools Tracer, which brings the X-Ray SDK into every function bundle
     * (about 120 KB minified). Decided at synth: off, that code is not in the bundles at all.
     */
    tracing: z.strictObject({ sdkCalls: z.boolean().default(false) }).default({ sdkCalls: false }),
  })
  .superRefine((config, ctx) => {
    const unique = (items: { id: string }[], path: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [path, i, 'id'], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
      });
    };
    unique(config.brands, 'brands');
    unique(config.sources, 'sources');
    unique(config.owners, 'owners');
    unique(config.escalationPolicies, 'escalationPolicies');
    const brands = new Set(config.brands.map((b) => b.id));
    const owners = new Set(config.owners.map((o) => o.id));
    config.sources.forEach((s, i) => {
      if (!brands.has(s.brand)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'brand'], message: `unknown brand "${s.brand}"` });
    });
    config.escalationPolicies.forEach((p, i) => {
      p.levels.forEach((l, j) =>
        l.owners.forEach((o, k) => {
          if (!owners.has(o)) ctx.addIssue({ code: 'custom', path: ['escalationPolicies', i, 'levels', j, 'owners', k], message: `unknown owner "${o}"` });
        }),
      );
      const sourceIds = new Set(config.sources.map((src) => src.id));
      p.sources?.forEach((src, j) => {
        if (!sourceIds.has(src)) ctx.addIssue({ code: 'custom', path: ['escalationPolicies', i, 'sources', j], message: `unknown source "${src}"` });
      });
      if (!p.severities.includes('SEV3'))
        p.levels.forEach((l, j) => {
          if (l.quietHours)
            ctx.addIssue({ code: 'custom', path: ['escalationPolicies', i, 'levels', j, 'quietHours'], message: 'quiet hours apply to SEV3 only, and this policy covers no SEV3' });
        });
      p.brands?.forEach((b, j) => {
        if (!brands.has(b)) ctx.addIssue({ code: 'custom', path: ['escalationPolicies', i, 'brands', j], message: `unknown brand "${b}"` });
      });
      // A theme no brand of the policy has would never match: a typo pages nobody.
      const themes = new Set(
        config.brands.filter((b) => !p.brands || p.brands.includes(b.id)).flatMap((b) => themeDefinitions(b.industry, b.themes).map((t) => t.id)),
      );
      p.themes?.forEach((t, j) => {
        if (!themes.has(t)) ctx.addIssue({ code: 'custom', path: ['escalationPolicies', i, 'themes', j], message: `unknown theme "${t}" (themes of its brands: ${[...themes].join(', ')})` });
      });
    });
    for (const sev of SEVERITIES) {
      if (!config.escalationPolicies.some((p) => p.severities.includes(sev)))
        ctx.addIssue({ code: 'custom', path: ['escalationPolicies'], message: `no policy covers ${sev}` });
    }
  });

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;
export type Brand = z.output<typeof BrandSchema>;
export type SourceConfig = z.output<typeof SourceSchema>;
export type Owner = z.output<typeof OwnerSchema>;
export type EscalationPolicy = z.output<typeof EscalationPolicySchema>;
export type Level = z.output<typeof LevelSchema>;
export type QuietHours = z.output<typeof QuietHoursSchema>;
export type DetectionConfig = z.output<typeof DetectionSchema>;
export type SmtpConfig = z.output<typeof SmtpSchema>;
export type Targets = z.output<typeof TargetsSchema>;

export { ConfigError } from './config-error.ts';

/** Validates parsed config data (from YAML or JSON). Throws ConfigError naming each bad field. */
export function parseConfig(data: unknown, origin = 'config'): Config {
  const result = ConfigSchema.safeParse(data);
  if (result.success) return result.data;
  throw new ConfigError(plainIssues(ConfigSchema, data, result.error.issues), origin);
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The policy for an Incident: the first that names its brand, else the first for its severity. */
export function policyFor(config: Config, brand: string, severity: string): EscalationPolicy {
  const candidates = config.escalationPolicies.filter((p) => p.severities.includes(severity as never));
  const policy = candidates.find((p) => p.brands?.includes(brand)) ?? candidates.find((p) => !p.brands);
  if (!policy) throw new ConfigError([{ path: 'escalationPolicies', message: `no policy for ${brand} ${severity}` }]);
  return policy;
}
