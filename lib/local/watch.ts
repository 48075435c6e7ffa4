/**
 * `crisis-desk watch`: the whole product on one machine, for real. Every source runs on its own
 * schedule (the expressions the stack gives EventBridge Scheduler, in the config's time zone),
 * each run ingests and detects exactly as the fetch Lambda does, new Incidents are escalated
 * through the interpreted state machine with real timers, the action pages are served, and the
 * weekly report is built on its schedule.
 *
 * State lives in <dir>/db: Mentions, counters, cursors, Incidents, and the record of the flows'
 * executions. A restart resumes each escalation where it stood (execution-journal.ts), so nobody
 * is paged twice for one page. `stop()` stops the schedules, waits for the run in progress,
 * closes the server and the database, and releases its lock.
 */
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';
import type { Config } from '../../lambdas/core/config.ts';
import type { Incident } from '../../lambdas/core/incident.ts';
import type { IngestSummary } from '../../lambdas/core/ingest.ts';
import type { Mailer } from '../../lambdas/core/ports.ts';
import { announcingMailer } from './announcing-mailer.ts';
import { nextRun, parseSchedule, type Schedule } from '../../lambdas/core/schedule.ts';
import type { LocalRuntime } from './runtime.ts';
import { startServedRuntime } from './served-runtime.ts';

export type WatchEvent =
  | { kind: 'started'; url: string; email: string; sources: { id: string; schedule: string; next?: string }[]; report: { schedule: string; next?: string }; resumed: string[] }
  | { kind: 'fetched'; sourceId: string; summary: IngestSummary; next?: string }
  | { kind: 'fetch-failed'; sourceId: string; error: string; next?: string }
  | { kind: 'opened'; incident: Incident }
  | { kind: 'emailed'; to: string[]; subject: string }
  | { kind: 'email-failed'; to: string[]; subject: string; error: string }
  | { kind: 'report'; week: string; html: string; next?: string }
  | { kind: 'report-failed'; error: string; next?: string }
  | { kind: 'log'; line: string }
  | { kind: 'stopped'; running: number };

export interface WatchOptions {
  config: Config;
  /** The working folder: db/, outbox/, reports/. */
  dir: string;
  /** Where the action pages listen on 127.0.0.1 (0: a free port). */
  port: number;
  onEvent: (event: WatchEvent) => void;
  /** Real milliseconds per simulated millisecond for the flows' waits (tests shorten them). @default 1 */
  flowTimeScale?: number;
  /** Longest sleep between two looks at the schedules (the wall clock may jump). @default 60 s */
  maxSleepMs?: number;
}

export interface Watch {
  url: string;
  runtime: LocalRuntime;
  /** Resolves when the runs due at start have finished (the first fetch of every rate() source). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

interface Job {
  name: string;
  schedule: Schedule;
  /** When the scheduler began: rate() schedules count their periods from here. */
  start: Date;
  next?: Date;
  run(): Promise<void>;
}

export async function startWatch(options: WatchOptions): Promise<Watch> {
  const { config, onEvent } = options;
  const emit = (event: WatchEvent) => {
    try {
      onEvent(event);
    } catch {
      // Printing must never stop the watch.
    }
  };
  const announce = (inner: Mailer) =>
    announcingMailer(inner, {
      sent: (email) => emit({ kind: 'emailed', to: email.to, subject: email.subject }),
      failed: (email, error) => emit({ kind: 'email-failed', to: email.to, subject: email.subject, error: error.message }),
    });
  const { server, runtime: rt } = await startServedRuntime({
    config,
    dir: options.dir,
    port: options.port,
    flowTimeScale: options.flowTimeScale ?? 1,
    mailer: announce,
    // Warnings and errors as they happen (a source failing, a page that could not be sent).
    // A failed source run is its own event (with its next try): its log line would say it twice.
    logger: new ConsoleLogger({ quiet: true, write: (line) => void (/ source run failed;/.test(line) || emit({ kind: 'log', line })) }),
  });
  const resumed = await rt.resumeFlows();

  const startedAt = new Date();
  const next = (job: Job, after: Date) => nextRun(job.schedule, after, config.timeZone, job.start);
  const jobs: Job[] = config.sources.map((source) => {
    const schedule = parseSchedule(source.schedule);
    const job: Job = {
      name: `source ${source.id}`,
      schedule,
      start: startedAt,
      // A rate() source runs at once, then every period; cron() and at() wait for their time.
      next: schedule.kind === 'rate' ? startedAt : nextRun(schedule, startedAt, config.timeZone, startedAt),
      run: async () => {
        try {
          const summary = await rt.fetch(source.id);
          emit({ kind: 'fetched', sourceId: source.id, summary, next: next(job, new Date())?.toISOString() });
          for (const incident of summary.opened) emit({ kind: 'opened', incident });
        } catch (err) {
          emit({ kind: 'fetch-failed', sourceId: source.id, error: (err as Error).message, next: next(job, new Date())?.toISOString() });
        }
      },
    };
    return job;
  });
  const reportSchedule = parseSchedule(config.report.schedule);
  const reportJob: Job = {
    name: 'weekly report',
    schedule: reportSchedule,
    start: startedAt,
    next: nextRun(reportSchedule, startedAt, config.timeZone, startedAt),
    run: async () => {
      try {
        const result = await rt.weeklyReport();
        emit({ kind: 'report', week: result.week, html: result.html, next: next(reportJob, new Date())?.toISOString() });
      } catch (err) {
        emit({ kind: 'report-failed', error: (err as Error).message, next: next(reportJob, new Date())?.toISOString() });
      }
    },
  };
  jobs.push(reportJob);

  emit({
    kind: 'started',
    url: server.url,
    email: rt.emailTo,
    sources: config.sources.map((s, i) => ({ id: s.id, schedule: s.schedule, next: jobs[i]!.next?.toISOString() })),
    report: { schedule: config.report.schedule, next: reportJob.next?.toISOString() },
    resumed,
  });

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let first = true;

  const tick = () => {
    timer = undefined;
    current = (async () => {
      // One job at a time, oldest due first: a slow source delays the next, it never overlaps itself.
      for (;;) {
        if (stopped) return;
        const now = Date.now();
        const due = jobs.filter((j) => j.next && j.next.getTime() <= now).sort((a, b) => a.next!.getTime() - b.next!.getTime())[0];
        if (!due) break;
        await due.run();
        // A run that overran its period skips the slots it missed instead of running back to back.
        due.next = next(due, new Date(Math.max(Date.now(), due.next!.getTime())));
      }
      if (first) {
        first = false;
        markReady();
      }
      if (stopped) return;
      const soonest = Math.min(...jobs.map((j) => j.next?.getTime() ?? Number.POSITIVE_INFINITY));
      const wait = Math.min(Math.max(0, soonest - Date.now()), options.maxSleepMs ?? 60_000);
      timer = setTimeout(tick, wait);
    })();
  };
  tick();

  return {
    url: server.url,
    runtime: rt,
    ready,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await current;
      markReady();
      const running = rt.escalationRunner()?.executions().filter((n) => rt.escalationRunner()?.status(n) === 'RUNNING').length ?? 0;
      await server.close();
      await rt.stop();
      emit({ kind: 'stopped', running });
    },
  };
}
