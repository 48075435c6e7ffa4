/**
 * The local CLI: `npm run cli -- <command>` from a clone, `crisis-desk <command>` when installed.
 * Every command runs on the embedded stand-ins (DynamoDB, Step Functions, outbox); none needs AWS.
 */
import { ConfigError } from '../lambdas/core/config.ts';
import { UsageError } from './commands/usage.ts';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; run: () => Promise<Command> }> = {
  demo: { summary: 'run the simulated brand crisis (what `npm start` does)', run: async () => (await import('./commands/demo.ts')).demoCommand },
  fetch: { summary: 'fetch --config <file> [--source <id>] [--json]: one fetch cycle against the real sources', run: async () => (await import('./commands/fetch.ts')).fetchCommand },
  sources: { summary: 'sources check --config <file>: which sources, which credentials are missing, a dry run', run: async () => (await import('./commands/sources.ts')).sourcesCommand },
  replay: { summary: 'replay <file.csv|jsonl> --config <file> [--id --text --created-at --author --reach] [--json]: backtest detection', run: async () => (await import('./commands/replay.ts')).replayCommand },
  serve: { summary: 'serve --config <file> [--port 8787]: the acknowledge/resolve/snooze pages on 127.0.0.1', run: async () => (await import('./commands/serve.ts')).serveCommand },
  report: { summary: 'report --config <file> [--week YYYY-MM-DD]: rebuild a weekly report', run: async () => (await import('./commands/report.ts')).reportCliCommand },
  'eval-sentiment': { summary: 'eval-sentiment <file.csv> --text <col> --label <col> --negative <value> [--positive <value>] [--json]', run: async () => (await import('./commands/eval-sentiment.ts')).evalSentimentCommand },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return ['usage: crisis-desk <command> [options]', '', ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.run())(rest);
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${err.message}\n\n${usage()}`);
      return 2;
    } else console.error(`crisis-desk ${name}: ${(err as Error).message}`);
    return 1;
  }
}

// The CLI runs on Node 20 knowingly; the Lambdas run the newest runtime. Set before any SDK module loads.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.exitCode = await main(process.argv.slice(2));
