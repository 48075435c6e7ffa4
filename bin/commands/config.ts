/**
 * `config check --config <file> [--json]`: validates a config file the way `cdk synth` and every
 * command do, with no network and no AWS: unknown fields, missing and invalid values, schedules.
 * Exits 0 when it is valid, 1 on any error.
 */
import { ConfigError } from '../../lambdas/core/config-error.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { CONFIG_OPTION, JSON_OPTION, lineIo, runCommand, type CommandSpec } from '../command.ts';

interface ConfigCheckOptions {
  config: string;
  json?: boolean;
}

export const configCheckSpec: CommandSpec<ConfigCheckOptions> = {
  name: 'check',
  summary: 'validate a config file (no network): exit 0 when valid, 1 on any error',
  options: [CONFIG_OPTION, { ...JSON_OPTION, description: 'print { valid, file, errors: [{ path, message }], summary } as JSON' }],
  examples: ['crisis-desk config check --config config/acme.yaml'],
  async run(options, _args, { out, err, color: c }) {
    try {
      const config = loadConfigFile(options.config);
      const summary = {
        brands: config.brands.map((b) => b.id),
        sources: config.sources.map((s) => ({ id: s.id, kind: s.kind, schedule: s.schedule })),
        owners: config.owners.length,
        escalationPolicies: config.escalationPolicies.map((p) => p.id),
        report: { schedule: config.report.schedule, timeZone: config.timeZone },
        email: config.smtp ? `smtp ${config.smtp.host}` : 'outbox (locally), SES (in AWS)',
      };
      if (options.json) out(JSON.stringify({ valid: true, file: options.config, errors: [], summary }, null, 2));
      else {
        out(`${c.green('valid:')} ${options.config}`);
        out(`  brands: ${summary.brands.join(', ')}`);
        out(`  sources: ${summary.sources.map((s) => `${s.id} (${s.kind}, ${s.schedule})`).join(', ') || 'none'}`);
        out(`  owners: ${summary.owners}; escalation policies: ${summary.escalationPolicies.join(', ')}`);
        out(`  weekly report: ${summary.report.schedule} in ${summary.report.timeZone}`);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (options.json) out(JSON.stringify({ valid: false, file: options.config, errors: error.issues }, null, 2));
      else err(c.enabled ? error.message.replace(/ is invalid:/, ` is ${c.red('invalid')}:`) : error.message);
      return 1;
    }
  },
};

export const configSpec: CommandSpec = { name: 'config', summary: 'check a config file', subcommands: [configCheckSpec] };

export const configCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(configSpec, argv, lineIo(out));
