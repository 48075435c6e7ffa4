/**
 * A local fire drill: opens a marked test Incident (lambdas/core/drill.ts) on the local database
 * and runs its real escalation (the synthesized state machine, real timers, the outbox or the
 * config's SMTP server), serving the action pages so the people paged can acknowledge and
 * resolve it from the email. It ends when the drill is resolved, or when it is stopped, in which
 * case the escalation is kept and `watch` or `serve` carries it on.
 */
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';
import type { Config } from '../../lambdas/core/config.ts';
import { drillIncident, type DrillRequest } from '../../lambdas/core/drill.ts';
import type { Incident, TimelineEvent } from '../../lambdas/core/incident.ts';
import type { Mailer } from '../../lambdas/core/ports.ts';
import { announcingMailer } from './announcing-mailer.ts';
import { startServedRuntime } from './served-runtime.ts';

export type DrillEvent =
  | { kind: 'opened'; incident: Incident; url: string; email: string }
  | { kind: 'emailed'; to: string[]; subject: string }
  | { kind: 'timeline'; event: TimelineEvent }
  | { kind: 'ended'; incident: Incident; resolved: boolean };

export interface LocalDrillOptions {
  config: Config;
  dir: string;
  port: number;
  request: DrillRequest;
  onEvent: (event: DrillEvent) => void;
  /** Stops the drill (Ctrl-C): the escalation is kept for watch or serve. */
  signal: AbortSignal;
  /** @default 1 */
  flowTimeScale?: number;
  /** How often the Incident is read for progress. @default 1 s */
  pollMs?: number;
}

export async function runLocalDrill(options: LocalDrillOptions): Promise<Incident> {
  const { config, onEvent } = options;
  const announce = (inner: Mailer) => announcingMailer(inner, { sent: (email) => onEvent({ kind: 'emailed', to: email.to, subject: email.subject }) });
  const { server, runtime: rt } = await startServedRuntime({
    config,
    dir: options.dir,
    port: options.port,
    flowTimeScale: options.flowTimeScale ?? 1,
    mailer: announce,
    logger: new ConsoleLogger({ quiet: true }),
  });
  try {
    const incident = drillIncident(config, options.request, rt.clock.now());
    await rt.stores.incidents.create(incident);
    onEvent({ kind: 'opened', incident, url: server.url, email: rt.emailTo });
    await rt.ingestDeps.flows.start(incident.id, { incidentId: incident.id });
    let seen = incident.timeline.length;
    let current = incident;
    while (!options.signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollMs ?? 1000);
        options.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      current = (await rt.stores.incidents.get(incident.id)) ?? current;
      for (const event of current.timeline.slice(seen)) onEvent({ kind: 'timeline', event });
      seen = current.timeline.length;
      if (current.status === 'resolved') break;
    }
    // Let the step in progress finish (a page being recorded, a resolved flow closing) before saying where it stands.
    await rt.settleFlows([incident.id], 10_000).catch(() => undefined);
    current = (await rt.stores.incidents.get(incident.id)) ?? current;
    onEvent({ kind: 'ended', incident: current, resolved: current.status === 'resolved' });
    return current;
  } finally {
    await server.close();
    await rt.stop();
  }
}
