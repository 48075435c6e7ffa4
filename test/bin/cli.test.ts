import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { colorEnabled, colors } from '../../bin/color.ts';
import { main, VERSION } from '../../bin/cli.ts';
import type { CommandIo } from '../../bin/command.ts';
import { COMMANDS } from '../../bin/commands/index.ts';
import { PortInUseError } from '../../lib/local/serve.ts';
import { startLocalRuntime } from '../../lib/local/runtime.ts';
import { parseConfig } from '../../lambdas/core/config.ts';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

const root = resolve(import.meta.dirname, '../..');

function io(color = false): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), color: colors(color) };
}

describe('CLI conventions', () => {
  it('prints the command list on --help (exit 0) and on no command (exit 2, on stderr)', async () => {
    const help = io();
    expect(await main(['--help'], help)).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.stdout.join('\n')).toContain(`  ${name}`);
    expect(help.stdout.join('\n')).toMatch(/Exit codes: 0 done, 1 failed, 2 usage error/);
    const none = io();
    expect(await main([], none)).toBe(2);
    expect(none.stdout).toEqual([]);
    expect(none.stderr.join('\n')).toContain('Usage: crisis-desk <command>');
  });

  it('prints the version', async () => {
    const v = io();
    expect(await main(['--version'], v)).toBe(0);
    expect(v.stdout[0]).toBe(`crisis-desk ${VERSION} (Node ${process.versions.node})`);
  });

  it.each(Object.keys(COMMANDS))('gives %s its own --help, exit 0, listing every option', async (name) => {
    const h = io();
    expect(await main([name, '--help'], h)).toBe(0);
    const text = h.stdout.join('\n');
    expect(text).toMatch(new RegExp(`^Usage: crisis-desk ${name} `));
    expect(text).toContain('-h, --help');
  });

  it('lists the flags the old usage text forgot', async () => {
    const text = async (...argv: string[]) => {
      const h = io();
      await main([...argv, '--help'], h);
      return h.stdout.join('\n');
    };
    expect(await text('report')).toMatch(/--no-email[\s\S]*--dir <folder>[\s\S]*--json/);
    expect(await text('sources', 'check')).toMatch(/--no-dry-run/);
    expect(await text('fetch')).toMatch(/--dir <folder>/);
    expect(await text('demo')).toMatch(/--json/);
  });

  it('requires --config: no silent default', async () => {
    for (const argv of [['report'], ['fetch'], ['serve'], ['sources', 'check'], ['config', 'check']]) {
      const e = io();
      expect(await main(argv, e)).toBe(2);
      expect(e.stderr.join('\n')).toMatch(/required option '-c, --config <file>' not specified/);
    }
  });

  it('exits 2 with a suggestion on an unknown command or option', async () => {
    const cmd = io();
    expect(await main(['repot'], cmd)).toBe(2);
    expect(cmd.stderr.join('\n')).toMatch(/unknown command "repot"; did you mean "report"\?/);
    const opt = io();
    expect(await main(['report', '--config', 'config/demo.yaml', '--jsno'], opt)).toBe(2);
    expect(opt.stderr.join('\n')).toMatch(/unknown option '--jsno'[\s\S]*Did you mean --json\?/);
  });

  it('refuses one of its own flags as the value of an option, instead of writing a file named "--json"', async () => {
    const cmd = io();
    expect(await main(['replay', 'exports/none.csv', '--config', 'config/demo.yaml', '--mentions', '--json'], cmd)).toBe(2);
    expect(cmd.stderr.join('\n')).toMatch(/option '--mentions <file.jsonl>' needs a value, but got the option --json/);
  });

  it('refuses a future week and an unknown source as usage errors', async () => {
    const week = io();
    expect(await main(['report', '--config', 'config/demo.yaml', '--week', '2999-01-04'], week)).toBe(2);
    expect(week.stderr.join('\n')).toMatch(/--week 2999-01-04 is in the future/);
    const source = io();
    expect(await main(['sources', 'check', '--config', 'config/demo.yaml', '--source', 'nope', '--no-dry-run'], source)).toBe(2);
    expect(source.stderr.join('\n')).toMatch(/no source "nope" in config\/demo.yaml; it has: nimbus-x/);
  });

  it('config check: 0 for a valid file, 1 with every named error for an invalid one, JSON on request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'config-check-'));
    const bad = join(dir, 'bad.yaml');
    const example = readFileSync(join(root, 'config/example.yaml'), 'utf8');
    await writeFile(bad, example.replace('retentionDays: 90', 'retentionDay: 30').replace('cron(0 9 ? * MON *)', 'cron(0 9 * * MON)'));
    const ok = io();
    expect(await main(['config', 'check', '--config', 'config/example.yaml'], ok)).toBe(0);
    expect(ok.stdout[0]).toBe('valid: config/example.yaml');
    const ko = io();
    expect(await main(['config', 'check', '--config', bad], ko)).toBe(1);
    expect(ko.stderr.join('\n')).toMatch(/retentionDay: unknown field; did you mean "retentionDays"\?/);
    expect(ko.stderr.join('\n')).toMatch(/report\.schedule: .*Unix cron/);
    const json = io();
    expect(await main(['config', 'check', '--config', bad, '--json'], json)).toBe(1);
    const parsed = JSON.parse(json.stdout.join('\n')) as { valid: boolean; errors: { path: string }[] };
    expect(parsed.valid).toBe(false);
    expect(parsed.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['retentionDay', 'report.schedule']));
    const missing = io();
    expect(await main(['config', 'check', '--config', join(dir, 'nope.yaml')], missing)).toBe(1);
    expect(missing.stderr.join('\n')).toMatch(/cannot read .*nope\.yaml/);
  });

  it('colours only where a person reads it: never with NO_COLOR or into a pipe', () => {
    const tty = { isTTY: true, hasColors: () => true };
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colors(true).red('MISSING')).toBe('\u001b[31mMISSING\u001b[39m');
    expect(colors(false).red('MISSING')).toBe('MISSING');
  });

  it('serve on a port in use says so and exits 1, leaving the database free', async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    const dir = await mkdtemp(join(tmpdir(), 'serve-busy-'));
    try {
      const e = io();
      expect(await main(['serve', '--config', 'config/demo.yaml', '--dir', dir, '--port', String(port)], e)).toBe(1);
      expect(e.stderr.join('\n')).toMatch(new RegExp(`port ${port} on 127.0.0.1 is in use`));
      expect(new PortInUseError('127.0.0.1', port).name).toBe('PortInUseError');
      // Nothing holds the lock: another command can open the database.
      const config = parseConfig(parse(readFileSync(join(root, 'config/demo.yaml'), 'utf8')));
      const runtime = await startLocalRuntime({ config, dir, persist: true });
      await runtime.stop();
    } finally {
      busy.close();
    }
  });

  it('sets the process exit code when run as a program', async () => {
    const run = promisify(execFile);
    const failure = await run(process.execPath, ['--import', 'tsx', 'bin/cli.ts', 'report'], { cwd: root, env: { ...process.env, NO_COLOR: '1' } }).catch((e: { code: number; stderr: string }) => e);
    expect((failure as { code: number }).code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(/required option/);
  }, 90_000);
});
