/**
 * `roles --config <file> [--json]`: who does what, as the config implies it. For each brand,
 * severity and theme, the escalation policy an Incident follows, its levels and the people on
 * them (with quiet hours), everyone's roles, and the gaps. Reads only the file: no database,
 * no network. Exits 1 when an Incident would match no policy (its escalation would fail).
 */
import { loadConfigFile } from '../../lib/config-file.ts';
import { ladderText, quietText, responsibilityMap, rowHeading, type ResponsibilityMap } from '../../lambdas/core/responsibility-map.ts';
import type { Colors } from '../color.ts';
import { CONFIG_OPTION, JSON_OPTION, type CommandSpec } from '../command.ts';

interface RolesOptions {
  config: string;
  json?: boolean;
}

/** The map as lines for a terminal. */
export function rolesLines(map: ResponsibilityMap, file: string, c: Colors): string[] {
  const lines = [c.bold(`Who does what (${file}; quiet hours in each policy's time zone, ${map.timeZone} unless said)`)];
  for (const brandName of [...new Set(map.rows.map((r) => r.brandName))]) {
    lines.push('', c.bold(brandName));
    for (const row of map.rows.filter((r) => r.brandName === brandName)) {
      lines.push(`  ${c.cyan(rowHeading(row))}`);
      const width = Math.max(...row.levels.map((l) => l.people.join(', ').length));
      for (const l of row.levels) {
        const quiet = quietText(l);
        lines.push(`    level ${l.level}  ${l.people.join(', ').padEnd(width)}  ${String(l.timeoutMinutes).padStart(4)} min${quiet ? `  ${quiet}${row.timeZone !== map.timeZone ? ` ${row.timeZone}` : ''}` : ''}`);
      }
      lines.push(`    ${ladderText(row)}`);
    }
  }
  lines.push('', c.bold('People'));
  for (const p of map.people) lines.push(`  ${p.name} <${p.email}>: ${p.roles.length ? p.roles.join(', ') : 'no level'}`);
  lines.push('', c.bold(map.gaps.length ? 'Gaps' : 'Gaps: none found'));
  for (const g of map.gaps) lines.push(`  ${g.severity === 'error' ? c.red('error') : c.yellow('warning')}  ${g.text}`);
  return lines;
}

export const rolesSpec: CommandSpec<RolesOptions> = {
  name: 'roles',
  summary: 'print who does what: brand × severity × theme → policy → levels → people, and the gaps',
  description:
    'Prints the responsibility map the config implies: for every brand, severity and theme, the escalation policy an Incident follows, its levels, the people on them and their quiet hours; everyone\'s roles; and the gaps (an incident no policy takes, themes or brands no policy names, hours when a SEV3 reaches nobody, a person who is every level, an owner on no level). Reads only the config file. Exits 1 when some incident would match no policy.',
  options: [CONFIG_OPTION, { ...JSON_OPTION, description: 'print { file, timeZone, rows, people, gaps } as JSON' }],
  examples: ['crisis-desk roles --config config/acme.yaml', 'crisis-desk roles --config config/acme.yaml --json'],
  async run(options, _args, { out, color }) {
    const map = responsibilityMap(loadConfigFile(options.config));
    if (options.json) out(JSON.stringify({ file: options.config, ...map }, null, 2));
    else for (const line of rolesLines(map, options.config, color)) out(line);
    return map.gaps.some((g) => g.severity === 'error') ? 1 : 0;
  },
};
