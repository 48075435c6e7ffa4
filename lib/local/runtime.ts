/**
 * The local composition root: the embedded stand-ins wired to the same core, handlers and
 * state-machine definitions the stack deploys.
 *
 *   DynamoDB        -> dynalite (in memory, or in <dir>/db to keep state between commands)
 *   Step Functions  -> the ASL read from the synthesized template, run by LocalFlowRunner
 *   SES             -> OutboxMailer (<dir>/outbox: .eml + .html), or SmtpMailer with `smtp:` in the config
 *   Step Functions' execution history -> the LocalExecutions table (execution-journal.ts), when the database persists
 *   S3              -> FolderReportStore (<dir>/reports)
 *   Comprehend      -> LexiconAnalyzer
 *   Secrets Manager -> environment variables (EnvSecretReader)
 */
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';
import { createDynamoStores, type DynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { FolderReportStore } from '../../lambdas/adapters/folder-report-store.ts';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import { OutboxMailer } from '../../lambdas/adapters/outbox-mailer.ts';
import { SmtpMailer } from '../../lambdas/adapters/smtp-mailer.ts';
import { EnvSecretReader } from '../../lambdas/adapters/secrets.ts';
import type { Config } from '../../lambdas/core/config.ts';
import type { IngestDeps, IngestSummary } from '../../lambdas/core/ingest.ts';
import { createIncidentActions } from '../../lambdas/core/incident-actions.ts';
import { createLinkSigner, type LinkSigner } from '../../lambdas/core/links.ts';
import type { Clock, FlowCallback, FlowStarter, Logger, Mailer, Metrics, Source } from '../../lambdas/core/ports.ts';
import { runSource, type SourceFactory } from '../../lambdas/core/run-source.ts';
import { buildWeeklyReport, reportFolder } from '../../lambdas/core/report/build-weekly-report.ts';
import { SvgChartRenderer } from '../../lambdas/adapters/chart-renderer.ts';
import { createIncidentActionHandler } from '../../lambdas/handlers/incident-action.ts';
import { createIncidentPageHandler } from '../../lambdas/handlers/incident-page.ts';
import { createLocalPages, localIncidentPageUrl } from './pages.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { synthesizeStack } from '../synth.ts';
import { createTables } from './create-tables.ts';
import { lockDatabase } from './db-lock.ts';
import { DynamoExecutionJournal, LOCAL_TABLES, type ExecutionJournal } from './execution-journal.ts';
import { localLinkSecret } from './link-key.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from './embedded-dynamo.ts';
import { createLocalFlows, ESCALATION_MACHINE, type LocalFlows } from './local-flows.ts';
import { MirroredCounterStore } from './mirrored-counter-store.ts';
import type { FunctionUrlHandler } from './serve.ts';
import type { Timers } from './timers.ts';
import { systemClock } from '../../lambdas/adapters/system-clock.ts';

export interface LocalRuntimeOptions {
  config: Config;
  /** The working folder: outbox/, reports/, db/. */
  dir: string;
  /** Keep the tables in <dir>/db between runs. @default false (in memory) */
  persist?: boolean;
  /** Answer counter ranges from memory; only while this process is the database's only writer. @default !persist */
  mirrorCounters?: boolean;
  clock?: Clock;
  /**
   * Build the flows at start rather than at the first Incident: a run in simulated time must not
   * stall for the synth in the middle of a crisis. @default false
   */
  eagerFlows?: boolean;
  /** Real milliseconds per simulated millisecond for the flows' waits. @default 1 */
  flowTimeScale?: number;
  /** Times the flows' waits instead of real timers: the demo's virtual time (then `clock` should be it too). */
  timers?: Timers;
  logger?: Logger;
  /** Wraps the outbox (the demo's simulated Owners read their email this way). */
  mailer?: (outbox: Mailer) => Mailer;
  /** Where the action links point: the local page server. */
  actionsBaseUrl?: string;
  /** Signs the action links; from CRISIS_DESK_LINK_SECRET, else the install's own key in <dir>/link-key. */
  linkSecret?: string;
  /** Wraps the link signer (the demo's links last a week from the day it ran, not from its simulated dates). */
  signer?: (signer: LinkSigner) => LinkSigner;
  /** Builds a source; default the real connectors with credentials from the environment. */
  sources?: SourceFactory;
  /**
   * Keep a record of the flows' executions in the database, so a start is a no-op across processes
   * and `resumeFlows()` carries them on after a restart. @default persist, on the system clock
   */
  keepExecutions?: boolean;
  /** Send through the config's `smtp:` server when it has one. @default true */
  useSmtp?: boolean;
}

export interface LocalRuntime {
  config: Config;
  clock: Clock;
  dynamo: EmbeddedDynamo;
  stores: DynamoStores;
  outbox: OutboxMailer;
  mailer: Mailer;
  reports: FolderReportStore;
  signer: LinkSigner;
  ingestDeps: IngestDeps;
  incidentAction: FunctionUrlHandler;
  /** Everything served locally: the action pages, the incident page, the incident list (lib/local/pages.ts). */
  pages: FunctionUrlHandler;
  /** Builds, stores and emails the WeeklyReport of the week holding `week` (YYYY-MM-DD; default the last complete week). */
  weeklyReport(week?: string, options?: { send?: boolean }): Promise<{ html: string; json?: string; week: string }>;
  /** One fetch cycle of one source, exactly as the fetch-mentions Lambda runs it. */
  fetch(sourceId: string): Promise<IngestSummary>;
  /** Where email goes: "the outbox <dir>/outbox" or "SMTP host:port". */
  emailTo: string;
  /** Checks the SMTP server answers and accepts the login (nothing to check with the outbox). */
  verifyEmail(): Promise<void>;
  /** The record of flow executions (undefined when not kept). */
  journal?: ExecutionJournal;
  /** Carries on the escalations a stopped process left running. Returns the Incident ids resumed. */
  resumeFlows(): Promise<string[]>;
  /** Waits until the escalations started in this process have sent their page (or ended). */
  settleFlows(incidentIds?: string[], timeoutMs?: number): Promise<void>;
  /** The escalation runner, once a flow was needed (undefined before). */
  escalationRunner(): LocalFlows['escalation'] | undefined;
  /**
   * Stops: flows are suspended (kept running in the journal, resumed by the next process), the
   * database closes, its lock is released.
   */
  stop(): Promise<void>;
}

const noMetrics: Metrics = { count() {} };
/** The key local runs sign action links with, so `serve` accepts the links the demo and `fetch` wrote. */
export { localLinkSecret } from './link-key.ts';

/** Where local action links point: `crisis-desk serve` listens here by default. */
export const LOCAL_ACTIONS_URL = 'http://127.0.0.1:8787/';

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { config, dir } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? new ConsoleLogger();
  await mkdir(dir, { recursive: true });
  const release = options.persist ? await lockDatabase(join(dir, 'db')) : async () => {};
  const dynamo = await startEmbeddedDynamo(options.persist ? { path: join(dir, 'db') } : {}).catch(async (err: unknown) => {
    await release();
    throw err;
  });
  // One process per local database (the lock above): a source lease left by a killed command is
  // that dead process's, and is taken over at once instead of holding the source until it expires.
  const stores = createDynamoStores(dynamo.client, dynamo.tableNames, { retentionDays: config.retentionDays, leaseHolder: randomUUID(), takeOverLeases: true });
  const keepExecutions = options.keepExecutions ?? (Boolean(options.persist) && !options.clock);
  const journalTables = keepExecutions
    ? await createTables(dynamo.client, LOCAL_TABLES).catch(async (err: unknown) => {
        await dynamo.stop();
        await release();
        throw err;
      })
    : undefined;
  const journal = journalTables && new DynamoExecutionJournal({ client: dynamo.client, tableName: journalTables.executions });
  const outbox = new OutboxMailer({ dir: join(dir, 'outbox'), clock });
  const smtp =
    config.smtp && (options.useSmtp ?? true)
      ? new SmtpMailer({ smtp: config.smtp, credentials: smtpCredentials(await new EnvSecretReader().get(config.smtp.secret)), clock })
      : undefined;
  const base: Mailer = smtp ?? outbox;
  const mailer = options.mailer ? options.mailer(base) : base;
  const reports = new FolderReportStore({ dir: join(dir, 'reports') });
  const baseSigner = createLinkSigner(options.linkSecret ?? (await localLinkSecret(dir)));
  const signer = options.signer ? options.signer(baseSigner) : baseSigner;
  const actionsBaseUrl = options.actionsBaseUrl ?? LOCAL_ACTIONS_URL;
  const pageUrl = localIncidentPageUrl(actionsBaseUrl);

  // Synthesizing the stack takes seconds: commands that never touch a flow (report, most of serve) skip it.
  let flows: LocalFlows | undefined;
  const escalation = () =>
    (flows ??= createLocalFlows({
      synthesized: synthesizeStack(config),
      config,
      stores,
      mailer,
      clock,
      logger,
      signer,
      actionsBaseUrl,
      pageUrl,
      timeScale: options.flowTimeScale ?? 1,
      ...(options.timers && { timers: options.timers }),
      journal,
    })).escalation;
  if (options.eagerFlows) escalation();
  const flowPorts: FlowStarter & FlowCallback = {
    start: (id, input) => escalation().start(id, input),
    succeed: (token, output) => escalation().succeed(token, output),
    fail: (token, error, cause) => escalation().fail(token, error, cause),
  };

  const counters = options.mirrorCounters ?? !options.persist ? new MirroredCounterStore(stores.counters) : stores.counters;
  const ingestDeps: IngestDeps = {
    config,
    clock,
    ...stores,
    counters,
    analyzer: new LexiconAnalyzer(),
    flows: flowPorts,
    callbacks: flowPorts,
    logger,
    metrics: noMetrics,
  };
  const secrets = new EnvSecretReader();
  const makeSource: SourceFactory =
    options.sources ??
    (async (source, run): Promise<Source> =>
      createSource(source, {
        credentials: source.secret ? await secrets.get(source.secret).catch(() => ({})) : {},
        clock,
        brand: config.brands.find((b) => b.id === source.brand),
        deadline: run?.deadline,
      }));

  const incidentAction = createIncidentActionHandler({
    signer: async () => signer,
    incidents: stores.incidents,
    actions: createIncidentActions({ incidents: stores.incidents, callbacks: flowPorts, mailer, clock, logger, config }),
    clock,
    logger,
    config,
    pages: { pageUrl, linkDays: config.incidentPage.linkDays, actionsUrl: actionsBaseUrl },
  });
  const pageDeps = { incidents: stores.incidents, mentions: stores.mentions, counters: stores.counters, clock, logger, config };
  const pages = createLocalPages({
    actions: incidentAction,
    incidentPage: createIncidentPageHandler({ ...pageDeps, signer: async () => signer }),
    deps: { ...pageDeps, signer },
  });

  return {
    config,
    clock,
    dynamo,
    stores,
    outbox,
    mailer,
    reports,
    signer,
    ingestDeps,
    incidentAction,
    pages,
    fetch: (sourceId) => runSource(ingestDeps, makeSource, sourceId),
    emailTo: smtp ? `SMTP ${config.smtp!.host}` : `the outbox ${join(dir, 'outbox')}`,
    journal,
    verifyEmail: async () => smtp?.verify(),
    resumeFlows: async () => {
      // Synthesizing the stack takes seconds: only when there is something to resume.
      if (!journal || (await journal.running(ESCALATION_MACHINE)).length === 0) return [];
      return escalation().resume();
    },
    settleFlows: async (ids, timeoutMs) => flows?.escalation.settled(ids, timeoutMs),
    escalationRunner: () => flows?.escalation,
    weeklyReport: async (week, opts = {}) => {
      const result = await buildWeeklyReport(
        { clock, counters: stores.counters, incidents: stores.incidents, reports, mailer, charts: new SvgChartRenderer(), logger, keyPrefix: '' },
        config,
        { ...(week ? { week } : {}), send: opts.send ?? true },
      );
      const folder = reportFolder(result.week, '');
      const stored = (suffix: string) => Object.entries(result.stored).find(([key]) => key.startsWith(folder) && key.endsWith(suffix))?.[1];
      return { html: stored('.html') ?? result.archiveUrl, json: stored('.json'), week: result.week.start };
    },
    stop: async () => {
      await flows?.stop();
      smtp?.close();
      await dynamo.stop();
      await release();
    },
  };
}

/** SMTP_USER / SMTP_PASSWORD (for `secret: smtp`) as nodemailer's login. */
const smtpCredentials = (secret: Record<string, string>): { user?: string; password?: string } => ({
  ...(secret.user && { user: secret.user }),
  ...(secret.password && { password: secret.password }),
});
