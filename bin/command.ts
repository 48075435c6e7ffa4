/**
 * How a CLI command is declared and run. A command is a `CommandSpec`: its name, a one-line
 * summary, its arguments and options (each with its help text), and `run`. `runCommand` parses
 * the argv with commander, so every command gets the same conventions for free:
 *
 *   - `--help` / `-h` prints the command's usage with every option and exits 0;
 *   - an unknown option, a missing argument or a bad value is a usage error: exit 2, with a
 *     "did you mean" for a misspelt option and a pointer to `--help`;
 *   - `run` returns 0 (done) or 1 (failed); a thrown UsageError is exit 2, anything else exit 1.
 *
 * To add a command: write `bin/commands/<name>.ts` exporting a spec, add one line to
 * `bin/commands/index.ts`.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { colorEnabled, colors, plain, type Colors } from './color.ts';
import { UsageError } from './commands/usage.ts';

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Where a command writes. Tests pass their own; the CLI writes lines to stdout and stderr. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** Colour for `out` (off in tests and pipes, see color.ts). */
  color: Colors;
}

export interface OptionSpec {
  /** Commander flags: '--week <date>', '--json', '--no-email', '-p, --port <port>'. */
  flags: string;
  description: string;
  default?: string | boolean | number;
  /** Shown instead of the default value in the help. */
  defaultDescription?: string;
  required?: boolean;
  choices?: readonly string[];
  /** Converts the value; throw InvalidArgumentError (or any Error) for a bad one: a usage error. */
  parse?: (value: string) => unknown;
  /** Not listed in the help (aliases kept for old scripts). */
  hidden?: boolean;
}

export interface ArgumentSpec {
  /** '<file>' (required) or '[file]' (optional). */
  name: string;
  description: string;
}

export interface CommandSpec<O extends object = object> {
  /** The word after `crisis-desk` (a sub-command's own word for subcommands). */
  name: string;
  /** One line; the command table's (bin/commands/index.ts) is shown for top-level commands. */
  summary: string;
  /** More than the summary, shown by --help. */
  description?: string;
  arguments?: ArgumentSpec[];
  options?: OptionSpec[];
  /** Shown under "Examples:" in --help. */
  examples?: string[];
  /** `sources check`, `config check`: the words after the command's own. */
  subcommands?: CommandSpec[];
  run?(options: O, args: string[], io: CommandIo): Promise<number>;
}

/** The options most commands share, so they read the same everywhere. */
export const CONFIG_OPTION: OptionSpec = { flags: '-c, --config <file>', description: 'the config file (YAML or JSON); required, there is no default', required: true };
export const DIR_OPTION: OptionSpec = {
  flags: '--dir <folder>',
  description: 'the working folder: db/ (the local database), outbox/, reports/',
  default: '.crisis-desk',
};
export const JSON_OPTION: OptionSpec = { flags: '--json', description: 'print the result as JSON on stdout (nothing else goes to stdout)' };

/** A value parser for a TCP port (0 picks a free one). */
export function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return port;
}

export const defaultIo = (): CommandIo => ({
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  color: colors(colorEnabled(process.stdout)),
});

/** An io that writes `out` lines to a function (the signature the command functions have always had). */
export const lineIo = (out: (line: string) => void): CommandIo => ({ out, err: (line) => void process.stderr.write(`${line}\n`), color: plain });

