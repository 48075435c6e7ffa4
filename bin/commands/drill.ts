/**
 * `drill --config <file> [--severity SEV2] [--brand <id>] [--theme <theme>]`: a fire drill. Opens a
 * clearly marked test Incident and runs the real escalation: locally (lib/local/drill.ts), or with
 * `--aws --state-machine-arn <EscalationStateMachineArn>` in the deployed stack. Drills never count
 * in the KPIs or the PostMortems.
 */
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { checkDrill, drillId, DrillRequestError } from '../../lambdas/core/drill.ts';
import { SEVERITIES, type Severity } from '../../lambdas/core/incident.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { runLocalDrill, type DrillEvent } from '../../lib/local/drill.ts';
import { CONFIG_OPTION, DIR_OPTION, JSON_OPTION, lineIo, runCommand, type CommandIo, type CommandSpec } from '../command.ts';
import { PORT_OPTION } from './serve.ts';
import { untilStopped } from './signals.ts';
import { UsageError } from './usage.ts';

interface DrillOptions {
  config: string;
  severity: Severity;
  brand?: string;
  theme?: string;
  port: number;
  dir: string;
  aws?: boolean;
  stateMachineArn?: string;
  region?: string;
  json?: boolean;
}

/** The execution input the deployed flow takes for a drill (also for `aws stepfunctions start-execution`). */
export const awsDrillInput = (incidentId: string, drill: { brand: string; severity: string; theme: string }) => ({ incidentId, drill });

function describe(event: DrillEvent, { color: c }: Pick<CommandIo, 'color'>): string[] {
  const stamp = c.dim(new Date().toISOString().slice(11, 19));
  switch (event.kind) {
    case 'opened':
      return [
        c.bold(`FIRE DRILL ${event.incident.id}: ${event.incident.severity} for ${event.incident.brand} (theme ${event.incident.theme})`),
        `  pages served on ${event.url}; email to ${event.email}`,
        c.dim('  Acknowledge from the email to prove the page reached you, then resolve it. Ctrl-C leaves it to `watch` or `serve`.'),
      ];
    case 'emailed':
      return [`${stamp}  ${c.cyan('✉')}  ${event.to.join(', ')}: ${event.subject}`];
    case 'timeline':
      return [`${stamp}  ${event.event.type}${event.event.actor && event.event.actor !== 'crisis-desk' ? ` by ${event.event.actor}` : ''}${event.event.level ? ` (level ${event.event.level})` : ''}${event.event.detail ? `: ${event.event.detail}` : ''}`];
    case 'ended': {
      const i = event.incident;
      const minutes = (to?: string) => (to ? `${Math.round((Date.parse(to) - Date.parse(i.openedAt)) / 60_000)} min` : 'not yet');
      return [
        event.resolved ? c.green(`drill resolved: paged ${i.notified.join(', ') || 'nobody'}; acknowledged after ${minutes(i.acknowledgedAt)} by ${i.acknowledgedBy ?? '—'}`) : c.yellow(`drill stopped at level ${i.level}; its escalation is kept in the local database`),
      ];
    }
  }
}

export const drillSpec: CommandSpec<DrillOptions> = {
  name: 'drill',
  summary: 'fire drill: a marked test Incident through the real escalation',
  description:
    'Opens a clearly marked test Incident (drill: true, "FIRE DRILL" in its reason) and runs the real escalation policy for its severity, so a team proves the pages reach the right people. Locally it serves the action pages and follows the drill until someone resolves it (Ctrl-C keeps it for `watch` or `serve`). With --aws it starts the deployed escalation state machine on a drill Incident instead. Drills never count in the weekly report\'s KPIs or PostMortems, and no real Mention attaches to them.',
  options: [
    CONFIG_OPTION,
    { flags: '--severity <sev>', description: 'the severity to drill (its policy is the one exercised)', default: 'SEV2', choices: SEVERITIES },
    { flags: '--brand <id>', description: 'the brand', defaultDescription: 'the first brand in the config' },
    { flags: '--theme <theme>', description: 'the theme (for policies that filter on themes)', defaultDescription: 'other' },
    PORT_OPTION,
    DIR_OPTION,
    { flags: '--aws', description: 'drill the deployed stack: start its escalation state machine (needs AWS credentials)' },
    { flags: '--state-machine-arn <arn>', description: 'with --aws: the EscalationStateMachineArn output of the stack' },
    { flags: '--region <region>', description: 'with --aws: the stack\'s region', defaultDescription: 'AWS_REGION' },
    { ...JSON_OPTION, description: 'print the drill Incident (or, with --aws, the execution) as JSON when it ends' },
  ],
  examples: [
    'crisis-desk drill --config config/acme.yaml --severity SEV1',
    'crisis-desk drill --config config/acme.yaml --aws --state-machine-arn arn:aws:states:eu-west-1:123456789012:stateMachine:Escalation…',
  ],
  async run(options, _args, io) {
    const config = loadConfigFile(options.config);
    let drill: ReturnType<typeof checkDrill>;
    try {
      drill = checkDrill(config, { ...(options.brand && { brand: options.brand }), severity: options.severity, ...(options.theme && { theme: options.theme }) });
    } catch (err) {
      if (err instanceof DrillRequestError) throw new UsageError(err.message);
      throw err;
    }
    if (options.aws) {
      if (!options.stateMachineArn) throw new UsageError('--aws needs --state-machine-arn <EscalationStateMachineArn output of the stack>');
      const id = drillId(drill.brand, new Date());
      const client = new SFNClient(options.region ? { region: options.region } : {});
      const started = await client.send(
        new StartExecutionCommand({ stateMachineArn: options.stateMachineArn, name: id, input: JSON.stringify(awsDrillInput(id, drill)) }),
      );
      if (options.json) io.out(JSON.stringify({ incidentId: id, executionArn: started.executionArn, startDate: started.startDate }, null, 2));
      else {
        io.out(io.color.bold(`FIRE DRILL ${id} started in AWS: ${drill.severity} for ${drill.brand}`));
        io.out(`  execution: ${started.executionArn}`);
        io.out(`  follow it: aws stepfunctions describe-execution --execution-arn ${started.executionArn}`);
        io.out('  The Level 1 Owners are paged now; acknowledge from the email, then resolve it.');
      }
      return 0;
    }
    const stop = new AbortController();
    void untilStopped(stop.signal).then(() => stop.abort());
    const ended = await runLocalDrill({
      config,
      dir: options.dir,
      port: options.port,
      request: drill,
      signal: stop.signal,
      onEvent: (event) => {
        if (!options.json) describe(event, io).forEach((l) => io.out(l));
      },
    });
    stop.abort();
    if (options.json) io.out(JSON.stringify(ended, null, 2));
    return 0;
  },
};

export const drillCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(drillSpec, argv, lineIo(out));
