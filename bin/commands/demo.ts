/** `demo` (`npm start`): the simulated brand crisis, with a summary of what it left behind. */
import { relative } from 'node:path';
import { describeCounts, runDemo } from '../../lib/local/demo/run-demo.ts';
import { DIR_OPTION, JSON_OPTION, lineIo, runCommand, type CommandIo, type CommandSpec } from '../command.ts';
import { plainReason } from '../../lambdas/core/plain-reason.ts';
import { themeLabel } from '../../lambdas/core/theme-label.ts';

const minutes = (from?: string, to?: string) =>
  from && to ? `${Math.round((Date.parse(to) - Date.parse(from)) / 60_000)} min` : '—';

interface DemoOptions {
  dir: string;
  json?: boolean;
}

export const demoSpec: CommandSpec<DemoOptions> = {
  name: 'demo',
  summary: 'run the simulated brand crisis',
  description:
    'Replays a generated fortnight of a phone brand on the embedded stack (config/demo.yaml): an ordinary week, then a botched launch. Emails land in <dir>/outbox, the weekly report in <dir>/reports, the tables in <dir>/db.',
  options: [DIR_OPTION, { ...JSON_OPTION, description: 'print the summary as JSON on stdout (the progress goes to stderr)' }],
  examples: ['crisis-desk demo', 'crisis-desk demo --dir /tmp/demo --json'],
  async run(options, _args, io) {
    // With --json, stdout carries only the JSON; the progress is still shown, on stderr.
    const summary = await runDemo({ dir: options.dir, out: options.json ? io.err : io.out });
    if (options.json) {
      io.out(
        JSON.stringify(
          {
            seconds: Number(summary.seconds.toFixed(1)),
            counts: summary.counts,
            incidents: summary.incidents.map((i) => ({
              id: i.id, brand: i.brand, theme: i.theme, severity: i.severity, status: i.status,
              openedAt: i.openedAt, acknowledgedAt: i.acknowledgedAt, resolvedAt: i.resolvedAt, reason: i.reason,
            })),
            emails: summary.emails,
            report: summary.report ?? null,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    printSummary(summary, options.dir, io);
    return 0;
  },
};

function printSummary(summary: Awaited<ReturnType<typeof runDemo>>, dir: string, io: CommandIo): void {
  const { out, color: c } = io;
  out('');
  out(c.bold(`Done in ${summary.seconds.toFixed(1)} s: ${describeCounts(summary.counts)}, ${summary.incidents.length} incident(s), ${summary.emails.length} email(s).`));
  out('');
  for (const i of summary.incidents) {
    const sev = i.severity === 'SEV1' ? c.red(i.severity) : i.severity === 'SEV2' ? c.yellow(i.severity) : i.severity;
    out(`  ${sev}  ${themeLabel(i.theme).padEnd(16)} ${i.status.padEnd(12)} acknowledged after ${minutes(i.openedAt, i.acknowledgedAt).padEnd(8)} resolved after ${minutes(i.openedAt, i.resolvedAt)}`);
    out(c.dim(`        ${plainReason(i.reason)}`));
  }
  out('');
  out(`Emails:  ${relative(process.cwd(), `${dir}/outbox`)}/ (${summary.emails.length} .eml + .html)`);
  if (summary.report) out(`Report:  ${relative(process.cwd(), summary.report.html)}`);
  out('');
  out(`The emails' buttons work once the pages are served: npm run cli -- serve --config config/demo.yaml${dir === '.crisis-desk' ? '' : ` --dir ${dir}`}`);
}

/** The command as a function of its argv (tests, scripts). */
export const demoCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(demoSpec, argv, lineIo(out));