/** The commander Command for a spec, with output going to `io`. Exported for the top-level help. */
export function toCommander(spec: CommandSpec, io: CommandIo, prefix = 'crisis-desk'): Command {
  const cmd = new Command(spec.name)
    .description(spec.description ?? spec.summary)
    .summary(spec.summary)
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
      getOutHasColors: () => io.color.enabled,
      getErrHasColors: () => io.color.enabled && colorEnabled(process.stderr),
      outputError: (s, write) => write(io.color.enabled ? colors(true).red(s) : s),
    })
    .configureHelp({
      sortOptions: false,
      showGlobalOptions: false,
      styleTitle: (s) => io.color.bold(s),
      styleCommandText: (s) => io.color.bold(s),
      styleOptionTerm: (s) => io.color.cyan(s),
    })
    .showHelpAfterError(`(see: ${prefix} ${spec.name} --help)`)
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);
  cmd.usage(usageLine(spec));
  for (const a of spec.arguments ?? []) cmd.argument(a.name, a.description);
  for (const o of spec.options ?? []) {
    const option = new Option(o.flags, o.description);
    if (o.default !== undefined) option.default(o.default, o.defaultDescription);
    if (o.required) option.makeOptionMandatory(true);
    if (o.choices) option.choices(o.choices);
    if (o.parse) {
      const parse = o.parse;
      option.argParser((value: string) => {
        try {
          return parse(value);
        } catch (err) {
          throw err instanceof InvalidArgumentError ? err : new InvalidArgumentError((err as Error).message);
        }
      });
    }
    if (o.hidden) option.hideHelp();
    cmd.addOption(option);
  }
  for (const sub of spec.subcommands ?? []) cmd.addCommand(toCommander(sub, io, `${prefix} ${spec.name}`));
  const footer: string[] = [];
  if (spec.examples?.length) footer.push('Examples:', ...spec.examples.map((e) => `  ${e}`));
  if (!spec.subcommands?.length) footer.push('Exit codes: 0 done, 1 failed, 2 usage error.');
  cmd.addHelpText('after', `\n${footer.join('\n')}`);
  return cmd;
}

function usageLine(spec: CommandSpec): string {
  if (spec.subcommands?.length) return '<command> [options]';
  const required = (spec.options ?? []).filter((o) => o.required).map((o) => o.flags.replace(/^-\w, /, ''));
  return [...(spec.arguments ?? []).map((a) => a.name), ...required, '[options]'].join(' ');
}

/**
 * Parses `argv` for `spec` and runs it. Returns the exit code; throws what `run` throws, except
 * that commander's usage errors become UsageError and --help returns 0.
 */
/**
 * commander takes the word after an option needing a value whatever it is, so `--mentions --json`
 * would write a file named "--json": a value that is one of the command's own flags is refused.
 */
function refuseFlagAsValue(c: Command): void {
  const flags = new Set(c.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)));
  for (const o of c.options) {
    const value: unknown = c.getOptionValue(o.attributeName());
    if (typeof value === 'string' && flags.has(value))
      throw new UsageError(`option '${o.flags}' needs a value, but got the option ${value}: put the value right after ${o.long ?? o.short}`);
  }
}

export async function runCommand(spec: CommandSpec, argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  const cmd = toCommander(spec, io);
  // The parent only names the program in the usage line ("Usage: crisis-desk report ...").
  const program = new Command('crisis-desk').exitOverride().addCommand(cmd);
  let result: Promise<number> = Promise.resolve(EXIT.ok);
  const attach = (c: Command, s: CommandSpec) => {
    if (s.run) {
      const run = s.run.bind(s);
      c.action((...params: unknown[]) => {
        // commander passes the positional arguments, then the options, then the command.
        const args = params.slice(0, (s.arguments ?? []).length).filter((a): a is string => typeof a === 'string');
        refuseFlagAsValue(c);
        result = run(c.opts(), args, io);
      });
    } else if (s.subcommands?.length) {
      c.action(() => {
        throw new UsageError(`${s.name} needs a command: ${s.subcommands!.map((x) => x.name).join(', ')}`);
      });
    }
    s.subcommands?.forEach((sub, i) => attach(c.commands[i]!, sub));
  };
  attach(cmd, spec);
  try {
    await program.parseAsync([spec.name, ...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return EXIT.ok;
      throw new UsageError(err.message.replace(/^error: /, ''), { printed: true });
    }
    throw err;
  }
  return result;
}
