/**
 * `serve --config <file> [--port 8787] [--dir .crisis-desk]`: the acknowledge / resolve / snooze
 * pages on 127.0.0.1, on the local database, so the links in the outbox emails work.
 */
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../lib/config-file.ts';
import { startLocalRuntime } from '../../lib/local/runtime.ts';
import { serveActions } from '../../lib/local/serve.ts';

export async function serveCommand(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string', default: 'config/example.yaml' },
      port: { type: 'string', default: '8787' },
      dir: { type: 'string', default: '.crisis-desk' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`--port must be a port number, got "${values.port}"`);
  const config = loadConfigFile(values.config);
  const runtime = await startLocalRuntime({ config, dir: values.dir, persist: true, actionsBaseUrl: `http://127.0.0.1:${port}/` });
  const server = await serveActions({ port, handler: runtime.incidentAction });
  out(`crisis-desk: action pages on ${server.url} (Ctrl-C to stop)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await runtime.stop();
  return 0;
}
