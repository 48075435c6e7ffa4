/**
 * `sources check --config <file> [--source <id>] [--no-dry-run] [--json]`: which sources the config
 * sets up, which credentials are missing (and which environment variable to set), and what one
 * dry run would fetch. A dry run stores nothing and moves no cursor.
 */
import { parseArgs } from 'node:util';
import { EnvSecretReader, secretEnvVar } from '../../lambdas/adapters/secrets.ts';
import { checkSources } from '../../lambdas/sources/check.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { UsageError } from './usage.ts';

export async function sourcesCommand(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw new UsageError('usage: sources check --config <file> [--source <id>] [--no-dry-run] [--json]');
  const { values } = parseArgs({
    args: rest,
    options: {
      config: { type: 'string', default: 'config/example.yaml' },
      source: { type: 'string' },
      'no-dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const config = loadConfigFile(values.config);
  const checks = await checkSources(config, new EnvSecretReader(), {
    dryRun: !values['no-dry-run'],
    ...(values.source ? { only: values.source } : {}),
    where: secretEnvVar,
  });
  if (values.json) {
    out(JSON.stringify(checks, null, 2));
  } else {
    if (!checks.length) out(`${values.config} sets up no source${values.source ? ` with id "${values.source}"` : ''}.`);
    for (const c of checks) {
      out(`${c.id}  (${c.kind}, brand ${c.brand}, ${c.schedule})`);
      for (const cred of c.credentials) out(`  ${cred.present ? 'ok     ' : cred.required ? 'MISSING' : 'unset  '}  ${cred.key}${cred.where ? ` (${cred.where})` : ''}: ${cred.description}`);
      if (c.secretError) out(`  secret: ${c.secretError}`);
      const d = c.dryRun;
      if (d?.ok) {
        out(`  dry run: ${d.mentions} item(s), ${d.aboutBrand} about the brand${d.more ? ', more pages waiting' : ''}${d.durationMs !== undefined ? ` in ${d.durationMs} ms` : ''}`);
        for (const s of d.sample ?? []) out(`    ${s.createdAt}  ${s.author}: ${s.text}`);
      } else if (d) out(`  dry run failed: ${d.error}`);
    }
  }
  return checks.some((c) => c.missingCredentials.length || c.secretError || (c.dryRun && !c.dryRun.ok)) ? 1 : 0;
}
