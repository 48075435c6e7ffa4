/** `demo` (`npm start`): the simulated brand crisis, with a summary of what it left behind. */
import { parseArgs } from 'node:util';
import { relative } from 'node:path';
import { describeCounts, runDemo } from '../../lib/local/demo/run-demo.ts';

const minutes = (from?: string, to?: string) =>
  from && to ? `${Math.round((Date.parse(to) - Date.parse(from)) / 60_000)} min` : '—';

export async function demoCommand(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { dir: { type: 'string', default: '.crisis-desk' } } });
  const summary = await runDemo({ dir: values.dir, out });
  out('');
  out(`Done in ${summary.seconds.toFixed(1)} s: ${describeCounts(summary.counts)}, ${summary.incidents.length} incident(s), ${summary.emails.length} email(s).`);
  out('');
  for (const i of summary.incidents) {
    out(`  ${i.severity}  ${i.theme.padEnd(16)} ${i.status.padEnd(12)} acknowledged after ${minutes(i.openedAt, i.acknowledgedAt).padEnd(8)} resolved after ${minutes(i.openedAt, i.resolvedAt)}`);
    out(`        ${i.reason}`);
  }
  out('');
  out(`Emails:  ${relative(process.cwd(), `${values.dir}/outbox`)}/ (${summary.emails.length} .eml + .html)`);
  if (summary.report) out(`Report:  ${relative(process.cwd(), summary.report.html)}`);
  out('');
  out(`The emails' buttons work once the pages are served: npm run cli -- serve --config config/demo.yaml${values.dir === '.crisis-desk' ? '' : ` --dir ${values.dir}`}`);
  return 0;
}
