/**
 * `sources check --config <file> [--source <id>] [--no-dry-run] [--json]`: which sources the config
 * sets up, which credentials are missing (and which environment variable to set), and what one
 * dry run would fetch. A dry run stores nothing and moves no cursor.
 */
import { EnvSecretReader, secretEnvVar } from '../../lambdas/adapters/secrets.ts';
import { checkSources } from '../../lambdas/sources/check.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { CONFIG_OPTION, JSON_OPTION, lineIo, runCommand, type CommandSpec } from '../command.ts';
import { UsageError } from './usage.ts';

interface CheckOptions {
  config: string;
  source?: string;
  dryRun: boolean;
  json?: boolean;
}

export const sourcesCheckSpec: CommandSpec<CheckOptions> = {
  name: 'check',
  summary: 'which sources the config sets up, which credentials are missing, and what a dry run fetches',
  description:
    'Lists each source with its credentials (and the environment variable for each missing one), then dry-runs each complete source once: nothing is stored and no cursor moves. Exits 1 when a credential is missing or a dry run fails.',
  options: [
    CONFIG_OPTION,
    { flags: '--source <id>', description: 'check only this source' },
    { flags: '--no-dry-run', description: 'only list sources and credentials; fetch nothing' },
    JSON_OPTION,
  ],
  examples: ['crisis-desk sources check --config config/acme.yaml', 'crisis-desk sources check --config config/acme.yaml --source acme-x --no-dry-run'],
  async run(options, _args, { out, color: c }) {
    const config = loadConfigFile(options.config);
    if (options.source && !config.sources.some((s) => s.id === options.source))
      throw new UsageError(`no source "${options.source}" in ${options.config}; it has: ${config.sources.map((s) => s.id).join(', ') || 'none'}`);
    const checks = await checkSources(config, new EnvSecretReader(), {
      dryRun: options.dryRun,
      ...(options.source ? { only: options.source } : {}),
      where: secretEnvVar,
    });
    if (options.json) {
      out(JSON.stringify(checks, null, 2));
    } else {
      if (!checks.length) out(`${options.config} sets up no source.`);
      for (const check of checks) {
        out(`${c.bold(check.id)}  (${check.kind}, brand ${check.brand}, ${check.schedule})`);
        for (const cred of check.credentials) {
          const status = cred.present ? c.green('ok     ') : cred.required ? c.red('MISSING') : c.dim('unset  ');
          out(`  ${status}  ${cred.key}${cred.where ? ` (${cred.where})` : ''}: ${cred.description}`);
        }
        if (check.secretError) out(`  ${c.red('secret:')} ${check.secretError}`);
        const d = check.dryRun;
        if (d?.ok) {
          out(`  ${c.green('dry run:')} ${d.mentions} item(s), ${d.aboutBrand} about the brand${d.more ? ', more pages waiting' : ''}${d.durationMs !== undefined ? ` in ${d.durationMs} ms` : ''}`);
          for (const s of d.sample ?? []) out(c.dim(`    ${s.createdAt}  ${s.author}: ${s.text}`));
        } else if (d) out(`  ${c.red('dry run failed:')} ${d.error}`);
      }
    }
    return checks.some((check) => check.missingCredentials.length || check.secretError || (check.dryRun && !check.dryRun.ok)) ? 1 : 0;
  },
};

export const sourcesSpec: CommandSpec = {
  name: 'sources',
  summary: 'check the configured sources',
  subcommands: [sourcesCheckSpec],
};

export const sourcesCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(sourcesSpec, argv, lineIo(out));
