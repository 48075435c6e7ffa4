/**
 * `serve --config <file> [--port 8787] [--dir .crisis-desk]`: the acknowledge / resolve / snooze
 * pages on 127.0.0.1, on the local database, so the links in the outbox emails work.
 */
import { loadConfigFile } from '../../lib/config-file.ts';
import { startServedRuntime } from '../../lib/local/served-runtime.ts';
import { CONFIG_OPTION, DIR_OPTION, lineIo, portNumber, runCommand, type CommandSpec } from '../command.ts';
import { untilStopped } from './signals.ts';

interface ServeOptions {
  config: string;
  port: number;
  dir: string;
}

export const PORT_OPTION = { flags: '-p, --port <port>', description: 'where the pages listen on 127.0.0.1 (the links in the emails point here)', default: 8787, parse: portNumber };

export const serveSpec: CommandSpec<ServeOptions> = {
  name: 'serve',
  summary: 'serve the acknowledge / resolve / snooze pages and the incident pages on 127.0.0.1',
  description:
    'Serves the action pages and the incident pages on the local database, so the buttons and incident links in the outbox emails work, and lists every Incident at / (to this machine only). Escalations left running by fetch, drill or watch go on while it serves. Ctrl-C stops it.',
  options: [CONFIG_OPTION, PORT_OPTION, DIR_OPTION],
  examples: ['crisis-desk serve --config config/demo.yaml'],
  async run(options, _args, { out }) {
    const config = loadConfigFile(options.config);
    const { server, runtime } = await startServedRuntime({ config, dir: options.dir, port: options.port });
    try {
      out(`crisis-desk: action pages on ${server.url}, every incident listed there (Ctrl-C to stop)`);
      const resumed = await runtime.resumeFlows();
      if (resumed.length) out(`crisis-desk: carrying on ${resumed.length} escalation(s): ${resumed.join(', ')}`);
      await untilStopped();
    } finally {
      await server.close();
      await runtime.stop();
    }
    return 0;
  },
};

export const serveCommand = (argv: string[], out: (line: string) => void = console.log): Promise<number> => runCommand(serveSpec, argv, lineIo(out));
