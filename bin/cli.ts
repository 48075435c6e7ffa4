/**
 * The local CLI: `npm run cli -- <command>` from a clone, `crisis-desk <command>` when installed.
 * Every command runs on the embedded stand-ins (DynamoDB, Step Functions, outbox); none needs AWS
 * (except `drill --aws`). Exit codes: 0 done, 1 failed, 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../lambdas/core/config-error.ts';
import { closest } from '../lambdas/core/config-issues.ts';
import { defaultIo, EXIT, runCommand, type CommandIo } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { UsageError } from './commands/usage.ts';

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export function usage(io: CommandIo): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const b = io.color.bold;
  return [
    'crisis-desk: watches what people say about a brand, detects Incidents, pages a named Owner, reports every week.',
    '',
    `${b('Usage:')} crisis-desk <command> [options]`,
    '',
    b('Commands:'),
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${io.color.cyan(name.padEnd(width))}  ${c.summary}`),
    '',
    b('Options:'),
    '  -h, --help     this help; `crisis-desk <command> --help` for a command\'s options',
    '  -V, --version  the version',
    '',
    'Commands that read a config need --config <file>: there is no default. Local state lives in',
    '--dir <folder> (default .crisis-desk). --json prints data as JSON on stdout.',
    'Exit codes: 0 done, 1 failed, 2 usage error. Colour only on a terminal, never with NO_COLOR.',
  ].join('\n');
}

export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.out(`crisis-desk ${VERSION} (Node ${process.versions.node})`);
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    (name === undefined ? io.err : io.out)(usage(io));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === 'help') return main([rest[0]!, '--help'], io);
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    const guess = closest(name, Object.keys(COMMANDS));
    io.err(`crisis-desk: unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ''} (see: crisis-desk --help)`);
    return EXIT.usage;
  }
  try {
    return await runCommand({ ...(await entry.load()), summary: entry.summary }, rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      if (!err.printed) io.err(`crisis-desk ${name}: ${err.message}\n(see: crisis-desk ${name} --help)`);
      return EXIT.usage;
    }
    if (err instanceof ConfigError) io.err(err.message);
    else io.err(`crisis-desk ${name}: ${(err as Error).message}`);
    return EXIT.failed;
  }
}

// Only when run as the program, not when a test imports main().
if (process.argv[1] && /bin[\\/](cli\.ts|crisis-desk\.js)$/.test(process.argv[1])) {
  // The CLI runs on Node 20 knowingly; the Lambdas run the newest runtime. Set before any SDK module loads.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.exitCode = await main(process.argv.slice(2));
}
