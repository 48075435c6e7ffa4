/**
 * The local runtime with its action pages served, for the long-running commands (watch, drill,
 * serve): the server listens first, so a port in use fails before the database is locked, and the
 * links in the emails point where it listens.
 */
import { startLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from './runtime.ts';
import { serveActions, type ActionServer } from './serve.ts';

export async function startServedRuntime(
  options: Omit<LocalRuntimeOptions, 'persist' | 'actionsBaseUrl'> & { port: number },
): Promise<{ server: ActionServer; runtime: LocalRuntime }> {
  const { port, ...rest } = options;
  let runtime: LocalRuntime | undefined;
  const server = await serveActions({ port, handler: (event) => runtime!.pages(event) });
  try {
    runtime = await startLocalRuntime({ ...rest, persist: true, actionsBaseUrl: server.url });
  } catch (err) {
    await server.close();
    throw err;
  }
  return { server, runtime };
}
