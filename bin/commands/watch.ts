/**
 * `watch --config <file> [--port 8787] [--dir .crisis-desk]`: crisis-desk for real on this machine
 * (lib/local/watch.ts), printing what it does as it goes; Ctrl-C stops it cleanly.
 */
import { relative } from 'node:path';
import { loadConfigFile } from '../../lib/config-file.ts';
import { startWatch, type WatchEvent } from '../../lib/local/watch.ts';
import { CONFIG_OPTION, DIR_OPTION, lineIo, runCommand, type CommandIo, type CommandSpec } from '../command.ts';
import { PORT_OPTION } from './serve.ts';
import { untilStopped } from './signals.ts';

interface WatchOptions {
  config: string;
  port: number;
  dir: string;
}

const time = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') : 'never');

/** One event as the line(s) a person watching the terminal reads. */
export function describeEvent(event: WatchEvent, { color: c }: Pick<CommandIo, 'color'>): string[] {
  const stamp = c.dim(new Date().toISOString().slice(11, 19));
  const line = (text: string) => `${stamp}  ${text}`;
  switch (event.kind) {
    case 'started':
      return [
        c.bold(`crisis-desk watch: action pages and every incident on ${event.url}, email to ${event.email}`),
        ...event.sources.map((s) => `  source ${s.id}: ${s.schedule} (next ${time(s.next)} UTC)`),
        `  weekly report: ${event.report.schedule} (next ${time(event.report.next)} UTC)`,
        ...(event.resumed.length ? [`  carrying on ${event.resumed.length} escalation(s): ${event.resumed.join(', ')}`] : []),
        c.dim('Ctrl-C stops it; escalations in progress are kept and resumed on the next start.'),
      ];
    case 'fetched': {
      const s = event.summary;
      const what = `fetched ${s.fetched}, stored ${s.stored} new${s.duplicates ? ` (${s.duplicates} seen before)` : ''}${s.unscored ? `, ${s.unscored} unscored` : ''}${s.more ? ', more next run' : ''}`;
      return [line(`${event.sourceId}: ${what}`)];
    }
    case 'fetch-failed':
      return [line(`${event.sourceId}: ${c.red('FAILED')}, cursor unchanged, retried ${time(event.next)}: ${event.error}`)];
    case 'opened':
      return [line(`${c.red(`OPENED ${event.incident.severity}`)} ${event.incident.brand}/${event.incident.theme} (${event.incident.id}): ${event.incident.reason}`)];
    case 'emailed':
      return [line(`${c.cyan('✉')}  ${event.to.join(', ')}: ${event.subject}`)];
    case 'email-failed':
      return [line(`${c.red('email failed')} to ${event.to.join(', ')} (${event.subject}): ${event.error}`)];
    case 'report':
      return [line(`${c.green('weekly report')} ${event.week}: ${relative(process.cwd(), event.html) || event.html} (next ${time(event.next)} UTC)`)];
    case 'report-failed':
      return [line(`${c.red('weekly report failed')}: ${event.error}`)];
    case 'log':
      return [line(event.line)];
    case 'stopped':
      return [c.bold(`stopped${event.running ? `; ${event.running} escalation(s) kept, resumed on the next start` : ''}`)];
  }
}

export const watchSpec: CommandSpec<WatchOptions> = {
  name: 'watch',
  summary: 'run crisis-desk for real on this machine',
  description:
    'Runs every source on its schedule (in the config\'s time zone), stores, scores and detects as the Lambdas do, escalates new Incidents through the synthesized state machine with real timers, serves the action pages, and builds the weekly report on its schedule. State lives in <dir>/db: a restart carries every escalation on where it stood, and nobody is paged twice. Email goes to <dir>/outbox, or through the config\'s smtp: server (credentials from SMTP_USER and SMTP_PASSWORD). Ctrl-C (or SIGTERM) stops it cleanly.',
  options: [CONFIG_OPTION, PORT_OPTION, DIR_OPTION],
  examples: ['crisis-desk watch --config config/acme.yaml', 'SMTP_USER=desk SMTP_PASSWORD=… crisis-desk watch --config config/acme.yaml --port 8788'],
  async run(options, _args, io) {
    const config = loadConfigFile(options.config);
    const watch = await startWatch({
      config,
      dir: options.dir,
      port: options.port,
      onEvent: (event) => describeEvent(event, io).forEach((l) => io.out(l)),
    });
    await watch.runtime.verifyEmail().catch((err: unknown) => io.err(io.color.red(`warning: ${(err as Error).message}; pages will be retried, then escalated`)));
    const why = await untilStopped();
    io.out(io.color.dim(`${why}: stopping the schedules, the pages server and the database...`));
    await watch.stop();
    return 0;
  },
};

export const watchCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(watchSpec, argv, lineIo(out));
